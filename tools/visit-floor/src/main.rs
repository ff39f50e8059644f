//! How fast can a capture's operations be visited, node by node, with no checks at all? Each
//! stage runs over every operation of the capture on one thread, the stages alternating round
//! by round; it prints each stage's median and its ratio to `parse` (simd-json's tape, as every
//! check parses). The question it answers (issue 13): could a checker that validates while it
//! parses, with no tape, beat the `check` stage's ratio to parsing?
//!
//!     cargo run --release --manifest-path tools/visit-floor/Cargo.toml -- CAPTURE [ROUNDS]
//!
//! Stages:
//! - `parse`: `Scratch::parse`, the copy and the simd-json tape (the criterion bench's `parse`);
//! - `check`: `Validator::check`, the whole check of an operation (the bench's `check`);
//! - `tape + node scan`: `parse`, then one pass over the tape's nodes: the least any walk of
//!   the tape costs;
//! - `<parser> skip`: serde's `IgnoredAny`, which each parser skips its fastest way;
//! - `<parser> visit`: a serde visitor that is handed every key and every value, borrowing
//!   strings: what a checker driven by the parser (a generated serde visitor) would cost
//!   before it checks anything. For simd-json it walks the tape simd-json builds first.

use std::borrow::Cow;
use std::fmt;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use fileops_validator::arb::internals::check::value::{Role, Scratch};
use fileops_validator::arb::internals::json::frame::operation_ranges;
use fileops_validator::{Options, Validator};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use simd_json::value::tape::{Node, Tape};

/// Every key and value of a JSON value visited; the count of nodes plus the bytes of strings,
/// so that nothing is optimised away.
struct Visited(usize);

struct VisitAll;

impl<'de> Visitor<'de> for VisitAll {
    type Value = Visited;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Visited, E> {
        Ok(Visited(1))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Visited, E> {
        Ok(Visited(1))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Visited, E> {
        Ok(Visited(1))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Visited, E> {
        Ok(Visited(1))
    }
    fn visit_str<E>(self, s: &str) -> Result<Visited, E> {
        Ok(Visited(1 + s.len()))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Visited, E> {
        Ok(Visited(1 + s.len()))
    }
    fn visit_string<E>(self, s: String) -> Result<Visited, E> {
        Ok(Visited(1 + s.len()))
    }
    fn visit_unit<E>(self) -> Result<Visited, E> {
        Ok(Visited(1))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Visited, A::Error> {
        let mut n = 1;
        while let Some(Visited(k)) = items.next_element()? {
            n += k;
        }
        Ok(Visited(n))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Visited, A::Error> {
        let mut n = 1;
        while let Some(name) = members.next_key::<Cow<'de, str>>()? {
            let Visited(v) = members.next_value()?;
            n += name.len() + v;
        }
        Ok(Visited(n))
    }
}

impl<'de> Deserialize<'de> for Visited {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(VisitAll)
    }
}

const STAGES: [&str; 8] = [
    "parse",
    "check",
    "tape + node scan",
    "serde_json skip",
    "serde_json visit",
    "sonic-rs skip",
    "sonic-rs visit",
    "simd-json serde visit",
];

/// Runs stage `stage` over one operation; what it returns only keeps the work from being
/// optimised away. Every operation of a capture `gen` writes is valid JSON.
struct Stages {
    validator: Validator,
    scratch: Scratch,
    buf: Vec<u8>,
    buffers: simd_json::Buffers,
    tape: Option<Tape<'static>>,
}

impl Stages {
    fn run(&mut self, stage: usize, op: &[u8]) -> Result<usize, String> {
        let n = match STAGES[stage] {
            "parse" => self.scratch.parse(op).map_err(|e| e.to_string())?,
            "check" => {
                let checked = self.validator.check(&mut self.scratch, op, Role::Operation);
                1 + checked.findings.len()
            }
            "tape + node scan" => self.node_scan(op)?,
            "serde_json skip" => serde_json::from_slice::<IgnoredAny>(op)
                .map(|_| 1)
                .map_err(|e| e.to_string())?,
            "serde_json visit" => {
                serde_json::from_slice::<Visited>(op)
                    .map_err(|e| e.to_string())?
                    .0
            }
            "sonic-rs skip" => sonic_rs::from_slice::<IgnoredAny>(op)
                .map(|_| 1)
                .map_err(|e| e.to_string())?,
            "sonic-rs visit" => {
                sonic_rs::from_slice::<Visited>(op)
                    .map_err(|e| e.to_string())?
                    .0
            }
            _ => {
                self.buf.clear();
                self.buf.extend_from_slice(op);
                simd_json::serde::from_slice::<Visited>(&mut self.buf)
                    .map_err(|e| e.to_string())?
                    .0
            }
        };
        Ok(n)
    }

    /// The parse, then one pass over the tape's nodes.
    fn node_scan(&mut self, op: &[u8]) -> Result<usize, String> {
        self.buf.clear();
        self.buf.extend_from_slice(op);
        self.buf.resize(op.len() + simd_json::INPUT_PADDING, 0);
        let mut tape = self.tape.take().unwrap_or_else(Tape::null).reset();
        let parsed =
            simd_json::fill_tape_padded(&mut self.buf, op.len(), &mut self.buffers, &mut tape);
        let mut n = 0;
        if parsed.is_ok() {
            for node in &tape.0 {
                n += match node {
                    Node::String(s) => 1 + s.len(),
                    Node::Object { len, .. } | Node::Array { len, .. } => 1 + *len,
                    Node::Static(_) => 1,
                };
            }
        }
        self.tape = Some(tape.reset());
        parsed.map(|()| n).map_err(|e| e.to_string())
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn run(path: &str, rounds: usize) -> Result<(), String> {
    let input = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let ops = operation_ranges(&input).map_err(|e| format!("{path}: {e}"))?;
    let mut stages = Stages {
        validator: Validator::new(Options::default()).map_err(|e| e.to_string())?,
        scratch: Scratch::default(),
        buf: Vec::new(),
        buffers: simd_json::Buffers::default(),
        tape: None,
    };
    let mut times = vec![Vec::new(); STAGES.len()];
    for _ in 0..rounds {
        for (stage, times) in times.iter_mut().enumerate() {
            let start = Instant::now();
            let mut n = 0;
            for op in &ops {
                n += stages.run(stage, &input[op.clone()])?;
            }
            times.push(start.elapsed().as_secs_f64());
            black_box(n);
        }
    }
    let mib = input.len() as f64 / f64::from(1 << 20);
    let parse = median(times[0].clone());
    println!(
        "{path}: {} operations, {mib:.1} MiB, medians of {rounds} rounds",
        ops.len()
    );
    for (name, times) in STAGES.iter().zip(times) {
        let t = median(times);
        println!(
            "{name:22} {:8.1} ms {:7.0} MiB/s {:6.2}x parse",
            t * 1e3,
            mib / t,
            t / parse
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, rounds) = match args.as_slice() {
        [path] => (path, Ok(15)),
        [path, rounds] => (path, rounds.parse::<usize>()),
        _ => {
            eprintln!("usage: visit-floor CAPTURE [ROUNDS]");
            return ExitCode::from(2);
        }
    };
    let Ok(rounds @ 1..) = rounds else {
        eprintln!("visit-floor: ROUNDS is a whole number, 1 or more");
        return ExitCode::from(2);
    };
    match run(path, rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("visit-floor: {e}");
            ExitCode::FAILURE
        }
    }
}
