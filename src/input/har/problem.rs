//! What can be wrong with a HAR capture itself (rule `har`), as facts: a finding's kind until its
//! message is written.

use std::fmt;

/// A problem of the HAR log, of one entry, or of one response's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarProblem {
    /// The text is JSON but holds no `log.entries` array.
    NotAHarLog,
    /// An entry of `log.entries` that is not an object.
    EntryNotAnObject,
    /// An entry that gives `member` (`request` or `response`) twice.
    EntryMemberTwice { member: &'static str },
    /// An entry without a `request`.
    EntryWithoutRequest,
    /// An entry whose `request` is not an object with a string `method` and `url`.
    RequestUnreadable,
    /// A fileops request with no `response`.
    NoResponse,
    /// A fileops response with no body; `status` is its HTTP status (a 2xx must carry one).
    NoBody { status: i64 },
    /// The `response` is not a HAR response object: serde_json's words for why.
    NotAResponseObject { error: String },
    /// The `response` holds bytes that are not UTF-8 (in a string serde_json skips unread).
    NotUtf8,
    /// `response.content.text` is not a string.
    TextNotAString,
    /// The text's string literal is malformed: the lexer's words for where and why.
    BadLiteral { message: String },
    /// A base64 text that does not decode: the decoder's words.
    BadBase64 { error: String },
}

impl fmt::Display for HarProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarProblem::NotAHarLog => f.write_str(
                "not a HAR 1.2 log: there is no `log.entries` array (a HAR file is {\"log\": \
                 {\"entries\": [...]}})",
            ),
            HarProblem::EntryNotAnObject => f.write_str("the HAR entry is not an object"),
            HarProblem::EntryMemberTwice { member } => write!(
                f,
                "the HAR entry has `{member}` twice (which one a tool reads is not defined), so \
                 its body was not checked"
            ),
            HarProblem::EntryWithoutRequest => f.write_str(
                "the HAR entry has no `request`, so whether it is a fileops capture cannot be \
                 told",
            ),
            HarProblem::RequestUnreadable => f.write_str(
                "the HAR entry's `request` is not an object with a string `method` and `url`, so \
                 whether it is a fileops capture cannot be told",
            ),
            HarProblem::NoResponse => f.write_str("the fileops request has no response in the HAR"),
            HarProblem::NoBody { status } if (200..300).contains(status) => write!(
                f,
                "the HTTP {status} fileops response has an empty or missing body in the HAR: a \
                 fileops response is a JSON payload (saved without content?)"
            ),
            HarProblem::NoBody { status } => write!(
                f,
                "the HTTP {status} fileops response has no body in the HAR (saved without \
                 content?), so it was not checked"
            ),
            HarProblem::NotAResponseObject { error } => {
                write!(f, "the response is not a HAR response object ({error})")
            }
            HarProblem::NotUtf8 => f.write_str(
                "invalid UTF-8 in the response (JSON text must be UTF-8), so its body was not \
                 checked",
            ),
            HarProblem::TextNotAString => f.write_str("response.content.text is not a string"),
            HarProblem::BadLiteral { message } => f.write_str(message),
            HarProblem::BadBase64 { error } => {
                write!(f, "the base64 body does not decode: {error}")
            }
        }
    }
}
