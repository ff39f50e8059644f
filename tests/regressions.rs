//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every regression
//! (`tests/regressions/<target>/`) through the fuzz targets' own functions, on stable Rust, and
//! holds one named test per bug the fuzzers or the properties found.
//!
//! To turn a crash into a regression: minimize it (`cargo +nightly fuzz tmin <target> <crash>`),
//! copy the result to `tests/regressions/<target>/<what-broke>.json` (`.bin` for inputs that are
//! not text), and add a named test below with a sentence on what broke.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use fileops_validator::arb::Case;
use fileops_validator::arb::fuzz;

/// Runs the function of fuzz target `target` on `data`.
fn run_target(target: &str, data: &[u8]) {
    match target {
        "raw" => fuzz::raw(data),
        "differential" => fuzz::differential(data),
        "streaming" => fuzz::streaming(data),
        "sequence" => fuzz::sequence(data),
        "lexer" => fileops_validator::arb::internals::json::lex::fuzz_chunking(data),
        "har" => fuzz::har(data),
        "custom_schema" => fuzz::custom_schema(data),
        "diff" => fuzz::diff(data),
        "compiled" => fuzz::compiled(data),
        "wellformed" => fileops_validator::arb::internals::json::wellformed::fuzz(data),
        "structured" => {
            if let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) {
                fuzz::structured(&case);
            }
        }
        other => panic!("no fuzz target named {other}"),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every file under `root/<target>/` through its target; every failure listed at once.
fn replay(root: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut failures = Vec::new();
    let mut n = 0;
    // `render` and `baseline` seeds are replayed by tests/output_props.rs.
    for target in [
        "raw",
        "differential",
        "streaming",
        "structured",
        "sequence",
        "lexer",
        "har",
        "custom_schema",
        "diff",
        "compiled",
        "wellformed",
    ] {
        for path in files(&root.join(target)) {
            let data = std::fs::read(&path).expect("readable");
            n += 1;
            // Every input also goes through `raw`: no panic and locations in bounds, whatever
            // target it was found by.
            for t in [target, "raw"] {
                if let Err(e) = catch_unwind(AssertUnwindSafe(|| run_target(t, &data))) {
                    let message = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{} ({t}): {message}", path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    n
}

#[test]
fn fuzz_seeds_replay_cleanly() {
    assert!(replay("fuzz/seeds") > 0, "no seeds found");
}

#[test]
fn regressions_replay_cleanly() {
    replay("tests/regressions");
}

/// Replays one named file of tests/regressions/<target>/ (for the named regression tests).
#[allow(dead_code)]
fn regression(target: &str, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target)
        .join(name);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    run_target(target, &data);
}

/// Fuzzer bytes drove the strategies through proptest's PassThrough RNG, which returns zeros
/// once the bytes run out; rand's range sampling rejects an all-zero draw, so every input of
/// the `structured` target (the empty one included) spun forever. Found by `structured`
/// (timeouts on every input). The bytes are now read as a payload description
/// (`arb::structure`), where running out of bytes takes every choice's first form.
#[test]
fn structured_inputs_that_run_out_of_bytes_still_finish() {
    for data in [&b""[..], &[0u8; 64][..], &[0xFFu8; 7][..]] {
        run_target("structured", data);
    }
}

/// The scanner that walks a HAR only balanced brackets and ended strings in what it skips (other
/// requests, headers, timings, pages) and in member names, and serde_json checks no UTF-8 in a
/// string it skips: invalid UTF-8 in a header, a bad escape in a name or a missing `:` passed
/// (exit 0, "ok"), and a bad literal in a request was reported as a request without a `method`.
/// Found by reading the scanner after the envelope-name fix. Each is now the HAR's syntax error,
/// at its byte (the lines and columns are Python's `json` module's). The `har` target's new
/// check then found the same in a fileops response whose text was missing (serde_json reads a
/// response whole, so the UTF-8 check outside its text ran only when there was a text).
#[test]
fn har_text_the_walk_skips_is_checked_to_be_json() {
    regression("har", "header-not-utf8.har");
    regression("har", "response-not-utf8-without-text.bin");
    let v = fuzz::validator(
        fileops_validator::Profile::Any,
        fileops_validator::Layers::ALL,
    );
    let check = |body: &[u8]| v.validate_bytes("input", body);
    let har = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/2025-04/browser-session.har"),
    )
    .expect("the bundled HAR");
    let validate = |bytes: &[u8]| {
        fileops_validator::arb::internals::check::har::validate("t.har", bytes, &check)
            .expect("reading from memory")
    };
    assert_eq!(validate(&har).violations.len(), 0);
    let replace = |from: &[u8], to: &[u8]| -> Vec<u8> {
        let at = har
            .windows(from.len())
            .position(|w| w == from)
            .expect("in the HAR");
        [&har[..at], to, &har[at + from.len()..]].concat()
    };
    for (from, to, line, column) in [
        (
            &br#""value": "docspace.example.com""#[..],
            &b"\"value\": \"docspace\x9f.example.com\""[..],
            33,
            33,
        ),
        (
            br#""value": "docspace.example.com""#,
            b"\"value\": \"docspace\t.example.com\"",
            33,
            33,
        ),
        (br#""pageTimings": {}"#, br#""pageTimings" {}"#, 13, 23),
        (br#""queryString": []"#, br#""queryString": tru"#, 44, 26),
        (br#""_priority""#, br#""_pri\qority""#, 21, 14),
        (br#""headersSize": -1"#, br#""headersSize": -1x"#, 46, 28),
    ] {
        let report = validate(&replace(from, to));
        let found: Vec<_> = report
            .violations
            .iter()
            .map(|e| (e.rule.to_string(), e.line, e.column))
            .collect();
        assert_eq!(
            found,
            [("syntax".to_owned(), line, column)],
            "{}: {:?}",
            String::from_utf8_lossy(to),
            report.violations
        );
    }
}

/// An envelope's member names are read by the framer, where simd-json reads every value, and
/// the framer only found where a name ends: a name with invalid UTF-8, a control character, a
/// bad escape or a lone surrogate passed (exit 0, "ok"). Found by `sequence`, whose check of a
/// HAR body's facts saw a parse of the body refuse a body the validation had passed. Each is
/// now the syntax error the same string gets as a value, at the same byte.
#[test]
fn envelope_member_names_are_checked_as_strings_are_in_values() {
    regression("sequence", "envelope-name-not-utf8.bin");
    let v = fuzz::validator(
        fileops_validator::Profile::Any,
        fileops_validator::Layers::ALL,
    );
    let errors = |bytes: &[u8], start: u64| -> Vec<(String, String, u64)> {
        v.validate_bytes("t.json", bytes)
            .violations
            .iter()
            .filter(|e| e.severity == fileops_validator::Severity::Error)
            .map(|e| (e.rule.to_string(), e.message.clone(), e.offset - start))
            .collect()
    };
    for bad in [
        &b"st\x9f\x8b"[..],
        b"a\x01b",
        b"a\\qb",
        b"a\\ud800b",
        b"\xed\xa0\x80",
    ] {
        let as_name = [&b"{\"response\":[],\""[..], bad, b"\":1}"].concat();
        let as_value = [&b"{\"response\":[],\"x\":\""[..], bad, b"\"}"].concat();
        let found = errors(&as_name, 15);
        assert_eq!(
            found.len(),
            1,
            "{:?}: {found:?}",
            String::from_utf8_lossy(bad)
        );
        assert_eq!(found[0].0, "syntax");
        assert_eq!(
            found,
            errors(&as_value, 19),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    // Names that are strings stay names, escapes and all.
    let fine = br#"{"response":[],"\u0063ount":0,"caf\u00e9 \ud83d\ude00":1,"\"q\"":2}"#;
    assert!(errors(fine, 0).is_empty(), "{:?}", errors(fine, 0));
}

/// Validates a regression file with both layers and with each alone, in profile `any`.
fn validate(name: &str, layers: fileops_validator::Layers) -> fileops_validator::Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/raw")
        .join(name);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    regression("raw", name);
    fuzz::validator(fileops_validator::Profile::Any, layers).validate_bytes(name, &data)
}

fn errors_at(report: &fileops_validator::Report) -> Vec<(String, u64, u64)> {
    report
        .violations
        .iter()
        .filter(|v| v.severity == fileops_validator::Severity::Error)
        .map(|v| (v.pointer.clone(), v.line, v.column))
        .collect()
}

/// Findings inside an envelope member other than `response` were placed at the member's first
/// byte (the `[` of `links`), not at the wrong value: locate() was given the member's own name
/// as its first step. Found by `every_mutation_is_caught_by_each_layer`.
#[test]
fn member_findings_are_located_inside_the_member() {
    for layers in fuzz::LAYER_CHOICES {
        let report = validate("member-findings-located-inside-the-member.json", layers);
        assert_eq!(errors_at(&report), vec![("/links/0".to_owned(), 2, 3)]);
    }
}

/// A `response` member whose name is written with an escape (`"\u0072esponse"`) was not taken
/// for the operation list (the framer compared raw bytes), so its operations went unchecked
/// by the per-operation rules and `count` looked wrong. Found by
/// `valid_payloads_pass_every_layer`.
#[test]
fn an_escaped_response_key_is_the_operation_list() {
    let report = validate("escaped-response-key.json", fileops_validator::Layers::ALL);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    assert_eq!(report.summary.operations, 1);
}

/// The schema layer reported a date object with a bad `utcTime` at the date (the failed
/// `anyOf`), the types layer at `utcTime`; the schema layer now descends into the one
/// alternative whose type fits. Found by `every_mutation_is_caught_by_each_layer`.
#[test]
fn a_bad_utc_time_is_reported_at_utc_time_by_both_layers() {
    for layers in &fuzz::LAYER_CHOICES[1..] {
        let report = validate("docs-date-bad-utc-time.json", *layers);
        assert_eq!(
            errors_at(&report),
            vec![("/response/0/files/0/created/utcTime".to_owned(), 1, 125)]
        );
    }
}

/// serde's derived struct deserializer also takes an array of the field values in order, so
/// the types layer passed `["a", 1, 100, "", "1", true]` as an operation that the schema
/// rejects. Found by the array-object-swap mutation.
#[test]
fn an_operation_written_as_an_array_fails_the_types_layer() {
    for layers in &fuzz::LAYER_CHOICES[1..] {
        let report = validate("operation-as-array-of-field-values.json", *layers);
        assert_eq!(errors_at(&report), vec![("/response/0".to_owned(), 1, 15)]);
    }
}

/// The docs' misspelled task status `Failted` was read as `Failed` and written back as
/// `Failed`, so a typed round trip changed the document. Found by
/// `typed_parse_then_serialize_round_trips`.
#[test]
fn an_enum_alias_round_trips_as_written() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/raw/enum-alias-round-trip.json");
    let text = std::fs::read(&path).expect("readable");
    let mut bytes = text.clone();
    let parsed: fileops_validator::arb::internals::model::Document<'_> =
        simd_json::serde::from_slice(&mut bytes).expect("valid");
    let back = serde_json::to_value(&parsed).expect("serializable");
    let original: serde_json::Value = serde_json::from_slice(&text).expect("json");
    assert_eq!(back, original);
}

/// simd-json rejected integers beyond 64 bits as invalid numbers, so the validator called
/// valid JSON malformed ("out of range for a 64-bit float", for 1.2e29) where serde_json and
/// RFC 8259 accept it; simd-json's `big-int-as-float` feature reads them as floats, and the
/// layers then report a range error. Found by `simd_json_and_serde_json_agree_on_syntax`.
#[test]
fn an_integer_beyond_64_bits_is_a_range_error_not_a_syntax_error() {
    regression("differential", "big-integer-is-json.json");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/differential/big-integer-is-json.json");
    let data = std::fs::read(&path).expect("readable");
    let report = fuzz::validator(
        fileops_validator::Profile::Any,
        fileops_validator::Layers::ALL,
    )
    .validate_bytes("big", &data);
    let rules: Vec<(&str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule.id()))
        .collect();
    assert_eq!(rules, vec![("/response/0/progress", "range")]);
}
