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

    /// The same checker leaving out the source line of each violation (only the human and HTML
    /// formats show it).
    #[must_use]
    pub fn without_snippets(self) -> Self {
        match self {
            Checker::Bundled(v) => Checker::Bundled(v.without_snippets()),
            Checker::Custom(c) => Checker::Custom(c.without_snippets()),
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

    /// Validates what `open` reads as a HAR or as documents framed with `recovery` (`open` is
    /// called again for a HAR whose fileops entries are out of date order: its sequence rules
    /// read it again, in that order).
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
            let sequence = match self {
                Checker::Bundled(v) if v.sequence.active() => Some(v.sequence),
                _ => None,
            };
            // The sequence rules follow the polls in this read when they come in date order
            // (as browsers write them); otherwise the HAR is read once more, in that order.
            let mut follower = sequence.map(|s| sequence::har::InFileOrder::new(&name, s));
            let mut report = har::validate_following(
                &name,
                reader,
                self.max_document_size(),
                &|body| {
                    let (mut r, facts) = match self {
                        Checker::Bundled(v) => v.validate_body(&name, body, counters),
                        Checker::Custom(_) => (
                            self.validate_reader(&name, body, Recovery::Stop, counters)
                                .expect("reading from memory cannot fail"),
                            None,
                        ),
                    };
                    // Each body alone has no sequence; the HAR's is followed across them.
                    r.timeline.clear();
                    (r, facts)
                },
                &mut |met| {
                    if let Some(f) = follower.as_mut() {
                        f.entry(met);
                    }
                },
            )?;
            if let (Some(options), Some(follower)) = (sequence, follower) {
                let followed = match follower.finish() {
                    Ok(report) => report,
                    Err(keys) => sequence::har::check_keyed(
                        &name,
                        open,
                        options,
                        self.max_document_size(),
                        keys,
                    )?,
                };
                report.merge(followed);
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::check::sequence::SequenceOptions;

    /// A HAR of polls, `ordered` by date in the file or reversed, with a progress regression.
    fn polls_har(ordered: bool) -> Vec<u8> {
        let mut entries: Vec<serde_json::Value> = (0..20)
            .map(|i| {
                let progress = if i == 10 { 1 } else { i };
                let body = format!(
                    "{{\"response\":[{{\"id\":\"op\",\"Operation\":1,\"progress\":{progress},\
                     \"finished\":false}}],\"count\":1}}"
                );
                serde_json::json!({"startedDateTime": format!("2026-01-01T00:00:{i:02}.000Z"),
                    "time": 1,
                    "request": {"method": "GET", "url": "https://p/api/2.0/files/fileops"},
                    "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}})
            })
            .collect();
        if !ordered {
            entries.reverse();
        }
        serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": entries}}))
            .unwrap()
    }

    /// How many times validating `har` opened it, and what it found (rule and document).
    fn validated(har: &[u8], sequence: SequenceOptions) -> (usize, Vec<(String, usize)>) {
        let checker = Checker::new(Options::default(), None)
            .unwrap()
            .with_sequence(sequence);
        let opens = Cell::new(0);
        let open = || -> io::Result<Box<dyn Read + Send>> {
            opens.set(opens.get() + 1);
            Ok(Box::new(io::Cursor::new(har.to_vec())))
        };
        let report = checker
            .validate_opened("p.har", &open, true, Recovery::Stop, &Counters::default())
            .unwrap();
        let found = report
            .violations
            .iter()
            .map(|v| (v.rule.to_string(), v.document))
            .collect();
        (opens.get(), found)
    }

    /// The sequence rules follow a HAR in date order in the validation pass's one read; one out
    /// of order is read once more, and gets the same verdict.
    #[test]
    fn a_har_in_date_order_is_read_once() {
        let rules = SequenceOptions {
            rules: true,
            timeline: false,
        };
        let (opens, ordered) = validated(&polls_har(true), rules);
        assert_eq!(opens, 1);
        let regressed = [("sequence-progress-regressed".to_owned(), 10)];
        assert_eq!(ordered, regressed);
        let (opens, reversed) = validated(&polls_har(false), rules);
        assert_eq!(opens, 2);
        // Reversed, the regressed poll is the file's tenth entry counting from zero too: 19 - 9.
        assert_eq!(reversed, [("sequence-progress-regressed".to_owned(), 9)]);
        let (opens, unfollowed) = validated(&polls_har(false), SequenceOptions::default());
        assert_eq!((opens, unfollowed), (1, Vec::new()));
    }
}
