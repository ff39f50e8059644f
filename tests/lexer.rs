//! The lexer (`json::lex`) is chunk-independent: any cutting of a text gives the same values,
//! errors and truncation as one chunk, and after each cut the same state as one chunk holding
//! the text up to it. The framer, the scanner, the locator and HAR's body reader all lex with it,
//! so this is their chunk-independence property; `tests/chunked_inputs.rs` checks the same end
//! to end (whole reports) and the `lexer` fuzz target on arbitrary bytes.

use fileops_validator::arb::internals::json::lex::{self, Token};
use proptest::prelude::*;

/// Pieces of JSON-ish text: structure, strings, every kind of escape (and broken ones), line
/// breaks, multi-byte characters and bytes that cannot start a value.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\t",
    "\"",
    "\\",
    "\\\"",
    "\\\\",
    "\\u00e9",
    "\\ud83d\\ude00",
    "\\u",
    "\\n",
    "\\/",
    "a",
    "é",
    "🚀",
    "1",
    "-0.5e3",
    "true",
    "null",
    "<",
    "\"k\": ",
    "\"]}\"",
    "\"\\\"]\"",
];

/// A valid JSON value with escapes and nesting, as text.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
        proptest::collection::vec(
            prop_oneof![
                Just("a".to_owned()),
                Just("\\\"".to_owned()),
                Just("\\\\".to_owned()),
                Just("\\u00e9".to_owned()),
                Just("]}".to_owned()),
                Just("é".to_owned()),
            ],
            0..6
        )
        .prop_map(|parts| format!("\"{}\"", parts.concat())),
    ];
    leaf.prop_recursive(6, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec(("[a-z\\\\\"]{0,4}", inner), 0..5).prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| format!("{:?}:\n{v}", k))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// Valid values one after the other, or a soup of pieces (mostly invalid).
fn text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(value(), 1..4).prop_map(|v| v.join(" \n").into_bytes()),
        proptest::collection::vec(proptest::sample::select(PIECES), 0..80)
            .prop_map(|p| p.concat().into_bytes()),
    ]
}

/// Chunk sizes from 1 byte up to the whole text.
fn cuts(len: usize, sizes: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut k = 0;
    while at < len && !sizes.is_empty() {
        at += sizes[k % sizes.len()] % (len + 1) + 1;
        out.push(at.min(len));
        k += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_chunking_lexes_like_one_chunk(
        text in text(),
        sizes in proptest::collection::vec(0usize..4096, 1..6),
        line_bound in any::<bool>(),
    ) {
        lex::assert_chunk_independent(&text, &cuts(text.len(), &sizes), line_bound);
    }

    #[test]
    fn valid_values_lex_as_whole_values(values in proptest::collection::vec(value(), 1..4)) {
        let text = values.join(" ");
        let (tokens, _) = lex::tokens(&[text.as_bytes()], false);
        prop_assert_eq!(tokens.len(), values.len(), "{:?}", tokens);
        for (token, value) in tokens.iter().zip(&values) {
            let Token::Value { start, end } = *token else {
                return Err(TestCaseError::fail(format!("{token:?} for {value}")));
            };
            prop_assert_eq!(&text[start..end], value.as_str());
        }
    }
}

/// `\"`, `\\`, `\u00e9` and a surrogate pair slid across every chunk boundary, byte by byte, in
/// a string value, a member name and a nested string; for one and two cuts.
#[test]
fn escapes_across_every_boundary() {
    for escape in ["\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00"] {
        for shape in [
            "\"{pad}{e}\"",
            "{\"{pad}{e}\": 1}",
            "[[\"{pad}{e}]\", \"{e}\"]]",
        ] {
            for pad in 0..10 {
                let text = shape
                    .replace("{pad}", &"x".repeat(pad))
                    .replace("{e}", escape);
                let text = format!("{text} {text}");
                let bytes = text.as_bytes();
                let (tokens, _) = lex::tokens(&[bytes], false);
                assert_eq!(tokens.len(), 2, "{text}: {tokens:?}");
                assert!(
                    tokens.iter().all(|t| matches!(t, Token::Value { .. })),
                    "{text}: {tokens:?}"
                );
                for cut in 0..=bytes.len() {
                    for line_bound in [false, true] {
                        lex::assert_chunk_independent(bytes, &[cut], line_bound);
                        lex::assert_chunk_independent(bytes, &[cut, cut + 1], line_bound);
                    }
                }
            }
        }
    }
}

/// The fuzz target's function on the seeds (`fuzz/seeds/lexer/`) runs clean.
#[test]
fn fuzz_entry_accepts_edge_inputs() {
    for data in [
        &b""[..],
        b"\x00",
        b"\x07\x01\x01\x01\x01\x01\x01\x01\x01\"a\\\"b\"",
        b"\x0f\x00[\"\\",
        b"\x03\x05\x09{\"a\":\n[1,2}]",
    ] {
        lex::fuzz_chunking(data);
    }
}
