//! `--format sarif`: a SARIF 2.1.0 log, for code scanning (GitHub's `upload-sarif` and others).
//!
//! One result per violation, located by file, line, column (in Unicode code points, as the run's
//! `columnKind` says) and byte offset, with the JSON Pointer as a logical location. Every rule id
//! the validator knows is listed with its help text from [`Rule`]. Each result
//! carries the baseline fingerprint (input, rule, pointer pattern) as a partial fingerprint, so
//! code scanning tracks a problem across runs even when its line moves.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeSeq;
use serde_json::{Value, json};

use crate::report::baseline::Fingerprint;
use crate::report::{Report, Rule, Severity, Violation};

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

// The log is written field by field in the order serde_json's sorted maps gave it before it
// streamed, so the bytes stay the same; `results` is serialized one violation at a time, so a
// log of millions of results never exists in memory as a tree.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    invocations: Option<Value>,
    properties: Value,
    results: Results<'a>,
    tool: Value,
}

struct Results<'a> {
    violations: &'a [Violation],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.violations.len()))?;
        for v in self.violations {
            seq.serialize_element(&result(v))?;
        }
        seq.end()
    }
}

/// The report as a SARIF log, pretty-printed, with a final newline.
#[must_use]
pub fn render(report: &Report) -> String {
    super::to_string(super::Format::Sarif, report)
}

/// Writes the report as a SARIF log, pretty-printed, with a final newline.
///
/// # Errors
/// The first write error.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Every rule, in `Rule::ALL` order: a result's `ruleIndex` is its rule's place there.
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "shortDescription": {"text": rule.help()},
                "help": {"text": rule.help()},
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
    let invocations = (!report.errors.is_empty()).then(|| {
        let notifications: Vec<Value> = report
            .errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "descriptor": {"id": "unreadable"},
                    "message": {"text": format!("cannot read the input: {}", e.message)},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&e.input)}}],
                })
            })
            .collect();
        json!([{"executionSuccessful": false, "toolExecutionNotifications": notifications}])
    });
    let log = Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations,
            properties,
            results: Results {
                violations: &report.violations,
            },
            tool: json!({"driver": {
                "name": "fileops-validator",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }}),
        }],
        version: VERSION,
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn artifact(input: &str) -> Value {
    let mut artifact = json!({"uri": uri(input)});
    if !is_absolute(input) {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    artifact
}

fn result(v: &Violation) -> Value {
    let artifact = artifact(&v.input);
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": region(v),
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
    if let Some(i) = Rule::ALL.iter().position(|r| *r == v.rule) {
        result["ruleIndex"] = json!(i);
    }
    result
}

/// Where the violation is. SARIF lines and columns start at 1: a 0 (unknown) is left out
/// rather than written as an invalid log.
fn region(v: &Violation) -> Value {
    let mut region = json!({"byteOffset": v.offset});
    if v.line > 0 {
        region["startLine"] = json!(v.line);
    }
    if v.column > 0 && v.line > 0 {
        region["startColumn"] = json!(v.column);
    }
    region
}

fn is_absolute(path: &str) -> bool {
    let p = path.replace('\\', "/");
    p.starts_with('/') || (p.len() > 2 && p.as_bytes()[1] == b':' && p.as_bytes()[2] == b'/')
}

/// A path as a URI reference: relative paths stay relative (resolved against `%SRCROOT%`),
/// absolute ones become `file:` URIs; anything outside the unreserved set is percent-encoded.
#[must_use]
pub fn uri(path: &str) -> String {
    let normalized = crate::report::shard::normalize(path);
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
