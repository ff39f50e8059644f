//! Named regression tests for the input side (HAR, `--schema`, `diff`, the directory walk,
//! standard input): each test says the bug it guards.

use std::io::Read;

use fileops_validator::r#gen::{GenOptions, Style, generate};
use fileops_validator::har;
use fileops_validator::{Options, Report, Validator};

/// The scanner's read size: escapes slid across multiples of it hit the refill path.
const CHUNK: usize = 64 * 1024;

/// A fileops body that fails: `Operation: 9` is no operation type.
fn invalid_body() -> Vec<u8> {
    let body = generate(&GenOptions {
        operations: 3,
        seed: 7,
        style: Style::Wire,
        bare: false,
        ndjson: false,
    });
    let text = String::from_utf8(body).unwrap();
    let at = text.find("\"Operation\":").unwrap() + "\"Operation\":".len();
    let end = at + text[at..].find(',').unwrap();
    format!("{}9{}", &text[..at], &text[end..]).into_bytes()
}

/// A HAR whose one fileops entry holds `body` as a JSON-escaped `text` (as browsers write it),
/// after an ignored entry padded with `pad` bytes.
fn har_with(body: &[u8], pad: usize) -> Vec<u8> {
    let text = serde_json::to_string(std::str::from_utf8(body).unwrap()).unwrap();
    format!(
        "{{\"log\": {{\"version\": \"1.2\", \"entries\": [\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/other\"}}, \"comment\": \"{}\"}},\n\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/api/2.0/files/fileops\"}}, \
         \"response\": {{\"status\": 200, \"content\": {{\"mimeType\": \"application/json\", \
         \"text\": {text}}}}}}}]}}}}",
        "p".repeat(pad)
    )
    .into_bytes()
}

fn checker() -> Validator {
    Validator::new(Options::default()).unwrap()
}

fn validate_har(reader: impl Read, checker: &Validator) -> Report {
    har::validate("t.har", reader, &|body| {
        checker.validate_bytes("t.har", body)
    })
    .unwrap()
}

/// (pointer, rule) of each violation: what must not depend on how the bytes arrive.
fn findings(report: &Report) -> Vec<(String, &'static str)> {
    report
        .violations
        .iter()
        .map(|v| (v.pointer.clone(), v.rule))
        .collect()
}

/// A `\` escape as the last byte of a 64 KiB read: the refill compacted the buffer and the
/// scanner then advanced from the index the escape had before, so the HAR's only (invalid)
/// fileops body was lost or misread: `ok: 1 input, 0 documents`, exit 0, or a false
/// "truncated" error, depending on the shift.
#[test]
fn an_escape_ending_a_64k_read_does_not_lose_the_har_body() {
    let body = invalid_body();
    let checker = checker();
    let expected = findings(&validate_har(&har_with(&body, 0)[..], &checker));
    assert!(
        expected.iter().any(|(p, _)| p.ends_with("/Operation")),
        "{expected:?}"
    );
    // The first `\"` of the text sits at this offset with no padding.
    let first = har_with(&body, 0)
        .windows(2)
        .position(|w| w == b"\\\"")
        .unwrap();
    let mut misses = Vec::new();
    // Slide every escape of the first 200 bytes of the text across the first refill boundary.
    for shift in 0..200 {
        let Some(pad) = (CHUNK - 1 + shift).checked_sub(first + 200) else {
            continue;
        };
        let har = har_with(&body, pad);
        let report = validate_har(&har[..], &checker);
        if findings(&report) != expected || report.summary.documents != 1 {
            misses.push((pad, report.summary.documents, findings(&report)));
        }
    }
    assert!(
        misses.is_empty(),
        "{} shifts differ: {:?}",
        misses.len(),
        &misses[..misses.len().min(3)]
    );
}
