//! The live verdict: each poll is judged as it arrives, with the sequence rules' state carried
//! from poll to poll and every finding placed where it stands in the written file, so a poll
//! costs the same however long the session is, and the findings are those `validate` gives for
//! the file. A poll whose findings could depend on the polls around it (a broken NDJSON line,
//! a HAR entry dated before the one before it, a finding outside the entry) switches to
//! re-validating the whole capture after each poll, which is exact in every case.

use std::io::Cursor;
use std::path::Path;

use super::CaptureFormat;
use super::har_log::{HarLog, Written};
use crate::check::checker::Checker;
use crate::check::sequence::har::{Poll, judge};
use crate::check::sequence::{SequenceOptions, Tracker};
use crate::check::validate::{Continued, Options};
use crate::cli::progress::Counters;
use crate::input::har::{self, Entry};
use crate::json::frame::Recovery;
use crate::json::position::Position;
use crate::model::dates::rfc3339_ticks;
use crate::report::{Report, Violation};

const RULES: SequenceOptions = SequenceOptions {
    rules: true,
    timeline: false,
};

/// The findings of a capture so far, judged poll by poll.
pub struct Live {
    input: String,
    format: CaptureFormat,
    /// With the sequence rules (NDJSON lines, and the whole capture when not incremental).
    checker: Checker,
    /// Without them (a HAR entry's own checks; its sequence is followed by `tracker`).
    plain: Checker,
    /// NDJSON: the documents and lines before the next line, and the sequence state.
    continued: Continued,
    /// NDJSON: the bytes before the next line.
    offset: u64,
    /// HAR: the sequence state.
    tracker: Tracker,
    /// HAR: the order key (`startedDateTime`) of the last entry.
    last_started: Option<i128>,
    /// Whether polls are still judged one by one.
    incremental: bool,
    /// Every finding so far, in the order `validate` reports them.
    pub report: Report,
}

impl Live {
    /// A verdict for the capture at `path` in `format`.
    ///
    /// # Errors
    /// When the bundled schema does not load.
    pub fn new(path: &Path, format: CaptureFormat) -> Result<Self, String> {
        let input = path.display().to_string();
        Ok(Live {
            checker: Checker::new(Options::default(), None)
                .map_err(|e| crate::cli::run::message(&e))?
                .with_sequence(RULES),
            plain: Checker::new(Options::default(), None)
                .map_err(|e| crate::cli::run::message(&e))?,
            tracker: Tracker::new(&input, false),
            input,
            format,
            continued: Continued::default(),
            offset: 0,
            last_started: None,
            incremental: true,
            report: Report::default(),
        })
    }

    /// Whether every poll so far was judged alone.
    #[must_use]
    pub fn incremental(&self) -> bool {
        self.incremental
    }

    /// Judges an NDJSON line just appended to the file at `path` (`line` with its line break);
    /// the index of its first finding in [`Live::report`].
    ///
    /// # Errors
    /// When the file cannot be read back (after a switch to whole re-validation).
    pub fn ndjson(&mut self, path: &Path, line: &[u8]) -> Result<usize, String> {
        let shown = self.report.violations.len();
        if self.incremental {
            let first = self.continued.documents == 0;
            let part = self
                .checker
                .validate_continued(
                    &self.input,
                    line,
                    Recovery::NextLine,
                    &Counters::default(),
                    &mut self.continued,
                )
                .map_err(|e| format!("{}: {e}", self.input))?;
            // One whole document on the line: nothing in it depends on the lines around it.
            let alone = part.summary.documents == 1
                && part
                    .violations
                    .iter()
                    .all(|v| v.rule != "syntax" && (first || v.rule != "byte-order-mark"));
            if alone {
                for mut v in part.violations {
                    v.document += self.continued.documents;
                    v.line += self.continued.lines;
                    v.offset += self.offset;
                    self.report.push(v);
                }
                self.continued.documents += 1;
                self.continued.lines += 1;
                self.offset += line.len() as u64;
                return Ok(shown);
            }
            self.incremental = false;
        }
        self.rejudge(path, shown)
    }

    /// Judges the HAR entry `written` just added to `log` (the file at `path`); the index of its
    /// first finding in [`Live::report`].
    ///
    /// # Errors
    /// When the entry or (after a switch to whole re-validation) the file cannot be read.
    pub fn har(&mut self, path: &Path, log: &HarLog, written: &Written) -> Result<usize, String> {
        let shown = self.report.violations.len();
        if self.incremental {
            let (alone, start) = log.alone(&written.text);
            let lines = written.at.line - start.line;
            let bytes = written.at.offset - start.offset;
            let shift = |at: Position| Position {
                offset: at.offset + bytes,
                line: at.line + lines,
                column: at.column,
            };
            let open = || -> std::io::Result<Box<dyn std::io::Read + Send>> {
                Ok(Box::new(Cursor::new(alone.clone())))
            };
            let part = self
                .plain
                .validate_opened(
                    &self.input,
                    &open,
                    true,
                    Recovery::NextLine,
                    &Counters::default(),
                )
                .map_err(|e| format!("{}: {e}", self.input))?;
            let end = start.offset + written.text.len() as u64;
            let inside = part
                .violations
                .iter()
                .all(|v| v.document == 0 && (start.offset..end).contains(&v.offset));
            let mut poll = None;
            let _ = har::walk(&alone[..], |_, entry| {
                if let Entry::Fileops {
                    response,
                    at,
                    started,
                } = entry
                {
                    poll = Some(Poll {
                        index: written.index,
                        started: started.as_deref().and_then(rfc3339_ticks),
                        response,
                        at: shift(at),
                    });
                }
            });
            // `validate` orders the entries by startedDateTime, file order breaking ties and
            // standing in for a missing date: an entry dated earlier than the one before it
            // moves back.
            let key = poll.as_ref().and_then(|p| p.started).or(self.last_started);
            if let Some(poll) = poll.filter(|_| inside && key >= self.last_started) {
                let mut found: Vec<Violation> = part
                    .violations
                    .into_iter()
                    .map(|mut v| {
                        let at = shift(v.position());
                        v.document = written.index;
                        v.offset = at.offset;
                        v.line = at.line;
                        v
                    })
                    .collect();
                let mut sequence = Report::default();
                judge(&mut sequence, &mut self.tracker, &self.input, &poll, RULES);
                found.extend(sequence.violations);
                // As `validate` puts the sequence findings among the others.
                found.sort_by_key(|v| (v.document, v.offset));
                for v in found {
                    self.report.push(v);
                }
                self.last_started = key;
                return Ok(shown);
            }
            self.incremental = false;
        }
        self.rejudge(path, shown)
    }

    /// Validates the capture as it stands, exactly as `validate FILE` would.
    fn rejudge(&mut self, path: &Path, shown: usize) -> Result<usize, String> {
        let open = || -> std::io::Result<Box<dyn std::io::Read + Send>> {
            Ok(Box::new(std::fs::File::open(path)?))
        };
        self.report = self
            .checker
            .validate_opened(
                &self.input,
                &open,
                self.format == CaptureFormat::Har,
                Recovery::NextLine,
                &Counters::default(),
            )
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(shown.min(self.report.violations.len()))
    }
}
