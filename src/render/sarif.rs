//! `--format sarif`: a SARIF 2.1.0 log, for code scanning (GitHub's `upload-sarif` and others).
//!
//! One result per violation, located by file, line, column (in Unicode code points, as the run's
//! `columnKind` says) and byte offset, with the JSON Pointer as a logical location. Every rule id
//! the validator knows is listed with its help text from [`crate::rules::RULES`]. Each result
//! carries the baseline fingerprint (input, rule, pointer pattern) as a partial fingerprint, so
//! code scanning tracks a problem across runs even when its line moves.

use serde_json::{Value, json};

use crate::baseline::Fingerprint;
use crate::report::{Report, Severity, Violation};
use crate::rules::RULES;

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as a SARIF log, pretty-printed, with a final newline.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut rules: Vec<(&str, &str)> = RULES.to_vec();
    rules.extend_from_slice(crate::sequence::RULES);
    for v in &report.violations {
        if !rules.iter().any(|(id, _)| *id == v.rule) {
            rules.push((
                v.rule,
                "A value does not satisfy the JSON Schema given with --schema.",
            ));
        }
    }
    let results: Vec<Value> = report
        .violations
        .iter()
        .map(|v| result(v, rules.iter().position(|(id, _)| *id == v.rule)))
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|(id, help)| {
            json!({
                "id": id,
                "shortDescription": {"text": help},
                "help": {"text": help},
            })
        })
        .collect();
    let mut properties = json!({"summary": report.summary});
    if !report.notes.is_empty() {
        properties["notes"] = json!(report.notes);
    }
    if let Some(schema) = &report.custom_schema {
        properties["customSchema"] = json!(schema);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "fileops-validator",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": properties,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log always serializes");
    out.push('\n');
    out
}

fn result(v: &Violation, rule_index: Option<usize>) -> Value {
    let mut artifact = json!({"uri": uri(&v.input)});
    if !is_absolute(&v.input) {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": v.line,
                "startColumn": v.column,
                "byteOffset": v.offset,
            },
        },
    });
    if !v.pointer.is_empty() {
        location["logicalLocations"] = json!([{"fullyQualifiedName": v.pointer, "kind": "value"}]);
    }
    let mut result = json!({
        "ruleId": v.rule,
        "level": match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": {"text": v.message},
        "locations": [location],
        "partialFingerprints": {"fileopsValidator/v1": Fingerprint::of(v).hash()},
        "properties": {
            "document": v.document,
            "pointer": v.pointer,
            "layers": v.layers,
        },
    });
    if let Some(i) = rule_index {
        result["ruleIndex"] = json!(i);
    }
    result
}

fn is_absolute(path: &str) -> bool {
    let p = path.replace('\\', "/");
    p.starts_with('/') || (p.len() > 2 && p.as_bytes()[1] == b':' && p.as_bytes()[2] == b'/')
}

/// A path as a URI reference: relative paths stay relative (resolved against `%SRCROOT%`),
/// absolute ones become `file:` URIs; anything outside the unreserved set is percent-encoded.
#[must_use]
pub fn uri(path: &str) -> String {
    let normalized = crate::shard::normalize(path);
    let mut out = String::with_capacity(normalized.len() + 8);
    if is_absolute(&normalized) {
        out.push_str("file://");
        if !normalized.starts_with('/') {
            out.push('/');
        }
    }
    for b in normalized.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            b':' if out.starts_with("file://") => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("captures/a b.json"), "captures/a%20b.json");
        assert_eq!(uri("./x/é.har"), "x/%C3%A9.har");
        assert_eq!(uri("/tmp/a.json"), "file:///tmp/a.json");
        assert_eq!(uri("C:\\ci\\a.json"), "file:///C:/ci/a.json");
    }
}
