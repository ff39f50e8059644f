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

impl Snippet {
    /// The line around byte `offset` of `bytes`. `bytes` may start mid-line (an operation that
    /// does not begin a line): the snippet then starts where `bytes` does.
    #[must_use]
    pub fn around(bytes: &[u8], offset: usize) -> Snippet {
        let offset = offset.min(bytes.len());
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
        let before = String::from_utf8_lossy(&bytes[start..offset]);
        let after = String::from_utf8_lossy(&bytes[offset..end]);
        let before: Vec<char> = before.chars().map(printable).collect();
        let after: Vec<char> = after
            .trim_end_matches('\r')
            .chars()
            .map(printable)
            .collect();
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

/// Control characters shown as visible symbols, so a snippet never moves the terminal cursor.
fn printable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
        '\u{7f}' => '␡',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn control_characters_are_made_visible() {
        let s = Snippet::around(b"ab\0cd", 2);
        assert_eq!(s.text, "ab\u{2400}cd");
    }
}
