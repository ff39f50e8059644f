//! `--timeline` in the human report: each operation's life, one block per operation.

use std::fmt::Write;

use super::tracker::Life;

/// Most progress samples printed per operation (the JSON report has them all).
const SHOWN: usize = 12;

/// The timeline section, empty when there is none.
#[must_use]
pub fn render_human(lives: &[Life]) -> String {
    let mut out = String::new();
    if lives.is_empty() {
        return out;
    }
    let _ = writeln!(out, "timeline:");
    for life in lives {
        let kind = life
            .operation
            .as_deref()
            .map(|k| format!(" (Operation {k})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}: operation {}{kind}", life.input, life.id);
        let _ = writeln!(
            out,
            "    seen from {} to {}: {}",
            life.first_seen,
            life.last_seen,
            life.ended.describe()
        );
        if !life.progress.is_empty() {
            let mut steps: Vec<String> = life
                .progress
                .iter()
                .take(SHOWN)
                .map(|s| format!("{}% @{}", s.progress, s.document))
                .collect();
            if life.progress.len() > SHOWN {
                steps.push(format!("… ({} changes in all)", life.progress.len()));
            }
            let _ = writeln!(out, "    progress: {}", steps.join(", "));
        }
        if let Some(e) = &life.error {
            let _ = writeln!(out, "    error: {e:?}");
        }
        if let Some(u) = &life.url {
            let _ = writeln!(out, "    url: {u}");
        }
    }
    out.push('\n');
    out
}
