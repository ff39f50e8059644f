//! Unit tests of the report: merging, retracting, verdicts, pointers.
use super::*;

fn at(input: &str, severity: Severity) -> Violation {
    Violation {
        input: input.to_owned(),
        document: 0,
        pointer: String::new(),
        line: 1,
        column: 1,
        offset: 0,
        rule: crate::report::Rule::Type,
        layers: vec![Layer::Schema],
        severity,
        message: String::new(),
        snippet: None,
    }
}

#[test]
fn max_violations_caps_each_input_and_keeps_the_counts() {
    let mut r = Report::default();
    for input in ["a", "a", "a", "b", "b"] {
        r.push(at(input, Severity::Error));
    }
    r.cap_per_input(2);
    let inputs: Vec<&str> = r.violations.iter().map(|v| v.input.as_str()).collect();
    assert_eq!(inputs, ["a", "a", "b", "b"]);
    assert_eq!((r.summary.errors, r.summary.not_shown), (5, 1));
    assert_eq!(
        r.hidden_errors,
        [HiddenErrors {
            input: "a".to_owned(),
            document: 0,
            count: 1
        }]
    );
}

#[test]
fn the_verdict_is_the_exit_status() {
    let mut r = Report::default();
    assert_eq!(r.verdict(), Verdict::Ok);
    r.push(at("a", Severity::Warning));
    assert_eq!(r.verdict(), Verdict::Ok);
    r.deny_warnings = true;
    assert_eq!(r.verdict(), Verdict::Failed);
    r.accept_violations = true;
    assert_eq!(r.verdict(), Verdict::Ok);
    r.errors.push(InputError {
        input: "b".into(),
        message: "gone".into(),
    });
    assert_eq!((r.verdict().word(), r.verdict().status()), ("ERROR", 2));
}

#[test]
fn pointers_escape_tilde_and_slash() {
    let p = Pointer::root().key("response").index(0).key("a/b~c");
    assert_eq!(p.as_str(), "/response/0/a~1b~0c");
    assert_eq!(p.last(), "a/b~c");
    assert_eq!(p.pattern(), "/response/*/a~1b~0c");
}
