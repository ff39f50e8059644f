//! What the sequence rules need of one operation: its id and the few members that evolve.
//!
//! Taken from the parsed operation (a simd-json tape, for HAR bodies too) by member name, so a
//! malformed member simply yields nothing to compare; the per-response layers already report it.
//! The tape is read in place, in one pass over the members: an operation with a GUID id, an
//! integer type and no error or url allocates nothing.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

#[cfg(test)]
use serde_json::Value;
use simd_json::StaticNode;
use simd_json::value::tape::Node as TapeNode;

use crate::json::tape::TapeValue;

/// An operation id, exactly: a canonical lowercase GUID (what servers send:
/// `Guid.NewGuid().ToString()`) packed into 16 bytes, any other text as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OpId {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex, as two big-endian halves.
    Guid(u64, u64),
    /// Any other id.
    Text(Box<str>),
}

impl Default for OpId {
    fn default() -> Self {
        OpId::Text(Box::from(""))
    }
}

impl OpId {
    /// The id `text`, packed when it is a canonical lowercase GUID.
    #[must_use]
    pub fn new(text: &str) -> OpId {
        guid(text.as_bytes()).map_or_else(|| OpId::Text(Box::from(text)), |(a, b)| OpId::Guid(a, b))
    }

    /// The id as sent.
    #[must_use]
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            OpId::Guid(..) => Cow::Owned(self.to_string()),
            OpId::Text(t) => Cow::Borrowed(t),
        }
    }

    /// The id's 64-bit hash (the crate's [`crate::hash::stable_hash`] of the text as sent), the
    /// tracker's map key. Equal ids have equal keys; unequal ids may too, so the tracker confirms
    /// every hit against the id itself.
    #[must_use]
    pub fn key(&self) -> u64 {
        match self {
            OpId::Guid(..) => {
                let mut buf = [0u8; 36];
                self.write_guid(&mut buf);
                crate::hash::stable_hash(&buf)
            }
            OpId::Text(t) => crate::hash::stable_hash(t.as_bytes()),
        }
    }

    /// The order of the texts as sent (GUIDs of one layout compare as their values do, digit by
    /// digit, `0-9` before `a-f`), without formatting them.
    #[must_use]
    pub fn cmp_text(&self, other: &OpId) -> Ordering {
        match (self, other) {
            (OpId::Guid(a, b), OpId::Guid(c, d)) => (a, b).cmp(&(c, d)),
            (OpId::Text(a), OpId::Text(b)) => a.cmp(b),
            _ => self.text().cmp(&other.text()),
        }
    }

    fn write_guid(&self, buf: &mut [u8; 36]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let OpId::Guid(hi, lo) = self else { return };
        let mut digits = (u128::from(*hi) << 64) | u128::from(*lo);
        for i in (0..36).rev() {
            if matches!(i, 8 | 13 | 18 | 23) {
                buf[i] = b'-';
            } else {
                // Masked to 0..16, so the cast is exact.
                #[allow(clippy::cast_possible_truncation)]
                let digit = (digits & 0xf) as usize;
                buf[i] = HEX[digit];
                digits >>= 4;
            }
        }
    }
}

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpId::Guid(..) => {
                let mut buf = [0u8; 36];
                self.write_guid(&mut buf);
                // Written from ASCII hex digits and hyphens only.
                f.write_str(std::str::from_utf8(&buf).unwrap_or_default())
            }
            OpId::Text(t) => f.write_str(t),
        }
    }
}

/// The two halves of a canonical lowercase GUID, or `None`.
fn guid(text: &[u8]) -> Option<(u64, u64)> {
    if text.len() != 36 {
        return None;
    }
    let mut value: u128 = 0;
    for (i, &c) in text.iter().enumerate() {
        let digit = match c {
            b'-' if matches!(i, 8 | 13 | 18 | 23) => continue,
            _ if matches!(i, 8 | 13 | 18 | 23) => return None,
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        value = (value << 4) | u128::from(digit);
    }
    // The high and low halves: the casts keep exactly 64 bits each.
    #[allow(clippy::cast_possible_truncation)]
    Some(((value >> 64) as u64, value as u64))
}

/// The operation type as sent: an integer (what servers send) held as one, anything else as its
/// JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An integer that fits an `i64`.
    Int(i64),
    /// The JSON text of any other value (`"Copy"`, `1.5`, `null`).
    Text(Box<str>),
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Int(i) => write!(f, "{i}"),
            Kind::Text(t) => f.write_str(t),
        }
    }
}

/// The members of one operation that the sequence rules follow across documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpFacts {
    pub id: OpId,
    /// The operation type (its JSON text is what messages quote: `1`, `"Copy"`), and the member
    /// name it came from (`Operation` on the wire, `operation` in some captures).
    pub kind: Option<(Kind, &'static str)>,
    pub progress: Option<i64>,
    pub finished: Option<bool>,
    /// The error message; `""` and `null` mean no error (the server initialises `Err = ""`).
    pub error: Option<Box<str>>,
    pub url: Option<Box<str>>,
    /// `processed` as a number (the server sends `Convert.ToString(o.Process)`).
    pub processed: Option<i64>,
}

/// The names of the members read, in the order [`OpFacts`] prefers them.
const ID: usize = 0;
const OPERATION: usize = 1;
const OPERATION_LOWER: usize = 2;
const PROGRESS: usize = 3;
const FINISHED: usize = 4;
const ERROR: usize = 5;
const URL: usize = 6;
const PROCESSED: usize = 7;

fn slot(name: &str) -> Option<usize> {
    Some(match name {
        "id" => ID,
        "Operation" => OPERATION,
        "operation" => OPERATION_LOWER,
        "progress" => PROGRESS,
        "finished" => FINISHED,
        "error" => ERROR,
        "url" => URL,
        "processed" => PROCESSED,
        _ => return None,
    })
}

impl OpFacts {
    /// The facts of an operation held as a `serde_json::Value`; `None` when it has no string
    /// `id` (nothing to follow it by). The reference [`OpFacts::of_tape`] is tested against
    /// (HAR bodies were read this way until they were parsed onto a tape too).
    #[cfg(test)]
    #[must_use]
    pub fn of_value(op: &Value) -> Option<OpFacts> {
        let member = |name: &str| op.get(name);
        let id = OpId::new(member("id")?.as_str()?);
        let kind = [("Operation", OPERATION), ("operation", OPERATION_LOWER)]
            .into_iter()
            .find_map(|(name, _)| {
                let v = member(name)?;
                let kind = match v.as_i64() {
                    Some(i) => Kind::Int(i),
                    None => Kind::Text(v.to_string().into()),
                };
                Some((kind, name))
            });
        let text = |name: &str| match member(name) {
            Some(Value::String(s)) if !s.is_empty() => Some(Box::from(s.as_str())),
            _ => None,
        };
        Some(OpFacts {
            id,
            kind,
            progress: member("progress").and_then(Value::as_i64),
            finished: member("finished").and_then(Value::as_bool),
            error: text("error"),
            url: text("url"),
            processed: member("processed").and_then(|v| match v {
                Value::String(s) => s.trim().parse().ok(),
                other => other.as_i64(),
            }),
        })
    }

    /// The facts of an operation parsed onto a simd-json tape, read in place (one pass over its
    /// members; the first of a repeated name counts, as for [`TapeValue::get`]).
    #[must_use]
    pub fn of_tape(op: TapeValue<'_>) -> Option<OpFacts> {
        let mut found: [Option<TapeValue<'_>>; 8] = [None; 8];
        for (name, value) in op.members() {
            if let Some(i) = slot(name)
                && found[i].is_none()
            {
                found[i] = Some(value);
            }
        }
        let id = OpId::new(found[ID]?.as_str()?);
        let kind = [("Operation", OPERATION), ("operation", OPERATION_LOWER)]
            .into_iter()
            .find_map(|(name, i)| {
                let v = found[i]?;
                let kind = match int(v) {
                    Some(i) => Kind::Int(i),
                    // Cold: the type as JSON text, exactly as serde_json writes it.
                    None => Kind::Text(v.to_serde().to_string().into()),
                };
                Some((kind, name))
            });
        let text = |i: usize| match found[i].and_then(|v| v.as_str()) {
            Some(s) if !s.is_empty() => Some(Box::from(s)),
            _ => None,
        };
        Some(OpFacts {
            id,
            kind,
            progress: found[PROGRESS].and_then(int),
            finished: found[FINISHED].and_then(|v| match v.node() {
                TapeNode::Static(StaticNode::Bool(b)) => Some(*b),
                _ => None,
            }),
            error: text(ERROR),
            url: text(URL),
            processed: found[PROCESSED].and_then(|v| match v.as_str() {
                Some(s) => s.trim().parse().ok(),
                None => int(v),
            }),
        })
    }
}

/// An integer value that fits an `i64` (what `serde_json::Value::as_i64` gives).
fn int(v: TapeValue<'_>) -> Option<i64> {
    match v.node() {
        TapeNode::Static(StaticNode::I64(i)) => Some(*i),
        TapeNode::Static(StaticNode::U64(u)) => i64::try_from(*u).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_and_null_errors_mean_no_error() {
        let op = json!({"id": "a", "Operation": 1, "progress": 5, "finished": false,
                        "error": "", "url": null, "processed": "3"});
        let f = OpFacts::of_value(&op).unwrap();
        assert_eq!(f.error, None);
        assert_eq!(f.url, None);
        assert_eq!(f.processed, Some(3));
        assert_eq!(f.kind, Some((Kind::Int(1), "Operation")));
        assert!(OpFacts::of_value(&json!({"id": 3})).is_none());
    }

    /// The tape is read in place; what it yields is what the `Value` path yields, the type's
    /// text included (as serde_json writes it).
    #[test]
    fn the_tape_and_the_value_give_the_same_facts() {
        let ops = [
            r#"{"id": "a", "Operation": 1, "progress": 5, "finished": false, "error": "", "url": null, "processed": "3"}"#,
            r#"{"id": "63cbe1e4-5932-4dd7-a044-3cd7f43c661c", "operation": "Copy", "progress": 1.5, "finished": 1, "error": "x\"y", "url": "u", "processed": 7}"#,
            r#"{"id": "b", "Operation": 18446744073709551615, "operation": 2, "processed": " 9 "}"#,
            r#"{"id": "c", "Operation": {"a": [1, null, "é"]}, "progress": -3, "finished": true}"#,
            r#"{"id": "d", "operation": 2.0e3, "processed": "x"}"#,
            r#"{"id": "63CBE1E4-5932-4dd7-a044-3cd7f43c661c", "Operation": -7}"#,
            r#"{"id": 3, "Operation": 1}"#,
        ];
        for text in ops {
            let value: Value = serde_json::from_str(text).unwrap();
            let mut bytes = text.as_bytes().to_vec();
            let tape = simd_json::to_tape(&mut bytes).unwrap();
            let from_tape = OpFacts::of_tape(TapeValue::root(&tape.0));
            assert_eq!(from_tape, OpFacts::of_value(&value), "{text}");
            if let Some(f) = from_tape {
                let kind = ["Operation", "operation"]
                    .into_iter()
                    .find_map(|n| value.get(n).map(Value::to_string));
                assert_eq!(f.kind.map(|(k, _)| k.to_string()), kind, "{text}");
                assert_eq!(f.id.to_string(), value["id"].as_str().unwrap());
            }
        }
    }

    #[test]
    fn guids_are_packed_exactly_and_ordered_as_their_text() {
        let ids = [
            "00000000-0000-0000-0000-000000000000",
            "63cbe1e4-5932-4dd7-a044-3cd7f43c661c",
            "63cbe1e4-5932-4dd7-a044-3cd7f43c661d",
            "63CBE1E4-5932-4dd7-a044-3cd7f43c661c",
            "63cbe1e4-5932-4dd7-a044-3cd7f43c661",
            "63cbe1e4-5932-4dd7-a044-3cd7f43c661cc",
            "63cbe1e4x5932-4dd7-a044-3cd7f43c661c",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "a",
            "",
            "ä",
        ];
        for a in ids {
            let id = OpId::new(a);
            assert_eq!(id.to_string(), a);
            assert_eq!(id.text(), a);
            assert_eq!(id.key(), crate::hash::stable_hash(a.as_bytes()));
            for b in ids {
                assert_eq!(id.cmp_text(&OpId::new(b)), a.cmp(b), "{a} {b}");
            }
        }
        assert!(matches!(OpId::new(ids[1]), OpId::Guid(..)));
        assert!(matches!(OpId::new(ids[3]), OpId::Text(..)));
    }
}
