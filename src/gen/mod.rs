//! A seeded generator of large, realistic fileops payloads, for benchmarks, tests and fuzz seeds.
//!
//! The output is what a DocSpace server sends (wire style: integer enums, date strings, the
//! envelope, nulls omitted, full file and folder entries as in
//! `fixtures/docspace/mock-entries-file-and-folder.json`) or what the docs describe (docs style:
//! enum names and date objects). Titles mix scripts, escapes and `\u` forms; entry ids are
//! integers (the portal's storage) or strings (third-party storage); every enum value occurs.
//!
//! It is deterministic: the same options give the same bytes on every platform (a hand-written
//! SplitMix64, no floating point), and every output validates with no violation in the matching
//! profile (`wire` for wire style, `docs` for docs style).
//!
//! ```
//! use fileops_validator::arb::internals::r#gen::{self, GenOptions};
//!
//! let bytes = r#gen::generate(&GenOptions { operations: 3, seed: 7, ..GenOptions::default() });
//! assert!(bytes.starts_with(br#"{"response":[{"id":""#));
//! assert_eq!(bytes, r#gen::generate(&GenOptions { operations: 3, seed: 7, ..GenOptions::default() }));
//! ```

use std::io::{self, Write};

use crate::model::OperationType;

mod payload;
mod release;
mod vocabulary;
mod writer;

pub use release::release_payload;
use writer::Gen;

/// Which shape the generated payload has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// What servers send: integer enums, date strings (validates in profile `wire`).
    #[default]
    Wire,
    /// What the docs describe: enum names, date objects (validates in profile `docs`).
    Docs,
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    /// Operations in total (over all lines with `ndjson`).
    pub operations: usize,
    /// The seed: equal seeds give equal bytes.
    pub seed: u64,
    pub style: Style,
    /// A bare list of operations instead of the envelope.
    pub bare: bool,
    /// A polling log: one poll per line, each with a few operations; an operation still running
    /// is listed again in the next poll (its progress never lower) until it is shown finished.
    pub ndjson: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            operations: 100,
            seed: 0,
            style: Style::Wire,
            bare: false,
            ndjson: false,
        }
    }
}

/// Writes a payload to `out` (buffer it: writes come one operation at a time).
///
/// # Errors
/// Only when writing fails.
pub fn write<W: Write>(mut out: W, options: &GenOptions) -> io::Result<()> {
    let mut g = Gen::new(options);
    let mut left = options.operations;
    let mut documents = 0;
    // A polling log: the operations still running in the last poll, listed again in the next
    // one (further on, or finished) so none vanishes unfinished.
    let mut running: Vec<Running> = Vec::new();
    loop {
        let (carried, fresh) = if options.ndjson {
            // No operations still makes one document: a poll that found none running.
            if left == 0 && documents > 0 {
                break;
            }
            let carried = std::mem::take(&mut running);
            // Invariant: carried.len() <= left (the finishing below sees to it).
            let fresh = if carried.is_empty() {
                (1 + g.rng.below(4) as usize).min(left)
            } else {
                (g.rng.below(4) as usize).min(left - carried.len())
            };
            (carried, fresh)
        } else {
            (Vec::new(), left)
        };
        let ops = carried.len() + fresh;
        // Operations the next poll can still list: the ones left running must fit in it.
        let room = left - ops;
        g.out.clear();
        g.document_start(options.bare);
        out.write_all(&g.out)?;
        for i in 0..ops {
            g.out.clear();
            if i > 0 {
                g.out.push(b',');
            }
            let force = options.ndjson && running.len() >= room;
            if let Some(r) = g.operation(carried.get(i), force)
                && options.ndjson
            {
                running.push(r);
            }
            out.write_all(&g.out)?;
        }
        g.out.clear();
        g.document_end(options.bare, ops);
        if options.ndjson {
            g.out.push(b'\n');
        }
        out.write_all(&g.out)?;
        left -= ops;
        documents += 1;
        if !options.ndjson {
            break;
        }
    }
    out.flush()
}

/// An operation a polling log lists again in its next poll.
#[derive(Debug)]
pub(super) struct Running {
    pub(super) id: String,
    pub(super) kind: (OperationType, i64, &'static str),
    pub(super) progress: i64,
    /// Whether it has an (empty) `error` member.
    pub(super) error: bool,
    /// Whether it has a `status` member.
    pub(super) status: bool,
}

/// The payload in memory.
#[must_use]
pub fn generate(options: &GenOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    write(&mut bytes, options).expect("writing to memory cannot fail");
    bytes
}

/// SplitMix64: tiny, fast, and the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the multiply-shift bias is far below anything that matters
    /// here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;
    use super::writer::{civil, content_length, push_string};

    #[test]
    fn civil_dates_match_known_instants() {
        assert_eq!(civil(0), "0001-01-01T00:00:00");
        assert_eq!(civil(63_681_897_600), "2019-01-01T00:00:00");
        assert_eq!(
            civil(63_681_897_600 + 59 * 86_400 + 3661),
            "2019-03-01T01:01:01"
        );
    }

    #[test]
    fn the_sequence_is_fixed() {
        // Pinned: a change here changes every generated payload and benchmark input.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn strings_escape_as_servers_do() {
        let mut out = Vec::new();
        push_string(&mut out, "a\"b\\c\td🚀é", true);
        assert_eq!(out, br#""a\"b\\c\td\uD83D\uDE80\u00E9""#);
    }

    #[test]
    fn sizes_read_like_the_server_shows_them() {
        assert_eq!(content_length(5_253_550), "5.01 MB");
        assert_eq!(content_length(12), "12 bytes");
    }
}
