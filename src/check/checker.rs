//! What validates a source: the bundled schema (with the types, rules and sequence rules) or a
//! custom JSON Schema, over any source: plain, NDJSON, gzip, standard input, or the fileops
//! responses inside a HAR capture.
//!
//! This is the one entry for a whole source; [`Validator`] and [`CustomSchema`] validate a reader
//! of JSON documents, and a HAR's bodies go through the same call, located back in the HAR.

use std::io::{self, Read};
use std::path::Path;

use crate::check::custom::CustomSchema;
use crate::check::har;
use crate::check::sequence::{self, SequenceOptions};
use crate::check::validate::{Continued, Options, Validator};
use crate::counters::Counters;
use crate::error::Error;
use crate::input::source::Source;
use crate::json::frame::Recovery;
use crate::report::Report;

/// What validates a source: the bundled schema with the types and rules, or a `--schema`.
#[derive(Debug)]
pub enum Checker {
    /// The bundled fileops schema, with the types, the rules and (when asked) the sequence
    /// rules.
    Bundled(Validator),
    /// A caller's JSON Schema, applied to whole documents (schema layer only).
    Custom(CustomSchema),
}

impl Checker {
    /// The bundled schema for `options`, or the custom schema in the file `schema`.
    ///
    /// # Errors
    /// When the custom schema cannot be read or compiled (or, for a broken build, the bundled
    /// one).
    pub fn new(options: Options, schema: Option<&Path>) -> Result<Self, Error> {
        match schema {
            Some(path) => CustomSchema::load(path).map(Checker::Custom),
            None => Validator::new(options).map(Checker::Bundled),
        }
    }

    /// The same checker, failing an input (an I/O error of kind `InvalidData`, see
    /// [`crate::TooLarge`]) when one of its values needs more than `limit` bytes.
    #[must_use]
    pub fn with_max_document_size(self, limit: usize) -> Self {
        match self {
            Checker::Bundled(v) => Checker::Bundled(v.with_max_document_size(limit)),
            Checker::Custom(c) => Checker::Custom(c.with_max_document_size(limit)),
        }
    }

    /// The same checker keeping at most `max` violations of each input as it goes.
    #[must_use]
    pub fn with_max_violations(self, max: Option<usize>) -> Self {
        match self {
            Checker::Bundled(v) => Checker::Bundled(v.with_max_violations(max)),
            Checker::Custom(c) => Checker::Custom(c.with_max_violations(max)),
        }
    }

    fn max_document_size(&self) -> usize {
        match self {
            Checker::Bundled(v) => v.max_document_size(),
            Checker::Custom(c) => c.max_document_size(),
        }
    }

    /// This checker with the sequence rules and timeline `sequence` asks for (a `--schema`
    /// checker has none: its documents need not be fileops payloads).
    #[must_use]
    pub fn with_sequence(self, sequence: SequenceOptions) -> Self {
        match self {
            Checker::Bundled(v) => Checker::Bundled(v.with_sequence(sequence)),
            custom => custom,
        }
    }

    /// Validates one source (a HAR's fileops bodies, or every document of anything else).
    ///
    /// # Errors
    /// When the source cannot be opened or read.
    pub fn validate_source(&self, source: &Source, counters: &Counters) -> io::Result<Report> {
        self.validate_opened(
            &source.name(),
            &|| source.open(),
            source.is_har(),
            source.recovery(),
            counters,
        )
    }

    /// Validates what `open` reads as a HAR or as documents framed with `recovery` (`open` may
    /// be called twice: a HAR's sequence rules read it again).
    ///
    /// # Errors
    /// When the input cannot be opened or read.
    pub fn validate_opened(
        &self,
        name: &str,
        open: &dyn Fn() -> io::Result<Box<dyn Read + Send>>,
        is_har: bool,
        recovery: Recovery,
        counters: &Counters,
    ) -> io::Result<Report> {
        let name = name.to_owned();
        let reader = open()?;
        if is_har {
            let mut report =
                har::validate_limited(&name, reader, self.max_document_size(), &|body| {
                    let mut r = self
                        .validate_reader(&name, body, Recovery::Stop, counters)
                        .expect("reading from memory cannot fail");
                    // Each body alone has no sequence; the HAR's is followed below.
                    r.timeline.clear();
                    r
                })?;
            if let Checker::Bundled(v) = self
                && v.sequence.active()
            {
                report.merge(sequence::har::check(
                    &name,
                    open,
                    v.sequence,
                    self.max_document_size(),
                )?);
                // Sequence findings come after the pass over the entries: put them in place.
                report.violations.sort_by_key(|v| (v.document, v.offset));
            }
            Ok(report)
        } else {
            self.validate_reader(&name, reader, recovery, counters)
        }
    }

    /// Validates what follows a part of an input already validated (see
    /// [`crate::check::validate::Validator::validate_continued`]); a custom schema has no sequence
    /// rules to carry, so it validates `reader` alone.
    ///
    /// # Errors
    /// When reading fails.
    pub(crate) fn validate_continued<R: Read>(
        &self,
        name: &str,
        reader: R,
        recovery: Recovery,
        counters: &Counters,
        continued: &mut Continued,
    ) -> io::Result<Report> {
        match self {
            Checker::Bundled(v) => {
                v.validate_continued(name, reader, recovery, counters, continued)
            }
            Checker::Custom(c) => c.validate_reader(name, reader, recovery),
        }
    }

    fn validate_reader<R: Read>(
        &self,
        name: &str,
        reader: R,
        recovery: Recovery,
        counters: &Counters,
    ) -> io::Result<Report> {
        match self {
            Checker::Bundled(v) => v.validate_observed(name, reader, recovery, counters),
            Checker::Custom(c) => c.validate_reader(name, reader, recovery),
        }
    }
}
