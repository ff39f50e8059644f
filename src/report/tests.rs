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

impl Report {
    /// What `retract` did before it deferred the removal: drain the range at once.
    fn retract_now(&mut self, range: std::ops::Range<usize>) {
        for v in self.violations.drain(range) {
            match v.severity {
                Severity::Error => self.summary.errors -= 1,
                Severity::Warning => self.summary.warnings -= 1,
            }
        }
    }
}

/// Violations taken back stay in place until the report settles, then go in one pass: the
/// report is the one a drain of each range as it was taken back gives, counts, the
/// `keep_at_most` cap and the order of the rest included.
#[test]
fn violations_taken_back_settle_as_draining_each_range_would() {
    for seed in 0..300 {
        let mut rng = crate::r#gen::Rng::new(seed);
        let cap = (rng.below(2) == 0).then(|| rng.below(12) as usize);
        let mut deferred = Report {
            keep_at_most: cap,
            ..Report::default()
        };
        let mut drained = Report {
            keep_at_most: cap,
            ..Report::default()
        };
        // Members reported one after another: their ranges in each report.
        let mut live: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
        let mut name = 0;
        for _ in 0..rng.below(40) + 1 {
            if !live.is_empty() && rng.below(3) == 0 {
                let (d, n) = live.swap_remove(rng.below(live.len() as u64) as usize);
                deferred.retract(d, &[]);
                // The drain moves the later members' violations down, as the emitter did.
                drained.retract_now(n.clone());
                for (_, m) in &mut live {
                    if m.start >= n.end {
                        *m = m.start - n.len()..m.end - n.len();
                    }
                }
            } else {
                let (d0, n0) = (deferred.violations.len(), drained.violations.len());
                for _ in 0..rng.below(4) {
                    let severity = if rng.below(2) == 0 {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let mut v = at("a", severity);
                    v.message = format!("v{name}");
                    name += 1;
                    deferred.push(v.clone());
                    drained.push(v);
                }
                live.push((d0..deferred.violations.len(), n0..drained.violations.len()));
            }
        }
        deferred.settle();
        assert_eq!(deferred, drained, "seed {seed}, cap {cap:?}");
    }
}

#[test]
fn a_snippet_is_made_only_for_a_violation_kept_with_snippets() {
    use crate::report::snippet::Snippet;
    let made = std::cell::Cell::new(0);
    let snippet = || {
        made.set(made.get() + 1);
        Snippet::around(b"{\"a\": 1}", 6)
    };
    let mut shown = Report::default();
    shown.push_with_snippet(snippet, at("a", Severity::Error));
    assert_eq!(made.get(), 1);
    assert_eq!(
        shown.violations[0]
            .snippet
            .as_ref()
            .map(|s| s.text.as_str()),
        Some("{\"a\": 1}")
    );
    let mut without = Report {
        without_snippets: true,
        ..Report::default()
    };
    without.push_with_snippet(snippet, at("a", Severity::Error));
    assert_eq!(made.get(), 1, "not made without snippets");
    assert_eq!(without.violations[0].snippet, None);
    // Past the cap the violation is only counted: no snippet made for it.
    let mut capped = Report {
        keep_at_most: Some(1),
        ..Report::default()
    };
    capped.push_with_snippet(snippet, at("a", Severity::Error));
    capped.push_with_snippet(snippet, at("a", Severity::Error));
    assert_eq!(made.get(), 2, "made for the kept one only");
    assert_eq!((capped.violations.len(), capped.summary.not_shown), (1, 1));
}

/// A set of layers lists them in `Layer`'s order, whatever order they were added in, once each.
#[test]
fn a_layer_set_lists_its_layers_in_order_once() {
    use crate::report::{Layer, LayerSet};
    let set = LayerSet::of(Layer::Rules)
        .union(LayerSet::of(Layer::Schema))
        .union(LayerSet::of(Layer::Rules))
        .union(LayerSet::of(Layer::Syntax));
    assert_eq!(set.to_vec(), [Layer::Syntax, Layer::Schema, Layer::Rules]);
    assert_eq!(LayerSet::of(Layer::Sequence).to_vec(), [Layer::Sequence]);
    assert_eq!(LayerSet::default().to_vec(), []);
}
