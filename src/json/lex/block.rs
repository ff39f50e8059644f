//! The lexer's fast path inside an object or array: 64 bytes at a time, from bit masks.
//!
//! Inside a value the lexer only needs the brackets outside strings (and, when line-bound, the
//! first line feed). Byte-at-a-time lexing pays a call and a hard-to-predict branch per string
//! and per run of punctuation, which made the framer's lexer about 15% of a folder run. Here a
//! block is classified into one bit per byte for `"`, `\`, brackets (opening and closing alike)
//! and, when line-bound, line feeds (SIMD compares through `wide`, no `unsafe`), the escaped
//! bytes and the bytes inside strings follow from bit arithmetic (a prefix XOR of the unescaped
//! quotes, as simdjson's stage 1 does), and only the brackets outside strings are walked one by
//! one.
//!
//! The result is exactly the byte-at-a-time lexer's, state included: `json::lex::tests` and
//! the `lexer` fuzz target compare the two on every text and every cutting. The one case the
//! masks cannot decide, a `\` outside a string (never valid JSON), is handed back to the
//! byte-at-a-time lexer.

use super::{LexError, Mode};
use wide::u8x16;

/// Bytes in a block.
pub(super) const BLOCK: usize = 64;

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

/// Lexes one block of a value whose brackets `stack` holds (never empty), starting in `mode`
/// (`Structure`, `String` or `Escape`). Pushes and pops `stack` as the byte-at-a-time lexer
/// would, up to where the block's outcome is decided.
pub(super) fn lex(
    block: &[u8; BLOCK],
    mode: Mode,
    stack: &mut Vec<u8>,
    max_depth: usize,
    line_bound: bool,
) -> Outcome {
    debug_assert!(!stack.is_empty());
    let m = classify(block, line_bound);

    // The bytes a backslash escapes, reading every backslash as if it were inside a string
    // (checked below): the first of a run escapes the second, the third the fourth...
    let mut escaped = 0u64;
    let mut escaping = m.backslash;
    if mode == Mode::Escape {
        escaped = 1;
        escaping &= !1;
    }
    let mut escape_continues = false;
    while escaping != 0 {
        let p = escaping.trailing_zeros();
        if p == 63 {
            escape_continues = true;
            break;
        }
        escaped |= 1 << (p + 1);
        escaping &= !(0b11 << p);
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
