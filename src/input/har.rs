//! HAR 1.2 captures (as browsers and proxies save them): the fileops responses they hold,
//! validated in place.
//!
//! A HAR is one JSON object, `{"log": {"entries": [...]}}`, often large (every request of a
//! session, bodies included). The walk keeps one entry's `request` and, only for a
//! `GET .../api/2.0/files/fileops`, its `response`; everything else is skipped unread. The body
//! (`response.content.text`, plain or base64) is decoded and validated like any other input; the
//! positions of its violations are then mapped back through the string escapes, so that line and
//! column point into the HAR file as stored, inside the body's string literal.
//!
//! A 2xx response must be a fileops payload. Any other status with a body must be the DocSpace
//! error envelope, checked here (rule `error-response`) and counted apart. Entries that are not
//! a fileops GET are counted and ignored. `document` in a violation is the entry's index.

use std::borrow::Cow;
use std::io::{self, Read};

use serde::Deserialize;

use crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE;
use crate::json::frame::describe_byte;
use crate::json::locate::locate;
use crate::json::position::Position;
use crate::json::scan::{ScanError, Scanner};
use crate::report::snippet::Snippet;
use crate::report::{
    Finding, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity, Violation,
};

mod problem;
pub use problem::HarProblem;

/// The path a request's URL must end with (before any query string) to be a fileops capture.
pub const ENDPOINT: &str = "/api/2.0/files/fileops";

/// Whether a request is a fileops capture: a GET whose URL path ends with [`ENDPOINT`] (ASCII
/// case-insensitively, as the server routes it; a trailing `/` is allowed).
#[must_use]
pub fn is_fileops(method: &str, url: &str) -> bool {
    let url = url.split('#').next().unwrap_or(url);
    let path = url.split('?').next().unwrap_or(url);
    let path = path.strip_suffix('/').unwrap_or(path);
    method.eq_ignore_ascii_case("GET")
        && path.len() >= ENDPOINT.len()
        && path.is_char_boundary(path.len() - ENDPOINT.len())
        && path[path.len() - ENDPOINT.len()..].eq_ignore_ascii_case(ENDPOINT)
}

/// One entry of the log, as the walk hands it on.
#[derive(Debug)]
pub enum Entry {
    /// Not a fileops GET (or not an entry at all).
    Ignored,
    /// A fileops GET: its `response` object as stored, where it starts, and the entry's
    /// `startedDateTime` (the order of polls, for the sequence rules).
    Fileops {
        response: Vec<u8>,
        at: Position,
        started: Option<String>,
    },
    /// A fileops GET whose entry has no `response` object.
    NoResponse { at: Position },
    /// An entry the walk cannot trust: not an object, no `request` or one without a string
    /// `method` and `url`, or a member given twice. Its body (if any) is not validated, since
    /// which of two responses the capture meant cannot be known.
    Malformed { at: Position, problem: HarProblem },
}

#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    method: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<Cow<'a, str>>,
}

/// Why a walk stopped early: the error, and the entry it happened in (if it was in one).
#[derive(Debug)]
pub struct WalkError {
    pub error: ScanError,
    pub entry: Option<usize>,
}

/// Walks the entries of a HAR log, calling `each` with each entry's index.
///
/// # Errors
/// When reading fails, or the text is not well-formed where the walk reads it; `Ok(false)` when
/// the text is JSON but has no `log.entries` array.
pub fn walk<R: Read>(reader: R, each: impl FnMut(usize, Entry)) -> Result<bool, WalkError> {
    walk_limited(reader, DEFAULT_MAX_DOCUMENT_SIZE, each)
}

/// [`walk`], holding no value (a `request` or `response`) larger than `limit` bytes: a larger
/// one is an I/O error of kind `InvalidData` (see [`crate::input::limit`]).
///
/// # Errors
/// As [`walk`].
pub fn walk_limited<R: Read>(
    reader: R,
    limit: usize,
    each: impl FnMut(usize, Entry),
) -> Result<bool, WalkError> {
    let mut current = None;
    walk_entries(Scanner::new(reader).with_limit(limit), each, &mut current).map_err(|error| {
        WalkError {
            error,
            entry: current,
        }
    })
}

fn walk_entries<R: Read>(
    mut scanner: Scanner<R>,
    mut each: impl FnMut(usize, Entry),
    current: &mut Option<usize>,
) -> Result<bool, ScanError> {
    if scanner.peek()? != Some(b'{') {
        return Err(scanner.error_here(
            "not a HAR file: expected the object {\"log\": {\"entries\": [...]}}".to_owned(),
        ));
    }
    let mut found = false;
    let mut logs = 0;
    scanner.members(|s, name| {
        if name != "log" || s.peek()? != Some(b'{') {
            return s.skip_value();
        }
        logs += 1;
        if logs > 1 {
            return Err(s.error_here(
                "the HAR object has a second `log` member (which one a tool reads is not \
                 defined)"
                    .to_owned(),
            ));
        }
        let mut lists = 0;
        s.members(|s, name| {
            if name != "entries" || s.peek()? != Some(b'[') {
                return s.skip_value();
            }
            lists += 1;
            if lists > 1 {
                return Err(s.error_here(
                    "`log` has a second `entries` member (which one a tool reads is not \
                     defined)"
                        .to_owned(),
                ));
            }
            found = true;
            s.elements(|s, index| {
                *current = Some(index);
                let entry = entry(s)?;
                *current = None;
                each(index, entry);
                Ok(())
            })
        })
    })?;
    // A HAR file is one object: anything after it (a second HAR, a truncated copy) would
    // otherwise be silently ignored with the entries it holds.
    if let Some(b) = scanner.peek()? {
        return Err(scanner.error_here(format!(
            "trailing content after the HAR object (found {}): a HAR file is one JSON object",
            describe_byte(b)
        )));
    }
    Ok(found)
}

/// Reads one entry, keeping its response only when the request is a fileops GET.
fn entry<R: Read>(s: &mut Scanner<R>) -> Result<Entry, ScanError> {
    let at = s.position();
    if s.peek()? != Some(b'{') {
        s.skip_value()?;
        return Ok(Entry::Malformed {
            at,
            problem: HarProblem::EntryNotAnObject,
        });
    }
    let mut fileops: Option<bool> = None;
    let mut response: Option<(Vec<u8>, Position)> = None;
    let mut problem: Option<HarProblem> = None;
    let (mut requests, mut responses) = (0, 0);
    let mut started: Option<String> = None;
    s.members(|s, name| match name.as_str() {
        "startedDateTime" => {
            let (_, bytes) = s.capture_value()?;
            started = serde_json::from_slice(bytes).ok();
            Ok(())
        }
        "request" => {
            requests += 1;
            let (_, bytes) = s.capture_value()?;
            match serde_json::from_slice::<Request<'_>>(bytes) {
                Ok(Request {
                    method: Some(method),
                    url: Some(url),
                }) => fileops = Some(is_fileops(&method, &url)),
                _ => {
                    problem.get_or_insert(HarProblem::RequestUnreadable);
                }
            }
            if fileops == Some(false) {
                response = None;
            }
            Ok(())
        }
        // In browser HARs the request comes first, so other responses are never held.
        "response" => {
            responses += 1;
            if fileops == Some(false) {
                return s.skip_value();
            }
            let (start, bytes) = s.capture_value()?;
            if response.is_none() {
                response = Some((bytes.to_vec(), start));
            }
            Ok(())
        }
        _ => s.skip_value(),
    })?;
    let duplicated = match (requests > 1, responses > 1) {
        (true, _) => Some("request"),
        (_, true) => Some("response"),
        _ => None,
    };
    if let Some(member) = duplicated {
        problem = Some(HarProblem::EntryMemberTwice { member });
    } else if requests == 0 {
        problem = Some(HarProblem::EntryWithoutRequest);
    }
    if let Some(problem) = problem {
        return Ok(Entry::Malformed { at, problem });
    }
    Ok(match (fileops, response) {
        (Some(true), Some((response, at))) => Entry::Fileops {
            response,
            at,
            started,
        },
        (Some(true), None) => Entry::NoResponse { at },
        _ => Entry::Ignored,
    })
}

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
        Entry::Fileops { response, at, .. } => {
            record.push(index);
            check_entry(&mut report, input, index, &response, at, check);
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
                snippet,
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

/// Checks one fileops response and adds what it finds to `report`.
fn check_entry(
    report: &mut Report,
    input: &str,
    index: usize,
    response: &[u8],
    at: Position,
    check: &dyn Fn(&[u8]) -> Report,
) {
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
            return;
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
            return;
        }
    };
    let mut found = if (200..300).contains(&body.status) {
        let mut found = check(&body.bytes);
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
    for (&i, &raw) in order.iter().zip(&raws) {
        let raw = raw.min(response.len()).max(done);
        pos = pos.advanced_by(&response[done..raw]);
        done = raw;
        let v = &mut found.violations[i];
        v.document = index;
        v.line = pos.line;
        v.column = pos.column;
        v.offset = pos.offset;
        v.snippet = Some(Snippet::around(response, raw));
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

mod body;
pub use body::{Body, NoBody};

#[cfg(test)]
mod tests;
