//! Sequence rules over polling logs: each generated fault is caught by its rule, at the later
//! document's value, naming the earlier document; HAR entries are taken in startedDateTime order.

use std::process::Command;

use fileops_validator::arb::internals::check::sequence::polls::{self, Fault};
use serde_json::Value;

fn validate(path: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["validate", "--format", "json"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), report)
}

fn log(fault: Fault) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("poll.ndjson");
    std::fs::write(&path, polls::generate(8, fault, 7)).unwrap();
    (dir, path)
}

#[test]
fn a_valid_polling_log_passes_and_each_fault_is_caught_by_its_rule() {
    let (_d, path) = log(Fault::None);
    let (status, report) = validate(&path, &[]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(report["violations"].as_array().unwrap().len(), 0);
    for (fault, pointer, document, status) in [
        (Fault::ProgressRegressed, "/response/0/progress", 4, 1),
        (Fault::ProcessedRegressed, "/response/0/processed", 4, 1),
        (Fault::TypeChanged, "/response/0/Operation", 4, 1),
        (Fault::Unfinished, "/response/0/finished", 7, 1),
        (Fault::FinalChanged, "/response/0/error", 7, 1),
        (Fault::Vanished, "", 4, 0),
    ] {
        let (_d, path) = log(fault);
        let (got, report) = validate(&path, &[]);
        let vs = report["violations"].as_array().unwrap();
        assert_eq!(vs.len(), 1, "{fault:?}: {report}");
        let v = &vs[0];
        assert_eq!(v["rule"], fault.rule().unwrap().id(), "{fault:?}");
        assert_eq!(v["pointer"], pointer, "{fault:?}");
        assert_eq!(v["document"], document, "{fault:?}");
        assert_eq!(
            v["line"],
            document + 1,
            "{fault:?}: NDJSON line of the later document"
        );
        assert_eq!(v["layers"], serde_json::json!(["sequence"]));
        let earlier = v["message"].as_str().unwrap();
        assert!(
            earlier.contains("document ") && earlier.contains("(line "),
            "{earlier}"
        );
        assert_eq!(got, status, "{fault:?}");
        // The column points at the member's value in the line.
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text.lines().nth(document).unwrap();
        if !pointer.is_empty() {
            let member = pointer.rsplit('/').next().unwrap();
            let col = v["column"].as_u64().unwrap() as usize;
            assert!(
                line[..col - 1].ends_with(&format!("\"{member}\":")),
                "{fault:?}: column {col} in {line}"
            );
        }
        // Switched off, the log passes.
        let (off, report) = validate(&path, &["--sequence", "off"]);
        assert_eq!(off, 0, "{report}");
    }
}

#[test]
fn layer_sequence_runs_only_the_sequence_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("poll.ndjson");
    let mut text = String::from_utf8(polls::generate(5, Fault::ProgressRegressed, 1)).unwrap();
    text = text.replacen("\"processed\":\"0\"", "\"processed\":0", 1);
    std::fs::write(&path, text).unwrap();
    let (_, all) = validate(&path, &[]);
    assert!(all["violations"].as_array().unwrap().len() >= 2, "{all}");
    let (status, only) = validate(&path, &["--layer", "sequence"]);
    let rules: Vec<&str> = only["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["sequence-progress-regressed"]);
    assert_eq!(status, 1);
    let (_, schema) = validate(&path, &["--layer", "schema"]);
    assert!(
        schema["violations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["rule"] != "sequence-progress-regressed")
    );
}

#[test]
fn timeline_shows_each_operations_life_in_json_and_human() {
    let (_d, path) = log(Fault::Vanished);
    let (_, report) = validate(&path, &["--timeline"]);
    let timeline = report["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 1);
    let life = &timeline[0];
    assert_eq!(life["id"], polls::operation_id(7));
    assert_eq!(life["ended"], "vanished");
    assert_eq!(life["first_seen"]["document"], 0);
    assert_eq!(life["last_seen"]["document"], 3);
    let progress: Vec<i64> = life["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["progress"].as_i64().unwrap())
        .collect();
    assert_eq!(progress, [0, 14, 28, 42]);
    let (_, plain) = validate(&path, &[]);
    assert!(plain.get("timeline").is_none(), "only with --timeline");
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["validate", "--timeline"])
        .arg(&path)
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    let human = human.replace(&path.display().to_string(), "poll.ndjson");
    insta::assert_snapshot!("timeline_human", human);
}

#[test]
fn sarif_lists_every_sequence_rule() {
    let (_d, path) = log(Fault::Unfinished);
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(["validate", "--format", "sarif"])
        .arg(&path)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for rule in fileops_validator::Rule::ALL {
        assert!(rules.iter().any(|r| r["id"] == rule.id()), "{rule}");
    }
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "sequence-unfinished"
    );
}

#[test]
fn sequence_findings_are_baselined_like_others() {
    let (dir, path) = log(Fault::ProgressRegressed);
    let baseline = dir.path().join("baseline.json");
    let b = baseline.display().to_string();
    let (status, _) = validate(&path, &["--write-baseline", &b]);
    assert_eq!(status, 0);
    let (status, report) = validate(&path, &["--baseline", &b]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(report["summary"]["baselined"], 1);
}

/// HAR entries are judged in startedDateTime order, not file order.
#[test]
fn har_entries_are_taken_in_started_date_time_order() {
    let entry = |started: &str, progress: u32, finished: bool| {
        let body = format!(
            "{{\"response\":[{{\"id\":\"op\",\"Operation\":1,\"progress\":{progress},\"finished\":{finished}}}],\"count\":1}}"
        );
        serde_json::json!({"startedDateTime": started, "time": 1,
            "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}})
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.har");
    // In file order 100 (finished) comes first; by startedDateTime it comes last.
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [
        entry("2026-01-01T00:00:03.000Z", 100, true),
        entry("2026-01-01T00:00:01.000Z", 10, false),
        entry("2026-01-01T00:00:02.000Z", 60, false),
    ]}});
    std::fs::write(&path, serde_json::to_string_pretty(&har).unwrap()).unwrap();
    let (status, report) = validate(&path, &[]);
    assert_eq!(status, 0, "{report}");
    // Swap the dates of the last two polls: 60 then 10 is a regression, found in entry 1.
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [
        entry("2026-01-01T00:00:03.000Z", 100, true),
        entry("2026-01-01T00:00:02.000Z", 10, false),
        entry("2026-01-01T00:00:01.000Z", 60, false),
    ]}});
    std::fs::write(&path, serde_json::to_string_pretty(&har).unwrap()).unwrap();
    let (status, report) = validate(&path, &[]);
    assert_eq!(status, 1, "{report}");
    let v = &report["violations"][0];
    assert_eq!(v["rule"], "sequence-progress-regressed");
    assert_eq!(v["document"], 1);
    assert_eq!(v["pointer"], "/response/0/progress");
    assert!(v["message"].as_str().unwrap().contains("document 2"), "{v}");
    // The position is inside the entry's body text, at the value.
    let text = std::fs::read_to_string(&path).unwrap();
    let offset = v["offset"].as_u64().unwrap() as usize;
    assert!(
        text[offset..].starts_with("10,"),
        "{}",
        &text[offset..offset + 10]
    );
}

/// The polls of an NDJSON log as the entries of a HAR, in the same order.
fn as_har(ndjson: &[u8]) -> Vec<u8> {
    let entries: Vec<Value> = String::from_utf8_lossy(ndjson)
        .lines()
        .enumerate()
        .map(|(i, body)| {
            serde_json::json!({"startedDateTime": format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
                "time": 1,
                "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
                "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": entries}})).unwrap()
}

/// Each violation's rule, pointer and document, in report order.
fn verdicts(report: &Value) -> Vec<(String, String, u64)> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["pointer"].as_str().unwrap().to_owned(),
                v["document"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A HAR of polls gets the sequence findings the same polls get as an NDJSON log, for every
/// generated fault, and when a poll repeats a member: the last of a repeated name counts in
/// both (the HAR's bodies are read as the log's documents are, onto a tape).
#[test]
fn a_har_of_polls_gets_the_findings_of_the_same_polls_as_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut logs: Vec<(String, Vec<u8>)> = [
        Fault::None,
        Fault::ProgressRegressed,
        Fault::ProcessedRegressed,
        Fault::TypeChanged,
        Fault::Unfinished,
        Fault::FinalChanged,
        Fault::Vanished,
    ]
    .into_iter()
    .map(|fault| (format!("{fault:?}"), polls::generate(8, fault, 7)))
    .collect();
    // A repeated `progress` in poll 5: first 0 then the real value (the real one counts, no
    // regression), or the real value then 0 (0 counts: a regression).
    let valid = String::from_utf8(polls::generate(8, Fault::None, 7)).unwrap();
    for (name, repeated) in [("last-is-real", true), ("last-is-zero", false)] {
        let lines: Vec<String> = valid
            .lines()
            .enumerate()
            .map(|(i, line)| match (i, repeated) {
                (5, true) => line.replacen("\"progress\":", "\"progress\":0,\"progress\":", 1),
                (5, false) => line.replacen("\"error\":", "\"progress\":0,\"error\":", 1),
                _ => line.to_owned(),
            })
            .collect();
        logs.push((name.to_owned(), (lines.join("\n") + "\n").into_bytes()));
    }
    for (name, log) in logs {
        let ndjson = dir.path().join(format!("{name}.ndjson"));
        let har = dir.path().join(format!("{name}.har"));
        std::fs::write(&ndjson, &log).unwrap();
        std::fs::write(&har, as_har(&log)).unwrap();
        let (log_status, log_report) = validate(&ndjson, &[]);
        let (har_status, har_report) = validate(&har, &[]);
        assert_eq!(
            verdicts(&har_report),
            verdicts(&log_report),
            "{name}: {har_report}"
        );
        assert_eq!(har_status, log_status, "{name}");
        if name == "last-is-zero" {
            assert!(
                verdicts(&log_report).contains(&(
                    "sequence-progress-regressed".to_owned(),
                    "/response/0/progress".to_owned(),
                    5
                )),
                "{log_report}"
            );
        }
    }
}

/// Broken polling logs (bytes dropped, duplicated or replaced anywhere) never panic, and every
/// sequence finding's place lies inside the input, its line and column agreeing with its offset.
#[test]
fn mangled_polling_logs_get_located_findings_and_never_panic() {
    use fileops_validator::arb::internals::check::sequence::SequenceOptions;
    use fileops_validator::arb::internals::json::frame::Recovery;
    use fileops_validator::{Options, Validator};

    let validator = Validator::new(Options::default())
        .unwrap()
        .with_sequence(SequenceOptions {
            rules: true,
            timeline: true,
        });
    let faults = [
        Fault::None,
        Fault::ProgressRegressed,
        Fault::Unfinished,
        Fault::Vanished,
        Fault::TypeChanged,
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut sequence_findings = 0;
    for round in 0..600 {
        let mut bytes = polls::generate(6, faults[round % faults.len()], round as u64);
        for _ in 0..1 + next(4) {
            let at = next(bytes.len());
            match next(3) {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, bytes[at]),
                _ => bytes[at] = b"{}[],:\"0-9\n x"[next(13)],
            }
        }
        let report = validator
            .validate_reader("log.ndjson", &bytes[..], Recovery::NextLine)
            .unwrap();
        for v in report
            .violations
            .iter()
            .filter(|v| v.rule.id().starts_with("sequence-"))
        {
            sequence_findings += 1;
            let offset = v.offset as usize;
            assert!(offset <= bytes.len(), "{v:?}");
            let before = &bytes[..offset];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(v.line, line, "{v:?}");
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&before[start..]).chars().count() as u64;
            assert_eq!(v.column, column, "{v:?}");
        }
    }
    assert!(sequence_findings > 100, "{sequence_findings}");
}

/// Regression: a document cut short by a syntax error used to share the next document's
/// generation, so an operation it listed was skipped there as a "repeat" and its regression
/// went unseen.
#[test]
fn a_broken_line_between_polls_does_not_hide_a_regression() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("poll.ndjson");
    let op =
        |p: u32| format!("{{\"id\":\"a\",\"Operation\":1,\"progress\":{p},\"finished\":false}}");
    let text = format!(
        "{{\"response\":[{}],\"count\":1}}\n{{\"response\":[{}],\"count\":1\n{{\"response\":[{}],\"count\":1}}\n",
        op(10),
        op(50),
        op(20)
    );
    std::fs::write(&path, text).unwrap();
    let (_, report) = validate(&path, &[]);
    let rules: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["syntax", "sequence-progress-regressed"], "{report}");
    assert_eq!(report["violations"][1]["document"], 2);
}

/// `gen --ndjson` is a polling log: operations still running are listed again, further on,
/// until shown finished, so validating it finds nothing at all (no `sequence-vanished`), and
/// it lists exactly `--operations` operations, the same bytes for the same seed.
#[test]
fn gen_ndjson_is_a_consistent_polling_log() {
    let bin = env!("CARGO_BIN_EXE_fileops-validator");
    let gen_log = |seed: &str| {
        let out = std::process::Command::new(bin)
            .args(["gen", "--ndjson", "--operations", "2000", "--seed", seed])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    for seed in ["0", "11"] {
        let log = gen_log(seed);
        assert_eq!(log, gen_log(seed), "seed {seed}: not deterministic");
        let mut child = std::process::Command::new(bin)
            .args(["validate", "--deny-warnings", "--format", "json", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&log).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "seed {seed}: {report}");
        assert_eq!(report["violations"], serde_json::json!([]), "seed {seed}");
        assert_eq!(report["summary"]["operations"], 2000, "seed {seed}");
        // It is a log of polls, not of unrelated documents: some operations span polls.
        let lines: Vec<&[u8]> = log
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        let id_of = |l: &[u8]| {
            let v: serde_json::Value = serde_json::from_slice(l).unwrap();
            v["response"]
                .as_array()
                .unwrap()
                .iter()
                .map(|op| op["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let repeated = lines
            .windows(2)
            .filter(|w| id_of(w[0]).iter().any(|id| id_of(w[1]).contains(id)))
            .count();
        assert!(
            repeated > 50,
            "seed {seed}: only {repeated} polls carry an operation on"
        );
    }
}
