//! The compiled schema (build.rs) against its oracle, jsonschema, and the fast path it drives
//! against the full layered check (issue 13): on generated payloads, valid and mutated, on the
//! texts that trip parsers up, and on every bundled and shared capture.
//!
//! `PROPTEST_CASES=N` overrides the number of cases.

use fileops_validator::arb::fuzz::{compiled_agrees, fast_path_invisible};
use fileops_validator::arb::mutate;
use fileops_validator::arb::{self, Case};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.max_shrink_iters = 2048;
    c
}

fn case_text(case: &Case) -> String {
    match case
        .mutation
        .and_then(|(kind, choice)| mutate::apply(&case.payload.document, kind, choice))
    {
        Some(m) => fileops_validator::arb::fuzz::render_mutated(&m, &case.payload.layout).text,
        None => case.payload.render().text,
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn compiled_verdicts_are_jsonschemas(case in arb::arb_case()) {
        let text = case_text(&case);
        compiled_agrees(text.as_bytes()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn the_fast_path_changes_no_report(case in arb::arb_case()) {
        let text = case_text(&case);
        fast_path_invisible(text.as_bytes()).map_err(TestCaseError::fail)?;
    }
}

/// Hand-picked operations where a lax compiled checker would go wrong.
const EDGES: &[&str] = &[
    // Numbers: integral floats are integers and match integer enums; limits are exact.
    r#"{"id":"a","Operation":1.0,"progress":100.0,"finished":true}"#,
    r#"{"id":"a","Operation":1,"progress":2147483647,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":2147483648,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":-2147483648.0,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":-2147483649,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":1e2,"finished":true}"#,
    r#"{"id":"a","Operation":1,"progress":-0,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":18446744073709551615,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":1.5,"finished":false}"#,
    r#"{"id":"a","Operation":8,"progress":1,"finished":false}"#,
    r#"{"id":"a","Operation":"Copy","progress":1,"finished":false}"#,
    // Repeated names: the last value counts.
    r#"{"id":"a","Operation":1,"progress":"x","progress":5,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":5,"progress":"x","finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","security":{"Read":true,"Read":1}}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"x":{"y":1,"y":2}}"#,
    // Unknown and case-twin members.
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"Progress":5}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","zz":[{"a":1}]}]}"#,
    // Formats and patterns.
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"url":"http://[::1]:80/a b"}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"url":"relative/path"}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"url":"https://h.example/a?b=%zz"}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","createdBy":{"id":"0000000G-0000-0000-0000-000000000000"}}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","createdBy":{"id":"AbCdEf01-0000-0000-0000-000000000000"}}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":"2025-02-30T10:00:00.0000000+03:00"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":"2025-02-28T10:00:00.0000000+03:00\n"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":{"utcTime":"2025-02-29T10:00:00Z"}}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":{"utcTime":"2024-02-29T23:59:60Z","timeZoneOffset":"03:00:00"}}]}"#,
    // Entry ids: int32 or a non-empty string.
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","id":""}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","id":"é"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","id":3000000000}]}"#,
    // What the rules warn about (read from the tape on the fast path).
    r#"{"id":"a","Operation":1,"progress":101,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":-1,"finished":false}"#,
    r#"{"id":"a","Operation":1,"progress":50,"finished":true}"#,
    r#"{"id":"a","Operation":1,"progress":50.0,"finished":false,"processed":"12"}"#,
    r#"{"id":"a","Operation":1,"progress":50,"finished":false,"processed":"12a"}"#,
    r#"{"id":"a","Operation":1,"progress":50,"finished":false,"processed":""}"#,
    r#"{"id":"a","Operation":1,"progress":50,"finished":false,"processed":12}"#,
    r#"{"id":"a","Operation":1,"progress":50,"finished":false,"processed":null}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","fileEntryType":1}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","fileEntryType":"Folder"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","fileEntryType":2.0}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"folders":[{"title":"t","fileEntryType":"File"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"folders":[{"title":"t","fileEntryType":null}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":"2025-03-05T10:00:00.0000000+03:00","updated":"2025-03-05T09:00:00.0000000+03:00"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":[{"title":"t","created":"2025-03-05T10:00:00.0000000+03:00","updated":"2025-03-05T09:00:00.0000000+01:00"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"folders":[{"title":"t","created":{"utcTime":"2025-03-05T10:00:00Z"},"updated":{"utcTime":"2025-03-05T09:00:00Z"}}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"folders":[{"title":"t","created":null,"updated":"2025-03-05T09:00:00.0000000+03:00"}]}"#,
    r#"{"id":"a","Operation":1,"progress":5,"finished":false,"files":null,"folders":[]}"#,
    // Not objects where objects belong.
    r#"[1, "x", null, [], {}]"#,
    r#"{"response": [{"id":"a","Operation":1,"progress":5,"finished":false,"files":{}}], "count": 1}"#,
];

#[test]
fn edge_operations_agree() {
    for text in EDGES {
        compiled_agrees(text.as_bytes()).unwrap();
        let wrapped = format!(r#"{{"response": [{text}], "count": 1}}"#);
        compiled_agrees(wrapped.as_bytes()).unwrap();
        fast_path_invisible(wrapped.as_bytes()).unwrap();
    }
}

#[test]
fn every_capture_agrees() {
    let mut seen = 0;
    for dir in ["captures", "../shared/fixtures/docspace", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let bytes = std::fs::read(path).unwrap();
            compiled_agrees(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            fast_path_invisible(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} captures found");
}

/// Found by the `compiled` fuzz target: an envelope member the schema does not define holding a
/// repeated name lost its `duplicate-key` error on the fast path (the member was called clean
/// without being looked into, and the rerun saw the tape with the repetition already removed).
#[test]
fn a_repeated_name_inside_an_unknown_envelope_member_is_reported() {
    for text in [
        r#"{"x":{"Read":true,"Read":2},"count":1}"#,
        r#"{"x":{"Read":true,"Read":2}"y":1}"#,
        r#"{"response":[],"x":[{"a":{"b":1,"b":2}}]}"#,
    ] {
        fast_path_invisible(text.as_bytes()).unwrap();
    }
    let report = fileops_validator::Validator::new(fileops_validator::Options::default())
        .unwrap()
        .validate_bytes("x.json", br#"{"x":{"Read":true,"Read":2},"count":1}"#);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.pointer == "/x/Read" && v.rule == fileops_validator::Rule::DuplicateKey),
        "{:#?}",
        report.violations
    );
}

/// The pipeline parses a clean operation where it lies in its batch (`check_padded`), sparing a
/// copy. The bytes must stay as they were (reports quote them, and a finding reruns the check
/// through the copy), and the answer must be the copying check's: on generated operations
/// (parsed in place), on the edges, on values with escapes (never parsed in place) and on
/// broken ones.
#[test]
fn checking_in_place_leaves_the_bytes_and_answers_as_the_copy() {
    use fileops_validator::arb::internals::check::value::{Role, Scratch};
    use fileops_validator::arb::internals::r#gen::{self, GenOptions};
    use fileops_validator::arb::internals::json::frame::{Event, Framer, Recovery};

    let capture = r#gen::generate(&GenOptions {
        operations: 40,
        seed: 7,
        ..GenOptions::default()
    });
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let mut framer = Framer::new(&capture[..], Recovery::Stop);
    while let Some(event) = framer.next_event().unwrap() {
        if let Event::Operation { bytes, .. } = event {
            texts.push(bytes.to_vec());
        }
    }
    assert_eq!(texts.len(), 40);
    texts.extend(EDGES.iter().map(|t| t.as_bytes().to_vec()));
    texts.extend(
        [
            r#"{"id":"a\"b","Operation":1,"progress":1,"finished":false}"#,
            r#"{"id":"a\u0062","Operation":1,"progress":1,"finished":false}"#,
            r#"{"id":"a","Operation":1,"progress":1,"finished":false"#,
            r#"{"id":"a","Operation":1,"progress":1,,"finished":false}"#,
            r#"{"id":"a","Operation":1,"progress":1,"finished":false}   "#,
            "{\"id\":\"\u{e9}\",\"Operation\":1,\"progress\":1,\"finished\":false}",
        ]
        .iter()
        .map(|t| t.as_bytes().to_vec()),
    );
    let validator =
        fileops_validator::Validator::new(fileops_validator::Options::default()).unwrap();
    let mut scratch = Scratch::default();
    for text in &texts {
        let mut padded = text.clone();
        padded.resize(text.len() + simd_json::INPUT_PADDING, 0);
        let in_place =
            validator.check_padded(&mut scratch, &mut padded, text.len(), Role::Operation);
        let shown = String::from_utf8_lossy(text);
        assert!(
            padded[..text.len()] == text[..],
            "the bytes changed: {shown} became {}",
            String::from_utf8_lossy(&padded[..text.len()])
        );
        assert!(padded[text.len()..].iter().all(|&b| b == 0), "{shown}");
        let copied = validator.check(&mut scratch, text, Role::Operation);
        assert_eq!(format!("{in_place:?}"), format!("{copied:?}"), "{shown}");
    }
}
