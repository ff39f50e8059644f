//! The binary as users and CI scripts run it: exit statuses, inputs, outputs.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        pipe.write_all(bytes).expect("write stdin");
    }
    drop(pipe);
    child.wait_with_output().expect("the binary exits")
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 output")
}

#[test]
fn valid_captures_exit_0() {
    let out = run(&["validate", "examples/valid"], None);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("ok: 4 inputs, 4 documents, 5 operations"));
}

#[test]
fn human_report_of_the_examples() {
    let out = run(&["validate", "examples"], None);
    assert_eq!(status(&out), 1);
    insta::assert_snapshot!("human_examples", stdout(&out));
}

#[test]
fn json_report_of_the_examples() {
    let out = run(&["validate", "--format", "json", "examples"], None);
    assert_eq!(status(&out), 1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    let summary = &report["summary"];
    assert_eq!(summary["inputs"], 8);
    assert_eq!(summary["errors"], 11);
    let first = &report["violations"][0];
    for key in [
        "input", "document", "pointer", "line", "column", "offset", "rule", "layers", "severity",
        "message",
    ] {
        assert!(first.get(key).is_some(), "violation field {key}");
    }
    insta::assert_snapshot!("json_examples", stdout(&out));
}

#[test]
fn standard_input_by_dash_and_by_default() {
    let bytes = std::fs::read("examples/invalid/wrong-types.json").expect("read");
    for args in [&["validate", "-"][..], &["validate"][..]] {
        let out = run(args, Some(&bytes));
        assert_eq!(status(&out), 1);
        assert!(stdout(&out).contains("--> -:174:19"), "{}", stdout(&out));
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let text = br#"[{"id": "a", "Operation": 1, "progress": 40, "finished": true}]"#;
    assert_eq!(status(&run(&["validate"], Some(text))), 0);
    assert_eq!(
        status(&run(&["validate", "--deny-warnings"], Some(text))),
        1
    );
}

#[test]
fn layer_selects_the_checks() {
    let text = br#"[{"id": "a", "Operation": 1, "progress": "5", "finished": false}]"#;
    for (layer, layers) in [
        ("schema", "[\"schema\"]"),
        ("types", "[\"types\"]"),
        ("all", "[\"schema\",\"types\"]"),
    ] {
        let out = run(
            &["validate", "--format", "json", "--layer", layer],
            Some(text),
        );
        assert_eq!(status(&out), 1);
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        assert_eq!(
            report["violations"][0]["layers"].to_string(),
            layers,
            "{layer}"
        );
    }
}

#[test]
fn a_missing_path_is_exit_2_with_a_message() {
    let out = run(&["validate", "no/such/capture.json"], None);
    assert_eq!(status(&out), 2);
    assert_eq!(
        stderr(&out),
        "fileops-validator: no/such/capture.json: no such file or directory\n"
    );
}

#[test]
fn an_unreadable_input_is_exit_2() {
    // Reading /proc/self/mem from offset 0 fails with EIO, even for root.
    let out = run(&["validate", "/proc/self/mem"], None);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).starts_with("fileops-validator: /proc/self/mem: "));
}

#[test]
fn a_directory_without_payloads_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "not a payload").expect("write");
    let out = run(&["validate", dir.path().to_str().expect("utf-8")], None);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("no payload files in this directory"));
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("b");
    std::fs::create_dir(&sub).expect("mkdir");
    let bad = br#"[{"id": "a", "Operation": 9, "progress": 5, "finished": false}]"#;
    std::fs::write(sub.join("x.json"), bad).expect("write");
    std::fs::write(dir.path().join("a.jsonl"), [&bad[..], b"\n"].concat()).expect("write");
    std::fs::write(dir.path().join("c.txt"), "ignored").expect("write");
    let out = run(
        &[
            "validate",
            "--format",
            "json",
            dir.path().to_str().expect("utf-8"),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let inputs: Vec<String> = report["violations"]
        .as_array()
        .expect("array")
        .iter()
        .map(|v| {
            v["input"]
                .as_str()
                .expect("input")
                .rsplit('/')
                .next()
                .expect("name")
                .to_owned()
        })
        .collect();
    assert_eq!(inputs, ["a.jsonl", "x.json"]);
}

/// A walked directory is validated while it is walked, in parallel; its report must still be
/// the one the same files give when named one by one (in the walk's order), byte for byte.
#[test]
fn a_walked_directory_reports_as_its_files_named_in_order_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut names = Vec::new();
    for i in 0..60 {
        let sub = dir.path().join(format!("d{}", i % 3));
        std::fs::create_dir_all(&sub).expect("mkdir");
        // Every fourth file invalid, sizes varying so that files finish out of order.
        let operation = if i % 4 == 0 { 9 } else { i % 5 };
        let padding = "x".repeat((i * 997) % 20_000);
        let text = format!(
            r#"[{{"id": "a{i}", "Operation": {operation}, "progress": 5, "finished": false, "error": "{padding}"}}]"#
        );
        let path = sub.join(format!("f{i:02}.json"));
        std::fs::write(&path, text).expect("write");
        names.push(path);
    }
    // A folder with one file (validated from the main thread) reports as the file does.
    let other = tempfile::tempdir().expect("tempdir");
    let single = other.path().join("single");
    std::fs::create_dir(&single).expect("mkdir");
    std::fs::copy(&names[0], single.join("only.json")).expect("copy");
    let walked = run(
        &[
            "validate",
            "--format",
            "json",
            single.to_str().expect("utf-8"),
        ],
        None,
    );
    let named = run(
        &[
            "validate",
            "--format",
            "json",
            single.join("only.json").to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(status(&walked), 1, "{}", stderr(&walked));
    assert_eq!(stdout(&walked), stdout(&named));
    names.sort();
    let root = dir.path().to_str().expect("utf-8");
    for format in ["json", "human"] {
        let walked = run(&["validate", "--format", format, root], None);
        let mut args = vec!["validate", "--format", format];
        args.extend(names.iter().map(|p| p.to_str().expect("utf-8")));
        let named = run(&args, None);
        assert_eq!(status(&walked), 1, "{}", stderr(&walked));
        assert_eq!(stdout(&walked), stdout(&named), "--format {format}");
        assert_eq!(stderr(&walked), stderr(&named), "--format {format}");
    }
}

#[test]
fn gzip_inputs_are_decompressed() {
    use flate2::{Compression, write::GzEncoder};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("capture.json.gz");
    let mut gz = GzEncoder::new(
        std::fs::File::create(&path).expect("create"),
        Compression::fast(),
    );
    gz.write_all(&std::fs::read("examples/invalid/wrong-types.json").expect("read"))
        .expect("gz");
    gz.finish().expect("finish");
    let out = run(&["validate", path.to_str().expect("utf-8")], None);
    assert_eq!(status(&out), 1);
    assert!(
        stdout(&out).contains("capture.json.gz:174:19"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [
        &["validate", "--format", "xml"][..],
        &["validate", "--bogus"][..],
        &["frobnicate"][..],
    ] {
        assert_eq!(status(&run(args, None)), 2, "{args:?}");
    }
}

#[test]
fn help_documents_the_exit_statuses() {
    let out = run(&["validate", "--help"], None);
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).contains("Exit status: 0 no error-level violation; 1 at least one"));
}

#[test]
fn the_schema_command_prints_the_bundled_schema() {
    let out = run(&["schema"], None);
    assert_eq!(status(&out), 0);
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let bundled: serde_json::Value =
        serde_json::from_str(include_str!("../schema/fileops.schema.json")).expect("json");
    assert_eq!(printed, bundled);
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn a_closed_stdout_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["validate", "examples"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("exits");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
