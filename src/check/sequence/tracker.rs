//! The sequence rules: how each operation (by `id`) may change from one poll to the next.
//!
//! State is kept per live operation id (the operations of the last judged document), never per
//! document, so a polling log of any length is checked in constant memory; with a timeline,
//! each operation's life is kept as well. What each rule rests on is in `docs/polling.md`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;

use super::facts::{OpFacts, OpId};
pub use super::outcome::{DocRef, Ending, Fact, Finding, Life, MAX_SAMPLES, Sample, Target};
use crate::hash::Fnv;
use crate::report::{Rule, Severity};

mod live;

use live::{Live, NONE, Slot};

/// Fewest documents the table holds before it is compacted.
const MIN_DOCS: usize = 64;

/// Follows the operations of one input through its documents, in order.
///
/// Live operations are held in `ops` (freed places reused), found through `index`, a map from
/// the id's hash ([`OpId::key`], its upper 32 bits) to the place. A hash collision cannot merge two
/// operations: every hit is confirmed against the exact id held in the place, and an id whose
/// hash is already taken by another live id goes to `overflow`, keyed by the id itself. So a
/// collision costs one more lookup, never a finding.
#[derive(Debug)]
pub struct Tracker {
    input: String,
    timeline: bool,
    /// The upper 32 bits of the hash (a collision among them is as harmless as among all 64,
    /// and four fewer bytes to hold than the bucket's value, eight with its alignment).
    index: HashMap<u32, u32, BuildHasherDefault<Fnv>>,
    overflow: HashMap<OpId, u32, BuildHasherDefault<Fnv>>,
    ops: Vec<Option<Live>>,
    free: Vec<u32>,
    /// Progress samples, by place (only with the timeline).
    samples: Vec<Vec<Sample>>,
    /// The documents live operations refer to (compacted as it grows, see [`Tracker::slot`]).
    docs: Vec<DocRef>,
    /// The table size that triggers the next compaction.
    docs_cap: usize,
    /// The current document's slot, once one of its operations is observed.
    current: Option<Slot>,
    doc: DocRef,
    lives: Vec<Life>,
}

impl Tracker {
    /// A tracker for the input named `input`; with `timeline`, it also keeps each life.
    #[must_use]
    pub fn new(input: &str, timeline: bool) -> Self {
        Tracker {
            input: input.to_owned(),
            timeline,
            index: HashMap::default(),
            overflow: HashMap::default(),
            ops: Vec::new(),
            free: Vec::new(),
            samples: Vec::new(),
            docs: Vec::new(),
            docs_cap: MIN_DOCS,
            current: None,
            doc: DocRef::default(),
            lives: Vec::new(),
        }
    }

    /// Operations currently followed (the memory the tracker holds).
    #[must_use]
    pub fn live(&self) -> usize {
        self.ops.len() - self.free.len()
    }

    /// A document begins.
    pub fn begin(&mut self, doc: DocRef) {
        self.doc = doc;
        self.current = None;
    }

    /// The current document's slot in the table of documents, made on first use. Before a new
    /// slot is made, a table grown to `docs_cap` is compacted to the documents live operations
    /// still refer to (at most eight each), and the next threshold set to twice that, or a
    /// quarter of the live operations: at most 4 bytes per live operation, or 16 per referred
    /// document, and a compaction's cost (one pass over the live operations) spread over as
    /// many documents that each observed an operation.
    fn slot(&mut self) -> Slot {
        if let Some(slot) = self.current {
            return slot;
        }
        if self.docs.len() >= self.docs_cap {
            let mut remap = vec![NONE; self.docs.len()];
            let mut docs = Vec::new();
            let old = &self.docs;
            for op in self.ops.iter_mut().flatten() {
                op.for_each_slot(|slot| {
                    if *slot == NONE {
                        return;
                    }
                    let to = &mut remap[*slot as usize];
                    if *to == NONE {
                        *to = Slot::try_from(docs.len()).unwrap_or(NONE - 1);
                        docs.push(old[*slot as usize]);
                    }
                    *slot = *to;
                });
            }
            self.docs = docs;
            self.docs_cap = MIN_DOCS.max(2 * self.docs.len()).max(self.live() / 4);
        }
        // More than 2^32 - 1 documents referred to at once would take 64 GB of table.
        let slot = Slot::try_from(self.docs.len()).expect("fewer than 2^32 - 1 documents");
        assert!(slot != NONE, "fewer than 2^32 - 1 documents");
        self.docs.push(self.doc);
        self.current = Some(slot);
        slot
    }

    fn at(&self, slot: Slot) -> DocRef {
        self.docs[slot as usize]
    }

    /// The place of the live operation `id` (hashed to `key`).
    fn find(&self, id: &OpId, key: u64) -> Option<u32> {
        if let Some(&place) = self.index.get(&short(key))
            && self.ops[place as usize]
                .as_ref()
                .is_some_and(|op| op.id == *id)
        {
            return Some(place);
        }
        if self.overflow.is_empty() {
            None
        } else {
            self.overflow.get(id).copied()
        }
    }

    fn insert(&mut self, op: Live, key: u64) -> u32 {
        let id = op.id.clone();
        let place = match self.free.pop() {
            Some(place) => {
                self.ops[place as usize] = Some(op);
                place
            }
            None => {
                let place = u32::try_from(self.ops.len()).expect("fewer than 2^32 live operations");
                self.ops.push(Some(op));
                if self.timeline {
                    self.samples.push(Vec::new());
                }
                place
            }
        };
        match self.index.entry(short(key)) {
            Entry::Vacant(slot) => {
                slot.insert(place);
            }
            Entry::Occupied(_) => {
                self.overflow.insert(id, place);
            }
        }
        place
    }

    fn remove(&mut self, place: u32) -> (Live, Vec<Sample>) {
        let op = self.ops[place as usize].take().expect("a live operation");
        let key = short(op.id.key());
        if self.index.get(&key) == Some(&place) {
            self.index.remove(&key);
        } else {
            self.overflow.remove(&op.id);
        }
        self.free.push(place);
        let samples = self
            .samples
            .get_mut(place as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        (op, samples)
    }

    /// One operation of the current document: what contradicts what earlier documents said.
    pub fn observe(&mut self, facts: &OpFacts) -> Vec<Finding> {
        self.observe_listed(facts, 0).1
    }

    /// [`Tracker::observe`] of the operation at `index` in the current document; with the index
    /// of this id's first listing in the document when the id is listed again (the
    /// `duplicate-id` rule's finding, exact where a hash of the id alone could collide).
    pub fn observe_listed(
        &mut self,
        facts: &OpFacts,
        index: usize,
    ) -> (Option<usize>, Vec<Finding>) {
        let now = self.slot();
        let doc = self.doc;
        let mut out = Vec::new();
        let key = facts.id.key();
        let place = match self.find(&facts.id, key) {
            Some(place) => place,
            None => self.insert(Live::new(facts.id.clone(), now), key),
        };
        let docs = &self.docs;
        let at = |slot: Slot| docs[slot as usize];
        let op = self.ops[place as usize].as_mut().expect("a live operation");
        // A repeated id within one document is the `duplicate-id` rule's; follow the first.
        if op.last == now {
            return (Some(op.listed as usize), out);
        }
        op.last = now;
        // An index past 2^32 (a document of 40 GB or more) is held as 2^32 - 1.
        op.listed = u32::try_from(index).unwrap_or(u32::MAX);
        if let Some((now, member)) = &facts.kind
            && op.kind_at != NONE
            && !op.kind_is(now)
            && let Some(was) = op.kind()
        {
            out.push(error(
                Rule::SequenceTypeChanged,
                member,
                Fact::TypeChanged {
                    member,
                    now: now.clone(),
                    was,
                    since: at(op.kind_at),
                },
            ));
        }
        if op.finished != NONE {
            let was_finished = at(op.finished);
            if facts.finished == Some(false) {
                out.push(error(
                    Rule::SequenceUnfinished,
                    "finished",
                    Fact::Unfinished {
                        finished_in: was_finished,
                    },
                ));
            }
            if let Some(now) = facts.progress
                && op.progress_at != NONE
                && now > op.progress
                && now != 100
            {
                out.push(error(
                    Rule::SequenceFinalChanged,
                    "progress",
                    Fact::ProgressAfterFinish {
                        now,
                        was: op.progress,
                        finished_in: was_finished,
                    },
                ));
            }
            for (member, before, was_at, now) in [
                ("error", op.error(), op.error_at(), facts.error.as_deref()),
                ("url", op.url(), op.url_at(), facts.url.as_deref()),
            ] {
                if before != now {
                    let earlier = if before.is_some() {
                        at(was_at).max(was_finished)
                    } else {
                        was_finished
                    };
                    out.push(error(
                        Rule::SequenceFinalChanged,
                        member,
                        Fact::FinalChanged {
                            member,
                            now: now.map(Box::from),
                            before: before.map(Box::from),
                            earlier,
                            finished_in: was_finished,
                        },
                    ));
                }
            }
        }
        if let Some(now) = facts.progress
            && op.progress_at != NONE
            && now < op.progress
        {
            out.push(error(
                Rule::SequenceProgressRegressed,
                "progress",
                Fact::ProgressRegressed {
                    now,
                    was: op.progress,
                    since: at(op.progress_at),
                },
            ));
        }
        if let Some(now) = facts.processed
            && op.processed_at != NONE
            && now < op.processed
        {
            out.push(error(
                Rule::SequenceProcessedRegressed,
                "processed",
                Fact::ProcessedRegressed {
                    now,
                    was: op.processed,
                    since: at(op.processed_at),
                },
            ));
        }
        // Remember the latest values, so each contradiction is reported once, where it happens,
        // rather than again in every later document.
        if op.error() != facts.error.as_deref() {
            op.texts().error = facts.error.clone().map(|e| (e, now));
        }
        if op.url() != facts.url.as_deref() {
            op.texts().url = facts.url.clone().map(|u| (u, now));
        }
        if facts.finished == Some(false) {
            op.finished = NONE;
        }
        // Measured against the latest type, so a change is reported once, where it happens.
        if let Some((kind, _)) = &facts.kind
            && !op.kind_is(kind)
        {
            op.set_kind(kind);
            op.kind_at = now;
        }
        if let Some(p) = facts.progress {
            let changed = op.progress_at == NONE || op.progress != p;
            if changed {
                if self.timeline && self.samples[place as usize].len() < MAX_SAMPLES {
                    self.samples[place as usize].push(Sample {
                        document: doc.document,
                        progress: p,
                    });
                }
                op.progress = p;
                op.progress_at = now;
            }
        }
        if let Some(p) = facts.processed {
            op.processed = p;
            op.processed_at = now;
        }
        if facts.finished == Some(true) && op.finished == NONE {
            op.finished = now;
        }
        if op.finished == NONE
            && !self.timeline
            && let Some(texts) = &mut op.texts
        {
            // No message can quote it before the operation finishes again (see `Texts::url`).
            texts.url = None;
        }
        if op
            .texts
            .as_ref()
            .is_some_and(|t| t.kind.is_none() && t.error.is_none() && t.url.is_none())
        {
            op.texts = None;
        }
        (None, out)
    }

    /// The current document ends. A `judged` document (a complete list of operations) drops the
    /// operations it no longer lists: an unfinished one is reported as vanished.
    pub fn end(&mut self, judged: bool) -> Vec<Finding> {
        // Every document gets its own slot, judged or not: an operation listed in a broken
        // document must still be observed in the next one.
        let current = self.current.take().unwrap_or(NONE);
        if !judged {
            return Vec::new();
        }
        let mut gone: Vec<u32> = (0..self.ops.len())
            .filter(|&place| {
                self.ops[place]
                    .as_ref()
                    .is_some_and(|op| current == NONE || op.last != current)
            })
            .filter_map(|place| u32::try_from(place).ok())
            .collect();
        let mut out = Vec::new();
        if gone.is_empty() {
            return out;
        }
        // In the order they were first seen, so reports do not depend on hashing.
        {
            let op = |place: &u32| {
                self.ops[*place as usize]
                    .as_ref()
                    .expect("a live operation")
            };
            gone.sort_by(|a, b| {
                let (a, b) = (op(a), op(b));
                self.at(a.first)
                    .document
                    .cmp(&self.at(b.first).document)
                    .then_with(|| a.id.cmp_text(&b.id))
            });
        }
        for place in gone {
            let (op, samples) = self.remove(place);
            if op.finished == NONE {
                out.push(Finding {
                    rule: Rule::SequenceVanished,
                    severity: Severity::Warning,
                    target: Target::Document,
                    fact: Fact::Vanished {
                        id: op.id.text().to_string(),
                        last_seen: self.at(op.last),
                        progress: (op.progress_at != NONE).then_some(op.progress),
                        error: op.error().map(Box::from),
                    },
                });
            }
            self.close(op, samples, true);
        }
        out
    }

    /// The input ends: the lives of every operation, in order of first appearance.
    #[must_use]
    pub fn finish(mut self) -> Vec<Life> {
        if self.timeline {
            for place in 0..self.ops.len() {
                if self.ops[place].is_some() {
                    let (op, samples) = self.remove(u32::try_from(place).unwrap_or(u32::MAX));
                    self.close(op, samples, false);
                }
            }
        }
        self.lives
            .sort_by(|a, b| (a.first_seen.document, &a.id).cmp(&(b.first_seen.document, &b.id)));
        self.lives
    }

    fn close(&mut self, op: Live, samples: Vec<Sample>, gone: bool) {
        if !self.timeline {
            return;
        }
        let ended = match (op.finished != NONE, op.error()) {
            (true, None) => Ending::Finished,
            (true, Some(_)) => Ending::FinishedWithError,
            (false, _) if gone => Ending::Vanished,
            (false, _) => Ending::Running,
        };
        self.lives.push(Life {
            input: self.input.clone(),
            id: op.id.to_string(),
            operation: op.kind().map(|k| k.to_string()),
            first_seen: self.at(op.first),
            last_seen: self.at(op.last),
            progress: samples,
            ended,
            error: op.error().map(String::from),
            url: op.url().map(String::from),
        });
    }
}

/// The upper 32 bits of an id's hash: the index's key.
fn short(key: u64) -> u32 {
    u32::try_from(key >> 32).unwrap_or_default()
}

fn error(rule: Rule, member: &'static str, fact: Fact) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        target: Target::Member(member),
        fact,
    }
}

#[cfg(test)]
mod tests;
