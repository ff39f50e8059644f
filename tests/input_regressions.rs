//! Named regression tests for the input side (HAR, `--schema`, `diff`, the directory walk,
//! standard input): each test says the bug it guards.

use std::io::Read;

use fileops_validator::arb::internals::check::har;
use fileops_validator::arb::internals::r#gen::{GenOptions, Style, generate};
use fileops_validator::{Options, Report, Validator};

/// The scanner's read size: escapes slid across multiples of it hit the refill path.
const CHUNK: usize = 64 * 1024;

/// A fileops body that fails: `Operation: 9` is no operation type.
fn invalid_body() -> Vec<u8> {
    let body = generate(&GenOptions {
        operations: 3,
        seed: 7,
        style: Style::Wire,
        bare: false,
        ndjson: false,
    });
    let text = String::from_utf8(body).unwrap();
    let at = text.find("\"Operation\":").unwrap() + "\"Operation\":".len();
    let end = at + text[at..].find(',').unwrap();
    format!("{}9{}", &text[..at], &text[end..]).into_bytes()
}

/// A HAR whose one fileops entry holds `body` as a JSON-escaped `text` (as browsers write it),
/// after an ignored entry padded with `pad` bytes.
fn har_with(body: &[u8], pad: usize) -> Vec<u8> {
    let text = serde_json::to_string(std::str::from_utf8(body).unwrap()).unwrap();
    format!(
        "{{\"log\": {{\"version\": \"1.2\", \"entries\": [\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/other\"}}, \"comment\": \"{}\"}},\n\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/api/2.0/files/fileops\"}}, \
         \"response\": {{\"status\": 200, \"content\": {{\"mimeType\": \"application/json\", \
         \"text\": {text}}}}}}}]}}}}",
        "p".repeat(pad)
    )
    .into_bytes()
}

fn checker() -> Validator {
    Validator::new(Options::default()).unwrap()
}

fn validate_har(reader: impl Read, checker: &Validator) -> Report {
    har::validate("t.har", reader, &|body| {
        checker.validate_bytes("t.har", body)
    })
    .unwrap()
}

/// (pointer, rule) of each violation: what must not depend on how the bytes arrive.
fn findings(report: &Report) -> Vec<(String, &'static str)> {
    report
        .violations
        .iter()
        .map(|v| (v.pointer.clone(), v.rule.id()))
        .collect()
}

/// A `\` escape as the last byte of a 64 KiB read: the refill compacted the buffer and the
/// scanner then advanced from the index the escape had before, so the HAR's only (invalid)
/// fileops body was lost or misread: `ok: 1 input, 0 documents`, exit 0, or a false
/// "truncated" error, depending on the shift.
#[test]
fn an_escape_ending_a_64k_read_does_not_lose_the_har_body() {
    let body = invalid_body();
    let checker = checker();
    let expected = findings(&validate_har(&har_with(&body, 0)[..], &checker));
    assert!(
        expected.iter().any(|(p, _)| p.ends_with("/Operation")),
        "{expected:?}"
    );
    // The first `\"` of the text sits at this offset with no padding.
    let first = har_with(&body, 0)
        .windows(2)
        .position(|w| w == b"\\\"")
        .unwrap();
    let mut misses = Vec::new();
    // Slide every escape of the first 200 bytes of the text across the first refill boundary.
    for shift in 0..200 {
        let Some(pad) = (CHUNK - 1 + shift).checked_sub(first + 200) else {
            continue;
        };
        let har = har_with(&body, pad);
        let report = validate_har(&har[..], &checker);
        if findings(&report) != expected || report.summary.documents != 1 {
            misses.push((pad, report.summary.documents, findings(&report)));
        }
    }
    assert!(
        misses.is_empty(),
        "{} shifts differ: {:?}",
        misses.len(),
        &misses[..misses.len().min(3)]
    );
}

// ---- The binary: standard input, the directory walk, the options that select inputs. ----

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().unwrap();
    // The binary may stop reading early (an error): a broken pipe is not this test's concern.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn examples() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn valid_payload() -> Vec<u8> {
    std::fs::read(examples().join("examples/valid/finished-copy.json")).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// `--jobs 65535` was accepted and the run hung creating threads.
#[test]
fn an_absurd_jobs_count_is_a_usage_error() {
    for jobs in ["65535", "257", "0"] {
        let out = run_in(
            examples(),
            &["validate", "--jobs", jobs, "examples/valid"],
            b"",
        );
        assert_eq!(code(&out), 2, "--jobs {jobs}");
        assert!(
            text(&out.stderr).contains("1..=256"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = run_in(
        examples(),
        &["validate", "--jobs", "256", "examples/valid"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
}

/// A gzipped standard input failed with "found the byte 0x1F": gzip is now told by its magic
/// bytes wherever the bytes come from, and `--stdin-format` reads NDJSON and HAR from a pipe.
#[test]
fn gzip_on_standard_input_is_decompressed_and_stdin_format_is_honoured() {
    let payload = valid_payload();
    let out = run_in(
        examples(),
        &["validate", "--format", "json"],
        &gzip(&payload),
    );
    assert_eq!(code(&out), 0, "{}{}", text(&out.stdout), text(&out.stderr));
    let mut ndjson = Vec::new();
    for _ in 0..3 {
        let line: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        ndjson.extend_from_slice(serde_json::to_string(&line).unwrap().as_bytes());
        ndjson.push(b'\n');
    }
    for bytes in [ndjson.clone(), gzip(&ndjson)] {
        let out = run_in(
            examples(),
            &[
                "validate",
                "--format",
                "json",
                "--stdin-format",
                "ndjson",
                "-",
            ],
            &bytes,
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["summary"]["documents"], 3, "{report}");
        assert_eq!(code(&out), 0);
    }
    let har = har_with(&invalid_body(), 0);
    let out = run_in(
        examples(),
        &["validate", "--format", "json", "--stdin-format", "har"],
        &gzip(&har),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(code(&out), 1, "{report}");
    assert_eq!(report["summary"]["documents"], 1, "{report}");
}

/// Runs `validate --format json` over `args` in `dir`: (exit status, input names, stderr).
fn walk_report(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec!["validate", "--format", "json", "--quiet"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all, b"");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    let names = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["input"].as_str().unwrap().to_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let _ = report["summary"]["inputs"].as_u64().unwrap();
    (code(&out), names, text(&out.stderr))
}

/// An invalid payload (it has a violation, so its name shows in the report).
fn invalid_payload() -> Vec<u8> {
    invalid_body()
}

/// A walk with upper-case extensions, a FIFO, symlink loops and two links to one directory:
/// `X.HAR` was read as JSON, the FIFO hung the run, `self -> .` validated each file 41 times
/// and two links to `.` never finished.
#[cfg(unix)]
#[test]
fn the_walk_skips_special_files_cuts_loops_and_reads_extensions_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("c")).unwrap();
    std::fs::write(root.join("c/A.JSON"), invalid_payload()).unwrap();
    std::fs::write(root.join("c/B.JSON.GZ"), gzip(&invalid_payload())).unwrap();
    std::fs::write(root.join("c/X.HAR"), har_with(&invalid_body(), 0)).unwrap();
    let fifo = root.join("c/pipe.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo"
    );
    std::os::unix::fs::symlink(".", root.join("c/self")).unwrap();
    std::os::unix::fs::symlink(".", root.join("c/again")).unwrap();
    std::os::unix::fs::symlink("c", root.join("link1")).unwrap();
    std::os::unix::fs::symlink("c", root.join("link2")).unwrap();
    let (status, names, stderr) = walk_report(root, &["."]);
    assert_eq!(status, 1, "{stderr}");
    assert_eq!(names, ["c/A.JSON", "c/B.JSON.GZ", "c/X.HAR"], "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    // X.HAR was read as a HAR: its violation is in the body, not a HAR-level syntax error.
    let out = run_in(root, &["validate", "--format", "json", "c/X.HAR"], b"");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["documents"], 1, "{report}");
}

/// A non-UTF-8 file name was skipped silently (its invalid payload went unchecked, exit 0).
#[cfg(target_os = "linux")]
#[test]
fn a_non_utf8_file_name_is_validated_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.json");
    std::fs::write(dir.path().join(name), invalid_payload()).unwrap();
    let (status, names, _) = walk_report(dir.path(), &["."]);
    assert_eq!(status, 1);
    assert_eq!(names, ["bad-\u{FFFD}.json"]);
}

/// One untraversable subdirectory aborted the whole run with no report: it is now reported
/// (exit 2) and the rest validated.
#[cfg(unix)]
#[test]
fn an_untraversable_subdirectory_is_reported_and_the_rest_validated() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("locked")).unwrap();
    std::fs::write(root.join("locked/in.json"), invalid_payload()).unwrap();
    std::fs::write(root.join("z.json"), invalid_payload()).unwrap();
    // A dangling link with a payload's name is an input that cannot be read (root or not).
    std::os::unix::fs::symlink("nowhere", root.join("gone.json")).unwrap();
    std::os::unix::fs::symlink("nowhere", root.join("gone.txt")).unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, permissions do not apply: the locked directory is then read like any other.
    let locked = std::fs::read_dir(root.join("locked")).is_err();
    let (status, names, stderr) = walk_report(root, &["."]);
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("gone.json: no such file or directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("gone.txt"), "{stderr}");
    if locked {
        assert_eq!(names, ["z.json"]);
        assert!(stderr.contains("locked: permission denied"), "{stderr}");
    } else {
        assert_eq!(names, ["locked/in.json", "z.json"]);
    }
}

/// `--include`/`--exclude` select walked files; a baseline inside the walked folder was taken
/// as an input (and failed the next run); `examples//` and `./examples/` named files
/// differently from `examples/`, so baselines did not match.
#[test]
fn globs_select_walked_files_and_baselines_and_spellings_do_not_change_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("caps/old")).unwrap();
    std::fs::write(root.join("caps/a.json"), invalid_payload()).unwrap();
    std::fs::write(root.join("caps/b.ndjson"), invalid_payload()).unwrap();
    std::fs::write(root.join("caps/old/c.json"), invalid_payload()).unwrap();
    let (_, names, _) = walk_report(root, &["caps", "--include", "*.json"]);
    assert_eq!(names, ["caps/a.json", "caps/old/c.json"]);
    let (_, names, _) = walk_report(root, &["caps", "--exclude", "old"]);
    assert_eq!(names, ["caps/a.json", "caps/b.ndjson"]);
    let (_, names, _) = walk_report(
        root,
        &["caps", "--exclude", "old/**", "--exclude", "*.ndjson"],
    );
    assert_eq!(names, ["caps/a.json"]);
    for spelling in ["caps//", "./caps/", "caps/./"] {
        let (_, names, _) = walk_report(root, &[spelling]);
        assert_eq!(
            names,
            ["caps/a.json", "caps/b.ndjson", "caps/old/c.json"],
            "{spelling}"
        );
    }
    let (status, _, stderr) =
        walk_report(root, &["caps", "--write-baseline", "caps/baseline.json"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(root.join("caps/baseline.json").exists());
    for spelling in ["caps", "./caps//"] {
        let (status, names, stderr) =
            walk_report(root, &[spelling, "--baseline", "caps/baseline.json"]);
        assert_eq!(status, 0, "{spelling}: {names:?} {stderr}");
    }
    let out = run_in(root, &["validate", "caps", "--include", "[z"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("--include [z"),
        "{}",
        text(&out.stderr)
    );
}

/// A HAR body with many violations: `relocate` re-counted positions from the entry's start and
/// searched the body's one long line for each violation's snippet, so a 6 MB HAR with 50k
/// duplicate ids did not finish in 300 s (the same body as `.json`: 0.13 s). Positions are now
/// counted in one sorted pass and snippets cut from a window.
#[test]
fn a_har_with_20k_violations_is_relocated_in_linear_time_and_exactly() {
    let op = r#"{"id":"edf5f1d9-0dca-4f6a-9449-6ad67bd2634c","Operation":1,"progress":66,"processed":"0","finished":false,"status":1}"#;
    let n = 20_000;
    let body = format!(
        "{{\"response\":[{}],\"count\":{n},\"status\":0,\"statusCode\":200}}",
        vec![op; n].join(",")
    );
    let har = har_with(body.as_bytes(), 0);
    let started = std::time::Instant::now();
    let report = validate_har(&har[..], &checker());
    let took = started.elapsed();
    assert!(
        report.violations.len() >= n - 1,
        "{}",
        report.violations.len()
    );
    // Quadratic took minutes; linear takes a few seconds even unoptimised on a busy machine.
    assert!(took.as_secs() < 90, "{took:?}");
    for v in report.violations.iter().step_by(997) {
        let at = fileops_validator::arb::internals::json::position::Position::START
            .advanced_by(&har[..usize::try_from(v.offset).unwrap()]);
        assert_eq!((at.line, at.column), (v.line, v.column), "{}", v.pointer);
        let snippet = v.snippet.as_ref().unwrap();
        let shown: String = snippet.text.chars().skip(snippet.caret).take(10).collect();
        let raw = String::from_utf8_lossy(&har[v.offset as usize..v.offset as usize + 10]);
        assert_eq!(shown, raw, "{}", v.pointer);
    }
}

/// (rule, severity, message) of each violation.
fn verdicts(report: &Report) -> Vec<(&'static str, String, String)> {
    report
        .violations
        .iter()
        .map(|v| (v.rule.id(), format!("{:?}", v.severity), v.message.clone()))
        .collect()
}

/// HAR leniency that hid bodies: a fileops entry with a malformed or missing `request`, a
/// duplicated `response`, a second HAR object or trailing bytes after the first were ignored
/// (exit 0), and an empty 200 body was only a warning where an empty `.json` is an error.
#[test]
fn har_entries_that_cannot_be_trusted_are_errors_not_silence() {
    let checker = checker();
    let fileops = r#""request": {"method": "GET", "url": "https://x/api/2.0/files/fileops"}"#;
    let ok = r#""response": {"status": 200, "content": {"text": "{\"response\": []}"}}"#;
    let bad = r#""response": {"status": 200, "content": {"text": "{\"response\": [{\"Operation\": 9}]}"}}"#;
    let har = |entries: &str| format!("{{\"log\": {{\"entries\": [{entries}]}}}}");
    let cases = [
        ("request missing", har(&format!("{{{ok}}}")), "no `request`"),
        (
            "request not an object",
            har(&format!("{{\"request\": 5, {ok}}}")),
            "`request` is not an object",
        ),
        (
            "request without url",
            har(&format!("{{\"request\": {{\"method\": \"GET\"}}, {ok}}}")),
            "`request` is not an object",
        ),
        (
            "response twice",
            har(&format!("{{{fileops}, {ok}, {bad}}}")),
            "`response` twice",
        ),
        ("entry not an object", har("[1]"), "not an object"),
        (
            "a second HAR object",
            format!(
                "{} {}",
                har(&format!("{{{fileops}, {ok}}}")),
                har(&format!("{{{fileops}, {bad}}}"))
            ),
            "trailing content after the HAR object",
        ),
        (
            "trailing bytes",
            format!("{}x", har(&format!("{{{fileops}, {ok}}}"))),
            "trailing content after the HAR object",
        ),
        (
            "log twice",
            format!(
                "{{\"log\": {{\"entries\": []}}, \"log\": {{\"entries\": [{{{fileops}, {bad}}}]}}}}"
            ),
            "second `log`",
        ),
        (
            "empty 200 body",
            har(&format!(
                "{{{fileops}, \"response\": {{\"status\": 200, \"content\": {{\"text\": \"\"}}}}}}"
            )),
            "empty or missing body",
        ),
        (
            "missing 200 body",
            har(&format!(
                "{{{fileops}, \"response\": {{\"status\": 200, \"content\": {{}}}}}}"
            )),
            "empty or missing body",
        ),
    ];
    for (what, text, expected) in cases {
        let report = validate_har(text.as_bytes(), &checker);
        let found = verdicts(&report);
        assert!(
            found
                .iter()
                .any(|(_, severity, message)| severity == "Error" && message.contains(expected)),
            "{what}: {found:#?}"
        );
        assert!(!report.passed(false), "{what}");
    }
    // The well-formed entry alone passes.
    let report = validate_har(har(&format!("{{{fileops}, {ok}}}")).as_bytes(), &checker);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
}

/// A 4.7 MB `.json.gz` holding one 1 GiB string needed 2.1 GB (a 4 GiB one aborted on an
/// allocation failure); a HAR body cost ~32 bytes per escape. One value larger than
/// `--max-document-size` now makes the input unreadable (exit 2, a message naming the option)
/// on every path: the framer, a HAR response, a `--schema` document and an NDJSON line.
#[test]
fn a_value_larger_than_max_document_size_is_an_unreadable_input_on_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let big = "A".repeat(3 << 20);
    let payload = format!("{{\"response\":[{{\"id\":\"{big}\",\"Operation\":1}}]}}");
    std::fs::write(root.join("bomb.json.gz"), gzip(payload.as_bytes())).unwrap();
    std::fs::write(root.join("bomb.ndjson"), format!("{payload}\n")).unwrap();
    std::fs::write(root.join("bomb.har"), har_with(payload.as_bytes(), 0)).unwrap();
    std::fs::write(root.join("schema.json"), r#"{"type": "object"}"#).unwrap();
    let runs: [&[&str]; 5] = [
        &["bomb.json.gz"],
        &["bomb.ndjson"],
        &["bomb.har"],
        &["--schema", "schema.json", "bomb.json.gz"],
        &["--schema", "schema.json", "bomb.ndjson"],
    ];
    for args in runs {
        let mut all = vec!["validate", "--quiet", "--max-document-size", "1M"];
        all.extend_from_slice(args);
        let out = run_in(root, &all, b"");
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(err.contains("larger than 1048576 bytes"), "{args:?}: {err}");
        assert!(err.contains("--max-document-size"), "{args:?}: {err}");
        // Within the default limit the same inputs are validated.
        let out = run_in(
            root,
            &all[..2].iter().chain(args).copied().collect::<Vec<_>>(),
            b"",
        );
        assert_ne!(code(&out), 2, "{args:?}: {}", text(&out.stderr));
    }
    let out = run_in(
        root,
        &["validate", "--max-document-size", "12X", "bomb.har"],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("not a size suffix"));
}

/// A `--schema` keyword no rule words is reported in jsonschema's words, which print the value:
/// a large document's value is rebuilt from its bytes for that message (its copy is no longer
/// made for every error), and reads as serde_json reads the document (`-0` a float, the last
/// of a repeated name).
#[test]
fn a_schema_message_that_prints_a_large_document_prints_all_of_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), r#"{"maxProperties": 1}"#).unwrap();
    let numbers: Vec<String> = (0..5_000).map(|i| i.to_string()).collect();
    let doc = format!(
        r#"{{"a": [{}], "b": -0, "b": [-0, "x"]}}"#,
        numbers.join(", ")
    );
    std::fs::write(dir.path().join("doc.json"), &doc).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "validate",
            "--schema",
            "schema.json",
            "--format",
            "json",
            "doc.json",
        ],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["rule"] == "schema")
        .map(|v| v["message"].as_str().unwrap())
        .collect();
    let value = format!(r#"{{"a":[{}],"b":[-0.0,"x"]}}"#, numbers.join(","));
    assert_eq!(
        messages,
        [format!("document: {value} has more than 1 property")]
    );
}
