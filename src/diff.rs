//! `diff A B`: how two captured payloads differ in shape, for comparing recordings from two
//! server versions.
//!
//! A payload's shape is one line per pointer pattern (array indexes as `*`): the JSON types seen
//! there and, for enum members, the values seen:
//!
//! ```text
//! /response/*/Operation: integer {1, 3}
//! /response/*/files/*/created: string
//! ```
//!
//! The shapes of all documents of an input are merged (every line of an NDJSON file, every
//! fileops 2xx body of a HAR), and the two shapes are shown as a unified diff.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::input::har::{self, Body, Entry};
use crate::input::source::{Source, describe_io};
use crate::json::scan::{ScanError, Scanner};

/// Members whose values are listed: the enums of the payload (and of its file and folder
/// entries, as current servers send them).
pub const ENUM_MEMBERS: &[&str] = &[
    "Operation",
    "status",
    "statusCode",
    "access",
    "rootFolderType",
    "parentRoomType",
    "fileEntryType",
    "fileType",
    "fileStatus",
    "thumbnailStatus",
    "roomType",
    "type",
];

/// Values listed per member at most; more are summarised as `…`.
const MAX_VALUES: usize = 16;

/// An enum value seen: integers sort numerically, before strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Int(i64),
    Str(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Place {
    types: BTreeSet<&'static str>,
    values: BTreeSet<Seen>,
    more: bool,
}

/// The shape of one or more payloads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    places: BTreeMap<String, Place>,
    /// Documents merged into the shape.
    pub documents: usize,
}

impl Shape {
    /// How many pointer patterns the shape has (one line each).
    #[must_use]
    pub fn patterns(&self) -> usize {
        self.places.len()
    }

    /// Adds a document's shape.
    pub fn add(&mut self, document: &Value) {
        self.documents += 1;
        let mut stack: Vec<(String, &Value)> = vec![(String::new(), document)];
        while let Some((pattern, value)) = stack.pop() {
            let last = pattern.rsplit('/').next().unwrap_or("");
            let is_enum = ENUM_MEMBERS.contains(&last);
            let place = self.places.entry(pattern.clone()).or_default();
            place.types.insert(type_name(value));
            let seen = match value {
                Value::Number(n) if is_enum => n.as_i64().map(Seen::Int),
                Value::String(s) if is_enum => Some(Seen::Str(s.clone())),
                _ => None,
            };
            if let Some(seen) = seen {
                if place.values.len() < MAX_VALUES || place.values.contains(&seen) {
                    place.values.insert(seen);
                } else {
                    place.more = true;
                }
            }
            match value {
                Value::Array(items) => {
                    for item in items {
                        stack.push((format!("{pattern}/*"), item));
                    }
                }
                Value::Object(members) => {
                    for (name, member) in members {
                        let token = name.replace('~', "~0").replace('/', "~1");
                        stack.push((format!("{pattern}/{token}"), member));
                    }
                }
                _ => {}
            }
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (pattern, place) in &self.places {
            let pattern = if pattern.is_empty() {
                "(document)"
            } else {
                pattern
            };
            let types: Vec<&str> = place.types.iter().copied().collect();
            write!(f, "{pattern}: {}", types.join(" | "))?;
            if !place.values.is_empty() {
                let mut values: Vec<String> = place
                    .values
                    .iter()
                    .map(|v| match v {
                        Seen::Int(i) => i.to_string(),
                        Seen::Str(s) => format!("{s:?}"),
                    })
                    .collect();
                if place.more {
                    values.push("…".to_owned());
                }
                write!(f, " {{{}}}", values.join(", "))?;
            }
            f.write_char('\n')?;
        }
        Ok(())
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The shape of the payload(s) in a file (JSON, NDJSON, HAR; also `.gz`).
///
/// # Errors
/// When the file cannot be read or is not well-formed JSON.
pub fn shape_of(path: &Path) -> Result<Shape, String> {
    let source = Source::File(path.to_owned());
    let name = source.name();
    let reader = source
        .open()
        .map_err(|e| format!("{name}: {}", describe_io(&e)))?;
    shape_of_reader(&name, reader, source.is_har())
}

/// The shape of the payload(s) `reader` yields (a HAR's fileops bodies when `har`), for an
/// input named `name` in messages.
///
/// # Errors
/// When reading fails or the text is not well-formed JSON.
pub fn shape_of_reader<R: Read>(name: &str, reader: R, har: bool) -> Result<Shape, String> {
    let mut shape = Shape::default();
    let fail = |e: ScanError| match e {
        ScanError::Io(e) => format!("{name}: {}", describe_io(&e)),
        ScanError::Syntax { at, message, .. } => {
            format!("{name}:{}:{}: {message}", at.line, at.column)
        }
    };
    if har {
        let mut broken = None;
        let found = har::walk(reader, |index, entry| {
            let response = match entry {
                Entry::Fileops { response, .. } => response,
                Entry::Malformed { problem, .. } => {
                    broken.get_or_insert_with(|| format!("{name}: entry {index}: {problem}"));
                    return;
                }
                Entry::Ignored | Entry::NoResponse { .. } => return,
            };
            if let Ok(body) = Body::from_response(&response)
                && (200..300).contains(&body.status)
                && let Err(e) = documents(&body.bytes[..], &mut shape)
                && broken.is_none()
            {
                broken = Some(format!("{name}: entry {index}: {}", fail_plain(e)));
            }
        })
        .map_err(|e| fail(e.error))?;
        if !found {
            return Err(format!("{name}: not a HAR 1.2 log (no log.entries array)"));
        }
        if let Some(e) = broken {
            return Err(e);
        }
    } else {
        documents(reader, &mut shape).map_err(fail)?;
    }
    Ok(shape)
}

fn fail_plain(e: ScanError) -> String {
    match e {
        ScanError::Io(e) => describe_io(&e),
        ScanError::Syntax { at, message, .. } => {
            format!("body line {}, column {}: {message}", at.line, at.column)
        }
    }
}

/// Adds every document `reader` holds to `shape`.
fn documents<R: Read>(reader: R, shape: &mut Shape) -> Result<(), ScanError> {
    let mut scanner = Scanner::new(reader);
    while scanner.peek()?.is_some() {
        let (at, bytes) = scanner.capture_raw()?;
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => shape.add(&value),
            Err(e) => {
                let offset = crate::check::custom::offset_of(bytes, e.line(), e.column());
                return Err(ScanError::Syntax {
                    at: at.advanced_by(&bytes[..offset]),
                    message: format!("malformed JSON: {e}"),
                    snippet: crate::report::snippet::Snippet::around(bytes, offset),
                });
            }
        }
    }
    if shape.documents == 0 {
        return Err(scanner.error_here("empty input: no JSON document".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_types_and_enum_values_per_pattern() {
        let mut shape = Shape::default();
        shape.add(&serde_json::json!({"response": [
            {"Operation": 1, "files": [{"access": 2, "created": "x"}, {"access": 0}]},
            {"Operation": "Copy", "progress": 5.5, "a/b": null}
        ]}));
        assert_eq!(
            shape.to_string(),
            "(document): object\n\
             /response: array\n\
             /response/*: object\n\
             /response/*/Operation: integer | string {1, \"Copy\"}\n\
             /response/*/a~1b: null\n\
             /response/*/files: array\n\
             /response/*/files/*: object\n\
             /response/*/files/*/access: integer {0, 2}\n\
             /response/*/files/*/created: string\n\
             /response/*/progress: number\n"
        );
    }
}
