//! `validate`, from arguments to output: sources -> reports -> baseline -> render.
//!
//! The binary hands [`validate_to`] its standard output and error and exits with the status it
//! returns, so the whole run (and every exit status, write failures included) is testable as a
//! library call.

use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, mpsc};

use rayon::prelude::*;

use crate::check::checker::Checker;
use crate::cli::ValidateArgs;
use crate::cli::progress::{self, Counters};
use crate::error::Error;
use crate::input::source::{self, Source, describe_io};
use crate::report::baseline::Baseline;
use crate::report::render;
use crate::report::render::{Format, Style};
use crate::report::{InputError, Report};

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

/// Runs `validate` as the arguments say, into strings: what [`validate_to`] writes, for tests
/// and callers that want the whole output (without colours).
#[must_use]
pub fn validate(args: &ValidateArgs) -> Outcome {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = validate_to(args, Style::default(), &mut stdout, &mut stderr);
    Outcome {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr)
            .lines()
            .map(str::to_owned)
            .collect(),
        status,
    }
}

/// Runs `validate` as the arguments say: sources -> shard -> reports -> baseline -> render,
/// writing the report to `stdout` (and every `--report` file) and messages to `stderr`. The
/// exit status: 0 pass, 1 violations, 2 usage error, unreadable input, internal failure, or
/// any output that could not be written whole (standard output, a `--report` file, the
/// baseline, standard error): a gate must never pass or fail on a report nobody got.
pub fn validate_to(
    args: &ValidateArgs,
    style: Style,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let mut messages = Messages::default();
    let status = match checked(args, &mut messages) {
        Err(()) => 2,
        Ok(report) => {
            let mut status = report.verdict().status();
            for file in &args.reports {
                let written = render::file::write_atomically(&file.path, |out| {
                    render::write(file.format, &report, Style::default(), out)
                });
                if let Err(e) = written {
                    messages.push(format!(
                        "fileops-validator: --report {}: cannot write the report: {}",
                        file.path.display(),
                        describe_io(&e)
                    ));
                    status = 2;
                }
            }
            if let Err(e) = render::write(args.format, &report, style, stdout) {
                messages.push(format!(
                    "fileops-validator: cannot write the report to standard output: {}",
                    describe_io(&e)
                ));
                status = 2;
            }
            status
        }
    };
    // A message that cannot be written is a failure too (never a panic, as eprintln! would).
    if messages.write(stderr).is_err() {
        return 2;
    }
    status
}

/// Messages for standard error, written after the report, each line shown with the characters
/// a terminal would interpret escaped (file names come from outside).
#[derive(Default)]
struct Messages(Vec<String>);

impl Messages {
    fn push(&mut self, line: String) {
        self.0.push(line);
    }

    fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        for line in &self.0 {
            writeln!(out, "{}", render::escape::terminal(line))?;
        }
        out.flush()
    }
}

/// The validation the arguments ask for, as a report whose [`Report::verdict`] is the exit
/// status; `Err` after a usage or setup failure (its message pushed).
fn checked(args: &ValidateArgs, messages: &mut Messages) -> Result<Report, ()> {
    let mut fail = |e: String| {
        messages.push(format!("fileops-validator: {e}"));
        Err(())
    };
    // The inputs are resolved while they are validated (on a thread of their own, see
    // `validate_inputs`), so a setup failure is found first; an input error still wins over
    // it, as when the inputs were resolved before anything else.
    let setup_failure = |reason: String| match source::resolve_with(&args.inputs, &args.selection())
    {
        Err(e) => e.to_string(),
        Ok(_) => reason,
    };
    // --max-violations drops violations as they are found, so memory stays bounded by the cap;
    // a baseline (read or written) needs every violation first, and then caps after matching.
    let early_cap = if args.baseline.is_none() && args.write_baseline.is_none() {
        args.max_violations
    } else {
        None
    };
    // Only the human and HTML formats show the source line of a violation: other runs skip
    // making one per violation.
    let shown = std::iter::once(args.format)
        .chain(args.reports.iter().map(|r| r.format))
        .any(|f| matches!(f, Format::Human | Format::Html));
    let checker = match Checker::new(args.options(), args.schema.as_deref()) {
        Ok(c) => {
            let c = c
                .with_sequence(args.sequence())
                .with_max_document_size(args.max_document_size.0)
                .with_max_violations(early_cap);
            if shown { c } else { c.without_snippets() }
        }
        Err(e) => return fail(setup_failure(message(&e))),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return fail(setup_failure(message(&e))),
    };
    if let Some(jobs) = args.jobs {
        // Fails only when the global pool already exists (a second run in one process, as in
        // tests); that pool is then used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.into())
            .build_global();
    }
    let counters = Arc::new(Counters::default());
    let display = progress::Display::start(Arc::clone(&counters), !args.quiet);
    let mut notes = Vec::new();
    let (mut report, unreadable) = match validate_inputs(&checker, args, &counters, &display) {
        Ok(validated) => {
            if let Some(shard) = args.shard {
                notes.push(format!(
                    "shard {shard}: {} of the {} inputs named",
                    validated.taken, validated.found
                ));
            }
            (validated.report, validated.messages)
        }
        Err(e) => {
            drop(display);
            return fail(e.to_string());
        }
    };
    drop(display);
    for line in unreadable {
        messages.push(line);
    }
    if let Checker::Custom(c) = &checker {
        report.custom_schema = Some(c.name().to_owned());
        notes.push(format!(
            "validated whole documents against the schema {}: the types and rules layers are \
             off (they describe the fileops payload)",
            c.name()
        ));
    }
    if let Some(path) = &args.write_baseline {
        if report.errors.is_empty() {
            match write_baseline(&report, path) {
                Ok(note) => notes.push(note),
                Err(e) => {
                    messages.push(format!("fileops-validator: {}", message(&e)));
                    return Err(());
                }
            }
        } else {
            // Without the unreadable inputs' violations the baseline would accept less than
            // the corpus holds, and the next run would fail on problems that are not new.
            messages.push(format!(
                "fileops-validator: --write-baseline {}: not written, because an input could \
                 not be read",
                path.display()
            ));
        }
        report.accept_violations = true;
    }
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        notes.extend(apply_baseline(baseline, path, &mut report));
    }
    if let Some(max) = args.max_violations {
        report.cap_per_input(max);
    }
    report.deny_warnings = args.deny_warnings;
    report.notes.extend(notes);
    Ok(report)
}

/// Validates every source in order: the merged report (unreadable sources in its `errors`),
/// and a message per unreadable source.
#[must_use]
pub fn validate_all(
    checker: &Checker,
    sources: &[Source],
    counters: &Counters,
) -> (Report, Vec<String>) {
    merge(validate_in_order(
        checker,
        counters,
        sources.iter().cloned(),
    ))
}

/// Validates `sources` as they come: a single source from this thread, so that its framing
/// overlaps the pool's checks of its batches; several on the pool, each as soon as it arrives.
/// The results in the order the sources came in.
fn validate_in_order(
    checker: &Checker,
    counters: &Counters,
    sources: impl Iterator<Item = Source> + Send,
) -> Vec<(Source, io::Result<Report>)> {
    let validate = |(index, source): (usize, Source)| {
        let result = checker.validate_source(&source, counters);
        (index, source, result)
    };
    let mut sources = sources.enumerate();
    let (first, second) = (sources.next(), sources.next());
    let mut results: Vec<(usize, Source, io::Result<Report>)> = match (first, second) {
        (Some(only), None) => vec![validate(only)],
        (first, second) => first
            .into_iter()
            .chain(second)
            .chain(sources)
            .par_bridge()
            .map(validate)
            .collect(),
    };
    results.sort_unstable_by_key(|(index, _, _)| *index);
    results
        .into_iter()
        .map(|(_, source, result)| (source, result))
        .collect()
}

/// What [`validate_inputs`] found.
struct Validated {
    /// The reports merged in the inputs' order, as [`validate_all`] merges them.
    report: Report,
    /// A message per unreadable source.
    messages: Vec<String>,
    /// Sources validated (those of the shard).
    taken: usize,
    /// Sources found.
    found: usize,
}

/// Resolves the inputs on a thread of its own and validates each source as soon as it is
/// found: a folder of thousands of files is not walked to the end before any is validated.
///
/// # Errors
/// What resolving the inputs fails with (the report is then dropped, as if the inputs had been
/// resolved first).
fn validate_inputs(
    checker: &Checker,
    args: &ValidateArgs,
    counters: &Counters,
    display: &progress::Display,
) -> Result<Validated, source::InputError> {
    let selection = args.selection();
    let (found, resolved) = mpsc::channel::<Source>();
    std::thread::scope(|scope| {
        let resolver = scope.spawn(|| {
            let found = found;
            let (mut taken, mut all) = (0, 0);
            let mut listed = display.wants_total().then(Vec::new);
            source::resolve_each(&args.inputs, &selection, &mut |source| {
                all += 1;
                if args
                    .shard
                    .is_none_or(|shard| shard.contains(&source.name()))
                {
                    if let Some(listed) = &mut listed {
                        listed.push(source.clone());
                    }
                    // The receiver lives until every source is taken: a send cannot fail.
                    let _ = found.send(source);
                    taken += 1;
                }
            })?;
            if let Some(listed) = listed {
                display.show_total_of(&listed);
            }
            Ok((taken, all))
        });
        let results = validate_in_order(checker, counters, resolved.into_iter());
        let (taken, found) = resolver
            .join()
            .expect("resolving the inputs does not panic")?;
        let (report, messages) = merge(results);
        Ok(Validated {
            report,
            messages,
            taken,
            found,
        })
    })
}

/// The report of each source merged in order, unreadable sources as errors of the report and
/// messages.
fn merge(results: Vec<(Source, io::Result<Report>)>) -> (Report, Vec<String>) {
    let mut report = Report::default();
    let mut stderr = Vec::new();
    for (source, result) in results {
        match result {
            Ok(r) => report.merge(r),
            Err(e) => {
                let error = InputError {
                    input: source.name(),
                    message: describe_input_error(&e),
                };
                stderr.push(format!(
                    "fileops-validator: {}: {}",
                    error.input, error.message
                ));
                report.errors.push(error);
            }
        }
    }
    (report, stderr)
}

/// Writes the baseline of `report` to `path`; the note saying so.
fn write_baseline(report: &Report, path: &Path) -> Result<String, Error> {
    let written = Baseline::of(report);
    written.write(path)?;
    Ok(format!(
        "wrote the baseline {} ({} violation{} accepted)",
        path.display(),
        written.len(),
        plural(written.len())
    ))
}

/// A library error as the command line says it: naming the option that led to it.
#[must_use]
pub fn message(error: &Error) -> String {
    match error {
        Error::BundledSchema(reason) => format!("internal error: {reason}"),
        Error::CustomSchema { name, reason } => format!("--schema {name}: {reason}"),
        Error::ReadBaseline { path, reason } => format!("--baseline {path}: {reason}"),
        Error::WriteBaseline { path, reason } => format!("--write-baseline {path}: {reason}"),
    }
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

/// An input that could not be read, in words; a value over the size limit says how to raise it.
fn describe_input_error(e: &io::Error) -> String {
    match crate::input::limit::exceeded(e) {
        Some(too_large) => format!("{too_large}; raise --max-document-size to validate it"),
        None => describe_io(e),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
