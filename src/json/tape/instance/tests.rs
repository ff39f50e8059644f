//! Deferred instances read as the values they stand for, and only where they are meant to.
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::json::tape::TapeJson;

/// Every value fails `not`, at every depth: one error per value, each showing its instance in
/// jsonschema's own message.
fn every_value_fails() -> jsonschema::Validator<TapeJson> {
    let schema = json!({
        "$defs": {"n": {
            "not": {},
            "items": {"$ref": "#/$defs/n"},
            "additionalProperties": {"$ref": "#/$defs/n"}
        }},
        "$ref": "#/$defs/n"
    });
    jsonschema::options_for::<TapeJson>()
        .build(&schema)
        .expect("schema")
}

/// Each error's place, message (which prints the instance) and instance, for the tape of
/// `text` redone by `redo`, with containers of at least `large` nodes deferred (`None`: no
/// source entered, every instance built at once).
fn errors(text: &str, redo: Redo, large: Option<usize>) -> Vec<(String, String, Value)> {
    let validator = every_value_fails();
    let mut bytes = text.as_bytes().to_vec();
    let mut nodes = simd_json::to_tape(&mut bytes).expect("json").0;
    redo(&mut nodes);
    let root = TapeValue::root(&nodes);
    let _source =
        large.map(|large| enter_with(root, text.as_bytes(), redo, large).expect("entered"));
    validator
        .iter_errors(root)
        .map(|e| {
            (
                e.instance_path().as_str().to_owned(),
                e.to_string(),
                e.instance().clone().into_owned(),
            )
        })
        .collect()
}

#[test]
fn a_deferred_instance_reads_as_the_instance_built_at_once() {
    let text = r#"{"a": [1, {"b": null, "c": [true, "x"]}], "d": {}, "e": -0.5}"#;
    let eager = errors(text, as_parsed, None);
    assert_eq!(eager.len(), 10, "one error per value: {eager:?}");
    assert_eq!(errors(text, as_parsed, Some(1)), eager);
    assert_eq!(errors(text, as_parsed, Some(3)), eager);
}

#[test]
fn a_deferred_instance_of_a_tape_with_repeated_names_reads_the_last_values() {
    // The check validates `last_wins` of the parse; the rebuild does the same to its parse.
    let text =
        r#"{"a": {"x": 1, "x": [2, 3]}, "a": {"y": {"z": 1, "z": 2}}, "b": [{"q": 1, "q": {}}]}"#;
    let eager = errors(text, last_wins_kept, None);
    assert!(
        eager
            .iter()
            .any(|(at, _, v)| at == "/a" && *v == json!({"y": {"z": 2}})),
        "{eager:?}"
    );
    assert_eq!(errors(text, last_wins_kept, Some(1)), eager);
}

#[test]
fn only_large_containers_of_the_entered_tape_are_deferred() {
    let text = r#"{"a": [1, 2, 3], "b": "x"}"#;
    let mut bytes = text.as_bytes().to_vec();
    let nodes = simd_json::to_tape(&mut bytes).expect("json").0;
    let root = TapeValue::root(&nodes);
    let deferred = |v: TapeValue<'_>| matches!(lazy(v), LazyInstance::Deferred { .. });
    // Nothing entered: built at once.
    assert!(!deferred(root));
    {
        let _source = enter_with(root, text.as_bytes(), as_parsed, 4).expect("entered");
        // A second value is not entered while one is.
        assert!(enter_with(root, text.as_bytes(), as_parsed, 4).is_none());
        assert!(deferred(root), "8 nodes (member names are nodes too)");
        assert!(deferred(root.get("a").expect("a")), "4 nodes");
        assert!(!deferred(root.get("b").expect("b")), "1 node");
        // A node of another tape (an equal one) is built at once.
        let mut other = text.as_bytes().to_vec();
        let other = simd_json::to_tape(&mut other).expect("json").0;
        assert!(!deferred(TapeValue::root(&other)));
    }
    // The guard dropped: built at once again.
    assert!(!deferred(root));
    // A value smaller than the size is not entered at all.
    assert!(enter_with(root, text.as_bytes(), as_parsed, 9).is_none());
    assert!(
        enter(root, text.as_bytes(), as_parsed).is_none(),
        "below LARGE"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn deferred_instances_read_as_built_ones(value in crate::arb::arb_json()) {
        let text = serde_json::to_string(&json!({"v": value, "w": [value, {"x": value}]}))
            .expect("serializes");
        let eager = errors(&text, as_parsed, None);
        prop_assert_eq!(errors(&text, as_parsed, Some(1)), eager.clone());
        prop_assert_eq!(errors(&text, as_parsed, Some(5)), eager);
    }
}
