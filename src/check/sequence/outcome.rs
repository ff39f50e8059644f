//! What the sequence rules report: their findings, the documents those cite, and (with
//! `--timeline`) each operation's life from first to last poll.

use serde::Serialize;

use crate::report::{Rule, Severity};

/// A document of the input, as findings and the timeline name it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DocRef {
    /// Index of the document (NDJSON line order; the entry index in a HAR).
    pub document: usize,
    /// Its first line in the input as stored.
    pub line: u64,
}

impl std::fmt::Display for DocRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "document {} (line {})", self.document, self.line)
    }
}

/// Where a finding points in the later document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A member of the operation (`progress`, `finished`, ...).
    Member(&'static str),
    /// The document that no longer lists an operation.
    Document,
}

/// One sequence finding, before it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub target: Target,
    pub message: String,
}

/// How an operation's life ended, as far as the input shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// Finished without an error.
    Finished,
    /// Finished with an error message.
    FinishedWithError,
    /// No longer listed before any response showed it finished.
    Vanished,
    /// Still unfinished in the last document.
    Running,
}

impl Ending {
    /// The words the human report uses.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Ending::Finished => "finished",
            Ending::FinishedWithError => "finished with an error",
            Ending::Vanished => "vanished unfinished",
            Ending::Running => "still running at the end",
        }
    }
}

/// Progress at one document, recorded when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub document: usize,
    pub progress: i64,
}

/// Most progress samples kept per operation: progress that only rises has at most 101 values.
pub const MAX_SAMPLES: usize = 101;

/// One operation's life, for `--timeline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Life {
    pub input: String,
    pub id: String,
    /// The operation type as sent (`1`, `"Copy"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    pub first_seen: DocRef,
    pub last_seen: DocRef,
    /// Progress each time it changed (at most [`MAX_SAMPLES`]).
    pub progress: Vec<Sample>,
    pub ended: Ending,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
