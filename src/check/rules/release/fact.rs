//! What the release walk found, as facts: a finding's kind until its message is written.

use crate::model::releases::{Releases, table};

use super::{Item, object_phrase};

/// What the release table says of one member or value.
#[derive(Debug, Clone, PartialEq)]
pub enum ReleaseFact {
    /// An integer member written as `raw` (`100.0`, `1e2`, `-0`), not as plain digits
    /// (`number-form`).
    NumberForm { raw: String },
    /// An enum code no release sends, in a member the schema types only as an integer
    /// (`server-version`).
    CodeNeverSent {
        e: &'static str,
        code: i64,
        target: Releases,
    },
    /// An item the releases in force do not send; `sent_by` are the releases that do
    /// (`server-version`).
    NotSent {
        item: Item,
        sent_by: Releases,
        target: Releases,
    },
    /// A member no release sends on its kind of object (`--strict` with `--server-version`).
    MemberNeverSent {
        member: String,
        kind: &'static str,
        target: Releases,
    },
}

impl ReleaseFact {
    /// The message, for a finding whose member is called `label` in messages.
    #[must_use]
    pub fn message(&self, label: &str) -> String {
        match self {
            ReleaseFact::NumberForm { raw } => format!(
                "{label}: servers write integers as plain digits, found {raw} (an integer in \
                 another form)"
            ),
            ReleaseFact::CodeNeverSent { e, code, target } => format!(
                "{e} {code} is not sent by any server release (--server-version names {target})"
            ),
            ReleaseFact::NotSent {
                item,
                sent_by,
                target,
            } => format!(
                "{item} {} (--server-version names {target})",
                table().why_not(*sent_by, *target)
            ),
            ReleaseFact::MemberNeverSent {
                member,
                kind,
                target,
            } => format!(
                "`{member}` on {} is not sent by any server release (--strict with \
                 --server-version names {target})",
                object_phrase(kind)
            ),
        }
    }
}
