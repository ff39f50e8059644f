//! `--schema FILE`: whole documents validated against another JSON Schema (for other DocSpace
//! endpoints).
//!
//! A custom schema knows nothing of operations, so documents are validated whole and only the
//! schema layer runs: the Rust types and the rules describe the fileops payload and stay off
//! (the report says so). Each document is parsed once into a simd-json tape, with buffers reused
//! from one document to the next, and jsonschema runs over that tape as the bundled schema's
//! layer does ([`TapeJson`]): memory is bounded by one document's tape.
//!
//! The verdicts, messages and positions are those serde_json values gave before: where the tape
//! and serde_json read a text differently, the tape is made to read it as serde_json did (see
//! [`prepare`]), and a text simd-json refuses goes to serde_json, which words the syntax error.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use simd_json::StaticNode;
use simd_json::value::tape::Node as TapeNode;

use crate::check::rules::duplicate_keys;
use crate::check::schema::{Instances, expected_in, translate};
use crate::check::value::Scratch;
use crate::error::Error;
use crate::json::frame::{Event, Framer, Recovery};
use crate::json::locate::Locator;
use crate::json::position::Position;
use crate::json::tape::instance::Origin;
use crate::json::tape::{TapeJson, TapePointers, TapeValue, from_serde, last_wins};
use crate::report::snippet::Snippet;
use crate::report::{
    Finding, Found, InputRecord, Kind, Layer, Pointer, Report, Rule, Severity, Violation,
};

/// A schema given with `--schema`, compiled once.
pub struct CustomSchema {
    name: String,
    validator: jsonschema::Validator<TapeJson>,
    /// The schema document, for its `x-expected` wordings.
    schema: Value,
    /// The most bytes one document may hold (`--max-document-size`).
    max_document_size: usize,
    /// Violations kept per input report (the rest counted).
    max_violations: Option<usize>,
    /// Whether violations carry their source line (see [`CustomSchema::without_snippets`]).
    snippets: bool,
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
        Self::build(name, schema, jsonschema::options_for::<TapeJson>())
    }

    /// Compiles a schema with caller-chosen `jsonschema` options (a retriever for remote
    /// `$ref`s, say), made with `jsonschema::options_for::<TapeJson>()` since documents are
    /// validated as tapes; formats are always asserted, as `--schema` does.
    ///
    /// # Errors
    /// When `schema` is not a valid JSON Schema.
    /// (For this project's tests: the tape type is not part of the API.)
    #[cfg(any(test, feature = "arbitrary-payloads"))]
    pub fn compile_with(
        name: String,
        schema: &Value,
        options: jsonschema::ValidationOptions<'_, Arc<dyn jsonschema::Retrieve>, TapeJson>,
    ) -> Result<Self, Error> {
        Self::build(name, schema, options)
    }

    fn build(
        name: String,
        schema: &Value,
        options: jsonschema::ValidationOptions<'_, Arc<dyn jsonschema::Retrieve>, TapeJson>,
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
            snippets: true,
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

    /// The same schema leaving out the source line of each violation, as
    /// [`crate::Validator::without_snippets`].
    #[must_use]
    pub fn without_snippets(mut self) -> Self {
        self.snippets = false;
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
            without_snippets: !self.snippets,
            ..Report::default()
        };
        report.summary.inputs = 1;
        let mut scratch = Scratch::default();
        // The framer every input goes through, handing each document on whole: the same
        // syntax errors, byte-order mark, NDJSON recovery and size limit as the bundled schema.
        let mut framer = Framer::new(reader, recovery)
            .whole_documents()
            .with_limit(self.max_document_size);
        while let Some(event) = framer.next_event()? {
            match event {
                Event::DocumentStart { .. } => report.summary.documents += 1,
                Event::Value {
                    document,
                    bytes,
                    at,
                } => self.document(&mut scratch, &mut report, input, document, at, bytes),
                Event::Syntax {
                    document,
                    message,
                    at,
                    snippet,
                } => report.push_with_snippet(|| snippet, syntax(input, document, at, message)),
                Event::ByteOrderMark => report.push(
                    Finding::new(Pointer::root(), Rule::ByteOrderMark, Kind::ByteOrderMark)
                        .into_violation(
                            input,
                            0,
                            Position::START,
                            vec![Layer::Syntax],
                            Severity::Warning,
                        ),
                ),
                // Whole documents only: no members or operations are framed.
                Event::Member { .. }
                | Event::ResponseStart { .. }
                | Event::Operation { .. }
                | Event::DocumentEnd { .. } => {}
            }
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

    /// Validates one document that starts at `at`.
    fn document(
        &self,
        scratch: &mut Scratch,
        report: &mut Report,
        input: &str,
        document: usize,
        at: Position,
        bytes: &[u8],
    ) {
        let found = match self.check(scratch, bytes) {
            Ok(found) => found,
            Err(e) => {
                let offset = offset_of(bytes, e.line(), e.column());
                report.push_with_snippet(
                    || Snippet::around(bytes, offset),
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
        let (mut pos, mut done) = (at, 0);
        for (offset, finding) in found {
            let offset = offset.min(bytes.len());
            pos = pos.advanced_by(&bytes[done..offset]);
            done = offset;
            report.push_with_snippet(
                || Snippet::around(bytes, offset),
                finding.into_violation(input, document, pos, vec![Layer::Schema], Severity::Error),
            );
        }
    }

    /// The findings on one document (`bytes`), each with its byte offset, in the order of the
    /// text; serde_json's error when the document is not JSON.
    fn check(
        &self,
        scratch: &mut Scratch,
        bytes: &[u8],
    ) -> Result<Vec<(usize, Finding)>, serde_json::Error> {
        let found = scratch.with_tape(bytes, |parsed| {
            let nodes = parsed.ok()?;
            if !prepare(nodes) {
                return None;
            }
            // A large document's errors note where their instances are instead of copying them.
            let origin = Origin {
                bytes,
                redo: |n| {
                    prepare(n);
                },
            };
            Some(self.findings(TapeValue::root(nodes), bytes, Some(origin)))
        });
        match found {
            Some(found) => Ok(found),
            // simd-json refused the text, or it nests deeper than serde_json reads: serde_json
            // words the syntax error as before (or, should it read what simd-json did not, its
            // value is validated as a tape all the same).
            None => serde_json::from_slice::<Value>(bytes)
                .map(|value| self.findings(TapeValue::root(&from_serde(&value)), bytes, None)),
        }
    }

    /// The findings on one document's value `root`, each with its byte offset in `bytes`, in
    /// the order of the text.
    fn findings(
        &self,
        root: TapeValue<'_>,
        bytes: &[u8],
        origin: Option<Origin<'_>>,
    ) -> Vec<(usize, Finding)> {
        if self.validator.is_valid(root) {
            return Vec::new();
        }
        // Entered only now: a valid document's bytes are not copied.
        let _source = origin.and_then(|o| o.enter(root));
        // One locator per document: any number of violations costs one walk of the text.
        let mut locator = Locator::new(bytes);
        let mut pointers = TapePointers::new(root);
        let mut found: Vec<(usize, Option<String>, Finding)> = self
            .validator
            .iter_errors(root)
            .map(|error| {
                let mut finding = translate(&error, false, &mut Sorted(&mut pointers), |path| {
                    expected_in(&self.schema, path)
                });
                // Member names as serde_json's map held them: sorted.
                if let Kind::Unknown { members } = &mut finding.kind {
                    members.sort_unstable();
                }
                let name = match error.kind() {
                    ValidationErrorKind::PropertyNames { error } => {
                        Some(error.instance().as_str().unwrap_or_default().to_owned())
                    }
                    _ => None,
                };
                let tokens: Vec<_> = finding.pointer.tokens().collect();
                (locator.locate(&tokens).value, name, finding)
            })
            .collect();
        // `propertyNames` reports the names of one object one after another, in the order the
        // object holds them: sorted, as serde_json's map held them (the tape keeps the text's).
        let mut i = 0;
        while i < found.len() {
            let run = found[i..]
                .iter()
                .take_while(|f| f.1.is_some() && f.0 == found[i].0)
                .count()
                .max(1);
            found[i..i + run].sort_by(|a, b| a.1.cmp(&b.1));
            i += run;
        }
        found.sort_by_key(|f| f.0);
        found.into_iter().map(|(at, _, f)| (at, f)).collect()
    }
}

#[cfg(any(test, feature = "arbitrary-payloads"))]
mod serde_oracle;

/// The deepest nesting serde_json reads: its recursion limit refuses 128 arrays or objects one
/// inside the other.
const MAX_DEPTH: usize = 127;

/// Makes a parsed tape read as serde_json read the text before `--schema` moved to tapes;
/// false when serde_json must read the document instead.
///
/// - Nesting deeper than [`MAX_DEPTH`]: serde_json refused it (a syntax error, which it words);
///   simd-json goes on to 1024, and jsonschema would recurse as deep with a recursive schema.
/// - `-0`: simd-json holds it as the integer 0 (`I64(0)`: the one way a tape holds an `I64`
///   that is not negative, since simd-json gives non-negative integers as `U64`); serde_json as
///   the float -0.0, which draft 4 does not count as an integer and messages show as `-0.0`. The
///   tape takes serde_json's float, so verdicts and wordings stay as they were.
/// - A repeated member name: serde_json keeps the last value; so does the tape ([`last_wins`]).
///
/// Every other number reads the same on both (see the tests): integers up to `u64::MAX`
/// exactly, larger ones and fractions as the same correctly rounded f64 (serde_json's
/// `float_roundtrip` is on), and both refuse numbers past f64's range (`1e400`), as they do lone
/// surrogates, control characters and invalid UTF-8 in strings.
fn prepare(nodes: &mut Vec<TapeNode<'_>>) -> bool {
    // Ends (exclusive node indices) of the arrays and objects open at the node.
    let mut open: Vec<usize> = Vec::new();
    for (i, node) in nodes.iter_mut().enumerate() {
        while open.last().is_some_and(|&end| end <= i) {
            open.pop();
        }
        match node {
            TapeNode::Array { count, .. } | TapeNode::Object { count, .. } => {
                if open.len() == MAX_DEPTH {
                    return false;
                }
                open.push(i + *count + 1);
            }
            TapeNode::Static(n @ StaticNode::I64(0)) => *n = StaticNode::F64(-0.0),
            _ => {}
        }
    }
    let mut repeated = Vec::new();
    duplicate_keys(TapeValue::root(nodes), &Pointer::root(), &mut repeated);
    if !repeated.is_empty() {
        *nodes = last_wins(nodes);
    }
    true
}

/// A document's tape as [`translate`] reads it for a `--schema`: case twins in sorted order.
struct Sorted<'p, 'a>(&'p mut TapePointers<'a>);

impl Instances for Sorted<'_, '_> {
    fn twin(&mut self, pointer: &Pointer, name: &str) -> Option<String> {
        case_twin(self.0.pointer(pointer)?, name)
    }

    fn found(&mut self, pointer: &Pointer) -> Option<Found> {
        self.0.found(pointer)
    }
}

/// A member of `object` whose name differs from `name` only by case (the first in sorted
/// order, as serde_json's map offered them).
fn case_twin(object: TapeValue<'_>, name: &str) -> Option<String> {
    object
        .members()
        .map(|(n, _)| n)
        .filter(|n| *n != name && n.eq_ignore_ascii_case(name))
        .min()
        .map(str::to_owned)
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
mod tests;
