//! HAR 1.2 captures (as browsers and proxies save them): reading the fileops responses they hold.
//!
//! A HAR is one JSON object, `{"log": {"entries": [...]}}`, often large (every request of a
//! session, bodies included). The walk keeps one entry's `request` and, only for a
//! `GET .../api/2.0/files/fileops`, its `response`; everything else is skipped unread. The body
//! (`response.content.text`, plain or base64) is decoded ([`Body`]), with the way back from an
//! offset in the decoded body to where its bytes are stored, inside the body's string literal.
//! Validating the bodies is the check stage's ([`crate::check::har`]).

use std::borrow::Cow;
use std::io::Read;

use serde::Deserialize;

use crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE;
use crate::json::frame::describe_byte;
use crate::json::position::Position;
use crate::json::scan::{ScanError, Scanner};

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
            // A fileops response is read whole by `Body`'s parser; one met before its request
            // may be dropped unread, so it is checked here.
            let (start, bytes) = if fileops == Some(true) {
                s.capture_raw()?
            } else {
                s.capture_value()?
            };
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

mod body;
pub use body::{Body, NoBody};

#[cfg(test)]
mod tests;
