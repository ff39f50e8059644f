//! A seeded generator of large, realistic fileops payloads, for benchmarks, tests and fuzz seeds.
//!
//! The output is what a DocSpace server sends (wire style: integer enums, date strings, the
//! envelope, nulls omitted, full file and folder entries as in
//! `fixtures/docspace/mock-entries-file-and-folder.json`) or what the docs describe (docs style:
//! enum names and date objects). Titles mix scripts, escapes and `\u` forms; entry ids are
//! integers (the portal's storage) or strings (third-party storage); every enum value occurs.
//!
//! It is deterministic: the same options give the same bytes on every platform (a hand-written
//! SplitMix64, no floating point), and every output validates with no violation in the matching
//! profile (`wire` for wire style, `docs` for docs style).
//!
//! ```
//! use fileops_validator::arb::internals::r#gen::{self, GenOptions};
//!
//! let bytes = r#gen::generate(&GenOptions { operations: 3, seed: 7, ..GenOptions::default() });
//! assert!(bytes.starts_with(br#"{"response":[{"id":""#));
//! assert_eq!(bytes, r#gen::generate(&GenOptions { operations: 3, seed: 7, ..GenOptions::default() }));
//! ```

use std::io::{self, Write};

use crate::model::{FileEntryType, FileShare, FolderType, OperationType, TaskStatus, WireEnum};

/// Which shape the generated payload has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// What servers send: integer enums, date strings (validates in profile `wire`).
    #[default]
    Wire,
    /// What the docs describe: enum names, date objects (validates in profile `docs`).
    Docs,
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    /// Operations in total (over all lines with `ndjson`).
    pub operations: usize,
    /// The seed: equal seeds give equal bytes.
    pub seed: u64,
    pub style: Style,
    /// A bare list of operations instead of the envelope.
    pub bare: bool,
    /// A polling log: one poll per line, each with a few operations; an operation still running
    /// is listed again in the next poll (its progress never lower) until it is shown finished.
    pub ndjson: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            operations: 100,
            seed: 0,
            style: Style::Wire,
            bare: false,
            ndjson: false,
        }
    }
}

/// Writes a payload to `out` (buffer it: writes come one operation at a time).
///
/// # Errors
/// Only when writing fails.
pub fn write<W: Write>(mut out: W, options: &GenOptions) -> io::Result<()> {
    let mut g = Gen::new(options);
    let mut left = options.operations;
    let mut documents = 0;
    // A polling log: the operations still running in the last poll, listed again in the next
    // one (further on, or finished) so none vanishes unfinished.
    let mut running: Vec<Running> = Vec::new();
    loop {
        let (carried, fresh) = if options.ndjson {
            // No operations still makes one document: a poll that found none running.
            if left == 0 && documents > 0 {
                break;
            }
            let carried = std::mem::take(&mut running);
            // Invariant: carried.len() <= left (the finishing below sees to it).
            let fresh = if carried.is_empty() {
                (1 + g.rng.below(4) as usize).min(left)
            } else {
                (g.rng.below(4) as usize).min(left - carried.len())
            };
            (carried, fresh)
        } else {
            (Vec::new(), left)
        };
        let ops = carried.len() + fresh;
        // Operations the next poll can still list: the ones left running must fit in it.
        let room = left - ops;
        g.out.clear();
        g.document_start(options.bare);
        out.write_all(&g.out)?;
        for i in 0..ops {
            g.out.clear();
            if i > 0 {
                g.out.push(b',');
            }
            let force = options.ndjson && running.len() >= room;
            if let Some(r) = g.operation(carried.get(i), force)
                && options.ndjson
            {
                running.push(r);
            }
            out.write_all(&g.out)?;
        }
        g.out.clear();
        g.document_end(options.bare, ops);
        if options.ndjson {
            g.out.push(b'\n');
        }
        out.write_all(&g.out)?;
        left -= ops;
        documents += 1;
        if !options.ndjson {
            break;
        }
    }
    out.flush()
}

/// An operation a polling log lists again in its next poll.
#[derive(Debug)]
struct Running {
    id: String,
    kind: (OperationType, i64, &'static str),
    progress: i64,
    /// Whether it has an (empty) `error` member.
    error: bool,
    /// Whether it has a `status` member.
    status: bool,
}

/// The payload in memory.
#[must_use]
pub fn generate(options: &GenOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    write(&mut bytes, options).expect("writing to memory cannot fail");
    bytes
}

/// SplitMix64: tiny, fast, and the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the multiply-shift bias is far below anything that matters
    /// here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const HOST: &str = "https://docspace.example.com";

/// File title stems: scripts, quotes, backslashes, control characters, markup.
const FILE_STEMS: &[&str] = &[
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

const FOLDER_STEMS: &[&str] = &[
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
const EXTENSIONS: &[(&str, i64)] = &[
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

const PROVIDERS: &[&str] = &[
    "Dropbox",
    "Box",
    "GoogleDrive",
    "OneDrive",
    "WebDav",
    "kDrive",
    "SharePoint",
];

const DISPLAY_NAMES: &[&str] = &[
    "Administrator ",
    "Анна Петрова",
    "李雷",
    "José Müller",
    "O&#39;Brien &amp; Co",
    "Zoë \"Z\" Ng",
];

/// Offsets a portal may have: (wire suffix, docs timeZoneOffset, seconds east of UTC).
const OFFSETS: &[(&str, &str, i64)] = &[
    ("Z", "00:00:00", 0),
    ("+01:00", "01:00:00", 3600),
    ("+02:00", "02:00:00", 7200),
    ("+05:30", "05:30:00", 19800),
    ("+08:00", "08:00:00", 28800),
    ("+14:00", "14:00:00", 50400),
    ("-03:30", "-03:30:00", -12600),
    ("-05:00", "-05:00:00", -18000),
];

const FILE_SECURITY: &[&str] = &[
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

const FOLDER_SECURITY: &[&str] = &[
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

const VIEW_ACCESSIBILITY: &[&str] = &[
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
static CURRENT_FOLDER_TYPES: std::sync::LazyLock<Vec<(FolderType, i64, &'static str)>> =
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

struct Employee {
    id: String,
    name: &'static str,
    avatar: bool,
}

/// A date: local seconds since 0001-01-01T00:00:00 and the portal's offset.
#[derive(Clone, Copy)]
struct Date {
    local: i64,
    offset: usize,
}

/// The writer: appends JSON to `out`, placing commas itself.
struct Gen {
    rng: Rng,
    style: Style,
    out: Vec<u8>,
    /// No comma before the next value (just after `{`, `[` or a member name).
    first: bool,
    employees: Vec<Employee>,
}

impl Gen {
    fn new(options: &GenOptions) -> Self {
        let mut rng = Rng::new(options.seed);
        let employees = DISPLAY_NAMES
            .iter()
            .map(|&name| Employee {
                id: guid(&mut rng),
                name,
                avatar: rng.chance(50),
            })
            .collect();
        Gen {
            rng,
            style: options.style,
            out: Vec::with_capacity(64 * 1024),
            first: true,
            employees,
        }
    }

    fn document_start(&mut self, bare: bool) {
        self.first = true;
        if bare {
            self.open(b'[');
        } else {
            self.open(b'{');
            self.key("response");
            self.open(b'[');
        }
    }

    fn document_end(&mut self, bare: bool, operations: usize) {
        self.close(b']');
        if bare {
            return;
        }
        self.key("count");
        // Current servers report 1 whatever the length; older servers and mocks the length.
        let count = if self.style == Style::Wire {
            1
        } else {
            operations
        };
        self.int(count as i64);
        self.key("links");
        self.open(b'[');
        self.open(b'{');
        self.key("href");
        self.str(&format!("{HOST}/api/2.0/files/fileops"));
        self.key("action");
        self.str("GET");
        self.close(b'}');
        self.close(b']');
        self.key("status");
        self.int(0);
        self.key("statusCode");
        self.int(200);
        self.close(b'}');
    }

    /// One operation: a new one, or `before` one poll later; `finish` makes it finished. What
    /// the next poll must list again when it is still running.
    fn operation(&mut self, before: Option<&Running>, finish: bool) -> Option<Running> {
        self.first = true;
        let kind = match before {
            Some(r) => r.kind,
            None => *self.rng.pick(OperationType::VALUES),
        };
        let finished = self.rng.chance(if before.is_some() { 50 } else { 81 }) || finish;
        let status = if finished {
            match self.rng.below(20) {
                0 => TaskStatus::Failed,
                1 => TaskStatus::Canceled,
                _ => TaskStatus::Completed,
            }
        } else if before.is_none() && self.rng.chance(20) {
            TaskStatus::Created
        } else {
            TaskStatus::Running
        };
        let progress = match before {
            _ if finished => 100,
            // Never lower than the poll before showed.
            Some(r) => r.progress + self.rng.below((100 - r.progress) as u64) as i64,
            None => self.rng.below(100) as i64,
        };
        let (files, folders) = if finished && status == TaskStatus::Completed {
            (self.rng.below(8) as usize, self.rng.below(3) as usize)
        } else {
            (0, 0)
        };
        self.open(b'{');
        self.key("id");
        let id = match before {
            Some(r) => r.id.clone(),
            None => guid(&mut self.rng),
        };
        self.str(&id);
        self.key("Operation");
        self.code(kind);
        self.key("progress");
        self.int(progress);
        let mut error = false;
        if status == TaskStatus::Failed {
            self.key("error");
            let title = self.file_title();
            self.str(&format!("Could not find the file \"{title}\""));
        } else if before.map_or_else(|| self.rng.chance(70), |r| r.error) {
            self.key("error");
            self.str("");
            error = true;
        }
        self.key("processed");
        self.str(&(files + folders).to_string());
        self.key("finished");
        self.bool(finished);
        if kind.0 == OperationType::Download && status == TaskStatus::Completed {
            self.key("url");
            let archive = guid(&mut self.rng);
            self.str(&format!(
                "{HOST}/filehandler.ashx?action=bulk&filename={archive}.zip"
            ));
        }
        let has_status = before.map_or_else(|| self.rng.chance(60), |r| r.status);
        if has_status {
            // Servers from v3.7.1.
            self.key("status");
            let status = *TaskStatus::VALUES
                .iter()
                .find(|v| v.0 == status)
                .expect("every status is listed");
            self.code(status);
        }
        if files > 0 || self.rng.chance(10) {
            self.key("files");
            self.open(b'[');
            for _ in 0..files {
                self.file();
            }
            self.close(b']');
        }
        if folders > 0 || self.rng.chance(10) {
            self.key("folders");
            self.open(b'[');
            for _ in 0..folders {
                self.folder();
            }
            self.close(b']');
        }
        self.close(b'}');
        (!finished).then_some(Running {
            id,
            kind,
            progress,
            error,
            status: has_status,
        })
    }

    fn file(&mut self) {
        let (id, provider) = self.entry_id();
        let (ext, file_type) = *self.rng.pick(EXTENSIONS);
        let size = self.rng.below(50_000_000) as i64;
        self.open(b'{');
        self.key("folderId");
        self.entry_id_value(provider);
        self.key("version");
        let version = 1 + self.rng.below(5) as i64;
        self.int(version);
        self.key("versionGroup");
        self.int(version);
        self.key("contentLength");
        self.str(&content_length(size));
        self.key("pureContentLength");
        self.int(size);
        self.key("fileStatus");
        let status = *self.rng.pick(&[0, 0, 1, 2, 32]);
        self.int(status);
        self.key("mute");
        self.bool(false);
        self.key("viewUrl");
        self.str(&format!(
            "{HOST}/filehandler.ashx?action=download&fileid={id}"
        ));
        self.key("webUrl");
        self.str(&format!("{HOST}/doceditor?fileid={id}&version={version}"));
        self.key("fileType");
        self.int(file_type);
        self.key("fileExst");
        self.str(ext);
        self.key("comment");
        let comment = *self.rng.pick(&["Uploaded", "Created", "Edited", ""]);
        self.str(comment);
        self.key("thumbnailUrl");
        self.str("");
        self.key("thumbnailStatus");
        let thumbnail = self.rng.below(5) as i64;
        self.int(thumbnail);
        self.key("viewAccessibility");
        self.flags(VIEW_ACCESSIBILITY);
        self.key("fileEntryType");
        self.code(FileEntryType::VALUES[1]);
        self.entry_common(&id, provider, Kind::File(ext));
        self.key("shortWebUrl");
        self.str("");
        self.close(b'}');
    }

    fn folder(&mut self) {
        let (id, provider) = self.entry_id();
        let room = self.rng.chance(30);
        self.open(b'{');
        self.key("parentId");
        self.entry_id_value(provider);
        for name in ["filesCount", "foldersCount", "new"] {
            self.key(name);
            let n = self.rng.below(40) as i64;
            self.int(n);
        }
        for name in ["mute", "pinned", "private", "indexing", "denyDownload"] {
            self.key(name);
            let b = self.rng.chance(10);
            self.bool(b);
        }
        if room {
            self.key("roomType");
            // RoomType values the newest release sends (3, 4 and 7 were removed in v3.0.0).
            let t = *self.rng.pick(&[1, 2, 5, 6, 8, 9]);
            self.int(t);
            self.key("tags");
            self.open(b'[');
            for _ in 0..self.rng.below(3) {
                let tag = *self.rng.pick(&["finance", "HR", "совет", "チーム", "2025"]);
                self.str(tag);
            }
            self.close(b']');
            self.key("logo");
            self.open(b'{');
            for size in ["original", "large", "medium", "small"] {
                self.key(size);
                self.str("");
            }
            self.key("color");
            let color = *self.rng.pick(&["6DA2F1", "FF6680", "77CC77"]);
            self.str(color);
            self.close(b'}');
            self.key("type");
            let t = *self.rng.pick(&CURRENT_FOLDER_TYPES);
            self.code(t);
        }
        self.key("fileEntryType");
        self.code(FileEntryType::VALUES[0]);
        self.entry_common(&id, provider, Kind::Folder);
        self.close(b'}');
    }

    /// The members files and folders share, in the order servers write them.
    fn entry_common(&mut self, id: &str, provider: Option<usize>, kind: Kind) {
        self.key("id");
        match provider {
            Some(_) => self.str(id),
            None => self.raw(id),
        }
        self.key("rootFolderId");
        self.entry_id_value(provider);
        self.key("canShare");
        let b = self.rng.chance(60);
        self.bool(b);
        self.key("security");
        self.flags(match kind {
            Kind::File(_) => FILE_SECURITY,
            Kind::Folder => FOLDER_SECURITY,
        });
        self.key("title");
        let title = match kind {
            Kind::File(ext) => format!("{}{ext}", self.file_title()),
            Kind::Folder => {
                let stem = *self.rng.pick(FOLDER_STEMS);
                format!("{stem} {}", self.rng.below(100))
            }
        };
        // Some servers escape every non-ASCII character (System.Text.Json's default encoder).
        if self.rng.chance(25) {
            self.str_ascii(&title);
        } else {
            self.str(&title);
        }
        self.key("access");
        let access = *self.rng.pick(FileShare::VALUES);
        self.code(access);
        self.key("shared");
        let b = self.rng.chance(20);
        self.bool(b);
        if let Some(p) = provider {
            self.key("providerItem");
            self.bool(true);
            self.key("providerKey");
            self.str(PROVIDERS[p]);
            self.key("providerId");
            self.int(300 + p as i64);
        }
        let created = self.date();
        let updated = Date {
            local: created.local + self.rng.below(3 * 365 * 86_400) as i64,
            ..created
        };
        self.key("created");
        self.date_value(created);
        self.key("createdBy");
        self.employee();
        self.key("updated");
        self.date_value(updated);
        self.key("rootFolderType");
        let root = *self.rng.pick(&CURRENT_FOLDER_TYPES);
        self.code(root);
        if self.rng.chance(30) {
            self.key("parentRoomType");
            let t = *self.rng.pick(&CURRENT_FOLDER_TYPES);
            self.code(t);
            self.key("order");
            let order = format!("{}.{}", 1 + self.rng.below(9), 1 + self.rng.below(20));
            self.str(&order);
        }
        self.key("updatedBy");
        self.employee();
        if self.rng.chance(5) {
            // The unset date, as servers write it for an entry that is not in the trash.
            self.key("autoDelete");
            self.date_value(Date {
                local: 0,
                offset: 0,
            });
        }
    }

    fn file_title(&mut self) -> String {
        let stem = *self.rng.pick(FILE_STEMS);
        format!("{stem} {}", self.rng.below(1000))
    }

    /// An entry id: an integer, or a third-party string id with its provider.
    fn entry_id(&mut self) -> (String, Option<usize>) {
        if self.rng.chance(15) {
            let p = self.rng.below(PROVIDERS.len() as u64) as usize;
            let path = self.rng.next_u64();
            let id = format!(
                "{}-{}-{}",
                PROVIDERS[p].to_lowercase(),
                300 + p,
                base64_id(path)
            );
            (id, Some(p))
        } else {
            ((1 + self.rng.below(2_000_000)).to_string(), None)
        }
    }

    /// Another id of the same storage (a parent, a root).
    fn entry_id_value(&mut self, provider: Option<usize>) {
        match provider {
            Some(p) => {
                let path = self.rng.next_u64();
                self.str(&format!(
                    "{}-{}-{}",
                    PROVIDERS[p].to_lowercase(),
                    300 + p,
                    base64_id(path)
                ));
            }
            None => {
                let id = 1 + self.rng.below(100_000) as i64;
                self.int(id);
            }
        }
    }

    fn flags(&mut self, names: &[&str]) {
        self.open(b'{');
        for name in names {
            self.key(name);
            let b = self.rng.chance(70);
            self.bool(b);
        }
        self.close(b'}');
    }

    fn employee(&mut self) {
        let e = self.rng.below(self.employees.len() as u64) as usize;
        let id = self.employees[e].id.clone();
        let name = self.employees[e].name;
        let photo = if self.employees[e].avatar {
            format!("/storage/userPhotos/root/{id}")
        } else {
            "/static/images/default_user_photo".to_owned()
        };
        self.open(b'{');
        self.key("id");
        self.str(&id);
        self.key("displayName");
        self.str(name);
        for (key, size) in [
            ("avatar", "82-82"),
            ("avatarOriginal", "200-200"),
            ("avatarMax", "200-200"),
            ("avatarMedium", "48-48"),
            ("avatarSmall", "32-32"),
        ] {
            self.key(key);
            self.str(&format!("{photo}_size_{size}.png?hash=1976880553"));
        }
        self.key("profileUrl");
        self.str(&format!("{HOST}/accounts/people/filter?email={e}"));
        self.key("hasAvatar");
        let avatar = self.employees[e].avatar;
        self.bool(avatar);
        self.key("isAnonim");
        self.bool(false);
        self.close(b'}');
    }

    /// A creation date between 2019 and 2025, in one of the offsets.
    fn date(&mut self) -> Date {
        const START_2019: i64 = 63_681_897_600; // seconds from 0001-01-01 to 2019-01-01
        Date {
            local: START_2019 + self.rng.below(6 * 365 * 86_400) as i64,
            offset: self.rng.below(OFFSETS.len() as u64) as usize,
        }
    }

    fn date_value(&mut self, date: Date) {
        let (suffix, span, east) = OFFSETS[date.offset];
        match self.style {
            Style::Wire => self.str(&format!("{}.0000000{suffix}", civil(date.local))),
            Style::Docs => {
                let utc = if date.local == 0 {
                    0
                } else {
                    date.local - east
                };
                self.open(b'{');
                self.key("utcTime");
                self.str(&format!("{}.0000000Z", civil(utc)));
                self.key("timeZoneOffset");
                self.str(if date.local == 0 { "00:00:00" } else { span });
                self.close(b'}');
            }
        }
    }

    /// An enum value: its code on the wire, its name in the docs.
    fn code<T: WireEnum>(&mut self, value: (T, i64, &'static str)) {
        match self.style {
            Style::Wire => self.int(value.1),
            Style::Docs => self.str(value.2),
        }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn open(&mut self, bracket: u8) {
        self.sep();
        self.out.push(bracket);
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.first = false;
    }

    fn key(&mut self, name: &str) {
        self.sep();
        push_string(&mut self.out, name, false);
        self.out.push(b':');
        self.first = true;
    }

    fn str(&mut self, s: &str) {
        self.sep();
        push_string(&mut self.out, s, false);
    }

    fn str_ascii(&mut self, s: &str) {
        self.sep();
        push_string(&mut self.out, s, true);
    }

    fn raw(&mut self, s: &str) {
        self.sep();
        self.out.extend_from_slice(s.as_bytes());
    }

    fn int(&mut self, i: i64) {
        self.sep();
        let _ = write!(self.out, "{i}");
    }

    fn bool(&mut self, b: bool) {
        self.sep();
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }
}

#[derive(Clone, Copy)]
enum Kind {
    File(&'static str),
    Folder,
}

/// A JSON string; `ascii` writes every non-ASCII character as `\u` escapes (surrogate pairs
/// beyond the BMP).
fn push_string(out: &mut Vec<u8>, s: &str, ascii: bool) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 || (ascii && !c.is_ascii()) => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out.push(b'"');
}

/// A random GUID (version 4 layout), lowercase as servers write it.
fn guid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// The path part of a third-party id (`LzEyMw` in `dropbox-337-LzEyMw`).
fn base64_id(mut n: u64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut s = String::from("L");
    for _ in 0..8 {
        s.push(DIGITS[(n % 62) as usize] as char);
        n /= 62;
    }
    s
}

/// "31.97 KB": the size as servers show it.
fn content_length(bytes: i64) -> String {
    let (unit, scale) = if bytes < 1024 {
        return format!("{bytes} bytes");
    } else if bytes < 1 << 20 {
        ("KB", 1 << 10)
    } else if bytes < 1 << 30 {
        ("MB", 1 << 20)
    } else {
        ("GB", 1 << 30)
    };
    let hundredths = bytes * 100 / scale;
    format!("{}.{:02} {unit}", hundredths / 100, hundredths % 100)
}

/// `YYYY-MM-DDTHH:MM:SS` of a count of seconds since 0001-01-01T00:00:00.
fn civil(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Day 0 here is 0001-01-01, 719,162 days before 1970-01-01.
    let (year, month, day) = crate::model::dates::civil_from_days(days - 719_162);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_instants() {
        assert_eq!(civil(0), "0001-01-01T00:00:00");
        assert_eq!(civil(63_681_897_600), "2019-01-01T00:00:00");
        assert_eq!(
            civil(63_681_897_600 + 59 * 86_400 + 3661),
            "2019-03-01T01:01:01"
        );
    }

    #[test]
    fn the_sequence_is_fixed() {
        // Pinned: a change here changes every generated payload and benchmark input.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn strings_escape_as_servers_do() {
        let mut out = Vec::new();
        push_string(&mut out, "a\"b\\c\td🚀é", true);
        assert_eq!(out, br#""a\"b\\c\td\uD83D\uDE80\u00E9""#);
    }

    #[test]
    fn sizes_read_like_the_server_shows_them() {
        assert_eq!(content_length(5_253_550), "5.01 MB");
        assert_eq!(content_length(12), "12 bytes");
    }
}

mod release;
pub use release::release_payload;
