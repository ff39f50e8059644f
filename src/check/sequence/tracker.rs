//! The sequence rules: how each operation (by `id`) may change from one poll to the next.
//!
//! State is kept per live operation id (the operations of the last judged document), never per
//! document, so a polling log of any length is checked in constant memory; with a timeline,
//! each operation's life is kept as well. What each rule rests on is in `docs/polling.md`.

use std::collections::HashMap;

use serde::Serialize;

use super::facts::OpFacts;
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

/// A value and the document it was seen in.
#[derive(Debug, Clone)]
struct Seen<T> {
    value: T,
    at: DocRef,
}

/// What is known of one live operation.
#[derive(Debug)]
struct Live {
    first: DocRef,
    last: DocRef,
    /// The judged document count when it was last listed.
    generation: u64,
    kind: Option<Seen<String>>,
    progress: Option<Seen<i64>>,
    processed: Option<Seen<i64>>,
    /// The document that first showed it finished.
    finished: Option<DocRef>,
    error: Option<Seen<String>>,
    url: Option<Seen<String>>,
    samples: Vec<Sample>,
}

/// Follows the operations of one input through its documents, in order.
#[derive(Debug)]
pub struct Tracker {
    input: String,
    timeline: bool,
    live: HashMap<String, Live>,
    doc: DocRef,
    generation: u64,
    lives: Vec<Life>,
}

impl Tracker {
    /// A tracker for the input named `input`; with `timeline`, it also keeps each life.
    #[must_use]
    pub fn new(input: &str, timeline: bool) -> Self {
        Tracker {
            input: input.to_owned(),
            timeline,
            live: HashMap::new(),
            doc: DocRef::default(),
            generation: 1,
            lives: Vec::new(),
        }
    }

    /// Operations currently followed (the memory the tracker holds).
    #[must_use]
    pub fn live(&self) -> usize {
        self.live.len()
    }

    /// A document begins.
    pub fn begin(&mut self, doc: DocRef) {
        self.doc = doc;
    }

    /// One operation of the current document: what contradicts what earlier documents said.
    pub fn observe(&mut self, facts: &OpFacts) -> Vec<Finding> {
        let doc = self.doc;
        let generation = self.generation;
        let mut out = Vec::new();
        let op = self.live.entry(facts.id.clone()).or_insert_with(|| Live {
            first: doc,
            last: doc,
            generation: 0,
            kind: None,
            progress: None,
            processed: None,
            finished: None,
            error: None,
            url: None,
            samples: Vec::new(),
        });
        // A repeated id within one document is the `duplicate-id` rule's; follow the first.
        if op.generation == generation {
            return out;
        }
        op.generation = generation;
        op.last = doc;
        if let (Some(was), Some((now, member))) = (&op.kind, &facts.kind)
            && &was.value != now
        {
            out.push(error(
                Rule::SequenceTypeChanged,
                member,
                format!(
                    "{member}: the operation type is {now} here but was {} in {}; an \
                     operation's type never changes",
                    was.value, was.at
                ),
            ));
        }
        if let Some(was_finished) = op.finished {
            if facts.finished == Some(false) {
                out.push(error(
                    Rule::SequenceUnfinished,
                    "finished",
                    format!(
                        "finished: false, but {was_finished} already showed this operation \
                         finished; an operation never un-finishes"
                    ),
                ));
            }
            if let (Some(was), Some(now)) = (&op.progress, facts.progress)
                && now > was.value
                && now != 100
            {
                out.push(error(
                    Rule::SequenceFinalChanged,
                    "progress",
                    format!(
                        "progress: {now}, but the operation finished in {was_finished} with \
                         progress {} (after finishing, progress may only become 100)",
                        was.value
                    ),
                ));
            }
            for (member, was, now) in [
                ("error", &op.error, &facts.error),
                ("url", &op.url, &facts.url),
            ] {
                let before = was.as_ref().map(|s| s.value.as_str());
                if before != now.as_deref() {
                    let earlier = was
                        .as_ref()
                        .map_or(was_finished, |s| s.at.max(was_finished));
                    out.push(error(
                        Rule::SequenceFinalChanged,
                        member,
                        format!(
                            "{member}: {} here, but {earlier} had {}, and the operation is \
                             finished since {was_finished}; a finished operation keeps its final \
                             {member}",
                            quote(now.as_deref()),
                            quote(before)
                        ),
                    ));
                }
            }
        }
        if let (Some(was), Some(now)) = (&op.progress, facts.progress)
            && now < was.value
        {
            out.push(error(
                Rule::SequenceProgressRegressed,
                "progress",
                format!(
                    "progress: {now} is lower than {} in {}; progress never decreases",
                    was.value, was.at
                ),
            ));
        }
        if let (Some(was), Some(now)) = (&op.processed, facts.processed)
            && now < was.value
        {
            out.push(error(
                Rule::SequenceProcessedRegressed,
                "processed",
                format!(
                    "processed: {now} is lower than {} in {}; the count of processed items \
                     never decreases",
                    was.value, was.at
                ),
            ));
        }
        // Remember the latest values, so each contradiction is reported once, where it happens,
        // rather than again in every later document.
        if op.error.as_ref().map(|e| &e.value) != facts.error.as_ref() {
            op.error = facts.error.clone().map(|value| Seen { value, at: doc });
        }
        if op.url.as_ref().map(|e| &e.value) != facts.url.as_ref() {
            op.url = facts.url.clone().map(|value| Seen { value, at: doc });
        }
        if facts.finished == Some(false) {
            op.finished = None;
        }
        // Measured against the latest type, so a change is reported once, where it happens.
        if let Some((kind, _)) = &facts.kind
            && op.kind.as_ref().is_none_or(|k| &k.value != kind)
        {
            op.kind = Some(Seen {
                value: kind.clone(),
                at: doc,
            });
        }
        if let Some(p) = facts.progress {
            let changed = op.progress.as_ref().is_none_or(|was| was.value != p);
            if changed && self.timeline && op.samples.len() < MAX_SAMPLES {
                op.samples.push(Sample {
                    document: doc.document,
                    progress: p,
                });
            }
            if changed {
                op.progress = Some(Seen { value: p, at: doc });
            }
        }
        if let Some(p) = facts.processed {
            op.processed = Some(Seen { value: p, at: doc });
        }
        if facts.finished == Some(true) && op.finished.is_none() {
            op.finished = Some(doc);
        }
        out
    }

    /// The current document ends. A `judged` document (a complete list of operations) drops the
    /// operations it no longer lists: an unfinished one is reported as vanished.
    pub fn end(&mut self, judged: bool) -> Vec<Finding> {
        // Every document gets its own generation, judged or not: an operation listed in a broken
        // document must still be observed in the next one.
        let generation = self.generation;
        self.generation += 1;
        if !judged {
            return Vec::new();
        }
        let gone: Vec<String> = self
            .live
            .iter()
            .filter(|(_, op)| op.generation != generation)
            .map(|(id, _)| id.clone())
            .collect();
        let mut out = Vec::new();
        let mut gone: Vec<(String, Live)> = gone
            .into_iter()
            .filter_map(|id| self.live.remove_entry(&id))
            .collect();
        // In the order they were last seen, so reports do not depend on hashing.
        gone.sort_by(|a, b| (a.1.first.document, &a.0).cmp(&(b.1.first.document, &b.0)));
        for (id, op) in gone {
            if op.finished.is_none() {
                let progress = op
                    .progress
                    .as_ref()
                    .map(|p| format!(" at progress {}", p.value))
                    .unwrap_or_default();
                let error = op
                    .error
                    .as_ref()
                    .map(|e| {
                        format!(
                            "; it had reported the error {:?} (a failed download ends this way)",
                            e.value
                        )
                    })
                    .unwrap_or_default();
                out.push(Finding {
                    rule: Rule::SequenceVanished,
                    severity: Severity::Warning,
                    target: Target::Document,
                    message: format!(
                        "operation {id:?} is no longer listed, but {} showed it unfinished{progress} \
                         and no response showed it finished{error}",
                        op.last
                    ),
                });
            }
            self.close(id, op, true);
        }
        out
    }

    /// The input ends: the lives of every operation, in order of first appearance.
    #[must_use]
    pub fn finish(mut self) -> Vec<Life> {
        let live: Vec<(String, Live)> = self.live.drain().collect();
        for (id, op) in live {
            self.close(id, op, false);
        }
        self.lives
            .sort_by(|a, b| (a.first_seen.document, &a.id).cmp(&(b.first_seen.document, &b.id)));
        self.lives
    }

    fn close(&mut self, id: String, op: Live, gone: bool) {
        if !self.timeline {
            return;
        }
        let ended = match (op.finished, &op.error) {
            (Some(_), None) => Ending::Finished,
            (Some(_), Some(_)) => Ending::FinishedWithError,
            (None, _) if gone => Ending::Vanished,
            (None, _) => Ending::Running,
        };
        self.lives.push(Life {
            input: self.input.clone(),
            id,
            operation: op.kind.map(|k| k.value),
            first_seen: op.first,
            last_seen: op.last,
            progress: op.samples,
            ended,
            error: op.error.map(|e| e.value),
            url: op.url.map(|u| u.value),
        });
    }
}

fn error(rule: Rule, member: &'static str, message: String) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        target: Target::Member(member),
        message,
    }
}

fn quote(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, progress: i64, finished: bool) -> OpFacts {
        OpFacts {
            id: id.to_owned(),
            kind: Some(("1".to_owned(), "Operation")),
            progress: Some(progress),
            finished: Some(finished),
            ..OpFacts::default()
        }
    }

    /// Feeds documents (lists of operations); the rule ids found, in order.
    fn rules(docs: &[Vec<OpFacts>]) -> Vec<Rule> {
        let mut t = Tracker::new("t", true);
        let mut out = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            t.begin(DocRef {
                document: i,
                line: i as u64 + 1,
            });
            for f in doc {
                out.extend(t.observe(f).into_iter().map(|f| f.rule));
            }
            out.extend(t.end(true).into_iter().map(|f| f.rule));
        }
        out
    }

    #[test]
    fn an_error_on_an_unfinished_operation_is_what_servers_send() {
        // FileMoveCopyOperation sets Err per failing item and carries on with the next.
        let mut failing = op("a", 40, false);
        failing.error = Some("locked".to_owned());
        let mut later = op("a", 80, false);
        later.error = Some("another".to_owned());
        assert!(rules(&[vec![op("a", 0, false)], vec![failing], vec![later]]).is_empty());
    }

    #[test]
    fn a_finished_download_below_100_may_then_show_100() {
        // FileDownloadOperation finishes at Process/(Total+1) < 100; the next poll of a task
        // past Running is forced to 100 by GetOperationResults.
        assert!(
            rules(&[
                vec![op("d", 50, false)],
                vec![op("d", 75, true)],
                vec![op("d", 100, true)]
            ])
            .is_empty()
        );
        assert_eq!(
            rules(&[vec![op("d", 75, true)], vec![op("d", 80, true)]]),
            ["sequence-final-changed"]
        );
    }

    /// Regression: after one contradiction, every later document used to be measured against
    /// the stale state (a log restarting an id gave 900,900 errors for 1M polls).
    #[test]
    fn each_contradiction_is_reported_once_where_it_happens() {
        let mut failed = op("a", 100, true);
        failed.error = Some("x".to_owned());
        let docs = [
            vec![op("a", 90, false)],
            vec![op("a", 100, true)],
            vec![failed.clone()],
            vec![failed],
            vec![op("a", 0, false)],
            vec![op("a", 10, false)],
            vec![op("a", 20, false)],
        ];
        assert_eq!(
            rules(&docs),
            [
                "sequence-final-changed",
                "sequence-unfinished",
                "sequence-final-changed",
                "sequence-progress-regressed"
            ]
        );
    }

    #[test]
    fn a_finished_operation_that_disappears_is_not_a_finding() {
        assert!(rules(&[vec![op("a", 100, true)], vec![]]).is_empty());
        assert_eq!(
            rules(&[vec![op("a", 10, false)], vec![]]),
            ["sequence-vanished"]
        );
    }

    #[test]
    fn an_operation_seen_in_a_broken_document_is_still_followed_in_the_next() {
        let mut t = Tracker::new("t", false);
        t.begin(DocRef::default());
        assert!(t.observe(&op("a", 50, false)).is_empty());
        assert!(t.end(false).is_empty(), "a broken document judges nothing");
        t.begin(DocRef {
            document: 1,
            line: 2,
        });
        let found = t.observe(&op("a", 10, false));
        assert_eq!(found.len(), 1, "the regression 50 -> 10 is seen");
        assert_eq!(found[0].rule, "sequence-progress-regressed");
    }

    #[test]
    fn state_is_per_live_operation_not_per_document() {
        // 10,000 polls, each operation living three polls: at most four are ever followed.
        let mut t = Tracker::new("t", false);
        let mut most = 0;
        for d in 0..10_000usize {
            t.begin(DocRef {
                document: d,
                line: d as u64 + 1,
            });
            for k in d.saturating_sub(2)..=d {
                let progress = i64::try_from(50 * (d - k)).unwrap();
                assert!(
                    t.observe(&op(&k.to_string(), progress, d - k == 2))
                        .is_empty()
                );
            }
            assert!(t.end(true).is_empty());
            most = most.max(t.live());
        }
        assert!(most <= 4, "{most}");
    }
}
