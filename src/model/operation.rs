//! The envelope, its links, and the operation (FileOperationDto).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    Coded, CowStr, FileEntry, FolderEntry, Int32, OperationType, TaskStatus, Uri, present,
};

objects_only!(Link, Envelope, Operation);

/// One of the envelope's `links`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Link<'a> {
    /// URL of the link.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub href: Option<CowStr<'a>>,
    /// The HTTP method.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub action: Option<CowStr<'a>>,
}

/// The wire envelope around the operation list.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Envelope<'a> {
    /// The list of active file operations (the documented 200 body, and the envelope's response).
    #[serde(borrow)]
    pub response: Vec<Operation<'a>>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<Int32>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub total: Option<Int32>,
    /// Links related to the response (absent from 2022 captures).
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Vec<Link<'a>>>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Int32>,
    /// A 32-bit signed integer (format int32 in the docs).
    #[serde(
        rename = "statusCode",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<Int32>,
}

impl Envelope<'_> {
    /// Member names the schema defines for this object.
    pub const MEMBERS: &'static [&'static str] = &[
        "response",
        "count",
        "total",
        "links",
        "status",
        "statusCode",
    ];
}

/// One file operation (FileOperationDto).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Operation<'a> {
    /// The operation id.
    #[serde(borrow)]
    pub id: CowStr<'a>,
    /// The kind of operation (FileOperationType): an integer on the wire, a name per the docs.
    #[serde(rename = "Operation")]
    pub operation: Coded<OperationType>,
    /// A 32-bit signed integer (format int32 in the docs).
    pub progress: Int32,
    /// The error message; omitted or "" when there is none.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<CowStr<'a>>,
    /// How many items were processed, as a string.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub processed: Option<CowStr<'a>>,
    /// Whether the operation has finished.
    pub finished: bool,
    /// Where the archive of a finished Download can be fetched.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<Uri<'a>>,
    /// Full file objects the operation touched (the docs type them as FileEntryBaseDto).
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub files: Option<Vec<FileEntry<'a>>>,
    /// Full folder objects the operation touched (the docs type them as FileEntryBaseDto).
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub folders: Option<Vec<FolderEntry<'a>>>,
    /// The state of the task behind an operation (DistributedTaskStatus, servers from v3.7.1): an integer on the wire, a name per the docs.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Coded<TaskStatus>>,
}

impl Operation<'_> {
    /// Member names the schema defines for this object.
    pub const MEMBERS: &'static [&'static str] = &[
        "id",
        "Operation",
        "progress",
        "error",
        "processed",
        "finished",
        "url",
        "files",
        "folders",
        "status",
    ];
}
