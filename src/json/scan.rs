//! A pull scanner over a JSON text from any reader: walks objects and arrays member by member,
//! skips values without keeping them, or captures one whole value with the position where it
//! starts.
//!
//! [`crate::json::frame`] is a push state machine tuned to the fileops shape; this scanner serves the
//! inputs that are not a fileops payload themselves: a HAR log (where only a few members of a few
//! entries matter) and whole documents for `--schema`. Memory is one read chunk plus the value
//! being captured; skipped values cost nothing however large they are.
//!
//! Every value it skips or captures, and every member name, is checked to be well-formed JSON
//! in UTF-8 ([`crate::json::wellformed`]) as it is read, since no parser reads what is skipped;
//! [`Scanner::capture_raw`] leaves the check to the caller's parser.

use std::io::{self, Read};
use std::ops::Range;

use crate::json::aligned::{ALIGN, AlignedBytes};
use crate::json::frame::describe_byte;
use crate::json::lex::{LexError, Lexed, Lexer, MAX_DEPTH, decode_name, is_ws};
use crate::json::position::Position;
use crate::json::wellformed::{Malformed, WellFormed};

/// Smallest free space a read is given.
const CHUNK: usize = 64 * 1024;

/// Bytes kept before the next unconsumed byte when the buffer is compacted, so that a syntax
/// error's snippet (60 characters each side, at most 4 bytes each) does not depend on how the
/// input was split into reads.
const LOOKBACK: usize = 256;

/// Why scanning stopped.
#[derive(Debug)]
pub enum ScanError {
    /// Reading failed.
    Io(io::Error),
    /// The text is not well-formed JSON (or not of the expected shape) at `at`.
    Syntax {
        at: Position,
        message: String,
        /// The input line around `at` and the caret's index in it.
        snippet: crate::report::snippet::Snippet,
    },
}

impl From<io::Error> for ScanError {
    fn from(e: io::Error) -> Self {
        ScanError::Io(e)
    }
}

/// The scanner. Methods that consume a value leave the scanner just past it.
pub struct Scanner<R> {
    reader: R,
    /// The bytes read and not yet dropped are `storage[..end]`. The storage starts on a 64-byte
    /// boundary and compaction drops whole 64-byte lines only, so index `i` holds an input offset
    /// of `i` modulo 64 and every read lands aligned like its file offset (see
    /// [`crate::json::aligned`]); bytes past `end` are never read, so a read need not zero them.
    storage: AlignedBytes,
    end: usize,
    /// Next unconsumed byte.
    pos: usize,
    /// The position of `buf[0]`.
    base: Position,
    /// `cursor_pos` is the position of `buf[cursor]`: positions are asked for in input order, so
    /// the cursor moves forward and each byte is counted once.
    cursor: usize,
    cursor_pos: Position,
    /// While capturing: the buffer index the captured value starts at (kept across reads).
    keep: Option<usize>,
    eof: bool,
    /// A byte-order mark was skipped at the start.
    bom: bool,
    /// The most bytes a captured value may hold (`--max-document-size`).
    limit: usize,
    /// Where the value being scanned ends, however the input was split into reads.
    lexer: Lexer,
    /// Whether the value being scanned is well formed, checked as the lexer reads it.
    wellformed: WellFormed,
}

impl<R: Read> Scanner<R> {
    /// A scanner reading from `reader`; a leading UTF-8 byte-order mark is skipped.
    pub fn new(reader: R) -> Self {
        Scanner {
            reader,
            storage: AlignedBytes::default(),
            end: 0,
            pos: 0,
            base: Position::START,
            cursor: 0,
            cursor_pos: Position::START,
            keep: None,
            eof: false,
            bom: false,
            limit: crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE,
            lexer: Lexer::new(false),
            wellformed: WellFormed::new(),
        }
    }

    /// The same scanner, failing with [`crate::input::limit::too_large`] when a value it keeps
    /// would exceed `limit` bytes.
    #[must_use]
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Skips whitespace and returns the next byte without consuming it; `None` at the end.
    ///
    /// # Errors
    /// Only when reading fails.
    pub fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.base.offset == 0 && self.pos == 0 && !self.bom {
            while self.end < 3 && self.fill()? {}
            if self.buf().starts_with(b"\xEF\xBB\xBF") {
                self.bom = true;
                self.pos = 3;
                self.compact();
            }
        }
        loop {
            while let Some(&b) = self.buf().get(self.pos) {
                if !is_ws(b) {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The position of the next unconsumed byte.
    pub fn position(&mut self) -> Position {
        self.position_of(self.pos)
    }

    /// The position of buffer index `i`.
    fn position_of(&mut self, i: usize) -> Position {
        let i = i.min(self.end);
        if i < self.cursor {
            // Behind the cursor (rare: an error at an earlier byte): count from the buffer start.
            return self.base.advanced_by(&self.storage[..i]);
        }
        self.cursor_pos = self.cursor_pos.advanced_by(&self.storage[self.cursor..i]);
        self.cursor = i;
        self.cursor_pos
    }

    /// A syntax error at the next unconsumed byte.
    pub fn error_here(&mut self, message: String) -> ScanError {
        let at = self.pos;
        self.error_at(at, message)
    }

    fn error_at(&mut self, at: usize, message: String) -> ScanError {
        let at = at.min(self.end);
        let start = memchr::memrchr(b'\n', &self.buf()[..at]).map_or(0, |i| i + 1);
        let snippet = crate::report::snippet::Snippet::around(&self.buf()[start..], at - start);
        ScanError::Syntax {
            at: self.position_of(at),
            message,
            snippet,
        }
    }

    /// Consumes `expected` (after whitespace).
    ///
    /// # Errors
    /// A syntax error when the next byte is something else.
    pub fn expect(&mut self, expected: u8, what: &str) -> Result<(), ScanError> {
        match self.peek()? {
            Some(b) if b == expected => {
                self.pos += 1;
                Ok(())
            }
            Some(b) => Err(self.error_here(format!("expected {what}, found {}", describe_byte(b)))),
            None => Err(self.error_here(format!("unexpected end of input: expected {what}"))),
        }
    }

    /// Walks the members of the object that comes next, calling `each` with the scanner and the
    /// member name; `each` must consume the member's value.
    ///
    /// # Errors
    /// A syntax error in the object, or whatever `each` returns.
    pub fn members(
        &mut self,
        mut each: impl FnMut(&mut Self, String) -> Result<(), ScanError>,
    ) -> Result<(), ScanError> {
        self.expect(b'{', "`{`")?;
        if self.peek()? == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek()? != Some(b'"') {
                return Err(self.unexpected("a member name in double quotes"));
            }
            let range = self.scan_value(true, true)?;
            // Without its quotes.
            let name = decode_name(&self.buf()[range.start + 1..range.end - 1]).into_owned();
            self.keep = None;
            self.expect(b':', "`:` after a member name")?;
            each(self, name)?;
            match self.peek()? {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `}` after a member")),
            }
        }
    }

    /// Walks the elements of the array that comes next, calling `each` with the scanner and the
    /// element's index; `each` must consume the element.
    ///
    /// # Errors
    /// A syntax error in the array, or whatever `each` returns.
    pub fn elements(
        &mut self,
        mut each: impl FnMut(&mut Self, usize) -> Result<(), ScanError>,
    ) -> Result<(), ScanError> {
        self.expect(b'[', "`[`")?;
        if self.peek()? == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            each(self, index)?;
            index += 1;
            match self.peek()? {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `]` after an element")),
            }
        }
    }

    fn unexpected(&mut self, what: &str) -> ScanError {
        match self.buf().get(self.pos) {
            Some(&b) => self.error_here(format!("expected {what}, found {}", describe_byte(b))),
            None => self.error_here(format!(
                "unexpected end of input: expected {what} (the JSON text is truncated)"
            )),
        }
    }

    /// Skips the value that comes next, keeping none of it.
    ///
    /// # Errors
    /// A value that is not well-formed JSON in UTF-8 (unbalanced brackets, an unterminated
    /// string, a bad escape, a missing `:`...), nesting deeper than [`MAX_DEPTH`].
    pub fn skip_value(&mut self) -> Result<(), ScanError> {
        self.peek()?;
        self.scan_value(false, true).map(drop)
    }

    /// Captures the value that comes next: its position and its bytes (valid until the next
    /// call on the scanner).
    ///
    /// # Errors
    /// As [`Scanner::skip_value`].
    pub fn capture_value(&mut self) -> Result<(Position, &[u8]), ScanError> {
        self.capture(true)
    }

    /// [`Scanner::capture_value`] for a caller that parses the value with a full JSON parser,
    /// which says what is wrong with it in its own terms: only the brackets and strings the
    /// value's end depends on are checked here.
    ///
    /// # Errors
    /// Unbalanced brackets, an unterminated string, nesting deeper than [`MAX_DEPTH`].
    pub fn capture_raw(&mut self) -> Result<(Position, &[u8]), ScanError> {
        self.capture(false)
    }

    fn capture(&mut self, checked: bool) -> Result<(Position, &[u8]), ScanError> {
        self.peek()?;
        let at = self.position();
        let range = self.scan_value(true, checked)?;
        self.keep = None;
        Ok((at, &self.buf()[range]))
    }

    /// Scans one value starting at `self.pos` (which must not be whitespace); returns its buffer
    /// range and leaves `pos` just past it. With `keep`, the value's bytes stay in the buffer;
    /// with `checked`, they are checked to be well formed as the lexer reads them.
    fn scan_value(&mut self, keep: bool, checked: bool) -> Result<Range<usize>, ScanError> {
        let start = self.pos;
        if keep {
            self.keep = Some(start);
        }
        if self.buf().get(self.pos).is_none() {
            return Err(self.error_here(
                "unexpected end of input: expected a JSON value (the JSON text is truncated)"
                    .to_owned(),
            ));
        }
        // The value's offset in the input, which compaction does not move.
        let value_offset = self.base.offset + start as u64;
        self.lexer.reset();
        self.wellformed.reset();
        loop {
            // A refill may compact the buffer and shift every index, so the lexer's progress is
            // kept in `pos` (which compaction adjusts) and in the lexer's own state, never in a
            // local index.
            let lexed = self.lexer.feed(&self.storage[self.pos..self.end]);
            if checked {
                // The bytes the lexer took, checked before its verdict on them is acted on: the
                // first problem in the text is the one reported.
                let took = match lexed {
                    Lexed::Done(n) | Lexed::Error(n, _) => n,
                    Lexed::NeedMore => self.end - self.pos,
                };
                let piece = &self.storage[self.pos..self.pos + took];
                let ended = matches!(lexed, Lexed::Done(_));
                let verdict = self.wellformed.feed(piece).and_then(|()| {
                    if ended {
                        self.wellformed.finish()
                    } else {
                        Ok(())
                    }
                });
                if let Err(malformed) = verdict {
                    return Err(self.malformed(value_offset, malformed));
                }
            }
            match lexed {
                Lexed::Done(n) => {
                    self.pos += n;
                    return Ok(self.range_from(start));
                }
                Lexed::NeedMore => {
                    self.pos = self.end;
                    if !self.fill()? {
                        if self.lexer.in_scalar() {
                            if checked && let Err(malformed) = self.wellformed.finish() {
                                return Err(self.malformed(value_offset, malformed));
                            }
                            return Ok(self.range_from(start));
                        }
                        let what = if self.lexer.in_string() {
                            "in the middle of a string"
                        } else {
                            "inside an object or array"
                        };
                        return Err(self.truncated(what));
                    }
                }
                Lexed::Error(n, error) => {
                    let at = self.pos + n;
                    let message = match error {
                        LexError::NotAValue(b) => {
                            let what = if b == b'<' {
                                "`<` (this looks like an HTML or XML page, not JSON)".to_owned()
                            } else {
                                describe_byte(b)
                            };
                            format!("expected a JSON value, found {what}")
                        }
                        LexError::TooDeep => format!("nesting deeper than {MAX_DEPTH} levels"),
                        LexError::Mismatch { open, found } => {
                            LexError::mismatch_message(open, found)
                        }
                        // The scanner's lexer is not line-bound: never reported.
                        LexError::LineEndsInString | LexError::LineEndsInValue => {
                            "a line break inside a value".to_owned()
                        }
                    };
                    return Err(self.error_at(at, message));
                }
            }
        }
    }

    /// The syntax error for what the well-formedness check found in the value starting at input
    /// offset `value_offset`. A number or literal is reported where it starts, which may have
    /// been dropped from the buffer when it is longer than the look-back: then at the first
    /// of its bytes still held.
    fn malformed(&mut self, value_offset: u64, malformed: Malformed) -> ScanError {
        let offset = value_offset + malformed.at as u64;
        let at = usize::try_from(offset.saturating_sub(self.base.offset)).unwrap_or(usize::MAX);
        self.error_at(at, malformed.message)
    }

    /// The range from `start` (shifted by any compaction since) to `pos`.
    fn range_from(&self, start: usize) -> Range<usize> {
        let start = self.keep.unwrap_or(start);
        start..self.pos
    }

    fn truncated(&mut self, what: &str) -> ScanError {
        let at = self.end;
        self.error_at(
            at,
            format!("unexpected end of input {what}: the JSON text is truncated"),
        )
    }

    /// The bytes read and not yet dropped.
    fn buf(&self) -> &[u8] {
        &self.storage[..self.end]
    }

    /// The first byte that must stay in the buffer: the value being captured, or else the
    /// next unconsumed byte.
    fn kept_from(&self) -> usize {
        self.keep
            .map_or(self.pos, |k| k.min(self.pos))
            .min(self.end)
    }

    /// Drops consumed bytes (but not a value being captured, nor the look-back before the next
    /// byte), in whole 64-byte lines.
    fn compact(&mut self) {
        let drop = self.kept_from().saturating_sub(LOOKBACK) / ALIGN * ALIGN;
        if drop == 0 {
            return;
        }
        // `position_of` counts forward from the cursor, or from the buffer start when the
        // cursor is past `drop`; either way the cursor stays on the same byte below.
        let at = if drop >= self.cursor {
            self.position_of(drop)
        } else {
            self.base.advanced_by(&self.storage[..drop])
        };
        self.storage.copy_within(drop..self.end, 0);
        self.end -= drop;
        self.pos -= drop;
        self.base = at;
        self.cursor -= drop;
        if let Some(k) = &mut self.keep {
            *k -= drop;
        }
    }

    /// Reads more input; false at the end. The buffer is compacted only when a read needs the
    /// room, so each byte is moved at most about once.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.storage.len() - self.end < CHUNK {
            self.compact();
            if self.storage.len() - self.end < CHUNK {
                // Only a value being captured stays after compaction (with the look-back): past
                // the limit, stop before the buffer doubles again.
                if self.end - self.kept_from() > self.limit {
                    return Err(crate::input::limit::too_large(self.limit));
                }
                // Doubling keeps moves amortised; the cap keeps the buffer near the limit.
                let cap = self.limit.saturating_add(LOOKBACK + ALIGN + 2 * CHUNK);
                let size = (self.storage.len() * 2).min(cap).max(self.end + CHUNK);
                self.storage.resize(size);
            }
        }
        let n = self.storage.read_at(self.end, &mut self.reader)?;
        self.end += n;
        self.eof = n == 0;
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out one byte at a time, to cross every buffer boundary.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.split_first() {
                Some((b, rest)) if !buf.is_empty() => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    const TEXT: &str = "{\"skip\": [1, {\"a\": \"]}\\\"\"}], \"keep\": {\"x\":\n \"é\"}, \"n\": 5}";

    fn walk(reader: impl Read) -> Vec<(String, Position, String)> {
        let mut s = Scanner::new(reader);
        let mut out = Vec::new();
        s.members(|s, name| {
            if name == "skip" {
                s.skip_value()
            } else {
                let (at, bytes) = s.capture_value()?;
                out.push((name, at, String::from_utf8_lossy(bytes).into_owned()));
                Ok(())
            }
        })
        .unwrap();
        out
    }

    #[test]
    fn captures_members_with_positions_across_reads() {
        let whole = walk(TEXT.as_bytes());
        assert_eq!(whole, walk(Trickle(TEXT.as_bytes())));
        assert_eq!(whole[0].0, "keep");
        assert_eq!(whole[0].2, "{\"x\":\n \"é\"}");
        assert_eq!((whole[0].1.line, whole[0].1.column), (1, 38));
        assert_eq!(whole[1].2, "5");
        assert_eq!((whole[1].1.line, whole[1].1.column), (2, 13));
    }

    #[test]
    fn reports_truncation_and_mismatched_brackets() {
        let mut s = Scanner::new(&b"{\"a\": [1, 2}"[..]);
        let err = s.members(|s, _| s.skip_value()).unwrap_err();
        let ScanError::Syntax { at, message, .. } = err else {
            panic!("io error")
        };
        assert_eq!(at.column, 12);
        assert!(message.contains("expected `]`"), "{message}");
        let mut s = Scanner::new(Trickle(b"{\"a\": \"abc"));
        let err = s.members(|s, _| s.skip_value()).unwrap_err();
        assert!(matches!(err, ScanError::Syntax { message, .. } if message.contains("truncated")));
    }

    /// A document of members of many lengths, some far larger than a read, skipped and
    /// captured in turn, then a syntax error.
    fn members_text() -> Vec<u8> {
        let mut text = b"{".to_vec();
        for i in 0..400usize {
            let len = (i * 7919) % 3000 + if i % 50 == 7 { 200_000 } else { 0 };
            text.extend_from_slice(format!("\"m{i}\": [\"{}\"],\n ", "x".repeat(len)).as_bytes());
        }
        text.extend_from_slice(b"\"last\": [1, 2}");
        text
    }

    /// What a walk of [`members_text`] captured and the error it ended with.
    fn walk_members(reader: impl Read) -> (Vec<(Position, usize)>, String) {
        let mut s = Scanner::new(reader);
        let mut captured = Vec::new();
        let err = s
            .members(|s, name| {
                if name.ends_with(['1', '3', '5', '7', '9']) {
                    s.skip_value()
                } else {
                    let (at, bytes) = s.capture_value()?;
                    captured.push((at, bytes.len()));
                    Ok(())
                }
            })
            .unwrap_err();
        let ScanError::Syntax {
            at,
            message,
            snippet,
        } = err
        else {
            panic!("io error")
        };
        (captured, format!("{at:?} {message} {snippet:?}"))
    }

    /// Every read lands in the buffer at an address aligned like its input offset (modulo 64),
    /// as the framer's do, whatever the read sizes, through compactions and growth; and what
    /// is captured, with its position, and the final error with its snippet, do not depend on
    /// the read sizes.
    #[test]
    fn every_read_is_aligned_like_its_input_offset_and_nothing_depends_on_read_sizes() {
        use crate::json::aligned::probe::AlignmentProbe;
        let text = members_text();
        let whole = walk_members(&text[..]);
        assert_eq!(whole.0.len(), 200);
        for piece in [1, 2, 7, 4096, 1 << 20] {
            let mut probe = AlignmentProbe::new(&text, piece);
            assert_eq!(walk_members(&mut probe), whole, "pieces of {piece}");
            assert!(probe.reads > 1, "pieces of {piece}");
            assert_eq!(
                probe.misaligned,
                Vec::<usize>::new(),
                "pieces of {piece}: reads at these offsets were misaligned"
            );
        }
    }

    /// A syntax error's snippet (its line, up to 60 characters each side) is the same however
    /// the reads fell: compaction keeps a look-back before the next byte. Here the error's line
    /// straddles the first compaction, at every offset around it.
    #[test]
    fn a_syntax_errors_snippet_does_not_depend_on_where_the_buffer_was_compacted() {
        for shift in (0..160).step_by(3) {
            let text = format!(
                "{{\"pad\": \"{}\",\n \"other\": \"{}\", \"a\": [1, 2}}",
                "x".repeat(CHUNK - 100 + shift),
                "y".repeat(40)
            );
            let error = |reader: &mut dyn Read| {
                let mut s = Scanner::new(reader);
                match s.members(|s, _| s.skip_value()).unwrap_err() {
                    ScanError::Syntax { at, snippet, .. } => format!("{at:?} {snippet:?}"),
                    ScanError::Io(e) => panic!("{e}"),
                }
            };
            let whole = error(&mut text.as_bytes());
            assert_eq!(
                error(&mut Trickle(text.as_bytes())),
                whole,
                "shifted by {shift}"
            );
        }
    }
}
