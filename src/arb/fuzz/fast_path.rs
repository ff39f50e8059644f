//! Target `compiled`: the compiled checker agrees with jsonschema, and its fast path changes
//! no report.

use std::sync::OnceLock;

use super::{PROFILES, whole};
use crate::json::frame::Recovery;
use crate::{Options, Validator};

/// The option sets the fast-path comparison runs: plain, `--strict`, and a `--server-version`
/// (whose release errors the fast path must leave to the full check).
fn fast_path_options() -> Vec<Options> {
    let mut out = Vec::new();
    for profile in PROFILES {
        for strict in [false, true] {
            out.push(Options {
                profile,
                strict,
                ..Options::default()
            });
        }
        out.push(Options {
            profile,
            server_version: crate::model::releases::table().resolve("v2.6.3").ok(),
            ..Options::default()
        });
    }
    out
}

/// The compiled fast path changes nothing a user sees: with it and without it, the same
/// report, in every profile and option set [`fast_path_options`] lists.
///
/// # Errors
/// The options and both reports.
pub fn fast_path_invisible(input: &[u8]) -> Result<(), String> {
    static PAIRS: OnceLock<Vec<(Validator, Validator)>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        fast_path_options()
            .into_iter()
            .map(|o| {
                let fast = Validator::new(o).expect("the bundled schema compiles");
                let full = Validator::new(o)
                    .expect("the bundled schema compiles")
                    .without_fast_path();
                (fast, full)
            })
            .collect()
    });
    for (fast, full) in pairs {
        let a = whole(fast, input, Recovery::Stop);
        let b = whole(full, input, Recovery::Stop);
        if a != b {
            return Err(format!(
                "options {:?}: the fast path changed the report\nwith: {:#?}\nwithout: {:#?}\ninput: {}",
                fast.options(),
                a,
                b,
                String::from_utf8_lossy(input)
            ));
        }
    }
    Ok(())
}

/// jsonschema is the compiled checker's oracle: on every operation of `input` (the elements of
/// an envelope's `response` or of a list, else the value itself), in every profile, the compiled
/// verdict is jsonschema's wherever it claims to be exact, and a clean verdict means the schema
/// layer, the types layer and the name rules find nothing. The release walk is the oracle of
/// the one the compiled walk does: on a clean verdict, unless it asked for the release walk,
/// the same evidence.
///
/// # Errors
/// The profile, the operation and the verdicts that differ.
pub fn compiled_agrees(input: &[u8]) -> Result<(), String> {
    use crate::check::compiled::{Cx, FastChecker};
    use crate::check::schema::SchemaLayer;
    use crate::json::tape::{TapeValue, last_wins};
    use simd_json::value::tape::{Node, Tape};

    static LAYERS: OnceLock<Vec<SchemaLayer>> = OnceLock::new();
    let layers = LAYERS.get_or_init(|| {
        PROFILES
            .iter()
            .map(|p| SchemaLayer::bundled(*p).expect("the bundled schema compiles"))
            .collect()
    });
    let mut buf = input.to_vec();
    let Ok(tape) = simd_json::to_tape(&mut buf) else {
        return Ok(());
    };

    let root = TapeValue::root(&tape.0);
    let list = match root.node() {
        Node::Object { .. } => root
            .get("response")
            .filter(|r| r.json_type() == jsonschema::JsonType::Array),
        Node::Array { .. } => Some(root),
        _ => None,
    };
    let operations: Vec<TapeValue<'_>> = match list {
        Some(l) => l.elements().collect(),
        None => vec![root],
    };
    let mut cx = Cx::default();
    for op in operations {
        let nodes: Vec<Node<'_>> = last_wins(op.nodes());
        for (profile, layer) in PROFILES.iter().zip(layers) {
            let verdict = FastChecker::new(*profile).operation(op, &mut cx);
            let value = TapeValue::root(&nodes);
            let mut findings = Vec::new();
            layer.check_operation(value, None, &mut findings);
            let schema_valid = findings.is_empty();
            let text = || String::from_utf8_lossy(input).into_owned();
            if !verdict.inexact && verdict.valid != schema_valid {
                return Err(format!(
                    "profile {profile:?}: compiled says valid={}, jsonschema says valid={schema_valid} ({findings:?})\ninput: {}",
                    verdict.valid,
                    text()
                ));
            }
            if verdict.clean() {
                let typed = crate::model::profile::with(*profile, || {
                    crate::check::types::check_operation(Tape(nodes.clone()))
                        .0
                        .err()
                });
                let mut warnings = Vec::new();
                let mut unknown = Vec::new();
                crate::check::rules::unknown_members(value, &mut warnings, &mut unknown);
                let mut repeated = Vec::new();
                crate::check::rules::duplicate_keys(
                    op,
                    &crate::report::Pointer::root(),
                    &mut repeated,
                );
                if !schema_valid || typed.is_some() || !unknown.is_empty() || !repeated.is_empty() {
                    return Err(format!(
                        "profile {profile:?}: compiled says clean, but schema {findings:?}, types {typed:?}, unknown {unknown:?}, repeated {repeated:?}\ninput: {}",
                        text()
                    ));
                }
                // The release walk the compiled walk did: unless it asked for the real one,
                // the same evidence and nothing to report.
                if !cx.releases.walk {
                    let mut reported = Vec::new();
                    let walked = crate::check::rules::release::check_operation(
                        op,
                        // Only a number it reports is quoted from these: none, with no `walk`.
                        input,
                        crate::check::rules::release::Target::default(),
                        |_, _| true,
                        &mut reported,
                    );
                    if walked != cx.releases.evidence || !reported.is_empty() {
                        return Err(format!(
                            "profile {profile:?}: the compiled walk's release evidence {:?} is not the release walk's {walked:?} ({reported:?})\ninput: {}",
                            cx.releases.evidence,
                            text()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The fuzz target `compiled`: [`compiled_agrees`] and [`fast_path_invisible`] on any bytes.
pub fn compiled(data: &[u8]) {
    if let Err(e) = compiled_agrees(data) {
        panic!("{e}");
    }
    if let Err(e) = fast_path_invisible(data) {
        panic!("{e}");
    }
}
