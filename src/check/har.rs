//! Validating the fileops responses of a HAR capture: each 2xx body through the caller's check
//! (the one pipeline every input takes), each other status against the DocSpace error envelope,
//! and every violation moved back to where its bytes are stored in the HAR.
//!
//! [`crate::input::har`] reads the HAR (the walk, the bodies); this is the check stage's part.
//! `document` in a violation is the entry's index.

use std::io::{self, Read};

use crate::check::sequence::har::BodyFacts;
use crate::input::har::{Body, Entry, HarProblem, NoBody, WalkError, walk_limited};
use crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE;
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::json::scan::ScanError;
use crate::report::snippet::Snippet;
use crate::report::{
    Finding, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity, Violation,
};

/// Validates the fileops responses in a HAR. `check` validates one decoded 2xx body (named
/// `input`); its violations come back located in the HAR.
///
/// # Errors
/// Only when reading fails; a malformed HAR is a violation.
pub fn validate<R: Read>(
    input: &str,
    reader: R,
    check: &dyn Fn(&[u8]) -> Report,
) -> io::Result<Report> {
    validate_limited(input, reader, DEFAULT_MAX_DOCUMENT_SIZE, check)
}

/// [`validate`], holding no `request` or `response` larger than `limit` bytes.
///
/// # Errors
/// When reading fails, or a value exceeds `limit` ([`crate::input::limit::too_large`]).
pub fn validate_limited<R: Read>(
    input: &str,
    reader: R,
    limit: usize,
    check: &dyn Fn(&[u8]) -> Report,
) -> io::Result<Report> {
    validate_following(
        input,
        reader,
        limit,
        &|body| (check(body), None),
        &mut |_| {},
    )
}

/// The check of one 2xx body: its report, and its operations' sequence facts when the check
/// has them (see [`BodyFacts`]).
pub(crate) type BodyCheck<'c> = &'c dyn Fn(&[u8]) -> (Report, Option<BodyFacts>);

/// A fileops entry as the validation pass met it, handed on once it is checked.
pub(crate) struct Met<'a> {
    /// The entry's index among all entries.
    pub index: usize,
    /// Its `startedDateTime`, as stored.
    pub started: Option<&'a str>,
    /// Its `response` object, as stored.
    pub response: Vec<u8>,
    /// Where the response object starts.
    pub at: Position,
    /// The body, when it decoded.
    pub body: Option<&'a Body>,
    /// Its operations' sequence facts, when the check found them reliably.
    pub facts: Option<BodyFacts>,
}

/// [`validate_limited`], handing each fileops entry to `follow` in file order once it is
/// checked, so that the sequence rules can follow the polls in the same read
/// ([`crate::check::sequence::har::InFileOrder`]). `check` gives each 2xx body's report, and
/// its operations' sequence facts when it has them, for `follow`.
///
/// # Errors
/// As [`validate_limited`].
pub(crate) fn validate_following<R: Read>(
    input: &str,
    reader: R,
    limit: usize,
    check: BodyCheck<'_>,
    follow: &mut dyn FnMut(Met<'_>),
) -> io::Result<Report> {
    let mut report = Report::default();
    report.summary.inputs = 1;
    let mut record = InputRecord {
        name: input.to_owned(),
        documents: Vec::new(),
    };
    let walked = walk_limited(reader, limit, |index, entry| match entry {
        Entry::Ignored => report.summary.ignored_entries += 1,
        Entry::NoResponse { at } => {
            record.push(index);
            report.push(har_violation(
                input,
                index,
                at,
                Severity::Warning,
                HarProblem::NoResponse,
            ));
        }
        Entry::Fileops {
            response,
            at,
            started,
        } => {
            record.push(index);
            let (body, facts) = check_entry(&mut report, input, index, &response, at, check);
            follow(Met {
                index,
                started: started.as_deref(),
                response,
                at,
                body: body.as_ref(),
                facts,
            });
        }
        Entry::Malformed { at, problem } => {
            record.push(index);
            report.push(har_violation(input, index, at, Severity::Error, problem));
        }
    });
    match walked {
        Ok(true) => {}
        Ok(false) => report.push(har_violation(
            input,
            0,
            Position::START,
            Severity::Error,
            HarProblem::NotAHarLog,
        )),
        Err(WalkError {
            error: ScanError::Io(e),
            ..
        }) => return Err(e),
        Err(WalkError {
            error:
                ScanError::Syntax {
                    at,
                    message,
                    snippet,
                },
            entry,
        }) => {
            let document = entry.unwrap_or(0);
            report.push_with_snippet(
                || snippet,
                Finding::new(
                    Pointer::root(),
                    Rule::Syntax,
                    Kind::Syntax {
                        message: format!("HAR: {message}"),
                    },
                )
                .into_violation(
                    input,
                    document,
                    at,
                    vec![Layer::Syntax],
                    Severity::Error,
                ),
            );
        }
    }
    report.inputs.push(record);
    Ok(report)
}

/// Checks one fileops response and adds what it finds to `report`; the body, when it decodes,
/// and what `check` gave of its operations' facts.
fn check_entry(
    report: &mut Report,
    input: &str,
    index: usize,
    response: &[u8],
    at: Position,
    check: BodyCheck<'_>,
) -> (Option<Body>, Option<BodyFacts>) {
    let body = match Body::from_response(response) {
        Ok(body) => body,
        Err(NoBody::Missing { status }) => {
            let found = locate(response, &["content"]);
            let at = at.advanced_by(&response[..found.value]);
            // A 2xx response must carry the payload (as an empty `.json` is an error); a
            // missing error body only leaves the envelope unchecked.
            let severity = if (200..300).contains(&status) {
                report.summary.documents += 1;
                Severity::Error
            } else {
                report.summary.error_responses += 1;
                Severity::Warning
            };
            report.push(har_violation(
                input,
                index,
                at,
                severity,
                HarProblem::NoBody { status },
            ));
            return (None, None);
        }
        Err(NoBody::Broken { offset, problem }) => {
            report.summary.documents += 1;
            report.push(har_violation(
                input,
                index,
                at.advanced_by(&response[..offset.min(response.len())]),
                Severity::Error,
                problem,
            ));
            return (None, None);
        }
    };
    let mut facts = None;
    let mut found = if (200..300).contains(&body.status) {
        let (mut found, followed) = check(&body.bytes);
        facts = followed;
        found.summary.inputs = 0;
        found.inputs.clear();
        found
    } else {
        let mut found = Report::default();
        found.summary.error_responses = 1;
        for (offset, finding, severity) in
            crate::check::rules::error_response::check(&body.bytes, body.status)
        {
            let at = Position {
                offset: offset as u64,
                ..Position::START
            };
            found.push(finding.into_violation(input, 0, at, vec![Layer::Schema], severity));
        }
        found
    };
    relocate(&mut found, &body, response, at, index);
    report.merge(found);
    (Some(body), facts)
}

/// Moves violations found in a decoded body to where the body sits in the HAR.
///
/// Linear in the response's size plus n log n in the violations: positions are counted in one
/// forward pass over the violations sorted by offset (they do not always come in body order),
/// and raw offsets are found in one pass over the literal. (Counting from the entry's start for
/// each violation made 50k violations in a 6 MB HAR take minutes; snippets are windowed by
/// `Snippet::around` itself.)
fn relocate(found: &mut Report, body: &Body, response: &[u8], at: Position, index: usize) {
    let note = " (the body is base64-encoded in the HAR: the position is the start of its text)";
    let decoded = |v: &Violation| usize::try_from(v.offset).unwrap_or(usize::MAX);
    let mut order: Vec<usize> = (0..found.violations.len()).collect();
    order.sort_by_key(|&i| decoded(&found.violations[i]));
    let offsets: Vec<usize> = order
        .iter()
        .map(|&i| decoded(&found.violations[i]))
        .collect();
    // Raw offsets grow with decoded ones, so they come out sorted too.
    let raws = body.raw_offsets(response, &offsets);
    let (mut pos, mut done) = (at, 0usize);
    let snippets = !found.without_snippets;
    for (&i, &raw) in order.iter().zip(&raws) {
        let raw = raw.min(response.len()).max(done);
        pos = pos.advanced_by(&response[done..raw]);
        done = raw;
        let v = &mut found.violations[i];
        v.document = index;
        v.line = pos.line;
        v.column = pos.column;
        v.offset = pos.offset;
        v.snippet = snippets.then(|| Snippet::around(response, raw));
        if body.is_base64() {
            v.message.push_str(note);
        }
    }
}

fn har_violation(
    input: &str,
    document: usize,
    at: Position,
    severity: Severity,
    problem: HarProblem,
) -> Violation {
    Finding::new(Pointer::root(), Rule::Har, Kind::Har(problem)).into_violation(
        input,
        document,
        at,
        vec![Layer::Syntax],
        severity,
    )
}
