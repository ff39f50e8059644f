//! Validating fileops payloads from Rust, and reading the violations.
//!
//!     cargo run --example validate                      # a small payload with one mistake
//!     cargo run --example validate -- capture.json      # a JSON or NDJSON file (also .gz)
//!     cargo run --example validate -- session.har       # the fileops responses in a HAR
//!
//! Prints one line per violation, `input:line:column pointer [rule] severity: message`, and
//! exits 1 when there is an error-level violation, as `fileops-validator validate` does.

use std::io::Write;
use std::process::ExitCode;

use fileops_validator::{Checker, Counters, Options, Report, Severity, Source, Validator};

/// One finished copy whose `progress` is a string, not a number.
const PAYLOAD: &str = r#"{
  "response": [
    {"id": "c2cf19b4-4951-415a-9337-78258fc7619d", "Operation": 1,
     "progress": "100", "processed": "1", "finished": true}
  ],
  "count": 1
}"#;

fn main() -> ExitCode {
    // Compiles the bundled JSON Schema once; the validator is then reusable, and Sync.
    let validator = match Validator::new(Options::default()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("validate: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match std::env::args_os().nth(1) {
        None => validator.validate_bytes("inline.json", PAYLOAD.as_bytes()),
        Some(path) => {
            // A whole source: its format (JSON, NDJSON, gzip, HAR) is told by its name, and a
            // HAR's bodies are validated in place. `Checker::Custom` does the same with another
            // JSON Schema (`CustomSchema::load`).
            let source = Source::File(path.into());
            let checker = Checker::Bundled(validator);
            match checker.validate_source(&source, &Counters::default()) {
                Ok(report) => report,
                Err(e) => {
                    eprintln!("validate: {}: {e}", source.name());
                    return ExitCode::from(2);
                }
            }
        }
    };
    print(&report);
    if report
        .violations
        .iter()
        .any(|v| v.severity == Severity::Error)
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the violations and a summary; stops quietly when standard output is closed (a pipe
/// into `head`, say) instead of panicking as `println!` would.
fn print(report: &Report) {
    let mut out = std::io::stdout().lock();
    for v in &report.violations {
        let severity = match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line = writeln!(
            out,
            "{}:{}:{} {} [{}] {severity}: {}",
            v.input, v.line, v.column, v.pointer, v.rule, v.message
        );
        if line.is_err() {
            return;
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} document(s), {} operation(s): {} error(s), {} warning(s)",
        s.documents, s.operations, s.errors, s.warnings
    );
}
