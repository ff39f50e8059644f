//! Report renderers, one file per output format.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::report::{Report, Violation};

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
