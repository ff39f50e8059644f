//! The validation pipeline: framed documents in, located violations out.
//!
//! ```text
//! reader -> Framer -> (member | operation | value) bytes -> simd-json tape
//!        -> schema layer | types layer (+ rules) -> findings -> located Violations -> Report
//! ```
//!
//! Each operation is checked on its own ([`crate::check::value`]), in a reused buffer; cross-operation rules (duplicate
//! ids, `count`) keep only what they need (a hash per id) until the document ends.

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::ops::Range;

use rayon::prelude::*;

use crate::check::rules::document;
use crate::check::sequence::{DocRef, SequenceOptions, Tracker, tracker};
use crate::check::value::{Checked, Role, Scratch, ValueChecker};
use crate::counters::Counters;
use crate::json::frame::{DocumentKind, Event, Framer, Recovery};
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::model::Profile;
use crate::report::snippet::Snippet;
use crate::report::{Finding, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity};

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
                emitter.batch(&batch);
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
                    emitter.batch(&batch);
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

    /// Records a top-level member name; a repeated one is a violation.
    fn note_member(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        doc: &mut DocState,
        name: &str,
        name_at: Position,
    ) {
        if name == "response" {
            doc.response = true;
        }
        if let Some(finding) = document::duplicate_member(&doc.members, name) {
            report.push(finding.into_violation(
                input,
                document,
                name_at,
                vec![Layer::Syntax],
                Severity::Error,
            ));
        }
        doc.members.push(name.to_owned());
    }

    /// Document-level checks once a document's members and operations have all been seen.
    fn end_document(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        operations: usize,
        doc: &DocState,
    ) {
        if doc.kind == Some(DocumentKind::Object) && !doc.response {
            let layers = self.checker.options.layers.checking();
            if !layers.is_empty() {
                let finding = document::not_a_response(&doc.members, doc.error_message.as_deref());
                report.push(finding.into_violation(
                    input,
                    document,
                    doc.at,
                    layers,
                    Severity::Error,
                ));
            }
        }
        if let Some((count, at)) = doc.count
            && self.checker.options.layers.types
            && doc.response
            && let Some(finding) = document::count_mismatch(count, operations)
        {
            report.push(finding.into_violation(
                input,
                document,
                at,
                vec![Layer::Rules],
                Severity::Warning,
            ));
        }
        // The framer reads a bare list straight into operations, so the schema's `document`
        // definition (narrowed to the envelope by --profile wire) never sees it: say it here.
        if doc.kind == Some(DocumentKind::List)
            && self.checker.options.profile == Profile::Wire
            && (self.checker.options.layers.schema || self.checker.options.layers.types)
        {
            let layers = self.checker.options.layers.checking();
            report.push(document::bare_list().into_violation(
                input,
                document,
                doc.at,
                layers,
                Severity::Error,
            ));
        }
    }

    /// Turns one value's findings into violations under `prefix`.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        prefix: &Pointer,
        bytes: &[u8],
        at: Position,
        checked: Checked,
    ) {
        // Findings are sorted by offset, so positions advance monotonically.
        let mut pos = at;
        let mut consumed = 0;
        for (layers, severity, finding, offset) in checked.findings {
            let offset = offset.min(bytes.len());
            if offset >= consumed {
                pos = pos.advanced_by(&bytes[consumed..offset]);
                consumed = offset;
            }
            let mut finding = finding;
            finding.pointer = prefix.join(finding.pointer.as_str());
            report.push_with_snippet(
                Snippet::around(bytes, offset),
                finding.into_violation(input, document, pos, layers, severity),
            );
        }
        if let Some(evidence) = checked.releases {
            match &mut report.releases {
                Some(seen) => seen.merge(&evidence),
                None => report.releases = Some(evidence),
            }
        }
        for pattern in checked.unknown {
            *report
                .unknown_members
                .entry(format!("{}{pattern}", prefix.pattern()))
                .or_default() += 1;
        }
    }
}

/// Bytes of operations (and other values) a batch collects before it is checked: enough for
/// every worker to get many operations, small enough that memory stays flat.
const BATCH_BYTES: usize = 1 << 20;

/// Most items in a batch (small operations, or many tiny documents).
const BATCH_ITEMS: usize = 8192;

/// Fewest bytes a batch holds for its items to be checked on the rayon pool: below that (one
/// small document, a HAR body, a poll) handing the items to other threads and waiting for
/// them costs more than checking them here. The report is the same either way.
const PARALLEL_BYTES: usize = 64 * 1024;

/// Framed events with owned bytes, checked together.
#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    /// The bytes of every value in `items`, back to back.
    bytes: Vec<u8>,
}

/// A framing event whose bytes live in the batch (`range`).
enum Item {
    ByteOrderMark,
    DocumentStart {
        document: usize,
        kind: DocumentKind,
        at: Position,
    },
    Member {
        document: usize,
        name: String,
        name_at: Position,
        range: Range<usize>,
        at: Position,
    },
    ResponseStart {
        document: usize,
        name_at: Position,
    },
    Operation {
        document: usize,
        index: usize,
        range: Range<usize>,
        at: Position,
    },
    Value {
        document: usize,
        range: Range<usize>,
        at: Position,
    },
    Syntax {
        document: usize,
        message: String,
        at: Position,
        snippet: Snippet,
    },
    DocumentEnd {
        document: usize,
        operations: usize,
        complete: bool,
    },
}

impl Batch {
    /// Frames events into the batch until it is full. Returns false at the end of the input.
    fn fill<R: Read>(
        &mut self,
        framer: &mut Framer<R>,
        counters: &Counters,
    ) -> std::io::Result<bool> {
        let read_before = framer.bytes_read();
        let mut operations = 0;
        let more = loop {
            if self.bytes.len() >= BATCH_BYTES || self.items.len() >= BATCH_ITEMS {
                break true;
            }
            let Some(event) = framer.next_event()? else {
                break false;
            };
            let mut own = |bytes: &[u8]| {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                start..self.bytes.len()
            };
            let item = match event {
                Event::ByteOrderMark => Item::ByteOrderMark,
                Event::DocumentStart { document, kind, at } => {
                    Item::DocumentStart { document, kind, at }
                }
                Event::Member {
                    document,
                    name,
                    name_at,
                    bytes,
                    at,
                } => Item::Member {
                    document,
                    name: name.into_owned(),
                    name_at,
                    range: own(bytes),
                    at,
                },
                Event::ResponseStart {
                    document, name_at, ..
                } => Item::ResponseStart { document, name_at },
                Event::Operation {
                    document,
                    index,
                    bytes,
                    at,
                } => {
                    operations += 1;
                    Item::Operation {
                        document,
                        index,
                        range: own(bytes),
                        at,
                    }
                }
                Event::Value {
                    document,
                    bytes,
                    at,
                } => Item::Value {
                    document,
                    range: own(bytes),
                    at,
                },
                Event::Syntax {
                    document,
                    message,
                    at,
                    snippet,
                } => Item::Syntax {
                    document,
                    message,
                    at,
                    snippet,
                },
                Event::DocumentEnd {
                    document,
                    operations,
                    complete,
                } => Item::DocumentEnd {
                    document,
                    operations,
                    complete,
                },
            };
            self.items.push(item);
        };
        counters.add(framer.bytes_read() - read_before, operations);
        Ok(more)
    }

    fn clear(&mut self) {
        self.items.clear();
        self.bytes.clear();
    }
}

thread_local! {
    /// Each worker's buffers, reused from one operation to the next.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Turns checked batches into the report, in input order; holds what cross-operation rules
/// (duplicate ids, `count`) and document-level checks need.
struct Emitter<'v> {
    validator: &'v Validator,
    input: &'v str,
    report: Report,
    doc: DocState,
    /// The sequence rules' state, when they (or the timeline) run.
    tracker: Option<Tracker>,
    /// Documents and lines before the input's part being read (see `validate_continued`).
    base: DocRef,
}

impl<'v> Emitter<'v> {
    fn new(validator: &'v Validator, input: &'v str) -> Self {
        let mut report = Report {
            keep_at_most: validator.max_violations,
            ..Report::default()
        };
        report.summary.inputs = 1;
        Emitter {
            validator,
            input,
            report,
            doc: DocState::default(),
            tracker: validator
                .sequence
                .active()
                .then(|| Tracker::new(input, validator.sequence.timeline)),
            base: DocRef::default(),
        }
    }

    /// Checks every value of the batch (in parallel when the batch is large enough), then emits
    /// in order.
    fn batch(&mut self, batch: &Batch) {
        let v = self.validator;
        let check = |item: &Item| {
            let (range, role) = match item {
                Item::Operation { range, .. } => (range, Role::Operation),
                Item::Member { range, name, .. } => (range, Role::Member(name)),
                Item::Value { range, .. } => (range, Role::Document),
                _ => return None,
            };
            let bytes = &batch.bytes[range.clone()];
            Some(SCRATCH.with(|s| v.check(&mut s.borrow_mut(), bytes, role)))
        };
        let checked: Vec<Option<Checked>> =
            if batch.items.len() > 1 && batch.bytes.len() >= PARALLEL_BYTES {
                batch.items.par_iter().map(check).collect()
            } else {
                batch.items.iter().map(check).collect()
            };
        for (item, checked) in batch.items.iter().zip(checked) {
            self.item(item, &batch.bytes, checked);
        }
    }

    fn item(&mut self, item: &Item, bytes: &[u8], checked: Option<Checked>) {
        let Emitter {
            validator: v,
            input,
            report,
            doc,
            tracker,
            base,
        } = self;
        let input = *input;
        match item {
            Item::ByteOrderMark => report.push(
                Finding::new(Pointer::root(), Rule::ByteOrderMark, Kind::ByteOrderMark)
                    .into_violation(
                        input,
                        0,
                        Position::START,
                        vec![Layer::Syntax],
                        Severity::Warning,
                    ),
            ),
            Item::DocumentStart { document, kind, at } => {
                if let Some(t) = tracker {
                    t.begin(DocRef {
                        document: base.document + *document,
                        line: base.line + at.line,
                    });
                }
                *doc = DocState {
                    kind: Some(*kind),
                    at: *at,
                    ..DocState::default()
                };
            }
            Item::Member {
                document,
                name,
                name_at,
                range,
                at,
            } => {
                let bytes = &bytes[range.clone()];
                let checked = checked.unwrap_or_default();
                v.note_member(report, input, *document, doc, name, *name_at);
                if name == "count" {
                    doc.count = checked.count.map(|c| (c, *at));
                }
                if name == "error" {
                    doc.error_message = serde_json::from_slice::<serde_json::Value>(bytes)
                        .ok()
                        .and_then(|v| v.get("message")?.as_str().map(str::to_owned));
                }
                // A repeated member's last value is the one that counts: what the checks said
                // of an earlier one no longer stands.
                if let Some(i) = doc.emitted.iter().position(|m| m.name == *name) {
                    let earlier = doc.emitted.remove(i);
                    report.retract(earlier.violations.clone(), &earlier.unknown);
                    let n = earlier.violations.len();
                    for m in &mut doc.emitted {
                        if m.violations.start >= earlier.violations.end {
                            m.violations = m.violations.start - n..m.violations.end - n;
                        }
                    }
                }
                let unknown = checked.unknown.clone();
                let start = report.violations.len();
                v.emit(
                    report,
                    input,
                    *document,
                    &Pointer::root(),
                    bytes,
                    *at,
                    checked,
                );
                doc.emitted.push(Emitted {
                    name: name.clone(),
                    violations: start..report.violations.len(),
                    unknown,
                });
            }
            Item::ResponseStart { document, name_at } => {
                doc.response = true;
                v.note_member(report, input, *document, doc, "response", *name_at);
            }
            Item::Operation {
                document,
                index,
                range,
                at,
            } => {
                let bytes = &bytes[range.clone()];
                let mut checked = checked.unwrap_or_default();
                let index = *index;
                report.summary.operations += 1;
                let prefix = if doc.kind == Some(DocumentKind::Object) {
                    Pointer::root().key("response").index(index)
                } else {
                    Pointer::root().index(index)
                };
                // The sequence tracker, when it runs, knows each id of the document exactly
                // already; otherwise a hash of each id is kept for the document.
                let (first, sequence) = match (tracker.as_mut(), checked.facts.take()) {
                    (Some(t), Some(facts)) => t.observe_listed(&facts, index),
                    _ => (
                        checked.id.as_ref().and_then(|id| {
                            let mut h = std::collections::hash_map::DefaultHasher::new();
                            id.hash(&mut h);
                            match doc.ids.entry(h.finish()) {
                                Entry::Occupied(first) => Some(*first.get()),
                                Entry::Vacant(slot) => {
                                    slot.insert(index);
                                    None
                                }
                            }
                        }),
                        Vec::new(),
                    ),
                };
                if let (Some(first), Some(id)) = (first, &checked.id) {
                    let found = locate(bytes, &["id"]);
                    report.push(
                        document::duplicate_id(&prefix, index, id, first).into_violation(
                            input,
                            *document,
                            at.advanced_by(&bytes[..found.value]),
                            vec![Layer::Rules],
                            Severity::Warning,
                        ),
                    );
                }
                v.emit(report, input, *document, &prefix, bytes, *at, checked);
                for f in sequence {
                    push_sequence(report, input, *document, &prefix, bytes, *at, v, f);
                }
            }
            Item::Value {
                document,
                range,
                at,
            } => {
                let checked = checked.unwrap_or_default();
                let bytes = &bytes[range.clone()];
                v.emit(
                    report,
                    input,
                    *document,
                    &Pointer::root(),
                    bytes,
                    *at,
                    checked,
                );
            }
            Item::Syntax {
                document,
                message,
                at,
                snippet,
            } => {
                doc.broken = true;
                report.push_with_snippet(
                    snippet.clone(),
                    Finding::new(
                        Pointer::root(),
                        Rule::Syntax,
                        Kind::Syntax {
                            message: message.clone(),
                        },
                    )
                    .into_violation(
                        input,
                        *document,
                        *at,
                        vec![Layer::Syntax],
                        Severity::Error,
                    ),
                );
            }
            Item::DocumentEnd {
                document,
                operations,
                complete,
            } => {
                report.summary.documents += 1;
                if *complete {
                    v.end_document(report, input, *document, *operations, doc);
                }
                if let Some(t) = tracker.as_mut() {
                    // Only a complete list of operations says which ones are gone.
                    let listed = match doc.kind {
                        Some(DocumentKind::List) => true,
                        Some(DocumentKind::Object) => doc.response && !doc.broken,
                        _ => false,
                    };
                    for f in t.end(*complete && listed && !doc.broken) {
                        if v.sequence.rules {
                            report.push(
                                Finding::new(Pointer::root(), f.rule, Kind::Sequence(f.fact))
                                    .into_violation(
                                        input,
                                        *document,
                                        doc.at,
                                        vec![Layer::Sequence],
                                        f.severity,
                                    ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn finish(mut self, documents: usize) -> Report {
        if documents == 0 {
            self.report.push(
                Finding::new(
                    Pointer::root(),
                    Rule::Syntax,
                    Kind::Syntax {
                        message: "empty input: no JSON document (a fileops response is a JSON \
                                  object or array)"
                            .to_owned(),
                    },
                )
                .into_violation(
                    self.input,
                    0,
                    Position::START,
                    vec![Layer::Syntax],
                    Severity::Error,
                ),
            );
        }
        let documents = self.report.summary.documents;
        self.report
            .inputs
            .push(InputRecord::counted(self.input, documents));
        if let Some(t) = self.tracker {
            self.report.timeline = t.finish();
        }
        self.report
    }
}

/// Adds a sequence finding about the operation at `prefix` (bytes `bytes`, starting at `at`).
#[allow(clippy::too_many_arguments)]
fn push_sequence(
    report: &mut Report,
    input: &str,
    document: usize,
    prefix: &Pointer,
    bytes: &[u8],
    at: Position,
    v: &Validator,
    f: tracker::Finding,
) {
    if !v.sequence.rules {
        return;
    }
    let (pointer, offset) = match f.target {
        tracker::Target::Member(name) => {
            let found = locate(bytes, &[name]);
            if found.exact {
                (prefix.key(name), found.value)
            } else {
                (prefix.clone(), 0)
            }
        }
        tracker::Target::Document => (Pointer::root(), 0),
    };
    let offset = offset.min(bytes.len());
    report.push_with_snippet(
        Snippet::around(bytes, offset),
        Finding::new(pointer, f.rule, Kind::Sequence(f.fact)).into_violation(
            input,
            document,
            at.advanced_by(&bytes[..offset]),
            vec![Layer::Sequence],
            f.severity,
        ),
    );
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

/// Per-document state.
#[derive(Debug, Default)]
struct DocState {
    kind: Option<DocumentKind>,
    at: Position,
    response: bool,
    members: Vec<String>,
    count: Option<(i64, Position)>,
    error_message: Option<String>,
    ids: HashMap<u64, usize>,
    broken: bool,
    /// Top-level members checked so far (not `response`), with what their checks reported.
    emitted: Vec<Emitted>,
}

/// What one top-level member's checks added to the report.
#[derive(Debug)]
struct Emitted {
    name: String,
    /// Its violations in `Report::violations`.
    violations: Range<usize>,
    /// The unknown member patterns it counted.
    unknown: Vec<String>,
}

impl Default for Position {
    fn default() -> Self {
        Position::START
    }
}
