//! The properties of the output side the `render` and `baseline` fuzz targets check: any report
//! renders well-formed in every format with its data escaped, and any bytes as a baseline file
//! are a baseline or a clear error. `cargo test` replays them through tests/output_props.rs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};

use crate::report::baseline::Baseline;
use crate::report::render::Format;
use crate::report::render::{self, Style, escape};
use crate::report::snippet::Snippet;
use crate::report::{InputError, Layer, Report, Severity, Violation};

/// Any rule a violation may carry.
fn rule(u: &mut Unstructured<'_>) -> arbitrary::Result<crate::report::Rule> {
    u.choose(crate::report::Rule::ALL).copied()
}

/// Text biased towards what breaks formats: markup, escapes, controls, bidi, separators.
fn text(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    const NASTY: &[&str] = &[
        "\n",
        "\r",
        "\u{1b}[31m",
        "::error file=x::",
        "%",
        ":",
        ",",
        "<",
        "&",
        "\"",
        "'",
        "]]>",
        "\u{9b}",
        "\u{202e}",
        "\u{2028}",
        "\u{0}",
        "\u{7f}",
        "\u{fffe}",
        "漢",
        "\t",
        "\\",
    ];
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=6)? {
        if u.ratio(1, 2)? {
            out.push_str(NASTY[u.choose_index(NASTY.len())?]);
        } else {
            out.push_str(&String::arbitrary(u)?);
        }
    }
    Ok(out)
}

fn violation(u: &mut Unstructured<'_>) -> arbitrary::Result<Violation> {
    let snippet = if u.arbitrary()? {
        let text = text(u)?;
        let caret = u.int_in_range(0..=text.chars().count())?;
        Some(Snippet { text, caret })
    } else {
        None
    };
    Ok(Violation {
        input: text(u)?,
        document: u.int_in_range(0..=3)?,
        pointer: text(u)?,
        line: u.arbitrary()?,
        column: u.arbitrary()?,
        offset: u.arbitrary()?,
        rule: rule(u)?,
        layers: vec![Layer::Schema, Layer::Types][..u.int_in_range(1..=2)?].to_vec(),
        severity: if u.arbitrary()? {
            Severity::Error
        } else {
            Severity::Warning
        },
        message: text(u)?,
        snippet,
    })
}

/// A report built from fuzz bytes.
///
/// # Errors
/// When the bytes run out in a way `arbitrary` cannot complete.
pub fn report(u: &mut Unstructured<'_>) -> arbitrary::Result<Report> {
    let mut report = Report::default();
    for _ in 0..u.int_in_range(0..=5)? {
        report.push(violation(u)?);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        report.errors.push(InputError {
            input: text(u)?,
            message: text(u)?,
        });
    }
    let mut unknown = BTreeMap::new();
    for _ in 0..u.int_in_range(0..=2)? {
        unknown.insert(text(u)?, u.int_in_range(1..=9)?);
    }
    report.unknown_members = unknown;
    for _ in 0..u.int_in_range(0..=2)? {
        report.notes.push(text(u)?);
    }
    if u.arbitrary()? {
        report.custom_schema = Some(text(u)?);
    }
    report.summary.inputs = u.int_in_range(0..=3)?;
    report.summary.documents = u.int_in_range(0..=3)?;
    report.summary.not_shown = u.int_in_range(0..=3)?;
    report.deny_warnings = u.arbitrary()?;
    Ok(report)
}

fn rendered(format: Format, report: &Report, color: bool) -> String {
    let mut out = Vec::new();
    render::write(format, report, Style { color }, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("renderers write UTF-8")
}

/// The SARIF 2.1.0 schema (OASIS), compiled once.
fn sarif_schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/schemas/sarif-schema-2.1.0.json"
        ))
        .expect("the SARIF schema is JSON");
        jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
    })
}

/// Every format of `report` is well-formed and faithful where its format allows: JSON and SARIF
/// parse (SARIF validates against the 2.1.0 schema) and carry the messages unchanged, JUnit
/// parses as XML, every GitHub line is exactly one workflow command whose data is escaped, and
/// the human report has no character a terminal would interpret but its own line breaks (and
/// its own colours).
///
/// # Errors
/// What is broken, with the output.
pub fn renders_well_formed(report: &Report) -> Result<(), String> {
    let json = rendered(Format::Json, report, false);
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("JSON does not parse: {e}\n{json}"))?;
    for (i, v) in report.violations.iter().enumerate() {
        if value["violations"][i]["message"] != v.message.as_str()
            || value["violations"][i]["input"] != v.input.as_str()
        {
            return Err(format!("JSON changed violation {i}: {json}"));
        }
    }

    let sarif = rendered(Format::Sarif, report, false);
    let value: serde_json::Value =
        serde_json::from_str(&sarif).map_err(|e| format!("SARIF does not parse: {e}\n{sarif}"))?;
    let errors: Vec<String> = sarif_schema()
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    if !errors.is_empty() {
        return Err(format!("SARIF is not valid 2.1.0: {errors:?}\n{sarif}"));
    }
    for (i, v) in report.violations.iter().enumerate() {
        if value["runs"][0]["results"][i]["message"]["text"] != v.message.as_str() {
            return Err(format!("SARIF changed message {i}: {sarif}"));
        }
    }

    let junit = rendered(Format::Junit, report, false);
    roxmltree::Document::parse(&junit).map_err(|e| format!("JUnit is not XML: {e}\n{junit}"))?;

    let github = rendered(Format::Github, report, false);
    let lines: Vec<&str> = github.split('\n').collect();
    let commands = report.violations.len() + report.errors.len();
    if lines.len() != commands + 2 || !lines[commands + 1].is_empty() {
        return Err(format!("GitHub: {commands} commands expected:\n{github}"));
    }
    for line in &lines[..commands] {
        one_command(line).map_err(|e| format!("GitHub: {e}: {line:?}"))?;
    }
    if !lines[commands].starts_with("fileops-validator: ")
        || lines[commands].chars().any(escape::is_unsafe)
    {
        return Err(format!("GitHub summary: {:?}", lines[commands]));
    }

    for color in [false, true] {
        let human = rendered(Format::Human, report, color);
        // Colours are SGR sequences this crate writes; anything else with ESC came from data.
        let plain = human
            .replace("\u{1b}[1m", "")
            .replace("\u{1b}[31m", "")
            .replace("\u{1b}[33m", "")
            .replace("\u{1b}[0m", "");
        if let Some(c) = plain.chars().find(|&c| c != '\n' && escape::is_unsafe(c)) {
            return Err(format!("human: raw {c:?} in\n{human}"));
        }
        if let Some(line) = plain.lines().find(|l| l.starts_with("::")) {
            return Err(format!(
                "human: a line reads as a workflow command: {line:?}"
            ));
        }
    }
    Ok(())
}

/// `::error file=F,line=L,col=C,title=T::data` or `::warning ...`: properties without raw `:`,
/// `,`, CR or LF in their values, and nothing a log viewer would interpret anywhere.
fn one_command(line: &str) -> Result<(), &'static str> {
    let rest = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
        .ok_or("not a workflow command")?;
    let (properties, _data) = rest.split_once("::").ok_or("no `::` before the data")?;
    for property in properties.split(',') {
        let (name, value) = property.split_once('=').ok_or("a property without `=`")?;
        if !["file", "line", "col", "title"].contains(&name) {
            return Err("an unknown property: data leaked into the properties");
        }
        if value.contains(':') {
            return Err("a raw `:` in a property value");
        }
    }
    if line.chars().any(escape::is_unsafe) {
        return Err("an unescaped control, bidi or separator character");
    }
    Ok(())
}

/// The `render` fuzz target: a report from the bytes, rendered in every format.
///
/// # Panics
/// When a format is not well-formed (see [`renders_well_formed`]).
pub fn render_target(data: &[u8]) {
    let Ok(report) = report(&mut Unstructured::new(data)) else {
        return;
    };
    if let Err(e) = renders_well_formed(&report) {
        panic!("{e}");
    }
}

/// The `baseline` fuzz target: any bytes as a baseline file are a baseline or an error (never a
/// panic), and a baseline read back from what it writes is the same baseline.
///
/// # Panics
/// When a baseline does not survive its own round trip.
pub fn baseline_target(data: &[u8]) {
    let Ok(baseline) = Baseline::parse(data) else {
        return;
    };
    let text = baseline.to_json();
    match Baseline::parse(text.as_bytes()) {
        Ok(again) if again == baseline => {}
        Ok(again) => panic!("round trip changed the baseline: {baseline:?} -> {again:?}\n{text}"),
        Err(e) => panic!("a written baseline does not read back: {e}\n{text}"),
    }
}
