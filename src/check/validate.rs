//! The validation pipeline: framed documents in, located violations out.
//!
//! ```text
//! reader -> Framer -> (member | operation | value) bytes -> simd-json tape
//!        -> schema layer | types layer (+ rules) -> findings -> located Violations -> Report
//! ```
//!
//! Each operation is checked on its own ([`crate::check::value`]), in a reused buffer;
//! cross-operation rules (duplicate ids, `count`) keep only what they need (a hash per id) until
//! the document ends. Here: the [`Validator`] and how it drives the framer; `batch` collects
//! framed events, `emitter` checks them and keeps the order, `violations` locates findings.

use std::io::Read;

use crate::check::sequence::har::BodyFacts;
use crate::check::sequence::{DocRef, SequenceOptions, Tracker};
use crate::check::value::{Checked, Role, Scratch, ValueChecker};
use crate::counters::Counters;
use crate::json::frame::{DocumentKind, Framer, Recovery};
use crate::report::{Layer, Report};

use batch::Batch;
use emitter::{Emitter, Kept};

pub use crate::check::options::{Layers, Options};

/// A validator: the schema compiled once, reusable for any number of inputs and threads.
///
/// ```
/// use fileops_validator::{Options, Validator};
///
/// let validator = Validator::new(Options::default()).unwrap();
/// let report = validator.validate_bytes("capture.json", br#"{"response": [
///     {"id": "a", "Operation": 1, "progress": "50", "finished": false}], "count": 1}"#);
/// assert_eq!(report.summary.errors, 1);
/// let v = &report.violations[0];
/// assert_eq!((v.pointer.as_str(), v.line, v.column), ("/response/0/progress", 2, 45));
/// assert_eq!(v.message, "progress: expected an int32 integer, found the string \"50\"");
/// ```
#[derive(Debug)]
pub struct Validator {
    /// What checks each framed value (options and the compiled schema).
    pub(crate) checker: ValueChecker,
    /// The most bytes one framed value may hold (`--max-document-size`).
    pub(crate) max_document_size: usize,
    /// Sequence rules and timeline over the documents of each input (off unless asked for).
    pub(crate) sequence: SequenceOptions,
    /// Violations kept per input report (the rest counted): see [`Validator::with_max_violations`].
    pub(crate) max_violations: Option<usize>,
    /// Whether violations carry the source line they point into: see
    /// [`Validator::without_snippets`].
    pub(crate) snippets: bool,
}

impl Validator {
    /// Compiles the bundled schema for `options.profile`.
    ///
    /// # Errors
    /// When the schema does not compile.
    pub fn new(options: Options) -> Result<Self, crate::Error> {
        Ok(Validator {
            checker: ValueChecker::new(options).map_err(crate::Error::BundledSchema)?,
            max_document_size: crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE,
            sequence: SequenceOptions::default(),
            max_violations: None,
            snippets: true,
        })
    }

    /// The same validator, failing an input (an I/O error of kind `InvalidData`) when one of
    /// its values needs more than `limit` bytes.
    #[must_use]
    pub fn with_max_document_size(mut self, limit: usize) -> Self {
        self.max_document_size = limit;
        self
    }

    /// The limit on one value's size in force.
    #[must_use]
    pub fn max_document_size(&self) -> usize {
        self.max_document_size
    }

    /// This validator keeping at most `max` violations of each input (the first ones; the rest
    /// are counted in the summary's `not_shown` and `errors`/`warnings`), so that memory stays
    /// bounded however many violations an input holds. `None` keeps all.
    #[must_use]
    pub fn with_max_violations(mut self, max: Option<usize>) -> Self {
        self.max_violations = max;
        self
    }

    /// This validator leaving out of its reports the source line each violation points into
    /// ([`crate::Violation::snippet`]), which only the human and HTML formats show: a run
    /// rendered in any other format need not make one per violation.
    #[must_use]
    pub fn without_snippets(mut self) -> Self {
        self.snippets = false;
        self
    }

    /// This validator with the sequence rules and/or the timeline over each input's documents
    /// (polling logs), as `sequence` says.
    #[must_use]
    pub fn with_sequence(mut self, sequence: SequenceOptions) -> Self {
        self.sequence = sequence;
        self.checker.follow = sequence.active();
        self
    }

    /// This validator without the compiled fast path: every operation gets the full layered
    /// check (for tests that hold the two to the same report).
    #[doc(hidden)]
    #[must_use]
    pub fn without_fast_path(mut self) -> Self {
        self.checker.fast = None;
        self
    }

    /// The options in force.
    #[must_use]
    pub fn options(&self) -> &Options {
        &self.checker.options
    }

    /// Runs every enabled check on one framed value (see `ValueChecker::check`).
    pub fn check(&self, scratch: &mut Scratch, bytes: &[u8], role: Role<'_>) -> Checked {
        self.checker.check(scratch, bytes, role)
    }

    /// As [`Validator::check`], for a value `padded[..len]` followed by simd-json's padding
    /// (see `ValueChecker::check_padded`): parsed where it lies when it can be.
    pub fn check_padded(
        &self,
        scratch: &mut Scratch,
        padded: &mut [u8],
        len: usize,
        role: Role<'_>,
    ) -> Checked {
        self.checker.check_padded(scratch, padded, len, role)
    }

    /// The schema document in force.
    #[must_use]
    pub fn schema(&self) -> &serde_json::Value {
        self.checker.schema.schema()
    }

    /// Validates a complete input held in memory.
    #[must_use]
    pub fn validate_bytes(&self, input: &str, bytes: &[u8]) -> Report {
        self.validate_reader(input, bytes, Recovery::Stop)
            .expect("reading from memory cannot fail")
    }

    /// Validates everything `reader` yields, as one input named `input`.
    ///
    /// # Errors
    /// Only when reading fails; every problem with the content is a violation in the report.
    pub fn validate_reader<R: Read>(
        &self,
        input: &str,
        reader: R,
        recovery: Recovery,
    ) -> std::io::Result<Report> {
        self.validate_observed(input, reader, recovery, &Counters::default())
    }

    /// [`Validator::validate_reader`], counting bytes and operations into `counters` as it goes
    /// (for a progress display).
    ///
    /// Operations are framed into batches of owned bytes, each batch is checked in parallel on
    /// the rayon pool, then its violations are emitted in input order. Called from outside the
    /// pool, framing the next batch overlaps checking the last one; on a pool thread (inputs
    /// validated in parallel) each batch is checked before the next is framed, so that no pool
    /// thread ever waits for work only the pool can do.
    ///
    /// # Errors
    /// Only when reading fails; every problem with the content is a violation in the report.
    pub fn validate_observed<R: Read>(
        &self,
        input: &str,
        reader: R,
        recovery: Recovery,
        counters: &Counters,
    ) -> std::io::Result<Report> {
        let (emitter, documents) =
            self.drive(reader, recovery, counters, Emitter::new(self, input))?;
        Ok(emitter.finish(documents))
    }

    /// [`Validator::validate_observed`] of one HAR body, with its operations' sequence facts
    /// for the sequence rules followed across the HAR, when the body is one complete document,
    /// with no syntax finding, that lists operations (see [`BodyFacts`]).
    pub(crate) fn validate_body(
        &self,
        input: &str,
        body: &[u8],
        counters: &Counters,
    ) -> (Report, Option<BodyFacts>) {
        let mut emitter = Emitter::new(self, input);
        emitter.kept = emitter.tracker.is_some().then(Kept::default);
        let (mut emitter, documents) = self
            .drive(body, Recovery::Stop, counters, emitter)
            .expect("reading from memory cannot fail");
        let kept = emitter.kept.take();
        let report = emitter.finish(documents);
        let facts = kept.and_then(|kept| {
            // A syntax finding (a repeated name, a byte order mark...) or one left unshown could
            // make the body's own parse differ from its operations': it is parsed again then.
            let clean = report.summary.not_shown == 0
                && !report
                    .violations
                    .iter()
                    .any(|v| v.layers.contains(&Layer::Syntax));
            let in_response = match kept.documents[..] {
                [(Some(DocumentKind::List), _, true)] => false,
                [(Some(DocumentKind::Object), true, true)] => true,
                _ => return None,
            };
            clean.then_some(BodyFacts {
                in_response,
                ops: kept.ops,
            })
        });
        (report, facts)
    }

    /// Validates what follows a part of an input already validated: `reader` holds the
    /// documents after the first `continued.documents` documents, which took
    /// `continued.lines` lines, and the sequence rules go on from `continued.tracker`. Positions
    /// in the report are relative to `reader` (the caller shifts them); the documents the
    /// sequence findings cite are the input's. `record` judges each poll this way.
    ///
    /// # Errors
    /// When reading fails.
    pub fn validate_continued<R: Read>(
        &self,
        input: &str,
        reader: R,
        recovery: Recovery,
        counters: &Counters,
        continued: &mut Continued,
    ) -> std::io::Result<Report> {
        let mut emitter = Emitter::new(self, input);
        if let Some(t) = continued.tracker.take() {
            emitter.tracker = Some(t);
        }
        emitter.base = DocRef {
            document: continued.documents,
            line: continued.lines,
        };
        let (mut emitter, documents) = self.drive(reader, recovery, counters, emitter)?;
        continued.tracker = emitter.tracker.take();
        Ok(emitter.finish(documents))
    }

    /// Frames `reader` and feeds every batch to `emitter`; the emitter and the document count.
    fn drive<'e, R: Read>(
        &self,
        reader: R,
        recovery: Recovery,
        counters: &Counters,
        mut emitter: Emitter<'e>,
    ) -> std::io::Result<(Emitter<'e>, usize)> {
        let mut framer = Framer::new(reader, recovery).with_limit(self.max_document_size);
        let mut batch = Batch::default();
        let mut more = batch.fill(&mut framer, counters)?;
        if !more || rayon::current_thread_index().is_some() {
            loop {
                emitter.batch(&mut batch);
                if !more {
                    return Ok((emitter, framer.documents()));
                }
                batch.clear();
                more = batch.fill(&mut framer, counters)?;
            }
        }
        std::thread::scope(|scope| {
            // Three batches at most: one being filled here, one queued, one being checked;
            // emptied batches come back to be filled again.
            let (full, queued) = std::sync::mpsc::sync_channel::<Batch>(1);
            let (empty, recycled) = std::sync::mpsc::channel::<Batch>();
            let checker = scope.spawn(move || {
                for mut batch in queued {
                    emitter.batch(&mut batch);
                    batch.clear();
                    let _ = empty.send(batch);
                }
                emitter
            });
            let mut outcome = Ok(());
            // The send fails only when the checker has panicked; its join says so below.
            while full.send(batch).is_ok() && more {
                batch = recycled.try_recv().unwrap_or_default();
                match batch.fill(&mut framer, counters) {
                    Ok(m) => more = m,
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            drop(full);
            let emitter = checker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            outcome.map(|()| (emitter, framer.documents()))
        })
    }
}

/// Where a continued validation takes up an input (see [`Validator::validate_continued`]).
#[derive(Debug, Default)]
pub struct Continued {
    /// The sequence rules' state after the part already validated.
    pub tracker: Option<Tracker>,
    /// Documents in that part.
    pub documents: usize,
    /// Lines in that part.
    pub lines: u64,
}

mod batch;
mod emitter;
mod violations;
