//! `record URL` against a real HTTP server on 127.0.0.1 that the test starts: scripted polling
//! sessions are captured and judged live, and `validate` on the capture finds the same.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use fileops_validator::arb::internals::check::sequence::polls::{self, Fault};
use serde_json::Value;

/// What the server does with one connection.
#[derive(Clone)]
enum Step {
    Answer(u16, String),
    /// Answer after a delay.
    Slow(Duration, String),
    /// Read the request, then close without answering.
    Drop,
}

/// A loopback server playing `steps`, one per connection; it stops by itself after the last
/// step or after 30 s. Returns its base URL and the request heads it saw.
fn serve(steps: Vec<Step>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut steps = steps.into_iter();
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    let Some(step) = steps.next() else { return };
                    handle(stream, step, &log);
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    (url, seen)
}

fn handle(mut stream: TcpStream, step: Step, log: &Mutex<Vec<String>>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    log.lock().unwrap().push(head);
    let (status, body) = match step {
        Step::Answer(status, body) => (status, body),
        Step::Slow(delay, body) => {
            thread::sleep(delay);
            (200, body)
        }
        Step::Drop => return,
    };
    let reason = if status == 200 { "OK" } else { "Unauthorized" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
}

fn polls(n: usize, fault: Fault) -> Vec<Step> {
    String::from_utf8(polls::generate(n, fault, 3))
        .unwrap()
        .lines()
        .map(|l| Step::Answer(200, l.to_owned()))
        .collect()
}

fn record(url: &str, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["record", url, "--interval", "0.05", "--output"])
        .arg(out)
        .args(extra)
        .env("FILEOPS_AUTH", "Bearer s3cret-token")
        .output()
        .unwrap()
}

fn validate(path: &Path) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["validate", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// (rule, line, column) of each finding record printed live.
fn live_findings(stderr: &str) -> Vec<(String, u64, u64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let rule = l.split_once('[')?.1.split_once(']')?.0.to_owned();
            let at = l.rsplit_once("(at ")?.1;
            let mut parts = at.split(", ").next()?.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((rule, line, column))
        })
        .collect()
}

/// The same findings from `validate` on the capture.
fn validated_findings(report: &Value) -> Vec<(String, u64, u64)> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn entries(har: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(har).unwrap()).unwrap();
    assert_eq!(v["log"]["version"], "1.2");
    v["log"]["entries"].as_array().unwrap().clone()
}

#[test]
fn a_normal_copy_is_recorded_until_it_finishes_and_passes() {
    let (url, seen) = serve(polls(5, Fault::None));
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("copy.har");
    let out = record(&url, &har, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("recorded 5 poll(s)"), "{stderr}");
    assert!(stderr.contains("no operation is active"), "{stderr}");
    let entries = entries(&har);
    assert_eq!(entries.len(), 5);
    let e = &entries[0];
    assert!(
        e["request"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/2.0/files/fileops")
    );
    assert!(e["timings"]["wait"].as_u64().is_some());
    assert!(e["startedDateTime"].as_str().unwrap().ends_with('Z'));
    // The secret went to the server but not into the capture.
    assert!(seen.lock().unwrap()[0].contains("Bearer s3cret-token"));
    assert!(!std::fs::read_to_string(&har).unwrap().contains("s3cret"));
    let (status, report) = validate(&har);
    assert_eq!(status, 0, "{report}");
    assert_eq!(report["summary"]["documents"], 5);
}

#[test]
fn a_regressing_progress_is_judged_live_and_by_validate_alike() {
    for name in ["regress.har", "regress.ndjson"] {
        let (url, _) = serve(polls(6, Fault::ProgressRegressed));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        let out = record(&format!("{url}/api/2.0/files/fileops"), &path, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let live = live_findings(&stderr);
        assert_eq!(live.len(), 1, "{stderr}");
        assert_eq!(live[0].0, "sequence-progress-regressed");
        let (status, report) = validate(&path);
        assert_eq!(status, 1);
        assert_eq!(validated_findings(&report), live, "{name}");
    }
}

#[test]
fn an_operation_that_vanishes_is_a_warning_and_ends_the_recording() {
    let (url, _) = serve(polls(6, Fault::Vanished));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vanish.ndjson");
    let out = record(&url, &path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Polls 0-2 list it, poll 3 does not: nothing is active any more.
    assert!(stderr.contains("recorded 4 poll(s)"), "{stderr}");
    let live = live_findings(&stderr);
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].0, "sequence-vanished");
    let (_, report) = validate(&path);
    assert_eq!(validated_findings(&report), live);
}

#[test]
fn a_401_is_recorded_with_its_error_envelope_and_exits_2() {
    let envelope = r#"{"error":{"message":"Unauthorized","type":"System.UnauthorizedAccessException","hresult":-2147024891},"status":1,"statusCode":401}"#;
    let (url, _) = serve(vec![Step::Answer(401, envelope.to_owned())]);
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("denied.har");
    let out = record(&url, &har, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(stderr.contains("check the credentials"), "{stderr}");
    assert_eq!(entries(&har)[0]["response"]["status"], 401);
    let (status, report) = validate(&har);
    assert_eq!(status, 0, "a well-formed error envelope: {report}");
    assert_eq!(report["summary"]["error_responses"], 1);
}

#[test]
fn a_slow_answer_times_out_and_the_capture_stays_valid() {
    let mut steps = polls(2, Fault::None);
    steps.truncate(1);
    steps.push(Step::Slow(Duration::from_secs(3), String::new()));
    let (url, _) = serve(steps);
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("slow.har");
    let t = Instant::now();
    let out = record(&url, &har, &["--timeout", "0.5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no answer in time"), "{stderr}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_eq!(entries(&har).len(), 1);
    assert_eq!(validate(&har).0, 0);
}

#[test]
fn a_dropped_connection_ends_the_recording_with_a_valid_file() {
    let mut steps = polls(3, Fault::None);
    steps.truncate(2);
    steps.push(Step::Drop);
    let (url, _) = serve(steps);
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("dropped.har");
    let out = record(&url, &har, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("poll 3"), "{stderr}");
    assert_eq!(entries(&har).len(), 2);
    assert_eq!(validate(&har).0, 0);
}

#[test]
fn a_server_that_is_gone_is_a_clear_error() {
    // Bind and drop: nothing listens on that port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("gone.har");
    let out = record(&format!("http://127.0.0.1:{port}"), &har, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("poll 1"), "{stderr}");
    assert!(entries(&har).is_empty(), "an empty HAR is still a HAR");
}

#[test]
fn count_and_keep_going_bound_the_recording() {
    let running =
        r#"{"response":[{"id":"a","Operation":1,"progress":5,"finished":false}],"count":1}"#;
    let (url, _) = serve(vec![Step::Answer(200, running.to_owned()); 10]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.ndjson");
    let out = record(&url, &path, &["--count", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 3);
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_a_valid_capture() {
    let running =
        r#"{"response":[{"id":"a","Operation":1,"progress":5,"finished":false}],"count":1}"#;
    let (url, _) = serve(vec![Step::Answer(200, running.to_owned()); 200]);
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("int.har");
    let child = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["record", &url, "--interval", "0.05", "--output"])
        .arg(&har)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    thread::sleep(Duration::from_millis(600));
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("interrupted (Ctrl-C)"), "{stderr}");
    assert!(!entries(&har).is_empty());
    assert_eq!(validate(&har).0, 0);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.har");
    let o = record("ftp://portal", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = record("http://127.0.0.1:9", &out, &["--header", "no colon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Name: value"));
    let o = record(
        "http://127.0.0.1:9",
        &out,
        &["--header-env", "FILEOPS_NO_SUCH_VAR_X"],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = record("http://127.0.0.1:9", &out, &["--interval", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_2xx_answer_that_is_not_fileops_ends_the_recording_with_its_violation() {
    let (url, _) = serve(vec![Step::Answer(200, "<html>login</html>".to_owned()); 3]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("html.ndjson");
    let out = record(&url, &path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a list of operations"), "{stderr}");
    assert!(stderr.contains("error[syntax]"), "{stderr}");
    assert_eq!(validate(&path).0, 1);
}

/// (rule, message, line, column, pointer) of each finding printed live.
fn live_details(stderr: &str) -> Vec<(String, String, u64, u64, String)> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let (rule, rest) = l.split_once('[')?.1.split_once("]: ")?;
            let (message, at) = rest.rsplit_once(" (at ")?;
            let (place, pointer) = at.strip_suffix(')')?.split_once(", ")?;
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let pointer = if pointer == "the document" {
                ""
            } else {
                pointer
            };
            Some((
                rule.to_owned(),
                message.to_owned(),
                line,
                column,
                pointer.to_owned(),
            ))
        })
        .collect()
}

fn validated_details(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["message"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The live verdict judges each poll alone, carrying the sequence state: over a session with
/// schema violations, duplicate ids and sequence faults in many polls, and a broken last answer,
/// it prints exactly what `validate` finds in the file, in both formats.
#[test]
fn the_poll_by_poll_verdict_equals_validate_on_the_file() {
    let steps = |broken_last: bool| -> Vec<Step> {
        let mut bodies: Vec<String> = String::from_utf8(polls::generate(12, Fault::TypeChanged, 5))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        bodies.truncate(11);
        for (k, body) in bodies.iter_mut().enumerate() {
            match k % 4 {
                // A wrong type in the operation.
                1 => *body = body.replacen("\"finished\":false", "\"finished\":\"no\"", 1),
                // The operation listed twice (duplicate-id), the second lower (a regression).
                2 => {
                    let start = body.find("[{").unwrap() + 1;
                    let end = body.find("}]").unwrap() + 1;
                    let op = body[start..end].replacen("\"progress\":", "\"progress\":1", 1);
                    body.insert_str(
                        end,
                        &format!(",{}", op.replacen("\"progress\":1", "\"progress\":", 1)),
                    );
                }
                // A count that disagrees with the list.
                3 => *body = body.replacen("\"count\":1", "\"count\":7", 1),
                // Progress back to 0 (a regression after the first poll).
                _ if k > 0 => {
                    let at = body.find("\"progress\":").unwrap() + "\"progress\":".len();
                    let digits = body[at..].find(',').unwrap();
                    body.replace_range(at..at + digits, "0");
                }
                _ => {}
            }
        }
        if broken_last {
            bodies.push("{\"response\":[{\"id\":".to_owned());
        }
        bodies.into_iter().map(|b| Step::Answer(200, b)).collect()
    };
    for broken_last in [false, true] {
        for name in ["session.har", "session.ndjson"] {
            let (url, _) = serve(steps(broken_last));
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            let count = if broken_last { "12" } else { "11" };
            let out = record(&url, &path, &["--keep-going", "--count", count]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            let live = live_details(&stderr);
            let (_, report) = validate(&path);
            let validated = validated_details(&report);
            assert!(validated.len() >= 10, "{name}: {validated:?}");
            for rule in [
                "sequence-type-changed",
                "duplicate-id",
                "sequence-progress-regressed",
            ] {
                assert!(
                    validated.iter().any(|v| v.0 == rule),
                    "{name}: no {rule}: {validated:?}"
                );
            }
            assert_eq!(
                live, validated,
                "{name} (broken last: {broken_last})\n{stderr}"
            );
        }
    }
}
