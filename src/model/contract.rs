//! The payload contract is described once per layer: the bundled schema, the model's serde
//! fields, the member lists the rules look names up in, the required lists of the rules, and
//! `diff`'s enum members. These tests hold them to one another, so an edit to one that the others
//! do not follow fails here, naming the member.

use std::collections::BTreeSet;

use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;

use super::{Employee, Envelope, FileEntry, FolderEntry, Operation};
use crate::check::rules::{EMPLOYEE, FILE, FOLDER, Known, OPERATION};

/// A deserializer that only listens: serde's derived code hands `deserialize_struct` the
/// struct's wire names (after `rename`), which is the model's own member list.
struct Fields(&'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for &mut Fields {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The wire names of a model struct's fields, as serde reads them.
fn serde_fields<T>(deserialize: impl FnOnce(&mut Fields) -> Result<T, Stop>) -> BTreeSet<String> {
    let mut fields = Fields(&[]);
    let _ = deserialize(&mut fields);
    assert!(!fields.0.is_empty(), "the struct asked for no fields");
    fields.0.iter().map(|s| (*s).to_owned()).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn def<'a>(schema: &'a Value, name: &str) -> &'a Value {
    &schema["$defs"][name]
}

fn properties(schema: &Value, defs: &[&str]) -> BTreeSet<String> {
    defs.iter()
        .flat_map(|d| {
            def(schema, d)["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("$defs/{d} has properties"))
                .keys()
                .cloned()
        })
        .collect()
}

fn required(schema: &Value, defs: &[&str]) -> BTreeSet<String> {
    defs.iter()
        .flat_map(|d| {
            def(schema, d)["required"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().expect("required names are strings").to_owned())
        })
        .collect()
}

/// An object kind: its name, schema defs, the model's member list and its serde fields.
type Kind = (
    &'static str,
    Vec<&'static str>,
    BTreeSet<String>,
    BTreeSet<String>,
);

fn kinds() -> Vec<Kind> {
    vec![
        (
            "envelope",
            vec!["envelope"],
            set(Envelope::MEMBERS),
            serde_fields(|d| Envelope::deserialize(d)),
        ),
        (
            "operation",
            vec!["operation"],
            set(Operation::MEMBERS),
            serde_fields(|d| Operation::deserialize(d)),
        ),
        (
            "file",
            vec!["entryBase", "fileEntry"],
            set(FileEntry::MEMBERS),
            serde_fields(|d| FileEntry::deserialize(d)),
        ),
        (
            "folder",
            vec!["entryBase", "folderEntry"],
            set(FolderEntry::MEMBERS),
            serde_fields(|d| FolderEntry::deserialize(d)),
        ),
        (
            "employee",
            vec!["employee"],
            set(Employee::MEMBERS),
            serde_fields(|d| Employee::deserialize(d)),
        ),
    ]
}

fn differ(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    (
        a.difference(b).cloned().collect(),
        b.difference(a).cloned().collect(),
    )
}

#[test]
fn schema_model_fields_and_member_lists_name_the_same_members() {
    let schema = crate::check::schema::bundled();
    for (kind, defs, members, fields) in kinds() {
        let props = properties(&schema, &defs);
        let (only_schema, only_list) = differ(&props, &members);
        assert!(
            only_schema.is_empty() && only_list.is_empty(),
            "{kind}: only in the schema {only_schema:?}; only in MEMBERS {only_list:?}"
        );
        let (only_fields, only_list) = differ(&fields, &members);
        assert!(
            only_fields.is_empty() && only_list.is_empty(),
            "{kind}: only in the serde struct {only_fields:?}; only in MEMBERS {only_list:?}"
        );
    }
}

#[test]
fn rules_tables_follow_the_schema() {
    let schema = crate::check::schema::bundled();
    let tables: [(&str, &[&str], &Known); 4] = [
        ("operation", &["operation"], &OPERATION),
        ("file", &["entryBase", "fileEntry"], &FILE),
        ("folder", &["entryBase", "folderEntry"], &FOLDER),
        ("employee", &["employee"], &EMPLOYEE),
    ];
    for (kind, defs, known) in tables {
        assert_eq!(
            set(known.required),
            required(&schema, defs),
            "{kind}: the rules' required list"
        );
        assert_eq!(
            set(known.members),
            properties(&schema, defs),
            "{kind}: the rules' member list"
        );
        for name in known.members {
            assert!(
                known.defines(name),
                "{kind}: {name} missing from the name set"
            );
        }
    }
}

/// Every member the schema types as one of the payload's enums has its values listed by `diff`.
#[test]
fn diff_lists_every_enum_member_of_the_schema() {
    let schema = crate::check::schema::bundled();
    let enums = crate::check::schema::ENUM_DEFS;
    let mut seen = 0;
    for d in schema["$defs"].as_object().unwrap().values() {
        let Some(props) = d["properties"].as_object() else {
            continue;
        };
        for (name, node) in props {
            let target = node["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"));
            if target.is_some_and(|t| enums.contains(&t)) {
                seen += 1;
                assert!(
                    crate::diff::ENUM_MEMBERS.contains(&name.as_str()),
                    "diff does not list the values of the enum member {name}"
                );
            }
        }
    }
    assert!(
        seen >= 5,
        "found only {seen} enum members: the schema's layout changed"
    );
}
