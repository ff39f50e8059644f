//! The payload's shape as the generators and the mutation catalogue see it: for each kind of
//! object, its members and what each holds.
//!
//! This is a third, deliberately small description of the contract, written from
//! `docs/wire-format.md` and the fixtures rather than derived from the schema or the model, so
//! that a property comparing the two layers is not comparing either with itself.

use crate::model::{FileShare, FolderType, OperationType, TaskStatus, WireEnum};

/// One of the payload's enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumKind {
    Operation,
    TaskStatus,
    FileShare,
    FolderType,
    /// `fileEntryType` of a file (`files[]`): always File, so no `entry-kind` warning fires.
    EntryTypeFile,
    /// `fileEntryType` of a folder (`folders[]`): always Folder.
    EntryTypeFolder,
}

impl EnumKind {
    /// Every (code, name) a generator may pick, aliases included as extra names.
    #[must_use]
    pub fn values(self) -> Vec<(i64, &'static str)> {
        fn all<T: WireEnum>() -> Vec<(i64, &'static str)> {
            let mut v: Vec<(i64, &'static str)> = T::VALUES.iter().map(|v| (v.1, v.2)).collect();
            for (alias, target) in T::ALIASES {
                if let Some(code) = T::VALUES
                    .iter()
                    .find(|v| std::mem::discriminant(&v.0) == std::mem::discriminant(target))
                {
                    v.push((code.1, alias));
                }
            }
            v
        }
        match self {
            EnumKind::Operation => all::<OperationType>(),
            EnumKind::TaskStatus => all::<TaskStatus>(),
            EnumKind::FileShare => all::<FileShare>(),
            EnumKind::FolderType => all::<FolderType>(),
            EnumKind::EntryTypeFile => vec![(2, "File")],
            EnumKind::EntryTypeFolder => vec![(1, "Folder")],
        }
    }

    /// Codes that are integers but no value of the enum.
    #[must_use]
    pub fn bad_codes(self) -> &'static [i64] {
        match self {
            EnumKind::Operation => &[-1, 8, 9, 100],
            EnumKind::TaskStatus => &[-1, 5, 6],
            EnumKind::FileShare => &[-1, 12, 13],
            // 17, 18, 24 and 30-35 are values some release sends (schema/releases.json).
            EnumKind::FolderType => &[-1, 4, 7, 9, 23, 36, 100],
            EnumKind::EntryTypeFile | EnumKind::EntryTypeFolder => &[-1, 0, 3],
        }
    }
}

/// What a member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Any string.
    Str,
    /// A string of decimal digits (`processed`).
    Digits,
    /// An operation id (any string; unique within a document).
    OperationId,
    Bool,
    Int32,
    Int64,
    /// An int32 percentage 0..=100, 100 when finished (`progress`).
    Progress,
    Enum(EnumKind),
    /// An ApiDateTime: wire string or documented object.
    Date,
    /// The documented date object's `utcTime`: an RFC 3339 date-time string.
    UtcTime,
    /// The documented date object's `timeZoneOffset`: a `[-]hh:mm:ss` string.
    TimeSpan,
    /// A GUID string (an employee id).
    Guid,
    /// An absolute URI string (`url`).
    Uri,
    /// An entry id: int32 or non-empty string.
    EntryId,
    /// An object of the given kind.
    Object(Object),
    /// An array of objects of the given kind.
    List(Object),
    /// An array of strings (`tags`).
    Strings,
    /// An object whose member values all have the given kind (`security`: Bool).
    Dict(DictOf),
    /// Any object (`logo`).
    AnyObject,
}

/// Value kinds of dictionaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DictOf {
    Bool,
    Int32,
    Str,
    Strings,
}

impl DictOf {
    /// The member kind of a dictionary value.
    #[must_use]
    pub fn kind(self) -> Kind {
        match self {
            DictOf::Bool => Kind::Bool,
            DictOf::Int32 => Kind::Int32,
            DictOf::Str => Kind::Str,
            DictOf::Strings => Kind::Strings,
        }
    }
}

/// The kinds of object in a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Object {
    Envelope,
    Link,
    Operation,
    File,
    Folder,
    Employee,
    /// The documented date object `{utcTime, timeZoneOffset}`.
    DocsDate,
}

/// One member of an object kind.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn req(name: &'static str, kind: Kind) -> Member {
    Member {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Member {
    Member {
        name,
        kind,
        required: false,
    }
}

const EMPLOYEE_KIND: Kind = Kind::Object(Object::Employee);

/// Members of the wire envelope (`response` first; `count` is set by the generator).
pub const ENVELOPE: &[Member] = &[
    req("response", Kind::List(Object::Operation)),
    opt("count", Kind::Int32),
    opt("total", Kind::Int32),
    opt("links", Kind::List(Object::Link)),
    opt("status", Kind::Int32),
    opt("statusCode", Kind::Int32),
];

pub const LINK: &[Member] = &[opt("href", Kind::Str), opt("action", Kind::Str)];

pub const OPERATION: &[Member] = &[
    req("id", Kind::OperationId),
    req("Operation", Kind::Enum(EnumKind::Operation)),
    req("progress", Kind::Progress),
    opt("error", Kind::Str),
    opt("processed", Kind::Digits),
    req("finished", Kind::Bool),
    opt("url", Kind::Uri),
    opt("files", Kind::List(Object::File)),
    opt("folders", Kind::List(Object::Folder)),
    opt("status", Kind::Enum(EnumKind::TaskStatus)),
];

/// Members files and folders share.
pub const ENTRY_BASE: &[Member] = &[
    opt("id", Kind::EntryId),
    opt("rootFolderId", Kind::EntryId),
    req("title", Kind::Str),
    opt("access", Kind::Enum(EnumKind::FileShare)),
    opt("shared", Kind::Bool),
    opt("sharedForUser", Kind::Bool),
    opt("shortWebUrl", Kind::Str),
    opt("created", Kind::Date),
    opt("createdBy", EMPLOYEE_KIND),
    opt("updated", Kind::Date),
    opt("updatedBy", EMPLOYEE_KIND),
    opt("autoDelete", Kind::Date),
    opt("sharedBy", EMPLOYEE_KIND),
    opt("ownedBy", EMPLOYEE_KIND),
    opt("rootFolderType", Kind::Enum(EnumKind::FolderType)),
    opt("parentRoomType", Kind::Enum(EnumKind::FolderType)),
    opt("providerItem", Kind::Bool),
    opt("providerKey", Kind::Str),
    opt("providerId", Kind::Int32),
    opt("order", Kind::Str),
    opt("isFavorite", Kind::Bool),
    opt("originId", Kind::EntryId),
    opt("originTitle", Kind::Str),
    opt("canShare", Kind::Bool),
    opt("canEdit", Kind::Bool),
    opt("security", Kind::Dict(DictOf::Bool)),
    opt("shareSettings", Kind::Dict(DictOf::Int32)),
    opt("availableShareRights", Kind::Dict(DictOf::Strings)),
    opt("requestToken", Kind::Str),
    opt("expirationDate", Kind::Date),
];

pub const FILE: &[Member] = &[
    opt("fileEntryType", Kind::Enum(EnumKind::EntryTypeFile)),
    opt("folderId", Kind::EntryId),
    opt("version", Kind::Int32),
    opt("versionGroup", Kind::Int32),
    opt("contentLength", Kind::Str),
    opt("pureContentLength", Kind::Int64),
    opt("fileStatus", Kind::Int32),
    opt("editingBy", Kind::Dict(DictOf::Str)),
    opt("mute", Kind::Bool),
    opt("viewUrl", Kind::Str),
    opt("webUrl", Kind::Str),
    opt("thumbnailUrl", Kind::Str),
    opt("thumbnailStatus", Kind::Int32),
    opt("fileType", Kind::Int32),
    opt("fileExst", Kind::Str),
    opt("comment", Kind::Str),
    opt("encrypted", Kind::Bool),
    opt("locked", Kind::Bool),
    opt("isForm", Kind::Bool),
    opt("inProcessFolderId", Kind::Int32),
    opt("viewAccessibility", Kind::Dict(DictOf::Bool)),
    opt("lastOpened", Kind::Date),
    opt("expired", Kind::Date),
];

pub const FOLDER: &[Member] = &[
    opt("fileEntryType", Kind::Enum(EnumKind::EntryTypeFolder)),
    opt("parentId", Kind::EntryId),
    opt("filesCount", Kind::Int32),
    opt("foldersCount", Kind::Int32),
    opt("new", Kind::Int32),
    opt("isShareable", Kind::Bool),
    opt("mute", Kind::Bool),
    opt("tags", Kind::Strings),
    opt("logo", Kind::AnyObject),
    opt("pinned", Kind::Bool),
    opt("private", Kind::Bool),
    opt("roomType", Kind::Int32),
    opt("type", Kind::Enum(EnumKind::FolderType)),
    opt("quotaLimit", Kind::Int64),
    opt("usedSpace", Kind::Int64),
    opt("expired", Kind::Bool),
    opt("originalFormId", Kind::Int32),
];

pub const EMPLOYEE: &[Member] = &[
    req("id", Kind::Guid),
    opt("displayName", Kind::Str),
    opt("avatar", Kind::Str),
    opt("avatarOriginal", Kind::Str),
    opt("avatarMax", Kind::Str),
    opt("avatarMedium", Kind::Str),
    opt("avatarSmall", Kind::Str),
    opt("profileUrl", Kind::Str),
    opt("title", Kind::Str),
    opt("hasAvatar", Kind::Bool),
    opt("isAnonim", Kind::Bool),
];

/// Members of an object kind (files and folders: the shared base first).
#[must_use]
pub fn members(object: Object) -> Vec<Member> {
    match object {
        Object::Envelope => ENVELOPE.to_vec(),
        Object::Link => LINK.to_vec(),
        Object::Operation => OPERATION.to_vec(),
        Object::File => ENTRY_BASE.iter().chain(FILE).copied().collect(),
        Object::Folder => ENTRY_BASE.iter().chain(FOLDER).copied().collect(),
        Object::Employee => EMPLOYEE.to_vec(),
        Object::DocsDate => vec![
            req("utcTime", Kind::UtcTime),
            opt("timeZoneOffset", Kind::TimeSpan),
        ],
    }
}

/// Member names of an object kind that the Rust model keeps (what a typed round trip returns).
#[must_use]
pub fn model_members(object: Object) -> &'static [&'static str] {
    use crate::model::{Employee, Envelope, FileEntry, FolderEntry, Operation};
    match object {
        Object::Envelope => Envelope::MEMBERS,
        Object::Link => &["href", "action"],
        Object::Operation => Operation::MEMBERS,
        Object::File => FileEntry::MEMBERS,
        Object::Folder => FolderEntry::MEMBERS,
        Object::Employee => Employee::MEMBERS,
        Object::DocsDate => &["utcTime", "timeZoneOffset"],
    }
}
