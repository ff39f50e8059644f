//! The `render` and `baseline` fuzz properties on stable Rust: every seed and regression of
//! those targets, and a few thousand random inputs from a fixed seed.

use std::path::Path;

use fileops_validator::arb::output::{baseline_target, render_target};

fn replay(dir: &str, target: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        target(&data);
        n += 1;
    }
    n
}

#[test]
fn render_seeds_render_well_formed() {
    assert!(replay("fuzz/seeds/render", render_target) >= 5);
}

#[test]
fn baseline_seeds_parse_or_fail_cleanly() {
    assert!(replay("fuzz/seeds/baseline", baseline_target) >= 3);
}

/// xorshift64*: a fixed stream of bytes, so a failure here is the same failure on rerun.
fn bytes(state: &mut u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *state ^= *state >> 12;
            *state ^= *state << 25;
            *state ^= *state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[test]
fn random_reports_render_well_formed_in_every_format() {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    // 500 reports: about 2 s in a debug build (SARIF schema validation dominates); the fuzz
    // target explores far more.
    for i in 0..500 {
        render_target(&bytes(&mut state, 64 + i % 700));
    }
}

#[test]
fn random_bytes_as_a_baseline_never_panic() {
    let mut state = 42;
    for i in 0..3000 {
        let mut data = bytes(&mut state, i % 200);
        // Mostly near-baselines, so the parser gets past its first byte.
        if i % 2 == 0 {
            let prefix = br#"{"version": 1, "entries": [{"input": ""#;
            data.splice(0..0, prefix.iter().copied());
        }
        baseline_target(&data);
    }
}

#[test]
fn render_reference_injection_is_escaped() {
    // A report whose every text is a forged workflow command with an ESC and a bidi override.
    let mut data = vec![0xff; 8];
    data.extend("\n::error file=x::\u{1b}[31m\u{202e}".repeat(20).as_bytes());
    render_target(&data);
}

fn violation(
    line: u64,
    snippet: Option<fileops_validator::arb::internals::report::snippet::Snippet>,
) -> fileops_validator::arb::internals::report::Violation {
    use fileops_validator::arb::internals::report::{Layer, Severity, Violation};
    Violation {
        input: "a.json".into(),
        document: 0,
        pointer: "/x".into(),
        line,
        column: line,
        offset: 0,
        rule: fileops_validator::Rule::Type,
        layers: vec![Layer::Schema],
        severity: Severity::Error,
        message: "m".into(),
        snippet,
    }
}

#[test]
fn sarif_leaves_out_line_0_instead_of_writing_an_invalid_log() {
    // Found by the render property: startLine 0 is below SARIF's minimum of 1.
    let mut report = fileops_validator::arb::internals::report::Report::default();
    report.push(violation(0, None));
    fileops_validator::arb::output::renders_well_formed(&report).unwrap();
    let sarif = fileops_validator::arb::internals::report::render::sarif::render(&report);
    assert!(!sarif.contains("startLine"), "{sarif}");
}

#[test]
fn human_escapes_a_snippet_that_carries_raw_controls() {
    // Found by the render property: a snippet not built by Snippet::around reached the terminal
    // with its ESC.
    let snippet = fileops_validator::arb::internals::report::snippet::Snippet {
        text: "\u{1b}[31mX".into(),
        caret: 5,
    };
    let mut report = fileops_validator::arb::internals::report::Report::default();
    report.push(violation(1, Some(snippet)));
    let human = fileops_validator::arb::internals::report::render::human::render(&report);
    assert!(
        human.contains("1 | \\u{1b}[31mX\n  |           ^\n"),
        "{human}"
    );
}
