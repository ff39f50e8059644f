//! `--format json`: one JSON object, `{"summary": {...}, "violations": [...]}`.

use serde::Serialize;

use crate::report::{Report, Summary, Violation};

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: &'a Summary,
    violations: &'a [Violation],
    /// Added to the contract: member names the schema does not define, by pointer pattern.
    unknown_members: &'a std::collections::BTreeMap<String, u64>,
}

/// The report as pretty-printed JSON, with a final newline.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&JsonReport {
        summary: &report.summary,
        violations: &report.violations,
        unknown_members: &report.unknown_members,
    })
    .expect("a report always serializes");
    out.push('\n');
    out
}
