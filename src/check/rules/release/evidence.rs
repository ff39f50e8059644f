//! The evidence of which releases could have sent what was walked: the set that sends every item
//! seen, the items that bound it, and how the report words it.

use std::fmt;

use super::{COMPILED, Compiled, object_phrase};
use crate::model::releases::{Releases, table};

/// The releases that send everything an operation (or a whole run) holds, and the items that
/// bound that range, for the report's "consistent with" sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub releases: Releases,
    /// The item first sent most recently: (its first release, what it is).
    pub newest: Option<(usize, Item)>,
    /// The item last sent earliest: (its last release, what it is).
    pub oldest: Option<(usize, Item)>,
}

/// An item of the table an operation holds: a member of an object kind, an enum value, or an
/// enum-named dictionary key. Kept as references into the table (no text is built while
/// walking); its `Display` is how the report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Member `name` on an object of `kind`.
    Member {
        kind: &'static str,
        name: &'static str,
    },
    /// Value `code` of enum `e`.
    EnumValue { e: &'static str, code: i64 },
    /// Key `key` (a name of enum `e`) of the dictionary member `member`.
    EnumKey {
        e: &'static str,
        member: &'static str,
        key: &'static str,
    },
}

/// "`status` on an operation", "FolderType 17 (ReviewRoom)", "`security` key `Read`
/// (FilesSecurityActions)".
impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Item::Member { kind, name } => write!(f, "`{name}` on {}", object_phrase(kind)),
            Item::EnumValue { e, code } => {
                let names = table()
                    .enums
                    .get(e)
                    .map(|spec| spec.names_of(code))
                    .unwrap_or_default();
                if names.is_empty() {
                    write!(f, "{e} {code}")
                } else {
                    write!(f, "{e} {code} ({})", names.join(" / "))
                }
            }
            Item::EnumKey { e, member, key } => write!(f, "`{member}` key `{key}` ({e})"),
        }
    }
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            releases: Releases(COMPILED.all),
            newest: None,
            oldest: None,
        }
    }
}

impl Evidence {
    /// Narrows by an item sent by `releases` (a non-empty set); `compiled` is the walk's table,
    /// passed in rather than read through its `LazyLock` on every item.
    #[inline]
    pub(super) fn note(&mut self, releases: u64, what: Item, compiled: &Compiled) {
        self.releases.0 &= releases;
        // Items every release sends bound nothing: the common case costs one AND and a compare.
        if releases == compiled.all || releases == 0 {
            return;
        }
        let first = releases.trailing_zeros() as usize;
        if first > 0 && self.newest.is_none_or(|n| first > n.0) {
            self.newest = Some((first, what));
        }
        let last = 63 - releases.leading_zeros() as usize;
        if last < compiled.last && self.oldest.is_none_or(|o| last < o.0) {
            self.oldest = Some((last, what));
        }
    }

    /// Combines the evidence of two operations (or runs).
    pub fn merge(&mut self, other: &Evidence) {
        self.releases = self.releases.and(other.releases);
        if let Some(n) = other.newest
            && self.newest.is_none_or(|s| n.0 > s.0)
        {
            self.newest = Some(n);
        }
        if let Some(o) = other.oldest
            && self.oldest.is_none_or(|s| o.0 < s.0)
        {
            self.oldest = Some(o);
        }
    }

    /// The reasons the set is what it is: "`status` on an operation needs v3.7.1+",
    /// "FolderType 17 (ReviewRoom) is last sent by v2.6.3".
    #[must_use]
    pub fn reasons(&self) -> Vec<String> {
        let t = table();
        let mut out = Vec::new();
        if let Some((first, what)) = &self.newest {
            out.push(format!("{what} needs {}+", t.short(*first)));
        }
        if let Some((last, what)) = &self.oldest {
            out.push(format!("{what} is last sent by {}", t.short(*last)));
        }
        out
    }

    /// One sentence for a person: "consistent with v3.7.1-v3.7.2: `status` on an operation needs
    /// v3.7.1+", or "no single release sends all of this: ...".
    #[must_use]
    pub fn sentence(&self) -> String {
        let reasons = self.reasons();
        let why = if reasons.is_empty() {
            String::new()
        } else {
            format!(": {}", reasons.join("; "))
        };
        if self.releases.is_empty() {
            format!("no single server release sends everything these operations hold{why}")
        } else if self.releases == Releases::all() {
            format!("consistent with every server release ({})", self.releases)
        } else {
            format!("consistent with {}{why}", self.releases)
        }
    }
}
