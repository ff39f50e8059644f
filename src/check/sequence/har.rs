//! The sequence rules over a HAR capture: its fileops GET entries in `startedDateTime` order.
//!
//! The validation pass reads a HAR entry by entry; this second pass re-reads it, keeps the
//! fileops responses (only those: a polling session's bodies are small next to a browser HAR),
//! sorts them by `startedDateTime` (file order breaks ties and stands in for a missing or
//! unparsable date), and feeds each 2xx body's operations to a [`Tracker`]. Findings point into
//! the HAR as stored, inside the body's string literal, like every other HAR violation.

use std::io::{self, Read};

use serde_json::Value;

use super::SequenceOptions;
use super::facts::OpFacts;
use super::tracker::{DocRef, Target, Tracker};
use crate::input::har::{self, Body, Entry};
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::model::dates::rfc3339_ticks;
use crate::report::snippet::Snippet;
use crate::report::{Layer, Pointer, Report};

/// One fileops entry, held until the entries are in order.
pub(crate) struct Poll {
    pub(crate) index: usize,
    pub(crate) started: Option<i128>,
    pub(crate) response: Vec<u8>,
    pub(crate) at: Position,
}

/// Sequence findings (and the timeline) of the HAR read from `reader`, named `input`. A HAR that
/// does not walk yields nothing here: the validation pass reports why.
///
/// # Errors
/// Only when reading fails.
pub fn check<R: Read>(input: &str, reader: R, options: SequenceOptions) -> io::Result<Report> {
    let mut polls = Vec::new();
    let walked = har::walk(reader, |index, entry| {
        if let Entry::Fileops {
            response,
            at,
            started,
        } = entry
        {
            polls.push(Poll {
                index,
                started: started.as_deref().and_then(rfc3339_ticks),
                response,
                at,
            });
        }
    });
    if let Err(har::WalkError {
        error: crate::json::scan::ScanError::Io(e),
        ..
    }) = walked
    {
        return Err(e);
    }
    // Stable: entries without a date keep their place among those before and after them.
    let mut last = None;
    let mut keyed: Vec<(Option<i128>, Poll)> = polls
        .into_iter()
        .map(|p| {
            let key = p.started.or(last);
            last = key;
            (key, p)
        })
        .collect();
    keyed.sort_by_key(|(key, p)| (*key, p.index));
    let mut report = Report::default();
    let mut tracker = Tracker::new(input, options.timeline);
    for (_, poll) in keyed {
        judge(&mut report, &mut tracker, input, &poll, options);
    }
    if options.timeline {
        report.timeline = tracker.finish();
    }
    Ok(report)
}

/// Feeds one poll's operations to the tracker and reports what it finds (`record` calls it for
/// each poll as it arrives, in the order [`check`] sorts them into).
pub(crate) fn judge(
    report: &mut Report,
    tracker: &mut Tracker,
    input: &str,
    poll: &Poll,
    options: SequenceOptions,
) {
    let Ok(body) = Body::from_response(&poll.response) else {
        return;
    };
    if !(200..300).contains(&body.status) {
        return;
    }
    let Ok(document) = serde_json::from_slice::<Value>(&body.bytes) else {
        return;
    };
    let (ops, prefix) = match &document {
        Value::Array(ops) => (ops, Pointer::root()),
        Value::Object(o) => match o.get("response") {
            Some(Value::Array(ops)) => (ops, Pointer::root().key("response")),
            _ => return,
        },
        _ => return,
    };
    let place = |body_offset: usize| {
        let raw = body.raw_offsets(&poll.response, &[body_offset])[0].min(poll.response.len());
        (poll.at.advanced_by(&poll.response[..raw]), raw)
    };
    tracker.begin(DocRef {
        document: poll.index,
        line: poll.at.line,
    });
    let mut push = |pointer: Pointer, offset: usize, f: super::tracker::Finding| {
        if !options.rules {
            return;
        }
        let (at, raw) = place(offset);
        report.push_with_snippet(
            Snippet::around(&poll.response, raw),
            crate::report::Finding::new(
                pointer,
                f.rule,
                crate::report::Kind::Said { text: f.message },
            )
            .into_violation(input, poll.index, at, vec![Layer::Sequence], f.severity),
        );
    };
    for (i, op) in ops.iter().enumerate() {
        let Some(facts) = OpFacts::of_value(op) else {
            continue;
        };
        for f in tracker.observe(&facts) {
            let op_pointer = prefix.index(i);
            let (pointer, offset) = match f.target {
                Target::Member(name) => {
                    let tokens: Vec<String> = op_pointer.key(name).tokens().collect();
                    let found = locate(&body.bytes, &tokens);
                    if found.exact {
                        (op_pointer.key(name), found.value)
                    } else {
                        let tokens: Vec<String> = op_pointer.tokens().collect();
                        (op_pointer, locate(&body.bytes, &tokens).value)
                    }
                }
                Target::Document => (Pointer::root(), 0),
            };
            push(pointer, offset, f);
        }
    }
    for f in tracker.end(true) {
        push(Pointer::root(), 0, f);
    }
}
