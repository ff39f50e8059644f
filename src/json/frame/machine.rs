//! The framer's state machine: one step at a time through documents, envelope members and
//! operation lists, and the wording of what it finds out of place.

use std::io::Read;

use super::{DocumentKind, Framer, MAX_DEPTH, ObjectPhase, Pending, Recovery, Scan, State, Step};
use crate::json::lex::{LexError, Lexed, decode_name, ws_len};
use crate::json::syntax::string_error;

impl<R: Read> Framer<R> {
    /// One move of the state machine.
    pub(super) fn step(&mut self) -> Step {
        if !self.started {
            if self.end - self.pos < 3 && !self.eof {
                return Step::NeedMore;
            }
            self.started = true;
            if self.storage[self.pos..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.pos += 3;
                return Step::Emit(Pending::ByteOrderMark);
            }
        }
        match self.state {
            State::Done => Step::End,
            State::Skipping => match memchr::memchr(b'\n', &self.storage[self.pos..self.end]) {
                Some(i) => {
                    self.pos += i + 1;
                    self.state = State::BetweenDocuments;
                    Step::Continue
                }
                None => {
                    self.pos = self.end;
                    if self.eof {
                        self.state = State::Done;
                        Step::End
                    } else {
                        Step::NeedMore
                    }
                }
            },
            State::BetweenDocuments => {
                let Some(b) = self.skip_ws() else {
                    return if self.eof { Step::End } else { Step::NeedMore };
                };
                self.document = self.documents;
                self.documents += 1;
                self.operations = 0;
                let at = self.pos;
                let kind = match b {
                    b'{' if !self.whole => {
                        self.pos += 1;
                        self.state = State::Object(ObjectPhase::ExpectName { first: true });
                        DocumentKind::Object
                    }
                    b'[' if !self.whole => {
                        self.pos += 1;
                        self.state = State::List {
                            first: true,
                            after_element: false,
                            in_object: false,
                        };
                        DocumentKind::List
                    }
                    _ => {
                        self.begin_scan();
                        self.state = State::OtherValue;
                        DocumentKind::Other
                    }
                };
                Step::Emit(Pending::DocumentStart { kind, at })
            }
            State::OtherValue => match self.continue_scan() {
                Scan::Done(end) => {
                    let start = std::mem::replace(&mut self.scan.start, usize::MAX);
                    self.pos = end;
                    self.state = State::BetweenDocuments;
                    self.queued = Some(Pending::DocumentEnd { complete: true });
                    Step::Emit(Pending::Value { start, end })
                }
                Scan::NeedMore => Step::NeedMore,
                Scan::Error(at, message) => self.syntax(at, message),
            },
            State::Object(phase) => self.object_step(phase),
            State::List {
                first,
                after_element,
                in_object,
            } => self.list_step(first, after_element, in_object),
        }
    }

    fn object_step(&mut self, phase: ObjectPhase) -> Step {
        match phase {
            ObjectPhase::ExpectName { first } => {
                let Some(b) = self.skip_ws() else {
                    return Step::NeedMore;
                };
                match b {
                    b'"' => {
                        self.begin_scan();
                        self.state = State::Object(ObjectPhase::Name);
                        Step::Continue
                    }
                    b'}' if first => {
                        self.pos += 1;
                        self.end_document()
                    }
                    _ => self.syntax(
                        self.pos,
                        format!(
                            "expected a member name in double quotes, found {}",
                            describe_byte(b)
                        ),
                    ),
                }
            }
            ObjectPhase::Name => match self.continue_scan() {
                Scan::Done(end) => {
                    let start = std::mem::replace(&mut self.scan.start, usize::MAX);
                    // The lexer finds where a string ends; what is inside it is checked here, as
                    // simd-json checks every string of a value.
                    if let Some((offset, message)) = string_error(&self.storage[start..end]) {
                        return self.syntax(start + offset, message);
                    }
                    let at = self.position_of(start);
                    self.name = Some((start + 1, end - 1, at));
                    self.pos = end;
                    self.state = State::Object(ObjectPhase::Colon);
                    Step::Continue
                }
                Scan::NeedMore => Step::NeedMore,
                Scan::Error(at, message) => self.syntax(at, message),
            },
            ObjectPhase::Colon => {
                let Some(b) = self.skip_ws() else {
                    return Step::NeedMore;
                };
                if b != b':' {
                    return self.syntax(
                        self.pos,
                        format!(
                            "expected `:` after a member name, found {}",
                            describe_byte(b)
                        ),
                    );
                }
                self.pos += 1;
                self.state = State::Object(ObjectPhase::ValueStart);
                Step::Continue
            }
            ObjectPhase::ValueStart => {
                let Some(b) = self.skip_ws() else {
                    return Step::NeedMore;
                };
                // Compared decoded: `"\u0072esponse"` names the same member.
                let is_response = self
                    .name
                    .is_some_and(|(s, e, _)| decode_name(&self.storage[s..e]) == "response");
                if is_response && b == b'[' {
                    let at = self.pos;
                    self.pos += 1;
                    self.state = State::List {
                        first: true,
                        after_element: false,
                        in_object: true,
                    };
                    return Step::Emit(Pending::ResponseStart { at });
                }
                self.begin_scan();
                self.state = State::Object(ObjectPhase::Value);
                Step::Continue
            }
            ObjectPhase::Value => match self.continue_scan() {
                Scan::Done(end) => {
                    let start = std::mem::replace(&mut self.scan.start, usize::MAX);
                    self.pos = end;
                    self.state = State::Object(ObjectPhase::AfterMember);
                    Step::Emit(Pending::Member { start, end })
                }
                Scan::NeedMore => Step::NeedMore,
                Scan::Error(at, message) => self.syntax(at, message),
            },
            ObjectPhase::AfterMember => {
                self.name = None;
                let Some(b) = self.skip_ws() else {
                    return Step::NeedMore;
                };
                match b {
                    b',' => {
                        self.pos += 1;
                        self.state = State::Object(ObjectPhase::ExpectName { first: false });
                        Step::Continue
                    }
                    b'}' => {
                        self.pos += 1;
                        self.end_document()
                    }
                    _ => self.syntax(
                        self.pos,
                        format!(
                            "expected `,` or `}}` after a member, found {}",
                            describe_byte(b)
                        ),
                    ),
                }
            }
        }
    }

    fn list_step(&mut self, first: bool, after_element: bool, in_object: bool) -> Step {
        if self.scan.start != usize::MAX {
            return match self.continue_scan() {
                Scan::Done(end) => {
                    let start = std::mem::replace(&mut self.scan.start, usize::MAX);
                    self.pos = end;
                    self.state = State::List {
                        first: false,
                        after_element: true,
                        in_object,
                    };
                    Step::Emit(Pending::Operation { start, end })
                }
                Scan::NeedMore => Step::NeedMore,
                Scan::Error(at, message) => self.syntax(at, message),
            };
        }
        let Some(b) = self.skip_ws() else {
            return Step::NeedMore;
        };
        if after_element {
            return match b {
                b',' => {
                    self.pos += 1;
                    self.state = State::List {
                        first: false,
                        after_element: false,
                        in_object,
                    };
                    Step::Continue
                }
                b']' => self.close_list(in_object),
                _ => self.syntax(
                    self.pos,
                    format!(
                        "expected `,` or `]` after an operation, found {}",
                        describe_byte(b)
                    ),
                ),
            };
        }
        if b == b']' {
            if first {
                return self.close_list(in_object);
            }
            return self.syntax(
                self.pos,
                "expected an operation after `,`, found `]` (a trailing comma)".to_owned(),
            );
        }
        self.begin_scan();
        Step::Continue
    }

    fn close_list(&mut self, in_object: bool) -> Step {
        self.pos += 1;
        if in_object {
            self.state = State::Object(ObjectPhase::AfterMember);
            Step::Continue
        } else {
            self.end_document()
        }
    }

    fn end_document(&mut self) -> Step {
        self.state = State::BetweenDocuments;
        Step::Emit(Pending::DocumentEnd { complete: true })
    }

    /// Skips whitespace; the next byte, if the buffer has one.
    fn skip_ws(&mut self) -> Option<u8> {
        let line_bound = self.recovery == Recovery::NextLine
            && !matches!(
                self.state,
                State::BetweenDocuments | State::Skipping | State::Done
            );
        // NDJSON: a line break ends the document, finished or not.
        self.pos += ws_len(&self.storage[self.pos..self.end], line_bound);
        self.storage[..self.end].get(self.pos).copied()
    }

    fn begin_scan(&mut self) {
        let scan = &mut self.scan;
        scan.start = self.pos;
        scan.pos = self.pos;
        scan.lexer.reset();
    }

    /// Advances the value scan as far as the buffer allows.
    fn continue_scan(&mut self) -> Scan {
        // Every scan is inside a document; in NDJSON its line must hold all of it (the lexer
        // is line-bound then).
        let s = &mut self.scan;
        let from = s.pos;
        match s.lexer.feed(&self.storage[from..self.end]) {
            Lexed::Done(n) => {
                s.pos = from + n;
                Scan::Done(s.pos)
            }
            Lexed::NeedMore => {
                s.pos = self.end;
                if self.eof && s.lexer.in_scalar() {
                    Scan::Done(s.pos)
                } else {
                    Scan::NeedMore
                }
            }
            Lexed::Error(n, error) => {
                let message = match error {
                    LexError::NotAValue(b) => {
                        format!("expected a JSON value, found {}", describe_start(b))
                    }
                    LexError::TooDeep => format!(
                        "nesting deeper than {MAX_DEPTH} levels: no fileops payload nests like \
                         this, and the validator does not descend further"
                    ),
                    LexError::Mismatch { open, found } => LexError::mismatch_message(open, found),
                    LexError::LineEndsInString => LINE_ENDS_IN_STRING.to_owned(),
                    LexError::LineEndsInValue => LINE_ENDS_IN_VALUE.to_owned(),
                };
                Scan::Error(from + n, message)
            }
        }
    }
}

const LINE_ENDS_IN_STRING: &str = "the line ends inside a string: in NDJSON / JSON Lines each \
document is one line, and a string cannot hold a raw line break";
const LINE_ENDS_IN_VALUE: &str = "the line ends inside the document: in NDJSON / JSON Lines each \
document is one whole line";

/// A byte as a person would name it in a message.
pub(crate) fn describe_byte(b: u8) -> String {
    match b {
        b'\0' => "a NUL byte".to_owned(),
        b'\n' => "the end of the line".to_owned(),
        0x20..=0x7e => format!("`{}`", b as char),
        _ => format!("the byte 0x{b:02X}"),
    }
}

/// What a document or value that cannot start JSON probably is.
fn describe_start(b: u8) -> String {
    match b {
        b'<' => "`<` (this looks like an HTML or XML page, not a JSON response)".to_owned(),
        _ => describe_byte(b),
    }
}
