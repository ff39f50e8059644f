//! The table file's records as serde reads them, borrowing its text; `Table::parse` checks and
//! converts them. Members the loader does not use (`$comment`, `source`, each release's
//! `commit`, evidence) are skipped.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

/// Text of the table, borrowed unless it holds escapes.
pub(super) type Str<'a> = Cow<'a, str>;

#[derive(Deserialize)]
pub(super) struct Table<'a> {
    #[serde(borrow)]
    pub releases: Vec<Release<'a>>,
    #[serde(borrow)]
    pub objects: BTreeMap<Str<'a>, Vec<Member<'a>>>,
    #[serde(borrow)]
    pub enums: BTreeMap<Str<'a>, Enum<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Release<'a> {
    #[serde(borrow)]
    pub tag: Str<'a>,
    #[serde(borrow, default)]
    pub date: Option<Str<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Member<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    #[serde(borrow, rename = "type")]
    pub ty: Str<'a>,
    /// Runs of releases, each `[first tag, last tag]`.
    #[serde(borrow, rename = "in")]
    pub runs: Vec<(Str<'a>, Str<'a>)>,
    #[serde(default)]
    pub omitted_when_null: bool,
    #[serde(default)]
    pub omitted_when_default: bool,
}

#[derive(Deserialize)]
pub(super) struct Enum<'a> {
    #[serde(default)]
    pub flags: bool,
    #[serde(borrow)]
    pub values: Vec<EnumValue<'a>>,
}

#[derive(Deserialize)]
pub(super) struct EnumValue<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    pub value: i64,
    #[serde(borrow, rename = "in")]
    pub runs: Vec<(Str<'a>, Str<'a>)>,
}
