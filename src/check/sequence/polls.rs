//! `gen --polls N`: a polling log (NDJSON) of one copy operation progressing over N polls,
//! valid or with one kind of sequence fault, for tests, benchmarks and users.

use std::io::{self, Write};

use crate::report::Rule;

/// The sequence fault a generated polling log carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Fault {
    /// A valid log: progress 0 -> 100, finished in the last poll.
    None,
    /// Progress falls to half its previous value halfway through.
    ProgressRegressed,
    /// `processed` falls back to 0 halfway through.
    ProcessedRegressed,
    /// The operation type changes from Copy (1) to Move (0) halfway through.
    TypeChanged,
    /// It finishes one poll early and reports `finished: false` in the last poll.
    Unfinished,
    /// It finishes one poll early and reports an error in the last poll.
    FinalChanged,
    /// It is no longer listed from halfway through, never having finished.
    Vanished,
}

impl Fault {
    /// The rule id the fault triggers (`None` for a valid log).
    #[must_use]
    pub fn rule(self) -> Option<crate::report::Rule> {
        match self {
            Fault::None => None,
            Fault::ProgressRegressed => Some(Rule::SequenceProgressRegressed),
            Fault::ProcessedRegressed => Some(Rule::SequenceProcessedRegressed),
            Fault::TypeChanged => Some(Rule::SequenceTypeChanged),
            Fault::Unfinished => Some(Rule::SequenceUnfinished),
            Fault::FinalChanged => Some(Rule::SequenceFinalChanged),
            Fault::Vanished => Some(Rule::SequenceVanished),
        }
    }
}

/// Fewest polls a log with a fault needs (a value before the fault, the fault, room after it).
pub const MIN_FAULT_POLLS: usize = 4;

/// The id of the generated operation (deterministic for a seed).
#[must_use]
pub fn operation_id(seed: u64) -> String {
    let mut rng = crate::r#gen::Rng::new(seed);
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// Writes `polls` documents, one per line. With a fault, `polls` is raised to
/// [`MIN_FAULT_POLLS`] when smaller, so the fault always has a before and an after.
///
/// # Errors
/// Only when writing fails.
pub fn write<W: Write>(mut out: W, polls: usize, fault: Fault, seed: u64) -> io::Result<()> {
    let polls = if fault == Fault::None {
        polls.max(1)
    } else {
        polls.max(MIN_FAULT_POLLS)
    };
    let id = operation_id(seed);
    let last = polls - 1;
    let half = polls / 2;
    // Unfinished and FinalChanged finish one poll early, so the last poll can contradict it.
    let finish_at = match fault {
        Fault::Unfinished | Fault::FinalChanged => last - 1,
        _ => last,
    };
    for k in 0..polls {
        let mut step = k.min(finish_at);
        // A single poll is already finished.
        let mut progress = (100 * step).checked_div(finish_at).unwrap_or(100);
        let mut kind = 1;
        let mut finished = k >= finish_at;
        let mut error = "";
        match fault {
            Fault::ProgressRegressed if k == half => progress = 100 * (k - 1) / finish_at / 2,
            Fault::ProcessedRegressed if k == half => step = 0,
            Fault::TypeChanged if k >= half => kind = 0,
            Fault::Unfinished if k == last => finished = false,
            Fault::FinalChanged if k == last => error = "The file was changed by another user",
            _ => {}
        }
        let listed = !(fault == Fault::Vanished && k >= half);
        let ops = if listed {
            format!(
                "{{\"id\":\"{id}\",\"Operation\":{kind},\"progress\":{progress},\"error\":\"{error}\",\
                 \"processed\":\"{step}\",\"finished\":{finished}}}"
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{{\"response\":[{ops}],\"count\":1,\"links\":[{{\"href\":\"https://docspace.example.com/api/2.0/files/fileops\",\"action\":\"GET\"}}],\"status\":0,\"statusCode\":200}}"
        )?;
    }
    out.flush()
}

/// The log in memory.
#[must_use]
pub fn generate(polls: usize, fault: Fault, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    write(&mut bytes, polls, fault, seed).expect("writing to memory cannot fail");
    bytes
}
