//! `--format human`: compiler-style diagnostics with the source line and a caret, then a summary
//! grouping the violations by rule and place, the counts, and notes (unknown members, HAR
//! entries, baseline).
//!
//! Everything taken from the input (messages quoting keys and values, file names, pointers,
//! notes) goes through [`terminal`]: this output lands on terminals and in CI logs.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use anstyle::{AnsiColor, Style as Ansi};
use unicode_width::UnicodeWidthStr;

use super::escape::terminal;
use super::{Style, count, summary_line};
use crate::report::{Pointer, Report, Severity, Verdict, Violation};

/// Unknown member names the summary lists by name: a capture can hold thousands (a map keyed
/// by ids the schema does not know), and listing them all would scroll the verdict out of sight.
const UNKNOWN_LISTED: usize = 20;

const ERROR: Ansi = AnsiColor::Red.on_default().bold();
const WARNING: Ansi = AnsiColor::Yellow.on_default().bold();

/// `text` in `ansi` when colours are on.
fn paint(style: Style, ansi: Ansi, text: &str) -> String {
    if style.color {
        format!("{ansi}{text}{ansi:#}")
    } else {
        text.to_owned()
    }
}

fn severity(style: Style, s: Severity) -> String {
    match s {
        Severity::Error => paint(style, ERROR, "error"),
        Severity::Warning => paint(style, WARNING, "warning"),
    }
}

/// The report for a person reading a terminal, as a string without colours.
#[must_use]
pub fn render(report: &Report) -> String {
    super::to_string(super::Format::Human, report)
}

/// Writes the report for a person reading a terminal.
///
/// # Errors
/// The first write error.
pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for v in &report.violations {
        diagnostic(out, v, style)?;
    }
    for e in &report.errors {
        writeln!(
            out,
            "{}[unreadable]: {}\n --> {}\n",
            severity(style, Severity::Error),
            terminal(&e.message),
            terminal(&e.input)
        )?;
    }
    groups(out, report)?;
    // Operation ids come from the payload: each timeline line is escaped like everything else.
    for line in crate::check::sequence::timeline::render_human(&report.timeline).lines() {
        writeln!(out, "{}", terminal(line))?;
    }
    let line = summary_line(report);
    let line = match report.verdict() {
        Verdict::Ok => line,
        _ => {
            let (word, rest) = line.split_once(':').unwrap_or((&line, ""));
            format!("{}:{rest}", paint(style, ERROR, word))
        }
    };
    writeln!(out, "{line}")?;
    let s = &report.summary;
    if s.not_shown > 0 {
        writeln!(
            out,
            "note: {} not shown (--max-violations), counted above",
            count(s.not_shown, "violation")
        )?;
    }
    if !report.unknown_members.is_empty() {
        let total: u64 = report.unknown_members.values().sum();
        writeln!(
            out,
            "note: {} the schema does not define ({}); allowed unless --strict:",
            count(report.unknown_members.len(), "member name"),
            count(usize::try_from(total).unwrap_or(usize::MAX), "occurrence"),
        )?;
        for (pattern, n) in report.unknown_members.iter().take(UNKNOWN_LISTED) {
            writeln!(out, "  {} ({n})", terminal(pattern))?;
        }
        let more = report.unknown_members.len().saturating_sub(UNKNOWN_LISTED);
        if more > 0 {
            writeln!(
                out,
                "  and {} not listed here (`--format json` lists every one under `unknown_members`)",
                count(more, "member name")
            )?;
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
        writeln!(
            out,
            "note: HAR captures: {} (non-2xx) checked against the DocSpace error envelope; {} \
             not a fileops GET, skipped",
            count(s.error_responses, "error response"),
            count(s.ignored_entries, "entry"),
        )?;
    }
    for note in &report.notes {
        writeln!(out, "note: {}", terminal(note))?;
    }
    Ok(())
}

/// One violation: the headline, where it is, the source line with a caret, the pointer.
fn diagnostic(out: &mut dyn Write, v: &Violation, style: Style) -> io::Result<()> {
    let layers: Vec<&str> = v.layers.iter().map(|l| l.name()).collect();
    writeln!(
        out,
        "{}[{}]: {}",
        severity(style, v.severity),
        v.rule,
        terminal(&v.message)
    )?;
    // Like rustc: the gutter is as wide as the line number it shows.
    let number = v.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(
        out,
        "{pad}--> {}:{}:{}",
        terminal(&v.input),
        v.line,
        v.column
    )?;
    if let Some(s) = &v.snippet {
        // The caret goes under the character by display width: a CJK character takes two
        // columns, a combining mark none.
        // Snippets come with their controls made visible; escaping again guards a snippet
        // built any other way, and the caret follows the escaped text.
        let before: String = s.text.chars().take(s.caret).collect();
        writeln!(out, "{pad} |")?;
        writeln!(out, "{number} | {}", terminal(&s.text))?;
        writeln!(out, "{pad} | {}^", " ".repeat(terminal(&before).width()))?;
    }
    let pointer = if v.pointer.is_empty() {
        "(the document)".into()
    } else {
        terminal(&v.pointer)
    };
    let document = if v.document > 0 {
        format!(", document {}", v.document)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{pad} = at {pointer}{document} (found by {})\n",
        layers.join(", ")
    )
}

/// Examples shown for each group of the summary.
const EXAMPLES: usize = 3;

/// A group of the summary: how many violations, and the distinct places seen (only the first
/// few kept, the rest counted, so a group costs the same for 10 or 10 million violations).
#[derive(Default)]
struct Group<'a> {
    violations: usize,
    places: HashSet<(&'a str, u64, u64)>,
    examples: Vec<(&'a str, u64, u64)>,
}

/// The violations grouped by severity, rule and pointer pattern (`/response/*/files/*/created`),
/// most frequent first, with the first few places of each.
fn groups(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    if report.violations.is_empty() {
        return Ok(());
    }
    let mut groups: HashMap<(Severity, &str, String), Group<'_>> = HashMap::new();
    for v in &report.violations {
        let pattern = Pointer::from_string(v.pointer.clone()).pattern();
        let g = groups
            .entry((v.severity, v.rule.id(), pattern))
            .or_default();
        g.violations += 1;
        // Several violations can share a place (missing members of one object): list places.
        let place = (v.input.as_str(), v.line, v.column);
        if g.places.insert(place) && g.examples.len() < EXAMPLES {
            g.examples.push(place);
        }
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|(a, ga), (b, gb)| {
        b.0.cmp(&a.0)
            .then(gb.violations.cmp(&ga.violations))
            .then(a.1.cmp(b.1))
            .then(a.2.cmp(&b.2))
    });
    writeln!(out, "by rule and place:")?;
    let width = groups
        .iter()
        .map(|(_, g)| g.violations.to_string().len())
        .max()
        .unwrap_or(1);
    for ((severity, rule, pattern), g) in &groups {
        let pattern = if pattern.is_empty() {
            "(the document)".into()
        } else {
            terminal(pattern)
        };
        writeln!(
            out,
            "  {:>width$} × {severity}[{rule}] at {pattern}",
            g.violations
        )?;
        let more = if g.places.len() > EXAMPLES {
            format!(" (+{} more)", g.places.len() - EXAMPLES)
        } else {
            String::new()
        };
        let examples: Vec<String> = g
            .examples
            .iter()
            .map(|(input, line, column)| format!("{}:{line}:{column}", terminal(input)))
            .collect();
        writeln!(out, "  {:width$}   e.g. {}{more}", "", examples.join(", "))?;
    }
    writeln!(out)
}
