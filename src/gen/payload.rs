//! The payload itself: operations (new, or carried from the previous poll), their file and
//! folder entries with every member a current server sends, employees and dates, in the wire
//! or the docs style.

use super::vocabulary::*;
use super::writer::*;
use super::{Running, Style};
use crate::model::{FileEntryType, FileShare, OperationType, TaskStatus, WireEnum};

impl Gen {
    /// One operation: a new one, or `before` one poll later; `finish` makes it finished. What
    /// the next poll must list again when it is still running.
    pub(super) fn operation(&mut self, before: Option<&Running>, finish: bool) -> Option<Running> {
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

    pub(super) fn file(&mut self) {
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

    pub(super) fn folder(&mut self) {
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
    pub(super) fn entry_common(&mut self, id: &str, provider: Option<usize>, kind: Kind) {
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

    pub(super) fn file_title(&mut self) -> String {
        let stem = *self.rng.pick(FILE_STEMS);
        format!("{stem} {}", self.rng.below(1000))
    }

    /// An entry id: an integer, or a third-party string id with its provider.
    pub(super) fn entry_id(&mut self) -> (String, Option<usize>) {
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
    pub(super) fn entry_id_value(&mut self, provider: Option<usize>) {
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

    pub(super) fn flags(&mut self, names: &[&str]) {
        self.open(b'{');
        for name in names {
            self.key(name);
            let b = self.rng.chance(70);
            self.bool(b);
        }
        self.close(b'}');
    }

    pub(super) fn employee(&mut self) {
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
    pub(super) fn date(&mut self) -> Date {
        const START_2019: i64 = 63_681_897_600; // seconds from 0001-01-01 to 2019-01-01
        Date {
            local: START_2019 + self.rng.below(6 * 365 * 86_400) as i64,
            offset: self.rng.below(OFFSETS.len() as u64) as usize,
        }
    }

    pub(super) fn date_value(&mut self, date: Date) {
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
}
