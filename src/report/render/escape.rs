//! Text from payloads and file names made safe for a terminal or a CI log: characters that move
//! the cursor, start an escape sequence, reorder text or break a line are shown escaped.
//!
//! Keys, values and file names are data an attacker may write: unescaped, an ESC starts a
//! colour or title sequence, a line break starts a new `::error` workflow command in a CI log,
//! and a bidi override makes the text read differently than it is. Shown as `\u{1b}` they are
//! visible and harmless, and the rest of the text is unchanged.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a log as it is.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        // C0 controls (tab, CR and LF included: each can forge or hide a line) and DEL.
        '\u{0}'..='\u{1f}' | '\u{7f}'
        // C1 controls: U+009B is a one-character CSI on many terminals.
        | '\u{80}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // Line and paragraph separators, which some viewers break lines at.
        | '\u{2028}' | '\u{2029}')
}

/// `s` with every [`is_unsafe`] character written as `\u{..}` (lowercase hex); borrowed when
/// there is nothing to escape, which is the common case.
#[must_use]
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_line_separators_only() {
        assert_eq!(terminal("plain é 漢字"), "plain é 漢字");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal("a\u{1b}]0;t\u{7}b"), "a\\u{1b}]0;t\\u{7}b");
        assert_eq!(terminal("x\ny\rz\t"), "x\\u{a}y\\u{d}z\\u{9}");
        assert_eq!(terminal("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(
            terminal("\u{202e}\u{2066}\u{200f}\u{61c}\u{2028}\u{2029}"),
            "\\u{202e}\\u{2066}\\u{200f}\\u{61c}\\u{2028}\\u{2029}"
        );
    }
}
