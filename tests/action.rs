//! `action.yml`, the composite GitHub Action, checked for what GitHub requires of one (and for
//! what keeps it safe) without GitHub: parsed as YAML, every `run` script checked by `bash -n`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_norway::Value;

fn action() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml"))
        .expect("action.yml at the repository root");
    serde_norway::from_str(&text).expect("action.yml is YAML")
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"]
        .as_sequence()
        .expect("runs.steps is a list")
}

/// Every `${{ ... }}` expression in `s`.
fn expressions(s: &str) -> Vec<&str> {
    s.split("${{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(e, _)| e.trim()))
        .collect()
}

/// The names after `prefix` in an expression (`inputs.` -> `paths`, `reports-dir`, ...).
fn names_after<'a>(expression: &'a str, prefix: &str) -> Vec<&'a str> {
    expression
        .match_indices(prefix)
        .map(|(i, _)| {
            let rest = &expression[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn action_has_the_metadata_github_requires() {
    let a = action();
    assert!(text(&a, "name").is_some_and(|s| !s.is_empty()), "name");
    assert!(
        text(&a, "description").is_some_and(|s| !s.is_empty()),
        "description"
    );
    assert_eq!(text(&a["runs"], "using"), Some("composite"));
    let inputs = a["inputs"].as_mapping().expect("inputs");
    for (name, input) in inputs {
        let name = name.as_str().unwrap();
        assert!(
            text(input, "description").is_some(),
            "input {name} has no description"
        );
        // Input ids: letters, digits, - and _, starting with a letter or _.
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'),
            "{name}"
        );
    }
    for (name, output) in a["outputs"].as_mapping().expect("outputs") {
        // A composite action's outputs must say where their value comes from.
        assert!(
            output.get("value").is_some(),
            "output {name:?} has no value"
        );
        assert!(
            text(output, "description").is_some(),
            "output {name:?} has no description"
        );
    }
}

#[test]
fn every_step_runs_or_uses_and_every_run_has_a_shell() {
    let a = action();
    for step in steps(&a) {
        let name = text(step, "name").unwrap_or("(unnamed)");
        let runs = step.get("run").is_some();
        let uses = step.get("uses").is_some();
        assert!(runs != uses, "step {name}: exactly one of run and uses");
        if runs {
            // Composite actions have no default shell.
            assert!(
                text(step, "shell").is_some(),
                "step {name}: run without shell"
            );
        }
        if let Some(uses) = text(step, "uses") {
            let (_, version) = uses.split_once('@').expect("uses pinned to a version");
            assert!(version.starts_with('v'), "step {name}: {uses}");
        }
    }
}

#[test]
fn expressions_name_only_inputs_and_steps_that_exist() {
    let a = action();
    let inputs: BTreeSet<&str> = a["inputs"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    let ids: BTreeSet<&str> = steps(&a).iter().filter_map(|s| text(s, "id")).collect();
    let yaml = serde_norway::to_string(&a).unwrap();
    let mut used = BTreeSet::new();
    for e in expressions(&yaml) {
        for name in names_after(e, "inputs.") {
            assert!(
                inputs.contains(name),
                "unknown input {name} in ${{{{ {e} }}}}"
            );
            used.insert(name);
        }
        for id in names_after(e, "steps.") {
            assert!(ids.contains(id), "unknown step id {id} in ${{{{ {e} }}}}");
        }
    }
    // `if:` conditions are expressions without the braces.
    for step in steps(&a) {
        for name in text(step, "if")
            .map(|c| names_after(c, "inputs."))
            .unwrap_or_default()
        {
            assert!(
                inputs.contains(name),
                "unknown input {name} in if: of a step"
            );
            used.insert(name);
        }
    }
    assert_eq!(used, inputs, "every input is used");
}

#[test]
fn run_scripts_are_valid_bash_and_never_splice_inputs_into_their_text() {
    let a = action();
    for step in steps(&a) {
        let Some(script) = text(step, "run") else {
            continue;
        };
        let name = text(step, "name").unwrap_or("(unnamed)");
        // Script injection: a value spliced into the text would run as code.
        assert!(
            expressions(script).is_empty(),
            "step {name}: pass values through env"
        );
        let out = Command::new("bash")
            .args(["-n", "-c", script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "step {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn action_installs_from_its_own_checkout_and_writes_every_report_from_one_run() {
    let a = action();
    let yaml = serde_norway::to_string(&a).unwrap();
    assert!(yaml.contains("${{ github.action_path }}"));
    assert!(yaml.contains("cargo install --locked"));
    let validate = steps(&a)
        .iter()
        .find(|s| text(s, "id") == Some("validate"))
        .unwrap();
    let script = text(validate, "run").unwrap();
    assert_eq!(
        script.matches("fileops-validator ").count(),
        1,
        "one validation run"
    );
    assert!(script.contains("--report \"$format="));
    assert!(script.contains(">> \"$GITHUB_OUTPUT\""));
}

#[test]
fn validate_step_passes_inputs_as_arguments_and_records_the_exit_status() {
    let a = action();
    let validate = steps(&a)
        .iter()
        .find(|s| text(s, "id") == Some("validate"))
        .unwrap();
    let script = text(validate, "run").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A stand-in for the binary that records its arguments, one per line, and fails like a run
    // that found violations.
    let stub = dir.path().join("fileops-validator");
    std::fs::write(
        &stub,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\nexit 1\n",
    )
    .unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&stub)
        .status()
        .unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap()
    );
    let out = Command::new("bash")
        .args(["-e", "-o", "pipefail", "-c", script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("ARGS_FILE", dir.path().join("args"))
        .env("GITHUB_OUTPUT", dir.path().join("output"))
        .env("FILEOPS_PATHS", "captures/\nmore $(touch pwned).json")
        .env("FILEOPS_FORMATS", "sarif junit")
        .env("FILEOPS_REPORTS", "out")
        .env("FILEOPS_BASELINE", "base.json")
        .env("FILEOPS_SERVER_VERSION", "")
        .env("FILEOPS_ARGS", "--strict --deny-warnings")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "validate",
            "--format",
            "github",
            "--report",
            "sarif=out/fileops.sarif",
            "--report",
            "junit=out/fileops.junit",
            "--baseline",
            "base.json",
            "--strict",
            "--deny-warnings",
            "--",
            "captures/",
            "more",
            "$(touch",
            "pwned).json",
        ]
    );
    assert!(!dir.path().join("pwned").exists(), "an input ran as code");
    let output = std::fs::read_to_string(dir.path().join("output")).unwrap();
    assert_eq!(output, "exit-code=1\n");
}

#[test]
fn readme_workflow_uses_the_action_with_inputs_it_has() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let a = action();
    let inputs = a["inputs"].as_mapping().unwrap();
    let mut used_the_action = false;
    for block in readme.split("```yaml\n").skip(1) {
        let yaml = block.split_once("```").expect("a closed yaml block").0;
        let doc: Value = serde_norway::from_str(yaml).expect("the README's YAML parses");
        let Some(jobs) = doc.get("jobs").and_then(Value::as_mapping) else {
            continue;
        };
        for job in jobs.values() {
            for step in job["steps"].as_sequence().unwrap() {
                if text(step, "uses") != Some("./.fileops-validator") {
                    continue;
                }
                used_the_action = true;
                for key in step["with"].as_mapping().unwrap().keys() {
                    assert!(
                        inputs.contains_key(key),
                        "the README passes unknown input {key:?}"
                    );
                }
            }
        }
    }
    assert!(used_the_action, "the README's workflow uses the action");
}

#[test]
fn validate_step_with_the_real_binary_writes_every_report() {
    let a = action();
    let validate = steps(&a)
        .iter()
        .find(|s| text(s, "id") == Some("validate"))
        .unwrap();
    let script = text(validate, "run").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .parent()
        .unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let captures = Path::new(env!("CARGO_MANIFEST_DIR")).join("captures");
    let out = Command::new("bash")
        .args(["-e", "-o", "pipefail", "-c", script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", dir.path().join("output"))
        .env("FILEOPS_PATHS", &captures)
        .env("FILEOPS_FORMATS", "sarif junit html")
        .env("FILEOPS_REPORTS", "reports")
        .env("FILEOPS_BASELINE", "")
        .env("FILEOPS_SERVER_VERSION", "")
        .env("FILEOPS_ARGS", "")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // captures/ holds one broken capture: annotations on stdout, status 1 recorded.
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error file="));
    let output = std::fs::read_to_string(dir.path().join("output")).unwrap();
    assert_eq!(output, "exit-code=1\n");
    let sarif = std::fs::read(dir.path().join("reports/fileops.sarif")).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&sarif).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let junit = std::fs::read_to_string(dir.path().join("reports/fileops.junit")).unwrap();
    assert!(junit.contains("<testsuites"));
    let html = std::fs::read_to_string(dir.path().join("reports/fileops.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
}
