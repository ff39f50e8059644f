//! What the framer hands out: the events, and how a pending event becomes one.

use std::borrow::Cow;
use std::io::Read;

use super::{Framer, LOOKBACK, Pending};
use crate::json::lex::decode_name;
use crate::json::position::Position;
use crate::report::snippet::Snippet;

/// The outermost shape of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// An object: the wire envelope `{"response": [...], "count": ..., ...}` (or not quite).
    Object,
    /// A bare list of operations.
    List,
    /// Anything else (a string, a number, `null`...): handed on whole.
    Other,
}

/// One framing step. Byte slices borrow the framer's buffer until the next call.
#[derive(Debug)]
pub enum Event<'a> {
    /// A document begins at `at`.
    DocumentStart {
        document: usize,
        kind: DocumentKind,
        at: Position,
    },
    /// A member of a top-level object other than a `response` list (or `response` itself when
    /// it is not a list).
    Member {
        document: usize,
        name: Cow<'a, str>,
        name_at: Position,
        bytes: &'a [u8],
        at: Position,
    },
    /// The `response` member of a top-level object opens its operation list at `at`.
    ResponseStart {
        document: usize,
        name_at: Position,
        at: Position,
    },
    /// One element of the operation list (`/response/N` or `/N`).
    Operation {
        document: usize,
        index: usize,
        bytes: &'a [u8],
        at: Position,
    },
    /// A whole document of kind [`DocumentKind::Other`].
    Value {
        document: usize,
        bytes: &'a [u8],
        at: Position,
    },
    /// The document ends; `complete` is false when a syntax error cut it short.
    DocumentEnd {
        document: usize,
        operations: usize,
        complete: bool,
    },
    /// The input is not well-formed JSON at `at`.
    Syntax {
        document: usize,
        message: String,
        at: Position,
        /// The input line around `at`.
        snippet: Snippet,
    },
    /// A byte-order mark opens the input: tolerated, but JSON texts must not carry one.
    ByteOrderMark,
}

impl<R: Read> Framer<R> {
    pub(super) fn make(&mut self, pending: Pending) -> Event<'_> {
        let document = self.document;
        match pending {
            Pending::ByteOrderMark => Event::ByteOrderMark,
            Pending::DocumentStart { kind, at } => Event::DocumentStart {
                document,
                kind,
                at: self.position_of(at),
            },
            Pending::Member { start, end } => {
                let at = self.position_of(start);
                let (ns, ne, name_at) = self.name.expect("a member has a name");
                Event::Member {
                    document,
                    name: decode_name(&self.storage[ns..ne]),
                    name_at,
                    bytes: &self.storage[start..end],
                    at,
                }
            }
            Pending::ResponseStart { at } => {
                let (_, _, name_at) = self.name.take().expect("response has a name");
                Event::ResponseStart {
                    document,
                    name_at,
                    at: self.position_of(at),
                }
            }
            Pending::Operation { start, end } => {
                let at = self.position_of(start);
                let index = self.operations;
                self.operations += 1;
                Event::Operation {
                    document,
                    index,
                    bytes: &self.storage[start..end],
                    at,
                }
            }
            Pending::Value { start, end } => Event::Value {
                document,
                at: self.position_of(start),
                bytes: &self.storage[start..end],
            },
            Pending::DocumentEnd { complete } => Event::DocumentEnd {
                document,
                operations: self.operations,
                complete,
            },
            Pending::Syntax { at, message } => {
                // Always the same window before `at` (compaction keeps it), so the snippet does
                // not depend on how the input was split into reads.
                let from = at.saturating_sub(LOOKBACK);
                let snippet = Snippet::around(&self.storage[from..self.end], at - from);
                Event::Syntax {
                    document,
                    message,
                    at: self.position_of(at),
                    snippet,
                }
            }
        }
    }
}
