//! `--schema FILE`: whole documents validated against another JSON Schema (for other DocSpace
//! endpoints).
//!
//! A custom schema knows nothing of operations, so documents are validated whole, as
//! `serde_json` values, and only the schema layer runs: the Rust types and the rules describe
//! the fileops payload and stay off (the report says so). One document is held at a time.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use crate::check::schema::{expected_in, translate};
use crate::error::Error;
use crate::json::frame::Recovery;
use crate::json::locate::Locator;
use crate::json::position::Position;
use crate::json::scan::{ScanError, Scanner};
use crate::report::snippet::Snippet;
use crate::report::{
    Finding, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity, Violation,
};

/// A schema given with `--schema`, compiled once.
pub struct CustomSchema {
    name: String,
    validator: jsonschema::Validator,
    /// The schema document, for its `x-expected` wordings.
    schema: Value,
    /// The most bytes one document may hold (`--max-document-size`).
    max_document_size: usize,
    /// Violations kept per input report (the rest counted).
    max_violations: Option<usize>,
}

impl std::fmt::Debug for CustomSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomSchema")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A schema `name` that cannot be used, and why.
fn invalid(name: &str, reason: String) -> Error {
    Error::CustomSchema {
        name: name.to_owned(),
        reason,
    }
}

impl CustomSchema {
    /// Reads and compiles the schema in `path`.
    ///
    /// # Errors
    /// A sentence naming the file and what is wrong with it (unreadable, not JSON, not a valid
    /// JSON Schema).
    pub fn load(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        let text = std::fs::read(path).map_err(|e| {
            invalid(
                &name,
                format!(
                    "cannot read the schema: {}",
                    crate::input::source::describe_io(&e)
                ),
            )
        })?;
        let schema: Value = serde_json::from_slice(&text)
            .map_err(|e| invalid(&name, format!("the schema is not valid JSON: {e}")))?;
        Self::compile(name, &schema)
    }

    /// Compiles a schema held in memory; `name` names it in reports.
    ///
    /// # Errors
    /// When `schema` is not a valid JSON Schema.
    pub fn compile(name: String, schema: &Value) -> Result<Self, Error> {
        Self::compile_with(name, schema, jsonschema::options())
    }

    /// Compiles a schema with caller-chosen `jsonschema` options (a retriever for remote
    /// `$ref`s, say); formats are always asserted, as `--schema` does.
    ///
    /// # Errors
    /// When `schema` is not a valid JSON Schema.
    pub fn compile_with(
        name: String,
        schema: &Value,
        options: jsonschema::ValidationOptions<'_>,
    ) -> Result<Self, Error> {
        if !schema.is_object() && !schema.is_boolean() {
            return Err(invalid(
                &name,
                format!(
                    "a JSON Schema is an object (or true/false), found {}",
                    crate::check::schema::describe_value(schema)
                ),
            ));
        }
        let validator = options
            .should_validate_formats(true)
            .build(schema)
            .map_err(|e| invalid(&name, format!("not a valid JSON Schema: {e}")))?;
        Ok(CustomSchema {
            name,
            validator,
            schema: schema.clone(),
            max_document_size: crate::input::limit::DEFAULT_MAX_DOCUMENT_SIZE,
            max_violations: None,
        })
    }

    /// The limit on one document's size in force.
    #[must_use]
    pub fn max_document_size(&self) -> usize {
        self.max_document_size
    }

    /// The same schema, failing an input (an I/O error of kind `InvalidData`) when one of its
    /// documents needs more than `limit` bytes.
    #[must_use]
    pub fn with_max_document_size(mut self, limit: usize) -> Self {
        self.max_document_size = limit;
        self
    }

    /// The same schema, keeping at most `max` violations of each input (the rest counted).
    #[must_use]
    pub fn with_max_violations(mut self, max: Option<usize>) -> Self {
        self.max_violations = max;
        self
    }

    /// The schema file as named on the command line.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Validates every document `reader` yields (one JSON text after another; one per line for
    /// [`Recovery::NextLine`], where a broken line costs only itself).
    ///
    /// # Errors
    /// Only when reading fails.
    pub fn validate_reader<R: Read>(
        &self,
        input: &str,
        reader: R,
        recovery: Recovery,
    ) -> io::Result<Report> {
        let mut report = Report {
            custom_schema: Some(self.name.clone()),
            keep_at_most: self.max_violations,
            ..Report::default()
        };
        report.summary.inputs = 1;
        match recovery {
            Recovery::NextLine => self.lines(&mut report, input, reader)?,
            Recovery::Stop => self.values(&mut report, input, reader)?,
        }
        if report.summary.documents == 0 && report.violations.is_empty() {
            report.push(syntax(
                input,
                0,
                Position::START,
                "empty input: no JSON document".to_owned(),
            ));
        }
        report
            .inputs
            .push(InputRecord::counted(input, report.summary.documents));
        Ok(report)
    }

    /// Validates a whole input held in memory.
    #[must_use]
    pub fn validate_bytes(&self, input: &str, bytes: &[u8]) -> Report {
        self.validate_reader(input, bytes, Recovery::Stop)
            .expect("reading from memory cannot fail")
    }

    fn values<R: Read>(&self, report: &mut Report, input: &str, reader: R) -> io::Result<()> {
        let mut scanner = Scanner::new(reader).with_limit(self.max_document_size);
        while scanner.peek()?.is_some() {
            let document = report.summary.documents;
            match scanner.capture_value() {
                Ok((at, bytes)) => {
                    report.summary.documents += 1;
                    self.document(report, input, document, at, bytes);
                }
                Err(ScanError::Io(e)) => return Err(e),
                Err(ScanError::Syntax {
                    at,
                    message,
                    snippet,
                }) => {
                    report.summary.documents += 1;
                    report.push_with_snippet(snippet, syntax(input, document, at, message));
                    break;
                }
            }
        }
        Ok(())
    }

    fn lines<R: Read>(&self, report: &mut Report, input: &str, reader: R) -> io::Result<()> {
        let mut reader = BufReader::new(reader);
        let mut line = Vec::new();
        let mut at = Position::START;
        loop {
            line.clear();
            // One line is one document: read at most the limit (and a byte to tell).
            let limit = self.max_document_size;
            let mut limited =
                (&mut reader).take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1));
            if limited.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            if line.len() > limit {
                return Err(crate::input::limit::too_large(limit));
            }
            let start = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if start < line.len() {
                let document = report.summary.documents;
                report.summary.documents += 1;
                let end = line.len()
                    - line
                        .iter()
                        .rev()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                self.document(
                    report,
                    input,
                    document,
                    at.advanced_by(&line[..start]),
                    &line[start..end],
                );
            }
            at = at.advanced_by(&line);
        }
    }

    /// Validates one document that starts at `at`.
    fn document(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        at: Position,
        bytes: &[u8],
    ) {
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                let offset = offset_of(bytes, e.line(), e.column());
                report.push_with_snippet(
                    Snippet::around(bytes, offset),
                    syntax(
                        input,
                        document,
                        at.advanced_by(&bytes[..offset]),
                        format!("malformed JSON: {e}"),
                    ),
                );
                return;
            }
        };
        // One locator per document: any number of violations costs one walk of the text.
        let mut locator = Locator::new(bytes);
        let mut found: Vec<(usize, Finding)> = self
            .validator
            .iter_errors(&value)
            .map(|error| {
                let finding = translate(
                    &error,
                    false,
                    |pointer, name| case_twin(&value, pointer, name),
                    |path| expected_in(&self.schema, path),
                );
                let tokens: Vec<String> = finding.pointer.tokens().collect();
                (locator.locate(&tokens).value, finding)
            })
            .collect();
        found.sort_by_key(|f| f.0);
        let (mut pos, mut done) = (at, 0);
        for (offset, finding) in found {
            let offset = offset.min(bytes.len());
            pos = pos.advanced_by(&bytes[done..offset]);
            done = offset;
            report.push_with_snippet(
                Snippet::around(bytes, offset),
                finding.into_violation(input, document, pos, vec![Layer::Schema], Severity::Error),
            );
        }
    }
}

/// A member of the object at `pointer` in `value` that differs from `name` only by case.
fn case_twin(value: &Value, pointer: &Pointer, name: &str) -> Option<String> {
    value
        .pointer(pointer.as_str())?
        .as_object()?
        .keys()
        .find(|k| *k != name && k.eq_ignore_ascii_case(name))
        .cloned()
}

/// The byte offset of serde_json's (1-based line, column) in `text`.
pub(crate) fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text)
            .nth(line - 2)
            .map_or(text.len(), |i| i + 1)
    };
    (start + column.saturating_sub(1)).min(text.len())
}

/// An error-level syntax violation.
fn syntax(input: &str, document: usize, at: Position, message: String) -> Violation {
    Finding::new(Pointer::root(), Rule::Syntax, Kind::Syntax { message }).into_violation(
        input,
        document,
        at,
        vec![Layer::Syntax],
        Severity::Error,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> CustomSchema {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["response"],
            "properties": {"response": {"type": "array", "items": {"type": "integer"}}}
        });
        CustomSchema::compile("custom.json".to_owned(), &schema).unwrap()
    }

    #[test]
    fn validates_whole_documents_with_positions() {
        let report = schema().validate_bytes("a.json", b"{\"response\": [1,\n \"x\"]}\n{}");
        assert_eq!(report.summary.documents, 2);
        let found: Vec<_> = report
            .violations
            .iter()
            .map(|v| {
                (
                    v.document,
                    v.pointer.as_str(),
                    v.rule.id(),
                    v.line,
                    v.column,
                )
            })
            .collect();
        assert_eq!(
            found,
            [(0, "/response/1", "type", 2, 2), (1, "", "required", 3, 1)]
        );
        assert_eq!(report.custom_schema.as_deref(), Some("custom.json"));
    }

    #[test]
    fn a_broken_line_costs_only_itself() {
        let text = b"{\"response\": []}\n{\"response\": [\n{\"response\": [\"x\"]}\n";
        let report = schema()
            .validate_reader("a.ndjson", &text[..], Recovery::NextLine)
            .unwrap();
        let found: Vec<_> = report
            .violations
            .iter()
            .map(|v| (v.document, v.rule.id(), v.line))
            .collect();
        assert_eq!(found, [(1, "syntax", 2), (2, "type", 3)]);
    }

    #[test]
    fn bad_schemas_are_refused_with_a_reason() {
        let e =
            CustomSchema::compile("s.json".into(), &serde_json::json!({"type": 7})).unwrap_err();
        let e = e.to_string();
        assert!(
            e.starts_with("schema s.json: not a valid JSON Schema"),
            "{e}"
        );
        let e = CustomSchema::compile("s.json".into(), &serde_json::json!([1])).unwrap_err();
        assert!(e.to_string().contains("a JSON Schema is an object"), "{e}");
    }
}
