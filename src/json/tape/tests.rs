//! Unit tests of the tape: walking it, jsonschema over it, and its agreement with serde_json.
use super::*;

fn with_tape<T>(json: &str, f: impl FnOnce(TapeValue<'_>) -> T) -> T {
    let mut bytes = json.as_bytes().to_vec();
    let tape = simd_json::to_tape(&mut bytes).expect("valid json");
    f(TapeValue::root(&tape.0))
}

#[test]
fn walks_members_and_elements_in_order() {
    with_tape(r#"{"a": [1, {"b": null}, "x"], "c": true}"#, |v| {
        let names: Vec<_> = v.members().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "c"]);
        let a = v.get("a").expect("a");
        assert_eq!(a.elements().count(), 3);
        assert_eq!(a.elements().nth(2).and_then(|e| e.as_str()), Some("x"));
        assert_eq!(
            v.to_serde(),
            serde_json::json!({"a": [1, {"b": null}, "x"], "c": true})
        );
    });
}

#[test]
fn validates_with_jsonschema_like_serde_json_does() {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"p": {"type": "integer", "maximum": 100}, "s": {"type": "string"}},
        "required": ["p"]
    });
    let tape_validator = jsonschema::options_for::<TapeJson>()
        .build(&schema)
        .expect("schema");
    let serde_validator = jsonschema::validator_for(&schema).expect("schema");
    for doc in [
        r#"{"p": 5}"#,
        r#"{"p": 101}"#,
        r#"{"p": 1.0}"#,
        r#"{"p": 1.5}"#,
        r#"{"s": "x"}"#,
        r#"{"p": 1, "s": 2}"#,
    ] {
        let expected = serde_validator.is_valid(&serde_json::from_str(doc).expect("json"));
        with_tape(doc, |v| {
            assert_eq!(tape_validator.is_valid(v), expected, "{doc}")
        });
    }
}

#[test]
fn a_serde_json_value_becomes_the_tape_of_its_text() {
    let schema = serde_json::json!({
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "array", "items": {"type": "integer", "maximum": 5}}},
        "additionalProperties": {"type": "string"}
    });
    let tape_validator = jsonschema::options_for::<TapeJson>()
        .build(&schema)
        .expect("schema");
    let serde_validator = jsonschema::validator_for(&schema).expect("schema");
    for doc in [
        r#"{"a": [1, -2, 18446744073709551615, 1.5, -0.0, 1e300], "b": "x", "c": null}"#,
        r#"{"a": [1, 2], "b": {"d": [true, false, {}], "e": []}, "\u00e9": "\u0000"}"#,
        r#"{"z": "1", "a": [], "m": "2"}"#,
        r#"[[], {}, "", 0]"#,
        "7",
    ] {
        let value: Value = serde_json::from_str(doc).expect("json");
        let nodes = from_serde(&value);
        let v = TapeValue::root(&nodes);
        assert_eq!(v.0.len(), nodes.len(), "{doc}: the root spans the tape");
        assert_eq!(v.to_serde(), value, "{doc}");
        assert_eq!(
            tape_validator.is_valid(v),
            serde_validator.is_valid(&value),
            "{doc}"
        );
    }
}

#[test]
fn a_repeated_member_counts_by_its_last_value_like_serde_json() {
    let schema = serde_json::json!({
        "type": "object",
        "minProperties": 2,
        "properties": {"a": {"type": "integer"}, "b": {"type": "object"}}
    });
    let tape_validator = jsonschema::options_for::<TapeJson>()
        .build(&schema)
        .expect("schema");
    let serde_validator = jsonschema::validator_for(&schema).expect("schema");
    for doc in [
        // Two members, one name: one property, and it is the integer.
        r#"{"a": "x", "a": 1}"#,
        r#"{"a": 1, "a": "x"}"#,
        r#"{"a": "x", "a": 1, "b": {"c": 1, "c": [1, {"d": 1, "d": 2}]}}"#,
        r#"{"a": 1, "b": {}, "a": 2}"#,
        r#"[{"a": 1, "a": 2}, {"a": 3}]"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(doc).expect("json");
        let mut bytes = doc.as_bytes().to_vec();
        let tape = simd_json::to_tape(&mut bytes).expect("valid json");
        let deduplicated = last_wins(&tape.0);
        let v = TapeValue::root(&deduplicated);
        assert_eq!(v.to_serde(), value, "{doc}");
        assert_eq!(
            tape_validator.is_valid(v),
            serde_validator.is_valid(&value),
            "{doc}"
        );
    }
}

#[test]
fn get_each_finds_what_get_finds_in_one_pass() {
    with_tape(r#"{"a": 1, "b": [2], "a": 3, "c": null}"#, |v| {
        let [a, b, c, d] = v.get_each(["a", "b", "c", "d"]);
        for (found, name) in [(a, "a"), (b, "b"), (c, "c"), (d, "d")] {
            assert_eq!(found.map(|x| x.0), v.get(name).map(|x| x.0), "{name}");
        }
        assert!(d.is_none());
    });
}

/// The pointer index answers as a walk from the root does, on every pointer into a value and
/// on pointers that lead nowhere: past a scalar, past an array's end, to a name not there, with
/// an index that is no number, through a repeated name (the first, as `get` takes it); in
/// containers searched where they lie and in containers large enough to be listed.
#[test]
fn tape_pointers_find_what_a_walk_from_the_root_finds() {
    use crate::report::Pointer;
    let big: Vec<String> = (0..super::LISTED + 8)
        .map(|i| format!(r#""m{}": [{i}, {{"i": {i}}}]"#, i % (super::LISTED + 4)))
        .collect();
    let long: Vec<String> = (0..super::LISTED + 8).map(|i| format!("[{i}]")).collect();
    let json = format!(
        r#"{{"a": [1, {{"b": null, "a/b": [], "~": 2}}, "x"], "c": {{"c": {{"c": 3}}}}, "d": 1, "d": 2, "": [[0]], "big": {{{}}}, "long": [{}]}}"#,
        big.join(", "),
        long.join(", ")
    );
    with_tape(&json, |root| {
        fn all(v: TapeValue<'_>, at: &Pointer, out: &mut Vec<Pointer>) {
            out.push(at.clone());
            for (name, child) in v.members() {
                all(child, &at.key(name), out);
            }
            for (i, child) in v.elements().enumerate() {
                all(child, &at.index(i), out);
            }
        }
        let mut pointers = Vec::new();
        all(root, &Pointer::root(), &mut pointers);
        for nowhere in [
            "/a/3",
            "/a/x",
            "/a/-",
            "/a/0/b",
            "/c/c/c/c",
            "/e",
            "/a/1/b/0",
            "/d/0",
            "/big/m1/1/i",
            "/big/zz",
            "/long/39",
            "/long/40",
            "/long/x",
        ] {
            pointers.push(Pointer::from_string(nowhere.to_owned()));
        }
        let mut index = TapePointers::new(root);
        // Twice, so that the second round reads what the first listed.
        for _ in 0..2 {
            for p in &pointers {
                let walked = root.pointer(p).map(|v| v.nodes().as_ptr());
                let indexed = index.pointer(p).map(|v| v.nodes().as_ptr());
                assert_eq!(indexed, walked, "{p:?}");
            }
        }
        let d = Pointer::from_string("/d".to_owned());
        assert_eq!(index.pointer(&d).and_then(|v| v.integral()), Some(1));
        // A repeated name in a listed object: the first, as `get` takes it.
        let m1 = Pointer::from_string("/big/m1/0".to_owned());
        assert_eq!(index.pointer(&m1).and_then(|v| v.integral()), Some(1));
    });
}

/// Only the last of each repeated name is kept, however many names repeat (a map of each
/// name's last place; a look ahead from each member took seconds on 40,000 pairs).
#[test]
fn last_wins_keeps_the_last_of_many_repeated_names() {
    let members: Vec<String> = (0..2_000)
        .map(|i| format!(r#""k{}": {i}"#, i % 500))
        .collect();
    let json = format!("{{{}}}", members.join(","));
    with_tape(&json, |root| {
        let kept = last_wins(root.nodes());
        let value = TapeValue::root(&kept);
        let names: Vec<&str> = value.members().map(|(n, _)| n).collect();
        assert_eq!(names.len(), 500);
        for (name, v) in value.members() {
            let k: i64 = name[1..].parse().expect("k<number>");
            assert_eq!(v.integral(), Some(k + 1_500), "{name}");
        }
        // In the order of each name's last occurrence.
        assert_eq!(names[0], "k0");
        assert_eq!(names[499], "k499");
    });
}
