//! Framing: bytes from any reader -> documents -> envelope members and operations, each with the
//! position where it starts.
//!
//! The framer never builds a tree. It scans just enough structure to find where each operation
//! of a `response` list (or of a bare list) begins and ends, and hands the operation's bytes on.
//! Its buffer holds the unconsumed tail of the input, so memory is bounded by the largest single
//! value it has to hand on (one operation, or one other envelope member) plus one read chunk.
//!
//! Several documents may follow each other (concatenated JSON, NDJSON / JSON Lines): each one
//! is framed in turn. What it cannot frame it reports as a syntax event with its position, then
//! either stops or, for line-oriented inputs, carries on with the next line.

use std::borrow::Cow;
use std::io::{self, Read};

use crate::json::lex::{LexError, Lexed, Lexer, decode_name, ws_len};
use crate::json::position::Position;
use crate::report::snippet::Snippet;

/// Deepest nesting the framer accepts (the lexer's limit).
pub use crate::json::lex::MAX_DEPTH;

/// Smallest free space a read is given once the buffer has grown to four times this.
const MIN_READ: usize = 64 * 1024;

/// The free space the first read is given. The room a read gets is a quarter of the buffer,
/// from this up to [`MIN_READ`], so a small input (one document, a HAR body, a poll) costs a
/// buffer of four times this, zeroed once, and a large one is read in pieces that double as
/// the buffer does.
const FIRST_READ: usize = 4 * 1024;

/// The initial buffer size. The buffer is compacted only when what it must keep fills at most a
/// quarter of it, and grows (doubling) otherwise, so every input byte is moved a bounded number
/// of times however small the reads are.
const INITIAL: usize = 4 * FIRST_READ;

/// Bytes kept before the scan point when the buffer is compacted, so that the snippet of a
/// syntax error (60 characters each side, at most 4 bytes each) is the same however the input
/// was split into reads.
const LOOKBACK: usize = 256;

/// What to do after a syntax error that leaves the rest of a document unframeable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Stop framing the input (one JSON text per file: nothing after the error can be trusted).
    Stop,
    /// Skip to the next line and frame a new document there (NDJSON / JSON Lines).
    NextLine,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    BetweenDocuments,
    /// Scanning a whole document of kind Other.
    OtherValue,
    /// In a top-level object.
    Object(ObjectPhase),
    /// In an operation list (`in_object`: the `response` member of a top-level object).
    List {
        first: bool,
        after_element: bool,
        in_object: bool,
    },
    /// After a syntax error: skipping to the next line.
    Skipping,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectPhase {
    /// Expecting a member name, or `}` when `first`.
    ExpectName { first: bool },
    /// Scanning the member name.
    Name,
    /// Expecting `:`.
    Colon,
    /// Expecting the start of the member value.
    ValueStart,
    /// Scanning the member value.
    Value,
    /// Expecting `,` or `}`.
    AfterMember,
}

/// Progress through one value whose end may not be in the buffer yet.
#[derive(Debug)]
struct ValueScan {
    /// Buffer index of the value's first byte.
    start: usize,
    /// Buffer index of the next byte to look at.
    pos: usize,
    /// Where the value ends, however the buffer was filled.
    lexer: Lexer,
}

enum Scan {
    Done(usize),
    NeedMore,
    Error(usize, String),
}

/// An event described by buffer indexes; made into an [`Event`] by [`Framer::make`].
#[derive(Debug, Clone)]
enum Pending {
    ByteOrderMark,
    DocumentStart { kind: DocumentKind, at: usize },
    Member { start: usize, end: usize },
    ResponseStart { at: usize },
    Operation { start: usize, end: usize },
    Value { start: usize, end: usize },
    DocumentEnd { complete: bool },
    Syntax { at: usize, message: String },
}

enum Step {
    Continue,
    NeedMore,
    Emit(Pending),
    End,
}

/// The framer over a reader. Call [`Framer::next_event`] until it returns `None`.
pub struct Framer<R> {
    reader: R,
    /// The buffer, zeroed once when allocated (reads need initialised memory); the input held
    /// is `storage[..end]`.
    storage: Vec<u8>,
    end: usize,
    /// Next unconsumed byte.
    pos: usize,
    eof: bool,
    /// `cursor_pos` is the position of `buf[cursor]`; positions are asked for in input order.
    cursor: usize,
    cursor_pos: Position,
    state: State,
    recovery: Recovery,
    /// Index of the current document (the count of documents begun, minus one).
    document: usize,
    documents: usize,
    operations: usize,
    scan: ValueScan,
    /// Member name (buffer range without the quotes) and its position.
    name: Option<(usize, usize, Position)>,
    /// An event to hand out before taking another step.
    queued: Option<Pending>,
    started: bool,
    /// The most bytes one value may hold in the buffer (`--max-document-size`).
    limit: usize,
    /// Every document is handed on whole, as a [`Event::Value`] (for a custom schema, which
    /// knows nothing of operations).
    whole: bool,
}

impl<R: Read> Framer<R> {
    /// A framer reading from `reader`.
    pub fn new(reader: R, recovery: Recovery) -> Self {
        Framer {
            reader,
            storage: Vec::new(),
            end: 0,
            pos: 0,
            eof: false,
            cursor: 0,
            cursor_pos: Position::START,
            state: State::BetweenDocuments,
            recovery,
            document: 0,
            documents: 0,
            operations: 0,
            scan: ValueScan {
                start: usize::MAX,
                pos: 0,
                lexer: Lexer::new(recovery == Recovery::NextLine),
            },
            name: None,
            queued: None,
            started: false,
            limit: crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE,
            whole: false,
        }
    }

    /// The same framer, handing every document on whole (an object or a list too) as one
    /// [`Event::Value`] of kind [`DocumentKind::Other`].
    #[must_use]
    pub fn whole_documents(mut self) -> Self {
        self.whole = true;
        self
    }

    /// The same framer, failing with [`crate::input::limit::too_large`] when one value would
    /// need more than `limit` bytes of buffer.
    #[must_use]
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Documents begun so far.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Bytes of input read so far.
    pub fn bytes_read(&self) -> u64 {
        self.cursor_pos.offset + (self.end - self.cursor) as u64
    }

    /// The next event, `None` at the end of the input.
    ///
    /// # Errors
    /// Only when reading fails; malformed input is reported as [`Event::Syntax`].
    pub fn next_event(&mut self) -> io::Result<Option<Event<'_>>> {
        loop {
            if let Some(pending) = self.queued.take() {
                return Ok(Some(self.make(pending)));
            }
            match self.step() {
                Step::Continue => {}
                Step::Emit(Pending::Syntax { at, message }) => {
                    let at = self.read_rest_of_line(at)?;
                    return Ok(Some(self.make(Pending::Syntax { at, message })));
                }
                Step::Emit(pending) => return Ok(Some(self.make(pending))),
                Step::End => return Ok(None),
                Step::NeedMore => {
                    if !self.fill()? {
                        match self.end_of_input() {
                            Some(pending) => return Ok(Some(self.make(pending))),
                            None => return Ok(None),
                        }
                    }
                }
            }
        }
    }

    /// One move of the state machine.
    fn step(&mut self) -> Step {
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

    /// Reports a syntax error at buffer index `at`, then recovers as configured.
    fn syntax(&mut self, at: usize, message: String) -> Step {
        self.scan.start = usize::MAX;
        self.name = None;
        self.pos = at.min(self.end);
        self.state = match self.recovery {
            Recovery::Stop => State::Done,
            Recovery::NextLine => State::Skipping,
        };
        self.queued = Some(Pending::DocumentEnd { complete: false });
        Step::Emit(Pending::Syntax { at, message })
    }

    /// What the end of the input means in the current state, if anything needs saying.
    fn end_of_input(&mut self) -> Option<Pending> {
        let at = self.end;
        let what = match self.state {
            State::BetweenDocuments | State::Skipping | State::Done => {
                self.state = State::Done;
                return None;
            }
            // A whole document cut inside its brackets (`--schema` frames every document whole).
            State::OtherValue if self.scan.lexer.depth() > 0 => "inside an object or array",
            State::OtherValue if self.scan.lexer.in_string() => "in the middle of a string",
            State::OtherValue | State::Object(ObjectPhase::Value) => "in the middle of a value",
            State::Object(ObjectPhase::Name) => "in the middle of a member name",
            State::Object(_) => "inside the envelope object (missing `}`)",
            State::List { .. } if self.scan.start != usize::MAX => "in the middle of an operation",
            State::List { .. } => "inside the operation list (missing `]`)",
        };
        let message = format!("unexpected end of input {what}: the JSON text is truncated");
        let Step::Emit(pending) = self.syntax(at, message) else {
            unreachable!("syntax() always emits")
        };
        self.state = State::Done;
        Some(pending)
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

    /// Reads more input. Returns false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.storage.len() - self.end < self.read_room() {
            self.make_room()?;
        }
        let n = loop {
            match self.reader.read(&mut self.storage[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        // At the end of the input a step may still have something to finish (a scalar that runs
        // to the end, the BOM check), so report progress either way.
        Ok(true)
    }

    /// The free space the next read should have: a quarter of the buffer, at least
    /// [`FIRST_READ`], at most [`MIN_READ`].
    fn read_room(&self) -> usize {
        (self.storage.len() / 4).clamp(FIRST_READ, MIN_READ)
    }

    /// Frees at least [`Framer::read_room`] bytes after the input held: drops the consumed
    /// prefix when what must stay is small next to the buffer, grows the buffer otherwise.
    fn make_room(&mut self) -> io::Result<()> {
        let room = self.read_room();
        let mut keep = self.pos;
        if self.scan.start != usize::MAX {
            keep = keep.min(self.scan.start);
        }
        if let Some((start, _, _)) = self.name {
            keep = keep.min(start - 1);
        }
        let keep = keep.saturating_sub(LOOKBACK);
        if keep > 0 && self.end - keep <= self.storage.len() / 4 {
            self.compact(keep);
        }
        if self.storage.len() - self.end < room {
            // What must stay is one value being scanned (plus the look-back): past the limit,
            // stop before the buffer doubles again.
            if self.end - keep > self.limit.saturating_add(LOOKBACK) {
                return Err(crate::input::limit::too_large(self.limit));
            }
            // Doubling keeps moves amortised; the cap keeps the buffer near the limit.
            let cap = self.limit.saturating_add(LOOKBACK + 2 * MIN_READ);
            let size = (self.storage.len() * 2)
                .max(INITIAL)
                .min(cap)
                .max(self.end + room);
            self.storage.resize(size, 0);
        }
        Ok(())
    }

    /// Drops the first `keep` bytes of the buffer.
    fn compact(&mut self, keep: usize) {
        self.position_of(keep);
        self.storage.copy_within(keep..self.end, 0);
        self.end -= keep;
        self.cursor -= keep;
        self.pos -= keep;
        if self.scan.start != usize::MAX {
            self.scan.start -= keep;
            self.scan.pos -= keep;
        }
        if let Some((start, end, at)) = self.name {
            self.name = Some((start - keep, end - keep, at));
        }
    }

    /// Reads on until the line of the syntax error at `at` ends (or [`LOOKBACK`] bytes past
    /// it), so that its snippet does not depend on how the input was split into reads. Returns
    /// `at`, moved if the buffer was compacted meanwhile.
    fn read_rest_of_line(&mut self, mut at: usize) -> io::Result<usize> {
        debug_assert_eq!(at, self.pos, "syntax() parks the scan at the error");
        while !self.eof
            && self.end - at < LOOKBACK
            && memchr::memchr(b'\n', &self.storage[at..self.end]).is_none()
        {
            let before = self.pos;
            self.fill()?;
            at -= before - self.pos;
        }
        Ok(at)
    }

    /// The position of buffer index `i`; calls must come in input order.
    fn position_of(&mut self, i: usize) -> Position {
        if i > self.cursor {
            self.cursor_pos = self.cursor_pos.advanced_by(&self.storage[self.cursor..i]);
            self.cursor = i;
        }
        self.cursor_pos
    }

    fn make(&mut self, pending: Pending) -> Event<'_> {
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

/// Appends up to `room` bytes from `reader` to `buf`, retrying when interrupted; the number of
/// bytes read, 0 at the end of the input. On an error `buf` is as it was.
pub(crate) fn read_into<R: Read>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    room: usize,
) -> io::Result<usize> {
    let len = buf.len();
    buf.resize(len + room, 0);
    let n = loop {
        match reader.read(&mut buf[len..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(len);
                return Err(e);
            }
        }
    };
    buf.truncate(len + n);
    Ok(n)
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
