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
use simd_json::value::tape::Node;

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

/// The stages, each with the name it is printed under.
#[derive(Clone, Copy)]
enum Stage {
    Parse,
    Check,
    NodeScan,
    SerdeJsonSkip,
    SerdeJsonVisit,
    SonicSkip,
    SonicVisit,
    SimdJsonVisit,
}

const STAGES: [(&str, Stage); 8] = [
    ("parse", Stage::Parse),
    ("check", Stage::Check),
    ("tape + node scan", Stage::NodeScan),
    ("serde_json skip", Stage::SerdeJsonSkip),
    ("serde_json visit", Stage::SerdeJsonVisit),
    ("sonic-rs skip", Stage::SonicSkip),
    ("sonic-rs visit", Stage::SonicVisit),
    ("simd-json serde visit", Stage::SimdJsonVisit),
];

/// Runs a stage over one operation; what it returns only keeps the work from being
/// optimised away. Every operation of a capture `gen` writes is valid JSON.
struct Stages {
    validator: Validator,
    scratch: Scratch,
    buf: Vec<u8>,
}

impl Stages {
    fn run(&mut self, stage: Stage, op: &[u8]) -> Result<usize, String> {
        let n = match stage {
            Stage::Parse => self.scratch.parse(op).map_err(|e| e.to_string())?,
            Stage::Check => {
                let checked = self.validator.check(&mut self.scratch, op, Role::Operation);
                1 + checked.findings.len()
            }
            Stage::NodeScan => self.node_scan(op)?,
            Stage::SerdeJsonSkip => serde_json::from_slice::<IgnoredAny>(op)
                .map(|_| 1)
                .map_err(|e| e.to_string())?,
            Stage::SerdeJsonVisit => {
                serde_json::from_slice::<Visited>(op)
                    .map_err(|e| e.to_string())?
                    .0
            }
            Stage::SonicSkip => sonic_rs::from_slice::<IgnoredAny>(op)
                .map(|_| 1)
                .map_err(|e| e.to_string())?,
            Stage::SonicVisit => {
                sonic_rs::from_slice::<Visited>(op)
                    .map_err(|e| e.to_string())?
                    .0
            }
            Stage::SimdJsonVisit => {
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
        self.scratch.with_tape(op, |parsed| {
            let nodes = parsed.map_err(|e| e.to_string())?;
            Ok(nodes
                .iter()
                .map(|node| match node {
                    Node::String(s) => 1 + s.len(),
                    Node::Object { len, .. } | Node::Array { len, .. } => 1 + *len,
                    Node::Static(_) => 1,
                })
                .sum())
        })
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
    };
    let mut times = vec![Vec::new(); STAGES.len()];
    for _ in 0..rounds {
        for (&(_, stage), times) in STAGES.iter().zip(times.iter_mut()) {
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
    for ((name, _), times) in STAGES.iter().zip(times) {
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
