//! Findings: what a check found, as data (its rule, its kind and the facts of the case), until
//! the one place that knows where it is ([`Finding::into_violation`]) renders its message.
//!
//! No check writes a message another part of the program edits or reads back: the label a
//! message starts with comes from the final pointer, the expected and found values are facts of
//! the finding, and the words are chosen here, once.

use std::borrow::Cow;
use std::fmt;

use crate::json::position::Position;
use crate::report::{Layer, Pointer, Rule, Severity, Violation};

/// One finding of a check, before it is located in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Pointer relative to the value checked (absolute once it reaches the violation builder).
    pub pointer: Pointer,
    pub rule: Rule,
    pub kind: Kind,
}

/// What was found wrong, with the facts to say it.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Malformed text, in the words of the lexer that read it (they describe bytes, not
    /// members, and are composed where the bytes are).
    Syntax { message: String },
    /// A value that is not what the contract says: "expected ..., found ...".
    Mismatch {
        expected: Cow<'static, str>,
        found: Found,
        tail: Tail,
    },
    /// The object at the pointer lacks a required member; `seen` is a member that differs from
    /// it only by case.
    Missing {
        member: String,
        seen: Option<String>,
    },
    /// The member at the pointer appears more than once in its object.
    Duplicate { member: String },
    /// Members of the object at the pointer that the schema does not define.
    Unknown { members: Vec<String> },
    /// The member at the pointer is not defined (`--strict`): one name, pointer at the member.
    UnknownStrict { member: String },
    /// A member name that differs from a known one only by case.
    CaseMismatch { name: String, meant: &'static str },
    /// A whole document that is not a fileops response; `hint` says what it looks like.
    NotAResponse { hint: Hint },
    /// A bare list under `--profile wire`.
    BareList,
    /// `progress` outside 0..=100.
    ProgressRange { progress: i64 },
    /// A finished operation whose progress is not 100.
    FinishedProgress { progress: i64 },
    /// `processed` that is not a decimal number.
    ProcessedNumber { found: String },
    /// An entry in `files` that says it is a folder, or one in `folders` a file.
    EntryInWrongList {
        list: &'static str,
        says_folder: bool,
        code: i64,
    },
    /// An entry updated before it was created.
    UpdatedBeforeCreated,
    /// The envelope's `count` is neither 1 nor the number of operations.
    CountMismatch { count: i64, operations: usize },
    /// An operation repeats the id of an earlier one.
    DuplicateId {
        index: usize,
        id: String,
        first: usize,
    },
    /// A keyword of the schema in force that no rule names, in jsonschema's words.
    Keyword { text: String },
    /// The input starts with a UTF-8 byte-order mark (skipped).
    ByteOrderMark,
    /// A problem of a HAR capture itself (its log, an entry, a response's body).
    Har(crate::input::har::HarProblem),
    /// What the release table says of a member or value (`number-form`, `server-version`).
    Release(crate::check::rules::release::ReleaseFact),
    /// A non-2xx response that is not the DocSpace error envelope (`error-response`).
    ErrorEnvelope(crate::check::rules::error_response::EnvelopeFact),
    /// What the sequence rules found across the documents of a polling log.
    Sequence(crate::check::sequence::Fact),
}

/// What a whole document that is not a fileops response looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    None,
    /// A DocSpace error response, with its message when it has one.
    ErrorResponse {
        message: Option<String>,
    },
    /// A single operation; `lowercase` when it names `operation` where servers send `Operation`.
    Operation {
        lowercase: bool,
    },
}

/// What follows "found X" in a mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    None,
    /// ", which is not one of them" (an enum).
    NotListed,
    /// ", which is out of range" (a bound).
    OutOfRange,
    /// ", which is not one of them (did you mean "Name"?)": a name that differs by case.
    DidYouMean(&'static str),
}

impl fmt::Display for Tail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tail::None => Ok(()),
            Tail::NotListed => f.write_str(", which is not one of them"),
            Tail::OutOfRange => f.write_str(", which is out of range"),
            Tail::DidYouMean(name) => {
                write!(f, ", which is not one of them (did you mean {name:?}?)")
            }
        }
    }
}

/// The value found, as a message names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Null,
    Bool(bool),
    /// An integer, as written in the number's canonical form.
    Integer(String),
    /// A number with a fraction or exponent.
    Number(String),
    String(String),
    EmptyArray,
    Array,
    Object,
    /// A number as the check saw it, without a type word (`found 2147483648, which is out of
    /// range`; enum codes).
    Bare(String),
    /// An enum value given by name.
    Name(String),
    /// A wire date string where the docs' object was expected.
    WireDate(String),
    /// The docs' date object where a wire date string was expected.
    DocsDate,
    /// A value the check cannot show.
    Unknown,
}

impl Found {
    /// The value of a serde_json tree.
    #[must_use]
    pub fn of_json(v: &serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => Found::Null,
            Value::Bool(b) => Found::Bool(*b),
            Value::Number(n) if n.is_f64() => Found::Number(n.to_string()),
            Value::Number(n) => Found::Integer(n.to_string()),
            Value::String(s) => Found::String(s.clone()),
            Value::Array(a) if a.is_empty() => Found::EmptyArray,
            Value::Array(_) => Found::Array,
            Value::Object(_) => Found::Object,
        }
    }

    /// The value at a place on a tape.
    #[must_use]
    pub fn of_tape(v: crate::json::tape::TapeValue<'_>) -> Self {
        use simd_json::StaticNode;
        use simd_json::value::tape::Node;
        match v.node() {
            Node::String(s) => Found::String((*s).to_owned()),
            Node::Array { len: 0, .. } => Found::EmptyArray,
            Node::Array { .. } => Found::Array,
            Node::Object { .. } => Found::Object,
            Node::Static(StaticNode::Null) => Found::Null,
            Node::Static(StaticNode::Bool(b)) => Found::Bool(*b),
            Node::Static(StaticNode::I64(i)) => Found::Integer(i.to_string()),
            Node::Static(StaticNode::U64(u)) => Found::Integer(u.to_string()),
            Node::Static(StaticNode::F64(f)) => serde_json::Number::from_f64(*f)
                .map_or(Found::Null, |n| Found::Number(n.to_string())),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Null => f.write_str("null"),
            Found::Bool(b) => write!(f, "the boolean {b}"),
            Found::Integer(n) => write!(f, "the integer {n}"),
            Found::Number(n) => write!(f, "the number {n}"),
            Found::String(s) => write!(f, "the string {}", quoted(s)),
            Found::EmptyArray => f.write_str("an empty array"),
            Found::Array => f.write_str("an array"),
            Found::Object => f.write_str("an object"),
            Found::Bare(s) => f.write_str(s),
            Found::Name(s) => write!(f, "the name {s:?}"),
            Found::WireDate(s) => write!(f, "the wire date string {}", quoted(s)),
            Found::DocsDate => f.write_str("the documented date object"),
            Found::Unknown => f.write_str("something else"),
        }
    }
}

impl Finding {
    /// A finding of `rule` at `pointer`.
    #[must_use]
    pub fn new(pointer: Pointer, rule: Rule, kind: Kind) -> Self {
        Finding {
            pointer,
            rule,
            kind,
        }
    }

    /// What tells two findings of one rule at one place apart (the missing member's name), so
    /// that layers finding the same thing merge and different things do not.
    #[must_use]
    pub fn detail(&self) -> Cow<'_, str> {
        match &self.kind {
            Kind::Missing { member, .. } | Kind::Duplicate { member } => Cow::Borrowed(member),
            Kind::Unknown { members } => Cow::Owned(members.join(",")),
            Kind::Keyword { text } => Cow::Borrowed(text),
            _ => Cow::Borrowed(""),
        }
    }

    /// The message, for a finding whose pointer is absolute (from the document's root).
    #[must_use]
    pub fn message(&self) -> String {
        let at = &self.pointer;
        let label = || member_label(at);
        match &self.kind {
            Kind::Syntax { message } => message.clone(),
            Kind::Mismatch {
                expected,
                found,
                tail,
            } => {
                format!("{}: expected {expected}, found {found}{tail}", label())
            }
            Kind::Missing { member, seen } => {
                let hint = seen
                    .as_deref()
                    .map(|n| {
                        format!(
                            " (found `{n}`: member names are case-sensitive, and servers send \
                             `{member}`)"
                        )
                    })
                    .unwrap_or_default();
                format!("{}: missing required member `{member}`{hint}", label())
            }
            Kind::Duplicate { member } => {
                if at.tokens().count() == 1 {
                    format!(
                        "document: member `{member}` appears more than once; parsers disagree \
                         on which value wins"
                    )
                } else {
                    format!(
                        "{member}: the member appears more than once in its object; parsers \
                         disagree on which value wins"
                    )
                }
            }
            Kind::Unknown { members } => format!(
                "{}: unknown member{} {}",
                label(),
                if members.len() > 1 { "s" } else { "" },
                members
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Kind::UnknownStrict { member } => format!(
                "{}: unknown member `{member}` (--strict allows only members the schema \
                 defines)",
                member_label(&at.parent())
            ),
            Kind::CaseMismatch { name, meant } => format!(
                "unknown member `{name}`: did you mean `{meant}`? (member names are \
                 case-sensitive, and servers send `{meant}`)"
            ),
            Kind::NotAResponse { hint } => {
                let hint = match hint {
                    Hint::None => String::new(),
                    Hint::ErrorResponse { message } => format!(
                        " (this is a DocSpace error response{}, not a fileops payload)",
                        message
                            .as_deref()
                            .map(|m| format!(": {}", shorten(m)))
                            .unwrap_or_default()
                    ),
                    Hint::Operation { lowercase } => format!(
                        " (this object looks like a single operation, but the endpoint returns \
                         a list of operations{})",
                        if *lowercase {
                            "; it also names `operation` where servers send `Operation`"
                        } else {
                            ""
                        }
                    ),
                };
                format!(
                    "{}: missing required member `response`: a fileops response is the \
                     envelope {{\"response\": [...], \"count\": ...}} or a list of \
                     operations{hint}",
                    label()
                )
            }
            Kind::BareList => format!(
                "{}: expected the envelope {{\"response\": [...], \"count\": ...}} (profile \
                 wire: servers wrap the list of operations in it), found a bare list",
                label()
            ),
            Kind::ProgressRange { progress } => format!(
                "{}: {progress} is outside 0..=100, the percentage servers report",
                label()
            ),
            Kind::FinishedProgress { progress } => format!(
                "{}: the operation is finished but reports progress {progress}, not 100",
                label()
            ),
            Kind::ProcessedNumber { found } => format!(
                "{}: expected a decimal number in a string like \"1\", found {found:?}",
                label()
            ),
            Kind::EntryInWrongList {
                list,
                says_folder,
                code,
            } => format!(
                "{}: an entry in `{list}` says it is a {} ({code})",
                label(),
                if *says_folder { "folder" } else { "file" }
            ),
            Kind::UpdatedBeforeCreated => format!(
                "{}: the entry was updated before it was created (servers clamp updated to at \
                 least created)",
                label()
            ),
            Kind::CountMismatch { count, operations } => format!(
                "{}: {count} is neither 1 (what current servers report) nor the number of \
                 operations ({operations})",
                label()
            ),
            Kind::DuplicateId { index, id, first } => format!(
                "{}: operation {index} repeats the id {id:?} of operation {first}",
                label()
            ),
            Kind::Keyword { text } => format!("{}: {text}", label()),
            Kind::ByteOrderMark => "the input starts with a UTF-8 byte-order mark, which JSON \
                                    texts must not carry (RFC 8259 §8.1); it was skipped"
                .to_owned(),
            Kind::Har(problem) => problem.to_string(),
            Kind::Release(fact) => fact.message(&label()),
            Kind::ErrorEnvelope(fact) => fact.message(&label()),
            Kind::Sequence(fact) => fact.to_string(),
        }
    }

    /// The violation this finding is, once located: the one place findings become violations
    /// and messages are written. The pointer must be absolute by now.
    #[must_use]
    pub fn into_violation(
        self,
        input: &str,
        document: usize,
        at: Position,
        layers: Vec<Layer>,
        severity: Severity,
    ) -> Violation {
        let message = self.message();
        Violation {
            input: input.to_owned(),
            document,
            pointer: self.pointer.as_str().to_owned(),
            line: at.line,
            column: at.column,
            offset: at.offset,
            rule: self.rule,
            layers,
            severity,
            message,
            snippet: None,
        }
    }
}

/// How a member is named in messages: its own name, or `operation N` / `files[N]` for elements;
/// `document` for the root.
#[must_use]
pub fn member_label(pointer: &Pointer) -> String {
    let tokens: Vec<_> = pointer.tokens().collect();
    let index = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match tokens.as_slice() {
        [] => "document".to_owned(),
        [only] if index(only) => format!("operation {only}"),
        [list, i] if list == "response" && index(i) => format!("operation {i}"),
        [.., parent, last] if index(last) => format!("{parent}[{last}]"),
        [.., last] if index(last) => format!("[{last}]"),
        [.., last] => last.clone().into_owned(),
    }
}

/// A string in quotes for a message, cut short when long.
#[must_use]
pub fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return format!("{s:?}");
    }
    let head: String = s.chars().take(MAX).collect();
    format!("{head:?}…")
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s.to_owned()
    }
}
