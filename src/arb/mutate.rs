//! A catalogue of single mutations: each breaks one thing in a valid document and knows the
//! JSON Pointer where a validator must report it.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::shape::{self, Kind, Object};
use crate::report::Pointer;

/// What a mutation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MutationKind {
    /// A value of the wrong JSON type (`"50"` for an integer, `1` for a string, ...).
    WrongType,
    /// An enum code that is no value of the enum.
    EnumOutOfRange,
    /// An enum name that is no value of the enum (`"Bogus"`, `"copy"`).
    UnknownEnumName,
    /// An integer beyond int32 (or int64) bounds.
    IntOverflow,
    /// A number with a fraction where an integer belongs.
    FractionalInteger,
    /// A date string (or date object member) in the wrong format.
    BadDate,
    /// A user id that is not a GUID.
    BadUuid,
    /// A `url` that is not an absolute URI.
    BadUri,
    /// A required member removed.
    MissingRequired,
    /// A required member's name in the wrong letter case (`Progress`).
    WrongCaseKey,
    /// An array where an object belongs, or the other way round.
    ArrayObjectSwap,
    /// `null` where a value belongs (servers omit null properties; null is never valid).
    NullNotAllowed,
}

impl MutationKind {
    /// Every kind.
    pub const ALL: [MutationKind; 12] = [
        MutationKind::WrongType,
        MutationKind::EnumOutOfRange,
        MutationKind::UnknownEnumName,
        MutationKind::IntOverflow,
        MutationKind::FractionalInteger,
        MutationKind::BadDate,
        MutationKind::BadUuid,
        MutationKind::BadUri,
        MutationKind::MissingRequired,
        MutationKind::WrongCaseKey,
        MutationKind::ArrayObjectSwap,
        MutationKind::NullNotAllowed,
    ];

    /// A short name for tables.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            MutationKind::WrongType => "wrong-type",
            MutationKind::EnumOutOfRange => "enum-out-of-range",
            MutationKind::UnknownEnumName => "unknown-enum-name",
            MutationKind::IntOverflow => "int-overflow",
            MutationKind::FractionalInteger => "fractional-integer",
            MutationKind::BadDate => "bad-date",
            MutationKind::BadUuid => "bad-uuid",
            MutationKind::BadUri => "bad-uri",
            MutationKind::MissingRequired => "missing-required",
            MutationKind::WrongCaseKey => "wrong-case-key",
            MutationKind::ArrayObjectSwap => "array-object-swap",
            MutationKind::NullNotAllowed => "null-not-allowed",
        }
    }
}

/// Any mutation kind.
pub fn arb_mutation_kind() -> impl Strategy<Value = MutationKind> {
    prop::sample::select(MutationKind::ALL.to_vec())
}

/// A place in a document a mutation can hit: a value and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub pointer: Pointer,
    pub kind: Kind,
}

/// One mutation applied: the broken document and where it must be reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutated {
    pub document: Value,
    pub kind: MutationKind,
    /// Where a validator must report it: the broken value, or for a missing (or misspelled)
    /// member, the object that lacks it.
    pub pointer: Pointer,
    /// What was done, for failure messages.
    pub what: String,
}

/// Every site of a document, root first.
#[must_use]
pub fn sites(document: &Value) -> Vec<Site> {
    let mut out = Vec::new();
    let root = if document.is_array() {
        Kind::List(Object::Operation)
    } else {
        Kind::Object(Object::Envelope)
    };
    walk(document, root, Pointer::root(), &mut out);
    out
}

fn walk(v: &Value, kind: Kind, at: Pointer, out: &mut Vec<Site>) {
    out.push(Site {
        pointer: at.clone(),
        kind,
    });
    match (kind, v) {
        (Kind::Object(o), Value::Object(m)) => {
            for member in shape::members(o) {
                if let Some(child) = m.get(member.name) {
                    walk(child, member.kind, at.key(member.name), out);
                }
            }
        }
        (Kind::Date, Value::Object(m)) => {
            for member in shape::members(Object::DocsDate) {
                if let Some(child) = m.get(member.name) {
                    walk(child, member.kind, at.key(member.name), out);
                }
            }
        }
        (Kind::List(o), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, Kind::Object(o), at.index(i), out);
            }
        }
        (Kind::Strings, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, Kind::Str, at.index(i), out);
            }
        }
        (Kind::Dict(of), Value::Object(m)) => {
            for (k, child) in m {
                walk(child, of.kind(), at.key(k), out);
            }
        }
        _ => {}
    }
}

/// The object kind of a site whose value is an object with required members.
fn object_of(site: &Site, v: &Value) -> Option<Object> {
    match (site.kind, v) {
        (Kind::Object(o), Value::Object(_)) => Some(o),
        (Kind::Date, Value::Object(_)) => Some(Object::DocsDate),
        _ => None,
    }
}

fn required(object: Object) -> Vec<&'static str> {
    shape::members(object)
        .into_iter()
        .filter(|m| m.required)
        .map(|m| m.name)
        .collect()
}

/// The replacement values a kind of mutation offers for a site, or none when it does not apply.
fn replacements(kind: MutationKind, site: &Site, current: &Value) -> Vec<Value> {
    let root = site.pointer.as_str().is_empty();
    if root {
        return Vec::new();
    }
    let k = site.kind;
    match kind {
        MutationKind::WrongType => match k {
            Kind::Str
            | Kind::Digits
            | Kind::OperationId
            | Kind::Guid
            | Kind::Uri
            | Kind::UtcTime
            | Kind::TimeSpan => {
                vec![json!(42), json!(true), json!({"a": 1})]
            }
            Kind::Bool => vec![json!("true"), json!(1), json!(0)],
            Kind::Int32 | Kind::Int64 | Kind::Progress => {
                vec![json!("50"), json!(true), json!([1])]
            }
            Kind::Enum(_) => vec![json!(true), json!([1]), json!({"value": 1})],
            Kind::Date => vec![json!(20_250_306), json!(true), json!(["2025-03-06"])],
            Kind::EntryId => vec![json!(true), json!([1]), json!({"id": 1})],
            Kind::Object(_) | Kind::List(_) | Kind::Strings | Kind::Dict(_) | Kind::AnyObject => {
                vec![json!("x"), json!(1), json!(false)]
            }
        },
        MutationKind::EnumOutOfRange => match k {
            Kind::Enum(e) => e.bad_codes().iter().map(|c| json!(c)).collect(),
            _ => Vec::new(),
        },
        MutationKind::UnknownEnumName => match k {
            Kind::Enum(e) => {
                let mut names = vec![json!("Bogus"), json!("")];
                for (_, name) in e.values() {
                    for variant in [name.to_lowercase(), name.to_uppercase()] {
                        if !e.values().iter().any(|(_, n)| *n == variant) {
                            names.push(json!(variant));
                        }
                    }
                }
                names
            }
            _ => Vec::new(),
        },
        MutationKind::IntOverflow => match k {
            Kind::Int32 | Kind::Progress | Kind::EntryId => vec![
                json!(2_147_483_648_i64),
                json!(-2_147_483_649_i64),
                json!(4_294_967_296_i64),
                json!(1e10),
                json!(u64::MAX),
            ],
            Kind::Int64 => vec![
                json!(9_223_372_036_854_775_808_u64),
                json!(u64::MAX),
                json!(1e19),
                json!(-1e19),
            ],
            _ => Vec::new(),
        },
        MutationKind::FractionalInteger => match k {
            Kind::Int32 | Kind::Int64 | Kind::Progress | Kind::EntryId | Kind::Enum(_) => {
                vec![json!(1.5), json!(-0.5), json!(100.25), json!(2.000_001)]
            }
            _ => Vec::new(),
        },
        MutationKind::BadDate => match (k, current) {
            (Kind::Date, Value::String(_)) => [
                "2025-01-23 14:30:52",
                "2025-03-06T11:30:51.000000+08:00",
                "2025-03-06T11:30:51.00000000+08:00",
                "2025-03-06T11:30:51+08:00",
                "2025-13-06T11:30:51.0000000Z",
                "2025-03-00T11:30:51.0000000Z",
                "2025-03-32T11:30:51.0000000Z",
                "2025-03-06T24:30:51.0000000Z",
                "2025-03-06T11:60:51.0000000Z",
                "2025-03-06T11:30:60.0000000Z",
                "2025-03-06T11:30:51.0000000+15:00",
                "2025-03-06T11:30:51.0000000+08:60",
                "2025-03-06T11:30:51.0000000",
                "2025-03-06T11:30:51.0000000z",
                "2025-03-06t11:30:51.0000000Z",
                "2025-03-06T11:30:51.0000000+0800",
                "2025-03-06T11:30:51.0000000Z ",
                "२०२५-03-06T11:30:51.0000000Z",
                "",
                "2025-03-06",
            ]
            .iter()
            .map(|s| json!(s))
            .collect(),
            (Kind::UtcTime, _) => [
                "2023-02-29T00:00:00Z",
                "2025-04-31T00:00:00Z",
                "2016-12-31T22:59:60Z",
                "2025-03-06 03:30:51Z",
                "2025-03-06T03:30:51",
                "2025-03-06T03:30:51.Z",
                "2025-03-06T03:30:51+24:00",
                "2025-03-06T03:30:51+0100",
                "2025-3-06T03:30:51Z",
                "2025-03-06",
                "",
            ]
            .iter()
            .map(|s| json!(s))
            .collect(),
            (Kind::TimeSpan, _) => ["+05:00:00", "5:00:00", "15:00:00", "05:00", "05:60:00", ""]
                .iter()
                .map(|s| json!(s))
                .collect(),
            _ => Vec::new(),
        },
        MutationKind::BadUuid => match k {
            Kind::Guid => [
                "not-a-guid",
                "66faa6e4-f133-11ea-b126-00ffeec8b4e",
                "66faa6e4-f133-11ea-b126-00ffeec8b4eff",
                "66faa6e4f13311eab12600ffeec8b4ef",
                "{66faa6e4-f133-11ea-b126-00ffeec8b4ef}",
                "66faa6e4-f133-11ea-b126-00ffeec8b4eg",
                "66faa6e4_f133_11ea_b126_00ffeec8b4ef",
                "",
                " 66faa6e4-f133-11ea-b126-00ffeec8b4ef",
                "66faa6e4-f133-11ea-b126-00ffeec8b4ef\n",
            ]
            .iter()
            .map(|s| json!(s))
            .collect(),
            _ => Vec::new(),
        },
        MutationKind::BadUri => match k {
            Kind::Uri => [
                "not a uri",
                "/relative/path.zip",
                "example.com/file.zip",
                "http://exa mple.com/",
                "https://[::1/",
                "",
                "https://example.com/%zz",
                "ht tp://x",
            ]
            .iter()
            .map(|s| json!(s))
            .collect(),
            _ => Vec::new(),
        },
        MutationKind::ArrayObjectSwap => match current {
            Value::Array(items) => vec![
                json!({}),
                Value::Object(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v.clone()))
                        .collect(),
                ),
            ],
            Value::Object(m) => {
                // The values in the shape's member order: what a struct deserializer that also
                // takes sequences would accept.
                let ordered: Vec<Value> = match object_of(site, current) {
                    Some(o) => shape::members(o)
                        .iter()
                        .map_while(|member| m.get(member.name).cloned())
                        .collect(),
                    None => m.values().cloned().collect(),
                };
                vec![json!([]), Value::Array(ordered)]
            }
            _ => Vec::new(),
        },
        MutationKind::NullNotAllowed => vec![Value::Null],
        MutationKind::MissingRequired | MutationKind::WrongCaseKey => Vec::new(),
    }
}

/// Applies mutation `kind` to `document`, picking the site and the variant with `choice`.
/// `None` when the document has no site for that kind.
#[must_use]
pub fn apply(document: &Value, kind: MutationKind, choice: usize) -> Option<Mutated> {
    let all = sites(document);
    match kind {
        MutationKind::MissingRequired | MutationKind::WrongCaseKey => {
            let mut options: Vec<(Pointer, &'static str)> = Vec::new();
            for site in &all {
                let v = document.pointer(site.pointer.as_str())?;
                if let Some(o) = object_of(site, v) {
                    for name in required(o) {
                        if v.get(name).is_some() {
                            options.push((site.pointer.clone(), name));
                        }
                    }
                }
            }
            if options.is_empty() {
                return None;
            }
            let (at, name) = options[choice % options.len()].clone();
            let mut doc = document.clone();
            let object = doc.pointer_mut(at.as_str())?.as_object_mut()?;
            let value = object.remove(name)?;
            let what = if kind == MutationKind::WrongCaseKey {
                let renamed = if (choice / options.len()).is_multiple_of(2) {
                    let mut chars = name.chars();
                    let first = chars.next()?;
                    let first = if first.is_uppercase() {
                        first.to_lowercase().collect::<String>()
                    } else {
                        first.to_uppercase().collect()
                    };
                    format!("{first}{}", chars.as_str())
                } else {
                    name.to_uppercase()
                };
                object.insert(renamed.clone(), value);
                format!("renamed `{name}` to `{renamed}` in {at}")
            } else {
                format!("removed `{name}` from {at}")
            };
            Some(Mutated {
                document: doc,
                kind,
                pointer: at,
                what,
            })
        }
        _ => {
            let mut options: Vec<(Site, Value)> = Vec::new();
            for site in all {
                let current = document.pointer(site.pointer.as_str())?;
                for r in replacements(kind, &site, current) {
                    if &r != current {
                        options.push((site.clone(), r));
                    }
                }
            }
            if options.is_empty() {
                return None;
            }
            let (site, replacement) = options[choice % options.len()].clone();
            let mut doc = document.clone();
            let target = doc.pointer_mut(site.pointer.as_str())?;
            let what = format!("set {} to {}", site.pointer, replacement);
            *target = replacement;
            Some(Mutated {
                document: doc,
                kind,
                pointer: site.pointer,
                what,
            })
        }
    }
}

/// A site's kind as the sentence a failure message needs.
#[must_use]
pub fn describe(kind: MutationKind) -> &'static str {
    match kind {
        MutationKind::WrongType => "a value of the wrong JSON type",
        MutationKind::EnumOutOfRange => "an enum code outside the enum",
        MutationKind::UnknownEnumName => "an enum name outside the enum",
        MutationKind::IntOverflow => "an integer beyond its bounds",
        MutationKind::FractionalInteger => "a fraction where an integer belongs",
        MutationKind::BadDate => "a malformed date",
        MutationKind::BadUuid => "a malformed GUID",
        MutationKind::BadUri => "a URL that is not an absolute URI",
        MutationKind::MissingRequired => "a required member removed",
        MutationKind::WrongCaseKey => "a required member's name in the wrong case",
        MutationKind::ArrayObjectSwap => "an array for an object or an object for an array",
        MutationKind::NullNotAllowed => "null where a value belongs",
    }
}
