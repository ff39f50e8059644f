//! `--format human`: compiler-style diagnostics with the source line and a caret, then a summary
//! grouping the violations by rule and place, the counts, and notes (unknown members, HAR
//! entries, baseline).

use std::collections::HashMap;
use std::fmt::Write;

use crate::report::{Pointer, Report, Severity, Violation};

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
    groups(&mut out, report);
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
    // Which releases could have sent the capture, when that says something (not every release).
    if let Some(evidence) = &report.releases
        && evidence.releases != crate::model::releases::Releases::all()
    {
        // No release left is worth a warning line, not a violation: the inputs may simply come
        // from different servers (and client mocks mix releases freely).
        let level = if evidence.releases.is_empty() {
            "warning"
        } else {
            "note"
        };
        let _ = writeln!(out, "{level}: server releases: {}", evidence.sentence());
    }
    if s.error_responses > 0 || s.ignored_entries > 0 {
        let _ = writeln!(
            out,
            "note: HAR captures: {} error response{} (non-2xx) checked against the DocSpace \
             error envelope; {} entr{} not a fileops GET, skipped",
            s.error_responses,
            plural(s.error_responses),
            s.ignored_entries,
            if s.ignored_entries == 1 { "y" } else { "ies" }
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// Examples shown for each group of the summary.
const EXAMPLES: usize = 3;

/// The violations grouped by severity, rule and pointer pattern (`/response/*/files/*/created`),
/// most frequent first, with the first few places of each.
fn groups(out: &mut String, report: &Report) {
    if report.violations.is_empty() {
        return;
    }
    let mut groups: Vec<(Severity, &str, String, Vec<&Violation>)> = Vec::new();
    let mut index: HashMap<(Severity, &str, String), usize> = HashMap::new();
    for v in &report.violations {
        let pattern = Pointer::from_string(v.pointer.clone()).pattern();
        let key = (v.severity, v.rule, pattern);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key.0, key.1, key.2, Vec::new()));
            groups.len() - 1
        });
        groups[i].3.push(v);
    }
    groups.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.3.len().cmp(&a.3.len()))
            .then(a.1.cmp(b.1))
            .then(a.2.cmp(&b.2))
    });
    let _ = writeln!(out, "by rule and place:");
    let width = groups
        .iter()
        .map(|g| g.3.len().to_string().len())
        .max()
        .unwrap_or(1);
    for (severity, rule, pattern, vs) in &groups {
        let pattern = if pattern.is_empty() {
            "(the document)"
        } else {
            pattern
        };
        let _ = writeln!(
            out,
            "  {:>width$} × {severity}[{rule}] at {pattern}",
            vs.len()
        );
        // Several violations can share a place (missing members of one object): list places.
        let mut places: Vec<String> = Vec::new();
        for v in vs {
            let place = format!("{}:{}:{}", v.input, v.line, v.column);
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let more = if places.len() > EXAMPLES {
            format!(" (+{} more)", places.len() - EXAMPLES)
        } else {
            String::new()
        };
        let examples: Vec<String> = places.into_iter().take(EXAMPLES).collect();
        let _ = writeln!(out, "  {:width$}   e.g. {}{more}", "", examples.join(", "));
    }
    out.push('\n');
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
