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
use crate::report::render::Style;
use crate::report::shard::Shard;
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
    // Directories are walked while their first files are validated (the walk of a folder of
    // thousands is otherwise a wait before any work); files named one by one are resolved
    // first, so that a single input is validated from this thread (see `validate_all`).
    let walks = args
        .inputs
        .iter()
        .any(|input| input.as_os_str() != "-" && input.is_dir());
    let listed = if walks {
        None
    } else {
        match source::resolve_with(&args.inputs, &args.selection()) {
            Ok(sources) => Some(sources),
            Err(e) => return fail(e.to_string()),
        }
    };
    // A setup failure after the inputs: when they were not resolved yet, an input error still
    // comes first, as it always has.
    let setup_failure = |reason: String| {
        if walks && let Err(e) = source::resolve_with(&args.inputs, &args.selection()) {
            return e.to_string();
        }
        reason
    };
    // --max-violations drops violations as they are found, so memory stays bounded by the cap;
    // a baseline (read or written) needs every violation first, and then caps after matching.
    let early_cap = if args.baseline.is_none() && args.write_baseline.is_none() {
        args.max_violations
    } else {
        None
    };
    let checker = match Checker::new(args.options(), args.schema.as_deref()) {
        Ok(c) => c
            .with_sequence(args.sequence())
            .with_max_document_size(args.max_document_size.0)
            .with_max_violations(early_cap),
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
    let (mut report, unreadable) = if let Some(mut sources) = listed {
        if let Some(shard) = args.shard {
            let all = sources.len();
            sources.retain(|s| shard.contains(&s.name()));
            notes.push(shard_note(shard, sources.len(), all));
        }
        display.show_total_of(&sources);
        validate_all(&checker, &sources, &counters)
    } else {
        let walked = validate_walked(&checker, args, &counters, &display);
        match walked {
            Ok(walked) => {
                if let Some(shard) = args.shard {
                    notes.push(shard_note(shard, walked.taken, walked.found));
                }
                (walked.report, walked.messages)
            }
            Err(e) => {
                drop(display);
                return fail(e.to_string());
            }
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

/// "shard 2/4: 13 of the 50 inputs named".
fn shard_note(shard: Shard, taken: usize, all: usize) -> String {
    format!("shard {shard}: {taken} of the {all} inputs named")
}

/// Validates every source in order: the merged report (unreadable sources in its `errors`),
/// and a message per unreadable source.
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
    merge(sources.iter().zip(results))
}

/// What [`validate_walked`] found.
struct Walked {
    /// The reports merged in the walk's order, as [`validate_all`] merges them.
    report: Report,
    /// A message per unreadable source.
    messages: Vec<String>,
    /// Sources validated (those of the shard).
    taken: usize,
    /// Sources found.
    found: usize,
}

/// Walks the inputs on a thread of its own and validates each source on the pool as soon as
/// the walk finds it.
///
/// # Errors
/// What resolving the inputs fails with (the report is then dropped, as if the inputs had been
/// resolved first).
fn validate_walked(
    checker: &Checker,
    args: &ValidateArgs,
    counters: &Counters,
    display: &progress::Display,
) -> Result<Walked, source::InputError> {
    let selection = args.selection();
    let (found, walked) = mpsc::channel::<(usize, Source)>();
    std::thread::scope(|scope| {
        let walker = scope.spawn(|| {
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
                    let _ = found.send((taken, source));
                    taken += 1;
                }
            })?;
            if let Some(listed) = listed {
                display.show_total_of(&listed);
            }
            Ok((taken, all))
        });
        let validate = |(index, source): (usize, Source)| {
            let result = checker.validate_source(&source, counters);
            (index, source, result)
        };
        // A walk that finds one source (a folder holding one large capture) validates it from
        // this thread, as a single named input is, so that its framing overlaps the pool's
        // checks instead of taking a pool thread.
        let first = walked.recv().ok();
        let second = walked.recv().ok();
        let mut results: Vec<(usize, Source, io::Result<Report>)> = match (first, second) {
            (Some(only), None) => vec![validate(only)],
            (first, second) => first
                .into_iter()
                .chain(second)
                .chain(walked)
                .par_bridge()
                .map(validate)
                .collect(),
        };
        let (taken, all) = walker.join().expect("the walk does not panic")?;
        results.sort_unstable_by_key(|(index, _, _)| *index);
        let (sources, results): (Vec<Source>, Vec<io::Result<Report>>) = results
            .into_iter()
            .map(|(_, source, result)| (source, result))
            .unzip();
        let (report, messages) = merge(sources.iter().zip(results));
        Ok(Walked {
            report,
            messages,
            taken,
            found: all,
        })
    })
}

/// The report of each source merged in order, unreadable sources as errors of the report and
/// messages.
fn merge<'s>(
    results: impl Iterator<Item = (&'s Source, io::Result<Report>)>,
) -> (Report, Vec<String>) {
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
