//! The emitter: checks each batch (in parallel when it is large enough), then turns the checked
//! items into the report in input order, with the document-level and cross-operation rules
//! (repeated members, duplicate ids, `count`, the sequence rules) that need the order.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use rayon::prelude::*;

use super::Validator;
use super::batch::{Batch, Item, PARALLEL_BYTES, Value};
use crate::check::rules::document;
use crate::check::sequence::{DocRef, OpFacts, Tracker, tracker};
use crate::check::value::{Checked, Scratch};
use crate::json::frame::DocumentKind;
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::report::snippet::Snippet;
use crate::report::{Finding, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity};

thread_local! {
    /// Each worker's buffers, reused from one operation to the next.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Turns checked batches into the report, in input order; holds what cross-operation rules
/// (duplicate ids, `count`) and document-level checks need.
pub(super) struct Emitter<'v> {
    validator: &'v Validator,
    input: &'v str,
    report: Report,
    doc: DocState,
    /// The sequence rules' state, when they (or the timeline) run.
    pub(super) tracker: Option<Tracker>,
    /// Documents and lines before the input's part being read (see `validate_continued`).
    pub(super) base: DocRef,
    /// The operations' sequence facts, kept for the caller when asked (`validate_body`).
    pub(super) kept: Option<Kept>,
}

/// What a HAR body's validation keeps for the sequence rules followed across the HAR
/// (`Validator::validate_body`).
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// Each operation that had facts: its index in its list, and its facts.
    pub(super) ops: Vec<(usize, OpFacts)>,
    /// Each document that ended: its kind, whether a `response` list opened in it, and whether
    /// it was complete.
    pub(super) documents: Vec<(Option<DocumentKind>, bool, bool)>,
    /// Whether a `response` list opened in the document being read.
    response: bool,
}

impl<'v> Emitter<'v> {
    pub(super) fn new(validator: &'v Validator, input: &'v str) -> Self {
        let mut report = Report {
            keep_at_most: validator.max_violations,
            without_snippets: !validator.snippets,
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
            kept: None,
        }
    }

    /// Checks every value of the batch (in parallel when the batch is large enough), then emits
    /// in order.
    pub(super) fn batch(&mut self, batch: &mut Batch) {
        let v = self.validator;
        let check = |value: &mut Option<Value<'_>>| {
            let Value { role, padded, len } = value.as_mut()?;
            Some(SCRATCH.with(|s| v.check_padded(&mut s.borrow_mut(), padded, *len, *role)))
        };
        let parallel = batch.items.len() > 1 && batch.bytes.len() >= PARALLEL_BYTES;
        let mut values = batch.values_mut();
        let checked: Vec<Option<Checked>> = if parallel {
            values.par_iter_mut().map(check).collect()
        } else {
            values.iter_mut().map(check).collect()
        };
        drop(values);
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
            kept,
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
                if let Some(earlier) = doc.emitted.remove(name) {
                    // Taken back where they lie: no violation moves until the document ends.
                    report.retract(earlier.violations, &earlier.unknown);
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
                doc.emitted.insert(
                    name.clone(),
                    Emitted {
                        violations: start..report.violations.len(),
                        unknown,
                    },
                );
            }
            Item::ResponseStart { document, name_at } => {
                doc.response = true;
                if let Some(k) = kept {
                    k.response = true;
                }
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
                    (Some(t), Some(facts)) => {
                        let observed = t.observe_listed(&facts, index);
                        if let Some(k) = kept {
                            k.ops.push((index, facts));
                        }
                        observed
                    }
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
                report.push_with_snippet(
                    || snippet.clone(),
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
                report.settle();
                if *complete {
                    v.end_document(report, input, *document, *operations, doc);
                }
                if let Some(k) = kept {
                    k.documents.push((doc.kind, k.response, *complete));
                    k.response = false;
                }
                if let Some(t) = tracker.as_mut() {
                    // Only a complete list of operations says which ones are gone (a syntax
                    // error always ends its document incomplete).
                    let listed = match doc.kind {
                        Some(DocumentKind::List) => true,
                        Some(DocumentKind::Object) => doc.response,
                        _ => false,
                    };
                    for f in t.end(*complete && listed) {
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

    pub(super) fn finish(mut self, documents: usize) -> Report {
        // Every document settles at its end; an input cut short settles here.
        self.report.settle();
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
        || Snippet::around(bytes, offset),
        Finding::new(pointer, f.rule, Kind::Sequence(f.fact)).into_violation(
            input,
            document,
            at.advanced_by(&bytes[..offset]),
            vec![Layer::Sequence],
            f.severity,
        ),
    );
}

/// Per-document state.
#[derive(Debug, Default)]
pub(super) struct DocState {
    pub(super) kind: Option<DocumentKind>,
    pub(super) at: Position,
    pub(super) response: bool,
    /// Top-level member names so far (a set: an envelope can hold any number of them).
    pub(super) members: HashSet<String>,
    pub(super) count: Option<(i64, Position)>,
    pub(super) error_message: Option<String>,
    ids: HashMap<u64, usize>,
    /// Top-level members checked so far (not `response`), by name, with what their checks
    /// reported.
    emitted: HashMap<String, Emitted>,
}

/// What one top-level member's checks added to the report.
#[derive(Debug)]
struct Emitted {
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
