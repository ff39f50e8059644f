//! `--format html`: one self-contained page a person opens from a failed CI run: the summary
//! first, a chart of where the problems are, then the violations by rule and by input with their
//! source lines. No network: the CSS and the SVG charts are inline, no fonts or scripts.

use std::collections::HashMap;
use std::fmt::Write;

use crate::report::{Report, Severity, Violation};

/// Bars shown per chart; the rest are summed into one "others" bar so the page stays readable.
const BARS: usize = 12;
/// Places listed under each rule before "and N more" (every violation is still listed, with its
/// source line, under its input).
const PLACES_PER_RULE: usize = 50;
/// Characters of a bar label before it is cut (the full name is in the bar's tooltip); about
/// what the 250 units left of the bars hold at the chart's font size.
const LABEL: usize = 36;

/// The report as one HTML page.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(8192 + report.violations.len() * 512);
    out.push_str(HEAD);
    summary(&mut out, report);
    if !report.violations.is_empty() {
        charts(&mut out, report);
        by_rule(&mut out, report);
        by_input(&mut out, report);
    }
    unknown_members(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fileops-validator report</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1f24; background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.verdict { display: inline-block; padding: .15rem .6rem; border-radius: 1rem; font-weight: 600; color: #fff; margin-left: .5rem; vertical-align: middle; font-size: 1rem; }
.verdict.failed { background: #b42318; } .verdict.warned { background: #9a6700; } .verdict.passed { background: #1a7f37; }
.counts { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; }
.counts div { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem .9rem; min-width: 6.5rem; }
.counts dt { font-size: .8rem; color: #57606a; } .counts dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.counts .errors dd { color: #b42318; } .counts .warnings dd { color: #9a6700; }
ul.notes { padding-left: 1.2rem; color: #57606a; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; margin: 0; padding: .6rem; flex: 1 1 480px; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
.legend span { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin: 0 .25rem 0 .8rem; }
details { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; margin: .5rem 0; padding: .4rem .8rem; }
summary { cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .9rem; }
table.places td:first-child { width: 30%; } table.places td:nth-child(2) { width: 22%; }
th, td { text-align: left; padding: .2rem .5rem; border-top: 1px solid #eaeef2; vertical-align: top; overflow-wrap: anywhere; }
code, pre { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border-radius: 6px; padding: .5rem .7rem; overflow-x: auto; margin: .3rem 0 .2rem; }
.violation { border-top: 1px solid #eaeef2; padding: .5rem 0; }
.violation:target { background: #fff8c5; }
.sev { font-weight: 600; } .sev.error { color: #b42318; } .sev.warning { color: #9a6700; }
.where { color: #57606a; font-size: .9rem; overflow-wrap: anywhere; }
.caret { color: #b42318; font-weight: 700; }
</style>
</head>
<body>
<main>
"#;

/// The verdict, the counts and the notes.
fn summary(out: &mut String, report: &Report) {
    let s = &report.summary;
    let (class, word) = if s.errors > 0 {
        ("failed", "FAILED")
    } else if s.warnings > 0 {
        ("warned", "passed with warnings")
    } else {
        ("passed", "passed")
    };
    let _ = writeln!(
        out,
        "<h1>fileops-validator report <span class=\"verdict {class}\" id=\"verdict\">{word}</span></h1>"
    );
    out.push_str("<section id=\"summary\">\n<dl class=\"counts\">\n");
    let mut counts = vec![
        ("inputs", "inputs", s.inputs),
        ("documents", "documents", s.documents),
        ("operations", "operations", s.operations),
        ("errors", "errors", s.errors),
        ("warnings", "warnings", s.warnings),
    ];
    // The optional counts appear only when they say something, as in the JSON report.
    for (key, label, n) in [
        ("baselined", "baselined", s.baselined),
        ("error_responses", "HAR error responses", s.error_responses),
        ("ignored_entries", "HAR entries skipped", s.ignored_entries),
    ] {
        if n > 0 {
            counts.push((key, label, n));
        }
    }
    for (key, label, n) in counts {
        let _ = writeln!(
            out,
            "<div class=\"{key}\"><dt>{label}</dt><dd data-count=\"{key}\">{n}</dd></div>"
        );
    }
    out.push_str("</dl>\n");
    if let Some(schema) = &report.custom_schema {
        let _ = writeln!(
            out,
            "<p>Validated against the schema <code>{}</code>; the types and rules layers were off.</p>",
            esc(schema)
        );
    }
    if !report.notes.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for note in &report.notes {
            let _ = writeln!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// Errors and warnings counted under one label (a rule, an input).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally<'a> {
    label: &'a str,
    errors: usize,
    warnings: usize,
    /// Indexes into `report.violations`, in report order.
    members: Vec<usize>,
}

impl Tally<'_> {
    fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

/// The violations tallied by `key`, in order of first appearance.
fn tally<'a>(report: &'a Report, key: impl Fn(&'a Violation) -> &'a str) -> Vec<Tally<'a>> {
    let mut tallies: Vec<Tally<'a>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, v) in report.violations.iter().enumerate() {
        let label = key(v);
        let at = *index.entry(label).or_insert_with(|| {
            tallies.push(Tally {
                label,
                ..Tally::default()
            });
            tallies.len() - 1
        });
        let t = &mut tallies[at];
        match v.severity {
            Severity::Error => t.errors += 1,
            Severity::Warning => t.warnings += 1,
        }
        t.members.push(i);
    }
    tallies
}

/// Most violations first; ties keep report order.
fn by_count(mut tallies: Vec<Tally<'_>>) -> Vec<Tally<'_>> {
    tallies.sort_by_key(|t| std::cmp::Reverse(t.total()));
    tallies
}

/// Two bar charts: violations by rule and by input.
fn charts(out: &mut String, report: &Report) {
    out.push_str("<section id=\"where\">\n<h2>Where the problems are</h2>\n");
    out.push_str(
        "<p class=\"legend\"><span style=\"background:#d1242f\"></span>errors\
         <span style=\"background:#d4a72c\"></span>warnings</p>\n<div class=\"charts\">\n",
    );
    let rules = by_count(tally(report, |v| v.rule.id()));
    let inputs = by_count(tally(report, |v| v.input.as_str()));
    bar_chart(out, "chart-rules", "Violations by rule", &rules);
    bar_chart(out, "chart-inputs", "Violations by input", &inputs);
    out.push_str("</div>\n</section>\n");
}

/// One horizontal bar chart (inline SVG), errors and warnings stacked.
fn bar_chart(out: &mut String, id: &str, caption: &str, tallies: &[Tally<'_>]) {
    let mut bars: Vec<(String, String, usize, usize)> = tallies
        .iter()
        .take(BARS)
        .map(|t| {
            (
                keep_end(t.label, LABEL),
                t.label.to_owned(),
                t.errors,
                t.warnings,
            )
        })
        .collect();
    if tallies.len() > BARS {
        let rest = &tallies[BARS..];
        let label = format!("{} others", rest.len());
        bars.push((
            label.clone(),
            label,
            rest.iter().map(|t| t.errors).sum(),
            rest.iter().map(|t| t.warnings).sum(),
        ));
    }
    let max = bars.iter().map(|b| b.2 + b.3).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row) = (250.0, 230.0, 24.0);
    let height = row * bars.len() as f64 + 8.0;
    let _ = writeln!(
        out,
        "<figure id=\"{id}\"><figcaption>{caption}</figcaption>\n\
         <svg role=\"img\" aria-label=\"{caption}\" width=\"100%\" viewBox=\"0 0 540 {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, (short, full, errors, warnings)) in bars.iter().enumerate() {
        let y = row * i as f64 + 4.0;
        let e_w = bar_w * *errors as f64 / max as f64;
        let w_w = bar_w * *warnings as f64 / max as f64;
        let total = errors + warnings;
        let _ = writeln!(
            out,
            "<g class=\"bar\" data-label=\"{}\" data-count=\"{total}\"><title>{}: {errors} error{}, \
             {warnings} warning{}</title>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w:.1}\" y=\"{y:.1}\" width=\"{e_w:.1}\" height=\"{:.1}\" fill=\"#d1242f\"/>\
             <rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{w_w:.1}\" height=\"{:.1}\" fill=\"#d4a72c\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{total}</text></g>",
            esc(full),
            esc(full),
            plural(*errors),
            plural(*warnings),
            label_w - 6.0,
            y + 14.0,
            esc(short),
            row - 6.0,
            label_w + e_w,
            row - 6.0,
            label_w + e_w + w_w + 5.0,
            y + 14.0,
        );
    }
    out.push_str("</svg></figure>\n");
}

/// Each rule with the places it was broken, linking to the full entries under their input.
fn by_rule(out: &mut String, report: &Report) {
    out.push_str("<section id=\"by-rule\">\n<h2>By rule</h2>\n");
    for t in by_count(tally(report, |v| v.rule.id())) {
        let _ = writeln!(
            out,
            "<details open data-rule=\"{}\"><summary><code>{}</code>: {}</summary>\n<table class=\"places\">\n\
             <tr><th>place</th><th>pointer</th><th>message</th></tr>",
            esc(t.label),
            esc(t.label),
            counted(t.errors, t.warnings),
        );
        for &i in t.members.iter().take(PLACES_PER_RULE) {
            let v = &report.violations[i];
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#v{i}\">{}:{}:{}</a></td><td><code>{}</code></td><td>{}</td></tr>",
                esc(&v.input),
                v.line,
                v.column,
                esc(pointer(v)),
                esc(&v.message),
            );
        }
        out.push_str("</table>\n");
        if t.members.len() > PLACES_PER_RULE {
            let _ = writeln!(
                out,
                "<p>and {} more, listed under their inputs below.</p>",
                t.members.len() - PLACES_PER_RULE
            );
        }
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
}

/// Each input with all its violations and their source lines (as the human format shows them).
fn by_input(out: &mut String, report: &Report) {
    out.push_str("<section id=\"by-input\">\n<h2>By input</h2>\n");
    for t in tally(report, |v| v.input.as_str()) {
        let _ = writeln!(
            out,
            "<details open><summary><code>{}</code>: {}</summary>",
            esc(t.label),
            counted(t.errors, t.warnings)
        );
        for &i in &t.members {
            violation(out, i, &report.violations[i]);
        }
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
}

/// One violation: what, where, the source line with a caret, and which layers found it.
fn violation(out: &mut String, i: usize, v: &Violation) {
    let layers: Vec<&str> = v.layers.iter().map(|l| l.name()).collect();
    let document = if v.document > 0 {
        format!(", document {}", v.document)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<div class=\"violation\" id=\"v{i}\" data-pointer=\"{}\">\
         <div><span class=\"sev {sev}\">{sev}[{}]</span>: {}</div>\n\
         <div class=\"where\">{}:{}:{} at <code class=\"pointer\">{}</code>{document} (found by {})</div>",
        esc(&v.pointer),
        esc(v.rule.id()),
        esc(&v.message),
        esc(&v.input),
        v.line,
        v.column,
        esc(pointer(v)),
        layers.join(", "),
        sev = v.severity,
    );
    if let Some(s) = &v.snippet {
        // The human format's gutter, line and caret, so both reports show the same thing.
        let number = v.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(
            out,
            "<pre class=\"snippet\">{pad} |\n{number} | {}\n{pad} | {}<span class=\"caret\">^</span></pre>",
            esc(&s.text),
            " ".repeat(s.caret)
        );
    }
    out.push_str("</div>\n");
}

/// Member names the schema does not define, with how often each was seen.
fn unknown_members(out: &mut String, report: &Report) {
    if report.unknown_members.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"unknown-members\">\n<h2>Members the schema does not define</h2>\n\
         <p>Allowed unless <code>--strict</code>: this is how a new server field shows up.</p>\n\
         <table>\n<tr><th>pointer pattern</th><th>seen</th></tr>\n",
    );
    for (pattern, n) in &report.unknown_members {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{n}</td></tr>",
            esc(pattern)
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn pointer(v: &Violation) -> &str {
    if v.pointer.is_empty() {
        "(the document)"
    } else {
        &v.pointer
    }
}

fn counted(errors: usize, warnings: usize) -> String {
    format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` cut to its last `max` characters, with `…` where it was cut: of a long path, the file
/// name is what tells inputs apart.
fn keep_end(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        text.to_owned()
    } else {
        let mut s = String::from("…");
        s.extend(text.chars().skip(n - (max - 1)));
        s
    }
}

/// Text made safe for HTML content and quoted attribute values. Payload keys, messages and file
/// names are hostile: markup is escaped, and control characters (which HTML cannot carry, and
/// which could hide text) are shown as their visible Unicode symbols.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            // C1 controls and the bidirectional overrides could reorder what a reader sees.
            c if ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Layer;

    fn violation(input: &str, rule: &str, pointer: &str, message: &str) -> Violation {
        Violation {
            input: input.to_owned(),
            document: 0,
            pointer: pointer.to_owned(),
            line: 3,
            column: 7,
            offset: 20,
            rule: crate::report::Rule::from_id(rule).unwrap(),
            layers: vec![Layer::Schema],
            severity: Severity::Error,
            message: message.to_owned(),
            snippet: None,
        }
    }

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            esc("<script>\"a\" & 'b'\u{0}\u{202e}"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;\u{2400}\\u{202e}"
        );
    }

    #[test]
    fn hostile_names_and_messages_never_become_markup() {
        let mut report = Report::default();
        report.push(violation(
            "<img src=x onerror=alert(1)>.json",
            "type",
            "/response/0/</pre><script>",
            "\"><svg onload=alert(2)>",
        ));
        report.notes.push("<b>note</b>".to_owned());
        report
            .unknown_members
            .insert("/response/*/<i>".to_owned(), 1);
        let html = render(&report);
        for hostile in ["<img", "<script", "<svg onload", "<b>", "<i>", "</pre><"] {
            assert!(!html.contains(hostile), "{hostile} left unescaped");
        }
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.json"));
    }

    #[test]
    fn the_page_loads_nothing_from_the_network() {
        let mut report = Report::default();
        report.push(violation("a.json", "type", "/response/0/progress", "bad"));
        let html = render(&report);
        // The SVG namespace is an identifier, not a fetch; nothing else may name a URL.
        let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for needle in ["http:", "https:", "<script", "<link", "@import", "url("] {
            assert!(!without_ns.contains(needle), "found {needle}");
        }
    }

    #[test]
    fn long_charts_sum_the_rest_into_one_bar() {
        let mut report = Report::default();
        for i in 0..20 {
            report.push(violation(&format!("in{i}.json"), "type", "/x", "m"));
        }
        let html = render(&report);
        assert!(html.contains("data-label=\"8 others\" data-count=\"8\""));
    }
}
