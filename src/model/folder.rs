//! A folder in an operation's `folders` (FolderDto): pure data, one field per schema member,
//! hence its length: the schema's `entryBase` + `folderEntry` members, repeated rather than
//! flattened for the reason given in [`super::file`].

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    AnyObject, ApiDateTime, Coded, CowStr, Dict, Employee, EntryId, FileEntryType, FileShare,
    FolderType, Int32, Int64, present,
};

mod members;

objects_only!(FolderEntry);

/// A folder in an operation's `folders` (FolderDto).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct FolderEntry<'a> {
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
        rename = "parentId",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_id: Option<EntryId<'a>>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "filesCount",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub files_count: Option<Int32>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "foldersCount",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub folders_count: Option<Int32>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "new",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub new_count: Option<Int32>,
    /// Whether the folder can be shared.
    #[serde(
        rename = "isShareable",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_shareable: Option<bool>,
    /// Whether notifications about the folder are muted.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub mute: Option<bool>,
    /// The room tags.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub tags: Option<Vec<CowStr<'a>>>,
    /// The room logo (original, large, medium, small, color, cover).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub logo: Option<AnyObject>,
    /// Whether the room is pinned.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub pinned: Option<bool>,
    /// Whether the room is private.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub private: Option<bool>,
    /// Whether the room indexes its content.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub indexing: Option<bool>,
    /// Whether downloads from the room are denied.
    #[serde(
        rename = "denyDownload",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub deny_download: Option<bool>,
    /// The room type (RoomType).
    #[serde(
        rename = "roomType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_type: Option<Int32>,
    /// The room type of the root room (RoomType).
    #[serde(
        rename = "rootRoomType",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub root_room_type: Option<Int32>,
    /// The type of a folder or of an entry's root folder or room (FolderType): an integer on the wire, a name per the docs; 4, 7, 9, 17, 18, 23 and 24 do not exist.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<Coded<FolderType>>,
    /// Whether the folder is inside a room.
    #[serde(
        rename = "inRoom",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_room: Option<bool>,
    /// A 64-bit signed integer (format int64 in the docs).
    #[serde(
        rename = "quotaLimit",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub quota_limit: Option<Int64>,
    /// A 64-bit signed integer (format int64 in the docs).
    #[serde(
        rename = "usedSpace",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub used_space: Option<Int64>,
    /// Whether the room has a custom quota.
    #[serde(
        rename = "isCustomQuota",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_custom_quota: Option<bool>,
    /// Whether the folder is password protected.
    #[serde(
        rename = "passwordProtected",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub password_protected: Option<bool>,
    /// Whether an external link to the folder has expired (deprecated; on files, expired is a date).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub expired: Option<bool>,
    /// Whether form data is saved as XLSX.
    #[serde(
        rename = "saveFormAsXLSX",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub save_form_as_xlsx: Option<bool>,
    /// Whether form data is sent to an external database.
    #[serde(
        rename = "sendFormToExternalDB",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub send_form_to_external_db: Option<bool>,
    /// A folder or form id: an int32 on every release, even for third-party storage.
    #[serde(
        rename = "originalFormId",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_form_id: Option<Int32>,
    /// The room's AI chat settings (servers from v3.6.0); the schema types its members.
    #[serde(
        rename = "chatSettings",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub chat_settings: Option<AnyObject>,
    /// How long the room keeps its files (servers from v3.0.0); the schema types its members.
    #[serde(
        rename = "lifetime",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub lifetime: Option<AnyObject>,
    /// The room watermark (servers from v3.0.0); the schema types its members.
    #[serde(
        rename = "watermark",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub watermark: Option<AnyObject>,
}
