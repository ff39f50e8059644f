//! The `fileops-validator` binary: parse arguments, run the library, map the outcome to the exit
//! status (0 pass, 1 violations, 2 usage or input failure).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use fileops_validator::cli::{Cli, Command, GenArgs};
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
        Command::Schema(args) => {
            match args.server_version {
                None => print(schema::BUNDLED),
                Some(releases) => print(&schema::for_releases_text(releases)),
            }
            ExitCode::SUCCESS
        }
        Command::Diff(args) => finish(&diff::run(&args)),
        Command::Gen(args) => generate(&args),
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
    if let Some(release) = args.server_version.and_then(|r| r.last()) {
        let payload = r#gen::release_payload(release);
        print(&(serde_json::to_string_pretty(&payload).unwrap_or_default() + "\n"));
        return ExitCode::SUCCESS;
    }
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

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
