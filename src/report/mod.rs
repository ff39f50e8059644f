//! Violations and the report that collects them. Violations are data, never `Err`.

pub mod baseline;
pub mod finding;
mod pointer;
pub mod render;
pub mod rule;
pub mod shard;
pub mod snippet;
pub use pointer::Pointer;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::json::position::Position;
pub use finding::{Finding, Found, Hint, Kind, Tail};
pub use rule::Rule;

/// Which check found a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// The bytes are not well-formed JSON (or not framed as a fileops payload at all).
    Syntax,
    /// The bundled JSON Schema (or the one given with `--schema`).
    Schema,
    /// Deserializing into the Rust types.
    Types,
    /// What the schema cannot say: consistency across members and operations.
    Rules,
    /// How operations evolve across the documents of one input (polling logs).
    Sequence,
}

impl Layer {
    /// The lowercase name used in reports.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Layer::Syntax => "syntax",
            Layer::Schema => "schema",
            Layer::Types => "types",
            Layer::Rules => "rules",
            Layer::Sequence => "sequence",
        }
    }
}

/// The layers that found one violation: a set in one byte, where a `Vec<Layer>` for each of a
/// value's findings (a million, in a hostile capture) cost an allocation each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayerSet(u8);

impl LayerSet {
    /// The set of `layer` alone.
    #[must_use]
    pub fn of(layer: Layer) -> Self {
        LayerSet(1 << layer as u8)
    }

    /// Both sets.
    #[must_use]
    pub fn union(self, other: LayerSet) -> Self {
        LayerSet(self.0 | other.0)
    }

    /// The layers, in [`Layer`]'s order (as reports list them).
    #[must_use]
    pub fn to_vec(self) -> Vec<Layer> {
        [
            Layer::Syntax,
            Layer::Schema,
            Layer::Types,
            Layer::Rules,
            Layer::Sequence,
        ]
        .into_iter()
        .filter(|&l| self.0 & LayerSet::of(l).0 != 0)
        .collect()
    }
}

/// How bad a violation is. Only errors fail a run (unless warnings are denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, but fails a run only with `deny_warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The input as named on the command line (or `-` for standard input).
    pub input: String,
    /// Index of the document within the input (NDJSON line order; 0 for a plain file).
    pub document: usize,
    /// RFC 6901 JSON Pointer into the document, at the deepest wrong member.
    pub pointer: String,
    /// 1-based line of the offending value (or member name) in the input as stored.
    pub line: u64,
    /// 1-based column in characters.
    pub column: u64,
    /// Byte offset in the input.
    pub offset: u64,
    /// The rule broken; serializes as its id (`type`, `enum`, `required`, `syntax`, ...).
    pub rule: Rule,
    /// The checks that found it.
    pub layers: Vec<Layer>,
    /// Whether it fails the run.
    pub severity: Severity,
    /// What is wrong, in words a person understands without the schema.
    pub message: String,
    /// The source line, for the human format (not part of the JSON report).
    #[serde(skip)]
    pub snippet: Option<crate::report::snippet::Snippet>,
}

impl Violation {
    /// Where it is.
    #[must_use]
    pub fn position(&self) -> Position {
        Position {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }
}

/// Counts over everything validated.
///
/// The counts after `warnings` are additions to the CLI contract; they appear in the JSON report
/// only when non-zero, and all of them add up across shards like the first five.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs validated.
    pub inputs: usize,
    /// JSON documents found in them (NDJSON lines, HAR entries' bodies, ...).
    pub documents: usize,
    /// Operations in those documents.
    pub operations: usize,
    /// Error-level violations.
    pub errors: usize,
    /// Warning-level violations.
    pub warnings: usize,
    /// Non-2xx fileops responses in HAR captures, checked against the DocSpace error envelope
    /// (their own documents, not counted in `documents`).
    #[serde(skip_serializing_if = "is_zero")]
    pub error_responses: usize,
    /// HAR entries that are not a `GET .../api/2.0/files/fileops` and were skipped.
    #[serde(skip_serializing_if = "is_zero")]
    pub ignored_entries: usize,
    /// Violations matched by `--baseline` and so not counted in `errors` / `warnings`.
    #[serde(skip_serializing_if = "is_zero")]
    pub baselined: usize,
    /// Violations counted in `errors` / `warnings` but left out of the report by
    /// `--max-violations`.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_shown: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One input and the documents it held, for formats that list every document (JUnit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputRecord {
    /// The input as named in violations.
    pub name: String,
    /// Indexes of the documents checked, as ascending runs (`0..n` for a plain input; the HAR
    /// entries that were fileops responses for a HAR).
    pub documents: Vec<std::ops::Range<usize>>,
}

impl InputRecord {
    /// A record of documents `0..n`.
    #[must_use]
    pub fn counted(name: &str, n: usize) -> Self {
        InputRecord {
            name: name.to_owned(),
            documents: std::iter::once(0..n).filter(|r| !r.is_empty()).collect(),
        }
    }

    /// Adds document `index` (indexes must come in ascending order).
    pub fn push(&mut self, index: usize) {
        match self.documents.last_mut() {
            Some(run) if run.end == index => run.end += 1,
            _ => self.documents.push(index..index + 1),
        }
    }

    /// Every document index, ascending.
    pub fn indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.documents.iter().flat_map(Clone::clone)
    }
}

/// An input that could not be read (or not wholly): it has no verdict, and the run fails with
/// exit status 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The input as named on the command line.
    pub input: String,
    /// Why it could not be read.
    pub message: String,
}

/// What a run concludes: the first word of every summary, and the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing failed: exit 0.
    Ok,
    /// An error-level violation (or a warning, when warnings are denied): exit 1.
    Failed,
    /// An input could not be read: exit 2, whatever the violations say.
    Error,
}

impl Verdict {
    /// The word the summaries start with.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Failed => "FAILED",
            Verdict::Error => "ERROR",
        }
    }

    /// The exit status it stands for.
    #[must_use]
    pub fn status(self) -> u8 {
        match self {
            Verdict::Ok => 0,
            Verdict::Failed => 1,
            Verdict::Error => 2,
        }
    }
}

/// The outcome of validating one or more inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The counts.
    pub summary: Summary,
    /// In input order, then document order, then position.
    pub violations: Vec<Violation>,
    /// Member names the schema does not know, by pointer pattern (`/response/*/files/*/mute`),
    /// with how often they were seen: new server fields show up here without failing a run.
    pub unknown_members: BTreeMap<String, u64>,
    /// The inputs validated, in order, with their documents (one record per input).
    pub inputs: Vec<InputRecord>,
    /// The `--schema` file in force, when it replaced the bundled schema (the types and rules
    /// layers are then off).
    pub custom_schema: Option<String>,
    /// Sentences about the run as a whole for the reader (baseline matches, skipped layers...).
    pub notes: Vec<String>,
    /// Inputs that could not be read, in input order.
    pub errors: Vec<InputError>,
    /// Whether warnings fail the run (`--deny-warnings`), so that every summary's verdict is
    /// the exit status.
    pub deny_warnings: bool,
    /// Whether violations pass the run (`--write-baseline` records them instead).
    pub accept_violations: bool,
    /// Per input and document, the error-level violations `--max-violations` left out
    /// (documents with none are not listed), so that formats listing documents (JUnit) still
    /// fail each document whose errors were not shown.
    pub hidden_errors: Vec<HiddenErrors>,
    /// Keep at most this many violations as they are pushed (the rest only counted, as
    /// [`Report::cap_per_input`] counts them), so that memory stays bounded however many
    /// violations one input holds. Set on a report of one input; `None` keeps all.
    pub keep_at_most: Option<usize>,
    /// Violations are pushed without the source line they point into: no output asked for is
    /// one that shows it (only the human and HTML formats do). Making one for each of 200,000
    /// violations in one capture took a fifth of that run's time (2.31 s against 1.87 s).
    pub without_snippets: bool,
    /// Each operation's life across the documents of its input (`--timeline`), in input order.
    pub timeline: Vec<crate::check::sequence::Life>,
    /// Without `--server-version`: the server releases that send everything the operations
    /// hold (None when no operation was checked by the bundled schema).
    pub releases: Option<crate::check::rules::release::Evidence>,
    /// Violations taken back ([`Report::retract`]) but still in `violations` until
    /// [`Report::settle`]: empty in every finished report.
    #[doc(hidden)]
    pub withdrawn: Withdrawn,
}

/// Ranges of `Report::violations` taken back and not yet removed, and how many violations they
/// hold. Removing each range as it is taken back moved every violation after it, each time: an
/// envelope that repeats 80,000 members under `--strict` took 70 s in those moves alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Withdrawn {
    ranges: Vec<std::ops::Range<usize>>,
    count: usize,
}

impl Report {
    /// Adds a violation, keeping the summary's counts.
    pub fn push(&mut self, violation: Violation) {
        match violation.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        if self.full() {
            self.summary.not_shown += 1;
            if violation.severity == Severity::Error {
                match self.hidden_errors.last_mut() {
                    Some(h) if h.input == violation.input && h.document == violation.document => {
                        h.count += 1;
                    }
                    _ => self.hidden_errors.push(HiddenErrors {
                        input: violation.input,
                        document: violation.document,
                        count: 1,
                    }),
                }
            }
            return;
        }
        self.violations.push(violation);
    }

    /// Adds a violation with the source line it points into, made by `snippet` only if the
    /// report keeps both (see [`Report::without_snippets`], [`Report::keep_at_most`]).
    pub fn push_with_snippet(
        &mut self,
        snippet: impl FnOnce() -> crate::report::snippet::Snippet,
        mut violation: Violation,
    ) {
        if !self.without_snippets && !self.full() {
            violation.snippet = Some(snippet());
        }
        self.push(violation);
    }

    /// Whether the next violation pushed is only counted (`keep_at_most` reached).
    fn full(&self) -> bool {
        self.keep_at_most
            .is_some_and(|max| self.violations.len() - self.withdrawn.count >= max)
    }

    /// Takes back the violations in `range` and the unknown member patterns `unknown` (given
    /// as counted, without the pointer prefix of a top-level member), keeping the counts: what
    /// the checks said of a member whose name the document repeats later.
    ///
    /// The violations stay where they are (so every index into `violations` stays valid, and
    /// no later violation moves) until [`Report::settle`] removes all taken back at once; until
    /// then they do not count against `keep_at_most`.
    pub fn retract(&mut self, range: std::ops::Range<usize>, unknown: &[String]) {
        for v in &self.violations[range.clone()] {
            match v.severity {
                Severity::Error => self.summary.errors -= 1,
                Severity::Warning => self.summary.warnings -= 1,
            }
        }
        for pattern in unknown {
            if let Some(n) = self.unknown_members.get_mut(pattern) {
                *n -= 1;
                if *n == 0 {
                    self.unknown_members.remove(pattern);
                }
            }
        }
        self.withdrawn.count += range.len();
        if !range.is_empty() {
            self.withdrawn.ranges.push(range);
        }
    }

    /// Removes the violations taken back since the last call, in one pass, keeping the order of
    /// the others.
    pub fn settle(&mut self) {
        let Withdrawn { mut ranges, count } = std::mem::take(&mut self.withdrawn);
        if count == 0 {
            return;
        }
        ranges.sort_unstable_by_key(|r| r.start);
        let mut next = ranges.iter().peekable();
        let mut i = 0;
        self.violations.retain(|_| {
            while next.peek().is_some_and(|r| r.end <= i) {
                next.next();
            }
            let keep = !next.peek().is_some_and(|r| r.contains(&i));
            i += 1;
            keep
        });
    }

    /// Appends another report (of later inputs).
    pub fn merge(&mut self, other: Report) {
        let s = &mut self.summary;
        s.inputs += other.summary.inputs;
        s.documents += other.summary.documents;
        s.operations += other.summary.operations;
        s.errors += other.summary.errors;
        s.warnings += other.summary.warnings;
        s.error_responses += other.summary.error_responses;
        s.ignored_entries += other.summary.ignored_entries;
        s.baselined += other.summary.baselined;
        s.not_shown += other.summary.not_shown;
        self.violations.extend(other.violations);
        self.hidden_errors.extend(other.hidden_errors);
        self.errors.extend(other.errors);
        for (k, n) in other.unknown_members {
            *self.unknown_members.entry(k).or_default() += n;
        }
        self.inputs.extend(other.inputs);
        self.timeline.extend(other.timeline);
        if self.custom_schema.is_none() {
            self.custom_schema = other.custom_schema;
        }
        match (&mut self.releases, other.releases) {
            (Some(seen), Some(more)) => seen.merge(&more),
            (seen @ None, more) => *seen = more,
            _ => {}
        }
        for note in other.notes {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
    }

    /// True when no violation counts as a failure.
    #[must_use]
    pub fn passed(&self, deny_warnings: bool) -> bool {
        self.summary.errors == 0 && (!deny_warnings || self.summary.warnings == 0)
    }

    /// What the run concludes, from the unreadable inputs, the counts and the run's settings
    /// ([`Report::deny_warnings`], [`Report::accept_violations`]).
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        if !self.errors.is_empty() {
            Verdict::Error
        } else if self.accept_violations || self.passed(self.deny_warnings) {
            Verdict::Ok
        } else {
            Verdict::Failed
        }
    }

    /// Keeps at most `max` violations of each input (the first ones, in report order); the
    /// others stay counted in `errors` / `warnings` and are counted in `not_shown`.
    pub fn cap_per_input(&mut self, max: usize) {
        let mut shown: std::collections::HashMap<String, usize> = Default::default();
        let mut dropped = 0;
        let mut hidden: Vec<HiddenErrors> = Vec::new();
        self.violations.retain(|v| {
            // Violations come grouped by input, so this clones one name per input.
            let n = match shown.get_mut(&v.input) {
                Some(n) => n,
                None => shown.entry(v.input.clone()).or_default(),
            };
            *n += 1;
            let keep = *n <= max;
            if !keep {
                dropped += 1;
                if v.severity == Severity::Error {
                    match hidden.last_mut() {
                        Some(h) if h.input == v.input && h.document == v.document => h.count += 1,
                        _ => hidden.push(HiddenErrors {
                            input: v.input.clone(),
                            document: v.document,
                            count: 1,
                        }),
                    }
                }
            }
            keep
        });
        self.summary.not_shown += dropped;
        self.hidden_errors.extend(hidden);
    }
}

/// Error-level violations of one document that `--max-violations` left out of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenErrors {
    /// The input as named in violations.
    pub input: String,
    /// The document within the input.
    pub document: usize,
    /// How many errors were left out.
    pub count: usize,
}

#[cfg(test)]
mod tests;
