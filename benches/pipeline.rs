//! Throughput of each stage of the pipeline, side by side with the naive pipeline a user would
//! write (serde_json tree + jsonschema on the bundled schema), on generated wire captures of
//! 1k, 10k and 100k operations (about 8.5 kB each).
//!
//!     cargo bench --bench pipeline                # everything (about 5 minutes)
//!     cargo bench --bench pipeline -- 10k         # one size
//!
//! Stages, each over the whole capture and reported in bytes of capture per second:
//! - `frame`: the framer alone (operation boundaries and positions);
//! - `parse`: copy each operation into a reused buffer and parse it to a simd-json tape, as
//!   every check does (`Scratch::parse`);
//! - `types`, `schema`: one layer each (after the parse), one thread;
//! - `check`: both layers and the rules, one thread;
//! - `validate`: the whole `Validator::validate_bytes` (framing, parallel checks, report);
//! - `naive`: `serde_json::from_slice::<Value>` then a `jsonschema` validator of the bundled
//!   schema (compiled once, outside the timing). Not run at 100k: its tree of an 850 MB
//!   document needs several GB of memory.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fileops_validator::arb::internals::check::schema;
use fileops_validator::arb::internals::check::value::{Role, Scratch};
use fileops_validator::arb::internals::r#gen::{self, GenOptions};
use fileops_validator::arb::internals::json::frame::{Event, Framer, Recovery, operation_ranges};
use fileops_validator::{Layers, Options, Validator};

fn frame_only(input: &[u8]) -> usize {
    let mut framer = Framer::new(input, Recovery::Stop);
    let mut n = 0;
    while let Some(event) = framer.next_event().unwrap() {
        if let Event::Operation { bytes, .. } = event {
            n += bytes.len();
        }
    }
    n
}

fn pipeline(c: &mut Criterion) {
    let schema = schema::bundled();
    let naive = jsonschema::validator_for(&schema).unwrap();
    let layer = |schema, types| {
        Validator::new(Options {
            layers: Layers { schema, types },
            ..Options::default()
        })
        .unwrap()
    };
    let full = layer(true, true);
    let types_only = layer(false, true);
    let schema_only = layer(true, false);
    // The full layered check on every operation, without the compiled fast path.
    let full_only = layer(true, true).without_fast_path();

    for (name, count, samples) in [
        ("1k", 1_000, 20),
        ("10k", 10_000, 10),
        ("100k", 100_000, 10),
    ] {
        let input = r#gen::generate(&GenOptions {
            operations: count,
            seed: 1,
            ..GenOptions::default()
        });
        let ops = operation_ranges(&input).unwrap();
        assert_eq!(ops.len(), count);
        let mut group = c.benchmark_group(format!("pipeline/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.sample_size(samples);
        if count >= 10_000 {
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(count as u64 / 2_000));
        }
        group.bench_function(BenchmarkId::new("frame", name), |b| {
            b.iter(|| frame_only(black_box(&input)))
        });
        group.bench_function(BenchmarkId::new("parse", name), |b| {
            // As every check parses: a padded copy in a reused buffer, parsed in place.
            let mut scratch = Scratch::default();
            b.iter(|| {
                for op in &ops {
                    black_box(scratch.parse(&input[op.clone()]).unwrap());
                }
            })
        });
        for (stage, validator) in [
            ("types", &types_only),
            ("schema", &schema_only),
            ("check", &full),
            ("check-full", &full_only),
        ] {
            group.bench_function(BenchmarkId::new(stage, name), |b| {
                let mut scratch = Scratch::default();
                b.iter(|| {
                    for op in &ops {
                        let checked =
                            validator.check(&mut scratch, &input[op.clone()], Role::Operation);
                        black_box(checked);
                    }
                })
            });
        }
        group.bench_function(BenchmarkId::new("validate", name), |b| {
            b.iter(|| {
                let report = full.validate_bytes("bench", black_box(&input));
                assert_eq!(report.summary.errors, 0);
            })
        });
        if count <= 10_000 {
            group.bench_function(BenchmarkId::new("naive", name), |b| {
                b.iter(|| {
                    let value: serde_json::Value = serde_json::from_slice(&input).unwrap();
                    assert!(naive.is_valid(&value));
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
