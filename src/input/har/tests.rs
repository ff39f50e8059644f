//! Unit tests of the HAR walk, body decoding and relocation.
use super::*;

#[test]
fn recognises_fileops_requests() {
    let base = "https://docspace.example.com/api/2.0/files/fileops";
    assert!(is_fileops("GET", base));
    assert!(is_fileops("get", &format!("{base}?count=1&x=%2F")));
    assert!(is_fileops("GET", &format!("{base}/#top")));
    assert!(is_fileops("GET", "/API/2.0/Files/FileOps"));
    assert!(!is_fileops("PUT", base));
    assert!(!is_fileops("GET", &format!("{base}/copy")));
    assert!(!is_fileops("GET", "https://x/api/2.0/files/fileopsx"));
    assert!(!is_fileops("GET", "https://x/?next=/api/2.0/files/fileops"));
    assert!(!is_fileops("GET", "é"));
}

#[test]
fn maps_decoded_offsets_back_through_escapes() {
    // `{"a":"é\n"}` stored with \" escapes, a \u escape and a surrogate pair.
    let response = br#"{"content": {"text": "{\"a\":\u00e9\n\ud83d\ude00x\/"}}"#;
    let body = Body::from_response(response).unwrap();
    assert_eq!(body.bytes, "{\"a\":é\n😀x/".as_bytes());
    let raw = |decoded: usize| &response[body.raw_offsets(response, &[decoded])[0]..];
    let all: Vec<usize> = (0..=14).collect();
    let one_pass = body.raw_offsets(response, &all);
    for (d, r) in all.iter().zip(&one_pass) {
        assert_eq!(body.raw_offsets(response, &[*d])[0], *r, "{d}");
    }
    assert!(raw(0).starts_with(b"{\\\"a"));
    assert!(raw(1).starts_with(b"\\\"a"));
    assert!(raw(2).starts_with(b"a\\\""));
    assert!(raw(5).starts_with(b"\\u00e9"));
    assert!(raw(6).starts_with(b"\\u00e9"), "inside the escape's output");
    assert!(raw(7).starts_with(b"\\n"));
    assert!(raw(8).starts_with(b"\\ud83d\\ude00"));
    assert!(raw(12).starts_with(b"x\\/"));
    assert!(raw(13).starts_with(b"\\/"));
    assert!(
        raw(14).starts_with(b"\"}}"),
        "the end maps to the closing quote"
    );
}

#[test]
fn base64_bodies_point_at_the_literal() {
    let response = br#"{"status": 200, "content": {"encoding": "base64", "text": "eyJhIjoxfQ=="}}"#;
    let body = Body::from_response(response).unwrap();
    assert_eq!(body.bytes, b"{\"a\":1}");
    assert!(body.is_base64());
    assert!(response[body.raw_offsets(response, &[3])[0]..].starts_with(b"\"eyJ"));
}

/// Decoding the text before serde_json reads the rest (with the text blank) answers exactly as
/// serde_json reading the response as stored first: the same body, or the same problem at the
/// same place, in the same words (serde_json's own, line and column included). Checked on
/// responses made to break every step, and on every one-byte change of some of them.
#[test]
fn decoding_the_text_first_answers_as_reading_the_response_first() {
    let same = |response: &[u8]| {
        let first = format!("{:?}", Body::read(response, true));
        let stored = format!("{:?}", Body::read(response, false));
        assert_eq!(first, stored, "{}", String::from_utf8_lossy(response));
        first
    };
    let texts = [
        r#""{\"a\":\u00e9\n\ud83d\ude00x\/\ud800\u0041""#,
        r#""plain""#,
        r#""""#,
        r#""eyJhIjoxfQ==""#,
        r#""bad \x escape""#,
        r#""sign \u+123 in a hex escape""#,
        r#""short \u12""#,
        "\"raw\ttab\"",
        "\"raw\nline\"",
        "\"utf8 \u{e9} \u{1F600}\"",
        r#""unterminated"#,
        "null",
        "7",
        r#"{"x": "y"}"#,
    ];
    let mut answers = std::collections::BTreeSet::new();
    let mut responses = Vec::new();
    for text in texts {
        for (status, encoding, after) in [
            ("200", "", ""),
            ("404", r#""encoding": "base64", "#, ""),
            (r#""200""#, "", r#", "size": 3"#),
            ("200", "", r#", "encoding": 5"#),
            ("200", "", r#", "text": "again""#),
            ("1e3", r#""encoding": null, "#, r#"}, "content": {"#),
        ] {
            responses.push(format!(
                "{{\"status\": {status}, \"content\": {{\"mimeType\": \"application/json\", \
                 {encoding}\"text\": {text}{after}}}, \"redirectURL\": \"\"}}"
            ));
        }
    }
    responses.push(r#"{"content": {"text": "x"}} trailing"#.to_owned());
    responses.push(r#"{"content": {"te\u0078t": "x", "text": "y"}}"#.to_owned());
    responses.push(r#"{"content": {"text": "x"}, "content": 1}"#.to_owned());
    responses.push(r#"["content", "text"]"#.to_owned());
    for response in &responses {
        answers.insert(same(response.as_bytes()));
    }
    assert!(answers.len() > 40, "{}", answers.len());
    // Every byte of a few responses replaced by one that matters to a string or a member.
    for response in responses.iter().step_by(7) {
        let bytes = response.as_bytes();
        for i in 0..bytes.len() {
            for b in [b'"', b'\\', b'\n', b' ', b'}', b'u', b'0', 0xff] {
                let mut changed = bytes.to_vec();
                changed[i] = b;
                same(&changed);
                changed.remove(i);
                same(&changed);
            }
        }
    }
}

#[test]
fn hex_escapes_take_four_hex_digits_and_no_sign() {
    use crate::json::lex::escape_at;
    assert_eq!(escape_at(br"\u00e9", 0), Ok((6, 'é')));
    assert!(escape_at(br"\u+0e9", 0).is_err());
    assert!(escape_at(br"\u-0e9", 0).is_err());
    assert!(escape_at(br"\u 0e9", 0).is_err());
    assert!(escape_at(br"\u0e9", 0).is_err());
}

/// A literal decoded one byte at a time: what [`body::decode_literal`] must give.
fn decode_bytewise(text: &[u8]) -> Result<(Vec<u8>, usize), (usize, String)> {
    let raw = &text[1..];
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        match raw.get(i) {
            None => return Err((1 + raw.len(), "unterminated string".to_owned())),
            Some(b'"') => return Ok((out, i + 2)),
            Some(b'\\') => {
                let (len, ch) =
                    crate::json::lex::escape_at(raw, i).map_err(|(at, m)| (1 + at, m))?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                i += len;
            }
            Some(&b) => {
                out.push(b);
                i += 1;
            }
        }
    }
}

/// The decoder that reads eight bytes at a time gives the bytewise decoder's bytes, length
/// and errors, wherever the quotes, escapes and bad escapes fall against its words, and
/// whatever follows the literal.
#[test]
fn literals_decode_eight_bytes_at_a_time_as_one_at_a_time() {
    let pieces: [&[u8]; 17] = [
        b"\"",
        b"\\",
        b"\\\"",
        b"\\\\",
        b"\\n",
        b"\\/",
        b"\\u00e9",
        b"\\ud83d\\ude00",
        b"\\ud800",
        b"\\u12",
        b"\\x",
        b"a",
        b"bcdefgh",
        "\u{e9}".as_bytes(),
        b"u",
        b"0",
        b"\\u+123",
    ];
    let mut rng = crate::r#gen::Rng::new(13);
    let mut ok = 0;
    for _ in 0..20_000 {
        let mut text = vec![b'"'];
        for _ in 0..rng.below(40) {
            // Mostly plain bytes and \" escapes, as a stored body is.
            let piece = match rng.below(4) {
                0 => *rng.pick(&pieces),
                1 => b"\\\"",
                _ => b"abcdefghijklmnopqrstuvwxyz"[..1 + rng.below(20) as usize].as_ref(),
            };
            text.extend_from_slice(piece);
        }
        let expected = decode_bytewise(&text);
        ok += usize::from(expected.is_ok());
        assert_eq!(
            body::decode_literal(&text),
            expected,
            "{}",
            String::from_utf8_lossy(&text)
        );
    }
    assert!(ok > 2_000 && ok < 18_000, "{ok}");
}

/// serde_json skips the strings it does not keep without checking them: invalid UTF-8 in one
/// (before or after the text) is found all the same, where it is; in the text it is left to
/// the body's own check, which reports it inside the body.
#[test]
fn invalid_utf8_outside_the_text_is_a_problem_of_the_response() {
    for (response, at) in [
        (
            &b"{\"status\": 200, \"statusText\": \"O\xffK\", \"content\": {\"text\": \"{}\"}}"[..],
            32,
        ),
        (
            b"{\"status\": 200, \"content\": {\"text\": \"{}\"}, \"x\": \"\xc0\x80\"}",
            49,
        ),
    ] {
        for text_first in [true, false] {
            match Body::read(response, text_first) {
                Err(NoBody::Broken {
                    offset,
                    problem: HarProblem::NotUtf8,
                }) => assert_eq!(offset, at, "{}", String::from_utf8_lossy(response)),
                other => panic!("{other:?}"),
            }
        }
    }
    let body = Body::read(b"{\"content\": {\"text\": \"\xff\"}}", true).expect("a body");
    assert_eq!(body.bytes, b"\xff");
}
