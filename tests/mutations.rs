//! Every fixture response gets the verdict its origin gives it, and every single mutation derived
//! from a valid capture is reported at its exact pointer, line and column by the schema layer and
//! by the types layer, and once (naming both) when both run.

use fileops_validator::{Layer, Layers, Options, Report, Severity, Validator};

const FINISHED: &str = include_str!("fixtures/docspace/mock-fileops-finished-copy.json");
const STARTED: &str = include_str!("fixtures/docspace/mock-fileops-started-copy.json");
const LEGACY: &str = include_str!("fixtures/docspace/docs-legacy-pascalcase-example.json");
const LOWERCASE: &str = include_str!("fixtures/docspace/docs-lowercase-operation-example.json");
const ENTRIES: &str = include_str!("fixtures/docspace/mock-entries-file-and-folder.json");
const MODERN: &str = include_str!("../examples/valid/modern-move.json");
const BARE: &str = include_str!("../examples/valid/bare-array.json");

fn validate(layers: Layers, text: &str) -> Report {
    let options = Options {
        layers,
        ..Options::default()
    };
    Validator::new(options)
        .expect("schema compiles")
        .validate_bytes("t.json", text.as_bytes())
}

fn errors(report: &Report) -> Vec<&fileops_validator::Violation> {
    report
        .violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .collect()
}

#[test]
fn valid_fixtures_pass_every_layer() {
    for (name, text) in [
        ("finished", FINISHED),
        ("started", STARTED),
        ("modern", MODERN),
        ("bare", BARE),
    ] {
        let report = validate(Layers::ALL, text);
        assert!(
            report.violations.is_empty(),
            "{name}: {:#?}",
            report.violations
        );
    }
}

#[test]
fn the_mocked_entries_pass_once_wrapped_into_an_operation() {
    let entries: serde_json::Value = serde_json::from_str(ENTRIES).expect("json");
    let payload = serde_json::json!({"response": [{
        "id": "c2cf19b4-4951-415a-9337-78258fc7619d", "Operation": 0, "progress": 100,
        "processed": "2", "finished": true,
        "files": entries["files"], "folders": entries["folders"]}],
        "count": 1, "status": 0, "statusCode": 200});
    let report = validate(
        Layers::ALL,
        &serde_json::to_string_pretty(&payload).expect("json"),
    );
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
}

#[test]
fn the_legacy_pascal_case_example_is_rejected_for_its_casing() {
    let report = validate(Layers::ALL, LEGACY);
    let missing: Vec<_> = errors(&report)
        .iter()
        .map(|v| (v.pointer.as_str(), v.rule.id(), v.line, v.column))
        .collect();
    assert_eq!(
        missing,
        [("/response/0", "required", 4, 5); 4],
        "{:#?}",
        report.violations
    );
    let messages: Vec<&str> = errors(&report).iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages[0],
        "operation 0: missing required member `id` (found `Id`: member names are case-sensitive, \
         and servers send `id`)"
    );
    assert!(messages[1].ends_with("missing required member `Operation`"));
    assert!(messages[2].contains("found `Progress`"));
    assert!(messages[3].contains("found `Finished`"));
    // Members that are only misspelt by case, and not required, are warnings with a hint.
    let hints: Vec<&str> = report
        .violations
        .iter()
        .filter(|v| v.rule.id() == "case-mismatch")
        .map(|v| v.pointer.as_str())
        .collect();
    assert_eq!(
        hints,
        [
            "/response/0/Error",
            "/response/0/Processed",
            "/response/0/Url"
        ]
    );
}

#[test]
fn the_lowercase_operation_example_is_rejected_as_not_a_list() {
    let report = validate(Layers::ALL, LOWERCASE);
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{:#?}", report.violations);
    let v = errors[0];
    assert_eq!(
        (v.pointer.as_str(), v.rule.id(), v.line, v.column),
        ("", "required", 1, 1)
    );
    assert_eq!(v.layers, [Layer::Schema, Layer::Types]);
    assert!(
        v.message.contains("looks like a single operation"),
        "{}",
        v.message
    );
    assert!(
        v.message
            .contains("names `operation` where servers send `Operation`")
    );
}

/// One textual change to a valid capture, and where it must be reported.
struct Mutation {
    name: &'static str,
    base: &'static str,
    find: &'static str,
    replace: &'static str,
    pointer: &'static str,
    rule: &'static str,
    /// Text in the mutated capture whose first occurrence is where the violation must point.
    at: &'static str,
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "progress as a string",
        base: FINISHED,
        find: r#""progress": 100,"#,
        replace: r#""progress": "100","#,
        pointer: "/response/0/progress",
        rule: "type",
        at: r#""100","#,
    },
    Mutation {
        name: "fractional progress",
        base: FINISHED,
        find: r#""progress": 100,"#,
        replace: r#""progress": 99.5,"#,
        pointer: "/response/0/progress",
        rule: "type",
        at: "99.5",
    },
    Mutation {
        name: "int32 overflow",
        base: FINISHED,
        find: r#""progress": 100,"#,
        replace: r#""progress": 2147483648,"#,
        pointer: "/response/0/progress",
        rule: "range",
        at: "2147483648",
    },
    Mutation {
        name: "int32 underflow",
        base: FINISHED,
        find: r#""version": 1,"#,
        replace: r#""version": -2147483649,"#,
        pointer: "/response/0/files/0/version",
        rule: "range",
        at: "-2147483649",
    },
    Mutation {
        name: "operation code out of range",
        base: FINISHED,
        find: r#""Operation": 1,"#,
        replace: r#""Operation": 8,"#,
        pointer: "/response/0/Operation",
        rule: "enum",
        at: "8,",
    },
    Mutation {
        name: "unknown operation name",
        base: FINISHED,
        find: r#""Operation": 1,"#,
        replace: r#""Operation": "Teleport","#,
        pointer: "/response/0/Operation",
        rule: "enum",
        at: r#""Teleport""#,
    },
    Mutation {
        name: "boolean as a string",
        base: FINISHED,
        find: r#""finished": true,"#,
        replace: r#""finished": "true","#,
        pointer: "/response/0/finished",
        rule: "type",
        at: r#""true""#,
    },
    Mutation {
        name: "null where not allowed",
        base: FINISHED,
        find: r#""processed": "1","#,
        replace: r#""processed": null,"#,
        pointer: "/response/0/processed",
        rule: "type",
        at: "null",
    },
    Mutation {
        name: "date without the round-trip format",
        base: FINISHED,
        find: r#""created": "2022-02-28T10:21:48.0000000Z","#,
        replace: r#""created": "2022-02-28 10:21:48","#,
        pointer: "/response/0/files/0/created",
        rule: "format",
        at: r#""2022-02-28 10:21:48""#,
    },
    Mutation {
        name: "date with six fractional digits",
        base: FINISHED,
        find: r#""updated": "2022-02-28T10:21:48.0000000Z","#,
        replace: r#""updated": "2022-02-28T10:21:48.000000Z","#,
        pointer: "/response/0/files/0/updated",
        rule: "format",
        at: r#""2022-02-28T10:21:48.000000Z""#,
    },
    Mutation {
        name: "date as a number",
        base: FINISHED,
        find: r#""created": "2022-02-28T10:21:48.0000000Z","#,
        replace: r#""created": 1646043708,"#,
        pointer: "/response/0/files/0/created",
        rule: "type",
        at: "1646043708",
    },
    Mutation {
        name: "access out of range",
        base: FINISHED,
        find: r#""access": 0,"#,
        replace: r#""access": 12,"#,
        pointer: "/response/0/files/0/access",
        rule: "enum",
        at: "12,",
    },
    Mutation {
        name: "folder type that does not exist",
        base: FINISHED,
        find: r#""rootFolderType": 5,"#,
        replace: r#""rootFolderType": 4,"#,
        pointer: "/response/0/files/0/rootFolderType",
        rule: "enum",
        at: "4,",
    },
    Mutation {
        name: "employee id not a GUID",
        base: FINISHED,
        find: "\"createdBy\": {\n            \"id\": \"3e71bbca-7f67-11ec-aaa4-80ce62334fc7\",",
        replace: "\"createdBy\": {\n            \"id\": \"administrator\",",
        pointer: "/response/0/files/0/createdBy/id",
        rule: "format",
        at: r#""administrator""#,
    },
    Mutation {
        name: "missing operation id",
        base: STARTED,
        find: "\"id\": \"c2cf19b4-4951-415a-9337-78258fc7619d\",\n      ",
        replace: "",
        pointer: "/response/0",
        rule: "required",
        at: "{\n      \"Operation\"",
    },
    Mutation {
        name: "wrong-case key",
        base: STARTED,
        find: r#""progress": 0,"#,
        replace: r#""Progress": 0,"#,
        pointer: "/response/0",
        rule: "required",
        at: "{\n      \"id\"",
    },
    Mutation {
        name: "missing entry title",
        base: FINISHED,
        find: "\"title\": \"New presentation.pptx\",\n",
        replace: "",
        pointer: "/response/0/files/0",
        rule: "required",
        at: "{\n          \"folderId\"",
    },
    Mutation {
        name: "entry type out of range",
        base: MODERN,
        find: r#""fileEntryType": 2,"#,
        replace: r#""fileEntryType": 3,"#,
        pointer: "/response/0/files/0/fileEntryType",
        rule: "enum",
        at: "3,",
    },
    Mutation {
        name: "empty string entry id",
        base: MODERN,
        find: r#""id": 34,"#,
        replace: r#""id": "","#,
        pointer: "/response/0/files/0/id",
        rule: "format",
        at: "\"\",\n          \"rootFolderId\"",
    },
    Mutation {
        name: "fractional entry id",
        base: MODERN,
        find: r#""id": 34,"#,
        replace: r#""id": 34.5,"#,
        pointer: "/response/0/files/0/id",
        rule: "type",
        at: "34.5",
    },
    Mutation {
        name: "download url not a URI",
        base: BARE,
        find: r#""url": "https://docspace.example.com/filehandler.ashx?action=bulk","#,
        replace: r#""url": "not a uri","#,
        pointer: "/0/url",
        rule: "format",
        at: r#""not a uri""#,
    },
    Mutation {
        name: "files as an object",
        base: FINISHED,
        find: "\"files\": [",
        replace: "\"files\": {\"x\": 1}, \"files2\": [",
        pointer: "/response/0/files",
        rule: "type",
        at: "{\"x\"",
    },
    Mutation {
        name: "count as a string",
        base: FINISHED,
        find: r#""count": 1,"#,
        replace: r#""count": "1","#,
        pointer: "/count",
        rule: "type",
        at: r#""1","#,
    },
];

fn mutate(m: &Mutation) -> String {
    assert_eq!(
        m.base.matches(m.find).count(),
        1,
        "{}: `find` must be unique",
        m.name
    );
    m.base.replacen(m.find, m.replace, 1)
}

/// Line and column (in characters) of the first occurrence of `needle`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let offset = text.find(needle).expect("anchor present");
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    (line, column)
}

#[test]
fn every_mutation_is_caught_at_its_place_by_each_layer() {
    let schema_only = Layers::SCHEMA;
    let types_only = Layers::TYPES;
    let mut failures = Vec::new();
    for m in MUTATIONS {
        let text = mutate(m);
        let (line, column) = position_of(&text, m.at);
        for (label, layers) in [("schema", schema_only), ("types", types_only)] {
            let report = validate(layers, &text);
            let hit = errors(&report)
                .iter()
                .any(|v| v.pointer == m.pointer && v.line == line && v.column == column);
            if !hit {
                failures.push(format!(
                    "{} [{label}]: expected {} at {line}:{column}, got {:?}",
                    m.name,
                    m.pointer,
                    report
                        .violations
                        .iter()
                        .map(|v| (v.pointer.as_str(), v.line, v.column, v.rule.id()))
                        .collect::<Vec<_>>()
                ));
            }
        }
        let report = validate(Layers::ALL, &text);
        let errors = errors(&report);
        let at_pointer: Vec<_> = errors.iter().filter(|v| v.pointer == m.pointer).collect();
        match at_pointer.as_slice() {
            [v] if v.rule.id() == m.rule && v.layers == [Layer::Schema, Layer::Types] => {}
            _ => failures.push(format!(
                "{} [all]: expected one `{}` violation at {} from schema and types, got {:#?}",
                m.name, m.rule, m.pointer, errors
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_say_what_was_expected_and_what_was_found() {
    let text = mutate(&MUTATIONS[0]);
    let report = validate(Layers::ALL, &text);
    assert_eq!(
        report.violations[0].message,
        "progress: expected an int32 integer, found the string \"100\""
    );
    for layers in [Layers::SCHEMA, Layers::TYPES] {
        let report = validate(layers, &text);
        assert_eq!(
            report.violations[0].message,
            "progress: expected an int32 integer, found the string \"100\"",
            "{layers:?}"
        );
    }
}
