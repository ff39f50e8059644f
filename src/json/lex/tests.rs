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

/// The block lexer gives the bytewise lexer's tokens and states on long texts that keep it
/// inside values: nested structure with strings full of escapes, brackets, quotes and line
/// feeds, then the same texts with a few bytes overwritten by the bytes that matter (a `\`
/// outside strings, stray brackets and quotes, line feeds), each cut every 1 to 130 bytes so
/// that blocks start at every offset of a value.
#[test]
fn blocks_lex_as_bytes_do() {
    let mut rng = crate::r#gen::Rng::new(7);
    let mut next = move |n: usize| rng.below(n as u64) as usize;
    let string_parts: [&[u8]; 10] = [
        b"ab",
        br#"\""#,
        br"\\",
        br"\\\\\\",
        b"]}",
        b"{[",
        b"\xE2\x82\xAC",
        br"\u00e9",
        b"\n",
        b" ",
    ];
    let specials = [b'"', b'\\', b'{', b'}', b'[', b']', b'\n', b' ', b','];
    for round in 0..3_000 {
        let mut text = Vec::new();
        let mut open = Vec::new();
        while text.len() < 40 + next(400) || !open.is_empty() {
            match next(8) {
                0 | 1 if open.len() < 12 && text.len() < 600 => {
                    let b = if next(2) == 0 { b'{' } else { b'[' };
                    text.push(b);
                    open.push(b);
                }
                2 if !open.is_empty() => {
                    let b = open.pop().unwrap_or(b'{');
                    text.push(if b == b'{' { b'}' } else { b']' });
                }
                2..=4 => {
                    text.push(b'"');
                    for _ in 0..next(12) {
                        text.extend_from_slice(string_parts[next(string_parts.len())]);
                    }
                    text.extend_from_slice(b"\", ");
                }
                _ => text.extend_from_slice([&b"12, "[..], b"true,", b"  ", b"\n"][next(4)]),
            }
            if open.is_empty() && text.len() >= 40 {
                break;
            }
        }
        for _ in 0..round % 4 {
            let at = next(text.len());
            text[at] = specials[next(specials.len())];
        }
        let cuts = cut_every(text.len(), 1 + next(130));
        for line_bound in [false, true] {
            assert_chunk_independent(&text, &cuts, line_bound);
        }
    }
}

/// Depth, mismatches and line feeds decided inside a block, at every position in it.
#[test]
fn blocks_report_errors_where_bytes_do() {
    for at in 0..130 {
        for bad in [
            &b"]"[..],
            b"}",
            b"[[[[[[[[[[[[[[[[[[",
            b"\n",
            b"\"\n",
            b"\\",
            b"\"\\\n",
        ] {
            let mut text = b"{\"k\": [".to_vec();
            text.extend(std::iter::repeat_n(b' ', at));
            text.extend_from_slice(bad);
            text.extend(std::iter::repeat_n(b'x', 130));
            text.extend_from_slice(b"\"]}");
            for line_bound in [false, true] {
                assert_chunk_independent(&text, &[], line_bound);
                assert_chunk_independent(&text, &[at + 1], line_bound);
            }
        }
    }
}

/// Stray `\` outside strings (never valid JSON) send whole blocks to the bytewise lexer; what
/// follows in the same and later blocks is still lexed as bytes would lex it.
#[test]
fn blocks_with_a_backslash_outside_strings_lex_as_bytes_do() {
    for stray in 0..70 {
        let mut text = b"[".to_vec();
        text.extend(std::iter::repeat_n(b' ', stray));
        text.extend_from_slice(b"\\ \\\\ \"in \\\" string ]\" \\");
        for k in 0..40 {
            text.extend_from_slice(if k % 3 == 0 {
                b"\\\"s\", "
            } else {
                b"[\"x\\\\\"], "
            });
        }
        text.extend_from_slice(b"1]] tail");
        for line_bound in [false, true] {
            assert_chunk_independent(&text, &[], line_bound);
            assert_chunk_independent(&text, &[stray + 3, stray + 70], line_bound);
        }
    }
}

/// Long strings at the top, as a HAR body is (JSON inside a JSON string), are lexed by blocks
/// as bytes would lex them: runs of backslashes of every length at every offset, line feeds raw
/// and escaped, the closing quote anywhere in a block, strings cut short, and what follows the
/// string; each text cut every 1 to 130 bytes.
#[test]
fn top_level_strings_lex_as_bytes_do() {
    let mut rng = crate::r#gen::Rng::new(13);
    let mut next = move |n: usize| rng.below(n as u64) as usize;
    let parts: [&[u8]; 9] = [
        br#"\""#,
        br"\\",
        br"\\\",
        b"ab",
        b"\n",
        br"\u00e9",
        b"{[}]",
        b"\\\n",
        b"\xE2\x82\xAC",
    ];
    for round in 0..3_000 {
        let mut text = b"\"".to_vec();
        let len = 60 + next(300);
        while text.len() < len {
            text.extend_from_slice(parts[next(parts.len())]);
        }
        match round % 4 {
            0 => {}
            1 => text.push(b'"'),
            2 => text.extend_from_slice(b"\" \"x\" [1]"),
            _ => text.extend_from_slice(b"\"\n\"\\\\\""),
        }
        let cuts = cut_every(text.len(), 1 + next(130));
        for line_bound in [false, true] {
            assert_chunk_independent(&text, &cuts, line_bound);
            assert_chunk_independent(&text, &[], line_bound);
        }
    }
}

/// Cuts of a text of `len` bytes every `step` bytes.
fn cut_every(len: usize, step: usize) -> Vec<usize> {
    (1..).map(|k| k * step).take_while(|&c| c < len).collect()
}
