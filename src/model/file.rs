//! A file in an operation's `files` (FileDto): pure data, one field per schema member.
//!
//! The struct repeats the schema's `entryBase` members on purpose (and so does
//! [`super::FolderEntry`]): `#[serde(flatten)]` would buffer every entry into serde's `Content`
//! tree (no zero-copy borrowing, several times slower), and an entry is the hot path.
//! `src/model/contract.rs` holds the fields, `MEMBERS`, and the schema's `entryBase` +
//! `fileEntry` properties to one another.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    AnyObject, ApiDateTime, Coded, CowStr, Dict, Employee, EntryId, FileEntryType, FileShare,
    FolderType, Int32, Int64, present,
};

mod members;

objects_only!(FileEntry);

/// A file in an operation's `files` (FileDto).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct FileEntry<'a> {
    /// A file or folder id: an integer for the portal's own storage, a string for third-party storage.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<EntryId<'a>>,
    /// A file or folder id: an integer for the portal's own storage, a string for third-party storage.
    #[serde(
        rename = "rootFolderId",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub root_folder_id: Option<EntryId<'a>>,
    /// The file or folder title.
    #[serde(borrow)]
    pub title: CowStr<'a>,
    /// The current user's access to an entry (FileShare): an integer on the wire, a name per the docs.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub access: Option<Coded<FileShare>>,
    /// Whether the entry is shared via a link.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared: Option<bool>,
    /// Whether the entry is shared for the user.
    #[serde(
        rename = "sharedForUser",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_for_user: Option<bool>,
    /// Whether the entry is shared via a public external link.
    #[serde(
        rename = "sharedExternal",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_external: Option<bool>,
    /// Whether the parent is shared.
    #[serde(
        rename = "parentShared",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_shared: Option<bool>,
    /// The short web URL; documented as a URI but servers send "" when there is none.
    #[serde(
        rename = "shortWebUrl",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub short_web_url: Option<CowStr<'a>>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<ApiDateTime<'a>>,
    /// A user (EmployeeDto) as in createdBy and updatedBy; omitted on unauthenticated requests.
    #[serde(
        rename = "createdBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_by: Option<Employee<'a>>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<ApiDateTime<'a>>,
    /// A user (EmployeeDto) as in createdBy and updatedBy; omitted on unauthenticated requests.
    #[serde(
        rename = "updatedBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_by: Option<Employee<'a>>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        rename = "autoDelete",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_delete: Option<ApiDateTime<'a>>,
    /// A user (EmployeeDto) as in createdBy and updatedBy; omitted on unauthenticated requests.
    #[serde(
        rename = "sharedBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_by: Option<Employee<'a>>,
    /// A user (EmployeeDto) as in createdBy and updatedBy; omitted on unauthenticated requests.
    #[serde(
        rename = "ownedBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub owned_by: Option<Employee<'a>>,
    /// The type of a folder or of an entry's root folder or room (FolderType): an integer on the wire, a name per the docs; 4, 7, 9, 17, 18, 23 and 24 do not exist.
    #[serde(
        rename = "rootFolderType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub root_folder_type: Option<Coded<FolderType>>,
    /// The type of a folder or of an entry's root folder or room (FolderType): an integer on the wire, a name per the docs; 4, 7, 9, 17, 18, 23 and 24 do not exist.
    #[serde(
        rename = "parentRoomType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_room_type: Option<Coded<FolderType>>,
    /// Whether the entry lives in third-party storage (omitted when false).
    #[serde(
        rename = "providerItem",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_item: Option<bool>,
    /// The third-party storage provider key.
    #[serde(
        rename = "providerKey",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_key: Option<CowStr<'a>>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "providerId",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_id: Option<Int32>,
    /// The order of the entry in an indexed room.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub order: Option<CowStr<'a>>,
    /// Whether the entry is a favorite.
    #[serde(
        rename = "isFavorite",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_favorite: Option<bool>,
    /// Whether an entry is a folder or a file (FileEntryType, servers from v3.0): an integer on the wire, a name per the docs.
    #[serde(
        rename = "fileEntryType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_entry_type: Option<Coded<FileEntryType>>,
    /// A file or folder id: an integer for the portal's own storage, a string for third-party storage.
    #[serde(
        rename = "originId",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_id: Option<EntryId<'a>>,
    /// A file or folder id: an integer for the portal's own storage, a string for third-party storage.
    #[serde(
        rename = "originRoomId",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_room_id: Option<EntryId<'a>>,
    /// The title of the entry's origin (for entries in the trash or archive).
    #[serde(
        rename = "originTitle",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_title: Option<CowStr<'a>>,
    /// The title of the entry's origin room.
    #[serde(
        rename = "originRoomTitle",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub origin_room_title: Option<CowStr<'a>>,
    /// Whether the current user can share the entry.
    #[serde(
        rename = "canShare",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub can_share: Option<bool>,
    /// Whether the current user can edit the entry (2022 servers; not in the current docs).
    #[serde(
        rename = "canEdit",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub can_edit: Option<bool>,
    /// What the current user may do with the entry, keyed by PascalCase action names (Read, Edit, Delete, ...).
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub security: Option<Dict<'a, bool>>,
    /// Sharing settings counts keyed by PascalCase link kind (User, ExternalLink, ...).
    #[serde(
        rename = "shareSettings",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub share_settings: Option<Dict<'a, Int32>>,
    /// The access rights that may be granted, keyed by PascalCase link kind.
    #[serde(
        rename = "availableShareRights",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub available_share_rights: Option<Dict<'a, Vec<CowStr<'a>>>>,
    /// The request token of the entry.
    #[serde(
        rename = "requestToken",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_token: Option<CowStr<'a>>,
    /// Whether the entry is opened via an external link.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub external: Option<bool>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        rename = "expirationDate",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<ApiDateTime<'a>>,
    /// Whether the entry's shared link has expired.
    #[serde(
        rename = "isLinkExpired",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_link_expired: Option<bool>,
    /// A file or folder id: an integer for the portal's own storage, a string for third-party storage.
    #[serde(
        rename = "folderId",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub folder_id: Option<EntryId<'a>>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Int32>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "versionGroup",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version_group: Option<Int32>,
    /// The size for display, like "31.97 KB" (a string, although the docs' example is a number).
    #[serde(
        rename = "contentLength",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub content_length: Option<CowStr<'a>>,
    /// A 64-bit signed integer (format int64 in the docs).
    #[serde(
        rename = "pureContentLength",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub pure_content_length: Option<Int64>,
    /// The file status flags (FileStatus).
    #[serde(
        rename = "fileStatus",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_status: Option<Int32>,
    /// Who is editing the file: user names keyed by user id.
    #[serde(
        rename = "editingBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub editing_by: Option<Dict<'a, CowStr<'a>>>,
    /// Whether notifications about the file are muted.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub mute: Option<bool>,
    /// The URL to view or download the file; documented as a URI but servers may send "".
    #[serde(
        rename = "viewUrl",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub view_url: Option<CowStr<'a>>,
    /// The URL to open the file in the editor; documented as a URI but servers may send "".
    #[serde(
        rename = "webUrl",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub web_url: Option<CowStr<'a>>,
    /// The thumbnail URL; documented as a URI but servers send "" when there is none.
    #[serde(
        rename = "thumbnailUrl",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub thumbnail_url: Option<CowStr<'a>>,
    /// The thumbnail status (Thumbnail).
    #[serde(
        rename = "thumbnailStatus",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub thumbnail_status: Option<Int32>,
    /// The file type (FileType).
    #[serde(
        rename = "fileType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_type: Option<Int32>,
    /// The file extension with its dot.
    #[serde(
        rename = "fileExst",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_exst: Option<CowStr<'a>>,
    /// The comment of the current version.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment: Option<CowStr<'a>>,
    /// Whether the file is encrypted.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub encrypted: Option<bool>,
    /// Whether the file is locked.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locked: Option<bool>,
    /// Who locked the file.
    #[serde(
        rename = "lockedBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub locked_by: Option<CowStr<'a>>,
    /// Whether the form has a draft.
    #[serde(
        rename = "hasDraft",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub has_draft: Option<bool>,
    /// Whether the file is a form.
    #[serde(
        rename = "isForm",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_form: Option<bool>,
    /// Whether the Custom Filter editing mode is on.
    #[serde(
        rename = "customFilterEnabled",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_filter_enabled: Option<bool>,
    /// Who turned the Custom Filter editing mode on.
    #[serde(
        rename = "customFilterEnabledBy",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_filter_enabled_by: Option<CowStr<'a>>,
    /// Whether form filling has started.
    #[serde(
        rename = "startFilling",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_filling: Option<bool>,
    /// Whether form filling is being prepared.
    #[serde(
        rename = "isFillingPreparing",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_filling_preparing: Option<bool>,
    /// A folder or form id: an int32 on every release, even for third-party storage.
    #[serde(
        rename = "inProcessFolderId",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_process_folder_id: Option<Int32>,
    /// The title of the InProcess folder of a form.
    #[serde(
        rename = "inProcessFolderTitle",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_process_folder_title: Option<CowStr<'a>>,
    /// A folder or form id: an int32 on every release, even for third-party storage.
    #[serde(
        rename = "resultsFolderId",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub results_folder_id: Option<Int32>,
    /// The external database table of a form.
    #[serde(
        rename = "externalDbTableName",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub external_db_table_name: Option<CowStr<'a>>,
    /// How the file can be viewed, keyed by PascalCase names (ImageView, WebEdit, ...); servers send keys beyond the documented ones (CoAuhtoring).
    #[serde(
        rename = "viewAccessibility",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub view_accessibility: Option<Dict<'a, bool>>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        rename = "lastOpened",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_opened: Option<ApiDateTime<'a>>,
    /// A date (ApiDateTime): servers write a round-trip string, the docs describe an object {utcTime, timeZoneOffset} that no server sends.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub expired: Option<ApiDateTime<'a>>,
    /// Whether restricted editing is possible (2022 servers; not in the current docs).
    #[serde(
        rename = "canWebRestrictedEditing",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub can_web_restricted_editing: Option<bool>,
    /// Whether the user can fill the form (2022 servers; not in the current docs).
    #[serde(
        rename = "canFillForms",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub can_fill_forms: Option<bool>,
    /// The access rights an external link may grant, keyed by FileShare name (servers v2.5.0-v3.2.1).
    #[serde(
        rename = "availableExternalRights",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub available_external_rights: Option<Dict<'a, bool>>,
    /// Whether downloading the file is denied (servers up to v2.6.3).
    #[serde(
        rename = "denyDownload",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub deny_download: Option<bool>,
    /// Whether sharing the file is denied (servers up to v2.6.3).
    #[serde(
        rename = "denySharing",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub deny_sharing: Option<bool>,
    /// The pixel size of an image, `{height, width}` (servers from v3.6.0); the schema types its members.
    #[serde(
        rename = "dimensions",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub dimensions: Option<AnyObject>,
    /// Where the draft of a form lives, `{folderId, folderTitle, fileId, fileTitle}` (servers from v2.6.0); the schema types its members.
    #[serde(
        rename = "draftLocation",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub draft_location: Option<AnyObject>,
    /// The form filling state (FormFillingStatus, servers from v3.1.0).
    #[serde(
        rename = "formFillingStatus",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub form_filling_status: Option<Int32>,
    /// The AI vectorization state (VectorizationStatus, servers from v3.6.0).
    #[serde(
        rename = "vectorizationStatus",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub vectorization_status: Option<Int32>,
    /// How the file can be viewed, under the misspelled name servers up to v1.1.3 use.
    #[serde(
        rename = "viewAccessability",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub view_accessability: Option<Dict<'a, bool>>,
}
