//! `validate`, from arguments to output: sources -> reports -> baseline -> render.
//!
//! The binary only prints what [`validate`] returns and exits with its status, so the whole run
//! (and every exit status) is testable as a library call.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::cli::{Format, ValidateArgs};
use crate::custom::CustomSchema;
use crate::frame::Recovery;
use crate::inputs::{self, Source, describe_io};
use crate::progress::{self, Counters};
use crate::report::Report;
use crate::validate::{Options, Validator};
use crate::{har, render};

/// What a run prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The report, for standard output.
    pub stdout: String,
    /// Messages for standard error (unreadable inputs, usage problems), one per line.
    pub stderr: Vec<String>,
    /// 0 pass, 1 violations, 2 usage error, unreadable input or internal failure.
    pub status: u8,
}

impl Outcome {
    fn failure(message: String) -> Self {
        Outcome {
            stdout: String::new(),
            stderr: vec![message],
            status: 2,
        }
    }
}

/// What validates a source: the bundled schema with the types and rules, or a `--schema`.
#[derive(Debug)]
pub enum Checker {
    Bundled(Validator),
    Custom(CustomSchema),
}

impl Checker {
    /// The checker `options` and an optional custom schema file ask for.
    ///
    /// # Errors
    /// When the custom schema cannot be read or compiled (or, for a broken build, the bundled
    /// one).
    pub fn new(options: Options, schema: Option<&Path>) -> Result<Self, String> {
        match schema {
            Some(path) => CustomSchema::load(path).map(Checker::Custom),
            None => Validator::new(options)
                .map(Checker::Bundled)
                .map_err(|e| format!("internal error: {e}")),
        }
    }

    /// The same checker with `--max-document-size` set to `limit` bytes.
    #[must_use]
    pub fn with_max_document_size(self, limit: usize) -> Self {
        match self {
            Checker::Bundled(v) => Checker::Bundled(v.with_max_document_size(limit)),
            Checker::Custom(c) => Checker::Custom(c.with_max_document_size(limit)),
        }
    }

    fn max_document_size(&self) -> usize {
        match self {
            Checker::Bundled(v) => v.max_document_size(),
            Checker::Custom(c) => c.max_document_size(),
        }
    }

    /// Validates one source (a HAR's fileops bodies, or every document of anything else).
    ///
    /// # Errors
    /// When the source cannot be opened or read.
    pub fn validate_source(&self, source: &Source, counters: &Counters) -> io::Result<Report> {
        let name = source.name();
        let reader = source.open()?;
        if source.is_har() {
            har::validate_limited(&name, reader, self.max_document_size(), &|body| {
                self.validate_reader(&name, body, Recovery::Stop, counters)
                    .expect("reading from memory cannot fail")
            })
        } else {
            self.validate_reader(&name, reader, source.recovery(), counters)
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

/// Runs `validate` as the arguments say: sources -> shard -> reports -> baseline -> render.
#[must_use]
pub fn validate(args: &ValidateArgs) -> Outcome {
    let mut sources = match inputs::resolve_with(&args.inputs, &args.selection()) {
        Ok(s) => s,
        Err(e) => return Outcome::failure(format!("fileops-validator: {e}")),
    };
    let mut notes = Vec::new();
    if let Some(shard) = args.shard {
        let all = sources.len();
        sources.retain(|s| shard.contains(&s.name()));
        notes.push(format!(
            "shard {shard}: {} of the {all} inputs named",
            sources.len()
        ));
    }
    let checker = match Checker::new(args.options(), args.schema.as_deref()) {
        Ok(c) => c.with_max_document_size(args.max_document_size.0),
        Err(e) => return Outcome::failure(format!("fileops-validator: {e}")),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return Outcome::failure(format!("fileops-validator: {e}")),
    };
    if let Some(jobs) = args.jobs {
        // Fails only when the global pool already exists (a second run in one process, as in
        // tests); that pool is then used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.into())
            .build_global();
    }
    let counters = Arc::new(Counters::default());
    let display = progress::Display::start(
        Arc::clone(&counters),
        progress::total_size(&sources),
        !args.quiet,
    );
    let (mut report, mut stderr) = validate_all(&checker, &sources, &counters);
    drop(display);
    if let Checker::Custom(c) = &checker {
        report.custom_schema = Some(c.name().to_owned());
        notes.push(format!(
            "validated whole documents against the schema {}: the types and rules layers are \
             off (they describe the fileops payload)",
            c.name()
        ));
    }
    if let Some(path) = &args.write_baseline {
        if stderr.is_empty() {
            match write_baseline(&report, path) {
                Ok(note) => notes.push(note),
                Err(e) => return Outcome::failure(format!("fileops-validator: {e}")),
            }
        } else {
            // Without the unreadable inputs' violations the baseline would accept less than
            // the corpus holds, and the next run would fail on problems that are not new.
            stderr.push(format!(
                "fileops-validator: --write-baseline {}: not written, because an input could \
                 not be read",
                path.display()
            ));
        }
    }
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        notes.extend(apply_baseline(baseline, path, &mut report));
    }
    report.notes.extend(notes);
    let status = if !stderr.is_empty() {
        2
    } else if args.write_baseline.is_some() || report.passed(args.deny_warnings) {
        0
    } else {
        1
    };
    Outcome {
        stdout: render(args.format, &report),
        stderr,
        status,
    }
}

/// Validates every source in order: the merged report, and a message per unreadable source.
#[must_use]
pub fn validate_all(
    checker: &Checker,
    sources: &[Source],
    counters: &Counters,
) -> (Report, Vec<String>) {
    let one = |source: &Source| checker.validate_source(source, counters);
    // One input is validated from this thread, so that framing overlaps checking; several are
    // validated in parallel, each checking its batches on the pool.
    let results: Vec<io::Result<Report>> = if sources.len() == 1 {
        sources.iter().map(one).collect()
    } else {
        sources.par_iter().map(one).collect()
    };
    let mut report = Report::default();
    let mut stderr = Vec::new();
    for (source, result) in sources.iter().zip(results) {
        match result {
            Ok(r) => report.merge(r),
            Err(e) => stderr.push(format!(
                "fileops-validator: {}: {}",
                source.name(),
                describe_io(&e)
            )),
        }
    }
    (report, stderr)
}

/// Writes the baseline of `report` to `path`; the note saying so.
fn write_baseline(report: &Report, path: &Path) -> Result<String, String> {
    let written = Baseline::of(report);
    written.write(path)?;
    Ok(format!(
        "wrote the baseline {} ({} violation{} accepted)",
        path.display(),
        written.len(),
        plural(written.len())
    ))
}

/// Removes the baselined violations from `report`; the notes saying what happened.
fn apply_baseline(baseline: &Baseline, path: &Path, report: &mut Report) -> Vec<String> {
    let applied = baseline.apply(report);
    let mut notes = vec![format!(
        "{} violation{} matched the baseline {} and {} not counted",
        applied.matched,
        plural(applied.matched),
        path.display(),
        if applied.matched == 1 { "is" } else { "are" }
    )];
    if applied.stale > 0 {
        notes.push(format!(
            "{} baselined violation{} no longer occur{} in these inputs: refresh the baseline \
             with --write-baseline",
            applied.stale,
            plural(applied.stale),
            if applied.stale == 1 { "s" } else { "" }
        ));
    }
    notes
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The report in `format`.
#[must_use]
pub fn render(format: Format, report: &Report) -> String {
    match format {
        Format::Human => render::human::render(report),
        Format::Json => render::json::render(report),
        Format::Junit => render::junit::render(report),
        Format::Sarif => render::sarif::render(report),
        Format::Github => render::github::render(report),
    }
}
