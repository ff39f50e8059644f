//! The binary's `main`: parse arguments, run the command, map the outcome to the exit status
//! (0 pass, 1 violations, 2 usage or input failure, or output that could not be written).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::check::schema;
use crate::cli::run::{self, Outcome};
use crate::cli::{Cli, Command, GenArgs, ValidateArgs, generated};
use crate::r#gen;
use crate::report::render::{Style, escape};

/// Runs the command line: parses the arguments, runs the command, and returns the exit status.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Schema(args) => finish(&Outcome {
            stdout: match args.server_version {
                None => schema::BUNDLED.to_owned(),
                Some(releases) => schema::for_releases_text(releases),
            },
            stderr: Vec::new(),
            status: 0,
        }),
        Command::Diff(args) => finish(&crate::cli::diff::run(&args)),
        Command::Gen(args) => generate(&args),
        Command::Record(args) => ExitCode::from(crate::cli::record::run(&args)),
        Command::Completions(args) => emit(|out| generated::completions(args.shell, out)),
        Command::Man => emit(generated::man),
    }
}

/// Validates, streaming the report to standard output. A report that cannot be written whole
/// (a full disk, a closed pipe as in `| head`) is exit 2: a gate must not pass or fail on a
/// report nobody got.
fn validate(args: &ValidateArgs) -> ExitCode {
    let stdout = io::stdout();
    let style = Style {
        color: args.color.enabled(stdout.is_terminal()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    // Not locked for the whole run: the progress display writes to standard error meanwhile
    // (holding the lock here deadlocked it on a terminal).
    let mut err = io::stderr();
    let status = run::validate_to(args, style, &mut out, &mut err);
    // Nothing is left in `out` after a successful flush; after a failed one, dropping it would
    // retry the write and ignore the error, which validate_to has already reported.
    let _ = out.into_parts();
    ExitCode::from(status)
}

/// Prints an outcome and turns its status into the exit code; a write failure is exit 2.
fn finish(outcome: &Outcome) -> ExitCode {
    let mut status = outcome.status;
    let mut out = io::stdout().lock();
    if let Err(e) = out
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| out.flush())
    {
        status = 2;
        let _ = writeln!(
            io::stderr(),
            "fileops-validator: cannot write to standard output: {e}"
        );
    }
    let mut err = io::stderr().lock();
    for line in &outcome.stderr {
        if writeln!(err, "{}", escape::terminal(line)).is_err() {
            status = 2;
        }
    }
    if err.flush().is_err() {
        status = 2;
    }
    ExitCode::from(status)
}

/// Writes a generated payload; a closed pipe (`gen | head`) is not a failure: the reader has
/// all it asked for.
fn generate(args: &GenArgs) -> ExitCode {
    if let Some(release) = args.server_version.and_then(|r| r.last()) {
        let payload = r#gen::release_payload(release);
        return finish(&Outcome {
            stdout: serde_json::to_string_pretty(&payload).unwrap_or_default() + "\n",
            stderr: Vec::new(),
            status: 0,
        });
    }
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match args.polls {
        Some(polls) => {
            crate::check::sequence::polls::write(out, polls as usize, args.fault, args.seed)
        }
        None => r#gen::write(out, &args.options()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "fileops-validator: writing the payload: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes generated text (completions, man page); a closed pipe is not a failure.
fn emit(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "fileops-validator: writing to standard output: {e}"
            );
            ExitCode::from(2)
        }
    }
}
