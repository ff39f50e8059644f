//! A payload of one server release from the per-release table: every member and enum value that release sends.
//!
//! Used by the tests (each release's payload passes by default and under its own
//! `--server-version`) and by `gen --server-version V`. Enum values are spread over as many
//! operations as the longest enum has values, so each value occurs; dictionaries keyed by an
//! enum carry every name the release has.

use serde_json::{Map, Value, json};

use crate::model::releases::{Member, Table, table};

/// The date every date member gets (one instant: `updated` is never before `created`).
const DATE: &str = "2025-03-06T11:30:51.0000000+08:00";
const GUID: &str = "66faa6e4-f133-11ea-b126-00ffeec8b4ef";

/// The envelope a release sends, with every member and every enum value it can hold.
///
/// # Panics
/// When `release` is not an index of the table.
#[must_use]
pub fn release_payload(release: usize) -> Value {
    let t = table();
    assert!(
        release < t.releases.len(),
        "release {release} is not in the table"
    );
    let builder = Builder { t, release };
    let operations = (0..builder.rounds())
        .map(|round| builder.object("operation", round))
        .collect();
    let mut envelope = builder.object("envelope", 0);
    envelope["response"] = Value::Array(operations);
    envelope
}

struct Builder<'t> {
    t: &'t Table,
    release: usize,
}

impl Builder<'_> {
    /// How many operations it takes for every value of every enum to occur once.
    fn rounds(&self) -> usize {
        self.t
            .enums
            .values()
            .map(|e| {
                e.values
                    .iter()
                    .filter(|v| v.releases.contains(self.release))
                    .count()
            })
            .max()
            .unwrap_or(1)
            .max(1)
    }

    fn sent<'m>(&self, members: &'m [Member]) -> impl Iterator<Item = &'m Member> {
        let release = self.release;
        members.iter().filter(move |m| m.releases.contains(release))
    }

    fn object(&self, kind: &str, round: usize) -> Value {
        let mut out = Map::new();
        for m in self.sent(self.t.objects.get(kind).map_or(&[][..], Vec::as_slice)) {
            if let Some(v) = self.value(kind, m, round) {
                out.insert(m.name.clone(), v);
            }
        }
        Value::Object(out)
    }

    /// The `round`th value of an enum in this release (cycling).
    fn enum_value(&self, name: &str, round: usize) -> Option<i64> {
        let values: Vec<i64> = self
            .t
            .enums
            .get(name)?
            .values
            .iter()
            .filter(|v| v.releases.contains(self.release))
            .map(|v| v.value)
            .collect();
        (!values.is_empty()).then(|| values[round % values.len()])
    }

    fn enum_names(&self, name: &str) -> Vec<String> {
        let mut names: Vec<String> = self.t.enums.get(name).map_or_else(Vec::new, |e| {
            e.values
                .iter()
                .filter(|v| v.releases.contains(self.release))
                .map(|v| v.name.clone())
                .collect()
        });
        names.dedup();
        names
    }

    fn value(&self, kind: &str, m: &Member, round: usize) -> Option<Value> {
        // Values the rules layer reads: a finished operation at 100, a decimal `processed`, a
        // file says it is a file and a folder a folder.
        match (kind, m.name.as_str()) {
            ("operation", "id") => return Some(json!(format!("{GUID}-{round}"))),
            ("operation", "progress") => return Some(json!(100)),
            ("operation", "finished") => return Some(json!(true)),
            ("operation", "processed") => return Some(json!("1")),
            ("operation", "url") => return Some(json!("https://docspace.example.com/archive.zip")),
            ("operation", "error") => return Some(json!("")),
            ("envelope", "count") => return Some(json!(1)),
            ("envelope", "status") => return Some(json!(0)),
            ("envelope", "statusCode") => return Some(json!(200)),
            ("envelope", "response") => return Some(json!([])),
            ("file", "fileEntryType") => return Some(json!(2)),
            ("folder", "fileEntryType") => return Some(json!(1)),
            _ => {}
        }
        let ty = m.ty.as_str();
        Some(match ty {
            "string" => json!("x"),
            "bool" => json!(true),
            "int32" | "int64" | "uint32" | "id" => json!(1),
            "double" => json!(1.5),
            "guid" => json!(GUID),
            "date" => json!(DATE),
            "array:string" => json!(["x"]),
            "map<guid>:string" => json!({GUID: "x"}),
            "map<string>:bool" => json!({"Read": true}),
            _ => {
                if let Some(e) = ty.strip_prefix("enum:") {
                    json!(self.enum_value(e, round)?)
                } else if let Some(k) = ty.strip_prefix("object:") {
                    self.object(k, round)
                } else if let Some(k) = ty.strip_prefix("array:object:") {
                    json!([self.object(k, round)])
                } else if let Some(rest) = ty.strip_prefix("map<enum:") {
                    let (e, of) = rest.split_once(">:")?;
                    let v = match of {
                        "bool" => json!(true),
                        "int32" => json!(1),
                        _ => json!(["Read"]),
                    };
                    Value::Object(
                        self.enum_names(e)
                            .into_iter()
                            .map(|n| (n, v.clone()))
                            .collect(),
                    )
                } else {
                    return None;
                }
            }
        })
    }
}
