//! A streaming check that one JSON value is well formed: RFC 8259's grammar, in UTF-8, fed in
//! pieces of any size with a few bytes of state between them.
//!
//! For the parts of a text no parser reads: the scanner ([`crate::json::scan`]) skips most of a
//! HAR (other requests, headers, timings) without keeping it, and its lexer only balances
//! brackets and finds where strings end. Without this check a HAR with invalid UTF-8 in a
//! header, a bad escape in a member name or a missing `:` validated clean.
//!
//! It accepts exactly what serde_json accepts as one value (`IgnoredAny`, which takes a lone
//! surrogate escape, as JavaScript's `JSON.stringify` writes one) when the text is UTF-8, up to
//! [`MAX_DEPTH`] levels of nesting. The `wellformed` fuzz target holds the two equal, and the
//! answer the same however the text is cut.

use crate::json::frame::describe_byte;
use crate::json::lex::MAX_DEPTH;

/// Why a value is not well formed: the offset of the offending byte (from the value's first
/// byte) and what is wrong, worded for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub at: usize,
    pub message: String,
}

/// The check's state between two pieces of a value.
#[derive(Debug, Clone)]
pub struct WellFormed {
    state: State,
    /// Open containers, innermost last: `true` for an object.
    open: Vec<bool>,
    /// Bytes fed before the current piece.
    fed: usize,
    /// Where the number or literal being read started, and its first bytes, for the message.
    token_at: usize,
    token: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A value must come (the start, or after `:` or an array's `,`).
    Value,
    /// After `[`: a value or `]`.
    ValueOrClose,
    /// After `{`: a member name or `}`.
    NameOrClose,
    /// After an object's `,`: a member name.
    Name,
    /// After a member name: `:`.
    Colon,
    /// After a value in a container: `,` or the container's closing bracket.
    CommaOrClose,
    /// The value is complete: only whitespace may follow.
    Done,
    /// Inside a string (`name`: a member name); `need` more bytes of a UTF-8 sequence, the next
    /// one in `lo..=hi`.
    Str {
        name: bool,
        need: u8,
        lo: u8,
        hi: u8,
    },
    /// After a `\` in a string.
    Escape {
        name: bool,
    },
    /// Inside a `\u` escape, `left` hexadecimal digits to go.
    Hex {
        name: bool,
        left: u8,
    },
    Number(Num),
    /// Inside `true`, `false` or `null`: the bytes still to come.
    Literal {
        rest: &'static [u8],
    },
}

/// Where a number is in its grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl Num {
    /// The state after `b`, or `None` when `b` does not continue the number.
    fn next(self, b: u8) -> Option<Num> {
        Some(match (self, b) {
            (Num::Minus, b'0') => Num::Zero,
            (Num::Minus, b'1'..=b'9') | (Num::Int, b'0'..=b'9') => Num::Int,
            (Num::Zero | Num::Int, b'.') => Num::Dot,
            (Num::Dot | Num::Frac, b'0'..=b'9') => Num::Frac,
            (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::E,
            (Num::E, b'+' | b'-') => Num::ESign,
            (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Num::Exp,
            _ => return None,
        })
    }

    /// Whether the number may end here.
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }

    /// What the number still needs, when it may not end here.
    fn lacks(self) -> &'static str {
        match self {
            Num::Minus => "a digit must follow `-`",
            Num::Zero => "no digit may follow a leading zero",
            Num::Dot => "a digit must follow the decimal point",
            Num::E | Num::ESign => "a digit must follow the exponent's `e`",
            Num::Int | Num::Frac | Num::Exp => "it is complete",
        }
    }
}

/// The most bytes of a number or literal kept for a message.
const TOKEN_SHOWN: usize = 24;

impl Default for WellFormed {
    fn default() -> Self {
        WellFormed::new()
    }
}

impl WellFormed {
    /// A check waiting for the first byte of a value.
    #[must_use]
    pub fn new() -> Self {
        WellFormed {
            state: State::Value,
            open: Vec::new(),
            fed: 0,
            token_at: 0,
            token: Vec::new(),
        }
    }

    /// Ready for another value, keeping the allocations.
    pub fn reset(&mut self) {
        self.state = State::Value;
        self.open.clear();
        self.fed = 0;
        self.token.clear();
    }

    /// Checks the next piece of the value.
    ///
    /// # Errors
    /// The first byte, counted from the value's start, where the text stops being one
    /// well-formed JSON value (followed by whitespace at most). The check is then over.
    pub fn feed(&mut self, piece: &[u8]) -> Result<(), Malformed> {
        let mut i = 0;
        while i < piece.len() {
            let b = piece[i];
            match self.state {
                State::Str { name, need: 0, .. } => {
                    // 64 bytes at a time while they hold nothing to stop at.
                    match string_blocks(&piece[i..]) {
                        Blocks::Consumed(n) => i += n,
                        Blocks::Escaped(n) => {
                            // Byte `i + n` is escaped: the escape state reads it.
                            i += n;
                            self.state = State::Escape { name };
                            continue;
                        }
                    }
                    let Some(&b) = piece.get(i) else { break };
                    self.string_byte(name, b, i)?;
                }
                State::Str { name, need, lo, hi } => {
                    if !(lo..=hi).contains(&b) {
                        return Err(self.utf8_error(i));
                    }
                    self.state = State::Str {
                        name,
                        need: need - 1,
                        lo: 0x80,
                        hi: 0xBF,
                    };
                }
                State::Escape { name } => {
                    self.state = match b {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => State::Str {
                            name,
                            need: 0,
                            lo: 0,
                            hi: 0,
                        },
                        b'u' => State::Hex { name, left: 4 },
                        _ => {
                            return Err(self.error(
                                i.wrapping_sub(1),
                                format!(
                                    "{} after `\\` in a string: the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hexadecimal digits",
                                    describe_byte(b)
                                ),
                            ));
                        }
                    };
                }
                State::Hex { name, left } => {
                    if !b.is_ascii_hexdigit() {
                        return Err(self.error(
                            i,
                            format!(
                                "{} in a `\\u` escape: four hexadecimal digits must follow `\\u`",
                                describe_byte(b)
                            ),
                        ));
                    }
                    self.state = if left == 1 {
                        State::Str {
                            name,
                            need: 0,
                            lo: 0,
                            hi: 0,
                        }
                    } else {
                        State::Hex {
                            name,
                            left: left - 1,
                        }
                    };
                }
                State::Number(n) => match n.next(b) {
                    Some(next) => {
                        self.keep(b);
                        self.state = State::Number(next);
                    }
                    None if n.complete() && !(n == Num::Zero && b.is_ascii_digit()) => {
                        // The byte after the number is read again, in the state after a value.
                        self.after_value();
                        continue;
                    }
                    None => {
                        if !is_delimiter(b) {
                            self.keep(b);
                        }
                        return Err(
                            self.token_error(format!("invalid number `{}`", self.shown()), n)
                        );
                    }
                },
                State::Literal { rest } => {
                    if b != rest[0] {
                        if b.is_ascii_alphanumeric() {
                            self.keep(b);
                        }
                        return Err(self.literal_error());
                    }
                    self.keep(b);
                    if rest.len() == 1 {
                        self.after_value();
                    } else {
                        self.state = State::Literal { rest: &rest[1..] };
                    }
                }
                _ if is_ws(b) => {}
                State::Value | State::ValueOrClose => self.value_start(b, i)?,
                State::NameOrClose | State::Name => match b {
                    b'"' => {
                        self.state = State::Str {
                            name: true,
                            need: 0,
                            lo: 0,
                            hi: 0,
                        };
                    }
                    b'}' if self.state == State::NameOrClose => self.close(),
                    _ => {
                        return Err(self.error(
                            i,
                            format!(
                                "expected a member name in double quotes, found {}",
                                describe_byte(b)
                            ),
                        ));
                    }
                },
                State::Colon => {
                    if b != b':' {
                        return Err(self.error(
                            i,
                            format!(
                                "expected `:` after a member name, found {}",
                                describe_byte(b)
                            ),
                        ));
                    }
                    self.state = State::Value;
                }
                State::CommaOrClose => {
                    let object = self.open.last().copied().unwrap_or(false);
                    match (b, object) {
                        (b',', true) => self.state = State::Name,
                        (b',', false) => self.state = State::Value,
                        (b'}', true) | (b']', false) => self.close(),
                        _ => {
                            let expected = if object {
                                "`,` or `}` after a member"
                            } else {
                                "`,` or `]` after an element"
                            };
                            return Err(self.error(
                                i,
                                format!("expected {expected}, found {}", describe_byte(b)),
                            ));
                        }
                    }
                }
                State::Done => {
                    return Err(self.error(
                        i,
                        format!("expected the end of the value, found {}", describe_byte(b)),
                    ));
                }
            }
            i += 1;
        }
        self.fed += piece.len();
        Ok(())
    }

    /// The value has ended (the text ends, or the next byte is not the value's).
    ///
    /// # Errors
    /// When the value is not complete.
    pub fn finish(&mut self) -> Result<(), Malformed> {
        match self.state {
            State::Done => Ok(()),
            State::Number(n) if !n.complete() => {
                Err(self.token_error(format!("invalid number `{}`", self.shown()), n))
            }
            State::Number(_) if self.open.is_empty() => {
                self.state = State::Done;
                Ok(())
            }
            State::Literal { .. } => Err(self.literal_error()),
            State::Str { .. } | State::Escape { .. } | State::Hex { .. } => Err(Malformed {
                at: self.fed,
                message: "unexpected end of the value in the middle of a string".to_owned(),
            }),
            _ => Err(Malformed {
                at: self.fed,
                message: if self.open.is_empty() {
                    "unexpected end of input: expected a JSON value".to_owned()
                } else {
                    "unexpected end of the value inside an object or array".to_owned()
                },
            }),
        }
    }

    /// A byte of a string that is a quote, a backslash, a control character or not ASCII.
    fn string_byte(&mut self, name: bool, b: u8, i: usize) -> Result<(), Malformed> {
        let (need, lo, hi) = match b {
            b'"' => {
                if name {
                    self.state = State::Colon;
                } else {
                    self.after_value();
                }
                return Ok(());
            }
            b'\\' => {
                self.state = State::Escape { name };
                return Ok(());
            }
            0..=0x1F => {
                return Err(self.error(
                    i,
                    format!(
                        "{} inside a string: control characters must be escaped (\\u{b:04x})",
                        describe_byte(b)
                    ),
                ));
            }
            // The first byte of a UTF-8 sequence, and the range its second byte must be in
            // (no overlong form, no surrogate, nothing above U+10FFFF).
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return Err(self.utf8_error(i)),
        };
        self.state = State::Str { name, need, lo, hi };
        Ok(())
    }

    /// The first byte of a value, where one must come.
    fn value_start(&mut self, b: u8, i: usize) -> Result<(), Malformed> {
        self.state = match b {
            b'{' | b'[' => {
                if self.open.len() >= MAX_DEPTH {
                    return Err(self.error(i, format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                self.open.push(b == b'{');
                if b == b'{' {
                    State::NameOrClose
                } else {
                    State::ValueOrClose
                }
            }
            b']' if self.state == State::ValueOrClose => {
                self.close();
                return Ok(());
            }
            b'"' => State::Str {
                name: false,
                need: 0,
                lo: 0,
                hi: 0,
            },
            b'-' | b'0'..=b'9' => {
                self.start_token(i, b);
                State::Number(if b == b'-' {
                    Num::Minus
                } else if b == b'0' {
                    Num::Zero
                } else {
                    Num::Int
                })
            }
            b't' | b'f' | b'n' => {
                self.start_token(i, b);
                let rest: &'static [u8] = match b {
                    b't' => b"rue",
                    b'f' => b"alse",
                    _ => b"ull",
                };
                State::Literal { rest }
            }
            _ => {
                let found = if b == b'<' {
                    "`<` (this looks like an HTML or XML page, not JSON)".to_owned()
                } else {
                    describe_byte(b)
                };
                return Err(self.error(i, format!("expected a JSON value, found {found}")));
            }
        };
        Ok(())
    }

    fn close(&mut self) {
        self.open.pop();
        self.after_value();
    }

    fn after_value(&mut self) {
        self.state = if self.open.is_empty() {
            State::Done
        } else {
            State::CommaOrClose
        };
    }

    fn start_token(&mut self, i: usize, b: u8) {
        self.token_at = self.fed + i;
        self.token.clear();
        self.token.push(b);
    }

    fn keep(&mut self, b: u8) {
        if self.token.len() < TOKEN_SHOWN {
            self.token.push(b);
        }
    }

    fn shown(&self) -> String {
        String::from_utf8_lossy(&self.token).into_owned()
    }

    fn error(&self, i: usize, message: String) -> Malformed {
        Malformed {
            at: self.fed.wrapping_add(i),
            message,
        }
    }

    fn utf8_error(&self, i: usize) -> Malformed {
        self.error(
            i,
            "invalid UTF-8 in a string (JSON text must be UTF-8)".to_owned(),
        )
    }

    fn token_error(&self, what: String, n: Num) -> Malformed {
        Malformed {
            at: self.token_at,
            message: format!("{what}: {}", n.lacks()),
        }
    }

    fn literal_error(&self) -> Malformed {
        Malformed {
            at: self.token_at,
            message: format!(
                "expected a JSON value, found `{}` (the literals are true, false and null)",
                self.shown()
            ),
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_delimiter(b: u8) -> bool {
    is_ws(b) || matches!(b, b',' | b']' | b'}')
}

/// How far the 64-byte blocks of a string's bytes went.
enum Blocks {
    /// `n` bytes are plain text, two-byte escapes, or quotes and backslashes they escape; the
    /// string goes on in its plain state (or the next byte needs looking at).
    Consumed(usize),
    /// Byte `n` is escaped by the `\` before it, and is not a quote or a backslash: a `\u`, a
    /// `\n`..., or a bad escape, for the escape state to read.
    Escaped(usize),
}

/// The bytes of a string in 64-byte blocks, from bit masks as the lexer's blocks (simdjson's
/// escape scan): a stored JSON body has an escape every few bytes, and taking each through a
/// state change cost more than reading the block. Stops before the first unescaped quote,
/// control character or non-ASCII byte (the bytewise path reads it), and at the first escaped
/// byte other than `"` and `\`; a block ending on an escaping `\` also stops there. The last
/// bytes, fewer than a block, are read as a block padded with plain text.
fn string_blocks(bytes: &[u8]) -> Blocks {
    use crate::json::lex::block::{BLOCK, escapes};
    let mut i = 0;
    while i < bytes.len() {
        let len = (bytes.len() - i).min(BLOCK);
        let (quote, backslash, stop) = match bytes.get(i..i + BLOCK) {
            Some(block) => string_masks(block.try_into().expect("a block")),
            None => {
                let mut block = [b'a'; BLOCK];
                block[..len].copy_from_slice(&bytes[i..]);
                string_masks(&block)
            }
        };
        let (escaped, carry) = escapes(backslash, false);
        // `escapes` is exact on bytes that are not backslashes: an escaped backslash is fine.
        let odd = escaped & !backslash & !quote;
        let end = (quote & !escaped) | stop;
        let first_odd = odd.trailing_zeros() as usize;
        let first_end = end.trailing_zeros() as usize;
        // An escaped control character or non-ASCII byte is a bad escape, not a bad byte. A
        // `\` ending the bytes escapes the first byte of padding: the next piece's first byte.
        if odd != 0 && first_odd <= first_end {
            return Blocks::Escaped(i + first_odd);
        }
        if end != 0 {
            return Blocks::Consumed(i + first_end);
        }
        i += len;
        if carry {
            return Blocks::Escaped(i);
        }
    }
    Blocks::Consumed(i)
}

/// One bit per byte of `block` for `"`, for `\`, and for the bytes a string cannot take as
/// they are: control characters and non-ASCII bytes, which read signed are those below 0x20.
fn string_masks(block: &[u8; crate::json::lex::block::BLOCK]) -> (u64, u64, u64) {
    use wide::{CmpEq, CmpLt, i8x16};
    let (mut quote, mut backslash, mut stop) = (0u64, 0u64, 0u64);
    for (k, lane) in block.chunks_exact(16).enumerate() {
        let lanes: [u8; 16] = lane.try_into().expect("sixteen bytes");
        let v = i8x16::new(lanes.map(|b| b as i8));
        let bits = |x: i8x16| u64::from(x.move_mask() as u16) << (16 * k);
        quote |= bits(v.cmp_eq(i8x16::splat(b'"' as i8)));
        backslash |= bits(v.cmp_eq(i8x16::splat(b'\\' as i8)));
        stop |= bits(v.cmp_lt(i8x16::splat(0x20)));
    }
    (quote, backslash, stop)
}

/// Checks one whole value, as the fuzz target and the tests compare with serde_json.
///
/// # Errors
/// As [`WellFormed::feed`] and [`WellFormed::finish`].
pub fn check(text: &[u8]) -> Result<(), Malformed> {
    let mut check = WellFormed::new();
    check.feed(text)?;
    check.finish()
}

/// Checks `text` fed in pieces cut at `cuts` (in order), as the fuzz target and the tests
/// compare with [`check`].
///
/// # Errors
/// As [`check`].
#[cfg(any(test, feature = "arbitrary-payloads"))]
pub fn check_in_pieces(text: &[u8], cuts: &[usize]) -> Result<(), Malformed> {
    let mut check = WellFormed::new();
    let mut start = 0;
    for &cut in cuts.iter().chain([&text.len()]) {
        let cut = cut.clamp(start, text.len());
        check.feed(&text[start..cut])?;
        start = cut;
    }
    check.finish()
}

/// The `wellformed` fuzz target: the first byte chooses how the rest is cut (pieces of 1 to 16
/// bytes, cycling), the rest is any text. The answer cut is the answer whole, and it is
/// serde_json's (in UTF-8) wherever serde_json's own nesting limit does not decide.
#[cfg(any(test, feature = "arbitrary-payloads"))]
pub fn fuzz(data: &[u8]) {
    let Some((&pattern, text)) = data.split_first() else {
        return;
    };
    let whole = check(text);
    let mut cuts = Vec::new();
    let mut at = 0;
    for step in 0.. {
        at += 1 + usize::from(pattern.rotate_left(step) & 0x0F);
        if at >= text.len() {
            break;
        }
        cuts.push(at);
    }
    let cut = check_in_pieces(text, &cuts);
    assert_eq!(cut, whole, "cut as pattern {pattern:#04x}");
    if let Err(e) = &whole {
        assert!(e.at <= text.len(), "{e:?} beyond the text");
    }
    // serde_json stops at 128 levels: brackets anywhere (in strings too) bound the depth.
    let brackets = text.iter().filter(|&&b| b == b'[' || b == b'{').count();
    if brackets < 120 {
        let serde = std::str::from_utf8(text).is_ok()
            && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok();
        assert_eq!(whole.is_ok(), serde, "serde_json says {serde}: {whole:?}");
    }
}

#[cfg(test)]
mod tests;
