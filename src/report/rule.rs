//! Every rule the validator reports: its id (the `rule` of the JSON report, SARIF's `ruleId`,
//! a baseline's `rule`), default severity, the layers that find it, a sentence of help and where
//! the documentation describes it. The one list SARIF rule metadata, `--help` and docs read.

use std::fmt;

use serde::Serialize;

use crate::report::{Layer, Severity};

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, [$($layer:ident),*], $help:expr;)*) => {
        /// A rule id. Serializes as its id string (`"type"`, `"count-mismatch"`, ...).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $help] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order SARIF lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The id reports use.
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The severity a violation of this rule has unless the options say otherwise
            /// (`number-form` is an error under `--profile wire`, `unknown-member` an error
            /// only under `--strict`).
            #[must_use]
            pub const fn severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// The layers that may find it.
            #[must_use]
            pub const fn layers(self) -> &'static [Layer] {
                match self {
                    $(Rule::$variant => &[$(Layer::$layer),*],)*
                }
            }

            /// One sentence of help (SARIF `shortDescription` and `help`).
            #[must_use]
            pub const fn help(self) -> &'static str {
                match self {
                    $(Rule::$variant => $help,)*
                }
            }
        }
    };
}

rules! {
    Syntax = "syntax", Error, [Syntax],
        "The input is not well-formed JSON, or not a JSON document at all.";
    DuplicateKey = "duplicate-key", Error, [Syntax],
        "An object names the same member twice; parsers disagree on which value wins (the \
         validator, like serde_json and servers, checks the last).";
    ByteOrderMark = "byte-order-mark", Warning, [Syntax],
        "The input starts with a byte-order mark, which JSON texts must not carry.";
    Type = "type", Error, [Schema, Types],
        "A value has the wrong JSON type for its member.";
    Required = "required", Error, [Schema, Types],
        "A member the contract requires is missing.";
    Enum = "enum", Error, [Schema, Types],
        "An enum value is not one of the codes or names the contract lists.";
    Range = "range", Error, [Schema, Types],
        "An integer is outside the bounds of its type (int32, int64).";
    Format = "format", Error, [Schema, Types],
        "A string is not in the required format (date, GUID, URI).";
    Profile = "profile", Error, [Schema, Types],
        "A value is in a form the selected --profile does not allow.";
    UnknownMember = "unknown-member", Error, [Schema, Types],
        "A member the schema does not define (an error with --strict).";
    CaseMismatch = "case-mismatch", Warning, [Rules],
        "A member name differs from a known one only by letter case.";
    ProgressRange = "progress-range", Warning, [Rules],
        "progress is outside 0..=100.";
    FinishedProgress = "finished-progress", Warning, [Rules],
        "A finished operation reports progress other than 100.";
    EntryKind = "entry-kind", Warning, [Rules],
        "An entry in files is a folder (fileEntryType 1), or one in folders is a file (2).";
    DuplicateId = "duplicate-id", Warning, [Rules],
        "Two operations in one response share an id.";
    ProcessedNumber = "processed-number", Warning, [Rules],
        "processed is not a decimal number.";
    UpdatedBeforeCreated = "updated-before-created", Warning, [Rules],
        "An entry's updated date is earlier than its created date.";
    CountMismatch = "count-mismatch", Warning, [Rules],
        "The envelope's count is neither 1 nor the number of operations.";
    ErrorResponse = "error-response", Error, [Schema],
        "A non-2xx fileops response in a HAR capture is not the DocSpace error envelope \
         {\"error\": {\"message\", \"type\", \"stack\", \"hresult\"}, \"status\": 1, \"statusCode\": 4xx/5xx}.";
    ServerVersion = "server-version", Error, [Rules],
        "A member, enum value or dictionary key that the release named by --server-version does \
         not send (first sent by a later release, or last sent by an earlier one).";
    NumberForm = "number-form", Warning, [Rules],
        "An integer member written as 100.0, 1e2 or -0: servers write plain digits (an error \
         under --profile wire, a warning otherwise).";
    Har = "har", Error, [Syntax],
        "A HAR capture is not a HAR 1.2 log, or a fileops entry in it has no usable response body.";
    SequenceProgressRegressed = "sequence-progress-regressed", Error, [Sequence],
        "An operation's progress is lower than an earlier response of the same capture showed.";
    SequenceUnfinished = "sequence-unfinished", Error, [Sequence],
        "An operation reports finished: false after an earlier response showed it finished.";
    SequenceFinalChanged = "sequence-final-changed", Error, [Sequence],
        "A finished operation's progress (other than to 100), error or url changed in a later \
         response.";
    SequenceTypeChanged = "sequence-type-changed", Error, [Sequence],
        "An operation's type (Operation) differs from an earlier response's.";
    SequenceProcessedRegressed = "sequence-processed-regressed", Error, [Sequence],
        "An operation's processed count is lower than an earlier response showed.";
    SequenceVanished = "sequence-vanished", Warning, [Sequence],
        "An operation is no longer listed although no response showed it finished.";
    Schema = "schema", Error, [Schema],
        "A value does not satisfy a keyword of the JSON Schema in force that no more precise \
         rule covers (with --schema: any keyword of that schema, such as minItems or uniqueItems).";
}

/// The page every rule is described on (one `` ### `id` `` heading per rule).
pub const DOCS_PAGE: &str = "docs/rules.md";

impl Rule {
    /// The rule with id `id`, if there is one.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Where the documentation describes it: a path in the repository with an anchor.
    #[must_use]
    pub fn docs(self) -> String {
        format!("{DOCS_PAGE}#{}", self.id())
    }

    /// Whether its violation is located at the member's name rather than its value.
    #[must_use]
    pub fn at_member_name(self) -> bool {
        matches!(
            self,
            Rule::DuplicateKey | Rule::CaseMismatch | Rule::UnknownMember
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<Rule> for &str {
    fn eq(&self, other: &Rule) -> bool {
        *self == other.id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_documented_and_helped() {
        let root = env!("CARGO_MANIFEST_DIR");
        let page = std::fs::read_to_string(format!("{root}/{DOCS_PAGE}")).unwrap();
        let mut seen = std::collections::HashSet::new();
        for &rule in Rule::ALL {
            let id = rule.id();
            assert!(seen.insert(id), "{id} twice");
            assert_eq!(Rule::from_id(id), Some(rule));
            assert!(rule.help().ends_with('.'), "{id}: help {:?}", rule.help());
            assert!(!rule.layers().is_empty(), "{id}: no layer");
            assert!(
                page.lines().any(|l| l == format!("### `{id}`")),
                "{id} has no heading in {DOCS_PAGE}"
            );
            assert_eq!(rule.docs(), format!("{DOCS_PAGE}#{id}"));
            assert_eq!(serde_json::to_value(rule).unwrap(), id);
        }
        // And the page documents no rule the enum lacks.
        for line in page.lines() {
            if let Some(id) = line.strip_prefix("### `").and_then(|l| l.strip_suffix('`')) {
                assert!(
                    Rule::from_id(id).is_some(),
                    "{DOCS_PAGE} documents unknown {id}"
                );
            }
        }
    }
}
