//! The bundled schema narrowed to what given server releases send (`schema --server-version V`).
//!
//! A rewrite of `$defs` driven by the per-release table: enum code and name lists keep only what
//! the releases send, and members they do not send become `{"not": {}}` with a description
//! saying which release first or last sent them.

use serde_json::{Value, json};

use crate::model::releases::{Releases, table};

/// Schema enum defs and the table enums they hold.
const ENUMS: &[(&str, &str)] = &[
    ("operationType", "FileOperationType"),
    ("distributedTaskStatus", "DistributedTaskStatus"),
    ("fileShare", "FileShare"),
    ("folderType", "FolderType"),
    ("fileEntryType", "FileEntryType"),
];

/// The def holding a table object kind's own members.
fn def_of(kind: &str) -> &str {
    match kind {
        "file" => "fileEntry",
        "folder" => "folderEntry",
        other => other,
    }
}

/// `schema` (the bundled one) narrowed to `releases`.
#[must_use]
pub fn for_releases(mut schema: Value, releases: Releases) -> Value {
    let t = table();
    schema["title"] = json!(format!(
        "ONLYOFFICE DocSpace GET /api/2.0/files/fileops response, as server {releases} sends it"
    ));
    schema["$comment"] = json!(format!(
        "The bundled schema narrowed to DocSpace server {releases} by schema/releases.json: \
         enum values and members other releases send are rejected."
    ));
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return schema;
    };
    for (def, name) in ENUMS {
        let Some(spec) = t.enums.get(*name) else {
            continue;
        };
        // Drop a code or name only when the table knows it and no chosen release sends it
        // (the docs' "Failed" stays: the table knows the server's own spelling "Failted").
        if let Some(codes) = defs
            .get_mut(&format!("{def}Code"))
            .and_then(|d| d.get_mut("enum"))
            .and_then(Value::as_array_mut)
        {
            codes.retain(|c| {
                let Some(c) = c.as_i64() else { return true };
                let all = spec.releases_of(c);
                all.is_empty() || all.intersects(releases)
            });
        }
        if let Some(names) = defs
            .get_mut(&format!("{def}Name"))
            .and_then(|d| d.get_mut("enum"))
            .and_then(Value::as_array_mut)
        {
            names.retain(|n| {
                let Some(n) = n.as_str() else { return true };
                let known: Vec<_> = spec.values.iter().filter(|v| v.name == n).collect();
                known.is_empty() || known.iter().any(|v| v.releases.intersects(releases))
            });
        }
    }
    for (kind, members) in &t.objects {
        let Some(props) = defs
            .get_mut(def_of(kind))
            .and_then(|d| d.get_mut("properties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for m in members.iter().filter(|m| !m.releases.intersects(releases)) {
            let why = t.why_not(m.releases, releases);
            props.insert(
                m.name.clone(),
                json!({
                    "description": format!("`{}` {why}; server {releases} does not send it.", m.name),
                    "x-expected": format!("no `{}`: it {why}", m.name),
                    "not": {}
                }),
            );
        }
    }
    schema
}

/// [`for_releases`] of the bundled schema, pretty-printed with a final newline.
#[must_use]
pub fn for_releases_text(releases: Releases) -> String {
    let schema = for_releases(super::bundled(), releases);
    serde_json::to_string_pretty(&schema).expect("a JSON value serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_schema_narrows_enums_and_members() {
        let v304 = table().resolve("3.0.4").unwrap();
        let s = for_releases(super::super::bundled(), v304);
        let codes = &s["$defs"]["folderTypeCode"]["enum"];
        assert!(codes.as_array().unwrap().contains(&json!(29)));
        assert!(!codes.as_array().unwrap().contains(&json!(30)));
        assert!(!codes.as_array().unwrap().contains(&json!(17)));
        let status = &s["$defs"]["operation"]["properties"]["status"];
        assert_eq!(status["not"], json!({}));
        assert!(
            status["description"]
                .as_str()
                .unwrap()
                .contains("first sent by v3.7.1")
        );
        let denied = &s["$defs"]["fileEntry"]["properties"]["denyDownload"];
        assert!(
            denied["description"]
                .as_str()
                .unwrap()
                .contains("last sent by v2.6.3")
        );
        // Folders send denyDownload from v3.0.0.
        assert!(s["$defs"]["folderEntry"]["properties"]["denyDownload"]["not"].is_null());
    }
}
