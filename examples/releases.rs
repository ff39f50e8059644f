//! Builds `schema/releases.json`, the project's per-release wire table, from a wire-truth extraction.
//!
//! Usage (see docs/adding-a-release.md):
//!
//!     cargo run --example releases -- PATH/docspace-fileops-wire-truth.json > schema/releases.json
//!     cargo run --example releases -- --changes   # the change list of docs/wire-format.md
//!
//! The extraction lists, for every DocSpace-server release tag, the enums that reach the fileops
//! response and every serialized member of every DTO on the way. This keeps only what the
//! validator needs (member names, a compact wire type, whether null is omitted, enum names and
//! values) and folds the 23 per-release lists into one list per object with the releases that
//! send each item, so a new release changes a few `in` ranges instead of adding a copy.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

/// DTO class -> object kind in the table. Bases (FileEntryDto, FileEntryBaseDto, ...) are left
/// out: the extraction's lists for the concrete classes already include inherited members.
const CLASSES: &[(&str, &str)] = &[
    ("SuccessApiResponse", "envelope"),
    ("Link", "link"),
    ("FileOperationDto", "operation"),
    ("FileDto<T>", "file"),
    ("FolderDto<T>", "folder"),
    ("EmployeeDto", "employee"),
    ("DraftLocation<T>", "draftLocation"),
    ("Size", "size"),
    ("Logo", "logo"),
    ("LogoCover", "logoCover"),
    ("RoomDataLifetimeDto", "lifetime"),
    ("WatermarkDto", "watermark"),
    ("ChatSettings", "chatSettings"),
    ("ChatSettingsDto", "chatSettings"),
    ("ChatMultimodalSettingsDto", "chatMultimodal"),
    ("ChatImageMultimodalSettingsDto", "chatImage"),
    ("AiModelCapabilities", "aiCapabilities"),
];

fn kind_of(class: &str) -> Option<&'static str> {
    CLASSES.iter().find(|c| c.0 == class).map(|c| c.1)
}

/// The compact wire type of a member, from its C# type.
fn wire_type(csharp: &str, json_name: &str) -> Result<String, String> {
    let t = csharp.trim_end_matches('?');
    if let Some(kind) = kind_of(t) {
        return Ok(format!("object:{kind}"));
    }
    let simple = match t {
        "string" => "string",
        "bool" => "bool",
        "int" | "HttpStatusCode" => "int32",
        "long" => "int64",
        "uint" => "uint32",
        "double" => "double",
        "Guid" => "guid",
        "ApiDateTime" => "date",
        "T" => "id",
        "object" => "operations",
        "List<Link>" => "array:object:link",
        "IEnumerable<string>" => "array:string",
        "List<FileEntryDto>" | "List<FileEntryBaseDto>" => {
            // The extraction types files and folders alike; which kind of entry each list holds
            // is the member's name.
            return Ok(if json_name == "files" {
                "array:object:file".to_owned()
            } else {
                "array:object:folder".to_owned()
            });
        }
        "Dictionary<Guid, string>" => "map<guid>:string",
        "IDictionary<string, bool>" => "map<string>:bool",
        _ => "",
    };
    if !simple.is_empty() {
        return Ok(simple.to_owned());
    }
    if let Some(rest) = t.strip_prefix("IDictionary<")
        && let Some((key, value)) = rest.strip_suffix('>').and_then(|r| r.split_once(", "))
    {
        let value = match value {
            "bool" => "bool",
            "int" => "int32",
            "IEnumerable<string>" => "array:string",
            other => {
                return Err(format!(
                    "{json_name}: unknown dictionary value type {other}"
                ));
            }
        };
        return Ok(format!("map<enum:{key}>:{value}"));
    }
    if t.chars().all(|c| c.is_ascii_alphanumeric()) {
        // Any other bare type name is an enum (the extraction lists each one under `enums`).
        return Ok(format!("enum:{t}"));
    }
    Err(format!("{json_name}: unknown C# type {csharp}"))
}

/// The releases an item is in, as `[first, last]` runs of consecutive releases.
fn runs(present: &[bool], tags: &[String]) -> Value {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &p) in present.iter().chain(std::iter::once(&false)).enumerate() {
        match (p, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(json!([tags[s], tags[i - 1]]));
                start = None;
            }
            _ => {}
        }
    }
    Value::Array(out)
}

fn build(truth: &Value) -> Result<Value, String> {
    let releases = truth["releases"]
        .as_object()
        .ok_or("no `releases` object in the extraction")?;
    // JSON objects come back sorted by key ("v1.0.0" before "v1.0.0-pre"): order by date.
    let mut ordered: Vec<(&String, &Value)> = releases.iter().collect();
    ordered.sort_by(|a, b| a.1["date"].as_str().cmp(&b.1["date"].as_str()));
    let tags: Vec<String> = ordered.iter().map(|(t, _)| (*t).clone()).collect();
    let n = tags.len();
    // (kind, member) -> (type, omitted when null, omitted when default, presence per release)
    type Member = (String, bool, bool, Vec<bool>);
    let mut objects: BTreeMap<&str, Vec<(String, Member)>> = BTreeMap::new();
    // (enum, name, value) -> presence; enum -> flags
    let mut enums: BTreeMap<String, Vec<(String, i64, Vec<bool>)>> = BTreeMap::new();
    let mut flags: BTreeMap<String, bool> = BTreeMap::new();
    let mut list = Vec::new();
    for (r, (tag, release)) in ordered.into_iter().enumerate() {
        list.push(json!({
            "tag": tag,
            "commit": release["commit"].as_str().map(|c| &c[..c.len().min(12)]),
            "date": release["tag_date"].as_str().or(release["date"].as_str())
                .map(|d| &d[..d.len().min(10)]),
        }));
        let members = release["members"]
            .as_object()
            .ok_or_else(|| format!("{tag}: no members"))?;
        for (class, ms) in members {
            let Some(kind) = kind_of(class) else { continue };
            let entry = objects.entry(kind).or_default();
            for m in ms.as_array().into_iter().flatten() {
                if m["serialized"] == Value::Bool(false) {
                    continue;
                }
                let name = m["json"].as_str().ok_or("a member without `json`")?;
                let csharp = m["csharp"].as_str().unwrap_or_default();
                let ty = wire_type(csharp, name)?;
                let omitted = m["omitted_when_null"].as_bool().unwrap_or(false);
                let default = m.get("omitted_when_default").is_some();
                let at = match entry.iter().position(|(n, _)| n == name) {
                    Some(i) => i,
                    None => {
                        entry.push((
                            name.to_owned(),
                            (ty.clone(), omitted, default, vec![false; n]),
                        ));
                        entry.len() - 1
                    }
                };
                let known = &mut entry[at].1;
                if known.0 != ty {
                    return Err(format!(
                        "{kind}.{name}: wire type {} in one release, {ty} in {tag}: give the table \
                         a way to say so before regenerating",
                        known.0
                    ));
                }
                known.1 |= omitted;
                known.2 |= default;
                known.3[r] = true;
            }
        }
        for (name, values) in release["enums"].as_object().ok_or("no enums")? {
            let e = enums.entry(name.clone()).or_default();
            for (vname, v) in values.as_object().ok_or("enum not an object")? {
                let v = v
                    .as_i64()
                    .ok_or_else(|| format!("{name}.{vname}: not an integer"))?;
                let at = match e.iter().position(|x| x.0 == *vname && x.1 == v) {
                    Some(i) => i,
                    None => {
                        e.push((vname.clone(), v, vec![false; n]));
                        e.len() - 1
                    }
                };
                e[at].2[r] = true;
            }
            let f = release["enum_meta"][name]["flags"]
                .as_bool()
                .unwrap_or(false);
            *flags.entry(name.clone()).or_default() |= f;
        }
    }
    let mut out_objects = Map::new();
    for (kind, members) in objects {
        let ms: Vec<Value> = members
            .into_iter()
            .map(|(name, (ty, omitted, default, present))| {
                let mut m = json!({"name": name, "type": ty, "in": runs(&present, &tags)});
                if omitted {
                    m["omitted_when_null"] = Value::Bool(true);
                }
                if default {
                    m["omitted_when_default"] = Value::Bool(true);
                }
                m
            })
            .collect();
        out_objects.insert(kind.to_owned(), Value::Array(ms));
    }
    let mut out_enums = Map::new();
    for (name, mut values) in enums {
        values.sort_by_key(|v| (v.1, v.2.iter().position(|&p| p)));
        let vs: Vec<Value> = values
            .into_iter()
            .map(|(vname, v, present)| json!({"name": vname, "value": v, "in": runs(&present, &tags)}))
            .collect();
        out_enums.insert(
            name.clone(),
            json!({"flags": flags.get(&name).copied().unwrap_or(false), "values": vs}),
        );
    }
    Ok(json!({
        "$comment": "Generated by `cargo run --example releases -- docspace-fileops-wire-truth.json > schema/releases.json` (docs/adding-a-release.md); do not edit by hand. For each DocSpace server release: the members of every object of the fileops response and the enum values that reach it; `in` lists the runs of consecutive releases that send an item.",
        "source": truth["source"],
        "releases": list,
        "objects": out_objects,
        "enums": out_enums,
    }))
}

fn main() -> ExitCode {
    // `--changes`: print the release-by-release section of docs/wire-format.md from the bundled
    // table (tests/wire_table.rs checks the doc holds exactly this).
    if std::env::args().nth(1).as_deref() == Some("--changes") {
        print!(
            "{}",
            fileops_validator::arb::internals::model::releases::table().changes_markdown()
        );
        return ExitCode::SUCCESS;
    }
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example releases -- PATH/docspace-fileops-wire-truth.json");
        return ExitCode::from(2);
    };
    let truth: Value = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match build(&truth) {
        Ok(table) => {
            let text = serde_json::to_string_pretty(&table).expect("a JSON value serializes");
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::from(2)
        }
    }
}
