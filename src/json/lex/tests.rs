//! Unit tests of the lexer: where values end across escapes, cuts and line breaks, and depth.
use super::*;

#[test]
fn finds_the_first_quote_or_backslash_at_every_offset_and_length() {
    for len in 0..150 {
        for at in 0..=len {
            for special in [b'"', b'\\'] {
                let mut bytes = vec![b'a'; len];
                // Bytes that SWAR could confuse with a match: neighbours of the specials.
                for (i, b) in bytes.iter_mut().enumerate() {
                    *b = [b'a', b'#', b'!', b'[', b']', 0xE2, 0x80][i % 7];
                }
                let expected = (at < len).then_some(at);
                if let Some(at) = expected {
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                }
                assert_eq!(find_quote_or_backslash(&bytes), expected, "{len} {at}");
            }
        }
    }
}

#[test]
fn ends_values_past_escapes_and_brackets_in_strings() {
    assert_eq!(value_end(br#""a\"b" x"#), Some(6));
    assert_eq!(value_end(br#"{"a": ["]}", "\\"]} x"#), Some(19));
    assert_eq!(value_end(b"-1.5e3, 2"), Some(6));
    assert_eq!(value_end(b"true"), Some(4));
    assert_eq!(value_end(b"[1, 2}"), None);
    assert_eq!(value_end(br#""abc\"#), None);
}

#[test]
fn a_backslash_at_the_end_of_a_piece_escapes_the_next_piece() {
    let mut lexer = Lexer::new(false);
    assert_eq!(lexer.feed(br#""ab\"#), Lexed::NeedMore);
    assert_eq!(lexer.mode(), Mode::Escape);
    assert_eq!(lexer.feed(br#"""#), Lexed::NeedMore);
    assert_eq!(lexer.feed(br#"c" "#), Lexed::Done(2));
}

#[test]
fn line_bound_lexers_stop_at_line_breaks() {
    let mut lexer = Lexer::new(true);
    assert_eq!(
        lexer.feed(b"{\"a\n"),
        Lexed::Error(3, LexError::LineEndsInString)
    );
    lexer.reset();
    assert_eq!(
        lexer.feed(b"[1,\n"),
        Lexed::Error(3, LexError::LineEndsInValue)
    );
}

#[test]
fn depth_is_limited() {
    let mut lexer = Lexer::new(false).with_max_depth(2);
    assert_eq!(lexer.feed(b"[[[]]]"), Lexed::Error(2, LexError::TooDeep));
}

#[test]
fn escapes_slide_across_every_cut() {
    for escape in [&br#"\""#[..], br"\\", br"\u00e9", br"\ud83d\ude00", br"\/"] {
        for pad in 0..6 {
            let mut text = b"[\"".to_vec();
            text.extend(std::iter::repeat_n(b'x', pad));
            text.extend_from_slice(escape);
            text.extend_from_slice(b"\", \"]\\\\\"] 7 \"tail");
            for cut in 0..=text.len() {
                assert_chunk_independent(&text, &[cut], false);
                assert_chunk_independent(&text, &[cut, cut + 1], true);
            }
        }
    }
}

/// `skip_plain` stops exactly where a byte-at-a-time scan would, whatever surrounds the stop:
/// every byte value at every offset of every length up to three words, over fillers that SWAR
/// tests could confuse (neighbours of the brackets and the quote, the bytes `| 0x20` folds,
/// high bytes).
#[test]
fn skip_plain_stops_at_the_first_byte_that_matters() {
    let naive = |bytes: &[u8], line_bound: bool| {
        bytes
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'{' | b'}' | b'[' | b']') || (line_bound && b == b'\n')
            })
            .unwrap_or(bytes.len())
    };
    let fillers = [
        b'z', b'|', b'~', b'\\', b'^', b';', b'=', b'\x02', 0xFB, 0xDD, b'#', b' ',
    ];
    for len in 0..=24 {
        for at in 0..=len {
            for special in 0..=255u8 {
                for line_bound in [false, true] {
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|i| fillers[(i + at) % fillers.len()])
                        .collect();
                    if at < len {
                        bytes[at] = special;
                    }
                    assert_eq!(
                        skip_plain(&bytes, line_bound),
                        naive(&bytes, line_bound),
                        "{bytes:?} line_bound {line_bound}"
                    );
                }
            }
        }
    }
}
