//! `--format human`: compiler-style diagnostics with the source line and a caret, then a summary.

use std::fmt::Write;

use crate::report::Report;

/// The report for a person reading a terminal.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for v in &report.violations {
        let layers: Vec<&str> = v.layers.iter().map(|l| l.name()).collect();
        let _ = writeln!(out, "{}[{}]: {}", v.severity, v.rule, v.message);
        // Like rustc: the gutter is as wide as the line number it shows.
        let number = v.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "{pad}--> {}:{}:{}", v.input, v.line, v.column);
        if let Some(s) = &v.snippet {
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {}", s.text);
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(s.caret));
        }
        let pointer = if v.pointer.is_empty() {
            "(the document)"
        } else {
            &v.pointer
        };
        let document = if v.document > 0 {
            format!(", document {}", v.document)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{pad} = at {pointer}{document} (found by {})",
            layers.join(", ")
        );
        out.push('\n');
    }
    let s = &report.summary;
    let verdict = if s.errors > 0 { "FAILED" } else { "ok" };
    let _ = writeln!(
        out,
        "{verdict}: {} input{}, {} document{}, {} operation{}: {} error{}, {} warning{}",
        s.inputs,
        plural(s.inputs),
        s.documents,
        plural(s.documents),
        s.operations,
        plural(s.operations),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
    );
    if !report.unknown_members.is_empty() {
        let total: u64 = report.unknown_members.values().sum();
        let _ = writeln!(
            out,
            "note: {} member name{} the schema does not define ({total} occurrence{}); allowed \
             unless --strict:",
            report.unknown_members.len(),
            plural(report.unknown_members.len()),
            plural(total as usize)
        );
        for (pattern, n) in &report.unknown_members {
            let _ = writeln!(out, "  {pattern} ({n})");
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
