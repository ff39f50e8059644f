//! `--format json`: one JSON object, `{"summary": {...}, "violations": [...]}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::{InputError, Report, Summary, Violation};

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: &'a Summary,
    violations: &'a [Violation],
    /// Added to the contract: member names the schema does not define, by pointer pattern.
    unknown_members: &'a std::collections::BTreeMap<String, u64>,
    /// Added to the contract: the `--schema` file, when it replaced the bundled schema (only the
    /// schema layer ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_schema: Option<CustomSchema<'a>>,
    /// Added to the contract: sentences about the run (baseline, shard, custom schema).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    /// Added to the contract: inputs that could not be read (the run then exits 2).
    #[serde(skip_serializing_if = "<[InputError]>::is_empty")]
    errors: &'a [InputError],
    /// Added to the contract (`--timeline`): each operation's life across its input's documents.
    #[serde(skip_serializing_if = "<[crate::check::sequence::Life]>::is_empty")]
    timeline: &'a [crate::check::sequence::Life],
    /// Added to the contract: which server releases send everything the operations hold
    /// (absent with --server-version, --schema, or when no operation was checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    releases: Option<Releases>,
}

#[derive(Serialize)]
struct Releases {
    /// The release tags, oldest first (empty: no single release sends all of it).
    consistent: Vec<String>,
    /// The same as runs, like "v3.6.0-v3.7.2".
    summary: String,
    /// The items that bound the range, like "`status` on an operation needs v3.7.1+".
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct CustomSchema<'a> {
    file: &'a str,
    layers: [&'static str; 1],
    layers_off: [&'static str; 2],
}

/// The report as pretty-printed JSON, with a final newline.
#[must_use]
pub fn render(report: &Report) -> String {
    super::to_string(super::Format::Json, report)
}

/// Writes the report as pretty-printed JSON, with a final newline, streaming (no copy of the
/// whole text in memory).
///
/// # Errors
/// The first write error.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonReport {
            summary: &report.summary,
            violations: &report.violations,
            unknown_members: &report.unknown_members,
            custom_schema: report.custom_schema.as_deref().map(|file| CustomSchema {
                file,
                layers: ["schema"],
                layers_off: ["types", "rules"],
            }),
            notes: &report.notes,
            errors: &report.errors,
            timeline: &report.timeline,
            releases: report.releases.as_ref().map(|e| {
                let table = crate::model::releases::table();
                Releases {
                    consistent: e
                        .releases
                        .iter()
                        .filter_map(|i| table.releases.get(i).map(|r| r.tag.clone()))
                        .collect(),
                    summary: e.releases.to_string(),
                    reasons: e.reasons(),
                }
            }),
        },
    )
    .map_err(io::Error::from)?;
    out.write_all(b"\n")
}
