//! A user as entries name them (EmployeeDto).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{CowStr, Guid, present};

objects_only!(Employee);

/// A user as entries name them (`createdBy`, `updatedBy`, ...).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Employee<'a> {
    /// The user id.
    #[serde(borrow)]
    pub id: Guid<'a>,
    /// The HTML-encoded display name.
    #[serde(
        rename = "displayName",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<CowStr<'a>>,
    /// The avatar.
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub avatar: Option<CowStr<'a>>,
    /// The original size avatar.
    #[serde(
        rename = "avatarOriginal",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub avatar_original: Option<CowStr<'a>>,
    /// The largest avatar.
    #[serde(
        rename = "avatarMax",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub avatar_max: Option<CowStr<'a>>,
    /// The medium avatar.
    #[serde(
        rename = "avatarMedium",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub avatar_medium: Option<CowStr<'a>>,
    /// The small avatar.
    #[serde(
        rename = "avatarSmall",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub avatar_small: Option<CowStr<'a>>,
    /// The profile URL.
    #[serde(
        rename = "profileUrl",
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub profile_url: Option<CowStr<'a>>,
    /// The job title (documented, not sent by current servers).
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<CowStr<'a>>,
    /// Whether the user has an avatar.
    #[serde(
        rename = "hasAvatar",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub has_avatar: Option<bool>,
    /// Whether the user is anonymous.
    #[serde(
        rename = "isAnonim",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_anonim: Option<bool>,
}

impl Employee<'_> {
    /// Member names the schema defines for this object.
    pub const MEMBERS: &'static [&'static str] = &[
        "id",
        "displayName",
        "avatar",
        "avatarOriginal",
        "avatarMax",
        "avatarMedium",
        "avatarSmall",
        "profileUrl",
        "title",
        "hasAvatar",
        "isAnonim",
    ];
}
