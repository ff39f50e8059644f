//! The sequence rules over a HAR capture: its fileops GET entries in `startedDateTime` order.
//!
//! The validation pass reads a HAR entry by entry; this pass re-reads it to order the fileops
//! entries by `startedDateTime` (file order breaks ties and stands in for a missing or
//! unparsable date), then again to feed each 2xx body's operations to a [`Tracker`] in that
//! order, holding a bounded number of bodies (see [`check`]). Findings point into
//! the HAR as stored, inside the body's string literal, like every other HAR violation.

use std::io::{self, Read};

use jsonschema::JsonType;

use super::SequenceOptions;
use super::facts::OpFacts;
use super::tracker::{DocRef, Target, Tracker};
use crate::check::value::Scratch;
use crate::input::har::{self, Body, Entry};
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::json::tape::{TapeValue, last_wins};
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

/// Sequence findings (and the timeline) of the HAR that `open` reads, named `input`. A HAR that
/// does not walk yields nothing here: the validation pass reports why.
///
/// Memory stays bounded however large the HAR: a first read keeps only each fileops entry's
/// index and date; then entries are judged in date order, each read holding one body plus at
/// most `limit` bytes of bodies that arrived before their turn. Browsers write entries in the
/// order they started, so one more read is the rule; a HAR in another order costs a read per
/// `limit` bytes of bodies it holds out of order. No value larger than `limit` is held.
///
/// # Errors
/// Only when reading fails.
pub fn check<R: Read>(
    input: &str,
    open: impl Fn() -> io::Result<R>,
    options: SequenceOptions,
    limit: usize,
) -> io::Result<Report> {
    // The entries' order: by date, file order breaking ties; an entry without a usable date
    // keeps its place among those before and after it.
    let mut keys: Vec<(Option<i128>, usize)> = Vec::new();
    let mut last = None;
    walk(open()?, limit, |index, _, started| {
        let key = started.or(last);
        last = key;
        keys.push((key, index));
    })?;
    keys.sort_unstable();
    let rank: std::collections::HashMap<usize, usize> = keys
        .iter()
        .enumerate()
        .map(|(rank, &(_, index))| (index, rank))
        .collect();
    let mut report = Report::default();
    let mut tracker = Tracker::new(input, options.timeline);
    let mut next = 0;
    while next < keys.len() {
        let before = next;
        let mut early: std::collections::BTreeMap<usize, Poll> = Default::default();
        let mut held = 0usize;
        walk(open()?, limit, |index, poll, _| {
            // An entry the first read did not see (the file changed under us) is skipped.
            let Some(&r) = rank.get(&index) else { return };
            if r == next {
                judge(&mut report, &mut tracker, input, &poll(), options);
                next += 1;
                while let Some(p) = early.remove(&next) {
                    held -= p.response.len();
                    judge(&mut report, &mut tracker, input, &p, options);
                    next += 1;
                }
            } else if r > next {
                let p = poll();
                // Over the budget, the body waits for a later read.
                if held + p.response.len() <= limit {
                    held += p.response.len();
                    early.insert(r, p);
                }
            }
        })?;
        if next == before {
            // The file changed between reads: what is left cannot be put in order.
            break;
        }
    }
    if options.timeline {
        report.timeline = tracker.finish();
    }
    Ok(report)
}

/// Reads the fileops entries of a HAR in file order, giving each one's index, a way to take its
/// poll, and its date. A HAR that does not walk is not an error here (see [`check`]).
fn walk<R: Read>(
    reader: R,
    limit: usize,
    mut each: impl FnMut(usize, &mut dyn FnMut() -> Poll, Option<i128>),
) -> io::Result<()> {
    let walked = har::walk_limited(reader, limit, |index, entry| {
        if let Entry::Fileops {
            response,
            at,
            started,
        } = entry
        {
            let started = started.as_deref().and_then(rfc3339_ticks);
            let mut response = Some(response);
            let mut take = || Poll {
                index,
                started,
                response: response.take().unwrap_or_default(),
                at,
            };
            each(index, &mut take, started);
        }
    });
    match walked {
        Err(har::WalkError {
            error: crate::json::scan::ScanError::Io(e),
            ..
        }) => Err(e),
        _ => Ok(()),
    }
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
    // Parsed as the validation pass parses a body (simd-json, onto a tape), not into a tree.
    let mut scratch = Scratch::default();
    scratch.with_tape(&body.bytes, |parsed| {
        let Ok(nodes) = parsed else {
            return;
        };
        // A repeated name: the last one counts, as everywhere else in the checks.
        let mut repeated = Vec::new();
        crate::check::rules::duplicate_keys(
            TapeValue::root(nodes),
            &Pointer::root(),
            &mut repeated,
        );
        if !repeated.is_empty() {
            *nodes = last_wins(nodes);
        }
        follow(
            report,
            tracker,
            input,
            poll,
            &body,
            TapeValue::root(nodes),
            options,
        );
    });
}

/// [`judge`] once the body is parsed: `document` is its root.
fn follow(
    report: &mut Report,
    tracker: &mut Tracker,
    input: &str,
    poll: &Poll,
    body: &Body,
    document: TapeValue<'_>,
    options: SequenceOptions,
) {
    let (ops, prefix) = match document.json_type() {
        JsonType::Array => (document, Pointer::root()),
        JsonType::Object => match document.get("response") {
            Some(ops) if ops.json_type() == JsonType::Array => {
                (ops, Pointer::root().key("response"))
            }
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
            crate::report::Finding::new(pointer, f.rule, crate::report::Kind::Sequence(f.fact))
                .into_violation(input, poll.index, at, vec![Layer::Sequence], f.severity),
        );
    };
    for (i, op) in ops.elements().enumerate() {
        let Some(facts) = OpFacts::of_tape(op) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A HAR of `n` polls of one operation whose progress grows, written in reverse date order,
    /// with one regression (two polls' dates swapped) to find.
    fn reversed_har(n: usize) -> Vec<u8> {
        let mut entries: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let progress = if i == n / 2 { 1 } else { i };
                let body = format!(
                    "{{\"response\":[{{\"id\":\"op\",\"Operation\":1,\"progress\":{progress},\
                     \"finished\":false}}],\"count\":1}}"
                );
                serde_json::json!({"startedDateTime": format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
                    "time": 1,
                    "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
                    "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}})
            })
            .collect();
        entries.reverse();
        serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": entries}}))
            .unwrap()
    }

    fn run(har: &[u8], limit: usize) -> Report {
        let options = SequenceOptions {
            rules: true,
            timeline: true,
        };
        check("s.har", || Ok(har), options, limit).unwrap()
    }

    /// However small the budget for bodies that come before their turn, the findings and the
    /// timeline are those of an unbounded run: more reads, the same verdict.
    #[test]
    fn a_har_out_of_date_order_is_judged_the_same_within_any_budget() {
        let har = reversed_har(40);
        let unbounded = run(&har, usize::MAX);
        assert_eq!(unbounded.violations.len(), 1, "{:?}", unbounded.violations);
        assert_eq!(unbounded.violations[0].rule, "sequence-progress-regressed");
        // A response object is ~260 bytes here: room for one early body, then for none.
        for limit in [600, 300] {
            let bounded = run(&har, limit);
            assert_eq!(bounded.violations, unbounded.violations, "limit {limit}");
            assert_eq!(bounded.timeline, unbounded.timeline, "limit {limit}");
        }
    }

    /// The user's --max-document-size holds here too: a body over it is a read error, not an
    /// allocation. (The scanner checks the limit as its buffer grows, in 64 KiB reads.)
    #[test]
    fn a_body_over_the_limit_is_an_error() {
        let big = "x".repeat(300_000);
        let body = format!("{{\"response\":[{{\"id\":\"{big}\"}}],\"count\":1}}");
        let har = serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
             "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
             "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}}
        ]}}))
        .unwrap();
        let options = SequenceOptions {
            rules: true,
            timeline: false,
        };
        let e = check("s.har", || Ok(&har[..]), options, 100_000).unwrap_err();
        assert!(crate::input::limit::is_too_large(&e), "{e}");
        assert!(check("s.har", || Ok(&har[..]), options, 1 << 20).is_ok());
    }
}
