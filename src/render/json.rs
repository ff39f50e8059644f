//! `--format json`: one JSON object, `{"summary": {...}, "violations": [...]}`.

use serde::Serialize;

use crate::report::{Report, Summary, Violation};

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
    let mut out = serde_json::to_string_pretty(&JsonReport {
        summary: &report.summary,
        violations: &report.violations,
        unknown_members: &report.unknown_members,
        custom_schema: report.custom_schema.as_deref().map(|file| CustomSchema {
            file,
            layers: ["schema"],
            layers_off: ["types", "rules"],
        }),
        notes: &report.notes,
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
    })
    .expect("a report always serializes");
    out.push('\n');
    out
}
