//! The message of every kind of violation, as the CLI prints it: envelope members, operation
//! members under `--strict`, each layer alone, and one minimal input per rule id (every rule of
//! `Rule::ALL` must appear). One snapshot, one line per violation:
//! `case | rule [layers] severity pointer | message`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use fileops_validator::Rule;
use serde_json::Value;

const OP: &str = r#""id": "a", "Operation": 1, "progress": 100, "finished": true"#;

fn op(extra: &str) -> String {
    format!("{{{OP}{extra}}}")
}

/// (case name, file name, content, extra arguments)
fn cases() -> Vec<(&'static str, &'static str, String, Vec<&'static str>)> {
    let har = |status: u16, body: &str| {
        let text = serde_json::to_string(body).unwrap();
        format!(
            r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "https://p/api/2.0/files/fileops"}}, "response": {{"status": {status}, "content": {{"text": {text}}}}}}}]}}}}"#
        )
    };
    let doc = |ops: &[String]| format!("{{\"response\": [{}], \"count\": 1}}", ops.join(", "));
    let progress = |p: &str, finished: bool, extra: &str| {
        format!(r#"{{"id": "a", "Operation": 1, "progress": {p}, "finished": {finished}{extra}}}"#)
    };
    vec![
        // Envelope members: labelled by their own name.
        (
            "envelope count",
            "a.json",
            r#"{"response": [], "count": "1"}"#.into(),
            vec![],
        ),
        (
            "envelope count types alone",
            "a.json",
            r#"{"response": [], "count": "1"}"#.into(),
            vec!["--layer", "types"],
        ),
        (
            "envelope links",
            "a.json",
            r#"{"response": [], "count": 0, "links": {}}"#.into(),
            vec![],
        ),
        (
            "envelope total",
            "a.json",
            r#"{"response": [], "count": 1, "total": 1.5}"#.into(),
            vec![],
        ),
        (
            "envelope unknown member strict",
            "a.json",
            r#"{"response": [], "count": 1, "extra": 1}"#.into(),
            vec!["--strict"],
        ),
        // Operation members under --strict: labelled by the object that holds them.
        (
            "operation unknown member strict",
            "a.json",
            format!("[{}]", op(r#", "foo": 1"#)),
            vec!["--strict"],
        ),
        (
            "operation unknown member strict, types alone",
            "a.json",
            format!("[{}]", op(r#", "foo": 1"#)),
            vec!["--strict", "--layer", "types"],
        ),
        (
            "operation unknown member strict, schema alone",
            "a.json",
            format!("[{}]", op(r#", "foo": 1"#)),
            vec!["--strict", "--layer", "schema"],
        ),
        (
            "file unknown member strict",
            "a.json",
            doc(&[op(r#", "files": [{"title": "t", "foo": 1}]"#)]),
            vec!["--strict"],
        ),
        // Each layer alone.
        (
            "type, both layers",
            "a.json",
            format!("[{}]", progress("\"50\"", false, "")),
            vec![],
        ),
        (
            "type, schema alone",
            "a.json",
            format!("[{}]", progress("\"50\"", false, "")),
            vec!["--layer", "schema"],
        ),
        (
            "type, types alone",
            "a.json",
            format!("[{}]", progress("\"50\"", false, "")),
            vec!["--layer", "types"],
        ),
        (
            "required, schema alone",
            "a.json",
            r#"[{"Operation": 1, "progress": 1, "finished": false}]"#.into(),
            vec!["--layer", "schema"],
        ),
        (
            "required, types alone",
            "a.json",
            r#"[{"Operation": 1, "progress": 1, "finished": false}]"#.into(),
            vec!["--layer", "types"],
        ),
        (
            "enum, schema alone",
            "a.json",
            r#"[{"id": "a", "Operation": 99, "progress": 1, "finished": false}]"#.into(),
            vec!["--layer", "schema"],
        ),
        (
            "enum, types alone",
            "a.json",
            r#"[{"id": "a", "Operation": 99, "progress": 1, "finished": false}]"#.into(),
            vec!["--layer", "types"],
        ),
        (
            "not a response, types alone",
            "a.json",
            r#""fileops""#.into(),
            vec!["--layer", "types"],
        ),
        // One input per rule id.
        ("syntax", "a.json", r#"{"response": ["#.into(), vec![]),
        (
            "duplicate-key in the envelope",
            "a.json",
            r#"{"response": [], "count": 1, "count": 1}"#.into(),
            vec![],
        ),
        (
            "duplicate-key in an operation",
            "a.json",
            format!("[{}]", op(r#", "progress": 100"#)),
            vec![],
        ),
        ("byte-order-mark", "a.json", "\u{feff}[]".into(), vec![]),
        (
            "range",
            "a.json",
            format!("[{}]", progress("2147483648", false, "")),
            vec![],
        ),
        (
            "format",
            "a.json",
            doc(&[op(r#", "files": [{"title": "t", "created": "yesterday"}]"#)]),
            vec![],
        ),
        (
            "profile",
            "a.json",
            r#"{"response": [{"id": "a", "Operation": "Copy", "progress": 100, "finished": true}], "count": 1}"#.into(),
            vec!["--profile", "wire"],
        ),
        (
            "profile, bare list",
            "a.json",
            format!("[{}]", op("")),
            vec!["--profile", "wire"],
        ),
        (
            "case-mismatch",
            "a.json",
            format!("[{}]", op(r#", "Url": "https://p/f""#)),
            vec![],
        ),
        (
            "progress-range",
            "a.json",
            format!("[{}]", progress("101", false, "")),
            vec![],
        ),
        (
            "finished-progress",
            "a.json",
            format!("[{}]", progress("40", true, "")),
            vec![],
        ),
        (
            "entry-kind",
            "a.json",
            doc(&[op(r#", "files": [{"title": "t", "fileEntryType": 1}]"#)]),
            vec![],
        ),
        (
            "duplicate-id",
            "a.json",
            format!("[{}, {}]", op(""), op("")),
            vec![],
        ),
        (
            "processed-number",
            "a.json",
            format!("[{}]", op(r#", "processed": "x""#)),
            vec![],
        ),
        (
            "updated-before-created",
            "a.json",
            doc(&[op(
                r#", "files": [{"title": "t", "created": "2025-03-06T11:30:51.0000000+08:00", "updated": "2025-03-01T11:30:51.0000000+08:00"}]"#,
            )]),
            vec![],
        ),
        (
            "count-mismatch",
            "a.json",
            r#"{"response": [], "count": 2}"#.into(),
            vec![],
        ),
        (
            "error-response",
            "a.har",
            har(404, r#"{"error": {}, "status": 0, "statusCode": 404}"#),
            vec![],
        ),
        (
            "server-version",
            "a.json",
            format!("[{}]", op(r#", "status": 1"#)),
            vec!["--server-version", "3.0"],
        ),
        (
            "number-form",
            "a.json",
            format!("[{}]", progress("100.0", true, "")),
            vec![],
        ),
        ("har", "a.har", r#"{"log": {}}"#.into(), vec![]),
        (
            "schema (--schema)",
            "a.json",
            r#"{"response": []}"#.into(),
            vec!["--schema", "custom.schema.json"],
        ),
        (
            "unknown-member (--schema)",
            "a.json",
            r#"{"response": [1], "extra": true}"#.into(),
            vec!["--schema", "custom.schema.json"],
        ),
        (
            "sequence-progress-regressed",
            "a.ndjson",
            format!(
                "[{}]\n[{}]\n",
                progress("50", false, ""),
                progress("40", false, "")
            ),
            vec![],
        ),
        (
            "sequence-unfinished",
            "a.ndjson",
            format!(
                "[{}]\n[{}]\n",
                progress("100", true, ""),
                progress("100", false, "")
            ),
            vec![],
        ),
        (
            "sequence-final-changed",
            "a.ndjson",
            format!(
                "[{}]\n[{}]\n",
                progress("100", true, ""),
                progress("100", true, r#", "error": "failed""#)
            ),
            vec![],
        ),
        (
            "sequence-type-changed",
            "a.ndjson",
            format!(
                "[{}]\n[{}]\n",
                progress("10", false, ""),
                progress("10", false, "").replace(r#""Operation": 1"#, r#""Operation": 0"#)
            ),
            vec![],
        ),
        (
            "sequence-processed-regressed",
            "a.ndjson",
            format!(
                "[{}]\n[{}]\n",
                progress("10", false, r#", "processed": "5""#),
                progress("10", false, r#", "processed": "3""#)
            ),
            vec![],
        ),
        (
            "sequence-vanished",
            "a.ndjson",
            format!("[{}]\n[]\n", progress("10", false, "")),
            vec![],
        ),
    ]
}

fn run(dir: &Path, file: &str, content: &str, args: &[&str]) -> Value {
    let path = dir.join(file);
    std::fs::write(&path, content).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .current_dir(dir)
        .args(["validate", "--format", "json", "--quiet"])
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{file} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("custom.schema.json"),
        r#"{"type": "object", "required": ["response"], "additionalProperties": false,
            "properties": {"response": {"type": "array", "minItems": 1}}}"#,
    )
    .unwrap();
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    for (name, file, content, args) in cases() {
        let report = run(dir.path(), file, &content, &args);
        let violations = report["violations"].as_array().unwrap();
        assert!(!violations.is_empty(), "{name}: no violation");
        writeln!(out, "# {name} ({})", args.join(" ")).unwrap();
        for v in violations {
            let layers: Vec<&str> = v["layers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            let rule = v["rule"].as_str().unwrap();
            seen.insert(rule.to_owned());
            writeln!(
                out,
                "{rule} [{}] {} {:?} | {}",
                layers.join(","),
                v["severity"].as_str().unwrap(),
                v["pointer"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            )
            .unwrap();
        }
    }
    for rule in Rule::ALL {
        assert!(seen.contains(rule.id()), "no case shows rule {rule}");
    }
    insta::assert_snapshot!(out);
}
