//! `--format junit`: JUnit XML, as CI test reporters read it.
//!
//! One `<testsuite>` per input, one `<testcase>` per document (per entry of a HAR): a document
//! with an error-level violation fails, and its `<failure>` lists all its violations; a document
//! with only warnings passes and lists them in `<system-out>`. `tests` and `failures` are counted
//! at both levels. An input that could not be read is a suite of its own with one `<error>`
//! case, counted in `errors`. A document whose errors `--max-violations` left out still fails,
//! and its failure says how many were not shown.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use crate::report::{Report, Severity, Violation};

use super::{by_document, is_har};

/// The report as a JUnit XML document.
#[must_use]
pub fn render(report: &Report) -> String {
    super::to_string(super::Format::Junit, report)
}

/// Writes the report as a JUnit XML document.
///
/// # Errors
/// The first write error.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let groups: HashMap<(&str, usize), Vec<&Violation>> = by_document(report).into_iter().collect();
    // Inputs in report order, each with every document it had or a violation names.
    let mut inputs: Vec<(&str, BTreeSet<usize>)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for record in &report.inputs {
        let i = *seen.entry(record.name.as_str()).or_insert_with(|| {
            inputs.push((record.name.as_str(), BTreeSet::new()));
            inputs.len() - 1
        });
        inputs[i].1.extend(record.indexes());
    }
    for v in &report.violations {
        let i = *seen.entry(v.input.as_str()).or_insert_with(|| {
            inputs.push((v.input.as_str(), BTreeSet::new()));
            inputs.len() - 1
        });
        inputs[i].1.insert(v.document);
    }
    // Errors --max-violations left out still fail their document.
    let mut hidden: HashMap<(&str, usize), usize> = HashMap::new();
    for h in &report.hidden_errors {
        *hidden.entry((h.input.as_str(), h.document)).or_default() += h.count;
        let i = *seen.entry(h.input.as_str()).or_insert_with(|| {
            inputs.push((h.input.as_str(), BTreeSet::new()));
            inputs.len() - 1
        });
        inputs[i].1.insert(h.document);
    }
    let failed = |input: &str, doc: usize| {
        hidden.contains_key(&(input, doc))
            || groups
                .get(&(input, doc))
                .is_some_and(|vs| vs.iter().any(|v| v.severity == Severity::Error))
    };
    let tests: usize = inputs.iter().map(|(_, docs)| docs.len()).sum();
    let failures: usize = inputs
        .iter()
        .map(|(input, docs)| docs.iter().filter(|&&d| failed(input, d)).count())
        .sum();
    let errors = report.errors.len();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"fileops-validator\" tests=\"{}\" failures=\"{failures}\" \
         errors=\"{errors}\" skipped=\"0\">",
        tests + errors
    )?;
    for (input, docs) in &inputs {
        let suite_failures = docs.iter().filter(|&&d| failed(input, d)).count();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" \
             skipped=\"0\">",
            escape(input),
            docs.len()
        )?;
        let what = if is_har(input) { "entry" } else { "document" };
        for &doc in docs {
            let violations = groups.get(&(*input, doc)).map_or(&[][..], Vec::as_slice);
            let line = violations.first().map(|v| format!(" line=\"{}\"", v.line));
            write!(
                out,
                "    <testcase name=\"{what} {doc}\" classname=\"{}\" file=\"{}\"{}",
                escape(input),
                escape(input),
                line.unwrap_or_default()
            )?;
            let not_shown = hidden.get(&(*input, doc)).copied().unwrap_or(0);
            if violations.is_empty() && not_shown == 0 {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            let mut listing: String = violations.iter().map(|v| describe(v) + "\n").collect();
            if not_shown > 0 {
                listing += &format!("{} not shown (--max-violations)\n", errors_word(not_shown));
            }
            if failed(input, doc) {
                let errors: Vec<&&Violation> = violations
                    .iter()
                    .filter(|v| v.severity == Severity::Error)
                    .collect();
                let total = errors.len() + not_shown;
                let (message, rule) = match errors.first() {
                    Some(first) if total == 1 => (first.message.clone(), first.rule.id()),
                    Some(first) => (
                        format!("{total} errors; the first: {}", first.message),
                        first.rule.id(),
                    ),
                    None => (
                        format!("{} not shown (--max-violations)", errors_word(not_shown)),
                        "not-shown",
                    ),
                };
                writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape(&message),
                    escape(rule),
                    text(&listing)
                )?;
            } else {
                writeln!(out, "      <system-out>{}</system-out>", text(&listing))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    for e in &report.errors {
        let input = escape(&e.input);
        writeln!(
            out,
            "  <testsuite name=\"{input}\" tests=\"1\" failures=\"0\" errors=\"1\" \
             skipped=\"0\">"
        )?;
        writeln!(
            out,
            "    <testcase name=\"input\" classname=\"{input}\" file=\"{input}\">\n      \
             <error message=\"{}\" type=\"unreadable\"/>\n    </testcase>\n  </testsuite>",
            escape(&format!("cannot read the input: {}", e.message))
        )?;
    }
    writeln!(out, "</testsuites>")
}

/// `1 error` / `3 errors`.
fn errors_word(n: usize) -> String {
    format!("{n} error{}", if n == 1 { "" } else { "s" })
}

/// One violation on one line: `error[type] a.json:6:19 /response/0/progress: message`.
fn describe(v: &Violation) -> String {
    let pointer = if v.pointer.is_empty() {
        "(the document)"
    } else {
        &v.pointer
    };
    format!(
        "{}[{}] {}:{}:{} at {pointer}: {}",
        v.severity, v.rule, v.input, v.line, v.column, v.message
    )
}

/// Text safe in XML 1.0 attributes and content. Characters XML 1.0 cannot carry at all (most
/// control characters) become U+FFFD; tabs and line breaks become character references, which
/// attribute values would otherwise turn into spaces.
fn escape(s: &str) -> String {
    xml(s, true)
}

/// Element content: as [`escape`], but line breaks stay as they are.
fn text(s: &str) -> String {
    xml(s, false)
}

fn xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a<b>&\"'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}&#10;"
        );
        assert_eq!(text("a\n<"), "a\n&lt;");
    }
}
