//! The schema layer: the bundled JSON Schema, compiled once per profile, run over tape values.
//!
//! The bundled schema is the contract (`schema/fileops.schema.json`). Operations are validated
//! one at a time against `$defs/operation`, envelope members against their own property schema,
//! and anything that is not an envelope or a list against the whole `document` schema, so that
//! no stage needs the whole document in memory.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator as Compiled};
use serde_json::{Value, json};

use crate::json::tape::{TapeJson, TapeValue};
use crate::model::Profile;
use crate::report::{Finding, Pointer};

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

/// The compiled validators of one schema document and profile.
pub struct SchemaLayer {
    schema: Value,
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
        Self::compile(apply_profile(bundled(), profile))
    }

    fn compile(schema: Value) -> Result<Self, String> {
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
        Ok(SchemaLayer {
            document: build("#/$defs/document")?,
            operation: build("#/$defs/operation")?,
            members,
            schema,
        })
    }

    /// The schema document in force (after the profile's rewrites).
    #[must_use]
    pub fn schema(&self) -> &Value {
        &self.schema
    }

    /// Checks one operation.
    pub fn check_operation(&self, value: TapeValue<'_>, out: &mut Vec<Finding>) {
        self.run(&self.operation, value, out);
    }

    /// Checks a whole document that is neither an envelope nor a list.
    pub fn check_document(&self, value: TapeValue<'_>, out: &mut Vec<Finding>) {
        self.run(&self.document, value, out);
    }

    /// Checks one envelope member; members the schema does not define pass.
    pub fn check_member(&self, name: &str, value: TapeValue<'_>, out: &mut Vec<Finding>) {
        if let Some((_, v)) = self.members.iter().find(|(n, _)| n == name) {
            let before = out.len();
            self.run(v, value, out);
            for f in &mut out[before..] {
                f.pointer = Pointer::root().key(name).join(f.pointer.as_str());
                f.message = f.message.replacen("value: ", &format!("{name}: "), 1);
            }
        }
    }

    fn run(&self, validator: &Compiled<TapeJson>, value: TapeValue<'_>, out: &mut Vec<Finding>) {
        if validator.is_valid(value) {
            return;
        }
        for error in validator.iter_errors(value) {
            for error in deepest(&error) {
                let finding = self.describe(error, value);
                if !out.iter().any(|f| {
                    f.pointer == finding.pointer
                        && f.rule == finding.rule
                        && f.detail == finding.detail
                }) {
                    out.push(finding);
                }
            }
        }
    }

    /// A person's account of a jsonschema error.
    fn describe(&self, error: &ValidationError<'_>, root: TapeValue<'_>) -> Finding {
        let pointer = Pointer::from_string(error.instance_path().as_str().to_owned());
        let member = member_label(&pointer);
        let instance = error.instance();
        let expected = self.expected_at(error.schema_path().as_str());
        let found = describe_value(instance);
        let (rule, detail, message) = match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default().to_owned();
                let hint = case_hint(root, &pointer, &name);
                (
                    "required",
                    name.clone(),
                    format!("{member}: missing required member `{name}`{hint}"),
                )
            }
            ValidationErrorKind::Type { kind } => (
                "type",
                String::new(),
                format!(
                    "{member}: expected {}, found {found}",
                    expected.unwrap_or_else(|| type_kind_phrase(kind))
                ),
            ),
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                let rule = alternatives_rule(context, error.instance_path().as_str());
                (
                    rule,
                    String::new(),
                    format!(
                        "{member}: expected {}, found {found}",
                        expected.unwrap_or_else(|| "one of several shapes".to_owned())
                    ),
                )
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => (
                "enum",
                String::new(),
                format!(
                    "{member}: expected {}, found {found}, which is not one of them",
                    expected.unwrap_or_else(|| "one of the listed values".to_owned())
                ),
            ),
            ValidationErrorKind::Minimum { .. }
            | ValidationErrorKind::Maximum { .. }
            | ValidationErrorKind::ExclusiveMinimum { .. }
            | ValidationErrorKind::ExclusiveMaximum { .. } => (
                "range",
                String::new(),
                format!(
                    "{member}: expected {}, found {found}, which is out of range",
                    expected.unwrap_or_else(|| "a number in range".to_owned())
                ),
            ),
            ValidationErrorKind::Pattern { .. }
            | ValidationErrorKind::Format { .. }
            | ValidationErrorKind::MinLength { .. }
            | ValidationErrorKind::MaxLength { .. } => (
                "format",
                String::new(),
                format!(
                    "{member}: expected {}, found {found}",
                    expected.unwrap_or_else(|| "a differently formatted string".to_owned())
                ),
            ),
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => (
                "unknown-member",
                unexpected.join(","),
                format!(
                    "{member}: unknown member{} {}",
                    if unexpected.len() > 1 { "s" } else { "" },
                    unexpected
                        .iter()
                        .map(|u| format!("`{u}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            _ => ("schema", error.to_string(), format!("{member}: {error}")),
        };
        Finding {
            pointer,
            rule,
            detail,
            message,
        }
    }

    /// The `x-expected` of the schema object holding the failed keyword (following a `$ref` the
    /// object makes, so `{"$ref": "#/$defs/int32"}` speaks as `int32` does).
    fn expected_at(&self, keyword_location: &str) -> Option<String> {
        let parent = keyword_location.rsplit_once('/')?.0;
        let node = self.schema.pointer(parent)?;
        if let Some(x) = node.get("x-expected").and_then(Value::as_str) {
            return Some(x.to_owned());
        }
        let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
        self.schema
            .pointer(target)?
            .get("x-expected")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

/// Rewrites `$defs` so the schema accepts only what `profile` allows.
#[must_use]
pub fn apply_profile(mut schema: Value, profile: Profile) -> Value {
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return schema;
    };
    let enums = [
        "operationType",
        "distributedTaskStatus",
        "fileShare",
        "folderType",
        "fileEntryType",
    ];
    let mut narrow = |name: &str, to: &str, why: &str| {
        let expected = defs
            .get(to)
            .and_then(|d| d.get("x-expected"))
            .cloned()
            .unwrap_or(Value::Null);
        defs.insert(
            name.to_owned(),
            json!({"$ref": format!("#/$defs/{to}"), "x-expected": expected, "$comment": why}),
        );
    };
    match profile {
        Profile::Any => {}
        Profile::Wire => {
            for e in enums {
                narrow(
                    e,
                    &format!("{e}Code"),
                    "profile wire: servers send integer codes",
                );
            }
            narrow(
                "apiDateTime",
                "apiDateTimeWire",
                "profile wire: servers send date strings",
            );
            narrow(
                "document",
                "envelope",
                "profile wire: servers wrap the list in the envelope",
            );
        }
        Profile::Docs => {
            narrow(
                "apiDateTime",
                "apiDateTimeDocs",
                "profile docs: the docs describe date objects",
            );
        }
    }
    schema
}

/// How a member is named in messages: its own name, or `operation N` / `files[N]` for elements.
#[must_use]
pub fn member_label(pointer: &Pointer) -> String {
    let tokens: Vec<String> = pointer.tokens().collect();
    match tokens.as_slice() {
        [] => "document".to_owned(),
        [only] if only.bytes().all(|b| b.is_ascii_digit()) => format!("operation {only}"),
        [list, index] if list == "response" && index.bytes().all(|b| b.is_ascii_digit()) => {
            format!("operation {index}")
        }
        [.., parent, last] if last.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{parent}[{last}]")
        }
        [.., last] if last.bytes().all(|b| b.is_ascii_digit()) => format!("[{last}]"),
        [.., last] => last.clone(),
    }
}

/// "the string \"50\"", "the number 1.5", "an object", ...
#[must_use]
pub fn describe_value(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(s) => crate::model::scalars::quote(s),
        Value::Array(a) if a.is_empty() => "an empty array".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
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
fn alternatives_rule(context: &[Vec<ValidationError<'_>>], at: &str) -> &'static str {
    for alternative in context {
        let type_failed = alternative.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. }) && e.instance_path().as_str() == at
        });
        if type_failed {
            continue;
        }
        if let Some(e) = alternative.first() {
            return match e.kind() {
                ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => "enum",
                ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. } => {
                    "range"
                }
                ValidationErrorKind::Pattern { .. }
                | ValidationErrorKind::Format { .. }
                | ValidationErrorKind::MinLength { .. } => "format",
                ValidationErrorKind::Required { .. } => "required",
                _ => "type",
            };
        }
    }
    "type"
}

/// " (found `operation`: member names are case-sensitive)" when the object at `pointer` has a
/// member that differs from `name` only by case.
pub(crate) fn case_hint(root: TapeValue<'_>, pointer: &Pointer, name: &str) -> String {
    root.pointer(pointer)
        .and_then(|object| {
            object
                .members()
                .find(|(n, _)| *n != name && n.eq_ignore_ascii_case(name))
        })
        .map(|(n, _)| {
            format!(" (found `{n}`: member names are case-sensitive, and servers send `{name}`)")
        })
        .unwrap_or_default()
}

mod release;
pub use release::{for_releases, for_releases_text};
