//! `error-response`: a non-2xx fileops response in a HAR capture must be the DocSpace error
//! envelope `{"error": {"message", ...}, "status": 1, "statusCode": 4xx/5xx}`.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::check::schema::{NoInstances, expected_in, translate};
use crate::json::locate::locate;
use crate::report::{Finding, Kind, Pointer, Rule, Severity};

/// The DocSpace error envelope, as a schema (compiled once).
fn error_schema() -> &'static (Value, jsonschema::Validator) {
    static SCHEMA: OnceLock<(Value, jsonschema::Validator)> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = json!({
            "type": "object",
            "x-expected": "the DocSpace error envelope {\"error\": {\"message\", ...}, \"status\": 1, \"statusCode\": 4xx/5xx}",
            "required": ["error", "status", "statusCode"],
            "properties": {
                "error": {
                    "type": "object",
                    "x-expected": "an object {\"message\", \"type\", \"stack\", \"hresult\"}",
                    "required": ["message"],
                    "properties": {
                        "message": {"type": "string", "x-expected": "a string"},
                        "type": {"type": "string", "x-expected": "a string (the exception type)"},
                        "stack": {"type": "string", "x-expected": "a string (the stack trace)"},
                        "hresult": {"type": "integer", "x-expected": "an integer (the HRESULT)"}
                    }
                },
                "status": {"const": 1, "x-expected": "1 (what DocSpace sends in error responses)"},
                "statusCode": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599,
                    "x-expected": "an HTTP error status 400-599"
                }
            }
        });
        let compiled = jsonschema::validator_for(&schema).expect("the error envelope schema compiles");
        (schema, compiled)
    })
}

/// What is wrong with an error response's body, as facts.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvelopeFact {
    /// The body is not JSON: serde_json's words for why.
    NotJson { status: i64, error: String },
    /// The envelope (or its `error`) lacks `member`.
    Missing { member: String },
    /// `statusCode` says `code` where the response's HTTP status is `status`.
    StatusCodeDiffers { code: i64, status: i64 },
}

impl EnvelopeFact {
    /// The message, for a finding whose member is called `label` in messages.
    #[must_use]
    pub fn message(&self, label: &str) -> String {
        match self {
            EnvelopeFact::NotJson { status, error } => format!(
                "the body of this HTTP {status} response is not JSON ({error}), so not the \
                 DocSpace error envelope"
            ),
            EnvelopeFact::Missing { member } => {
                format!(
                    "{label}: missing required member `{member}` of the DocSpace error envelope"
                )
            }
            EnvelopeFact::StatusCodeDiffers { code, status } => {
                format!("{label}: {code} differs from the HTTP status {status} of the response")
            }
        }
    }
}

/// Checks the body of an HTTP `http_status` response: (offset in the body, finding, severity) per problem.
pub fn check(body: &[u8], http_status: i64) -> Vec<(usize, Finding, Severity)> {
    let fact = |pointer: &str, fact: EnvelopeFact| {
        Finding::new(
            Pointer::from_string(pointer.to_owned()),
            Rule::ErrorResponse,
            Kind::ErrorEnvelope(fact),
        )
    };
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return vec![(
                crate::check::custom::offset_of(body, e.line(), e.column()),
                fact(
                    "",
                    EnvelopeFact::NotJson {
                        status: http_status,
                        error: e.to_string(),
                    },
                ),
                Severity::Error,
            )];
        }
    };
    let (schema, validator) = error_schema();
    let mut out = Vec::new();
    for error in validator.iter_errors(&value) {
        let mut finding = translate(&error, false, &mut NoInstances, |path| {
            expected_in(schema, path)
        });
        // Every problem with the envelope is this one rule's, whatever keyword found it.
        finding.rule = Rule::ErrorResponse;
        match &mut finding.kind {
            Kind::Missing { member, .. } => {
                let member = std::mem::take(member);
                finding.kind = Kind::ErrorEnvelope(EnvelopeFact::Missing { member });
            }
            // The envelope's x-expected wordings say the whole of what is allowed.
            Kind::Mismatch { tail, .. } => *tail = crate::report::Tail::None,
            _ => {}
        }
        let tokens: Vec<_> = finding.pointer.tokens().collect();
        let offset = locate(body, &tokens).value;
        out.push((offset, finding, Severity::Error));
    }
    if let Some(code) = value.get("statusCode").and_then(Value::as_i64)
        && code != http_status
        && (400..600).contains(&code)
    {
        let offset = locate(body, &["statusCode"]).value;
        out.push((
            offset,
            fact(
                "/statusCode",
                EnvelopeFact::StatusCodeDiffers {
                    code,
                    status: http_status,
                },
            ),
            Severity::Warning,
        ));
    }
    out.sort_by_key(|e| e.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_envelopes_are_checked() {
        let good = br#"{"error": {"message": "Not found", "type": "System.IO.FileNotFoundException", "hresult": -2147024894}, "status": 1, "statusCode": 404}"#;
        assert!(check(good, 404).is_empty());
        let bad = br#"{"error": {"type": 3}, "status": 0, "statusCode": 404}"#;
        let found = check(bad, 500);
        let messages: Vec<String> = found.iter().map(|f| f.1.message()).collect();
        assert_eq!(found.len(), 4, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("missing required member `message`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("type: expected a string"))
        );
        assert!(messages.iter().any(|m| m.starts_with("status: expected 1")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("differs from the HTTP status 500"))
        );
        assert_eq!(&bad[found[0].0..found[0].0 + 1], b"{");
        let pointers: Vec<&str> = found.iter().map(|f| f.1.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/error", "/error/type", "/status", "/statusCode"]
        );
    }
}
