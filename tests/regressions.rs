//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every regression
//! (`tests/regressions/<target>/`) through the fuzz targets' own functions, on stable Rust, and
//! holds one named test per bug the fuzzers or the properties found.
//!
//! To turn a crash into a regression: minimize it (`cargo +nightly fuzz tmin <target> <crash>`),
//! copy the result to `tests/regressions/<target>/<what-broke>.json` (`.bin` for inputs that are
//! not text), and add a named test below with a sentence on what broke.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use fileops_validator::arb::Case;
use fileops_validator::arb::fuzz;

/// Runs the function of fuzz target `target` on `data`.
fn run_target(target: &str, data: &[u8]) {
    match target {
        "raw" => fuzz::raw(data),
        "differential" => fuzz::differential(data),
        "streaming" => fuzz::streaming(data),
        "structured" => {
            if let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) {
                fuzz::structured(&case);
            }
        }
        other => panic!("no fuzz target named {other}"),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every file under `root/<target>/` through its target; every failure listed at once.
fn replay(root: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut failures = Vec::new();
    let mut n = 0;
    for target in ["raw", "differential", "streaming", "structured"] {
        for path in files(&root.join(target)) {
            let data = std::fs::read(&path).expect("readable");
            n += 1;
            // Every input also goes through `raw`: no panic and locations in bounds, whatever
            // target it was found by.
            for t in [target, "raw"] {
                if let Err(e) = catch_unwind(AssertUnwindSafe(|| run_target(t, &data))) {
                    let message = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{} ({t}): {message}", path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    n
}

#[test]
fn fuzz_seeds_replay_cleanly() {
    assert!(replay("fuzz/seeds") > 0, "no seeds found");
}

#[test]
fn regressions_replay_cleanly() {
    replay("tests/regressions");
}

/// Replays one named file of tests/regressions/<target>/ (for the named regression tests).
#[allow(dead_code)]
fn regression(target: &str, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target)
        .join(name);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    run_target(target, &data);
}

/// Fuzzer bytes drove the strategies through proptest's PassThrough RNG, which returns zeros
/// once the bytes run out; rand's range sampling rejects an all-zero draw, so every input of
/// the `structured` target (the empty one included) spun forever. Found by `structured`
/// (timeouts on every input); the bytes now seed a ChaCha stream instead.
#[test]
fn structured_inputs_that_run_out_of_bytes_still_finish() {
    for data in [&b""[..], &[0u8; 64][..], &[0xFFu8; 7][..]] {
        run_target("structured", data);
    }
}
