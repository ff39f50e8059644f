//! Locations in the input as stored: byte offset, 1-based line and 1-based column in characters.

/// A place in an input. `column` counts Unicode scalar values (UTF-8 lead bytes; an invalid byte
/// counts as one character), so it matches what an editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Byte offset from the start of the input (of the decompressed text for `.gz`).
    pub offset: u64,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

impl Position {
    /// The first byte of an input.
    pub const START: Position = Position {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// The position reached after reading `bytes` from `self`.
    ///
    /// Vectorisable: newlines are found with memchr and characters are counted only after the
    /// last newline, so advancing over a large region costs about as much as a memchr pass.
    #[must_use]
    pub fn advanced_by(self, bytes: &[u8]) -> Position {
        let offset = self.offset + bytes.len() as u64;
        match memchr::memrchr(b'\n', bytes) {
            None => Position {
                offset,
                line: self.line,
                column: self.column + count_chars(bytes),
            },
            Some(last) => Position {
                offset,
                line: self.line + memchr::memchr_iter(b'\n', bytes).count() as u64,
                column: 1 + count_chars(&bytes[last + 1..]),
            },
        }
    }
}

/// Characters in a byte run: every byte that is not a UTF-8 continuation byte.
///
/// Counted in byte-wide lanes over runs of 192 (a byte counter cannot overflow there), which
/// the compiler vectorises 32 bytes at a time (two 16-byte registers on the baseline x86-64
/// target); a `usize` count would take four times as many instructions, and this runs over
/// every byte of the input. 192 is a multiple of that step: runs of 255 left 31 bytes of each
/// run to a byte-at-a-time tail, which cost more than the vectorised part.
fn count_chars(bytes: &[u8]) -> u64 {
    bytes
        .chunks(192)
        .map(|run| {
            let in_run = run
                .iter()
                .fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40));
            u64::from(in_run)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let p = Position::START.advanced_by("héllo".as_bytes());
        assert_eq!((p.offset, p.line, p.column), (6, 1, 6));
    }

    #[test]
    fn long_runs_count_every_character() {
        let text = "aé🚀\n".repeat(300) + &"ж".repeat(700);
        let p = Position::START.advanced_by(text.as_bytes());
        assert_eq!((p.line, p.column), (301, 701));
    }

    #[test]
    fn newlines_reset_the_column() {
        let p = Position::START.advanced_by(b"ab\ncd\nx");
        assert_eq!((p.offset, p.line, p.column), (7, 3, 2));
    }

    #[test]
    fn advancing_in_pieces_equals_advancing_at_once() {
        let text = "{\n  \"a\": \"é\",\n  \"b\": [1,\n2]}".as_bytes();
        let whole = Position::START.advanced_by(text);
        for cut in 0..text.len() {
            let parts = Position::START
                .advanced_by(&text[..cut])
                .advanced_by(&text[cut..]);
            assert_eq!(parts, whole, "cut at {cut}");
        }
    }
}
