//! What the sequence rules need of one operation: its id and the few members that evolve.
//!
//! Taken from the parsed operation (a simd-json tape, or a `serde_json::Value` for HAR bodies)
//! by member name, so a malformed member simply yields nothing to compare; the per-response
//! layers already report it.

use serde_json::Value;

/// The members of one operation that the sequence rules follow across documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpFacts {
    pub id: String,
    /// The operation type as JSON text (`1`, `"Copy"`), and the member name it came from
    /// (`Operation` on the wire, `operation` in some captures).
    pub kind: Option<(String, &'static str)>,
    pub progress: Option<i64>,
    pub finished: Option<bool>,
    /// The error message; `""` and `null` mean no error (the server initialises `Err = ""`).
    pub error: Option<String>,
    pub url: Option<String>,
    /// `processed` as a number (the server sends `Convert.ToString(o.Process)`).
    pub processed: Option<i64>,
}

impl OpFacts {
    /// Reads the facts through `member`, which returns a member's value by name; `None` when the
    /// operation has no string `id` (nothing to follow it by).
    pub fn read(member: impl Fn(&str) -> Option<Value>) -> Option<OpFacts> {
        let id = match member("id")? {
            Value::String(s) => s,
            _ => return None,
        };
        let kind = ["Operation", "operation"]
            .into_iter()
            .find_map(|name| member(name).map(|v| (v.to_string(), name)));
        let text = |name: &str| match member(name) {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        Some(OpFacts {
            id,
            kind,
            progress: member("progress").and_then(|v| v.as_i64()),
            finished: member("finished").and_then(|v| v.as_bool()),
            error: text("error"),
            url: text("url"),
            processed: member("processed").and_then(|v| match v {
                Value::String(s) => s.trim().parse().ok(),
                other => other.as_i64(),
            }),
        })
    }

    /// The facts of an operation held as a `serde_json::Value`.
    #[must_use]
    pub fn of_value(op: &Value) -> Option<OpFacts> {
        OpFacts::read(|name| op.get(name).cloned())
    }

    /// The facts of an operation parsed onto a simd-json tape (only the members read are
    /// copied out).
    #[must_use]
    pub fn of_tape(op: crate::json::tape::TapeValue<'_>) -> Option<OpFacts> {
        OpFacts::read(|name| op.get(name).map(|v| v.to_serde()))
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
        assert_eq!(f.kind, Some(("1".to_owned(), "Operation")));
        assert!(OpFacts::of_value(&json!({"id": 3})).is_none());
    }
}
