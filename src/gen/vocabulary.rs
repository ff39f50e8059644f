//! What generated payloads are made of: titles in many scripts, extensions, providers, names,
//! time zones, and the security and access flags entries carry.

use crate::model::{FolderType, WireEnum};

pub(super) const HOST: &str = "https://docspace.example.com";

/// File title stems: scripts, quotes, backslashes, control characters, markup.
pub(super) const FILE_STEMS: &[&str] = &[
    "screenshot",
    "Quarterly report",
    "Отчёт за квартал",
    "年度报告",
    "Präsentation für Kunden",
    "Budget \"2025\" final",
    "C:\\Users\\scan",
    "notes\twith a tab",
    "Launch plan 🚀",
    "Ελληνικά έγγραφα",
    "מסמך בעברית",
    "日本語の資料",
    "café & crème",
    "a/b slashes",
    "<b>bold</b> draft",
    "Ünïcödé ñame",
];

pub(super) const FOLDER_STEMS: &[&str] = &[
    "Folder",
    "Documents",
    "Проекты",
    "共享文件夹",
    "Archive \"old\"",
    "Room ✓",
    "Marketing & Sales",
    "Backups\\2024",
    "𝔐𝔞𝔱𝔥 notes",
];

/// Extension and `fileType` (FileType).
pub(super) const EXTENSIONS: &[(&str, i64)] = &[
    (".docx", 7),
    (".xlsx", 5),
    (".pptx", 6),
    (".pdf", 10),
    (".png", 4),
    (".jpg", 4),
    (".mp4", 2),
    (".mp3", 3),
    (".zip", 1),
    (".txt", 7),
    (".csv", 5),
    (".docxf", 7),
];

pub(super) const PROVIDERS: &[&str] = &[
    "Dropbox",
    "Box",
    "GoogleDrive",
    "OneDrive",
    "WebDav",
    "kDrive",
    "SharePoint",
];

pub(super) const DISPLAY_NAMES: &[&str] = &[
    "Administrator ",
    "Анна Петрова",
    "李雷",
    "José Müller",
    "O&#39;Brien &amp; Co",
    "Zoë \"Z\" Ng",
];

/// Offsets a portal may have: (wire suffix, docs timeZoneOffset, seconds east of UTC).
pub(super) const OFFSETS: &[(&str, &str, i64)] = &[
    ("Z", "00:00:00", 0),
    ("+01:00", "01:00:00", 3600),
    ("+02:00", "02:00:00", 7200),
    ("+05:30", "05:30:00", 19800),
    ("+08:00", "08:00:00", 28800),
    ("+14:00", "14:00:00", 50400),
    ("-03:30", "-03:30:00", -12600),
    ("-05:00", "-05:00:00", -18000),
];

pub(super) const FILE_SECURITY: &[&str] = &[
    "Read",
    "Comment",
    "FillForms",
    "Review",
    "Edit",
    "Delete",
    "CustomFilter",
    "Rename",
    "ReadHistory",
    "Lock",
    "EditHistory",
    "Copy",
    "Move",
    "Duplicate",
    "SubmitToFormGallery",
    "Download",
    "Convert",
    "CreateRoomFrom",
    "CopyLink",
    "Embed",
    "Vectorization",
];

pub(super) const FOLDER_SECURITY: &[&str] = &[
    "Read",
    "Create",
    "Delete",
    "EditRoom",
    "Rename",
    "CopyTo",
    "Copy",
    "MoveTo",
    "Move",
    "Pin",
    "Mute",
    "EditAccess",
    "Duplicate",
    "Download",
    "CopySharedLink",
    "Reconnect",
    "CreateRoomFrom",
    "CopyLink",
    "Embed",
    "ChangeOwner",
    "IndexExport",
];

pub(super) const VIEW_ACCESSIBILITY: &[&str] = &[
    "ImageView",
    "MediaView",
    "WebView",
    "WebEdit",
    "WebReview",
    "WebCustomFilterEditing",
    "WebRestrictedEditing",
    "WebComment",
    "CanConvert",
    "MustConvert",
];

/// The folder types the newest release sends: a payload mixing values of different releases
/// would draw a `release-mix` warning (17, 18 and 24 were removed in v3.0.0).
pub(super) static CURRENT_FOLDER_TYPES: std::sync::LazyLock<Vec<(FolderType, i64, &'static str)>> =
    std::sync::LazyLock::new(|| {
        let table = crate::model::releases::table();
        let newest = table.releases.len() - 1;
        let sent = &table.enums["FolderType"];
        FolderType::VALUES
            .iter()
            .filter(|v| sent.releases_of(v.1).contains(newest))
            .copied()
            .collect()
    });
