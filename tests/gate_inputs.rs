//! Captures in every form (HAR, NDJSON, gzip): each violation names the right document, and its
//! line, column and offset lead to the offending value in the file as stored.

use std::io::Write;
use std::path::{Path, PathBuf};

use fileops_validator::Checker;
use fileops_validator::arb::internals::input::source::Source;
use fileops_validator::{Options, Report, Violation};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn validate(path: &Path) -> Report {
    Checker::new(Options::default(), None)
        .unwrap()
        .validate_source(&Source::File(path.to_owned()), &Default::default())
        .unwrap()
}

/// The text at 1-based (line, column in characters).
fn at_line_column(text: &str, line: u64, column: u64) -> &str {
    let l = text.split_inclusive('\n').nth(line as usize - 1).unwrap();
    let start = l
        .char_indices()
        .nth(column as usize - 1)
        .map_or(l.len(), |(i, _)| i);
    &l[start..]
}

/// Checks that line/column and offset agree and lead to `expected`.
fn assert_points_at(text: &str, v: &Violation, expected: &str) {
    let by_line = at_line_column(text, v.line, v.column);
    assert!(
        by_line.starts_with(expected),
        "{} at {}:{} points at {:?}, expected {expected:?}",
        v.pointer,
        v.line,
        v.column,
        &by_line[..by_line.len().min(40)]
    );
    let by_offset = &text[v.offset as usize..];
    assert!(
        by_offset.starts_with(expected),
        "offset {} of {}",
        v.offset,
        v.pointer
    );
}

fn find<'a>(report: &'a Report, pointer: &str) -> &'a Violation {
    report
        .violations
        .iter()
        .find(|v| v.pointer == pointer)
        .unwrap_or_else(|| panic!("no violation at {pointer}: {:#?}", report.violations))
}

#[test]
fn har_violations_point_inside_the_body_literal() {
    let path = fixture("har/broken.har");
    let text = std::fs::read_to_string(&path).unwrap();
    let report = validate(&path);

    let progress = find(&report, "/response/0/progress");
    assert_eq!((progress.document, progress.rule.id()), (1, "type"));
    assert_points_at(&text, progress, r#"\"50\",\"processed\""#);

    // After the non-ASCII title: the column counts characters, the offset bytes.
    let access = find(&report, "/response/0/files/0/access");
    assert_eq!((access.document, access.rule.id()), (1, "enum"));
    assert_points_at(&text, access, r#"12,\"shared\""#);
    assert!(
        access.offset > access.column + 10,
        "multi-byte characters before it"
    );

    // The base64 body: the start of the text literal, and the message says so.
    let operation = find(&report, "/response/0/Operation");
    assert_eq!(operation.document, 5);
    assert_points_at(&text, operation, "\"eyJ");
    assert!(
        operation.message.contains("base64"),
        "{}",
        operation.message
    );

    // The 404 entry is checked against the error envelope, under its own rule.
    let missing = find(&report, "/error");
    assert_eq!((missing.document, missing.rule.id()), (3, "error-response"));
    assert_points_at(&text, missing, r#"{\"type\""#);
    let status = find(&report, "/status");
    assert_eq!(status.rule.id(), "error-response");
    assert_points_at(&text, status, r#"0,\"statusCode\""#);

    let s = &report.summary;
    assert_eq!(
        (s.inputs, s.documents, s.operations, s.errors, s.warnings),
        (1, 2, 2, 5, 0)
    );
    assert_eq!((s.error_responses, s.ignored_entries), (1, 3));
    let documents: Vec<usize> = report.inputs[0].indexes().collect();
    assert_eq!(documents, [1, 3, 5]);
}

#[test]
fn gzip_reports_the_decompressed_positions() {
    let plain = validate(&fixture("har/broken.har"));
    let gz = validate(&fixture("har/broken.har.gz"));
    let strip = |r: &Report| -> Vec<(usize, String, u64, u64, u64)> {
        r.violations
            .iter()
            .map(|v| (v.document, v.pointer.clone(), v.line, v.column, v.offset))
            .collect()
    };
    assert_eq!(strip(&plain), strip(&gz));
    assert_eq!(plain.summary, gz.summary);
}

#[test]
fn a_valid_session_passes() {
    let report = validate(&fixture("har/session.har"));
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    let s = &report.summary;
    assert_eq!(
        (
            s.documents,
            s.operations,
            s.error_responses,
            s.ignored_entries
        ),
        (2, 2, 1, 3)
    );
}

#[test]
fn ndjson_lines_are_documents_and_lines_of_the_file() {
    let path = fixture("corpus/lines.ndjson");
    let text = std::fs::read_to_string(&path).unwrap();
    let report = validate(&path);
    let syntax = find(&report, "");
    assert_eq!(
        (syntax.document, syntax.rule.id(), syntax.line),
        (1, "syntax", 2)
    );
    let progress = find(&report, "/response/0/progress");
    assert_eq!((progress.document, progress.line), (2, 3));
    assert_points_at(&text, progress, "\"50\"");
    let access = find(&report, "/response/0/files/0/access");
    assert_points_at(&text, access, "12,");
    assert_eq!(report.summary.documents, 3);

    // The same through gzip.
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("lines.ndjson.gz");
    let mut encoder =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), Default::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let zipped = validate(&gz);
    let places = |r: &Report| -> Vec<(usize, u64, u64, u64)> {
        r.violations
            .iter()
            .map(|v| (v.document, v.line, v.column, v.offset))
            .collect()
    };
    assert_eq!(places(&report), places(&zipped));
}

fn har_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn har_edge_cases_are_violations_not_failures() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://x.example/api/2.0/files/fileops";

    let not_har = validate(&har_file(dir.path(), "a.har", "{\"entries\": []}"));
    assert_eq!(not_har.violations[0].rule, "har");
    assert_eq!(not_har.summary.errors, 1);

    let truncated = validate(&har_file(
        dir.path(),
        "b.har",
        "{\"log\": {\"entries\": [{\"request\": {",
    ));
    assert_eq!(truncated.violations[0].rule, "syntax");
    assert!(truncated.violations[0].message.contains("truncated"));

    // A syntax error names the entry it is in.
    let broken = validate(&har_file(
        dir.path(),
        "d.har",
        "{\"log\": {\"entries\": [{\"request\": {}},\n {\"time\": [1, 2}]}}",
    ));
    let v = broken
        .violations
        .iter()
        .find(|v| v.rule.id() == "syntax")
        .unwrap();
    assert_eq!(
        (v.rule.id(), v.document, v.line, v.column),
        ("syntax", 1, 2, 16)
    );
    // Entry 0's `request` has no method or url: reported, not taken for "not fileops".
    let v = &broken.violations[0];
    assert_eq!((v.rule.id(), v.document), ("har", 0));

    // The response before the request (some tools write them so), a body without text, and
    // a body with escaped non-ASCII.
    let text = format!(
        r#"{{"log": {{"entries": [
  {{"response": {{"status": 200, "content": {{"text": "{{\"response\": [{{\"id\": \"\u00e9\", \"Operation\": 1, \"progress\": true, \"finished\": false}}]}}"}}}}, "request": {{"method": "GET", "url": "{url}"}}}},
  {{"request": {{"method": "GET", "url": "{url}"}}, "response": {{"status": 200, "content": {{"size": 0}}}}}}
]}}}}"#
    );
    let report = validate(&har_file(dir.path(), "c.har", &text));
    let progress = find(&report, "/response/0/progress");
    assert_eq!(progress.document, 0);
    assert_points_at(&text, progress, "true, ");
    let no_body = report
        .violations
        .iter()
        .find(|v| v.rule.id() == "har")
        .unwrap();
    assert_eq!((no_body.document, no_body.line), (1, 3));
    assert!(
        no_body.message.contains("missing body"),
        "{}",
        no_body.message
    );
    assert_eq!(no_body.severity, fileops_validator::Severity::Error);
}

#[test]
fn large_unrelated_bodies_are_skipped_not_held() {
    // Not a memory measurement (that belongs to benchmarks): the walk must get through a HAR
    // whose unrelated entry is larger than any read chunk, and still find the fileops entry.
    let big = "A".repeat(3 << 20);
    let url = "https://x.example/api/2.0/files/fileops";
    let text = format!(
        r#"{{"log": {{"entries": [
  {{"request": {{"method": "GET", "url": "https://x.example/big.bin"}}, "response": {{"status": 200, "content": {{"encoding": "base64", "text": "{big}"}}}}}},
  {{"request": {{"method": "GET", "url": "{url}"}}, "response": {{"status": 200, "content": {{"text": "[{{\"id\": 1}}]"}}}}}}
]}}}}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let report = validate(&har_file(dir.path(), "big.har", &text));
    assert_eq!(report.summary.ignored_entries, 1);
    let v = report.violations.first().unwrap();
    assert_eq!((v.document, v.line), (1, 3));
}

#[test]
fn regression_ndjson_unfinished_line_swallowed_the_next_document() {
    // An unfinished document used to run on into the next line: the error was reported at the
    // end of the file and the next line's document was lost.
    let text =
        "{\"response\": [{\"id\": \"a\n[]\n{\"response\": [{\"id\":\n[{\"progress\": \"x\"}]\n";
    let validator = fileops_validator::Validator::new(Options::default()).unwrap();
    let report = validator
        .validate_reader(
            "a.ndjson",
            text.as_bytes(),
            fileops_validator::arb::internals::json::frame::Recovery::NextLine,
        )
        .unwrap();
    let syntax: Vec<(usize, u64, u64)> = report
        .violations
        .iter()
        .filter(|v| v.rule.id() == "syntax")
        .map(|v| (v.document, v.line, v.column))
        .collect();
    assert_eq!(syntax, [(0, 1, 24), (2, 3, 21)]);
    assert_eq!(report.summary.documents, 4);
    let progress = find(&report, "/0/progress");
    assert_eq!((progress.document, progress.line), (3, 4));
}
