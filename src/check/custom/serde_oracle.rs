//! The serde_json path `--schema` took before documents moved to tapes, kept as the reference
//! the tests and the `custom_schema` fuzz target hold the tape to.

use serde_json::Value;

use super::CustomSchema;
use crate::check::schema::{Instances, expected_in, translate};
use crate::check::value::Scratch;
use crate::json::locate::Locator;
use crate::report::{Finding, Found, Pointer};

/// The path `--schema` took before documents moved to tapes, kept as the reference the tests
/// and the `custom_schema` fuzz target hold the tape to.
impl CustomSchema {
    /// This schema compiled for serde_json values, as `--schema` compiled it before (without a
    /// caller's retriever: for schemas that need none).
    ///
    /// # Panics
    /// When the schema does not compile that way.
    #[must_use]
    pub fn serde_validator(&self) -> jsonschema::Validator {
        jsonschema::options()
            .should_validate_formats(true)
            .build(&self.schema)
            .expect("the schema compiled for tapes compiles for serde_json values")
    }

    /// The findings on one document as the tape path gives them.
    ///
    /// # Errors
    /// serde_json's error when the document is not JSON.
    pub fn tape_findings(&self, bytes: &[u8]) -> Result<Vec<(usize, Finding)>, serde_json::Error> {
        self.check(&mut Scratch::default(), bytes)
    }

    /// The findings on one document as the serde_json path gave them: a `serde_json::Value`
    /// validated by `validator` ([`Self::serde_validator`]), each finding with its byte offset,
    /// in the order of the text.
    ///
    /// # Errors
    /// serde_json's error when the document is not JSON.
    pub fn serde_findings(
        &self,
        validator: &jsonschema::Validator,
        bytes: &[u8],
    ) -> Result<Vec<(usize, Finding)>, serde_json::Error> {
        let value: Value = serde_json::from_slice(bytes)?;
        let mut locator = Locator::new(bytes);
        let mut found: Vec<(usize, Finding)> = validator
            .iter_errors(&value)
            .map(|error| {
                let finding = translate(&error, false, &mut SerdeValue(&value), |path| {
                    expected_in(&self.schema, path)
                });
                let tokens: Vec<_> = finding.pointer.tokens().collect();
                (locator.locate(&tokens).value, finding)
            })
            .collect();
        found.sort_by_key(|f| f.0);
        Ok(found)
    }
}

/// A document as serde_json read it, as [`translate`] reads it: case twins in sorted order,
/// what was found from the errors' instances.
struct SerdeValue<'v>(&'v Value);

impl Instances for SerdeValue<'_> {
    fn twin(&mut self, pointer: &Pointer, name: &str) -> Option<String> {
        self.0
            .pointer(pointer.as_str())?
            .as_object()?
            .keys()
            .find(|k| *k != name && k.eq_ignore_ascii_case(name))
            .cloned()
    }

    fn found(&mut self, _: &Pointer) -> Option<Found> {
        None
    }
}
