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

mod buffer;
mod event;
mod machine;
mod recovery;

use std::io::{self, Read};
use std::ops::Range;

pub use event::{DocumentKind, Event};
pub(crate) use machine::describe_byte;
pub use recovery::Recovery;

use crate::json::aligned::AlignedBytes;
use crate::json::lex::Lexer;
use crate::json::position::Position;

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
    /// is `storage[..end]`. Its index `i` holds an input offset equal to `i` modulo 64, and its
    /// start is 64-byte aligned, so that the kernel's copy into it runs at full speed (see
    /// [`crate::json::aligned`]).
    storage: AlignedBytes,
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

/// Where each operation of `input` lies, in order: the bytes the framer hands on. For the
/// benchmarks and probes that time the per-operation stages apart from framing.
///
/// # Errors
/// The first syntax error the framer reports (kind [`io::ErrorKind::InvalidData`], with its
/// line and column): a probe of a broken capture would time something else than it says. The
/// framer checks structure only; what is wrong inside an operation is the parser's to find.
pub fn operation_ranges(input: &[u8]) -> io::Result<Vec<Range<usize>>> {
    let mut framer = Framer::new(input, Recovery::Stop);
    let mut out = Vec::new();
    while let Some(event) = framer.next_event()? {
        match event {
            Event::Operation { bytes, at, .. } => {
                let start = usize::try_from(at.offset).map_err(io::Error::other)?;
                out.push(start..start + bytes.len());
            }
            Event::Syntax { message, at, .. } => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("line {}, column {}: {message}", at.line, at.column),
                ));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The read buffer goes back to the thread's spare (see [`crate::spare`]) for the next input.
impl<R> Drop for Framer<R> {
    fn drop(&mut self) {
        crate::spare::give_back(
            crate::spare::Spare::FramerStorage,
            std::mem::take(&mut self.storage).into_vec(),
        );
    }
}

impl<R: Read> Framer<R> {
    /// A framer reading from `reader`.
    pub fn new(reader: R, recovery: Recovery) -> Self {
        Framer {
            reader,
            storage: AlignedBytes::from_vec(crate::spare::take(crate::spare::Spare::FramerStorage)),
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
}

#[cfg(test)]
mod tests;
