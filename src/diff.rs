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
//!
//! An input is read through the framer, as `validate` reads it: one envelope member or one
//! operation is held at a time, never a whole capture, so memory does not grow with the input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::input::har::{self, Body, Entry};
use crate::input::source::{Source, describe_io};
use crate::json::frame::{DocumentKind, Event, Framer, Recovery};
use crate::json::position::Position;
use crate::json::scan::ScanError;

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
        self.add_at(String::new(), document);
    }

    /// Adds the shape of `value`, found at pointer pattern `at` of its document.
    fn add_at(&mut self, at: String, value: &Value) {
        let mut stack: Vec<(String, &Value)> = vec![(at, value)];
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
                place.values.insert(seen);
                place.trim();
            }
            match value {
                Value::Array(items) => {
                    for item in items {
                        stack.push((format!("{pattern}/*"), item));
                    }
                }
                Value::Object(members) => {
                    for (name, member) in members {
                        stack.push((format!("{pattern}/{}", token(name)), member));
                    }
                }
                _ => {}
            }
        }
    }

    /// Notes that `pattern` holds a value of JSON type `type_name` (a container whose elements
    /// come framed one by one).
    fn add_type(&mut self, pattern: &str, type_name: &'static str) {
        self.places
            .entry(pattern.to_owned())
            .or_default()
            .types
            .insert(type_name);
    }

    /// Merges the places of `other` into this shape.
    fn absorb(&mut self, other: Shape) {
        for (pattern, place) in other.places {
            let mine = self.places.entry(pattern).or_default();
            mine.types.extend(place.types);
            mine.values.extend(place.values);
            mine.more |= place.more;
            mine.trim();
        }
    }
}

impl Place {
    /// Keeps the `MAX_VALUES` smallest values, noting that there were more: the list is the
    /// same whatever order the values were seen in.
    fn trim(&mut self) {
        while self.values.len() > MAX_VALUES {
            self.values.pop_last();
            self.more = true;
        }
    }
}

/// A member name as a JSON Pointer token.
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
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

/// The document being read: the shape of each top-level member (or of its operations, for a
/// `response` list), kept by name until the document ends, since the last of a repeated name
/// is the one that counts (as serde_json reads it).
struct Document {
    kind: DocumentKind,
    /// The document's own place (and a bare list's operations).
    root: Shape,
    members: BTreeMap<String, Shape>,
}

impl Document {
    fn new(kind: DocumentKind) -> Self {
        let mut root = Shape::default();
        match kind {
            DocumentKind::Object => root.add_type("", "object"),
            DocumentKind::List => root.add_type("", "array"),
            DocumentKind::Other => {}
        }
        Document {
            kind,
            root,
            members: BTreeMap::new(),
        }
    }

    /// Adds an operation: an element of a bare list (`/*`), or of the envelope's current
    /// `response` list (`/response/*`).
    fn add_operation(&mut self, value: &Value) {
        if self.kind == DocumentKind::List {
            self.root.add_at("/*".to_owned(), value);
        } else {
            let list = self.members.entry("response".to_owned()).or_default();
            list.add_at("/response/*".to_owned(), value);
        }
    }
}

/// Adds every document `reader` holds to `shape`, one framed value at a time.
fn documents<R: Read>(reader: R, shape: &mut Shape) -> Result<(), ScanError> {
    let mut framer = Framer::new(reader, Recovery::Stop);
    let mut document: Option<Document> = None;
    while let Some(event) = framer.next_event().map_err(ScanError::Io)? {
        match event {
            Event::DocumentStart { kind, .. } => document = Some(Document::new(kind)),
            Event::Member {
                name, bytes, at, ..
            } => {
                let value = parse(bytes, at)?;
                let mut member = Shape::default();
                member.add_at(format!("/{}", token(&name)), &value);
                if let Some(d) = document.as_mut() {
                    d.members.insert(name.into_owned(), member);
                }
            }
            Event::ResponseStart { .. } => {
                if let Some(d) = document.as_mut() {
                    let mut list = Shape::default();
                    list.add_type("/response", "array");
                    d.members.insert("response".to_owned(), list);
                }
            }
            Event::Operation { bytes, at, .. } => {
                let value = parse(bytes, at)?;
                if let Some(d) = document.as_mut() {
                    d.add_operation(&value);
                }
            }
            Event::Value { bytes, at, .. } => {
                let value = parse(bytes, at)?;
                if let Some(d) = document.as_mut() {
                    d.root.add_at(String::new(), &value);
                }
            }
            Event::DocumentEnd { .. } => {
                if let Some(d) = document.take() {
                    shape.documents += 1;
                    shape.absorb(d.root);
                    for member in d.members.into_values() {
                        shape.absorb(member);
                    }
                }
            }
            Event::Syntax {
                at,
                message,
                snippet,
                ..
            } => {
                return Err(ScanError::Syntax {
                    at,
                    message,
                    snippet,
                });
            }
            Event::ByteOrderMark => {}
        }
    }
    if shape.documents == 0 {
        return Err(ScanError::Syntax {
            at: Position::START,
            message: "empty input: no JSON document".to_owned(),
            snippet: crate::report::snippet::Snippet::around(b"", 0),
        });
    }
    Ok(())
}

/// One framed value (well-formed, as the framer found it) read by serde_json, or its error at
/// its place in the input.
fn parse(bytes: &[u8], at: Position) -> Result<Value, ScanError> {
    serde_json::from_slice::<Value>(bytes).map_err(|e| {
        let offset = crate::check::custom::offset_of(bytes, e.line(), e.column());
        ScanError::Syntax {
            at: at.advanced_by(&bytes[..offset]),
            message: format!("malformed JSON: {e}"),
            snippet: crate::report::snippet::Snippet::around(bytes, offset),
        }
    })
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

    /// The shape as the whole document read by serde_json gives it: the oracle of the framed read.
    fn whole(texts: &[&str]) -> Shape {
        let mut shape = Shape::default();
        for text in texts {
            shape.add(&serde_json::from_str(text).expect("json"));
        }
        shape
    }

    fn framed(text: &str) -> Shape {
        shape_of_reader("t", text.as_bytes(), false).expect("readable")
    }

    #[test]
    fn the_framed_read_gives_the_shape_of_the_whole_document() {
        for text in [
            r#"{"response": [{"Operation": 1, "files": [{"access": 2}]}, {"Operation": "Copy"}], "count": 2}"#,
            r#"[{"Operation": 1}, {"Operation": 3, "folders": []}]"#,
            r#"[]"#,
            r#"{"response": []}"#,
            r#"{"response": {"x": [1, {"a~/b": null}]}, "status": 0}"#,
            r#""a string""#,
            r#"{}"#,
            // The last of a repeated name counts, as serde_json keeps it: a list replaced by a
            // number, a number by a list, a member inside an operation.
            r#"{"response": [{"Operation": 1}], "response": 5}"#,
            r#"{"response": 5, "response": [{"Operation": 2, "Operation": "Move"}]}"#,
            r#"{"count": 1, "count": "x", "response": [], "response": [{"id": 1}]}"#,
        ] {
            assert_eq!(framed(text), whole(&[text]), "{text}");
        }
        // Documents one after another (NDJSON) merge.
        let lines = [
            r#"{"response": [{"Operation": 1}]}"#,
            r#"[{"Operation": 2}]"#,
            "7",
        ];
        assert_eq!(framed(&lines.join("\n")), whole(&lines));
    }

    #[test]
    fn more_than_sixteen_values_list_the_smallest_whatever_their_order() {
        let ops = |codes: &mut dyn Iterator<Item = i64>| {
            let ops: Vec<String> = codes.map(|c| format!(r#"{{"Operation": {c}}}"#)).collect();
            format!("[{}]", ops.join(","))
        };
        let up = framed(&ops(&mut (0..40)));
        let down = framed(&ops(&mut (0..40).rev()));
        assert_eq!(up, down);
        let expected: Vec<String> = (0..16).map(|c| c.to_string()).collect();
        assert_eq!(
            up.to_string().lines().nth(2),
            Some(format!("/*/Operation: integer {{{}, …}}", expected.join(", ")).as_str())
        );
        assert_eq!(up, whole(&[&ops(&mut (0..40).rev())]));
    }

    #[test]
    fn an_empty_input_and_a_broken_one_are_errors() {
        for text in ["", "  \n", r#"{"response": [{"id": 1},]}"#, r#"[1e400]"#] {
            assert!(
                shape_of_reader("t", text.as_bytes(), false).is_err(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        #[test]
        fn any_payload_has_the_shape_of_its_whole_document(payload in crate::arb::arb_payload()) {
            let text = payload.render().text;
            proptest::prop_assert_eq!(framed(&text), whole(&[&text]));
        }
    }
}
