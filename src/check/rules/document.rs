//! Document-level rules: what only a whole document (its top-level members, its list of
//! operations) shows. The pipeline ([`crate::check::validate`]) collects the facts as the
//! document streams by and asks these once it has them.

use std::collections::HashSet;

use crate::report::{Finding, Hint, Kind, Pointer, Rule};

/// A top-level member named again (`seen`: the names so far, a set: an envelope can hold any
/// number of members).
#[must_use]
pub fn duplicate_member(seen: &HashSet<String>, name: &str) -> Option<Finding> {
    seen.contains(name).then(|| {
        Finding::new(
            Pointer::root().key(name),
            Rule::DuplicateKey,
            Kind::Duplicate {
                member: name.to_owned(),
            },
        )
    })
}

/// An object without `response`: not a fileops response (with a hint at what it is instead,
/// from its top-level member names and the error message of an error response).
#[must_use]
pub fn not_a_response(members: &HashSet<String>, error_message: Option<&str>) -> Finding {
    let has = |n: &str| members.contains(n);
    let hint = if has("error") && (has("statusCode") || has("status")) {
        Hint::ErrorResponse {
            message: error_message.map(str::to_owned),
        }
    } else if has("id") && members.iter().any(|m| m.eq_ignore_ascii_case("operation")) {
        Hint::Operation {
            lowercase: has("operation") && !has("Operation"),
        }
    } else {
        Hint::None
    };
    Finding::new(Pointer::root(), Rule::Required, Kind::NotAResponse { hint })
}

/// `count` that is neither 1 nor the number of operations.
#[must_use]
pub fn count_mismatch(count: i64, operations: usize) -> Option<Finding> {
    (count != 1 && usize::try_from(count).ok() != Some(operations)).then(|| {
        Finding::new(
            Pointer::root().key("count"),
            Rule::CountMismatch,
            Kind::CountMismatch { count, operations },
        )
    })
}

/// A bare list of operations where `--profile wire` wants the envelope.
#[must_use]
pub fn bare_list() -> Finding {
    Finding::new(Pointer::root(), Rule::Profile, Kind::BareList)
}

/// Operation `index` (at `at`) repeats the id of operation `first`.
#[must_use]
pub fn duplicate_id(at: &Pointer, index: usize, id: &str, first: usize) -> Finding {
    Finding::new(
        at.key("id"),
        Rule::DuplicateId,
        Kind::DuplicateId {
            index,
            id: id.to_owned(),
            first,
        },
    )
}
