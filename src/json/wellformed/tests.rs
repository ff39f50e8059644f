use super::{check, check_in_pieces};

/// serde_json's verdict on `text` as one value, in UTF-8: what [`check`] must say.
fn serde_accepts(text: &[u8]) -> bool {
    std::str::from_utf8(text).is_ok()
        && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok()
}

const TEXTS: &[&str] = &[
    "0",
    "-0",
    "-0.0e-0",
    "12.5E+3",
    "1e5",
    "true",
    "false",
    "null",
    "\"\"",
    "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD800\"",
    "\"é😀\u{7f}\"",
    " { \"a\" : [ 1 , { } , [ ] , \"x\" ] , \"b\" : null } ",
    "[[[[]]]]",
    "{\"log\":{\"entries\":[{\"request\":{\"method\":\"GET\"}}]}}",
    // Not well formed.
    "",
    " ",
    "01",
    "-",
    "1.",
    "1.e5",
    ".5",
    "+1",
    "1e",
    "1e+",
    "0x1",
    "tru",
    "truex",
    "nul",
    "True",
    "\"abc",
    "\"a\\qb\"",
    "\"\\u12g4\"",
    "\"\\u12\"",
    "\"a\tb\"",
    "[1,]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{a:1}",
    "{\"a\":}",
    "[1 2]",
    "[1}",
    "{\"a\":1]",
    "[",
    "{\"a\"",
    "1 2",
    "{} x",
    "<html>",
];

#[test]
fn agrees_with_serde_json_on_every_sample_and_every_cut() {
    for text in TEXTS {
        let text = text.as_bytes();
        let whole = check(text);
        assert_eq!(
            whole.is_ok(),
            serde_accepts(text),
            "{:?}: {whole:?}",
            String::from_utf8_lossy(text)
        );
        for cut in 0..=text.len() {
            assert_eq!(
                check_in_pieces(text, &[cut]),
                whole,
                "{text:?} cut at {cut}"
            );
        }
        let bytewise: Vec<usize> = (0..text.len()).collect();
        assert_eq!(
            check_in_pieces(text, &bytewise),
            whole,
            "{text:?} byte at a time"
        );
    }
}

#[test]
fn invalid_utf8_is_found_in_strings_and_outside_them() {
    for bad in [
        &b"\"\x9f\""[..],
        b"\"\xc0\x80\"",
        b"\"\xed\xa0\x80\"",
        b"\"\xf4\x90\x80\x80\"",
        b"\"\xf5\x80\x80\x80\"",
        b"\"\xe2\x82\"",
        b"[\xe2\x82\xac]",
        b"{\"st\x9f\x8b\":1}",
    ] {
        assert!(check(bad).is_err(), "{bad:02x?}");
        assert!(!serde_accepts(bad), "{bad:02x?}");
    }
    assert_eq!(check(b"\"\xe2\x82\xac\xf0\x9f\x98\x80\""), Ok(()));
}

#[test]
fn errors_name_the_place_and_the_problem() {
    let cases: &[(&[u8], usize, &str)] = &[
        (
            b"{\"a\":\"x\x9fy\"}",
            7,
            "invalid UTF-8 in a string (JSON text must be UTF-8)",
        ),
        (b"[\"a\tb\"]", 3, "the byte 0x09 inside a string"),
        (b"[\"a\\qb\"]", 3, "`q` after `\\` in a string"),
        (
            b"{\"a\" 1}",
            5,
            "expected `:` after a member name, found `1`",
        ),
        (
            b"[1 2]",
            3,
            "expected `,` or `]` after an element, found `2`",
        ),
        (b"[tru]", 1, "expected a JSON value, found `tru`"),
        (
            b"[1.]",
            1,
            "invalid number `1.`: a digit must follow the decimal point",
        ),
        (
            b"[01]",
            1,
            "invalid number `01`: no digit may follow a leading zero",
        ),
        (b"{\"a\":}", 5, "expected a JSON value, found `}`"),
        (
            b"[1",
            2,
            "unexpected end of the value inside an object or array",
        ),
    ];
    for &(text, at, message) in cases {
        let error = check(text).expect_err(&String::from_utf8_lossy(text));
        assert_eq!(error.at, at, "{error:?}");
        assert!(error.message.starts_with(message), "{error:?}");
    }
}

#[test]
fn nesting_stops_at_the_lexers_depth() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert_eq!(check(deep(super::MAX_DEPTH).as_bytes()), Ok(()));
    assert!(
        check(deep(super::MAX_DEPTH + 1).as_bytes())
            .expect_err("too deep")
            .message
            .starts_with("nesting deeper")
    );
}

/// Random texts built from JSON's pieces, cut at random: serde_json's verdict, the same answer
/// for every cutting.
#[test]
fn agrees_with_serde_json_on_random_texts() {
    let pieces: &[&[u8]] = &[
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b" ",
        b"\n",
        b"\"",
        b"\"a\"",
        b"\\",
        b"\\u",
        b"00e9",
        b"\\\"",
        b"\\n",
        b"0",
        b"1",
        b"-",
        b".",
        b"e",
        b"+",
        b"true",
        b"nul",
        b"l",
        b"\t",
        b"\x9f",
        b"\xe2\x82\xac",
        b"\xe2",
        b"x",
        b"\x01",
    ];
    let mut rng = crate::r#gen::Rng::new(11);
    let mut accepted = 0;
    for _ in 0..60_000 {
        let n = 1 + rng.below(12) as usize;
        let text: Vec<u8> = (0..n)
            .flat_map(|_| {
                pieces[rng.below(pieces.len() as u64) as usize]
                    .iter()
                    .copied()
            })
            .collect();
        let whole = check(&text);
        assert_eq!(whole.is_ok(), serde_accepts(&text), "{text:?}: {whole:?}");
        accepted += usize::from(whole.is_ok());
        let cuts: Vec<usize> = (0..rng.below(4))
            .map(|_| rng.below(text.len() as u64 + 1) as usize)
            .collect();
        let mut cuts = cuts;
        cuts.sort_unstable();
        assert_eq!(
            check_in_pieces(&text, &cuts),
            whole,
            "{text:?} cut at {cuts:?}"
        );
    }
    assert!(
        accepted > 500,
        "only {accepted} well-formed texts: the test compares little"
    );
}

/// Long strings, so that the 64-byte blocks are read: runs of plain text, backslash runs of
/// every length, escapes good and bad, quotes, control characters and multi-byte characters at
/// every offset of a block. serde_json's verdict, and the same answer for every cutting.
#[test]
fn long_strings_read_by_blocks_agree_with_serde_json() {
    let pieces: &[&[u8]] = &[
        // Eight that keep a string well formed.
        b"abcdefgh",
        b"0123456789abcdef",
        b"\\\"",
        b"\\\\",
        b"\\/",
        b"\\n",
        b"\\u00e9",
        b"\\uD83D\\uDE00",
        b"\\\\\\",
        b"\\q",
        b"\\u12x4",
        b"\xc3\xa9",
        b"\xf0\x9f\x98\x80",
        b"\xe2\x82",
        b"\x9f",
        b"\x01",
        b"\t",
        b"\"",
        b"{\\\"id\\\":\\\"",
        b" ",
        b"x",
    ];
    let mut rng = crate::r#gen::Rng::new(13);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..20_000 {
        let mut text = b"[\"".to_vec();
        // Mostly pieces that keep the string going, so that most strings are long.
        let n = 10 + rng.below(80) as usize;
        for _ in 0..n {
            let piece = if rng.below(100) < 97 {
                pieces[rng.below(8) as usize]
            } else {
                pieces[rng.below(pieces.len() as u64) as usize]
            };
            text.extend_from_slice(piece);
        }
        text.extend_from_slice(b"\"]");
        let whole = check(&text);
        assert_eq!(
            whole.is_ok(),
            serde_accepts(&text),
            "{:?}: {whole:?}",
            String::from_utf8_lossy(&text)
        );
        if whole.is_ok() {
            accepted += 1;
        } else {
            refused += 1;
        }
        let cut = rng.below(text.len() as u64 + 1) as usize;
        assert_eq!(
            check_in_pieces(&text, &[cut]),
            whole,
            "{:?} cut at {cut}",
            String::from_utf8_lossy(&text)
        );
        // Where a bytewise reading stops, the same error (the blocks only go faster).
        let bytewise: Vec<usize> = (0..text.len()).collect();
        assert_eq!(
            check_in_pieces(&text, &bytewise),
            whole,
            "{:?}",
            String::from_utf8_lossy(&text)
        );
    }
    assert!(
        accepted > 2_000 && refused > 2_000,
        "{accepted} accepted, {refused} refused"
    );
}
