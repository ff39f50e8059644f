//! The CI gate end to end, through the binary: formats readable by their consumers, exit
//! statuses, profiles and --strict, baseline, shards, --schema, diff.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_fileops-validator");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs the binary in `dir`: (exit status, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(&fixtures(), args)
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// A copy of the corpus in a temporary directory, for tests that change it.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("corpus");
    std::fs::create_dir(&to).unwrap();
    for entry in std::fs::read_dir(fixtures().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    dir
}

#[test]
fn junit_parses_and_counts_failing_documents() {
    let (status, xml, _) = run(&["validate", "--format", "junit", "corpus"]);
    assert_eq!(status, 1);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let attr =
        |n: roxmltree::Node<'_, '_>, a: &str| -> usize { n.attribute(a).unwrap().parse().unwrap() };
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 4, "one suite per input");
    let mut tests = 0;
    let mut failures = 0;
    for suite in &suites {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let failed = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(attr(*suite, "tests"), cases.len());
        assert_eq!(attr(*suite, "failures"), failed);
        tests += cases.len();
        failures += failed;
    }
    assert_eq!(
        (attr(root, "tests"), attr(root, "failures")),
        (tests, failures)
    );
    // capture.har: entries 1, 3, 5 all fail; lines.ndjson: documents 1 and 2; invalid.json;
    // valid.json passes.
    assert_eq!((tests, failures), (8, 6));

    // Every failing document lists each of its violations.
    let (_, report, _) = run(&["validate", "--format", "json", "corpus"]);
    let violations = json(&report)["violations"].as_array().unwrap().len();
    let listed: usize = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.text().unwrap_or("").lines().count())
        .sum();
    assert_eq!(listed, violations);
    let har = suites
        .iter()
        .find(|s| s.attribute("name") == Some("corpus/capture.har"))
        .unwrap();
    let names: Vec<&str> = har.children().filter_map(|n| n.attribute("name")).collect();
    assert_eq!(names, ["entry 1", "entry 3", "entry 5"]);
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let schema_path = if schema_path.exists() {
        schema_path
    } else {
        PathBuf::from("/work/shared/schemas/sarif-schema-2.1.0.json")
    };
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let (status, sarif, _) = run(&["validate", "--format", "sarif", "corpus"]);
    assert_eq!(status, 1);
    let log = json(&sarif);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let (_, report, _) = run(&["validate", "--format", "json", "corpus"]);
    let report = json(&report);
    let violations = report["violations"].as_array().unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), violations.len());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for (r, v) in results.iter().zip(violations) {
        let place = &r["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], v["input"]);
        assert_eq!(place["region"]["startLine"], v["line"]);
        assert_eq!(place["region"]["startColumn"], v["column"]);
        assert_eq!(r["ruleId"], v["rule"]);
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], v["rule"]);
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
}

#[test]
fn github_lines_follow_the_workflow_command_grammar() {
    // An input name with the characters properties must escape.
    let dir = corpus_copy();
    let odd = dir.path().join("corpus/odd, name: 100%.json");
    std::fs::copy(fixtures().join("corpus/invalid.json"), &odd).unwrap();
    let (status, out, _) = run_in(dir.path(), &["validate", "--format", "github", "corpus"]);
    assert_eq!(status, 1);
    let command = regex::Regex::new(
        r"^::(error|warning) file=(?:[^,:%\r\n]|%25|%0D|%0A|%3A|%2C)+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=(?:[^,:%\r\n]|%25|%0D|%0A|%3A|%2C)+::(?:[^%\r\n]|%25|%0D|%0A)*$",
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let (summary, commands) = lines.split_last().unwrap();
    for line in commands {
        assert!(command.is_match(line), "not a workflow command: {line}");
    }
    assert!(
        summary.starts_with("fileops-validator: FAILED:"),
        "{summary}"
    );
    assert!(
        commands
            .iter()
            .any(|l| l.contains("file=corpus/odd%2C name%3A 100%25.json,")),
        "{out}"
    );
    let (_, report, _) = run_in(dir.path(), &["validate", "--format", "json", "corpus"]);
    let report = json(&report);
    assert_eq!(
        commands.len(),
        report["violations"].as_array().unwrap().len()
    );
    let errors = commands
        .iter()
        .filter(|l| l.starts_with("::error "))
        .count();
    assert_eq!(errors as u64, report["summary"]["errors"].as_u64().unwrap());
}

#[test]
fn exit_statuses() {
    assert_eq!(run(&["validate", "corpus/valid.json"]).0, 0);
    assert_eq!(run(&["validate", "har/session.har"]).0, 0);
    assert_eq!(run(&["validate", "corpus/invalid.json"]).0, 1);
    assert_eq!(run(&["validate", "har/broken.har.gz"]).0, 1);
    let (status, _, err) = run(&["validate", "no/such/file.json"]);
    assert_eq!(status, 2);
    assert!(err.contains("no such file"), "{err}");
    for shard in ["0/3", "4/3", "1/0", "x", "1/2/3"] {
        let (status, _, err) = run(&["validate", "--shard", shard, "corpus"]);
        assert_eq!(status, 2, "--shard {shard}");
        assert!(err.contains("K/N"), "{err}");
    }
    assert_eq!(run(&["validate", "--format", "xml", "corpus"]).0, 2);
    assert_eq!(run(&["diff", "corpus/valid.json"]).0, 2);
}

#[test]
fn profiles_separate_wire_captures_from_documented_examples() {
    let status = |profile: &str, file: &str| {
        run(&[
            "validate",
            "--profile",
            profile,
            &format!("profiles/{file}"),
        ])
        .0
    };
    assert_eq!(status("any", "wire.json"), 0);
    assert_eq!(status("any", "docs.json"), 0);
    assert_eq!(status("wire", "wire.json"), 0);
    assert_eq!(status("wire", "docs.json"), 1);
    assert_eq!(status("docs", "docs.json"), 0);
    assert_eq!(status("docs", "wire.json"), 1);
    // What fails says why: date objects and enum names under wire, date strings under docs.
    let (_, out, _) = run(&[
        "validate",
        "--profile",
        "wire",
        "--format",
        "json",
        "profiles/docs.json",
    ]);
    let pointers: Vec<String> = json(&out)["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["pointer"].as_str().unwrap().to_owned())
        .collect();
    for p in [
        "/response/0/Operation",
        "/response/0/files/0/access",
        "/response/0/files/0/created",
    ] {
        assert!(pointers.iter().any(|x| x == p), "{p} not in {pointers:?}");
    }
    let (_, out, _) = run(&[
        "validate",
        "--profile",
        "docs",
        "--format",
        "json",
        "profiles/wire.json",
    ]);
    let report = json(&out);
    assert!(
        report["violations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["pointer"] == "/response/0/files/0/created")
    );
}

#[test]
fn unknown_members_are_drift_unless_strict() {
    let (status, out, _) = run(&["validate", "corpus/valid.json", "corpus/invalid.json"]);
    assert_eq!(status, 1);
    assert!(out.contains("/response/*/files/*/aiSummary (1)"), "{out}");
    assert!(!out.contains("error[unknown-member]"));
    let (_, out, _) = run(&["validate", "--format", "json", "corpus/invalid.json"]);
    assert_eq!(
        json(&out)["unknown_members"]["/response/*/files/*/aiSummary"],
        1
    );

    let (status, out, _) = run(&[
        "validate",
        "--strict",
        "--format",
        "json",
        "corpus/invalid.json",
    ]);
    assert_eq!(status, 1);
    let report = json(&out);
    let unknown: Vec<&Value> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["rule"] == "unknown-member")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["pointer"], "/response/0/files/0/aiSummary");
    assert_eq!(unknown[0]["severity"], "error");
}

#[test]
fn a_baseline_lets_a_corpus_pass_and_catches_new_violations() {
    // 11: broken.har's polls also change the copy's Operation from 9 to 1
    // (sequence-type-changed), a baselined finding like any other.
    let dir = corpus_copy();
    let d = dir.path();
    let (status, _, _) = run_in(d, &["validate", "corpus"]);
    assert_eq!(status, 1);
    let (status, out, _) = run_in(
        d,
        &["validate", "--write-baseline", "baseline.json", "corpus"],
    );
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains("note: wrote the baseline baseline.json (11 violations accepted)"),
        "{out}"
    );
    let text = std::fs::read_to_string(d.join("baseline.json")).unwrap();
    let entries: Vec<&str> = text.lines().filter(|l| l.starts_with("    {")).collect();
    let mut sorted = entries.clone();
    sorted.sort_unstable();
    assert_eq!(entries, sorted, "sorted, one entry per line:\n{text}");
    assert!(!text.contains("\"line\""), "no line numbers in a baseline");

    let (status, out, _) = run_in(d, &["validate", "--baseline", "baseline.json", "corpus"]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("ok: 4 inputs"), "{out}");
    assert!(
        out.contains("note: 11 violations matched the baseline baseline.json"),
        "{out}"
    );
    let (_, out, _) = run_in(
        d,
        &[
            "validate",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "corpus",
        ],
    );
    assert_eq!(json(&out)["summary"]["baselined"], 11);

    // Lines moving does not matter; a new mutation does.
    let invalid = d.join("corpus/invalid.json");
    let moved = format!("\n\n{}", std::fs::read_to_string(&invalid).unwrap());
    std::fs::write(&invalid, &moved).unwrap();
    assert_eq!(
        run_in(d, &["validate", "--baseline", "baseline.json", "corpus"]).0,
        0
    );
    std::fs::write(
        &invalid,
        moved.replacen("\"finished\": true", "\"finished\": 1", 1),
    )
    .unwrap();
    let (status, out, _) = run_in(
        d,
        &[
            "validate",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "corpus",
        ],
    );
    assert_eq!(status, 1);
    let report = json(&out);
    let violations = report["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(violations[0]["pointer"], "/response/0/finished");

    let (status, _, err) = run_in(
        d,
        &["validate", "--baseline", "corpus/valid.json", "corpus"],
    );
    assert_eq!(status, 2);
    assert!(err.contains("not a fileops-validator baseline"), "{err}");
    assert_eq!(
        run_in(d, &["validate", "--baseline", "missing.json", "corpus"]).0,
        2
    );
    // An input that fails while being read: no baseline is written (it would accept less than
    // the corpus has).
    std::fs::write(d.join("corrupt.json.gz"), b"not gzip at all").unwrap();
    let (status, _, err) = run_in(
        d,
        &[
            "validate",
            "--write-baseline",
            "partial.json",
            "corpus",
            "corrupt.json.gz",
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("corrupt.json.gz: "), "{err}");
    assert!(err.contains("not written"), "{err}");
    assert!(!d.join("partial.json").exists());
}

#[test]
fn shard_reports_add_up_to_the_unsharded_run() {
    let (_, whole, _) = run(&["validate", "--format", "json", "corpus", "har", "profiles"]);
    let whole = json(&whole);
    let n = 3;
    let mut summary: std::collections::BTreeMap<String, u64> = Default::default();
    let mut violations: Vec<String> = Vec::new();
    let mut inputs_seen = 0;
    for k in 1..=n {
        let shard = format!("{k}/{n}");
        let (status, out, _) = run(&[
            "validate", "--format", "json", "--shard", &shard, "corpus", "har", "profiles",
        ]);
        assert!(status == 0 || status == 1);
        let report = json(&out);
        for (key, value) in report["summary"].as_object().unwrap() {
            *summary.entry(key.clone()).or_default() += value.as_u64().unwrap();
        }
        inputs_seen += report["summary"]["inputs"].as_u64().unwrap();
        violations.extend(
            report["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(Value::to_string),
        );
    }
    let expected: std::collections::BTreeMap<String, u64> = whole["summary"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(summary, expected);
    assert_eq!(inputs_seen, 9);
    let mut all: Vec<String> = whole["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    all.sort();
    violations.sort();
    assert_eq!(violations, all);
}

#[test]
fn a_custom_schema_validates_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A schema for another endpoint: GET /api/2.0/people/@self.
    std::fs::write(
        d.join("self.schema.json"),
        r#"{"type": "object", "required": ["response", "statusCode"],
            "properties": {"response": {"type": "object", "required": ["id", "displayName"],
              "properties": {"id": {"type": "string", "format": "uuid"}}},
              "statusCode": {"type": "integer"}}}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("good.json"),
        r#"{"response": {"id": "3e71bbca-7f67-11ec-aaa4-80ce62334fc7", "displayName": "A"}, "statusCode": 200}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("bad.json"),
        "{\"response\": {\"id\": \"nope\",\n \"displayName\": \"A\"}, \"statusCode\": \"200\"}",
    )
    .unwrap();
    let (status, out, _) = run_in(
        d,
        &["validate", "--schema", "self.schema.json", "good.json"],
    );
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("types and rules layers are off"), "{out}");
    let (status, out, _) = run_in(
        d,
        &[
            "validate",
            "--schema",
            "self.schema.json",
            "--format",
            "json",
            "bad.json",
        ],
    );
    assert_eq!(status, 1);
    let report = json(&out);
    assert_eq!(report["custom_schema"]["file"], "self.schema.json");
    assert_eq!(
        report["custom_schema"]["layers"],
        serde_json::json!(["schema"])
    );
    let found: Vec<(String, u64, u64)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["pointer"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("/response/id".to_owned(), 1, 21),
            ("/statusCode".to_owned(), 2, 37)
        ]
    );

    std::fs::write(d.join("broken.json"), "{\"type\": ").unwrap();
    std::fs::write(d.join("wrong.json"), "{\"type\": \"nonsense\"}").unwrap();
    for (schema, why) in [
        ("missing.json", "cannot read the schema"),
        ("broken.json", "not valid JSON"),
        ("wrong.json", "not a valid JSON Schema"),
    ] {
        let (status, _, err) = run_in(d, &["validate", "--schema", schema, "good.json"]);
        assert_eq!(status, 2, "{schema}");
        assert!(err.contains(why), "{schema}: {err}");
    }
}

#[test]
fn diff_shows_shape_changes_and_exits_by_outcome() {
    let (status, out, _) = run(&["diff", "profiles/wire.json", "har/session.har"]);
    assert_eq!(status, 0, "{out}");
    assert!(out.starts_with("same shape"));
    let (status, out, _) = run(&["diff", "profiles/wire.json", "profiles/docs.json"]);
    assert_eq!(status, 1);
    assert!(
        out.contains("\n-/response/*/files/*/access: integer {0}\n"),
        "{out}"
    );
    assert!(
        out.contains("\n+/response/*/files/*/access: string {\"ReadWrite\"}\n"),
        "{out}"
    );
    assert!(
        out.contains("\n+/response/*/files/*/created/utcTime: string\n"),
        "{out}"
    );
    let (status, _, err) = run(&["diff", "profiles/wire.json", "corpus/lines.ndjson"]);
    assert_eq!(status, 2, "a broken line makes the input unreadable");
    assert!(err.contains("lines.ndjson"), "{err}");
    assert_eq!(run(&["diff", "profiles/wire.json", "no-such.json"]).0, 2);
}
