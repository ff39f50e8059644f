//! The types layer: deserialize each operation into the Rust model, from the same simd-json
//! tape the schema layer walked, and report the first failure with its JSON Pointer.
//!
//! serde stops at the first error of a value, so the types layer reports at most one violation
//! per operation (or envelope member); the schema layer reports all of them.

use serde::Deserialize;
use simd_json::value::tape::Tape;
use simd_json::{Deserializer, ErrorType};

use crate::check::schema::{case_hint, describe_value, member_label};
use crate::json::tape::TapeValue;
use crate::model::Operation;
use crate::model::scalars::{ENUM, FORMAT, PROFILE, RANGE};
use crate::report::{Finding, Pointer};

/// Deserializes `T` from `tape`, handing the tape back for reuse along with the outcome.
pub fn deserialize<'de, T: Deserialize<'de>>(tape: Tape<'de>) -> (Result<T, Finding>, Tape<'de>) {
    // Tracking the path costs an allocation per member name; it is only needed to describe a
    // failure, so the plain (and far more common) success goes first.
    let mut de = Deserializer::from_tape(tape);
    if let Ok(value) = T::deserialize(&mut de) {
        return (Ok(value), de.into_tape());
    }
    let mut de = Deserializer::from_tape(de.into_tape());
    let result = serde_path_to_error::deserialize::<_, T>(&mut de);
    let tape = de.into_tape();
    let result = result.map_err(|e| finding(&e, TapeValue::root(&tape.0)));
    (result, tape)
}

/// Deserializes an operation.
pub fn check_operation<'de>(tape: Tape<'de>) -> (Result<Operation<'de>, Finding>, Tape<'de>) {
    deserialize(tape)
}

fn finding(e: &serde_path_to_error::Error<simd_json::Error>, root: TapeValue<'_>) -> Finding {
    let mut pointer = Pointer::root();
    for segment in e.path().iter() {
        pointer = match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.index(*index),
            serde_path_to_error::Segment::Map { key } => pointer.key(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.key(variant),
            serde_path_to_error::Segment::Unknown => pointer,
        };
    }
    let found = root
        .pointer(&pointer)
        .map(|v| describe_value(&v.to_serde()));
    let found = found.as_deref().unwrap_or("something else");
    let member = member_label(&pointer);
    let (rule, detail, text) = match e.inner().error() {
        ErrorType::Serde(message) => classify(message, found),
        other => (
            "type",
            String::new(),
            format!("expected {}, found {found}", expected_of(other)),
        ),
    };
    if rule == "duplicate-key" {
        // Point at the repeated member itself, as the syntax check does, so the two merge.
        pointer = pointer.key(&detail);
    }
    let member = if rule == "duplicate-key" {
        detail.clone()
    } else {
        member
    };
    let message = match rule {
        "required" => {
            let hint = case_hint(root, &pointer, &detail);
            format!("{member}: {text}{hint}")
        }
        _ => format!("{member}: {text}"),
    };
    Finding {
        pointer,
        rule,
        detail,
        message,
    }
}

/// Rule, detail and text of a serde error message.
fn classify(message: &str, found: &str) -> (&'static str, String, String) {
    for (marker, rule) in [
        (RANGE, "range"),
        (FORMAT, "format"),
        (ENUM, "enum"),
        (PROFILE, "profile"),
    ] {
        if let Some(text) = message.strip_prefix(marker) {
            return (rule, String::new(), text.to_owned());
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`').to_owned();
        let text = format!("missing required member `{name}`");
        return ("required", name, text);
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let name = rest.trim_end_matches('`').to_owned();
        let text = "the member appears more than once in its object; parsers disagree on which \
                    value wins"
            .to_owned();
        return ("duplicate-key", name, text);
    }
    let expected = message
        .rsplit_once(", expected ")
        .map_or(message, |(_, e)| e)
        .to_owned();
    let rule = if message.starts_with("invalid length") {
        "format"
    } else if message.starts_with("invalid value") {
        "range"
    } else {
        "type"
    };
    (
        rule,
        String::new(),
        format!("expected {expected}, found {found}"),
    )
}

fn expected_of(e: &ErrorType) -> &'static str {
    match e {
        ErrorType::ExpectedArray => "an array",
        ErrorType::ExpectedBoolean | ErrorType::ExpectedTrue | ErrorType::ExpectedFalse => {
            "a boolean (true or false)"
        }
        ErrorType::ExpectedMap => "an object",
        ErrorType::ExpectedString => "a string",
        ErrorType::ExpectedNull => "null",
        ErrorType::ExpectedInteger | ErrorType::ExpectedSigned | ErrorType::ExpectedUnsigned => {
            "an integer"
        }
        ErrorType::ExpectedFloat | ErrorType::ExpectedNumber => "a number",
        _ => "a different value",
    }
}
