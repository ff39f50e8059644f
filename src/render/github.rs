//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request: `::error file=F,line=L,col=C,title=RULE::message`, `::warning ...`.
//!
//! Values are escaped as the runner unescapes them: `%`, CR and LF in the message; also `:` and
//! `,` in properties. A plain summary line ends the output.

use std::fmt::Write;

use crate::report::{Report, Severity};

/// The report as workflow commands, one per violation, then the summary line.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
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
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(&v.input),
            v.line,
            v.column,
            property(v.rule),
            data(&format!("{}{place}{document}", v.message))
        );
    }
    let s = &report.summary;
    let verdict = if s.errors > 0 { "FAILED" } else { "ok" };
    let _ = writeln!(
        out,
        "fileops-validator: {verdict}: {} inputs, {} documents, {} operations: {} errors, {} \
         warnings",
        s.inputs, s.documents, s.operations, s.errors, s.warnings
    );
    out
}

/// A command's message.
#[must_use]
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
}
