//! The output side of the gate, end to end: every report reaches its reader whole or the run
//! says so (exit 2), nothing from a payload or a file name can drive a terminal or a CI log,
//! unreadable inputs show in every format, and the summary's first word is the exit status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fileops-validator");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(root())
        .args(args)
        .output()
        .expect("runs")
}

fn run_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().expect("exits")
}

/// Runs through `sh -c`, for redirections the test harness cannot express.
fn shell(script: &str) -> Output {
    Command::new("sh")
        .current_dir(root())
        .env("BIN", BIN)
        .args(["-c", script])
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn no_panic(out: &Output) {
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(101));
}

/// A gzip whose CRC does not match its content: opened fine, unreadable at its end.
fn corrupt_gzip(dir: &Path) -> PathBuf {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"[{"id": "a", "Operation": 1, "progress": 40, "finished": false}]"#)
        .unwrap();
    let mut bytes = gz.finish().unwrap();
    let crc = bytes.len() - 8;
    bytes[crc] ^= 0xff;
    let path = dir.join("broken.json.gz");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn report_to_dev_full_is_exit_2_with_a_message() {
    for format in ["human", "json", "junit", "sarif", "github"] {
        let out = shell(&format!(
            "\"$BIN\" validate --format {format} examples > /dev/full"
        ));
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            text(&out.stderr).contains("cannot write the report to standard output"),
            "{format}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn closed_stdout_is_exit_2_not_a_pass() {
    let mut child = Command::new(BIN)
        .current_dir(root())
        .args(["validate", "--format", "sarif", "examples/valid"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("exits");
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Broken pipe") || text(&out.stderr).contains("pipe"));
}

#[test]
fn full_stderr_is_exit_2_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = corrupt_gzip(dir.path());
    let out = shell(&format!(
        "\"$BIN\" validate {} 2>/dev/full",
        broken.display()
    ));
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    // A passing run whose only stderr line is a failed --report: still 2, still no panic.
    let out =
        shell("\"$BIN\" validate --report json=/nonexistent-dir/r.json examples/valid 2>/dev/full");
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn closed_stderr_is_exit_2_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = corrupt_gzip(dir.path());
    let out = shell(&format!(
        "exec 2>&-; \"$BIN\" validate {}",
        broken.display()
    ));
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn gen_into_a_closed_pipe_is_still_success() {
    // `gen | head` is how people look at a payload: the reader has what it asked for.
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    let out = shell(&format!(
        "{{ \"$BIN\" gen --operations 100000; echo $? > {}; }} | head -c 10 >/dev/null",
        status.display()
    ));
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(status).unwrap().trim(), "0");
}

#[test]
fn crafted_unknown_key_cannot_forge_a_workflow_command_or_escape() {
    let payload = "[{\"id\": \"a\", \"Operation\": 1, \"progress\": 40, \"finished\": false, \
         \"x\\u001b]0;pwned\\u0007\\n::error file=a.json::forged\\u202e\\u009b31m\\u2028\": 1}]";
    for format in ["human", "github"] {
        let out = run_stdin(&["validate", "--format", format], payload.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{format}: a valid payload");
        let stdout = text(&out.stdout);
        for line in stdout.lines() {
            assert!(!line.starts_with("::"), "{format}: forged command: {line}");
        }
        for c in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\u{2028}'] {
            assert!(!stdout.contains(c), "{format}: raw {c:?} in {stdout}");
        }
    }
    let human = text(&run_stdin(&["validate"], payload.as_bytes()).stdout);
    assert!(
        human.contains("  /*/x\\u{1b}]0;pwned\\u{7}\\u{a}::error file=a.json::forged\\u{202e}"),
        "{human}"
    );
}

#[test]
fn file_name_with_a_newline_cannot_break_the_arrow_line_or_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("a\n::error file=x::forged\u{1b}[2J.json");
    std::fs::write(&name, br#"[{"id": "a", "Operation": "x", "progress": 40}]"#).unwrap();
    let missing = dir.path().join("gone\n::warning::forged.json.gz");
    std::fs::write(&missing, b"\x1f\x8b\x08\x00not gzip").unwrap();
    for format in ["human", "github", "json", "junit", "sarif"] {
        let out = Command::new(BIN)
            .args(["validate", "--format", format])
            .arg(&name)
            .arg(&missing)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{format}: one input is unreadable"
        );
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert!(!stderr.contains('\u{1b}'), "{stderr}");
        for line in stderr.lines() {
            assert!(line.starts_with("fileops-validator: "), "{format}: {line}");
        }
        if format == "human" || format == "github" {
            assert!(!stdout.contains('\u{1b}'), "{stdout}");
            for line in stdout.lines() {
                assert!(!line.starts_with("::error file=x"), "{format}: {line}");
                assert!(!line.starts_with("::warning::"), "{format}: {line}");
            }
        }
        if format == "human" {
            assert!(stdout.contains("--> "), "{stdout}");
            assert!(
                stdout.contains("a\\u{a}::error file=x::forged\\u{1b}[2J.json:1:"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn unreadable_input_appears_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let broken = corrupt_gzip(dir.path());
    let name = broken.display().to_string();
    let run_format = |format: &str| {
        let out = Command::new(BIN)
            .args(["validate", "--format", format, "examples/valid"])
            .arg(&broken)
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(text(&out.stderr).contains(&name), "{format}");
        text(&out.stdout)
    };
    let json: serde_json::Value = serde_json::from_str(&run_format("json")).unwrap();
    assert_eq!(json["errors"][0]["input"], name.as_str());
    assert!(json["errors"][0]["message"].as_str().unwrap().len() > 5);

    let junit = run_format("junit");
    let xml = roxmltree::Document::parse(&junit).unwrap();
    let suites = xml.root_element();
    assert_eq!(suites.attribute("errors"), Some("1"));
    assert!(
        xml.descendants()
            .any(|n| n.has_tag_name("error") && n.attribute("type") == Some("unreadable"))
    );

    let sarif: serde_json::Value = serde_json::from_str(&run_format("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("broken.json.gz")
    );
    assert_sarif_valid(&sarif);

    let github = run_format("github");
    assert!(github.contains("::error file="), "{github}");
    assert!(
        github.contains(",title=unreadable::cannot read the input"),
        "{github}"
    );
    assert!(github.contains("fileops-validator: ERROR: "), "{github}");

    let human = run_format("human");
    assert!(human.contains("error[unreadable]: "), "{human}");
    let summary = human.lines().find(|l| l.contains(" input")).unwrap();
    assert!(summary.starts_with("ERROR: 4 inputs"), "{summary}");
    assert!(summary.ends_with("1 input could not be read"), "{summary}");
}

#[test]
fn only_unreadable_inputs_never_say_ok_0_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let broken = corrupt_gzip(dir.path());
    let out = Command::new(BIN)
        .arg("validate")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("ok:"), "{stdout}");
    assert!(stdout.contains("ERROR: "), "{stdout}");
}

fn assert_sarif_valid(sarif: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_of_the_corpus_validates_against_the_2_1_0_schema() {
    let out = Command::new(BIN)
        .current_dir(root().join("tests/fixtures"))
        .args(["validate", "--format", "sarif", "corpus"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_sarif_valid(&sarif);
    // Every rule id emitted has help text (the `schema` rule had none).
    let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let id = &r["ruleId"];
        let rule = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|x| &x["id"] == id)
            .unwrap();
        assert!(rule["help"]["text"].as_str().unwrap().len() > 20);
    }
}

#[test]
fn summary_first_word_is_the_exit_status_with_deny_warnings() {
    let text_in = br#"[{"id": "a", "Operation": 1, "progress": 40, "finished": true}]"#;
    let out = run_stdin(&["validate", "--deny-warnings"], text_in);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("\nFAILED: 1 input, 1 document, 1 operation: 0 errors, 1 warning"),
        "{stdout}"
    );
    let out = run_stdin(
        &["validate", "--deny-warnings", "--format", "github"],
        text_in,
    );
    assert!(
        text(&out.stdout).contains(
            "fileops-validator: FAILED: 1 input, 1 document, 1 operation: 0 errors, 1 warning"
        ),
        "{}",
        text(&out.stdout)
    );
    let out = run_stdin(&["validate"], text_in);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("\nok: 1 input"));
}

#[test]
fn github_summary_says_1_input_1_document() {
    let out = run(&[
        "validate",
        "--format",
        "github",
        "examples/valid/started-copy.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("fileops-validator: ok: 1 input, 1 document,"),
        "{}",
        text(&out.stdout)
    );
}

/// The human summary lists 20 unknown member names, then says how many more there are and
/// where to find them all: a capture with thousands would scroll the verdict out of sight.
/// JSON lists every one.
#[test]
fn the_human_summary_lists_twenty_unknown_members_and_counts_the_rest() {
    let members: Vec<String> = (0..25).map(|i| format!(r#""x{i:02}": 1"#)).collect();
    let capture = format!(r#"{{{}, "response": []}}"#, members.join(", "));
    let out = run_stdin(&["validate", "-"], capture.as_bytes());
    no_panic(&out);
    let stdout = text(&out.stdout);
    let listed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  /x")).collect();
    assert_eq!(listed.len(), 20, "{stdout}");
    assert_eq!(listed[0], "  /x00 (1)");
    assert!(
        stdout.contains(
            "  and 5 member names not listed here (`--format json` lists every one under \
             `unknown_members`)"
        ),
        "{stdout}"
    );
    let out = run_stdin(&["validate", "--format", "json", "-"], capture.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        report["unknown_members"].as_object().map(|m| m.len()),
        Some(25)
    );
}
