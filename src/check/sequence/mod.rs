//! Sequence rules over polling logs: the documents of one input, in order, checked against each
//! other per operation `id` (progress never decreases, `finished` never reverts, ...), and the
//! timeline of each operation's life. See `docs/polling.md` for what each rule rests on.

pub mod facts;
pub mod har;
pub mod outcome;
pub mod polls;
pub mod timeline;
pub mod tracker;

pub use facts::OpFacts;
pub use tracker::{DocRef, Ending, Fact, Life, Tracker};

/// Whether sequence rules run, and whether the timeline is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SequenceOptions {
    /// Run the sequence rules.
    pub rules: bool,
    /// Keep each operation's life for the report (`--timeline`).
    pub timeline: bool,
}

impl SequenceOptions {
    /// Whether anything needs the documents followed at all.
    #[must_use]
    pub fn active(self) -> bool {
        self.rules || self.timeline
    }
}
