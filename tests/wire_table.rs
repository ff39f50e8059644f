//! The bundled schema and the model against the per-release table (schema/releases.json): fails on drift.
//!
//! The table is the one source of release facts. These tests say which side moved when a new
//! release is added (docs/adding-a-release.md) and the schema or the model was not updated.

use std::collections::BTreeSet;

use fileops_validator::arb::internals::check::schema::bundled;
use fileops_validator::arb::internals::model::releases::table;
use fileops_validator::arb::internals::model::{
    Employee, FileEntry, FileEntryType, FileShare, FolderEntry, FolderType, Operation,
    OperationType, TaskStatus, WireEnum,
};
use serde_json::Value;

/// The schema def holding each object kind's members (entries also take `entryBase`).
fn schema_properties(kind: &str) -> BTreeSet<String> {
    let schema = bundled();
    let defs = &schema["$defs"];
    let keys = |def: &str| -> BTreeSet<String> {
        defs[def]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("$defs/{def} has properties"))
            .keys()
            .cloned()
            .collect()
    };
    match kind {
        "file" => &keys("entryBase") | &keys("fileEntry"),
        "folder" => &keys("entryBase") | &keys("folderEntry"),
        other => keys(def_of(other)),
    }
}

/// Table kind -> schema def, for kinds whose def has another name.
fn def_of(kind: &str) -> &str {
    match kind {
        "link" => "link",
        other => other,
    }
}

/// The schema of member `name` of `kind`, with a `$ref` followed once.
fn member_schema(kind: &str, name: &str) -> Value {
    let schema = bundled();
    let defs = &schema["$defs"];
    let at = match kind {
        "file" | "folder" => {
            let own = if kind == "file" {
                "fileEntry"
            } else {
                "folderEntry"
            };
            defs[own]["properties"]
                .get(name)
                .or_else(|| defs["entryBase"]["properties"].get(name))
        }
        "link" => defs["envelope"]["properties"]["links"]["items"]["properties"].get(name),
        other => defs[def_of(other)]["properties"].get(name),
    };
    at.cloned()
        .unwrap_or_else(|| panic!("the schema has no {kind}.{name}"))
}

fn target(node: &Value) -> Option<&str> {
    node.get("$ref")?.as_str()?.strip_prefix("#/$defs/")
}

/// Whether the schema node types a member the way the table's wire type says.
fn fits(node: &Value, ty: &str) -> bool {
    let json_type = node.get("type").and_then(Value::as_str);
    let reference = target(node);
    match ty {
        "string" | "guid" => json_type == Some("string"),
        "bool" => json_type == Some("boolean"),
        "int32" => reference == Some("int32"),
        "int64" => matches!(reference, Some("int64" | "int32")),
        "uint32" => reference == Some("uint32"),
        "double" => json_type == Some("number"),
        "date" => reference == Some("apiDateTime"),
        "id" => reference == Some("entryId"),
        "operations" => reference == Some("operationList"),
        t if t.starts_with("enum:") => {
            // Enums with their own def are checked value by value below; the others are
            // int32 here and checked per release by the server-version rule.
            reference.is_some_and(|r| r == "int32" || bundled()["$defs"][r]["anyOf"].is_array())
        }
        t if t.starts_with("object:") => reference == Some(&t["object:".len()..]),
        t if t.starts_with("array:") => json_type == Some("array"),
        t if t.starts_with("map<") => json_type == Some("object"),
        _ => false,
    }
}

#[test]
fn schema_types_every_member_any_release_sends() {
    let t = table();
    let mut wrong = Vec::new();
    for (kind, members) in &t.objects {
        if kind == "link" {
            // The envelope's link objects are inline in the schema.
            for m in members {
                if !fits(&member_schema(kind, &m.name), &m.ty) {
                    wrong.push(format!("{kind}.{}: {}", m.name, m.ty));
                }
            }
            continue;
        }
        let props = schema_properties(kind);
        for m in members {
            if !props.contains(&m.name) {
                wrong.push(format!("{kind}.{} is missing ({})", m.name, m.ty));
            } else if !fits(&member_schema(kind, &m.name), &m.ty) {
                wrong.push(format!(
                    "{kind}.{}: the schema says {}, the table {}",
                    m.name,
                    member_schema(kind, &m.name),
                    m.ty
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "schema and table drifted:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn model_member_lists_cover_every_release() {
    let t = table();
    let lists: [(&str, &[&str]); 4] = [
        ("operation", Operation::MEMBERS),
        ("file", FileEntry::MEMBERS),
        ("folder", FolderEntry::MEMBERS),
        ("employee", Employee::MEMBERS),
    ];
    for (kind, list) in lists {
        for m in &t.objects[kind] {
            assert!(
                list.contains(&m.name.as_str()),
                "{kind}.{} (sent by {}) is not in the model's MEMBERS",
                m.name,
                m.releases
            );
        }
        let props = schema_properties(kind);
        for name in list {
            assert!(
                props.contains(*name),
                "model {kind}.{name} not in the schema"
            );
        }
    }
}

fn union(name: &str) -> BTreeSet<i64> {
    table().enums[name].values.iter().map(|v| v.value).collect()
}

fn schema_codes(def: &str) -> BTreeSet<i64> {
    bundled()["$defs"][def]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("$defs/{def} has an enum"))
        .iter()
        .map(|v| v.as_i64().expect("integer code"))
        .collect()
}

fn model_codes<T: WireEnum>() -> BTreeSet<i64> {
    T::VALUES.iter().map(|v| v.1).collect()
}

fn check_names<T: WireEnum>(name: &str) {
    for v in &table().enums[name].values {
        assert!(
            T::from_name(&v.name).is_some() || name == "DistributedTaskStatus",
            "{name}.{} ({}) is not a name or alias of the model's enum",
            v.name,
            v.value
        );
    }
}

#[test]
fn enum_codes_are_every_value_any_release_sends() {
    for (name, def, model) in [
        ("FolderType", "folderTypeCode", model_codes::<FolderType>()),
        ("FileShare", "fileShareCode", model_codes::<FileShare>()),
        (
            "FileOperationType",
            "operationTypeCode",
            model_codes::<OperationType>(),
        ),
        (
            "DistributedTaskStatus",
            "distributedTaskStatusCode",
            model_codes::<TaskStatus>(),
        ),
        (
            "FileEntryType",
            "fileEntryTypeCode",
            model_codes::<FileEntryType>(),
        ),
    ] {
        assert_eq!(
            schema_codes(def),
            union(name),
            "schema {def} vs table {name}"
        );
        assert_eq!(model, union(name), "model vs table {name}");
    }
    check_names::<FolderType>("FolderType");
    check_names::<FileShare>("FileShare");
    check_names::<OperationType>("FileOperationType");
    check_names::<FileEntryType>("FileEntryType");
    // The server's C# name of 4 is the misspelled "Failted"; the model's alias covers it.
    assert_eq!(TaskStatus::from_name("Failted"), Some(TaskStatus::Failed));
}

#[test]
fn table_is_what_the_generator_writes() {
    // The table is generated; a hand edit shows up as a file that does not parse the same after
    // regeneration. Without the extraction at hand, at least check it is in generator form.
    let text = fileops_validator::arb::internals::model::releases::BUNDLED;
    let value: Value = serde_json::from_str(text).expect("json");
    let pretty = serde_json::to_string_pretty(&value).expect("json") + "\n";
    assert_eq!(
        pretty, text,
        "schema/releases.json was edited by hand; regenerate it"
    );
    assert!(
        value["$comment"]
            .as_str()
            .unwrap_or_default()
            .contains("Generated by")
    );
}

#[test]
fn docs_list_every_change() {
    let doc = include_str!("../docs/wire-format.md");
    let (_, rest) = doc
        .split_once("<!-- releases:begin -->\n")
        .expect("docs/wire-format.md has the releases:begin marker");
    let (listed, _) = rest
        .split_once("<!-- releases:end -->")
        .expect("docs/wire-format.md has the releases:end marker");
    assert_eq!(
        listed,
        table().changes_markdown(),
        "docs/wire-format.md: paste `cargo run --example releases -- --changes` between the markers"
    );
}
