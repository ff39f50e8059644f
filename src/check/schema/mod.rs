//! The schema layer: the bundled JSON Schema, compiled once per profile, run over tape values.
//!
//! The bundled schema is the contract (`schema/fileops.schema.json`). Operations are validated
//! one at a time against `$defs/operation`, envelope members against their own property schema,
//! and anything that is not an envelope or a list against the whole `document` schema, so that
//! no stage needs the whole document in memory.

use hashbrown::HashTable;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator as Compiled};
use serde_json::{Value, json};
use std::hash::BuildHasher;
use std::sync::OnceLock;

use crate::json::tape::instance::Origin;
use crate::json::tape::{TapeJson, TapePointers, TapeValue};
use crate::model::Profile;
use crate::report::{Finding, Found, Kind, Pointer, Rule, Tail};

/// The bundled schema, as shipped in `schema/fileops.schema.json`.
pub const BUNDLED: &str = include_str!("../../../schema/fileops.schema.json");

/// The bundled schema as a JSON value.
///
/// # Panics
/// Never: the bundled schema is checked at build time by the tests.
#[must_use]
pub fn bundled() -> Value {
    serde_json::from_str(BUNDLED).expect("the bundled schema is valid JSON")
}

/// The bundled schema of one profile, and its jsonschema validators, both built on first use:
/// the compiled fast path (`check::compiled`) finds most captures valid without them, so a
/// run that meets no problem never pays for parsing the schema or compiling them.
pub struct SchemaLayer {
    profile: Profile,
    schema: OnceLock<Value>,
    validators: OnceLock<Validators>,
}

/// jsonschema's validators of the schema's parts the pipeline checks one at a time.
struct Validators {
    document: Compiled<TapeJson>,
    operation: Compiled<TapeJson>,
    members: Vec<(String, Compiled<TapeJson>)>,
}

impl std::fmt::Debug for SchemaLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaLayer").finish_non_exhaustive()
    }
}

impl SchemaLayer {
    /// Compiles the bundled schema for `profile`.
    ///
    /// # Errors
    /// When the schema does not compile (only possible for a broken build).
    pub fn bundled(profile: Profile) -> Result<Self, String> {
        Ok(SchemaLayer {
            profile,
            schema: OnceLock::new(),
            validators: OnceLock::new(),
        })
    }

    fn validators(&self) -> &Validators {
        self.validators.get_or_init(|| {
            Validators::compile(self.schema())
                .expect("the bundled schema compiles in every profile (a unit test holds it)")
        })
    }
}

impl Validators {
    fn compile(schema: &Value) -> Result<Self, String> {
        let defs = schema
            .get("$defs")
            .cloned()
            .ok_or("the schema has no $defs")?;
        let build = |target: &str| -> Result<Compiled<TapeJson>, String> {
            let mut root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$defs": defs.clone(),
                "$ref": target,
            });
            if let Some(id) = schema.get("$id") {
                root["$id"] = id.clone();
            }
            jsonschema::options_for::<TapeJson>()
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| format!("schema {target}: {e}"))
        };
        let members = schema["$defs"]["envelope"]["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|name| {
                let target = format!("#/$defs/envelope/properties/{name}");
                build(&target).map(|v| (name, v))
            })
            .collect::<Result<_, _>>()?;
        Ok(Validators {
            document: build("#/$defs/document")?,
            operation: build("#/$defs/operation")?,
            members,
        })
    }
}

impl SchemaLayer {
    /// The schema document in force (after the profile's rewrites).
    #[must_use]
    pub fn schema(&self) -> &Value {
        self.schema
            .get_or_init(|| apply_profile(bundled(), self.profile))
    }

    /// Checks one operation. With its `origin`, a large operation's errors build their
    /// instances only if read (json/tape/instance.rs).
    pub fn check_operation(
        &self,
        value: TapeValue<'_>,
        origin: Option<Origin<'_>>,
        out: &mut Vec<Finding>,
    ) {
        self.run(&self.validators().operation, value, origin, out);
    }

    /// Checks a whole document that is neither an envelope nor a list.
    pub fn check_document(
        &self,
        value: TapeValue<'_>,
        origin: Option<Origin<'_>>,
        out: &mut Vec<Finding>,
    ) {
        self.run(&self.validators().document, value, origin, out);
    }

    /// Checks one envelope member; members the schema does not define pass.
    pub fn check_member(
        &self,
        name: &str,
        value: TapeValue<'_>,
        origin: Option<Origin<'_>>,
        out: &mut Vec<Finding>,
    ) {
        if let Some((_, v)) = self.validators().members.iter().find(|(n, _)| n == name) {
            let before = out.len();
            self.run(v, value, origin, out);
            for f in &mut out[before..] {
                f.pointer = Pointer::root().key(name).join(f.pointer.as_str());
            }
        }
    }

    fn run(
        &self,
        validator: &Compiled<TapeJson>,
        value: TapeValue<'_>,
        origin: Option<Origin<'_>>,
        out: &mut Vec<Finding>,
    ) {
        if validator.is_valid(value) {
            return;
        }
        // Entered only now: a valid value's bytes are not copied.
        let _source = origin.and_then(|o| o.enter(value));
        // What is reported already, so that an error reached twice (through two `anyOf`
        // branches, say) is reported once: a set, as a value can hold any number of errors
        // (a scan of `out` per error took minutes on 200,000 bad file entries). The set holds
        // indexes into `out`, not copies of each place (a third of such a value's memory).
        // Seeded per process: the pointers are the capture's to choose.
        let places = foldhash::fast::RandomState::default();
        let hash = |f: &Finding| places.hash_one((f.pointer.as_str(), f.rule, f.detail()));
        let same = |a: &Finding, b: &Finding| {
            a.pointer == b.pointer && a.rule == b.rule && a.detail() == b.detail()
        };
        let mut reported: HashTable<usize> = HashTable::new();
        for (i, earlier) in out.iter().enumerate() {
            let h = hash(earlier);
            if reported.find(h, |&j| same(&out[j], earlier)).is_none() {
                reported.insert_unique(h, i, |&j| hash(&out[j]));
            }
        }
        let mut report = |finding: Finding, out: &mut Vec<Finding>| {
            let h = hash(&finding);
            if reported.find(h, |&i| same(&out[i], &finding)).is_none() {
                reported.insert_unique(h, out.len(), |&i| hash(&out[i]));
                out.push(finding);
            }
        };
        let mut pointers = TapePointers::new(value);
        for error in validator.iter_errors(value) {
            for error in deepest(&error) {
                report(self.describe(error, &mut pointers), out);
            }
        }
    }

    /// A jsonschema error as a finding.
    fn describe(&self, error: &ValidationError<'_>, pointers: &mut TapePointers<'_>) -> Finding {
        translate(error, true, pointers, |path| self.expected_at(path))
    }

    fn expected_at(&self, keyword_location: &str) -> Option<String> {
        expected_in(self.schema(), keyword_location)
    }
}

/// The `x-expected` of the object of `schema` holding the keyword at `keyword_location`
/// (following a `$ref` the object makes, so `{"$ref": "#/$defs/int32"}` speaks as `int32`
/// does).
#[must_use]
pub fn expected_in(schema: &Value, keyword_location: &str) -> Option<String> {
    let parent = keyword_location.rsplit_once('/')?.0;
    let node = schema.pointer(parent)?;
    if let Some(x) = node.get("x-expected").and_then(Value::as_str) {
        return Some(x.to_owned());
    }
    let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
    schema
        .pointer(target)?
        .get("x-expected")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
pub(crate) use profiles::ENUM_DEFS;

/// Rewrites `$defs` so the schema accepts only what `profile` allows (the narrowings listed in
/// [`profiles`], which build.rs compiles too).
#[must_use]
pub fn apply_profile(mut schema: Value, profile: Profile) -> Value {
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return schema;
    };
    for (name, to, why) in profiles::narrowings(profile.name()) {
        let expected = defs
            .get(&to)
            .and_then(|d| d.get("x-expected"))
            .cloned()
            .unwrap_or(Value::Null);
        defs.insert(
            name,
            json!({"$ref": format!("#/$defs/{to}"), "x-expected": expected, "$comment": why}),
        );
    }
    schema
}

pub use crate::report::finding::member_label;

/// "the string \"50\"", "the number 1.5", "an object", ...
#[must_use]
pub fn describe_value(v: &Value) -> String {
    Found::of_json(v).to_string()
}

fn type_kind_phrase(kind: &TypeKind) -> String {
    let one = |t: &JsonType| match t {
        JsonType::Array => "an array",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "an object",
        JsonType::String => "a string",
    };
    match kind {
        TypeKind::Single(t) => one(t).to_owned(),
        TypeKind::Multiple(ts) => ts.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" or "),
    }
}

/// The errors to report for `error`: for a failed `anyOf` whose value fits exactly one
/// alternative's type, and which that alternative rejects only deeper inside (a date object with
/// a bad `utcTime`), the alternative's own errors, so the pointer names the deepest wrong member
/// as the types layer's does; otherwise `error` itself.
fn deepest<'e, 'a>(error: &'e ValidationError<'a>) -> Vec<&'e ValidationError<'a>> {
    let (ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }) =
        error.kind()
    else {
        return vec![error];
    };
    let depth = error.instance_path().as_str().len();
    let mut fitting = context.iter().filter(|alternative| {
        !alternative.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. })
                && e.instance_path().as_str().len() == depth
        })
    });
    match (fitting.next(), fitting.next()) {
        (Some(only), None)
            if !only.is_empty()
                && only
                    .iter()
                    .all(|e| e.instance_path().as_str().len() > depth) =>
        {
            only.iter().flat_map(deepest).collect()
        }
        _ => vec![error],
    }
}

/// The rule of a failed `anyOf`: `type` when the value's type suits no alternative, otherwise
/// the rule of the alternative whose type fit (`enum` for a bad code, `format` for a bad date).
fn alternatives_rule(context: &[Vec<ValidationError<'_>>], at: &str) -> Rule {
    for alternative in context {
        let type_failed = alternative.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. }) && e.instance_path().as_str() == at
        });
        if type_failed {
            continue;
        }
        if let Some(e) = alternative.first() {
            return match e.kind() {
                ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
                    Rule::Enum
                }
                ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. } => {
                    Rule::Range
                }
                ValidationErrorKind::Pattern { .. }
                | ValidationErrorKind::Format { .. }
                | ValidationErrorKind::MinLength { .. } => Rule::Format,
                ValidationErrorKind::Required { .. } => Rule::Required,
                _ => Rule::Type,
            };
        }
    }
    Rule::Type
}

pub(crate) mod profiles;
mod release;
pub use release::{for_releases, for_releases_text};

/// What [`translate`] reads of the validated value itself rather than of the error.
pub trait Instances {
    /// A member of the object at `pointer` whose name differs from `name` only by case.
    fn twin(&mut self, pointer: &Pointer, name: &str) -> Option<String>;
    /// What the value at `pointer` is; `None` reads it from the error's instance. A tape
    /// answers here, so that a large container's instance is never built (json/tape/instance.rs).
    fn found(&mut self, pointer: &Pointer) -> Option<Found>;
}

impl Instances for TapePointers<'_> {
    fn twin(&mut self, pointer: &Pointer, name: &str) -> Option<String> {
        crate::check::types::case_twin(self.pointer(pointer)?, name)
    }

    fn found(&mut self, pointer: &Pointer) -> Option<Found> {
        self.pointer(pointer).map(Found::of_tape)
    }
}

/// A value that offers nothing: case twins are not looked for, instances say what was found.
pub struct NoInstances;

impl Instances for NoInstances {
    fn twin(&mut self, _: &Pointer, _: &str) -> Option<String> {
        None
    }

    fn found(&mut self, _: &Pointer) -> Option<Found> {
        None
    }
}

/// The one translation of a jsonschema error into a finding, for every schema the validator
/// runs (the bundled one over tapes, a `--schema`, the HAR error envelope): the rule its
/// keyword stands for and the facts of the case. `expected_at` gives the `x-expected` wording of
/// the schema object at a keyword location, when the schema has one; `value` the validated
/// value's case twins and what it holds at a pointer.
///
/// A failed `anyOf`/`oneOf` takes the rule of the alternative that fit in the bundled schema,
/// whose alternatives are the forms of one value (a code or a name; a date string or object);
/// in another schema it is `schema`, a keyword no precise rule covers.
pub fn translate(
    error: &ValidationError<'_>,
    bundled: bool,
    value: &mut impl Instances,
    expected_at: impl Fn(&str) -> Option<String>,
) -> Finding {
    use ValidationErrorKind as K;
    let pointer = Pointer::from_string(error.instance_path().as_str().to_owned());
    let found = value
        .found(&pointer)
        .unwrap_or_else(|| Found::of_json(error.instance()));
    let mismatch = |rule, fallback: String, tail| {
        (
            rule,
            Kind::Mismatch {
                expected: expected_at(error.schema_path().as_str())
                    .unwrap_or(fallback)
                    .into(),
                found: found.clone(),
                tail,
            },
        )
    };
    let (rule, kind) = match error.kind() {
        K::Required { property } => {
            let member = property.as_str().unwrap_or_default().to_owned();
            let seen = value.twin(&pointer, &member);
            (Rule::Required, Kind::Missing { member, seen })
        }
        K::Type { kind } => mismatch(Rule::Type, type_kind_phrase(kind), Tail::None),
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            let rule = if bundled {
                alternatives_rule(context, error.instance_path().as_str())
            } else {
                Rule::Schema
            };
            mismatch(rule, "one of several shapes".to_owned(), Tail::None)
        }
        K::Enum { options } => mismatch(Rule::Enum, format!("one of {options}"), Tail::NotListed),
        K::Constant { expected_value } => {
            mismatch(Rule::Enum, format!("{expected_value}"), Tail::NotListed)
        }
        K::Minimum { limit } => {
            mismatch(Rule::Range, format!("at least {limit}"), Tail::OutOfRange)
        }
        K::Maximum { limit } => mismatch(Rule::Range, format!("at most {limit}"), Tail::OutOfRange),
        K::ExclusiveMinimum { limit } => {
            mismatch(Rule::Range, format!("more than {limit}"), Tail::OutOfRange)
        }
        K::ExclusiveMaximum { limit } => {
            mismatch(Rule::Range, format!("less than {limit}"), Tail::OutOfRange)
        }
        K::Pattern { pattern } => mismatch(
            Rule::Format,
            format!("a string matching {pattern:?}"),
            Tail::None,
        ),
        K::Format { format } => mismatch(
            Rule::Format,
            format!("a string in the {format:?} format"),
            Tail::None,
        ),
        K::MinLength { limit } => mismatch(
            Rule::Format,
            format!("a string of at least {limit} characters"),
            Tail::None,
        ),
        K::MaxLength { limit } => mismatch(
            Rule::Format,
            format!("a string of at most {limit} characters"),
            Tail::None,
        ),
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => (
            Rule::UnknownMember,
            Kind::Unknown {
                members: unexpected.clone(),
            },
        ),
        _ => (
            Rule::Schema,
            Kind::Keyword {
                text: error.to_string(),
            },
        ),
    };
    Finding::new(pointer, rule, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The validators compile on first use, so a schema that stopped compiling would only
    /// show at run time: hold every profile to it here.
    #[test]
    fn the_bundled_schema_compiles_in_every_profile() {
        for profile in [Profile::Any, Profile::Wire, Profile::Docs] {
            let layer = SchemaLayer::bundled(profile).unwrap();
            Validators::compile(layer.schema()).unwrap_or_else(|e| panic!("{profile:?}: {e}"));
        }
    }
}
