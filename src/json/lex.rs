//! The one JSON lexer: where a value ends (strings and their escapes, brackets and depth,
//! scalars), whitespace, and the escapes inside a string literal.
//!
//! [`Lexer`] is resumable: it consumes whatever bytes it is given and keeps its state (inside a
//! string, just after a `\`, the open brackets) for the next call, so where the input was cut
//! into reads never matters. The framer, the scanner, the locator and HAR's body reader all use
//! it; `tests/lexer.rs` and the `lexer` fuzz target check, once for all of them, that any
//! chunking of a text gives the same values, errors and states as one chunk.
//!
//! Only `"` and `\` matter inside a string: after a `\` one byte is skipped, and the digits of a
//! `\uXXXX` escape are never `"` or `\` when valid (an invalid escape is left to the parser that
//! reads the value, so the lexer does not track them). String bodies are searched eight bytes at a
//! time, then with `memchr2`.

use std::borrow::Cow;

/// Deepest nesting the lexer accepts by default. Real payloads nest about six levels; the limit
/// keeps every later stage (simd-json, serde, the schema walk) far from its own recursion limits.
pub const MAX_DEPTH: usize = 256;

/// Where the lexer is inside the current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Before the value's first byte.
    Start,
    /// Inside a number or a literal (`true`, `false`, `null`): it ends before whitespace, `,`,
    /// `]` or `}`, or at the end of the input.
    Scalar,
    /// Inside an object or array, outside strings.
    Structure,
    /// Inside a string.
    String,
    /// Inside a string, just after a `\`.
    Escape,
}

/// What the lexer found wrong, at the index it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexError {
    /// This byte cannot start a JSON value.
    NotAValue(u8),
    /// A bracket would open deeper than the lexer's depth limit.
    TooDeep,
    /// `found` closes the bracket `open`, which it does not match.
    Mismatch { open: u8, found: u8 },
    /// A raw line break inside a string (line-bound lexers only).
    LineEndsInString,
    /// A line break inside an object or array (line-bound lexers only).
    LineEndsInValue,
}

impl LexError {
    /// The wording the lexer's users share (the mismatch); others word the rest their way.
    #[must_use]
    pub fn mismatch_message(open: u8, found: u8) -> String {
        let expected = if open == b'{' { b'}' } else { b']' };
        format!(
            "expected `{}` to close the `{}`, found `{}`",
            expected as char, open as char, found as char
        )
    }
}

/// The outcome of feeding bytes to the lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexed {
    /// The value ends just before this index of the bytes fed.
    Done(usize),
    /// Every byte fed was consumed and the value goes on (a scalar may also end with the input:
    /// see [`Lexer::in_scalar`]).
    NeedMore,
    /// The value is malformed at this index of the bytes fed.
    Error(usize, LexError),
}

/// A resumable lexer of one JSON value at a time: [`Lexer::reset`] it at the value's first byte,
/// then [`Lexer::feed`] it the input in any pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexer {
    mode: Mode,
    /// Open brackets, innermost last.
    stack: Vec<u8>,
    max_depth: usize,
    /// NDJSON: a line break inside the value is an error.
    line_bound: bool,
    /// Whether whole blocks are lexed from bit masks ([`block`]); off only to compare the two.
    blocks: bool,
}

impl Lexer {
    /// A lexer with the [`MAX_DEPTH`] limit; `line_bound` makes a line break inside a value an
    /// error (NDJSON / JSON Lines).
    #[must_use]
    pub fn new(line_bound: bool) -> Self {
        Lexer {
            mode: Mode::Start,
            stack: Vec::new(),
            max_depth: MAX_DEPTH,
            line_bound,
            blocks: true,
        }
    }

    #[cfg(any(test, feature = "arbitrary-payloads"))]
    /// The same lexer, one byte at a time only: the reference the block lexer is compared to.
    #[must_use]
    pub fn bytewise(mut self) -> Self {
        self.blocks = false;
        self
    }

    /// The same lexer with another depth limit.
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Gets ready for a new value.
    pub fn reset(&mut self) {
        self.mode = Mode::Start;
        self.stack.clear();
    }

    /// Where the lexer is.
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Open brackets.
    #[must_use]
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Inside a scalar, which the end of the input ends well.
    #[must_use]
    pub fn in_scalar(&self) -> bool {
        self.mode == Mode::Scalar
    }

    /// Inside a string (or just after a `\` in one).
    #[must_use]
    pub fn in_string(&self) -> bool {
        matches!(self.mode, Mode::String | Mode::Escape)
    }

    /// Consumes `bytes`, the next piece of the current value.
    pub fn feed(&mut self, bytes: &[u8]) -> Lexed {
        let mut i = 0;
        if self.mode == Mode::Start {
            let Some(&b) = bytes.first() else {
                return Lexed::NeedMore;
            };
            match b {
                b'{' | b'[' => {
                    if self.max_depth == 0 {
                        return Lexed::Error(0, LexError::TooDeep);
                    }
                    self.stack.push(b);
                    self.mode = Mode::Structure;
                    i = 1;
                }
                b'"' => {
                    self.mode = Mode::String;
                    i = 1;
                }
                b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => self.mode = Mode::Scalar,
                b => return Lexed::Error(0, LexError::NotAValue(b)),
            }
        }
        if self.mode == Mode::Scalar {
            return match bytes[i..].iter().position(|&b| ends_scalar(b)) {
                Some(n) => Lexed::Done(i + n),
                None => Lexed::NeedMore,
            };
        }
        // After a block the masks cannot decide, bytes up to here are lexed one at a time, so
        // that garbage full of stray `\` costs one block attempt per 64 bytes, not per token.
        let mut bytewise_until = 0;
        loop {
            if i >= bytewise_until
                && let Some(whole) = bytes[i..].first_chunk::<{ block::BLOCK }>()
                && self.blocks
                && (!self.stack.is_empty() || self.in_string())
            {
                let outcome = block::lex(
                    whole,
                    self.mode,
                    &mut self.stack,
                    self.max_depth,
                    self.line_bound,
                );
                match outcome {
                    block::Outcome::Consumed(mode) => {
                        self.mode = mode;
                        i += block::BLOCK;
                        continue;
                    }
                    block::Outcome::Done(n) => {
                        self.mode = Mode::Structure;
                        return Lexed::Done(i + n);
                    }
                    block::Outcome::Error(n, error, mode) => {
                        self.mode = mode;
                        return Lexed::Error(i + n, error);
                    }
                    block::Outcome::Bytewise => bytewise_until = i + block::BLOCK,
                }
            }
            match self.mode {
                Mode::String => {
                    let rest = &bytes[i..];
                    let found = if self.line_bound {
                        memchr::memchr3(b'"', b'\\', b'\n', rest)
                    } else {
                        find_quote_or_backslash(rest)
                    };
                    let Some(n) = found else {
                        return Lexed::NeedMore;
                    };
                    let at = i + n;
                    i = at + 1;
                    match bytes[at] {
                        b'\\' => self.mode = Mode::Escape,
                        b'"' => {
                            self.mode = Mode::Structure;
                            if self.stack.is_empty() {
                                return Lexed::Done(i);
                            }
                        }
                        _ => return Lexed::Error(at, LexError::LineEndsInString),
                    }
                }
                Mode::Escape => {
                    if i >= bytes.len() {
                        return Lexed::NeedMore;
                    }
                    // The escaped byte, whatever it is.
                    i += 1;
                    self.mode = Mode::String;
                }
                Mode::Structure => {
                    i += skip_plain(&bytes[i..], self.line_bound);
                    let Some(&b) = bytes.get(i) else {
                        return Lexed::NeedMore;
                    };
                    i += 1;
                    match b {
                        b'"' => self.mode = Mode::String,
                        b'{' | b'[' => {
                            if self.stack.len() >= self.max_depth {
                                return Lexed::Error(i - 1, LexError::TooDeep);
                            }
                            self.stack.push(b);
                        }
                        b'}' | b']' => {
                            let open = self.stack.pop().unwrap_or(b'?');
                            let matches = if open == b'{' { b == b'}' } else { b == b']' };
                            if !matches {
                                return Lexed::Error(i - 1, LexError::Mismatch { open, found: b });
                            }
                            if self.stack.is_empty() {
                                return Lexed::Done(i);
                            }
                        }
                        b'\n' if self.line_bound => {
                            return Lexed::Error(i - 1, LexError::LineEndsInValue);
                        }
                        _ => {}
                    }
                }
                Mode::Start | Mode::Scalar => unreachable!("handled before the loop"),
            }
        }
    }
}

/// Whether `b` ends a scalar (number or literal).
#[must_use]
pub fn ends_scalar(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}')
}

/// JSON whitespace.
#[must_use]
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// How many bytes of whitespace `bytes` starts with; `stop_at_newline` stops before a `\n`.
#[must_use]
pub fn ws_len(bytes: &[u8], stop_at_newline: bool) -> usize {
    bytes
        .iter()
        .position(|&b| !is_ws(b) || (stop_at_newline && b == b'\n'))
        .unwrap_or(bytes.len())
}

/// The index just past the value starting at `bytes[0]`, when `bytes` holds all of it (a scalar
/// may run to the end); `None` when it is malformed or cut short. No depth limit.
#[must_use]
pub fn value_end(bytes: &[u8]) -> Option<usize> {
    let mut lexer = Lexer::new(false).with_max_depth(usize::MAX);
    match lexer.feed(bytes) {
        Lexed::Done(n) => Some(n),
        Lexed::NeedMore if lexer.in_scalar() => Some(bytes.len()),
        Lexed::NeedMore | Lexed::Error(..) => None,
    }
}

/// How many bytes at the start of `bytes` cannot change the lexer's state between values:
/// anything but `"`, a bracket, or (with `line_bound`) a line feed.
///
/// Outside strings a payload is mostly indentation, numbers, literals and punctuation, which a
/// byte-at-a-time match walked one by one (a fifth of the work on a folder of captures): eight
/// bytes at a time here, with the same SWAR test as [`find_quote_or_backslash`]. `| 0x20` folds
/// `[` onto `{` and `]` onto `}` (and no other byte onto either), so three tests cover five
/// bytes.
#[must_use]
pub fn skip_plain(bytes: &[u8], line_bound: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        let folded = x | (ONES * 0x20);
        // The lowest flagged byte of each test is exact, so the lowest of all of them is.
        let mut found = zero_byte(folded ^ (ONES * u64::from(b'{')))
            | zero_byte(folded ^ (ONES * u64::from(b'}')))
            | zero_byte(x ^ (ONES * u64::from(b'"')));
        if line_bound {
            found |= zero_byte(x ^ (ONES * u64::from(b'\n')));
        }
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']') || (line_bound && b == b'\n'))
        .unwrap_or(bytes.len() - i)
}

/// The first `"` or `\\` in `bytes`.
///
/// Strings in a payload are mostly short (member names, GUIDs, dates), where a call into
/// `memchr2` costs more than the search: eight bytes at a time with SWAR bit tricks first, and
/// `memchr2` only for the rest of a long string.
#[must_use]
pub fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const SWAR_BYTES: usize = 64;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut i = 0;
    while i + 8 <= bytes.len().min(SWAR_BYTES) {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        // The lowest flagged byte is exact (borrows only flag bytes above a true match).
        let found =
            zero_byte(x ^ (ONES * u64::from(b'"'))) | zero_byte(x ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    if bytes.len() > SWAR_BYTES {
        return memchr::memchr2(b'"', b'\\', &bytes[i..]).map(|p| i + p);
    }
    bytes[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|p| i + p)
}

/// The escape sequence at `raw[i]` (a `\`): its length in `raw` and the character it stands
/// for (a lone surrogate as U+FFFD).
///
/// # Errors
/// The index and wording of an invalid escape.
pub fn escape_at(raw: &[u8], i: usize) -> Result<(usize, char), (usize, String)> {
    Ok(match raw.get(i + 1) {
        Some(b'"') => (2, '"'),
        Some(b'\\') => (2, '\\'),
        Some(b'/') => (2, '/'),
        Some(b'b') => (2, '\u{8}'),
        Some(b'f') => (2, '\u{c}'),
        Some(b'n') => (2, '\n'),
        Some(b'r') => (2, '\r'),
        Some(b't') => (2, '\t'),
        Some(b'u') => {
            let unit = hex4(raw, i + 2).ok_or((i, "invalid \\u escape".to_owned()))?;
            let low = (raw.get(i + 6..i + 8) == Some(b"\\u"))
                .then(|| hex4(raw, i + 8))
                .flatten()
                .filter(|l| (0xDC00..0xE000).contains(l));
            match (unit, low) {
                (0xD800..=0xDBFF, Some(low)) => {
                    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    (12, char::from_u32(c).unwrap_or('\u{FFFD}'))
                }
                _ => (6, char::from_u32(unit).unwrap_or('\u{FFFD}')),
            }
        }
        _ => return Err((i, "invalid escape sequence in a string".to_owned())),
    })
}

/// Four hex digits at `raw[at]`, exactly (`from_str_radix` alone would take a sign: `+123`).
fn hex4(raw: &[u8], at: usize) -> Option<u32> {
    let digits = raw.get(at..at + 4)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// A member name (a string literal's body, without its quotes) as text: raw when it has no
/// escapes, decoded as serde_json decodes it when it has (raw again if that fails).
#[must_use]
pub fn decode_name(raw: &[u8]) -> Cow<'_, str> {
    if memchr::memchr(b'\\', raw).is_none() {
        return String::from_utf8_lossy(raw);
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    match serde_json::from_slice::<String>(&quoted) {
        Ok(name) => Cow::Owned(name),
        Err(_) => String::from_utf8_lossy(raw).into_owned().into(),
    }
}

pub(crate) mod block;
#[cfg(any(test, feature = "arbitrary-payloads"))]
mod chunking;
#[cfg(any(test, feature = "arbitrary-payloads"))]
pub use chunking::{Snapshot, Token, assert_chunk_independent, fuzz_chunking, tokens};
#[cfg(test)]
mod tests;
