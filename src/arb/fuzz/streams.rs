//! Targets `raw`, `streaming` and `sequence`: any bytes framed in both recoveries, every
//! location inside the input, and the same report however the input is chunked.

use std::sync::OnceLock;

use super::{Chunked, check_locations, same_report, validator, whole};
use crate::json::frame::Recovery;
use crate::{Layers, Options, Profile, Validator};

/// Target `raw`: any bytes, both recoveries; never panics, locations in bounds.
///
/// # Panics
/// When a violation is out of place (or the validator itself panics).
pub fn raw(data: &[u8]) {
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let report = whole(validator(Profile::Any, Layers::ALL), data, recovery);
        if let Err(e) = check_locations(data, &report) {
            panic!("{recovery:?}: {e}");
        }
    }
}

/// Target `streaming`: the first bytes choose chunk sizes, the rest is the input; the report is
/// the same for that chunking as for one read.
///
/// # Panics
/// When the reports differ.
pub fn streaming(data: &[u8]) {
    let (pattern, input) = split_pattern(data);
    let sizes: Vec<usize> = pattern
        .iter()
        .skip(1)
        .map(|b| match b % 4 {
            0 => 1,
            1 => 1 + usize::from(*b) % 7,
            2 => 1 + usize::from(*b) * 3,
            _ => 4096 + usize::from(*b) * 61,
        })
        .collect();
    if let Err(e) = same_chunked(input, sizes) {
        panic!("{e}");
    }
}

/// The chunk-size pattern at the front of a fuzz input (its first byte says how long, 1 to 8
/// bytes), and the input after it.
fn split_pattern(data: &[u8]) -> (&[u8], &[u8]) {
    let split = data
        .first()
        .map_or(0, |b| 1 + usize::from(b % 8))
        .min(data.len());
    data.split_at(split)
}

/// Target `sequence`: the first bytes choose chunk sizes, the rest is an NDJSON polling log,
/// validated with the sequence rules (and the timeline) on: every finding lies inside the input
/// where its line and column say, and the report is the same for that chunking as for one read.
/// Each line, taken as a HAR body, gets from its validation the operations' facts a parse of
/// it reads, or none.
///
/// # Panics
/// When a finding is out of place, the reports differ, or a body's facts differ.
pub fn sequence(data: &[u8]) {
    static SEQUENCE: OnceLock<Validator> = OnceLock::new();
    let v = SEQUENCE.get_or_init(|| {
        Validator::new(Options::default())
            .expect("the bundled schema compiles")
            .with_sequence(crate::check::sequence::SequenceOptions {
                rules: true,
                timeline: true,
            })
    });
    let (pattern, input) = split_pattern(data);
    let sizes: Vec<usize> = pattern
        .iter()
        .skip(1)
        .map(|b| 1 + usize::from(*b))
        .collect();
    let one = whole(v, input, Recovery::NextLine);
    if let Err(e) = check_locations(input, &one) {
        panic!("{e}");
    }
    let chunked = v
        .validate_reader(
            "input",
            Chunked::new(input, sizes.clone()),
            Recovery::NextLine,
        )
        .expect("reading from memory cannot fail");
    if let Err(e) = same_report(&one, &chunked) {
        panic!("chunk sizes {sizes:?}: {e}");
    }
    if one.timeline != chunked.timeline {
        panic!("chunk sizes {sizes:?}: the timelines differ");
    }
    // Each line as a HAR body: the operations' facts its validation vouches for are the ones
    // a parse of the body reads (what the sequence rules follow across a HAR).
    for line in input.split(|b| *b == b'\n') {
        let counters = crate::counters::Counters::default();
        if let (_, Some(facts)) = v.validate_body("input", line, &counters) {
            let parsed = crate::check::sequence::har::parsed_facts(line);
            assert_eq!(Some(facts), parsed, "the facts of {line:?}");
        }
    }
}

/// The report for `input` read in chunks of `sizes` equals the report for one read, for both
/// recoveries.
///
/// # Errors
/// The difference, described.
pub fn same_chunked(input: &[u8], sizes: Vec<usize>) -> Result<(), String> {
    let v = validator(Profile::Any, Layers::ALL);
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let one = whole(v, input, recovery);
        let chunked = v
            .validate_reader("input", Chunked::new(input, sizes.clone()), recovery)
            .map_err(|e| e.to_string())?;
        same_report(&one, &chunked)
            .map_err(|e| format!("{recovery:?}, chunk sizes {sizes:?}: {e}"))?;
    }
    Ok(())
}
