//! The streaming engine: framing from any reader, however the input is split into reads, gzip,
//! standard input, and the generator's payloads.

use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

use fileops_validator::arb::internals::r#gen::{self, GenOptions, Rng, Style};
use fileops_validator::arb::internals::json::frame::{Event, Framer, Recovery};
use fileops_validator::{Options, Profile, Report, Validator};

/// Hands out one byte per read.
struct OneByte<'a>(&'a [u8]);

impl Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((&b, rest)), Some(slot)) => {
                *slot = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// Hands out reads of random sizes (1 to `max` bytes), now and then interrupted.
struct Chunks<'a> {
    data: &'a [u8],
    rng: Rng,
    max: u64,
}

impl<'a> Chunks<'a> {
    fn new(data: &'a [u8], seed: u64, max: u64) -> Self {
        Chunks {
            data,
            rng: Rng::new(seed),
            max,
        }
    }
}

impl Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.rng.chance(2) {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = (1 + self.rng.below(self.max) as usize)
            .min(buf.len())
            .min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Every event as text (positions and bytes included), checking on the way that each position
/// is exact: its offset is where its bytes are, and its line and column are what counting from
/// the start of the input gives.
fn events<R: Read>(input: &[u8], reader: R, recovery: Recovery) -> Vec<String> {
    let mut framer = Framer::new(reader, recovery);
    let mut out = Vec::new();
    while let Some(event) = framer.next_event().expect("reading from memory") {
        let (at, bytes) = match &event {
            Event::DocumentStart { at, .. } | Event::ResponseStart { at, .. } => (Some(*at), None),
            Event::Member { at, bytes, .. }
            | Event::Operation { at, bytes, .. }
            | Event::Value { at, bytes, .. } => (Some(*at), Some(*bytes)),
            Event::Syntax { at, .. } => (Some(*at), None),
            _ => (None, None),
        };
        if let Some(at) = at {
            let offset = at.offset as usize;
            assert_eq!(
                (at.line, at.column),
                naive_line_column(input, offset),
                "{event:?}"
            );
            if let Some(bytes) = bytes {
                assert_eq!(&input[offset..offset + bytes.len()], bytes, "{event:?}");
            }
        }
        out.push(format!("{event:?}"));
    }
    out
}

fn naive_line_column(input: &[u8], offset: usize) -> (u64, u64) {
    let text = String::from_utf8_lossy(&input[..offset]);
    let line = 1 + text.matches('\n').count() as u64;
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, 1 + last.chars().count() as u64)
}

/// The same events whether the input comes whole, a byte at a time or in random chunks.
fn assert_split_independent(input: &[u8], recovery: Recovery) -> Vec<String> {
    let whole = events(input, input, recovery);
    assert_eq!(
        events(input, OneByte(input), recovery),
        whole,
        "1-byte reads"
    );
    for seed in 0..4 {
        let chunks = events(input, Chunks::new(input, seed, 100), recovery);
        assert_eq!(chunks, whole, "chunks up to 100 bytes, seed {seed}");
    }
    let chunks = events(input, Chunks::new(input, 9, 200_000), recovery);
    assert_eq!(chunks, whole, "chunks up to 200 kB");
    whole
}

const ENVELOPE_RESPONSE_FIRST: &str = r#"{
  "response": [
    {"id": "a", "Operation": 1, "progress": 100, "finished": true,
     "files": [{"title": "Отчёт \"Q3\" 🚀.docx", "id": 1}]},
    {"id": "b\\c", "Operation": 0, "progress": 5, "finished": false}
  ],
  "count": 1,
  "links": [{"href": "https://x/api/2.0/files/fileops", "action": "GET"}],
  "status": 0,
  "statusCode": 200
}
"#;

const ENVELOPE_RESPONSE_LAST: &str = "{\"count\": 2, \"status\": 0, \"links\": [],\r\n\t\"response\":\
    [{\"id\": \"日本\", \"Operation\": 3, \"progress\": 100, \"finished\": true}, \
     {\"id\": \"z\", \"Operation\": 2, \"progress\": 1, \"finished\": false}]}";

const BARE: &str = "[{\"id\": \"a\", \"Operation\": 1, \"progress\": 0, \"finished\": false},\n\
    {\"id\": \"é\", \"Operation\": 7, \"progress\": 100, \"finished\": true}]\n";

const NDJSON: &str = "{\"response\": [{\"id\": \"1\", \"Operation\": 1, \"progress\": 9, \"finished\": false}]}\n\
    {\"response\": [{\"id\": \"2\", \"Operation\": 1 \"progress\": 9}] \"count\": 1}\n\
    [{\"id\": \"3\", \"Operation\": 1, \"progress\": 100, \"finished\": true}]\n\
    {\"response\": [], \"count\": 0}";

const CONCATENATED: &str =
    "{\"response\": []} [ ] \"text\" 12 null\n{\"error\": {\"message\": \"x\"}, \"status\": 1}";

#[test]
fn every_framing_form_frames_the_same_however_it_is_read() {
    let cases: &[(&str, &str, Recovery, usize)] = &[
        ("response first", ENVELOPE_RESPONSE_FIRST, Recovery::Stop, 2),
        ("response last", ENVELOPE_RESPONSE_LAST, Recovery::Stop, 2),
        ("bare array", BARE, Recovery::Stop, 2),
        ("ndjson", NDJSON, Recovery::NextLine, 3),
        ("concatenated", CONCATENATED, Recovery::Stop, 0),
    ];
    for (name, input, recovery, operations) in cases {
        let events = assert_split_independent(input.as_bytes(), *recovery);
        let found = events.iter().filter(|e| e.starts_with("Operation")).count();
        assert_eq!(found, *operations, "{name}: {events:#?}");
    }
}

#[test]
fn ndjson_recovers_at_the_next_line_and_counts_documents() {
    let events = assert_split_independent(NDJSON.as_bytes(), Recovery::NextLine);
    let starts = events
        .iter()
        .filter(|e| e.starts_with("DocumentStart"))
        .count();
    let syntax: Vec<_> = events.iter().filter(|e| e.starts_with("Syntax")).collect();
    assert_eq!(starts, 4);
    assert_eq!(syntax.len(), 1, "{syntax:?}");
    assert!(syntax[0].contains("line: 2"), "{syntax:?}");
}

#[test]
fn syntax_errors_and_truncation_are_split_independent() {
    let long_line = format!("[{{\"id\": \"{}\", \"Operation\": 1,, }}]", "é".repeat(300));
    let cases = [
        "{\"response\": [{\"id\": 1}, ]}".to_owned(),
        "{\"a\" 1}".to_owned(),
        "{\"response\": [{\"id\": \"a\", \"files\": [{\"title\": \"x".to_owned(),
        "\u{feff}{\"response\": [], \"count\": 0}".to_owned(),
        "[".repeat(300),
        "<html><body>502 Bad Gateway</body></html>".to_owned(),
        long_line,
        String::new(),
        " \n\t ".to_owned(),
    ];
    for input in &cases {
        for recovery in [Recovery::Stop, Recovery::NextLine] {
            assert_split_independent(input.as_bytes(), recovery);
        }
    }
}

#[test]
fn generated_payloads_frame_the_same_across_buffer_refills() {
    // Several times the framer's 64 kB buffer, with escapes and multi-byte characters
    // falling on read boundaries.
    let big = r#gen::generate(&GenOptions {
        operations: 60,
        seed: 11,
        ..GenOptions::default()
    });
    assert!(big.len() > 400_000, "{}", big.len());
    let events = assert_split_independent(&big, Recovery::Stop);
    assert_eq!(
        events.iter().filter(|e| e.starts_with("Operation")).count(),
        60
    );
    let ndjson = r#gen::generate(&GenOptions {
        operations: 40,
        seed: 12,
        ndjson: true,
        style: Style::Docs,
        ..GenOptions::default()
    });
    assert_split_independent(&ndjson, Recovery::NextLine);
}

/// A generated payload with mistakes of every layer sprinkled in, and a pretty-printed tail so
/// that lines and columns vary.
fn flawed_payload() -> Vec<u8> {
    let text = String::from_utf8(r#gen::generate(&GenOptions {
        operations: 40,
        seed: 5,
        ..GenOptions::default()
    }))
    .expect("generated text is UTF-8");
    let text = text
        .replacen("\"progress\":100", "\"progress\":\"100\"", 3)
        .replacen("\"access\":", "\"access\":99,\"acess\":", 2)
        .replacen(
            "\"finished\":true",
            "\"finished\":true,\"finished\":false",
            1,
        )
        .replacen(",{\"id\":", ",\n  {\"id\":", 5)
        .replacen("\"Operation\":", "\"operation\":", 1)
        .replacen("\"created\":\"", "\"created\":\"1999-", 2);
    let mut bytes = text.into_bytes();
    bytes.truncate(bytes.len() - 30);
    bytes
}

fn validate<R: Read>(validator: &Validator, reader: R, recovery: Recovery) -> Report {
    validator
        .validate_reader("input", reader, recovery)
        .expect("reading from memory")
}

#[test]
fn reports_are_identical_however_the_input_is_read() {
    let input = flawed_payload();
    let validator = Validator::new(Options::default()).unwrap();
    let whole = validate(&validator, &input[..], Recovery::Stop);
    assert!(whole.summary.errors >= 8, "{:#?}", whole.summary);
    assert!(
        whole.violations.iter().any(|v| v.rule.id() == "syntax"),
        "the truncation is reported"
    );
    assert!(whole.violations.iter().any(|v| v.line > 1));
    assert_eq!(
        validate(&validator, OneByte(&input), Recovery::Stop),
        whole,
        "1-byte reads"
    );
    for seed in 0..3 {
        let chunked = validate(&validator, Chunks::new(&input, seed, 5000), Recovery::Stop);
        assert_eq!(chunked, whole, "seed {seed}");
    }
}

#[test]
fn gzip_streams_validate_like_the_plain_text() {
    let plain = flawed_payload();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.json.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let validator = Validator::new(Options::default()).unwrap();
    let source = fileops_validator::arb::internals::input::source::Source::File(path);
    let from_gz = validate(&validator, source.open().unwrap(), source.recovery());
    assert_eq!(from_gz, validate(&validator, &plain[..], Recovery::Stop));
}

#[test]
fn multi_member_gzip_ndjson_recovers_per_line() {
    // `cat a.ndjson.gz b.ndjson.gz > log.ndjson.gz` is a valid gzip file of two members.
    let mut lines = NDJSON.as_bytes().to_vec();
    lines.push(b'\n');
    let mut joined = Vec::new();
    for half in lines.split_inclusive(|&b| b == b'\n') {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(half).unwrap();
        joined.extend(gz.finish().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.ndjson.gz");
    std::fs::write(&path, joined).unwrap();
    let validator = Validator::new(Options::default()).unwrap();
    let source = fileops_validator::arb::internals::input::source::Source::File(path);
    assert_eq!(source.recovery(), Recovery::NextLine);
    let report = validate(&validator, source.open().unwrap(), source.recovery());
    assert_eq!(
        report,
        validate(&validator, NDJSON.as_bytes(), Recovery::NextLine)
    );
    assert_eq!(report.summary.documents, 4);
    assert_eq!(report.summary.operations, 3);
}

#[test]
fn generated_payloads_validate_cleanly_in_their_profile() {
    for (style, profile) in [(Style::Wire, Profile::Wire), (Style::Docs, Profile::Docs)] {
        let validator = Validator::new(Options {
            profile,
            strict: true,
            ..Options::default()
        })
        .unwrap();
        for (seed, operations) in [(0, 0), (1, 1), (2, 17), (3, 150), (u64::MAX, 40)] {
            // Servers send the envelope: a bare list is checked in the docs profile only.
            let shapes: &[(bool, bool)] = if profile == Profile::Wire {
                &[(false, false), (false, true)]
            } else {
                &[(false, false), (true, false), (false, true), (true, true)]
            };
            for &(bare, ndjson) in shapes {
                let options = GenOptions {
                    operations,
                    seed,
                    style,
                    bare,
                    ndjson,
                };
                let bytes = r#gen::generate(&options);
                let recovery = if ndjson {
                    Recovery::NextLine
                } else {
                    Recovery::Stop
                };
                let report = validate(&validator, &bytes[..], recovery);
                let first = report.violations.first().map(|v| &v.message);
                assert_eq!(report.summary.errors, 0, "{options:?}: {first:?}");
                assert_eq!(report.summary.warnings, 0, "{options:?}: {first:?}");
                assert!(report.unknown_members.is_empty(), "{options:?}");
                assert_eq!(report.summary.operations, operations, "{options:?}");
            }
        }
    }
}

#[test]
fn generated_payloads_are_deterministic_and_seed_dependent() {
    let options = GenOptions {
        operations: 30,
        seed: 42,
        ..GenOptions::default()
    };
    let a = r#gen::generate(&options);
    assert_eq!(a, r#gen::generate(&options));
    let b = r#gen::generate(&GenOptions {
        seed: 43,
        ..options
    });
    assert_ne!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.contains("\\\"") && text.contains("\\\\") && text.contains("\\u"));
    assert!(text.contains("\"providerItem\":true"), "string ids occur");
}

const BIN: &str = env!("CARGO_BIN_EXE_fileops-validator");

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn stdin_gives_the_report_a_file_gives() {
    let input = flawed_payload();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.json");
    std::fs::write(&path, &input).unwrap();
    let path = path.to_str().unwrap();
    let (code, from_file) = run(&["validate", "--format", "json", path], None);
    assert_eq!(code, 1);
    let (code, from_stdin) = run(&["validate", "--format", "json", "-"], Some(&input));
    assert_eq!(code, 1);
    assert_eq!(from_stdin, from_file.replace(path, "-"));
    let (_, implicit) = run(&["validate", "--format", "json"], Some(&input));
    assert_eq!(implicit, from_stdin);
}

#[test]
fn gen_pipes_into_validate() {
    for style in ["wire", "docs"] {
        let args = ["gen", "--operations", "25", "--seed", "3", "--style", style];
        let (code, payload) = run(&args, None);
        assert_eq!(code, 0);
        assert_eq!(run(&args, None).1, payload, "deterministic");
        let (code, report) = run(
            &["validate", "--profile", style, "--strict"],
            Some(payload.as_bytes()),
        );
        assert_eq!(code, 0, "{report}");
        assert!(
            report.contains("25 operations: 0 errors, 0 warnings"),
            "{report}"
        );
    }
    let (code, lines) = run(&["gen", "--operations", "10", "--ndjson", "--bare"], None);
    assert_eq!(code, 0);
    assert!(lines.lines().count() > 1);
    assert!(
        lines
            .lines()
            .all(|l| l.starts_with('[') && l.ends_with(']'))
    );
}

/// A payload of several batches, with violations spread over it.
fn big_flawed_payload() -> Vec<u8> {
    let text = String::from_utf8(r#gen::generate(&GenOptions {
        operations: 700,
        seed: 21,
        ..GenOptions::default()
    }))
    .unwrap();
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split("\"progress\":100").enumerate() {
        if i > 0 {
            out.push_str(if i % 97 == 0 {
                "\"progress\":\"100\""
            } else {
                "\"progress\":100"
            });
        }
        out.push_str(part);
    }
    // A duplicate id across batches: the rule that must stay sequential.
    let prefix = "{\"response\":[{\"id\":\"";
    let first_id = out[prefix.len()..prefix.len() + 36].to_owned();
    let last = out.rfind("},{\"id\":\"").unwrap() + 9;
    out.replace_range(last..last + 36, &first_id);
    out.into_bytes()
}

#[test]
fn pipelined_and_inline_batches_report_the_same() {
    let input = big_flawed_payload();
    assert!(input.len() > 5 << 20, "several batches: {}", input.len());
    let validator = Validator::new(Options::default()).unwrap();
    // From a plain thread, framing overlaps checking.
    let pipelined = validate(&validator, Chunks::new(&input, 1, 70_000), Recovery::Stop);
    assert!(pipelined.summary.errors >= 5, "{:?}", pipelined.summary);
    assert!(
        pipelined
            .violations
            .iter()
            .any(|v| v.rule.id() == "duplicate-id")
    );
    // On a pool thread, batches are checked one after the other.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let inline = pool.install(|| validate(&validator, &input[..], Recovery::Stop));
    assert_eq!(inline, pipelined);
    let sequential = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| validate(&validator, OneByte(&input[..200_000]), Recovery::Stop));
    assert_eq!(
        sequential,
        validate(&validator, &input[..200_000], Recovery::Stop)
    );
}

#[test]
fn jobs_do_not_change_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-big.json"), big_flawed_payload()).unwrap();
    std::fs::write(dir.path().join("b-flawed.json"), flawed_payload()).unwrap();
    std::fs::write(dir.path().join("c-log.ndjson"), NDJSON).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(ENVELOPE_RESPONSE_LAST.as_bytes()).unwrap();
    std::fs::write(dir.path().join("d.json.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("e-empty.json"), "").unwrap();
    let dir = dir.path().to_str().unwrap();
    let (code, one) = run(&["validate", "--format", "json", "--jobs", "1", dir], None);
    assert_eq!(code, 1);
    for jobs in ["2", "5"] {
        let (code, many) = run(&["validate", "--format", "json", "--jobs", jobs, dir], None);
        assert_eq!(code, 1);
        assert_eq!(many, one, "--jobs {jobs}");
    }
    let (code, _) = run(&["validate", "--jobs", "0", dir], None);
    assert_eq!(code, 2, "--jobs 0 is a usage error");
}

/// Hands out the input, then fails instead of ending.
struct FailsAtEnd<'a>(&'a [u8]);

impl Read for FailsAtEnd<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("the disk went away"));
        }
        let n = buf.len().min(self.0.len()).min(50_000);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_read_error_mid_input_is_an_error_not_a_hang() {
    let input = big_flawed_payload();
    let validator = Validator::new(Options::default()).unwrap();
    for len in [1000, 3 << 20, input.len()] {
        let part = &input[..len];
        let pipelined = validator.validate_reader("input", FailsAtEnd(part), Recovery::Stop);
        assert_eq!(pipelined.unwrap_err().to_string(), "the disk went away");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let inline =
            pool.install(|| validator.validate_reader("input", FailsAtEnd(part), Recovery::Stop));
        assert!(inline.is_err());
    }
}
