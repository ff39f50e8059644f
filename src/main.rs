//! The `fileops-validator` binary: parse arguments, run the library, map the outcome to the exit
//! status (0 pass, 1 violations, 2 usage or input failure).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use fileops_validator::cli::{Cli, Command, Format, GenArgs, ValidateArgs};
use fileops_validator::inputs::{self, describe_io};
use fileops_validator::progress::{self, Counters};
use fileops_validator::{Report, Validator, r#gen, render, schema};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Schema => {
            print(schema::BUNDLED);
            ExitCode::SUCCESS
        }
        Command::Gen(args) => generate(&args),
    }
}

fn generate(args: &GenArgs) -> ExitCode {
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match r#gen::write(out, &args.options()) {
        Ok(()) => ExitCode::SUCCESS,
        // `gen | head` closes the pipe early: not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fileops-validator: writing the payload: {e}");
            ExitCode::from(2)
        }
    }
}

fn validate(args: &ValidateArgs) -> ExitCode {
    let sources = match inputs::resolve(&args.inputs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fileops-validator: {e}");
            return ExitCode::from(2);
        }
    };
    let validator = match Validator::new(args.options()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("fileops-validator: internal error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(jobs) = args.jobs {
        // Only fails when the pool already exists, which nothing here does before this.
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
    let results = validator.validate_sources(&sources, &counters);
    drop(display);
    let mut report = Report::default();
    let mut failed_inputs = false;
    for (source, result) in sources.iter().zip(results) {
        match result {
            Ok(r) => report.merge(r),
            Err(e) => {
                eprintln!("fileops-validator: {}: {}", source.name(), describe_io(&e));
                failed_inputs = true;
            }
        }
    }
    let text = match args.format {
        Format::Human => render::human::render(&report),
        Format::Json => render::json::render(&report),
    };
    print(&text);
    if failed_inputs {
        ExitCode::from(2)
    } else if report.passed(args.deny_warnings) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
