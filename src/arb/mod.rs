//! Generators of fileops payloads for property tests and fuzzing (feature `arbitrary-payloads`).
//!
//! Unstable: this module serves the project's own tests, benchmarks and fuzz targets and is not
//! part of the library's API (it may change in any release).
//!
//! Strategies are `arb_*` functions composed from small ones (`arb_text`, `arb_wire_date`, ...)
//! up to whole documents ([`arb_document`]) and laid out as text ([`arb_payload`]). Every
//! generated payload is valid: it must pass every layer with no violation at all, warnings
//! included, so the generators respect the rules layer too (progress 100 when finished, unique
//! ids, `updated` not before `created`, `count` 1 or the length). [`mutate`] breaks one thing at
//! a time; [`fuzz`] holds the entry points the cargo-fuzz targets call, and [`structure`] reads
//! the `structured` target's bytes as a [`Case`] (a payload description walked along the same
//! shape, without proptest).
//!
//! ```
//! use fileops_validator::arb::{arb_payload, Style};
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let payload = arb_payload().new_tree(&mut runner).unwrap().current();
//! let text = payload.render().text;
//! assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
//! ```

pub mod fuzz;
mod leaves;
pub mod mutate;
pub mod output;
pub mod shape;
pub mod structure;
pub mod text;

/// The crate's internals, for this project's own integration tests, benchmarks and fuzz
/// targets: **not part of the API**. Everything here may change or go in any release; a user of
/// the library takes what the crate root exports.
#[doc(hidden)]
#[allow(missing_docs)]
pub mod internals {
    pub mod check {
        pub use crate::check::*;
    }
    pub mod diff {
        pub use crate::diff::*;
    }
    pub mod r#gen {
        pub use crate::r#gen::*;
    }
    pub mod input {
        pub use crate::input::*;
    }
    pub mod json {
        pub use crate::json::*;
    }
    pub mod model {
        pub use crate::model::*;
    }
    pub mod report {
        pub use crate::report::*;
    }
}

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use serde_json::{Map, Value};

use crate::model::Profile;
use crate::model::dates::{rfc3339_ticks, wire_ticks};
use shape::{Kind, Member, Object};
pub use text::{Escapes, Layout, Rendered};

pub(crate) use leaves::NASTY_TEXTS;
pub use leaves::{
    arb_date, arb_docs_date, arb_entry_id, arb_enum, arb_guid, arb_json, arb_rfc3339, arb_text,
    arb_time_span, arb_unknown_members, arb_uri, arb_wire_date,
};
use leaves::{days_in_month, two};

/// Which shape a generated payload takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// What servers send: the envelope, integer enums, date strings.
    Wire,
    /// What the docs describe: enum names, date objects, envelope or bare list.
    Docs,
    /// Each value in either form.
    Mixed,
}

impl Style {
    /// The profiles a payload of this style must pass.
    #[must_use]
    pub fn profiles(self) -> &'static [Profile] {
        match self {
            Style::Wire => &[Profile::Any, Profile::Wire],
            Style::Docs => &[Profile::Any, Profile::Docs],
            Style::Mixed => &[Profile::Any],
        }
    }
}

/// A generated document with the layout to write it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub style: Style,
    pub document: Value,
    pub layout: Layout,
}

impl Payload {
    /// The document as text, with the place of every value.
    #[must_use]
    pub fn render(&self) -> Rendered {
        text::render(&self.document, &self.layout)
    }
}

/// Any style.
pub fn arb_style() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Wire), Just(Style::Docs), Just(Style::Mixed)]
}

/// A value of `kind`.
pub fn arb_kind(kind: Kind, style: Style) -> BoxedStrategy<Value> {
    match kind {
        Kind::Str => arb_text().prop_map(Value::from).boxed(),
        Kind::Digits => "[0-9]{1,5}".prop_map(Value::from).boxed(),
        Kind::OperationId => prop_oneof![arb_guid(), arb_text()]
            .prop_map(Value::from)
            .boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Kind::Int32 => prop_oneof![any::<i32>(), 0i32..1000]
            .prop_map(Value::from)
            .boxed(),
        Kind::Int64 => prop_oneof![any::<i64>(), 0i64..10_000_000]
            .prop_map(Value::from)
            .boxed(),
        Kind::Progress => (0i64..=100).prop_map(Value::from).boxed(),
        Kind::Enum(e) => arb_enum(e, style),
        Kind::Date => arb_date(style),
        Kind::UtcTime => arb_rfc3339().prop_map(Value::from).boxed(),
        Kind::TimeSpan => arb_time_span().prop_map(Value::from).boxed(),
        Kind::Guid => arb_guid().prop_map(Value::from).boxed(),
        Kind::Uri => arb_uri().prop_map(Value::from).boxed(),
        Kind::EntryId => arb_entry_id().boxed(),
        Kind::Object(o) => arb_object(o, style),
        Kind::List(o) => {
            let max = match o {
                Object::Operation => 4,
                Object::File => 3,
                _ => 2,
            };
            vec(arb_object(o, style), 0..=max)
                .prop_map(Value::Array)
                .boxed()
        }
        Kind::Strings => vec(arb_text().prop_map(Value::from), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Kind::Dict(of) => vec((arb_text(), arb_kind(of.kind(), style)), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect()))
            .boxed(),
        Kind::AnyObject => vec((arb_text(), arb_json()), 0..3)
            .prop_map(|kv| Value::Object(kv.into_iter().collect()))
            .boxed(),
    }
}

/// An object of `object`'s kind: its required members, each optional member present or not,
/// and (except in date objects and links) a few unknown members.
pub fn arb_object(object: Object, style: Style) -> BoxedStrategy<Value> {
    if object == Object::DocsDate {
        return arb_docs_date().boxed();
    }
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = shape::members(object)
        .into_iter()
        .map(|m: Member| {
            let name = m.name.to_owned();
            let value = arb_kind(m.kind, style).prop_map(move |v| (name.clone(), v));
            if m.required {
                value.prop_map(Some).boxed()
            } else {
                option::of(value).boxed()
            }
        })
        .collect();
    let extras = match object {
        Object::Link => Just(Vec::new()).boxed(),
        _ => arb_unknown_members().boxed(),
    };
    (parts, extras)
        .prop_map(move |(parts, extras)| {
            let mut m: Map<String, Value> = extras.into_iter().collect();
            for (k, v) in parts.into_iter().flatten() {
                m.insert(k, v);
            }
            settle(object, &mut m);
            Value::Object(m)
        })
        .boxed()
}

/// What the rules layer expects of a valid object: progress 100 when finished, `updated` not
/// before `created`, `count` 1 or the length, unique operation ids.
fn settle(object: Object, m: &mut Map<String, Value>) {
    match object {
        Object::Operation if m.get("finished") == Some(&Value::Bool(true)) => {
            m.insert("progress".into(), Value::from(100));
        }
        Object::File | Object::Folder => {
            let ticks = |v: Option<&Value>| match v? {
                Value::String(s) => wire_ticks(s),
                Value::Object(o) => rfc3339_ticks(o.get("utcTime")?.as_str()?),
                _ => None,
            };
            if let (Some(c), Some(u)) = (ticks(m.get("created")), ticks(m.get("updated")))
                && u < c
            {
                let created = m.remove("created");
                let updated = m.remove("updated");
                if let (Some(c), Some(u)) = (created, updated) {
                    m.insert("created".into(), u);
                    m.insert("updated".into(), c);
                }
            }
        }
        Object::Envelope => {
            let len = m
                .get("response")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if let Some(Value::Array(ops)) = m.get_mut("response") {
                let mut seen = std::collections::HashSet::new();
                for (i, op) in ops.iter_mut().enumerate() {
                    unique_id(op, i, &mut seen);
                }
            }
            if let Some(count) = m.get_mut("count")
                && count.as_i64() != Some(1)
            {
                *count = Value::from(len);
            }
        }
        _ => {}
    }
}

fn unique_id(op: &mut Value, i: usize, seen: &mut std::collections::HashSet<String>) {
    if let Some(Value::String(id)) = op.get_mut("id")
        && !seen.insert(id.clone())
    {
        id.push_str(&format!("#{i}"));
        seen.insert(id.clone());
    }
}

/// An operation (FileOperationDto).
pub fn arb_operation(style: Style) -> BoxedStrategy<Value> {
    arb_object(Object::Operation, style)
}

/// A file entry.
pub fn arb_file_entry(style: Style) -> BoxedStrategy<Value> {
    arb_object(Object::File, style)
}

/// A folder entry.
pub fn arb_folder_entry(style: Style) -> BoxedStrategy<Value> {
    arb_object(Object::Folder, style)
}

/// An employee (`createdBy`, ...).
pub fn arb_employee(style: Style) -> BoxedStrategy<Value> {
    arb_object(Object::Employee, style)
}

/// The wire envelope.
pub fn arb_envelope(style: Style) -> BoxedStrategy<Value> {
    arb_object(Object::Envelope, style)
}

/// A whole document: the envelope (always, for the wire style) or a bare list.
pub fn arb_document(style: Style) -> BoxedStrategy<Value> {
    let list = vec(arb_operation(style), 0..4).prop_map(|mut ops| {
        let mut seen = std::collections::HashSet::new();
        for (i, op) in ops.iter_mut().enumerate() {
            unique_id(op, i, &mut seen);
        }
        Value::Array(ops)
    });
    match style {
        Style::Wire => arb_envelope(style),
        _ => prop_oneof![3 => arb_envelope(style), 1 => list].boxed(),
    }
}

/// A text layout: compact or indented, LF or CRLF, escapes, key order, surrounding space.
pub fn arb_layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![Just(None), Just(Some(2)), Just(Some(4)), Just(Some(0))],
        any::<bool>(),
        prop_oneof![
            6 => Just(Escapes::Minimal),
            2 => Just(Escapes::NonAscii),
            1 => Just(Escapes::Everything),
        ],
        0usize..8,
        prop::sample::select(vec!["", "\n", " \r\n\t"]),
        prop::sample::select(vec!["", "\n", "\r\n  "]),
    )
        .prop_map(
            |(indent, crlf, escapes, rotate, leading, trailing)| Layout {
                indent,
                crlf,
                escapes,
                rotate,
                leading: leading.to_owned(),
                trailing: trailing.to_owned(),
            },
        )
}

/// A payload of the given style.
pub fn arb_payload_in(style: Style) -> impl Strategy<Value = Payload> {
    (arb_document(style), arb_layout()).prop_map(move |(document, layout)| Payload {
        style,
        document,
        layout,
    })
}

/// A payload of any style.
pub fn arb_payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        arb_payload_in(Style::Wire),
        arb_payload_in(Style::Docs),
        arb_payload_in(Style::Mixed),
    ]
}

/// A payload and, perhaps, one mutation of it (kind and which of its sites).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub payload: Payload,
    pub mutation: Option<(mutate::MutationKind, usize)>,
}

/// A case for the agreement property (the `structured` fuzz target builds its cases from the
/// fuzzer's bytes: [`structure`]).
pub fn arb_case() -> impl Strategy<Value = Case> {
    (
        arb_payload(),
        option::weighted(0.8, (mutate::arb_mutation_kind(), any::<usize>())),
    )
        .prop_map(|(payload, mutation)| Case { payload, mutation })
}
