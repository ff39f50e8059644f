//! The sequence rules over a HAR capture: its fileops GET entries in `startedDateTime` order.
//!
//! The validation pass reads a HAR entry by entry. When the entries come in date order, as
//! browsers write them, [`InFileOrder`] follows the polls in that read. Otherwise the fileops
//! entries are ordered by `startedDateTime` (file order breaks ties and stands in for a missing
//! or unparsable date), and the HAR is read again to feed each 2xx body's operations to a
//! [`Tracker`] in that order, holding a bounded number of bodies (see [`check`]). Findings
//! point into the HAR as stored, inside the body's string literal, like every other HAR
//! violation.

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

/// The sequence facts of one body's operations, as the validation pass found them checking the
/// body. The pass gives them only for a body that is one complete document, with no syntax
/// finding, that lists operations: of such a body they are exactly what [`judge_body`] reads
/// from a parse of its own, so the body is not parsed again.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// Whether the operations are the `response` list of an envelope (else a bare list).
    pub(crate) in_response: bool,
    /// Each operation that has facts: its index in the list, and its facts.
    pub(crate) ops: Vec<(usize, OpFacts)>,
}

/// Sequence findings (and the timeline) of the HAR that `open` reads, named `input`. A HAR that
/// does not walk yields nothing here: the validation pass reports why.
///
/// Memory stays bounded however large the HAR: a first read keeps only each fileops entry's
/// index and date; then entries are judged in date order, each read holding one body plus at
/// most `limit` bytes of bodies that arrived before their turn. Browsers write entries in the
/// order they started, so one more read is the rule; a HAR in another order costs a read per
/// `limit` bytes of bodies it holds out of order. No value larger than `limit` is held. (The
/// validation pass gathers the keys as it goes, and calls [`check_keyed`] instead.)
///
/// # Errors
/// Only when reading fails.
pub fn check<R: Read>(
    input: &str,
    open: impl Fn() -> io::Result<R>,
    options: SequenceOptions,
    limit: usize,
) -> io::Result<Report> {
    let mut keys = Keys::default();
    walk(open()?, limit, |index, _, started| {
        keys.push(index, started);
    })?;
    check_keyed(input, open, options, limit, keys)
}

/// The fileops entries' order keys, in file order: each entry's date, or the one before it when
/// it has none (so it keeps its place among those before and after it), and its index.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    keys: Vec<(Option<i128>, usize)>,
    last: Option<i128>,
}

impl Keys {
    /// The next fileops entry in file order, and its date. Whether it comes in date order.
    fn push(&mut self, index: usize, started: Option<i128>) -> bool {
        let key = started.or(self.last);
        let ordered = key >= self.last;
        self.last = key;
        self.keys.push((key, index));
        ordered
    }
}

/// [`check`], the entries' keys read already (by the validation pass: [`InFileOrder`]).
///
/// # Errors
/// Only when reading fails.
pub(crate) fn check_keyed<R: Read>(
    input: &str,
    open: impl Fn() -> io::Result<R>,
    options: SequenceOptions,
    limit: usize,
    keys: Keys,
) -> io::Result<Report> {
    // The entries' order: by date, file order breaking ties.
    let mut keys = keys.keys;
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

/// The sequence rules followed during the validation pass, entry by entry in file order.
///
/// Browsers write entries in the order they started, so file order is nearly always date
/// order, and then [`check`] judges the polls in file order: this judges the same polls in the
/// same order as the validation pass meets them, and gives [`check`]'s report without reading
/// the HAR twice more (a third of a 180 MB HAR's time, BENCHMARKS.md). The first entry dated
/// before the one it follows stops it; [`InFileOrder::finish`] then gives the entries' keys,
/// and [`check_keyed`] must read the HAR once more, in date order.
pub(crate) struct InFileOrder<'i> {
    input: &'i str,
    options: SequenceOptions,
    report: Report,
    tracker: Tracker,
    /// Every entry's key so far, for [`check_keyed`].
    keys: Keys,
    in_order: bool,
}

impl<'i> InFileOrder<'i> {
    pub(crate) fn new(input: &'i str, options: SequenceOptions) -> Self {
        InFileOrder {
            input,
            options,
            report: Report::default(),
            tracker: Tracker::new(input, options.timeline),
            keys: Keys::default(),
            in_order: true,
        }
    }

    /// The next fileops entry in file order, once the validation pass has checked it.
    pub(crate) fn entry(&mut self, met: crate::check::har::Met<'_>) {
        let started = met.started.and_then(rfc3339_ticks);
        // Entries with equal keys keep their file order in [`check_keyed`] too.
        if !self.keys.push(met.index, started) && self.in_order {
            // What was found so far is found again by [`check_keyed`]: nothing here is kept.
            self.in_order = false;
            self.report = Report::default();
            self.tracker = Tracker::new(self.input, false);
        }
        if !self.in_order {
            return;
        }
        let Some(body) = met.body else {
            // [`judge`] passes over an entry whose body does not decode.
            return;
        };
        let poll = Poll {
            index: met.index,
            started,
            response: met.response,
            at: met.at,
        };
        match met.facts {
            // The validation pass has read the operations' facts already.
            Some(facts) if (200..300).contains(&body.status) => follow(
                &mut self.report,
                &mut self.tracker,
                self.input,
                &poll,
                body,
                facts,
                self.options,
            ),
            _ => judge_body(
                &mut self.report,
                &mut self.tracker,
                self.input,
                &poll,
                body,
                self.options,
            ),
        }
    }

    /// [`check`]'s report, when every entry came in date order; otherwise every entry's key,
    /// for [`check_keyed`].
    pub(crate) fn finish(mut self) -> Result<Report, Keys> {
        if !self.in_order {
            return Err(self.keys);
        }
        if self.options.timeline {
            self.report.timeline = self.tracker.finish();
        }
        Ok(self.report)
    }
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
    judge_body(report, tracker, input, poll, &body, options);
}

/// [`judge`] once the poll's body is decoded.
fn judge_body(
    report: &mut Report,
    tracker: &mut Tracker,
    input: &str,
    poll: &Poll,
    body: &Body,
    options: SequenceOptions,
) {
    if !(200..300).contains(&body.status) {
        return;
    }
    if let Some(facts) = parsed_facts(&body.bytes) {
        follow(report, tracker, input, poll, body, facts, options);
    }
}

/// The facts of a body's operations, read from a parse of its own (simd-json, onto a tape, as
/// the validation pass parses a body, not into a tree). `None` for a body that does not parse
/// or lists no operations: it has no polls to follow.
pub(crate) fn parsed_facts(bytes: &[u8]) -> Option<BodyFacts> {
    let mut scratch = Scratch::default();
    scratch.with_tape(bytes, |parsed| {
        let nodes = parsed.ok()?;
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
        let document = TapeValue::root(nodes);
        // A bare list, or the `response` list of an envelope.
        let (ops, in_response) = match document.json_type() {
            JsonType::Array => (document, false),
            JsonType::Object => match document.get("response") {
                Some(ops) if ops.json_type() == JsonType::Array => (ops, true),
                _ => return None,
            },
            _ => return None,
        };
        let ops = ops
            .elements()
            .enumerate()
            .filter_map(|(i, op)| Some((i, OpFacts::of_tape(op)?)))
            .collect();
        Some(BodyFacts { in_response, ops })
    })
}

/// Feeds one poll's operations to the tracker, and reports what it finds.
fn follow(
    report: &mut Report,
    tracker: &mut Tracker,
    input: &str,
    poll: &Poll,
    body: &Body,
    facts: BodyFacts,
    options: SequenceOptions,
) {
    let prefix = if facts.in_response {
        Pointer::root().key("response")
    } else {
        Pointer::root()
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
            || Snippet::around(&poll.response, raw),
            crate::report::Finding::new(pointer, f.rule, crate::report::Kind::Sequence(f.fact))
                .into_violation(input, poll.index, at, vec![Layer::Sequence], f.severity),
        );
    };
    for (i, op) in facts.ops {
        for f in tracker.observe(&op) {
            let op_pointer = prefix.index(i);
            let (pointer, offset) = match f.target {
                Target::Member(name) => {
                    let member = op_pointer.key(name);
                    let tokens: Vec<_> = member.tokens().collect();
                    let found = locate(&body.bytes, &tokens);
                    if found.exact {
                        (member, found.value)
                    } else {
                        let tokens: Vec<_> = op_pointer.tokens().collect();
                        let value = locate(&body.bytes, &tokens).value;
                        (op_pointer, value)
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
        let mut entries = polls(n, |i| Some(started(i)));
        entries.reverse();
        har_of(entries)
    }

    fn started(i: usize) -> String {
        format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60)
    }

    /// `n` polls of one operation whose progress grows but for one regression, the `i`th dated
    /// `date(i)` (no `startedDateTime` for `None`).
    fn polls(n: usize, date: impl Fn(usize) -> Option<String>) -> Vec<serde_json::Value> {
        (0..n)
            .map(|i| {
                let progress = if i == n / 2 { 1 } else { i };
                let body = format!(
                    "{{\"response\":[{{\"id\":\"op\",\"Operation\":1,\"progress\":{progress},\
                     \"finished\":false}}],\"count\":1}}"
                );
                let mut entry = serde_json::json!({"time": 1,
                    "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
                    "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}});
                if let Some(date) = date(i) {
                    entry["startedDateTime"] = date.into();
                }
                entry
            })
            .collect()
    }

    fn har_of(entries: Vec<serde_json::Value>) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": entries}}))
            .unwrap()
    }

    /// The sequence report of the validation pass's own read, when its polls were in order;
    /// else the entries' keys it gathered.
    fn followed(har: &[u8]) -> Result<Report, Keys> {
        let options = SequenceOptions {
            rules: true,
            timeline: true,
        };
        let mut follower = InFileOrder::new("s.har", options);
        crate::check::har::validate_following(
            "s.har",
            har,
            usize::MAX,
            &|_| (Report::default(), None),
            &mut |met| follower.entry(met),
        )
        .unwrap();
        follower.finish()
    }

    /// [`check`]'s report of `har`, reading it once with the keys `keys`: how many reads that
    /// took, and the report.
    fn keyed(har: &[u8], keys: Keys) -> (usize, Report) {
        let options = SequenceOptions {
            rules: true,
            timeline: true,
        };
        let opens = std::cell::Cell::new(0);
        let open = || {
            opens.set(opens.get() + 1);
            Ok(har)
        };
        let report = check_keyed("s.har", open, options, usize::MAX, keys).unwrap();
        (opens.get(), report)
    }

    /// Polls in date order are judged in the validation pass's read exactly as [`check`]
    /// judges them reading the HAR twice more: with every poll dated, with equal dates, with
    /// dates missing or unreadable (which keep their place), and with a body that does not
    /// decode. Polls out of date order are left to [`check_keyed`], which gets [`check`]'s
    /// report in one more read with the keys the validation pass gathered.
    #[test]
    fn polls_in_date_order_are_followed_in_the_validation_read() {
        let n = 40;
        let dated: [&dyn Fn(usize) -> Option<String>; 4] = [
            &|i| Some(started(i)),
            &|i| Some(started(i / 3)),
            &|i| (i % 4 != 1).then(|| started(i)),
            &|i| {
                Some(if i % 5 == 2 {
                    "yesterday".to_owned()
                } else {
                    started(i)
                })
            },
        ];
        for (k, date) in dated.iter().enumerate() {
            let mut entries = polls(n, date);
            if k == 3 {
                entries[7]["response"]["content"]["encoding"] = "base64".into();
                entries[7]["response"]["content"]["text"] = "%%%".into();
                entries[9]["response"]["content"]["text"] = "{\"response\": [".into();
            }
            let har = har_of(entries.clone());
            let checked = run(&har, usize::MAX);
            assert_eq!(checked.violations.len(), 1, "{k}: {:?}", checked.violations);
            let report = followed(&har).unwrap_or_else(|_| panic!("{k}: out of order"));
            assert_eq!(report.violations, checked.violations, "{k}");
            assert_eq!(report.timeline, checked.timeline, "{k}");
            assert!(!report.timeline.is_empty(), "{k}");
            // The same polls out of date order, in three ways.
            let mut reversed = entries.clone();
            reversed.reverse();
            let mut swapped = entries.clone();
            swapped.swap(20, 30);
            let mut rotated = entries;
            rotated.rotate_left(n / 3);
            for (way, entries) in [
                ("reversed", reversed),
                ("swapped", swapped),
                ("rotated", rotated),
            ] {
                let har = har_of(entries);
                let keys = followed(&har).expect_err("out of order");
                let checked = run(&har, usize::MAX);
                assert_eq!(keyed(&har, keys), (1, checked), "{k}, {way}");
            }
        }
        assert!(followed(&reversed_har(n)).is_err());
        // One poll dated before the one it follows is enough.
        let mut entries = polls(n, |i| Some(started(i)));
        entries[30]["startedDateTime"] = started(29).into();
        entries[29]["startedDateTime"] = started(30).into();
        let har = har_of(entries);
        let keys = followed(&har).expect_err("out of order");
        assert_eq!(keyed(&har, keys), (1, run(&har, usize::MAX)));
    }

    /// The sequence report of the validation pass's own read, its polls in order, each body
    /// checked by `check`; with how many bodies came with their operations' facts.
    fn followed_with(
        har: &[u8],
        check: crate::check::har::BodyCheck<'_>,
    ) -> (Option<Report>, usize) {
        let options = SequenceOptions {
            rules: true,
            timeline: true,
        };
        let mut follower = InFileOrder::new("s.har", options);
        let mut with_facts = 0;
        crate::check::har::validate_following("s.har", har, usize::MAX, check, &mut |met| {
            with_facts += usize::from(met.facts.is_some());
            follower.entry(met);
        })
        .unwrap();
        (follower.finish().ok(), with_facts)
    }

    /// An operation with the members the sequence rules read.
    fn op(id: &str, kind: &str, progress: &str, finished: &str, more: &str) -> String {
        format!(
            "{{\"id\":{id},\"Operation\":{kind},\"progress\":{progress},\"finished\":{finished}\
             ,\"processed\":\"1\"{more}}}"
        )
    }

    /// The facts the validation pass reads of each body's operations are those [`judge_body`]
    /// reads from a parse of the body: polls followed with them get the same findings, at the
    /// same places, and the same timeline. The pass gives facts for every well-formed body that
    /// lists operations, and none for a body it cannot vouch for (repeated names, a syntax
    /// error, a byte order mark, two documents, no list), which is parsed again.
    #[test]
    fn facts_from_the_validation_pass_judge_as_a_parse_of_the_body_does() {
        let listing: Vec<String> = vec![
            format!(
                "{{\"response\":[{}],\"count\":1}}",
                op("\"a\"", "1", "10", "false", "")
            ),
            format!(
                "{{\"response\":[{},{}],\"count\":2}}",
                op("\"a\"", "1", "5", "false", ",\"error\":\"\""),
                op("\"b\"", "\"Copy\"", "50", "false", ",\"url\":\"u\"")
            ),
            format!("[{},7,null]", op("\"b\"", "2", "40", "true", "")),
            format!(
                "{{\"count\":2, \"response\" : [{}, {}]}}",
                op("\"a\"", "1", "100", "true", ",\"error\":\"boom\""),
                op("\"a\"", "1", "90", "false", "")
            ),
            format!(
                "[{},{{\"no\":\"id\"}}]",
                op("\"c\"", "3", "\"7\"", "null", "")
            ),
            format!(
                "{{\"response\":[{}]}}",
                op(
                    "\"a\\u0062\"",
                    "1",
                    "30",
                    "false",
                    ",\"title\":\"\\\"q\\\"\""
                )
            ),
            "{\"response\":[],\"count\":0}".to_owned(),
            "[]".to_owned(),
        ];
        let unvouched: Vec<String> = vec![
            format!("{{\"response\":[{{\"id\":\"a\",\"id\":\"b\",\"progress\":3}}]}}"),
            format!(
                "{{\"response\":[{}],\"response\":[]}}",
                op("\"a\"", "1", "1", "false", "")
            ),
            format!(
                "{{\"response\":[{}],\"count\":",
                op("\"a\"", "1", "2", "false", "")
            ),
            format!("\u{feff}[{}]", op("\"b\"", "2", "3", "false", "")),
            format!("[{}] []", op("\"a\"", "1", "4", "false", "")),
            "{\"response\":{\"id\":\"a\"}}".to_owned(),
            "{\"count\":1}".to_owned(),
            "null".to_owned(),
            String::new(),
        ];
        let mut entries = Vec::new();
        for round in 0..3 {
            for (i, body) in listing.iter().chain(&unvouched).enumerate() {
                if (i + round) % 3 == 0 && round > 0 {
                    continue;
                }
                let mut entry = serde_json::json!({"time": 1,
                    "startedDateTime": started(entries.len()),
                    "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
                    "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}});
                if i == 1 && round == 1 {
                    entry["response"]["status"] = 500.into();
                }
                entries.push(entry);
            }
        }
        let har = har_of(entries);
        let validator = crate::check::validate::Validator::new(Default::default())
            .unwrap()
            .with_sequence(SequenceOptions {
                rules: true,
                timeline: true,
            });
        let counters = crate::counters::Counters::default();
        for body in &listing {
            let (r, f) = validator.validate_body("s.har", body.as_bytes(), &counters);
            assert!(f.is_some(), "{body}: {:?}", r.violations);
            assert_eq!(f, parsed_facts(body.as_bytes()), "{body}");
        }
        for body in &unvouched {
            let (_, f) = validator.validate_body("s.har", body.as_bytes(), &counters);
            assert!(f.is_none(), "{body}: {f:?}");
        }
        let (parsed, none) = followed_with(&har, &|_| (Report::default(), None));
        let (from_facts, with_facts) = followed_with(&har, &|body| {
            validator.validate_body("s.har", body, &counters)
        });
        let (parsed, from_facts) = (parsed.unwrap(), from_facts.unwrap());
        assert_eq!(none, 0);
        // Each listing body once per round, less those skipped (two in the second round, three
        // in the third), less the one answered 500.
        assert_eq!(with_facts, listing.len() * 3 - 5 - 1);
        let rules: std::collections::BTreeSet<_> =
            parsed.violations.iter().map(|v| v.rule).collect();
        assert!(rules.len() >= 3, "{rules:?}");
        assert_eq!(from_facts.violations, parsed.violations);
        assert_eq!(from_facts.timeline, parsed.timeline);
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
