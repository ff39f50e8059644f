//! Each rule the schema cannot express fires on the case it describes, as a warning at the right
//! member, and stays quiet on valid captures.

use fileops_validator::{Layer, Options, Report, Severity, Validator};

fn validate(text: &str) -> Report {
    Validator::new(Options::default())
        .expect("schema compiles")
        .validate_bytes("t.json", text.as_bytes())
}

fn op(extra: &str) -> String {
    format!(r#"{{"id": "a", "Operation": 1, "progress": 100, "finished": true{extra}}}"#)
}

/// (rule, pointer) of every warning.
fn warnings(text: &str) -> Vec<(&'static str, String)> {
    let report = validate(text);
    assert_eq!(report.summary.errors, 0, "{:#?}", report.violations);
    report
        .violations
        .iter()
        .map(|v| {
            assert_eq!(v.severity, Severity::Warning);
            assert_eq!(v.layers, [Layer::Rules]);
            (v.rule.id(), v.pointer.clone())
        })
        .collect()
}

fn entry(kind: u8, created: &str, updated: &str) -> String {
    format!(
        r#"{{"title": "t", "fileEntryType": {kind}, "created": "{created}", "updated": "{updated}"}}"#
    )
}

const D1: &str = "2025-03-06T11:30:51.0000000+08:00";
const D2: &str = "2025-03-06T04:30:51.0000000Z";

#[test]
fn progress_outside_a_percentage() {
    let text = format!(
        "[{}]",
        op("").replace("100", "101").replace("true", "false")
    );
    assert_eq!(
        warnings(&text),
        [("progress-range", "/0/progress".to_owned())]
    );
}

#[test]
fn finished_with_progress_other_than_100() {
    let text = format!("[{}]", op("").replace("100", "40"));
    assert_eq!(
        warnings(&text),
        [("finished-progress", "/0/progress".to_owned())]
    );
}

#[test]
fn a_folder_in_files_and_a_file_in_folders() {
    let extra = format!(
        r#", "files": [{}], "folders": [{}, {}]"#,
        entry(1, D1, D1),
        entry(1, D1, D1),
        entry(2, D1, D1)
    );
    assert_eq!(
        warnings(&format!("[{}]", op(&extra))),
        [
            ("entry-kind", "/0/files/0/fileEntryType".to_owned()),
            ("entry-kind", "/0/folders/1/fileEntryType".to_owned()),
        ]
    );
}

#[test]
fn duplicate_operation_ids_within_one_response() {
    let text = format!(
        "[{}, {}, {}]",
        op(""),
        op("").replace("\"a\"", "\"b\""),
        op("")
    );
    assert_eq!(warnings(&text), [("duplicate-id", "/2/id".to_owned())]);
}

#[test]
fn processed_that_is_not_a_decimal_number() {
    for bad in ["", "1.5", "-1", "one"] {
        let text = format!("[{}]", op(&format!(r#", "processed": "{bad}""#)));
        assert_eq!(
            warnings(&text),
            [("processed-number", "/0/processed".to_owned())],
            "{bad:?}"
        );
    }
    assert!(warnings(&format!("[{}]", op(r#", "processed": "12""#))).is_empty());
}

#[test]
fn updated_earlier_than_created_compares_instants_not_strings() {
    // D2 is one hour after D1 although it reads earlier.
    let ok = format!("[{}]", op(&format!(r#", "files": [{}]"#, entry(2, D1, D2))));
    assert!(warnings(&ok).is_empty());
    let bad = format!("[{}]", op(&format!(r#", "files": [{}]"#, entry(2, D2, D1))));
    assert_eq!(
        warnings(&bad),
        [("updated-before-created", "/0/files/0/updated".to_owned())]
    );
}

#[test]
fn count_that_is_neither_one_nor_the_length() {
    let two = format!("{}, {}", op(""), op("").replace("\"a\"", "\"b\""));
    for (count, expected) in [(1, 0), (2, 0), (3, 1), (0, 1)] {
        let text = format!(r#"{{"response": [{two}], "count": {count}}}"#);
        let found = warnings(&text);
        assert_eq!(found.len(), expected, "count {count}: {found:?}");
        if expected == 1 {
            assert_eq!(found[0], ("count-mismatch", "/count".to_owned()));
        }
    }
}

#[test]
fn the_count_member_may_come_before_or_after_the_response() {
    let text = format!(r#"{{"count": 5, "response": [{}], "status": 0}}"#, op(""));
    assert_eq!(warnings(&text), [("count-mismatch", "/count".to_owned())]);
}

#[test]
fn a_key_that_differs_only_by_case_gets_a_hint() {
    let text = format!("[{}]", op(r#", "Error": "x""#));
    let report = validate(&text);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(
        report.violations[0].message,
        "unknown member `Error`: did you mean `error`? (member names are case-sensitive, and \
         servers send `error`)"
    );
}

#[test]
fn unknown_members_are_counted_by_pattern_without_failing() {
    let text = format!(
        "[{}, {}]",
        op(r#", "newField": 1, "files": [{"title": "x", "shinyNew": true}]"#),
        op(r#", "newField": 2"#).replace("\"a\"", "\"b\"")
    );
    let report = validate(&text);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    let counts: Vec<_> = report
        .unknown_members
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(counts, [("/*/files/*/shinyNew", 1), ("/*/newField", 2)]);
}

#[test]
fn strict_makes_unknown_members_errors() {
    let text = format!("[{}]", op(r#", "newField": 1"#));
    let report = Validator::new(Options {
        strict: true,
        ..Options::default()
    })
    .expect("schema")
    .validate_bytes("t.json", text.as_bytes());
    assert_eq!(report.summary.errors, 1);
    assert_eq!(report.violations[0].rule, "unknown-member");
    assert_eq!(report.violations[0].pointer, "/0/newField");
}

#[test]
fn rules_stay_quiet_on_the_valid_examples() {
    for file in ["finished-copy", "started-copy", "modern-move", "bare-array"] {
        let text = std::fs::read_to_string(format!("examples/valid/{file}.json")).expect("read");
        assert!(validate(&text).violations.is_empty(), "{file}");
    }
}

#[test]
fn the_wire_profile_wants_the_envelope_not_a_bare_list() {
    use fileops_validator::Profile;
    let list = format!("[{}]", op(""));
    let envelope = format!(r#"{{"response": {list}, "count": 1}}"#);
    for (profile, text, errors) in [
        (Profile::Wire, &list, 1),
        (Profile::Wire, &envelope, 0),
        (Profile::Any, &list, 0),
        (Profile::Docs, &list, 0),
    ] {
        let report = Validator::new(Options {
            profile,
            ..Options::default()
        })
        .expect("schema")
        .validate_bytes("t.json", text.as_bytes());
        assert_eq!(report.summary.errors, errors, "{profile:?} {text}");
        if errors == 1 {
            let v = &report.violations[0];
            assert_eq!(
                (v.rule.id(), v.pointer.as_str(), v.line, v.column),
                ("profile", "", 1, 1)
            );
        }
    }
}
