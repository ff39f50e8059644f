//! Targets `har`, `custom_schema` and `diff`: the other readers (HAR files, `--schema`
//! documents, `diff`'s shapes) never panic and do not depend on how the bytes arrive.

use std::sync::OnceLock;

use super::{Chunked, check_locations, same_report, validator};
use crate::json::frame::Recovery;
use crate::{Layers, Profile};

/// The `--schema` documents fuzz target's schema: a little of everything jsonschema checks.
fn fuzz_schema() -> &'static crate::check::custom::CustomSchema {
    static SCHEMA: OnceLock<crate::check::custom::CustomSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["response"],
            "properties": {
                "response": {"type": "array", "items": {"type": "object",
                    "properties": {"id": {"type": "string", "format": "uuid"},
                                   "Operation": {"enum": [0, 1, 2, 3, 4, 5, 6, 7, 8]},
                                   "progress": {"type": "integer", "minimum": 0, "maximum": 100}},
                    "additionalProperties": {"type": ["string", "boolean", "null"]}}},
                "count": {"type": "integer"}
            }
        });
        crate::check::custom::CustomSchema::compile("fuzz.schema.json".to_owned(), &schema)
            .expect("the fuzz schema compiles")
    })
}

/// Chunk sizes chosen by the input's length (cheap, and different from one read).
fn sizes_for(data: &[u8]) -> Vec<usize> {
    vec![1 + data.len() % 13, 1, 4093]
}

/// Target `har`: any bytes as a HAR file; never panics, every violation inside the input (its
/// offset, line and column agree), and the same report for a chunked read.
///
/// # Panics
/// When a location is out of place, the reports differ, or the walk panics.
pub fn har(data: &[u8]) {
    let v = validator(Profile::Any, Layers::ALL);
    let check = |body: &[u8]| v.validate_bytes("input", body);
    let one = crate::check::har::validate("input", data, &check).expect("reading from memory");
    if let Err(e) = check_locations(data, &one) {
        panic!("har: {e}");
    }
    // A HAR that is not JSON in UTF-8 never passes, wherever the fault is: in a part the walk
    // skips, a member name, a request, a response. (A leading byte-order mark is allowed, and
    // serde_json's nesting limit is left out.)
    let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let nesting = text.iter().filter(|&&b| b == b'[' || b == b'{').count();
    let json = std::str::from_utf8(text).is_ok()
        && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok();
    if !json && nesting < 120 {
        assert!(
            one.violations
                .iter()
                .any(|v| v.severity == crate::report::Severity::Error),
            "har: a text serde_json refuses passed: {:?}",
            one.violations
        );
    }
    let chunked = crate::check::har::validate("input", Chunked::new(data, sizes_for(data)), &check)
        .expect("reading from memory");
    if let Err(e) = same_report(&one, &chunked) {
        panic!("har, chunk sizes {:?}: {e}", sizes_for(data));
    }
}

/// Target `custom_schema`: any bytes as a stream of `--schema` documents (both recoveries)
/// against a fixed schema; never panics, locations inside the input, chunking changes nothing,
/// and the whole input read as one document (and each of its lines) gets the findings a
/// serde_json value got before documents moved to simd-json tapes.
///
/// # Panics
/// As [`har`], and when the tape and serde_json disagree.
pub fn custom_schema(data: &[u8]) {
    let schema = fuzz_schema();
    // The whole input as one document, and each of its lines: the tape finds what serde_json
    // found before, or both refuse it with serde_json's words.
    static REFERENCE: OnceLock<jsonschema::Validator> = OnceLock::new();
    let reference = REFERENCE.get_or_init(|| schema.serde_validator());
    let lines = data
        .split(|b| *b == b'\n')
        .filter(|line| line.len() < data.len());
    for document in std::iter::once(data).chain(lines) {
        let tape = schema.tape_findings(document).map_err(|e| e.to_string());
        let serde = schema
            .serde_findings(reference, document)
            .map_err(|e| e.to_string());
        assert_eq!(
            tape, serde,
            "custom_schema: the tape and serde_json disagree on {document:?}"
        );
    }
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let one = schema
            .validate_reader("input", data, recovery)
            .expect("reading from memory");
        if let Err(e) = check_locations(data, &one) {
            panic!("custom_schema {recovery:?}: {e}");
        }
        let chunked = schema
            .validate_reader("input", Chunked::new(data, sizes_for(data)), recovery)
            .expect("reading from memory");
        if let Err(e) = same_report(&one, &chunked) {
            panic!(
                "custom_schema {recovery:?}, chunk sizes {:?}: {e}",
                sizes_for(data)
            );
        }
    }
}

/// Target `diff`: the first byte splits the rest into two inputs A and B, each read as JSON and
/// as a HAR; never panics, and each shape (or error) is the same however the bytes arrive.
///
/// # Panics
/// When a shape depends on the chunking, or the reader panics.
pub fn diff(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(first) * rest.len() / 255;
    let (a, b) = rest.split_at(split.min(rest.len()));
    for input in [a, b] {
        for har in [false, true] {
            let one = crate::diff::shape_of_reader("a", input, har);
            let chunked =
                crate::diff::shape_of_reader("a", Chunked::new(input, sizes_for(input)), har);
            assert_eq!(
                one, chunked,
                "diff (har: {har}): the shape depends on the chunking"
            );
            if let Ok(shape) = one {
                let _ = shape.to_string();
            }
        }
    }
}
