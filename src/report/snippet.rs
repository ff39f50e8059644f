//! The source line around a violation, for the human format's caret display.

use serde::Serialize;

/// A line of the input (or a window of a long line) with the column the caret points at.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    /// The text, without its line break; `…` marks where a long line was cut.
    pub text: String,
    /// 0-based character index of the caret in `text`.
    pub caret: usize,
}

/// Characters shown on each side of the caret on a long line.
const WINDOW: usize = 60;

/// Bytes looked at on each side of the offset: more than WINDOW characters of up to 4 bytes.
const REACH: usize = 4 * WINDOW + 8;

/// The first UTF-8 character boundary at or after `i` (at most 3 bytes on).
fn char_start(bytes: &[u8], mut i: usize) -> usize {
    let stop = (i + 3).min(bytes.len());
    while i < stop && (bytes[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

impl Snippet {
    /// The line around byte `offset` of `bytes`. `bytes` may start mid-line (an operation that
    /// does not begin a line): the snippet then starts where `bytes` does.
    #[must_use]
    pub fn around(bytes: &[u8], offset: usize) -> Snippet {
        let offset = offset.min(bytes.len());
        // Only a window around the offset is looked at: a minified payload is one long line,
        // and scanning it whole for each of its violations would be quadratic. REACH bytes hold
        // more than WINDOW characters, so a cut line still gets its `…`.
        // `char_start` moves forward past continuation bytes, so on bytes that are not UTF-8 it
        // could pass the offset: keep the window around it.
        let from = char_start(bytes, offset.saturating_sub(REACH)).min(offset);
        let to = char_start(bytes, (offset + REACH).min(bytes.len())).max(offset);
        let start = memchr::memrchr(b'\n', &bytes[from..offset]).map_or(from, |i| from + i + 1);
        let end = memchr::memchr(b'\n', &bytes[offset..to]).map_or(to, |i| offset + i);
        let before = String::from_utf8_lossy(&bytes[start..offset]);
        let after = String::from_utf8_lossy(&bytes[offset..end]);
        let before = printable(&before);
        let after = printable(after.trim_end_matches('\r'));
        let mut text = String::new();
        let mut caret = before.len();
        if before.len() > WINDOW {
            text.push('…');
            text.extend(&before[before.len() - WINDOW..]);
            caret = WINDOW + 1;
        } else {
            text.extend(&before);
        }
        if after.len() > WINDOW {
            text.extend(&after[..WINDOW]);
            text.push('…');
        } else {
            text.extend(&after);
        }
        Snippet { text, caret }
    }
}

/// Control characters shown as visible symbols, so a snippet never moves the terminal cursor;
/// the other characters a terminal would interpret (C1, bidi controls, line separators) shown
/// escaped as everywhere else in the human report.
fn printable(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c if crate::report::render::escape::is_unsafe(c) => {
                out.extend(format!("\\u{{{:x}}}", c as u32).chars());
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_over_continuation_bytes_does_not_pass_the_offset() {
        // Found by the fuzz seed replay: bytes starting with a UTF-8 continuation byte made the
        // window start after the offset (a slice panic).
        for offset in 0..4 {
            let s = Snippet::around(b"\x80\x80\x80\x80", offset);
            assert!(s.caret <= s.text.chars().count());
        }
    }

    #[test]
    fn shows_the_line_with_the_caret_under_the_offset() {
        let s = Snippet::around(b"{\n  \"progress\": \"50\",\n}", 16);
        assert_eq!(s.text, "  \"progress\": \"50\",");
        assert_eq!(s.caret, 14);
    }

    #[test]
    fn cuts_long_lines_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let s = Snippet::around(line.as_bytes(), 200);
        assert_eq!(s.text.chars().nth(s.caret), Some('X'));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn bidi_and_c1_characters_are_escaped_and_the_caret_follows() {
        let s = Snippet::around("a\u{202e}b\u{9b}X".as_bytes(), 7);
        assert_eq!(s.text, "a\\u{202e}b\\u{9b}X");
        assert_eq!(s.text.chars().nth(s.caret), Some('X'));
    }

    #[test]
    fn a_long_line_is_not_scanned_whole() {
        // Regression: each violation on a minified payload scanned the whole line, so 1M
        // violations on one 3 MB line took quadratic time. The window is the same either way.
        let line = format!("{}é{}", "a".repeat(1 << 20), "b".repeat(1 << 20));
        let s = Snippet::around(line.as_bytes(), 1 << 20);
        assert_eq!(s.text.chars().nth(s.caret), Some('é'));
        assert_eq!(s.text.chars().count(), 2 * WINDOW + 2);
        let cut_mid_char = Snippet::around("é".repeat(1000).as_bytes(), 1000);
        assert!(
            !cut_mid_char.text.contains('\u{fffd}'),
            "{}",
            cut_mid_char.text
        );
    }

    #[test]
    fn an_offset_inside_a_character_near_the_start_is_not_a_panic() {
        // Regression (fuzz seed replay): the window's start moved to the next character
        // boundary, past an offset that points inside the first character.
        let s = Snippet::around("é{".as_bytes(), 1);
        assert_eq!(s.caret, 1);
        let s = Snippet::around(&[0x80, 0x80, b'x'], 1);
        assert!(s.text.ends_with('x'), "{}", s.text);
    }

    #[test]
    fn control_characters_are_made_visible() {
        let s = Snippet::around(b"ab\0cd", 2);
        assert_eq!(s.text, "ab\u{2400}cd");
    }
}
