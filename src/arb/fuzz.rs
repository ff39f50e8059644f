//! The properties the cargo-fuzz targets check, one function per target. They live in the
//! library so that `cargo test` replays the fuzz seeds and every regression through the same
//! code on stable Rust. Each panics, with a message saying what broke, when its property fails.
//!
//! This file holds what the properties share (the validators, the location check, a chunking
//! reader); each group of targets has its own submodule, re-exported here.

mod agreement;
mod fast_path;
mod inputs;
mod mutations;
mod streams;

pub use agreement::{differential, layers_agree, parsers_agree};
pub use fast_path::{compiled, compiled_agrees, fast_path_invisible};
pub use inputs::{custom_schema, diff, har};
pub use mutations::{caught, passes, render_mutated, structured};
pub use streams::{raw, same_chunked, sequence, streaming};

use std::io::{self, Read};
use std::sync::OnceLock;

use super::text::LineColumns;
use crate::json::frame::Recovery;
use crate::report::Report;
use crate::{Layers, Options, Profile, Validator};

/// The layer choices the properties use: both, the schema alone, the types alone.
pub const LAYER_CHOICES: [Layers; 3] = [Layers::ALL, Layers::SCHEMA, Layers::TYPES];

const PROFILES: [Profile; 3] = [Profile::Any, Profile::Wire, Profile::Docs];

/// A validator for `profile` and `layers`, compiled once per process.
///
/// # Panics
/// When the bundled schema does not compile (a broken build).
#[must_use]
pub fn validator(profile: Profile, layers: Layers) -> &'static Validator {
    static CACHE: [OnceLock<Validator>; 9] = [const { OnceLock::new() }; 9];
    let p = PROFILES.iter().position(|x| *x == profile).unwrap_or(0);
    let l = LAYER_CHOICES.iter().position(|x| *x == layers).unwrap_or(0);
    CACHE[p * 3 + l].get_or_init(|| {
        Validator::new(Options {
            layers,
            profile,
            ..Options::default()
        })
        .expect("the bundled schema compiles")
    })
}

/// Every violation's offset, line and column lie inside `input` and agree with each other:
/// `offset <= len`, and (line, column) is where that offset is (so line <= number of lines and
/// column <= characters on that line + 1).
///
/// The violations are taken in offset order and the lines counted in one pass, so the check is
/// linear in the input however many violations it has.
///
/// # Errors
/// The first violation (in offset order) that is out of place, described.
pub fn check_locations(input: &[u8], report: &Report) -> Result<(), String> {
    let mut order: Vec<&crate::report::Violation> = report.violations.iter().collect();
    order.sort_by_key(|v| v.offset);
    let mut lines = LineColumns::new(input);
    for v in order {
        let offset = usize::try_from(v.offset).unwrap_or(usize::MAX);
        if offset > input.len() {
            return Err(format!(
                "offset {} beyond the input's {} bytes: {v:?}",
                v.offset,
                input.len()
            ));
        }
        let (line, column) = lines.at(offset);
        if (v.line, v.column) != (line, column) {
            return Err(format!(
                "offset {} is at line {line} column {column}, but the violation says line {} \
                 column {}: {v:?}",
                v.offset, v.line, v.column
            ));
        }
    }
    Ok(())
}

/// A reader that hands out its input in chunks of the given sizes (cycled; 0 counts as 1).
pub struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl<'a> Chunked<'a> {
    #[must_use]
    pub fn new(data: &'a [u8], sizes: Vec<usize>) -> Self {
        Chunked {
            data,
            sizes: if sizes.is_empty() { vec![1] } else { sizes },
            next: 0,
        }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.next % self.sizes.len()].max(1);
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Validates in memory with every default, as `validate_bytes` does, with `recovery`.
fn whole(v: &Validator, input: &[u8], recovery: Recovery) -> Report {
    v.validate_reader("input", input, recovery)
        .expect("reading from memory cannot fail")
}

/// Reports compared without the snippets (the human format's context line), which may start
/// wherever the framer's buffer does.
fn same_report(a: &Report, b: &Report) -> Result<(), String> {
    let strip = |r: &Report| {
        let mut r = r.clone();
        for v in &mut r.violations {
            v.snippet = None;
        }
        r
    };
    let (a, b) = (strip(a), strip(b));
    if a == b {
        return Ok(());
    }
    Err(format!(
        "reports differ:\n  one read: {a:#?}\n  chunked: {b:#?}"
    ))
}
