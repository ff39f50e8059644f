//! Properties that keep the two descriptions of the contract (the JSON Schema and the Rust
//! types) honest with each other and the validator robust (issue #4).
//!
//! Runs under plain `cargo test` (the crate dev-depends on itself with `arbitrary-payloads`).
//! `PROPTEST_CASES=N` overrides the number of cases of every property; failures are persisted
//! in `proptest-regressions/properties.txt` and replayed first on the next run.

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use fileops_validator::arb::fuzz::{self, LAYER_CHOICES};
use fileops_validator::arb::internals::model::Document;
use fileops_validator::arb::mutate::{self, MutationKind};
use fileops_validator::arb::shape::{self, Kind, Object};
use fileops_validator::arb::{self, Case, Layout, Style};
use fileops_validator::{Layer, Profile};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use serde_json::Value;

/// `cases` unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.max_shrink_iters = 4096;
    c.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(
        "proptest-regressions/properties.txt",
    )));
    c
}

/// The text of a case: the payload, or its mutation when the mutation applies.
fn case_text(case: &Case) -> String {
    match case
        .mutation
        .and_then(|(kind, choice)| mutate::apply(&case.payload.document, kind, choice))
    {
        Some(m) => fuzz::render_mutated(&m, &case.payload.layout).text,
        None => case.payload.render().text,
    }
}

/// `v` with only the members the Rust model keeps (what a typed round trip can return).
fn known_only(v: &Value, kind: Kind) -> Value {
    let object = match (kind, v) {
        (Kind::Object(o), Value::Object(_)) => Some(o),
        (Kind::Date, Value::Object(_)) => Some(Object::DocsDate),
        _ => None,
    };
    match (object, v) {
        (Some(o), Value::Object(m)) => {
            let members = shape::members(o);
            Value::Object(
                m.iter()
                    .filter(|(k, _)| shape::model_members(o).contains(&k.as_str()))
                    .map(|(k, child)| {
                        let child = match members.iter().find(|mm| mm.name == k) {
                            Some(mm) => known_only(child, mm.kind),
                            None => child.clone(),
                        };
                        (k.clone(), child)
                    })
                    .collect(),
            )
        }
        _ => match (kind, v) {
            (Kind::List(o), Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|i| known_only(i, Kind::Object(o)))
                    .collect(),
            ),
            _ => v.clone(),
        },
    }
}

fn unified_diff(expected: &Value, actual: &Value) -> String {
    let a = serde_json::to_string_pretty(expected).unwrap_or_default();
    let b = serde_json::to_string_pretty(actual).unwrap_or_default();
    similar::TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(3)
        .header("generated (known members)", "parsed and serialized")
        .to_string()
}

/// Near-JSON bytes: a JSON text with a few byte edits from an alphabet of JSON's own
/// characters and some that are never valid.
fn arb_near_json() -> impl Strategy<Value = Vec<u8>> {
    const ALPHABET: &[u8] =
        b"{}[]\":,\\ 0123456789.eE+-truefalsnu\n\t\r\x00\x01\x7f\xc3\xa9\xff\xed\xa0\x80/bfnrt";
    let base = prop_oneof![
        arb::arb_json().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        arb::arb_payload().prop_map(|p| p.render().text.into_bytes()),
        "[ -~]{0,12}".prop_map(String::into_bytes),
    ];
    let edits = prop::collection::vec(
        (
            0u8..3,
            any::<prop::sample::Index>(),
            prop::sample::select(ALPHABET),
        ),
        0..4,
    );
    let tokens = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                &b"\\ud800"[..],
                b"\\udc00",
                b"\\ud83d\\ude00",
                b"\\u00e9",
                b"\\u0000",
                b"1e400",
                b"-1e400",
                b"1e-400",
                b"-0",
                b"1E+2",
                b"0.1e-2",
                b"01",
                b"-",
                b"1.",
                b".5",
                b"123456789012345678901234567890",
                b"18446744073709551616",
                b"-9223372036854775809",
                b"\xc0\x80",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\xef\xbb\xbf",
                b"\"",
                b"\\",
                b"nul",
                b"tru",
                b"NaN",
                b"Infinity",
                b"[]",
                b"{}",
            ]),
        ),
        0..3,
    );
    (base, edits, tokens).prop_map(|(mut bytes, edits, tokens)| {
        for (at, token) in tokens {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, token.iter().copied());
        }
        for (op, at, b) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, b),
                1 if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ if i < bytes.len() => bytes[i] = b,
                _ => bytes.push(b),
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(config(96))]

    /// Every generated valid payload passes all layers with zero violations, in every profile
    /// its style belongs to.
    #[test]
    fn valid_payloads_pass_every_layer(payload in arb::arb_payload()) {
        let text = payload.render().text;
        if let Err(e) = fuzz::passes(payload.style.profiles(), text.as_bytes()) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// Every single mutation is rejected by the schema layer alone and by the types layer
    /// alone, each at the mutated pointer, line, column and offset.
    #[test]
    fn every_mutation_is_caught_by_each_layer(
        payload in arb::arb_payload(),
        kind in mutate::arb_mutation_kind(),
        choice in any::<usize>(),
    ) {
        let Some(m) = mutate::apply(&payload.document, kind, choice) else {
            return Ok(());
        };
        let rendered = fuzz::render_mutated(&m, &payload.layout);
        for layer in [Layer::Schema, Layer::Types] {
            if let Err(e) = fuzz::caught(&m, &rendered, layer) {
                return Err(TestCaseError::fail(e));
            }
        }
    }

    /// The schema layer's verdict equals the types layer's on every generated case, valid or
    /// mutated, in every profile.
    #[test]
    fn schema_and_types_agree(case in arb::arb_case()) {
        if let Err(e) = fuzz::layers_agree(case_text(&case).as_bytes()) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// Parsing into the Rust types and serializing again gives back the same JSON (members the
    /// model does not know excluded).
    #[test]
    fn typed_parse_then_serialize_round_trips(payload in arb::arb_payload()) {
        let mut bytes = payload.render().text.into_bytes();
        let parsed: Document<'_> = match simd_json::serde::from_slice(&mut bytes) {
            Ok(d) => d,
            Err(e) => return Err(TestCaseError::fail(format!("typed parse failed: {e}"))),
        };
        let back = serde_json::to_value(&parsed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let root = if payload.document.is_array() {
            Kind::List(Object::Operation)
        } else {
            Kind::Object(Object::Envelope)
        };
        let expected = known_only(&payload.document, root);
        if back != expected {
            return Err(TestCaseError::fail(format!(
                "round trip changed the document:\n{}",
                unified_diff(&expected, &back)
            )));
        }
    }

    /// Verdicts and violations do not depend on how the input arrives: random chunk sizes give
    /// the same report as one read (valid, mutated, truncated and multi-document inputs).
    #[test]
    fn reports_do_not_depend_on_read_chunks(
        case in arb::arb_case(),
        cut in any::<prop::sample::Index>(),
        shape in 0u8..4,
        sizes in prop::collection::vec(1usize..700, 1..8),
    ) {
        let text = case_text(&case).into_bytes();
        let input = match shape {
            0 => text,
            1 => text[..cut.index(text.len() + 1)].to_vec(),
            2 => {
                let compact = Layout { indent: None, trailing: String::new(), ..case.payload.layout.clone() };
                let line = arb::text::render(&case.payload.document, &compact).text;
                format!("{line}\n{line}\n").into_bytes()
            }
            _ => {
                let mut t = text;
                let i = cut.index(t.len() + 1);
                t.insert(i, b'\n');
                t
            }
        };
        if let Err(e) = fuzz::same_chunked(&input, sizes) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// simd-json (the validator's parser) and serde_json agree on which near-JSON byte strings
    /// are syntactically valid.
    #[test]
    fn simd_json_and_serde_json_agree_on_syntax(bytes in arb_near_json()) {
        if let Err(e) = fuzz::parsers_agree(&bytes) {
            return Err(TestCaseError::fail(e));
        }
    }

    /// The `structured` fuzz target's property on cases read from random bytes as the fuzzer's
    /// payload description (`arb::structure`): valid payloads pass every layer, mutated ones are
    /// caught by each layer at their pointer, and the layers agree.
    #[test]
    fn fuzzer_described_cases_hold(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        if let Ok(case) = Case::arbitrary(&mut Unstructured::new(&bytes)) {
            fuzz::structured(&case);
        }
    }

    /// Any near-JSON bytes: no panic, every location inside the input.
    #[test]
    fn any_bytes_give_located_violations(bytes in arb_near_json()) {
        fuzz::raw(&bytes);
    }
}

/// The mutation score per kind and layer: how many mutations of each kind each layer catches
/// at the right place. Prints the table (`cargo test --test properties mutation_score --
/// --nocapture`) and requires 100% everywhere.
#[test]
fn mutation_score_per_kind() {
    const PER_KIND: usize = 40;
    let mut runner = TestRunner::new(Config {
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        ..Config::default()
    });
    let styles = [Style::Wire, Style::Docs, Style::Mixed];
    let mut table: BTreeMap<MutationKind, [(usize, usize); 2]> = BTreeMap::new();
    let mut misses = Vec::new();
    for kind in MutationKind::ALL {
        let mut tried = 0;
        let mut attempts = 0;
        while tried < PER_KIND && attempts < PER_KIND * 20 {
            attempts += 1;
            let style = styles[attempts % 3];
            let payload = arb::arb_payload_in(style)
                .new_tree(&mut runner)
                .expect("payload")
                .current();
            let choice = any::<usize>()
                .new_tree(&mut runner)
                .expect("choice")
                .current();
            let Some(m) = mutate::apply(&payload.document, kind, choice) else {
                continue;
            };
            tried += 1;
            let rendered = fuzz::render_mutated(&m, &payload.layout);
            let row = table.entry(kind).or_default();
            for (i, layer) in [Layer::Schema, Layer::Types].into_iter().enumerate() {
                row[i].1 += 1;
                match fuzz::caught(&m, &rendered, layer) {
                    Ok(()) => row[i].0 += 1,
                    Err(e) => {
                        if !misses.iter().any(|(k, l, _)| *k == kind && *l == layer) {
                            misses.push((kind, layer, e));
                        }
                    }
                }
            }
        }
    }
    let mut out = String::from("mutation score (caught at the right pointer and line / tried)\n");
    out.push_str(&format!(
        "{:<20} {:>10} {:>10}\n",
        "kind", "schema", "types"
    ));
    for (kind, [s, t]) in &table {
        out.push_str(&format!(
            "{:<20} {:>4}/{:<5} {:>4}/{:<5}\n",
            kind.name(),
            s.0,
            s.1,
            t.0,
            t.1
        ));
    }
    println!("{out}");
    assert_eq!(
        table.len(),
        MutationKind::ALL.len(),
        "some kind found no site:\n{out}"
    );
    let firsts: Vec<String> = misses.iter().map(|(_, _, e)| cut(e)).collect();
    assert!(
        misses.is_empty(),
        "{out}\nthe first miss of each kind and layer:\n{}",
        firsts.join("\n\n")
    );
}

/// A long failure message cut to its head.
fn cut(e: &str) -> String {
    if e.len() > 3000 {
        let mut end = 3000;
        while !e.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &e[..end])
    } else {
        e.to_owned()
    }
}

/// The layer choices the properties use are what their names say.
#[test]
fn layer_choices_are_schema_alone_and_types_alone() {
    assert!(LAYER_CHOICES[1].schema && !LAYER_CHOICES[1].types);
    assert!(!LAYER_CHOICES[2].schema && LAYER_CHOICES[2].types);
    let _ = Profile::Any;
}
