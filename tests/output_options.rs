//! The output options end to end: `--report FORMAT=PATH`, `--max-violations`, `--color`, and a
//! baseline that survives a failed write.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_fileops-validator");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    run_env(args, &[])
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(root().join("tests/fixtures"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn one_run_writes_every_report_as_its_own_format_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let sarif = format!("sarif={}", path("fileops.sarif"));
    let junit = format!("junit={}", path("junit.xml"));
    let human = format!("human={}", path("report.txt"));
    let html = format!("html={}", path("report.html"));
    // The stdout format shows no source lines; the human and HTML files still do.
    let out = run(&[
        "validate", "--format", "json", "--color", "always", "--report", &sarif, "--report",
        &junit, "--report", &human, "--report", &html, "corpus",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        text(&run(&["validate", "--format", "json", "corpus"]).stdout)
    );
    for (file, format) in [
        ("fileops.sarif", "sarif"),
        ("junit.xml", "junit"),
        ("report.txt", "human"),
        ("report.html", "html"),
    ] {
        let written = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let alone = text(&run(&["validate", "--format", format, "corpus"]).stdout);
        // Never coloured, even with --color always: the file is not a terminal.
        assert_eq!(written, alone, "{format}");
        assert!(!written.contains('\u{1b}'));
    }
    let human = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(human.contains("  | "), "source lines shown: {human}");
    // Only the report files: no temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4);
}

#[test]
fn a_report_file_that_cannot_be_written_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let good_arg = format!("json={}", good.display());
    let out = run(&[
        "validate",
        "--report",
        "sarif=/nonexistent-dir/x.sarif",
        "--report",
        &good_arg,
        "corpus/valid.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--report /nonexistent-dir/x.sarif: cannot write the report"),
        "{}",
        text(&out.stderr)
    );
    assert!(good.exists(), "the other reports are still written");
    // The stdout report still says what the validation found.
    assert!(text(&out.stdout).contains("ok: 1 input"));
}

#[test]
fn report_argument_errors_are_usage_errors() {
    for bad in ["sarif", "xml=a.xml", "json="] {
        let out = run(&["validate", "--report", bad, "corpus/valid.json"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains("--report"),
            "{bad}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn max_violations_caps_each_input_and_still_counts_everything() {
    let all = run(&["validate", "--format", "json", "corpus"]);
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let out = run(&[
        "validate",
        "--format",
        "json",
        "--max-violations",
        "1",
        "corpus",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let capped: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(capped["summary"]["errors"], all["summary"]["errors"]);
    let shown = capped["violations"].as_array().unwrap();
    let mut inputs: Vec<&str> = shown.iter().map(|v| v["input"].as_str().unwrap()).collect();
    let n = inputs.len();
    inputs.dedup();
    assert_eq!(inputs.len(), n, "one violation per input");
    let total = all["violations"].as_array().unwrap().len();
    assert_eq!(capped["summary"]["not_shown"], (total - n) as u64);
    let human = text(&run(&["validate", "--max-violations", "1", "corpus"]).stdout);
    assert!(
        human.contains(&format!(
            "note: {} violations not shown (--max-violations), counted above",
            total - n
        )),
        "{human}"
    );
    // JUnit: an input whose errors were left out still fails, in a case that says so.
    let junit = text(
        &run(&[
            "validate",
            "--format",
            "junit",
            "--max-violations",
            "1",
            "corpus",
        ])
        .stdout,
    );
    let xml = roxmltree::Document::parse(&junit).unwrap();
    let not_shown: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure") && n.attribute("type") == Some("not-shown"))
        .collect();
    assert!(!not_shown.is_empty(), "{junit}");
    let github = text(
        &run(&[
            "validate",
            "--format",
            "github",
            "--max-violations",
            "1",
            "corpus",
        ])
        .stdout,
    );
    assert!(
        github.contains(&format!(
            "; {} violations not shown (--max-violations)\n",
            total - n
        )),
        "{github}"
    );
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["validate"];
        all.extend_from_slice(args);
        all.push("corpus/invalid.json");
        text(&run_env(&all, env).stdout).contains("\u{1b}[")
    };
    assert!(!colored(&[], &[]), "a pipe is not a terminal");
    assert!(colored(&["--color", "always"], &[]));
    assert!(
        colored(&["--color", "always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
    assert!(!colored(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(colored(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(
        !colored(&["--format", "json", "--color", "always"], &[]),
        "human only"
    );
    let out = run(&["validate", "--color", "always", "corpus/invalid.json"]);
    assert!(
        text(&out.stdout).contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m[type]"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn failed_baseline_write_keeps_the_old_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let old = "{\n  \"version\": 1,\n  \"entries\": []\n}\n";
    std::fs::write(&baseline, old).unwrap();
    // A file size limit of 0 blocks: every write to a file fails (EFBIG; SIGXFSZ ignored).
    let out = Command::new("sh")
        .current_dir(root().join("tests/fixtures"))
        .env("BIN", BIN)
        .args([
            "-c",
            &format!(
                "trap '' XFSZ; ulimit -f 0; exec \"$BIN\" validate --write-baseline {} corpus",
                baseline.display()
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot write the baseline"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&baseline).unwrap(), old);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
}

#[test]
fn baseline_from_dev_zero_is_a_clear_error() {
    let out = run(&["validate", "--baseline", "/dev/zero", "corpus/valid.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--baseline /dev/zero: larger than 64 MiB"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn caret_is_placed_by_display_width_under_cjk_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cjk.json");
    std::fs::write(
        &file,
        "[{\"id\": \"漢字漢字\", \"Operation\": 1, \"progress\": \"50\", \"finished\": false}]\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    let human = text(&out.stdout);
    let lines: Vec<&str> = human.lines().collect();
    let source = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
    let caret = lines[source + 1];
    let column = caret.find('^').unwrap();
    // The caret's terminal column is the display width of the text before `"50"`.
    let before = &lines[source][..lines[source].find("\"50\"").unwrap()];
    let width: usize = before
        .chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum();
    assert_eq!(column, width, "{human}");
}

/// JUnit lists each document as a test case: a document whose every error `--max-violations`
/// left out must still fail, not show as passing beside a failing summary case.
#[test]
fn junit_fails_each_document_whose_errors_were_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("polls.ndjson");
    let bad = r#"{"response":[{"id":"a","operationType":"Oops","progress":5}],"count":1}"#;
    std::fs::write(&log, format!("{bad}\n{bad}\n")).unwrap();
    let log = log.display().to_string();
    let out = run(&[
        "validate",
        "--format",
        "junit",
        "--sequence",
        "off",
        "--max-violations",
        "1",
        &log,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let junit = text(&out.stdout);
    let xml = roxmltree::Document::parse(&junit).unwrap();
    let case = |name: &str| {
        xml.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no {name} in {junit}"))
    };
    for name in ["document 0", "document 1"] {
        assert!(
            case(name).children().any(|n| n.has_tag_name("failure")),
            "{name} must fail: {junit}"
        );
    }
    let second = case("document 1")
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(second.attribute("type"), Some("not-shown"), "{junit}");
    assert!(
        second
            .attribute("message")
            .unwrap()
            .ends_with("not shown (--max-violations)"),
        "{junit}"
    );
    let suite = xml
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"), "{junit}");
    assert_eq!(suite.attribute("failures"), Some("2"), "{junit}");
}

/// `--max-violations` drops violations as they are found (memory bounded by the cap), except
/// with a baseline, which needs them all first: both paths give the same report.
#[test]
fn max_violations_as_found_equals_max_violations_after_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let payload = dir.path().join("many.json");
    let ops: Vec<String> = (0..50).map(|_| "{}".to_owned()).collect();
    std::fs::write(
        &payload,
        format!("{{\"response\":[{}],\"count\":50}}", ops.join(",")),
    )
    .unwrap();
    // A baseline that matches nothing: written from a valid payload.
    let valid = dir.path().join("valid.json");
    std::fs::write(&valid, r#"{"response":[],"count":0}"#).unwrap();
    let empty = dir.path().join("empty.baseline").display().to_string();
    let written = run(&[
        "validate",
        "--write-baseline",
        &empty,
        &valid.display().to_string(),
    ]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    let payload = payload.display().to_string();
    let json = |extra: &[&str]| {
        let mut args = vec!["validate", "--format", "json", "--max-violations", "3"];
        args.extend_from_slice(extra);
        args.push(&payload);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["summary"]
            .as_object_mut()
            .unwrap()
            .remove("baselined");
        report
    };
    let early = json(&[]);
    let late = json(&["--baseline", &empty]);
    assert_eq!(early["summary"]["errors"], 200);
    assert_eq!(early["summary"]["not_shown"], 197);
    assert_eq!(early["violations"], late["violations"]);
    assert_eq!(early["summary"], late["summary"]);
}
