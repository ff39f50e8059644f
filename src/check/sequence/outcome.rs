//! What the sequence rules report: their findings, the documents those cite, and (with
//! `--timeline`) each operation's life from first to last poll.

use serde::Serialize;

use crate::check::sequence::facts::Kind as OpKind;
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
    pub fact: Fact,
}

impl Finding {
    /// The finding's message (what its fact says).
    #[must_use]
    pub fn message(&self) -> String {
        self.fact.to_string()
    }
}

/// What a sequence rule found, with the documents it cites: a finding's kind until its message
/// is written, once, where it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The operation type (`member`, as the text quotes it) changed from `was`, seen in `since`.
    TypeChanged {
        member: &'static str,
        now: OpKind,
        was: OpKind,
        since: DocRef,
    },
    /// `finished: false` after `finished_in` showed it finished.
    Unfinished { finished_in: DocRef },
    /// Progress `now` (not 100) above the `was` it finished with in `finished_in`.
    ProgressAfterFinish {
        now: i64,
        was: i64,
        finished_in: DocRef,
    },
    /// A finished operation's final `member` (`error`, `url`) changed from `before` (in
    /// `earlier`) to `now`.
    FinalChanged {
        member: &'static str,
        now: Option<Box<str>>,
        before: Option<Box<str>>,
        earlier: DocRef,
        finished_in: DocRef,
    },
    /// Progress `now` below the `was` of `since`.
    ProgressRegressed { now: i64, was: i64, since: DocRef },
    /// `processed` `now` below the `was` of `since`.
    ProcessedRegressed { now: i64, was: i64, since: DocRef },
    /// An unfinished operation no longer listed; `last_seen` showed it last, at `progress`, with
    /// `error` if it had one.
    Vanished {
        id: String,
        last_seen: DocRef,
        progress: Option<i64>,
        error: Option<Box<str>>,
    },
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fact::TypeChanged {
                member,
                now,
                was,
                since,
            } => write!(
                f,
                "{member}: the operation type is {now} here but was {was} in {since}; an \
                 operation's type never changes"
            ),
            Fact::Unfinished { finished_in } => write!(
                f,
                "finished: false, but {finished_in} already showed this operation finished; an \
                 operation never un-finishes"
            ),
            Fact::ProgressAfterFinish {
                now,
                was,
                finished_in,
            } => write!(
                f,
                "progress: {now}, but the operation finished in {finished_in} with progress \
                 {was} (after finishing, progress may only become 100)"
            ),
            Fact::FinalChanged {
                member,
                now,
                before,
                earlier,
                finished_in,
            } => write!(
                f,
                "{member}: {} here, but {earlier} had {}, and the operation is finished since \
                 {finished_in}; a finished operation keeps its final {member}",
                quote(now.as_deref()),
                quote(before.as_deref())
            ),
            Fact::ProgressRegressed { now, was, since } => write!(
                f,
                "progress: {now} is lower than {was} in {since}; progress never decreases"
            ),
            Fact::ProcessedRegressed { now, was, since } => write!(
                f,
                "processed: {now} is lower than {was} in {since}; the count of processed items \
                 never decreases"
            ),
            Fact::Vanished {
                id,
                last_seen,
                progress,
                error,
            } => {
                write!(
                    f,
                    "operation {id:?} is no longer listed, but {last_seen} showed it unfinished"
                )?;
                if let Some(progress) = progress {
                    write!(f, " at progress {progress}")?;
                }
                f.write_str(" and no response showed it finished")?;
                if let Some(e) = error {
                    write!(
                        f,
                        "; it had reported the error {e:?} (a failed download ends this way)"
                    )?;
                }
                Ok(())
            }
        }
    }
}

fn quote(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
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
