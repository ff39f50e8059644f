//! The `fileops-validator` binary: parse arguments, run the library, map the outcome to the exit
//! status (0 pass, 1 violations, 2 usage or input failure).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use fileops_validator::cli::{Cli, Command, GenArgs, generated};
use fileops_validator::run::{self, Outcome};
use fileops_validator::{diff, r#gen, schema};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Validate(args) => finish(&run::validate(&args)),
        Command::Schema => {
            print(schema::BUNDLED);
            ExitCode::SUCCESS
        }
        Command::Diff(args) => finish(&diff::run(&args)),
        Command::Gen(args) => generate(&args),
        Command::Completions(args) => emit(|out| generated::completions(args.shell, out)),
        Command::Man => emit(generated::man),
    }
}

/// Prints an outcome and turns its status into the exit code.
fn finish(outcome: &Outcome) -> ExitCode {
    print(&outcome.stdout);
    for line in &outcome.stderr {
        eprintln!("{line}");
    }
    ExitCode::from(outcome.status)
}

/// Writes a generated payload; a closed pipe (`gen | head`) is not a failure.
fn generate(args: &GenArgs) -> ExitCode {
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match r#gen::write(out, &args.options()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fileops-validator: writing the payload: {e}");
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
            eprintln!("fileops-validator: writing to standard output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
