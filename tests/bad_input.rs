//! Bad input is the normal case: every input below gets a clear verdict at a clear place, never a
//! panic or a hang. Each test names what it guards.

use fileops_validator::{Layers, Options, Report, Severity, Validator};

fn validate(bytes: &[u8]) -> Report {
    Validator::new(Options::default())
        .expect("schema compiles")
        .validate_bytes("t.json", bytes)
}

/// The only error, as (rule, line, column, message).
fn only_error(bytes: &[u8]) -> (&'static str, u64, u64, String) {
    let report = validate(bytes);
    let errors: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", report.violations);
    let v = errors[0];
    (v.rule.id(), v.line, v.column, v.message.clone())
}

const OP: &str = r#"{"id": "a", "Operation": 1, "progress": 5, "finished": false}"#;

#[test]
fn empty_and_blank_inputs_are_malformed() {
    for bytes in [&b""[..], b"  \n\t "] {
        let (rule, line, column, message) = only_error(bytes);
        assert_eq!((rule, line, column), ("syntax", 1, 1));
        assert!(message.starts_with("empty input"), "{message}");
    }
}

#[test]
fn truncated_json_is_reported_at_the_end_of_the_input() {
    let (rule, line, column, message) =
        only_error(b"{\"response\": [\n  {\"id\": \"a\", \"Operation\"");
    // The end of the input is one past its last character.
    assert_eq!((rule, line, column), ("syntax", 2, 26));
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn an_html_error_page_saved_as_json_is_named_as_such() {
    let (rule, line, column, message) =
        only_error(b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n");
    assert_eq!((rule, line, column), ("syntax", 1, 1));
    assert!(message.contains("looks like an HTML"), "{message}");
}

#[test]
fn invalid_utf8_is_reported_at_the_bad_byte() {
    let (rule, line, column, message) =
        only_error(b"{\"response\": [{\"id\": \"\xff\", \"Operation\": 1, \"progress\": 5, \"finished\": false}]}");
    assert_eq!((rule, line, column), ("syntax", 1, 23));
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn a_nul_byte_inside_a_string_is_reported_at_the_byte() {
    let (rule, line, column, message) =
        only_error(b"{\"response\": [{\"id\": \"a\0b\", \"Operation\": 1, \"progress\": 5, \"finished\": false}]}");
    assert_eq!((rule, line, column), ("syntax", 1, 24));
    assert!(message.contains("NUL byte"), "{message}");
}

#[test]
fn a_nul_byte_between_values_is_reported() {
    let (rule, _, column, message) = only_error(b"{\"response\": []}\0");
    assert_eq!((rule, column), ("syntax", 17));
    assert!(message.contains("NUL"), "{message}");
}

#[test]
fn a_byte_order_mark_is_a_warning_and_the_rest_is_validated() {
    let report = validate(format!("\u{feff}{{\"response\": [{OP}]}}").as_bytes());
    assert_eq!(report.summary.errors, 0, "{:#?}", report.violations);
    assert_eq!(report.violations[0].rule, "byte-order-mark");
    assert_eq!(report.summary.operations, 1);
}

#[test]
fn trailing_garbage_after_the_document_is_an_error() {
    let (rule, line, column, message) = only_error(b"{\"response\": []} trailing");
    assert_eq!((rule, line, column), ("syntax", 1, 18));
    assert_eq!(message, "expected a JSON value, found `trailing`");
}

#[test]
fn two_hundred_thousand_nested_brackets_neither_overflow_nor_hang() {
    for text in [
        format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)),
        format!(
            "{{\"response\": [{}{}]}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        ),
        format!(
            "{{\"response\": [{{\"x\": {}{}}}]}}",
            "{\"a\":".repeat(200_000),
            "}".repeat(200_000)
        ),
    ] {
        let (rule, line, _, message) = only_error(text.as_bytes());
        assert_eq!((rule, line), ("syntax", 1));
        assert!(message.contains("nesting deeper than"), "{message}");
    }
}

#[test]
fn a_number_beyond_any_float_is_an_error_at_the_number() {
    let (rule, line, column, message) = only_error(
        br#"{"response": [{"id": "a", "Operation": 1, "progress": 1e999999, "finished": false}]}"#,
    );
    assert_eq!((rule, line, column), ("syntax", 1, 55));
    assert!(message.contains("out of range"), "{message}");
}

#[test]
fn an_integer_beyond_u64_is_valid_json_and_out_of_int32_range() {
    let (rule, _, column, message) = only_error(
        br#"{"response": [{"id": "a", "Operation": 1, "progress": 99999999999999999999, "finished": false}]}"#,
    );
    assert_eq!((rule, column), ("range", 55));
    assert!(message.contains("out of range"), "{message}");
}

#[test]
fn duplicate_keys_are_reported_once_each_at_the_repeat() {
    let report = validate(
        br#"{"response": [{"id": "a", "Operation": 1, "progress": 5, "progress": 6, "finished": false}], "count": 1, "count": 1}"#,
    );
    let dups: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule.id() == "duplicate-key")
        .map(|v| (v.pointer.as_str(), v.column))
        .collect();
    assert_eq!(dups, [("/response/0/progress", 58), ("/count", 106)]);
}

/// A repeated member counts by its last value, as serde_json and servers have it, in every
/// layer: the schema, the types, the rules (`count-mismatch`) and the place a violation points
/// at. The repetition itself is one `duplicate-key` error.
#[test]
fn a_repeated_member_counts_by_its_last_value() {
    let lines = |bytes: &[u8], options: Options| -> Vec<(String, String, u64)> {
        Validator::new(options)
            .unwrap()
            .validate_bytes("t.json", bytes)
            .violations
            .iter()
            .map(|v| (v.rule.id().to_owned(), v.pointer.clone(), v.column))
            .collect()
    };
    let all = Options::default();
    let layer = |layers| Options {
        layers,
        ..Options::default()
    };
    let dup = |rule: &str, pointer: &str, column| (rule.to_owned(), pointer.to_owned(), column);
    // The first value is wrong, the last is right: only the repetition is reported.
    let text = br#"{"response": [{"id": "a", "Operation": 1, "progress": "x", "progress": 5, "finished": false}], "count": "x", "count": 1}"#;
    for options in [all, layer(Layers::SCHEMA), layer(Layers::TYPES)] {
        assert_eq!(
            lines(text, options),
            [
                dup("duplicate-key", "/response/0/progress", 60),
                dup("duplicate-key", "/count", 110)
            ],
            "{options:?}"
        );
    }
    // The last value is wrong: it is reported, where it is.
    let text = br#"{"response": [{"id": "a", "Operation": 1, "progress": 5, "progress": "x", "finished": false}], "count": 2, "count": 3}"#;
    assert_eq!(
        lines(text, all),
        [
            dup("duplicate-key", "/response/0/progress", 58),
            dup("type", "/response/0/progress", 70),
            dup("duplicate-key", "/count", 108),
            dup("count-mismatch", "/count", 117),
        ]
    );
    // count-mismatch reads the last count: 1 is what servers send.
    let text = br#"{"response": [], "count": 3, "count": 1}"#;
    assert_eq!(lines(text, all), [dup("duplicate-key", "/count", 30)]);
}

#[test]
fn an_error_envelope_is_not_a_fileops_payload() {
    let (rule, _, _, message) = only_error(
        br#"{"error": {"message": "The folder is not found", "type": "x", "hresult": 1}, "status": 1, "statusCode": 404}"#,
    );
    assert_eq!(rule, "required");
    assert!(
        message.contains("DocSpace error response: The folder is not found"),
        "{message}"
    );
}

#[test]
fn a_scalar_document_is_not_a_fileops_payload() {
    let (rule, _, _, message) = only_error(b"\"hello\"");
    assert_eq!(rule, "type");
    assert!(
        message.starts_with("document: expected a fileops response"),
        "{message}"
    );
}

#[test]
fn control_characters_in_the_snippet_are_made_visible() {
    let report = validate(b"{\"response\": [{\"id\": \"\x1b[31m\"}]}");
    let snippet = report.violations[0].snippet.as_ref().expect("snippet");
    assert!(!snippet.text.contains('\x1b'), "{snippet:?}");
}

#[test]
fn a_mismatched_bracket_is_named() {
    let (rule, _, column, message) = only_error(b"{\"response\": [{\"id\": [1}]}");
    assert_eq!((rule, column), ("syntax", 24));
    assert_eq!(message, "expected `]` to close the `[`, found `}`");
}

#[test]
fn a_trailing_comma_in_the_list_is_named() {
    let (rule, _, _, message) = only_error(format!("[{OP},]").as_bytes());
    assert_eq!(rule, "syntax");
    assert!(message.contains("trailing comma"), "{message}");
}

#[test]
fn a_malformed_operation_does_not_hide_the_next_ones() {
    let text = format!(
        "[{{\"id\": 1 2}}, {OP}, {}]",
        OP.replace("5", "\"5\"").replace("\"a\"", "\"b\"")
    );
    let report = validate(text.as_bytes());
    let rules: Vec<_> = report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule.id()))
        .collect();
    assert_eq!(rules, [("/0", "syntax"), ("/2/progress", "type")]);
    assert_eq!(report.summary.operations, 3);
}

#[test]
fn ndjson_recovers_at_the_next_line() {
    use fileops_validator::arb::internals::json::frame::Recovery;
    let text =
        format!("{{\"response\": [{OP}]}}\n{{\"response\": [{{oops\n{{\"response\": [{OP}]}}\n");
    let report = Validator::new(Options::default())
        .expect("schema")
        .validate_reader("t.ndjson", text.as_bytes(), Recovery::NextLine)
        .expect("read");
    let found: Vec<_> = report
        .violations
        .iter()
        .map(|v| (v.document, v.line, v.rule.id()))
        .collect();
    assert_eq!(found, [(1, 2, "syntax")]);
    assert!(
        report.violations[0]
            .message
            .contains("each document is one")
    );
    assert_eq!(report.summary.documents, 3);
    assert_eq!(report.summary.operations, 2);
}

/// The first difference of two long lists (the whole lists would fill the screen).
fn same(found: &[(String, u64)], expected: &[(String, u64)]) {
    let first = found.iter().zip(expected).position(|(f, e)| f != e);
    assert_eq!(
        (found.len(), first.map(|i| (&found[i], &expected[i]))),
        (expected.len(), None)
    );
}

/// One operation can hold any number of violations, and each is found, worded and located as
/// if it were the only one. Merging the layers' findings, deduplicating the schema's, locating
/// them in the text, finding repeated names and asking for a member's case twin each went over
/// the findings so far (or the list from its start) for every finding: 16,000 bad file entries
/// took 5.8 s, 200,000 (a 4 MB capture) did not finish in two minutes.
#[test]
fn thousands_of_violations_in_one_operation_are_each_reported_at_their_place() {
    const N: usize = 6_000;
    let head =
        r#"{"response": [{"id": "a", "Operation": 1, "progress": 5, "finished": false, "files": ["#;
    let entry = r#"{"id": 1, "Title": 2, "id": 3}"#;
    let text = format!("{head}{}]}}]}}", vec![entry; N].join(","));
    let report = validate(text.as_bytes());
    let at = |rule: &str| -> Vec<(String, u64)> {
        report
            .violations
            .iter()
            .filter(|v| v.rule.id() == rule)
            .map(|v| (v.pointer.clone(), v.column))
            .collect()
    };
    // Each entry: `id` repeated, and `title` missing (written `Title`).
    let step = entry.len() as u64 + 1;
    let first = head.len() as u64 + 1;
    let repeated: Vec<(String, u64)> = (0..N as u64)
        .map(|i| (format!("/response/0/files/{i}/id"), first + i * step + 22))
        .collect();
    same(&at("duplicate-key"), &repeated);
    let missing: Vec<(String, u64)> = (0..N as u64)
        .map(|i| (format!("/response/0/files/{i}"), first + i * step))
        .collect();
    same(&at("required"), &missing);
    assert_eq!(report.summary.errors, 2 * N, "one violation per place");
    assert_eq!(report.summary.warnings, 0);
    let last = report
        .violations
        .iter()
        .rfind(|v| v.rule.id() == "required")
        .expect("a missing member");
    assert_eq!(
        last.message,
        format!(
            "files[{}]: missing required member `title` (found `Title`: member names are \
             case-sensitive, and servers send `title`)",
            N - 1
        )
    );
}

/// An envelope can hold any number of members, and repeat them: each repeat is one error, and
/// unknown names are counted once each. The checks of each name went over every name before
/// it: 80,000 members took 30 s.
#[test]
fn thousands_of_envelope_members_are_each_counted_once() {
    const N: usize = 20_000;
    let members: Vec<String> = (0..N).map(|i| format!(r#""m{i}": {i}"#)).collect();
    let text = format!(r#"{{{}, "response": []}}"#, members.join(", "));
    let report = validate(text.as_bytes());
    assert_eq!(report.summary.errors, 0, "{:?}", &report.violations[..1]);
    assert_eq!(report.unknown_members.len(), N);
    // Every name twice: one duplicate-key error per name, at the second.
    let twice: Vec<String> = (0..N).map(|i| format!(r#""m{i}": 1, "m{i}": 2"#)).collect();
    let text = format!(r#"{{{}, "response": []}}"#, twice.join(", "));
    let report = validate(text.as_bytes());
    let repeats: Vec<&str> = report
        .violations
        .iter()
        .filter(|v| v.rule.id() == "duplicate-key")
        .map(|v| v.pointer.as_str())
        .collect();
    assert_eq!(repeats.len(), N);
    assert_eq!(repeats[N - 1], format!("/m{}", N - 1));
    assert_eq!(report.summary.errors, N);
    assert_eq!(report.unknown_members.len(), N);
}

/// A repeated envelope member's last value counts: what the checks said of the earlier ones is
/// taken back. With `--strict`, each unknown member is an error, so an envelope that lists its
/// members twice takes back one error per member; each used to move every violation after it
/// (20,000 members took 4 s, 80,000 took 70 s).
#[test]
fn an_envelope_that_repeats_thousands_of_members_keeps_the_last_of_each() {
    const N: usize = 5_000;
    let first: Vec<String> = (0..N).map(|i| format!(r#""m{i}": 1"#)).collect();
    let again: Vec<String> = (0..N).map(|i| format!(r#""m{i}": 2"#)).collect();
    let text = format!(
        r#"{{{}, {}, "response": []}}"#,
        first.join(", "),
        again.join(", ")
    );
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let report = Validator::new(strict)
        .unwrap()
        .validate_bytes("t.json", text.as_bytes());
    let second = text.find(&again[0]).expect("the repeats") as u64;
    let shown: Vec<(&str, String, u64)> = report
        .violations
        .iter()
        .map(|v| (v.rule.id(), v.pointer.clone(), v.offset))
        .collect();
    // Per member: the repeat (at its name), then the unknown member (at its last value).
    let expected: Vec<(&str, String, u64)> = (0..N)
        .flat_map(|i| {
            let name_at = second + (0..i).map(|j| again[j].len() as u64 + 2).sum::<u64>();
            let value_at = name_at + again[i].len() as u64 - 1;
            [
                ("duplicate-key", format!("/m{i}"), name_at),
                ("unknown-member", format!("/m{i}"), value_at),
            ]
        })
        .collect();
    assert_eq!(shown.len(), expected.len());
    let first_difference = shown.iter().zip(&expected).position(|(s, e)| s != e);
    assert_eq!(first_difference, None);
    assert_eq!(report.summary.errors, 2 * N);
    // With a cap, what is taken back frees room for what follows, as before.
    let keep = N + 3;
    let capped = Validator::new(strict)
        .unwrap()
        .with_max_violations(Some(keep))
        .validate_bytes("t.json", text.as_bytes());
    assert_eq!(capped.violations.len(), keep);
    assert_eq!(capped.summary.errors, 2 * N);
    assert_eq!(capped.summary.not_shown, 2 * N - keep);
}

/// jsonschema gave each error at a container a copy of it as a `serde_json::Value`: a
/// `response` that is an object of 2 million entries (46 MB) took 1.98 GB and 1.95 s, a missing
/// member of an operation of 200,000 file entries 540 MB. Large containers' copies are now
/// made only if read, and the findings read the tape: the wording is as it was.
#[test]
fn a_large_container_in_the_wrong_place_is_named_without_copying_it() {
    let entries = vec![r#"{"id": 1, "title": "abc"}"#; 3_000].join(",");
    let text = format!(r#"{{"response": {{"x": [{entries}]}}}}"#);
    let (rule, line, column, message) = only_error(text.as_bytes());
    assert_eq!((rule, line, column), ("type", 1, 14));
    assert_eq!(
        message,
        "response: expected an array of operation objects, found an object"
    );
    // An operation of thousands of entries that lacks members: each missing member named once.
    let text = format!(r#"{{"response": [{{"id": "a", "Operation": 1, "files": [{entries}]}}]}}"#);
    let report = validate(text.as_bytes());
    let missing: Vec<&str> = report
        .violations
        .iter()
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        missing,
        [
            "operation 0: missing required member `progress`",
            "operation 0: missing required member `finished`"
        ],
        "{:#?}",
        report.violations
    );
}
