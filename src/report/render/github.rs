//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request: `::error file=F,line=L,col=C,title=RULE::message`, `::warning ...`.
//!
//! Values are escaped as the runner unescapes them: `%`, CR and LF in the message; also `:` and
//! `,` in properties. Other characters a log viewer would interpret (ESC, C1, bidi controls,
//! line separators) are shown escaped, so each line is exactly one command. An input that could
//! not be read is an `::error` too. A plain summary line ends the output.

use std::io::{self, Write};

use super::escape::terminal;
use super::summary_line;
use crate::report::{Report, Severity};

/// The report as workflow commands, one per violation, then the summary line.
#[must_use]
pub fn render(report: &Report) -> String {
    super::to_string(super::Format::Github, report)
}

/// Writes the report as workflow commands, one per violation, then the summary line.
///
/// # Errors
/// The first write error.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for v in &report.violations {
        let command = match v.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = if v.pointer.is_empty() {
            String::new()
        } else {
            format!(" (at {})", v.pointer)
        };
        let document = if v.document > 0 {
            format!(" [document {}]", v.document)
        } else {
            String::new()
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(&v.input),
            v.line,
            v.column,
            property(v.rule.id()),
            data(&format!("{}{place}{document}", v.message))
        )?;
    }
    for e in &report.errors {
        writeln!(
            out,
            "::error file={},title=unreadable::{}",
            property(&e.input),
            data(&format!("cannot read the input: {}", e.message))
        )?;
    }
    let mut summary = summary_line(report);
    if report.summary.not_shown > 0 {
        summary.push_str(&format!(
            "; {} not shown (--max-violations)",
            super::count(report.summary.not_shown, "violation")
        ));
    }
    writeln!(out, "fileops-validator: {summary}")
}

/// A command's message.
#[must_use]
pub fn data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    terminal(&s).into_owned()
}

/// A command's property value.
#[must_use]
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_unescapes() {
        assert_eq!(data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn escapes_what_a_log_viewer_would_interpret() {
        assert_eq!(data("\u{1b}[31mred\u{202e}"), "\\u{1b}[31mred\\u{202e}");
        assert_eq!(property("a\u{2028}b"), "a\\u{2028}b");
    }
}
