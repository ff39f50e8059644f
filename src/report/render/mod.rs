//! Report renderers, one file per output format, each writing to any `io::Write`.

pub mod escape;
pub mod file;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::io::{self, Write};

use crate::report::{Report, Violation};

/// A report format (`--format`, `--report FORMAT=PATH` on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Diagnostics with the source line, then a summary by rule and place.
    Human,
    /// One JSON object: summary, violations, unknown members.
    Json,
    /// JUnit XML: one testcase per document.
    Junit,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page: summary, chart, violations by rule and by input.
    Html,
}

/// How a report is written beyond its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours for errors and warnings (human format only; never in files or pipes).
    pub color: bool,
}

/// Writes `report` in `format` to `out`, and flushes it. A new format is one arm here.
///
/// # Errors
/// The first write error: the report is then incomplete and the run must say so.
pub fn write(format: Format, report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, style, out)?,
        Format::Json => json::write(report, out)?,
        Format::Junit => junit::write(report, out)?,
        Format::Sarif => sarif::write(report, out)?,
        Format::Github => github::write(report, out)?,
        Format::Html => out.write_all(html::render(report).as_bytes())?,
    }
    out.flush()
}

/// The report in `format`, as a string (for tests and small reports).
#[must_use]
pub fn to_string(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    write(format, report, Style::default(), &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("every renderer writes UTF-8")
}

/// `n` and `noun`, in the plural unless `n` is 1: `1 input`, `2 inputs`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// The summary line every text format ends with; its first word is the exit status's verdict.
pub(crate) fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut line = format!(
        "{}: {}, {}, {}: {}, {}",
        report.verdict().word(),
        count(s.inputs, "input"),
        count(s.documents, "document"),
        count(s.operations, "operation"),
        count(s.errors, "error"),
        count(s.warnings, "warning"),
    );
    if !report.errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be read",
            count(report.errors.len(), "input")
        ));
    }
    line
}

/// Violations grouped by input and document, in report order: ((input, document), violations).
pub(crate) fn by_document(report: &Report) -> Vec<((&str, usize), Vec<&Violation>)> {
    let mut groups: Vec<((&str, usize), Vec<&Violation>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for v in &report.violations {
        let key = (v.input.as_str(), v.document);
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(v);
    }
    groups
}

/// Whether an input is a HAR capture, whose documents are entries.
pub(crate) fn is_har(input: &str) -> bool {
    input.strip_suffix(".gz").unwrap_or(input).ends_with(".har")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(1, "input"), "1 input");
        assert_eq!(count(0, "document"), "0 documents");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(1, "entry"), "1 entry");
    }
}
