//! The fast path: the bundled schema compiled ahead of time (by build.rs, from
//! `schema/fileops.schema.json`) into one checker per profile that walks an operation's tape
//! once, with no generic evaluator.
//!
//! Its verdict is only ever used to skip work: an operation it calls [`Verdict::clean`] gets no
//! jsonschema run, no duplicate-name walk and no unknown-member walk; any other operation gets
//! the full layered check, so every message, pointer and layer stays as the full check words
//! them. jsonschema is the oracle: `tests/compiled.rs` and the `compiled` fuzz target hold the
//! two verdicts equal wherever this one claims to be exact.

mod rt;

impl Cx {
    fn verdict(&self, valid: bool) -> Verdict {
        Verdict {
            valid,
            unknown: self.unknown,
            inexact: self.inexact,
        }
    }
}

pub use rt::Cx;

use crate::json::tape::TapeValue;
use crate::model::Profile;

include!(concat!(env!("OUT_DIR"), "/compiled_schema.rs"));

/// The compiled checker of one profile.
#[derive(Debug, Clone, Copy)]
pub struct FastChecker {
    operation: fn(TapeValue<'_>, &mut Cx) -> bool,
    member: fn(&str, TapeValue<'_>, &mut Cx) -> bool,
}

/// What the compiled checker says of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Valid against the schema (exactly jsonschema's verdict unless `inexact`).
    pub valid: bool,
    /// Some object holds a member its schema does not define.
    pub unknown: bool,
    /// The verdict may differ from jsonschema's (a repeated member name, a format left to
    /// jsonschema).
    pub inexact: bool,
}

impl Verdict {
    /// Nothing for the schema layer, the duplicate-name rule or the unknown-member rules to
    /// report: the value may skip them.
    #[must_use]
    pub fn clean(&self) -> bool {
        self.valid && !self.unknown && !self.inexact
    }
}

impl FastChecker {
    /// The checker compiled for `profile`.
    #[must_use]
    pub fn new(profile: Profile) -> Self {
        match profile {
            Profile::Any => FastChecker {
                operation: any::operation,
                member: any::member,
            },
            Profile::Wire => FastChecker {
                operation: wire::operation,
                member: wire::member,
            },
            Profile::Docs => FastChecker {
                operation: docs::operation,
                member: docs::member,
            },
        }
    }

    /// Checks one operation against `$defs/operation`.
    pub fn operation(&self, value: TapeValue<'_>, cx: &mut Cx) -> Verdict {
        cx.reset();
        let valid = (self.operation)(value, cx);
        cx.verdict(valid)
    }

    /// Checks the value of envelope member `name` against its property schema. A member the
    /// envelope does not define passes (whether it is known is the rules' business), but a
    /// repeated name inside it makes the verdict inexact, as anywhere.
    pub fn member(&self, name: &str, value: TapeValue<'_>, cx: &mut Cx) -> Verdict {
        cx.reset();
        let valid = (self.member)(name, value, cx);
        cx.verdict(valid)
    }
}
