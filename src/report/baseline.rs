//! `--baseline FILE` / `--write-baseline FILE`: adopt the gate on an existing corpus and fail
//! only on new violations.
//!
//! A violation's fingerprint is (input path, rule, pointer pattern): stable under edits that
//! move lines, and under reordering of operations and entries (array indexes become `*`). The
//! baseline counts fingerprints, so a second occurrence of a known problem in the same input
//! and place is new. The file is JSON, sorted, one entry per line, so that it diffs well in
//! review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {"input": "captures/a.json", "rule": "type", "pointer": "/response/*/progress", "count": 1}
//!   ]
//! }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::shard::normalize;
use crate::report::{Pointer, Report, Severity, Violation};

/// The format version this crate writes and reads.
pub const VERSION: u32 = 1;

/// The largest baseline file read (64 MiB, about 400,000 entries): a bigger file (or
/// `/dev/zero`) is an error, not unbounded memory.
pub const MAX_BYTES: u64 = 64 << 20;

/// What identifies a violation across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The input path as named (normalised: `/` separators, no leading `./`).
    pub input: String,
    pub rule: String,
    /// The pointer with array indexes as `*` (`/response/*/files/*/created`).
    pub pointer: String,
}

impl Fingerprint {
    /// The fingerprint of a violation.
    #[must_use]
    pub fn of(v: &Violation) -> Self {
        Fingerprint {
            input: normalize(&v.input),
            rule: v.rule.id().to_owned(),
            pointer: Pointer::from_string(v.pointer.clone()).pattern(),
        }
    }

    /// A short stable hash of the fingerprint, as hex (SARIF's `partialFingerprints`).
    #[must_use]
    pub fn hash(&self) -> String {
        let text = format!("{}\0{}\0{}", self.input, self.rule, self.pointer);
        format!("{:016x}", crate::hash::stable_hash(text.as_bytes()))
    }
}

/// A baseline: how many violations of each fingerprint are known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Fingerprint, usize>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    input: String,
    rule: String,
    pointer: String,
    count: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Violations the baseline knew, removed from the report.
    pub matched: usize,
    /// Baseline entries (counted per violation) for inputs of this run that no longer occur.
    pub stale: usize,
}

impl Baseline {
    /// The baseline of every violation in `report`.
    #[must_use]
    pub fn of(report: &Report) -> Self {
        let mut counts = BTreeMap::new();
        for v in &report.violations {
            *counts.entry(Fingerprint::of(v)).or_default() += 1;
        }
        Baseline { counts }
    }

    /// Number of violations the baseline accepts.
    #[must_use]
    pub fn len(&self) -> usize {
        self.counts.values().fold(0, |a, n| a.saturating_add(*n))
    }

    /// Whether the baseline accepts nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The baseline file's text.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {VERSION},\n  \"entries\": [");
        for (i, (f, count)) in self.counts.iter().enumerate() {
            let entry = Entry {
                input: f.input.clone(),
                rule: f.rule.clone(),
                pointer: f.pointer.clone(),
                count: *count as u64,
            };
            let line = serde_json::to_string(&entry).expect("an entry always serializes");
            // `{"input":"a",...}` -> `{"input": "a", ...}`: serde_json's compact form has no
            // spaces outside strings after `:` and `,`, and strings escape nothing we insert.
            let line = spaced(&line);
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            out.push_str(&line);
        }
        if !self.counts.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("]\n}\n");
        out
    }

    /// Parses a baseline file's text.
    ///
    /// # Errors
    /// When the text is not a baseline of this version.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != VERSION {
            return Err(format!(
                "version {} is not supported (this fileops-validator writes version {VERSION})",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.entries {
            let f = Fingerprint {
                input: normalize(&e.input),
                rule: e.rule,
                pointer: e.pointer,
            };
            // Counts beyond what any run can have saturate instead of wrapping (u64::MAX + 5
            // once became 4, a baseline that accepted almost nothing).
            let n = usize::try_from(e.count).unwrap_or(usize::MAX);
            let count: &mut usize = counts.entry(f).or_default();
            *count = count.saturating_add(n);
        }
        Ok(Baseline { counts })
    }

    /// Parses a baseline file's bytes.
    ///
    /// # Errors
    /// When the bytes are not UTF-8 or not a baseline of this version.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
        Self::from_json(text)
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// A sentence naming the file and what is wrong with it.
    pub fn load(path: &Path) -> Result<Self, crate::Error> {
        use std::io::Read;
        let invalid = |reason: String| crate::Error::ReadBaseline {
            path: path.display().to_string(),
            reason,
        };
        let cannot = |e: std::io::Error| {
            invalid(format!(
                "cannot read the baseline: {}",
                crate::input::source::describe_io(&e)
            ))
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(invalid(format!(
                "larger than {} MiB, not a fileops-validator baseline",
                MAX_BYTES >> 20
            )));
        }
        Self::parse(&bytes).map_err(|e| invalid(format!("not a fileops-validator baseline: {e}")))
    }

    /// Writes the baseline file: to a temporary file in the same directory, renamed into place,
    /// so a failed write (disk full, file size limit) leaves the old baseline as it was.
    ///
    /// # Errors
    /// A sentence naming the file and why it could not be written.
    pub fn write(&self, path: &Path) -> Result<(), crate::Error> {
        let text = self.to_json();
        crate::report::render::file::write_atomically(path, |out| out.write_all(text.as_bytes()))
            .map_err(|e| crate::Error::WriteBaseline {
                path: path.display().to_string(),
                reason: format!(
                    "cannot write the baseline: {}",
                    crate::input::source::describe_io(&e)
                ),
            })
    }

    /// Removes from `report` the violations the baseline knows (each entry accepts `count` of
    /// them, in report order), keeping the summary's counts right.
    pub fn apply(&self, report: &mut Report) -> Applied {
        let mut left = self.counts.clone();
        let mut applied = Applied::default();
        report.violations.retain(|v| {
            let Some(n) = left.get_mut(&Fingerprint::of(v)).filter(|n| **n > 0) else {
                return true;
            };
            *n -= 1;
            applied.matched += 1;
            let count = match v.severity {
                Severity::Error => &mut report.summary.errors,
                Severity::Warning => &mut report.summary.warnings,
            };
            *count = count.saturating_sub(1);
            false
        });
        report.summary.baselined += applied.matched;
        let inputs: std::collections::HashSet<String> =
            report.inputs.iter().map(|i| normalize(&i.name)).collect();
        applied.stale = left
            .iter()
            .filter(|(f, _)| inputs.contains(&f.input))
            .map(|(_, n)| n)
            .sum();
        applied
    }
}

/// A space after each `:` and `,` outside strings.
fn spaced(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        out.push(c);
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ':' || c == ',' {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Layer;

    fn v(input: &str, pointer: &str, line: u64) -> Violation {
        Violation {
            input: input.to_owned(),
            document: 0,
            pointer: pointer.to_owned(),
            line,
            column: 1,
            offset: 0,
            rule: crate::report::Rule::Type,
            layers: vec![Layer::Schema],
            severity: Severity::Error,
            message: String::new(),
            snippet: None,
        }
    }

    fn report(violations: Vec<Violation>) -> Report {
        let mut r = Report::default();
        r.inputs
            .push(crate::report::InputRecord::counted("a.json", 1));
        for x in violations {
            r.push(x);
        }
        r
    }

    #[test]
    fn round_trips_sorted_one_entry_per_line() {
        let r = report(vec![
            v("./b.json", "/response/3/a,b", 9),
            v("a.json", "/response/0/progress", 5),
            v("a.json", "/response/1/progress", 7),
        ]);
        let text = Baseline::of(&r).to_json();
        assert_eq!(
            text,
            "{\n  \"version\": 1,\n  \"entries\": [\n    \
             {\"input\": \"a.json\", \"rule\": \"type\", \"pointer\": \"/response/*/progress\", \"count\": 2},\n    \
             {\"input\": \"b.json\", \"rule\": \"type\", \"pointer\": \"/response/*/a,b\", \"count\": 1}\n  ]\n}\n"
        );
        assert_eq!(Baseline::from_json(&text), Ok(Baseline::of(&r)));
        assert_eq!(
            Baseline::default().to_json(),
            "{\n  \"version\": 1,\n  \"entries\": []\n}\n"
        );
    }

    #[test]
    fn baseline_counts_saturate_instead_of_wrapping() {
        let text = format!(
            "{{\"version\": 1, \"entries\": [\
             {{\"input\": \"a.json\", \"rule\": \"type\", \"pointer\": \"/id\", \"count\": {}}},\
             {{\"input\": \"a.json\", \"rule\": \"type\", \"pointer\": \"/id\", \"count\": 5}}]}}",
            u64::MAX
        );
        let base = Baseline::from_json(&text).unwrap();
        assert_eq!(base.len(), usize::MAX);
        let mut now = report(vec![v("a.json", "/id", 1), v("a.json", "/id", 2)]);
        assert_eq!(base.apply(&mut now).matched, 2);
        assert!(base.to_json().contains(&format!("\"count\": {}", u64::MAX)));
    }

    #[test]
    fn baseline_bigger_than_the_limit_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_BYTES + 1).unwrap();
        let e = Baseline::load(&path).unwrap_err();
        assert!(e.to_string().contains("larger than 64 MiB"), "{e}");
    }

    #[test]
    fn accepts_known_violations_and_only_as_many_as_counted() {
        let base = Baseline::of(&report(vec![v("a.json", "/response/0/progress", 5)]));
        let mut now = report(vec![
            v("a.json", "/response/4/progress", 50),
            v("a.json", "/response/5/progress", 60),
        ]);
        let applied = base.apply(&mut now);
        assert_eq!(
            applied,
            Applied {
                matched: 1,
                stale: 0
            }
        );
        assert_eq!((now.summary.errors, now.summary.baselined), (1, 1));
        assert_eq!(now.violations[0].line, 60);
    }

    #[test]
    fn counts_stale_entries_of_inputs_in_this_run_only() {
        let base = Baseline::of(&report(vec![
            v("a.json", "/id", 1),
            v("other-shard.json", "/id", 1),
        ]));
        let applied = base.apply(&mut report(vec![]));
        assert_eq!(
            applied,
            Applied {
                matched: 0,
                stale: 1
            }
        );
    }
}
