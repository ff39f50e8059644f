//! Unit tests of `--schema`: positions, recovery, and the tape read as serde_json read it.
use super::*;
use serde_json::json;

fn schema() -> CustomSchema {
    let schema = serde_json::json!({
        "type": "object",
        "required": ["response"],
        "properties": {"response": {"type": "array", "items": {"type": "integer"}}}
    });
    CustomSchema::compile("custom.json".to_owned(), &schema).unwrap()
}

#[test]
fn validates_whole_documents_with_positions() {
    let report = schema().validate_bytes("a.json", b"{\"response\": [1,\n \"x\"]}\n{}");
    assert_eq!(report.summary.documents, 2);
    let found: Vec<_> = report
        .violations
        .iter()
        .map(|v| {
            (
                v.document,
                v.pointer.as_str(),
                v.rule.id(),
                v.line,
                v.column,
            )
        })
        .collect();
    assert_eq!(
        found,
        [(0, "/response/1", "type", 2, 2), (1, "", "required", 3, 1)]
    );
    assert_eq!(report.custom_schema.as_deref(), Some("custom.json"));
}

#[test]
fn a_broken_line_costs_only_itself() {
    let text = b"{\"response\": []}\n{\"response\": [\n{\"response\": [\"x\"]}\n";
    let report = schema()
        .validate_reader("a.ndjson", &text[..], Recovery::NextLine)
        .unwrap();
    let found: Vec<_> = report
        .violations
        .iter()
        .map(|v| (v.document, v.rule.id(), v.line))
        .collect();
    assert_eq!(found, [(1, "syntax", 2), (2, "type", 3)]);
}

/// Every document of `docs` gets the same findings (or the same syntax error) on the tape,
/// with one scratch reused across them, as serde_json gave.
fn assert_same_as_serde(schema: &Value, docs: &[&[u8]]) {
    let custom = CustomSchema::compile("s.json".into(), schema).expect("schema");
    let reference = custom.serde_validator();
    let mut scratch = Scratch::default();
    for doc in docs {
        let want = custom
            .serde_findings(&reference, doc)
            .map_err(|e| e.to_string());
        let got = custom.check(&mut scratch, doc).map_err(|e| e.to_string());
        assert_eq!(
            got,
            want,
            "schema {schema} on {:?}",
            String::from_utf8_lossy(&doc[..doc.len().min(60)])
        );
    }
}

fn draft4(schema: Value) -> Value {
    let mut schema = schema;
    schema["$schema"] = "http://json-schema.org/draft-04/schema#".into();
    schema
}

#[test]
fn big_integers_decide_as_with_serde_json() {
    let docs: &[&[u8]] = &[
        b"9223372036854775807",
        b"9223372036854775808",
        b"18446744073709551615",
        b"18446744073709551616",
        b"-9223372036854775808",
        b"-9223372036854775809",
        b"123456789012345678901234567890",
        b"-123456789012345678901234567890",
        b"1e19",
        b"1E20",
        b"1.5e300",
        b"9007199254740993",
        b"9007199254740993.0",
        b"[18446744073709551615, 18446744073709551616, 1e400]",
    ];
    for schema in [
        json!({"type": "integer"}),
        draft4(json!({"type": "integer"})),
        json!({"type": "string"}),
        json!({"maximum": 9_223_372_036_854_775_807_i64}),
        json!({"minimum": 18_446_744_073_709_551_615_u64}),
        json!({"exclusiveMaximum": 1e19}),
        json!({"multipleOf": 2}),
        json!({"multipleOf": 0.5}),
        json!({"const": 18_446_744_073_709_551_615_u64}),
        json!({"enum": [1e20, 9_223_372_036_854_775_808_u64]}),
    ] {
        assert_same_as_serde(&schema, docs);
    }
}

#[test]
fn numbers_past_f64_are_refused_as_serde_json_refused_them() {
    // simd-json refuses them too; serde_json words the error, as before.
    let docs: &[&[u8]] = &[
        b"1e400",
        b"-1e400",
        b"1.7976931348623159e308",
        b"{\"a\": [1, 1e400]}",
        b"1e-400",
        b"2.2250738585072011e-308",
        b"4.9e-324",
        b"1.7976931348623157e308",
        b"0.30000000000000004",
    ];
    for schema in [json!({"type": "integer"}), json!({"maximum": 0})] {
        assert_same_as_serde(&schema, docs);
    }
    let report = schema().validate_bytes("a.json", b"{\"response\": [1e400]}");
    let found: Vec<_> = report
        .violations
        .iter()
        .map(|v| (v.rule.id(), v.column, v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "syntax",
            19,
            "malformed JSON: number out of range at line 1 column 19"
        )]
    );
}

#[test]
fn minus_zero_is_the_float_serde_json_made_of_it() {
    let docs: &[&[u8]] = &[b"-0", b"-0.0", b"0", b"[-0, 0, -0e0]", b"{\"a\": -0}"];
    for schema in [
        json!({"type": "integer"}),
        draft4(json!({"type": "integer"})),
        draft4(json!({"items": {"type": "integer"}})),
        json!({"type": "string"}),
        json!({"const": 0}),
        json!({"enum": [0.0]}),
        json!({"maximum": -1}),
        json!({"exclusiveMinimum": 0}),
        json!({"multipleOf": 2}),
        json!({"additionalProperties": {"type": "boolean"}}),
        json!({"items": {"type": "boolean"}}),
        json!({"uniqueItems": true}),
    ] {
        assert_same_as_serde(&schema, docs);
    }
}

#[test]
fn repeated_members_count_by_their_last_value_as_in_serde_json() {
    let docs: &[&[u8]] = &[
        br#"{"a": "x", "a": 1}"#,
        br#"{"a": 1, "a": "x"}"#,
        br#"{"z": 1, "b": 2, "a": "x", "b": 3, "a": 4}"#,
        br#"{"a": 1, "c": {"d": 1, "d": [1, {"e": 1, "e": "x"}]}, "a": 2}"#,
        br#"{"ID": 1, "Id": 2}"#,
        br#"{"Id": 1, "ID": 2, "iD": 3}"#,
        br#"{"zz": 1, "bb": 2, "a": 3, "cc": 4, "bb": 5}"#,
    ];
    for schema in [
        json!({"properties": {"a": {"type": "integer"}}, "required": ["a", "id"]}),
        json!({"maxProperties": 2}),
        json!({"minProperties": 3}),
        json!({"properties": {"a": true}, "additionalProperties": false}),
        json!({"unevaluatedProperties": false}),
        json!({"propertyNames": {"maxLength": 1}}),
        json!({"propertyNames": {"pattern": "^[a-z]$"}, "required": ["q"]}),
        json!({"additionalProperties": {"type": "integer"}}),
        json!({"patternProperties": {"^.$": {"type": "string"}}}),
        json!({"properties": {"c": {"properties": {"d": {"items": {"properties": {"e": {"type": "integer"}}}}}}}}),
    ] {
        assert_same_as_serde(&schema, docs);
    }
}

#[test]
fn nesting_stops_where_serde_json_stopped() {
    let nested = |depth: usize, open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
    };
    let docs: Vec<Vec<u8>> = [1, 126, 127, 128, 129, 1023, 1024, 1025, 5000]
        .into_iter()
        .flat_map(|d| {
            [
                nested(d, "[", "", "]"),
                nested(d, "{\"a\":", "1", "}"),
                nested(d, "[", "\"x\"", "]"),
            ]
        })
        .collect();
    let docs: Vec<&[u8]> = docs.iter().map(Vec::as_slice).collect();
    for schema in [
        // Recursive: jsonschema descends as deep as the value.
        json!({"type": ["array", "object"], "items": {"$ref": "#"}, "additionalProperties": {"$ref": "#"}}),
        json!({"type": "object"}),
        json!(true),
    ] {
        assert_same_as_serde(&schema, &docs);
    }
}

#[test]
fn strings_with_escapes_read_as_serde_json_read_them() {
    let docs: &[&[u8]] = &[
        br#""\ud83d\ude00""#,
        br#""\udbff\udfff""#,
        br#""\ud800""#,
        br#""\udc00""#,
        br#""\ud800\u0041""#,
        br#""\ud800\udbff""#,
        br#""a\u0000b""#,
        br#""\u00e9\n\t\"\\\/""#,
        br#"{"\u0000": 1, "\u00e9": "\u00e9"}"#,
        b"\"a\x01b\"",
        b"\"\xff\"",
        b"\"\xed\xa0\x80\"",
        br#""\x""#,
        br#""\u12""#,
        b"\"\x7f\xc2\x80\"",
        b"\"abcd\"",
    ];
    for schema in [
        json!({"type": "string", "maxLength": 1}),
        json!({"pattern": "^a"}),
        json!({"enum": ["\u{1F600}", "é\n\t\"\\/"]}),
        json!({"propertyNames": {"minLength": 2}}),
        json!({"format": "email"}),
    ] {
        assert_same_as_serde(&schema, docs);
    }
}

#[test]
fn bad_schemas_are_refused_with_a_reason() {
    let e = CustomSchema::compile("s.json".into(), &serde_json::json!({"type": 7})).unwrap_err();
    let e = e.to_string();
    assert!(
        e.starts_with("schema s.json: not a valid JSON Schema"),
        "{e}"
    );
    let e = CustomSchema::compile("s.json".into(), &serde_json::json!([1])).unwrap_err();
    assert!(e.to_string().contains("a JSON Schema is an object"), "{e}");
}

/// `--schema` reads its input through the framer every input goes through (whole documents):
/// the byte-order mark, the truncation wording and NDJSON recovery are those of the bundled
/// schema's path, where the schema's own scanner once said nothing of a byte-order mark and
/// took a line's trailing garbage as part of its document.
#[test]
fn frames_as_every_other_input() {
    let s = schema();
    let described = |text: &[u8], recovery: Recovery| -> Vec<(String, u64, u64, String)> {
        let report = s.validate_reader("in.json", text, recovery).unwrap();
        report
            .violations
            .iter()
            .map(|v| (v.rule.id().to_owned(), v.line, v.column, v.message.clone()))
            .collect()
    };
    let bom = described(b"\xef\xbb\xbf{\"response\": []}", Recovery::Stop);
    assert_eq!(bom.len(), 1, "{bom:?}");
    assert_eq!(
        (bom[0].0.as_str(), bom[0].1, bom[0].2),
        ("byte-order-mark", 1, 1)
    );
    let cut = described(b"{\"response\": [1,", Recovery::Stop);
    assert_eq!(
        cut[0].3,
        "unexpected end of input inside an object or array: the JSON text is truncated"
    );
    let garbage = described(b"{\"response\": []} x\n{}\n", Recovery::NextLine);
    let rules: Vec<(&str, u64, u64)> = garbage.iter().map(|v| (v.0.as_str(), v.1, v.2)).collect();
    assert_eq!(
        rules,
        [("syntax", 1, 18), ("required", 2, 1)],
        "{garbage:?}"
    );
}
