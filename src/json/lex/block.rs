//! The lexer's fast path inside an object, an array or a string: 64 bytes at a time, from bit
//! masks.
//!
//! Inside a value the lexer only needs the brackets outside strings (and, when line-bound, the
//! first line feed). Byte-at-a-time lexing pays a call and a hard-to-predict branch per string
//! and per run of punctuation, which made the framer's lexer about 15% of a folder run. Here a
//! block is classified into one bit per byte for `"`, `\`, brackets (opening and closing alike)
//! and, when line-bound, line feeds (SIMD compares through `wide`, no `unsafe`), the escaped
//! bytes and the bytes inside strings follow from bit arithmetic (a prefix XOR of the unescaped
//! quotes, as simdjson's stage 1 does), and only the brackets outside strings are walked one by
//! one. A string at the top (a HAR body) ends at its first unescaped quote, found the same way.
//!
//! The result is exactly the byte-at-a-time lexer's, state included: `json::lex::tests` and
//! the `lexer` fuzz target compare the two on every text and every cutting. The one case the
//! masks cannot decide, a `\` outside a string (never valid JSON), is handed back to the
//! byte-at-a-time lexer.

use super::{LexError, Mode};
use wide::u8x16;

/// Bytes in a block.
pub(crate) const BLOCK: usize = 64;

/// What lexing one block gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// All 64 bytes consumed; the value goes on in this mode.
    Consumed(Mode),
    /// The value ends just before this index of the block (the lexer is in `Structure` mode).
    Done(usize),
    /// Malformed at this index of the block; the lexer is left in `mode`, as the
    /// byte-at-a-time lexer leaves it.
    Error(usize, LexError, Mode),
    /// A `\` outside a string: the byte-at-a-time lexer must take this block.
    Bytewise,
}

/// One bit per byte of a block (bit `i` for byte `i`).
#[derive(Debug, Default)]
struct Masks {
    quote: u64,
    backslash: u64,
    /// Opening and closing brackets alike: the few found are told apart by their byte.
    bracket: u64,
    /// Line feeds, when the lexer is line-bound (0 otherwise: nothing looks at them).
    newline: u64,
}

/// The masks of a block. Every byte of every input passes through here, so it computes no
/// mask it need not: brackets in one mask, line feeds only for a line-bound lexer.
fn classify(block: &[u8; BLOCK], line_bound: bool) -> Masks {
    let mut m = Masks::default();
    for (k, lane) in block.chunks_exact(16).enumerate() {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(lane);
        let v = u8x16::new(bytes);
        // `| 0x20` folds `[` onto `{` and `]` onto `}`, and no other byte onto either.
        let folded = v | u8x16::splat(0x20);
        // The sign bit of each lane, as 16 bits (`move_mask` fills the low 16 bits of an i32).
        let bits = |x: u8x16| u64::from(x.move_mask() as u16) << (16 * k);
        m.quote |= bits(v.cmp_eq(u8x16::splat(b'"')));
        m.backslash |= bits(v.cmp_eq(u8x16::splat(b'\\')));
        m.bracket |= bits(folded.cmp_eq(u8x16::splat(b'{')) | folded.cmp_eq(u8x16::splat(b'}')));
        if line_bound {
            m.newline |= bits(v.cmp_eq(u8x16::splat(b'\n')));
        }
    }
    m
}

/// Bit `i` of the result is the XOR of bits `0..=i` of `x`.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// Odd bit positions (1, 3, 5...).
const ODD_BITS: u64 = 0xAAAA_AAAA_AAAA_AAAA;

/// The bytes a `\` escapes in a block, reading every backslash as if it were inside a string,
/// and whether the block's last byte is a backslash that escapes the next block's first.
/// `carry` says the block's first byte is escaped (the previous block ended on an escaping `\`).
///
/// Branch-free, as simdjson's escape scanner: in a run of backslashes the first escapes the
/// second, the third the fourth..., so the byte after a run is escaped when the run is odd.
/// Subtracting the run starts from the odd bits marks each run by whether it starts on an even
/// or an odd bit, which the XOR turns into "escaped". A loop over the backslashes cost a
/// branch per backslash, and a HAR body (JSON inside a JSON string) has one every few bytes.
///
/// Exact on every byte that is not itself a backslash (and on the first byte when `carry`),
/// which is all the lexer asks: the quotes and line feeds it masks are never backslashes.
pub(crate) fn escapes(backslash: u64, carry: bool) -> (u64, bool) {
    let first = u64::from(carry);
    let starts = backslash & !first;
    let code = (((starts << 1) | ODD_BITS).wrapping_sub(starts)) ^ ODD_BITS;
    let escaped = code ^ (backslash | first);
    (escaped, (code & backslash) >> 63 != 0)
}

/// Lexes one block of a value whose brackets `stack` holds, starting in `mode` (`Structure`,
/// `String` or `Escape`; with `stack` empty, only a string at the top: `String` or `Escape`).
/// Pushes and pops `stack` as the byte-at-a-time lexer would, up to where the block's outcome
/// is decided.
pub(super) fn lex(
    block: &[u8; BLOCK],
    mode: Mode,
    stack: &mut Vec<u8>,
    max_depth: usize,
    line_bound: bool,
) -> Outcome {
    debug_assert!(!stack.is_empty() || matches!(mode, Mode::String | Mode::Escape));
    let m = classify(block, line_bound);

    // Most blocks of a payload hold no bracket, no backslash and no line feed: only the number
    // of quotes then matters (an odd number flips inside / outside a string), and the prefix
    // XOR below, a chain of twelve dependent operations, is not needed.
    if m.backslash | m.bracket | m.newline == 0 && mode != Mode::Escape && !stack.is_empty() {
        let in_string = (mode == Mode::String) ^ (m.quote.count_ones() % 2 == 1);
        return Outcome::Consumed(if in_string {
            Mode::String
        } else {
            Mode::Structure
        });
    }

    let (escaped, escape_continues) = escapes(m.backslash, mode == Mode::Escape);

    if stack.is_empty() {
        return top_string(&m, escaped, escape_continues);
    }

    // Inside strings: from an opening quote (included) to its closing quote (excluded).
    let mut inside = prefix_xor(m.quote & !escaped);
    if matches!(mode, Mode::String | Mode::Escape) {
        inside = !inside;
    }
    if m.backslash & !inside != 0 {
        return Outcome::Bytewise;
    }

    // Line-bound: the first line feed that is not escaped ends the value with an error, unless
    // a bracket before it ends the value first.
    let line_feeds = m.newline & !escaped;
    let line_end = line_feeds.trailing_zeros() as usize;
    let mut brackets = m.bracket & !inside;
    if line_end < BLOCK {
        brackets &= (1u64 << line_end) - 1;
    }
    while brackets != 0 {
        let p = brackets.trailing_zeros() as usize;
        brackets &= brackets - 1;
        let b = block[p];
        if b | 0x20 == b'{' {
            if stack.len() >= max_depth {
                return Outcome::Error(p, LexError::TooDeep, Mode::Structure);
            }
            stack.push(b);
        } else {
            let open = stack.pop().unwrap_or(b'?');
            let matches = if open == b'{' { b == b'}' } else { b == b']' };
            if !matches {
                return Outcome::Error(p, LexError::Mismatch { open, found: b }, Mode::Structure);
            }
            if stack.is_empty() {
                return Outcome::Done(p + 1);
            }
        }
    }
    if line_end < BLOCK {
        return if inside & (1 << line_end) != 0 {
            Outcome::Error(line_end, LexError::LineEndsInString, Mode::String)
        } else {
            Outcome::Error(line_end, LexError::LineEndsInValue, Mode::Structure)
        };
    }
    Outcome::Consumed(if escape_continues {
        Mode::Escape
    } else if inside & (1 << 63) != 0 {
        Mode::String
    } else {
        Mode::Structure
    })
}

/// The rest of [`lex`] for a string at the top (no bracket open): it ends at its first
/// unescaped quote, and a line-bound lexer fails at a line feed before that. A HAR body is such
/// a string, megabytes long and full of `\"`, which a byte at a time cost a search per escape.
fn top_string(m: &Masks, escaped: u64, escape_continues: bool) -> Outcome {
    let end = (m.quote & !escaped).trailing_zeros() as usize;
    let line_end = (m.newline & !escaped).trailing_zeros() as usize;
    if line_end < end {
        return Outcome::Error(line_end, LexError::LineEndsInString, Mode::String);
    }
    if end < BLOCK {
        return Outcome::Done(end + 1);
    }
    Outcome::Consumed(if escape_continues {
        Mode::Escape
    } else {
        Mode::String
    })
}

#[cfg(test)]
mod tests {
    use super::escapes;

    /// The loop [`escapes`] replaced: each backslash not itself escaped escapes the next byte.
    fn escapes_by_loop(backslash: u64, carry: bool) -> (u64, bool) {
        let mut escaped = 0u64;
        let mut escaping = backslash;
        if carry {
            escaped = 1;
            escaping &= !1;
        }
        while escaping != 0 {
            let p = escaping.trailing_zeros();
            if p == 63 {
                return (escaped, true);
            }
            escaped |= 1 << (p + 1);
            escaping &= !(0b11 << p);
        }
        (escaped, false)
    }

    fn agree(backslash: u64, carry: bool) {
        let (fast, fast_carry) = escapes(backslash, carry);
        let (slow, slow_carry) = escapes_by_loop(backslash, carry);
        // Exact on every byte that is not a backslash, and on the first when it is carried.
        let exact = !backslash | u64::from(carry);
        assert_eq!(
            fast & exact,
            slow & exact,
            "backslashes {backslash:064b}, carry {carry}"
        );
        assert_eq!(
            fast_carry, slow_carry,
            "backslashes {backslash:064b}, carry {carry}"
        );
    }

    /// Every pattern of backslashes in 16 bytes, at the block's start (carry in) and at its
    /// end (carry out), then a million blocks of every density.
    #[test]
    fn branch_free_escapes_are_the_loops() {
        for pattern in 0..=u64::from(u16::MAX) {
            for carry in [false, true] {
                agree(pattern, carry);
                agree(pattern << 48, carry);
                agree(pattern << 23 | 1 << 63, carry);
            }
        }
        let mut rng = crate::r#gen::Rng::new(11);
        for round in 0..1_000_000u32 {
            // AND-ing or OR-ing random words thins or thickens the backslashes.
            let mut word = rng.next_u64();
            for _ in 0..round % 4 {
                word &= rng.next_u64();
            }
            if round % 5 == 4 {
                word |= rng.next_u64();
            }
            agree(word, round % 2 == 1);
        }
    }
}
