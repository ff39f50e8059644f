//! `--schema` against the official JSON Schema Test Suite (draft 2020-12, with `optional/`).
//!
//! Every case of ../shared/data/json-schema-test-suite goes through the same path a user's
//! `--schema FILE` takes (`CustomSchema`, documents read from bytes, parsed into a simd-json tape
//! and validated by a `jsonschema::Validator<TapeJson>`, as `CustomSchema::compile` builds it),
//! with the suite's remotes served from its `remotes/` folder instead of the network. A case whose verdict differs from
//! the suite's must be listed in `tests/json_schema_test_suite.expected-failures` with the reason;
//! a listed case that starts passing fails the test too, so the list stays true.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fileops_validator::arb::internals::check::custom::CustomSchema;
use fileops_validator::arb::internals::json::tape::TapeJson;
use jsonschema::{Retrieve, Uri};
use serde_json::Value;

/// The suite, beside the project as the workplace lays it out (CI gets the same copy).
fn suite_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/json-schema-test-suite")
}

/// Serves `http://localhost:1234/...` from the suite's `remotes/` folder; nothing else.
struct Remotes(PathBuf);

impl Retrieve for Remotes {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let Some(path) = text.strip_prefix("http://localhost:1234/") else {
            return Err(format!("not served in tests: {text}").into());
        };
        let path = path.split('#').next().unwrap_or_default();
        let bytes = std::fs::read(self.0.join(path))?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

/// One expected failure: `file :: group :: test` (`*` for a whole group) `=> reason`.
#[derive(Debug)]
struct Expected {
    file: String,
    group: String,
    test: String,
}

impl Expected {
    fn matches(&self, file: &str, group: &str, test: &str) -> bool {
        self.file == file && self.group == group && (self.test == "*" || self.test == test)
    }
}

fn expected_failures() -> Vec<Expected> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/json_schema_test_suite.expected-failures");
    let text = std::fs::read_to_string(&path).expect("the expected-failures list");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (case, reason) = line
                .split_once(" => ")
                .unwrap_or_else(|| panic!("no ` => reason` in {line:?}"));
            assert!(!reason.trim().is_empty(), "empty reason in {line:?}");
            let parts: Vec<&str> = case.split(" :: ").collect();
            assert_eq!(parts.len(), 3, "want `file :: group :: test` in {line:?}");
            Expected {
                file: parts[0].to_owned(),
                group: parts[1].to_owned(),
                test: parts[2].to_owned(),
            }
        })
        .collect()
}

/// Every `*.json` below `dir`, sorted, as paths relative to `base`.
fn case_files(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            case_files(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let name = path.strip_prefix(base).unwrap().display().to_string();
            out.push((name, path));
        }
    }
}

#[test]
fn custom_schemas_agree_with_the_official_test_suite() {
    let root = suite_root();
    let tests = root.join("tests/draft2020-12");
    assert!(
        tests.is_dir(),
        "the JSON Schema Test Suite is missing at {}: this test must not pass without it",
        tests.display()
    );
    let mut files = Vec::new();
    case_files(&tests, &tests, &mut files);
    let expected = expected_failures();

    let (mut run, mut unexpected, mut used) = (0usize, Vec::new(), BTreeSet::new());
    for (file, path) in &files {
        let groups: Vec<Value> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for group in &groups {
            let description = group["description"].as_str().unwrap();
            // The representation `CustomSchema::compile` builds for: the tape.
            let options =
                jsonschema::options_for::<TapeJson>().with_retriever(Remotes(root.join("remotes")));
            let compiled = CustomSchema::compile_with(file.clone(), &group["schema"], options);
            for case in group["tests"].as_array().unwrap() {
                let test = case["description"].as_str().unwrap();
                let want_valid = case["valid"].as_bool().unwrap();
                run += 1;
                let outcome = match &compiled {
                    Ok(schema) => {
                        let bytes = serde_json::to_vec(&case["data"]).unwrap();
                        let report = schema.validate_bytes("case.json", &bytes);
                        if report.violations.is_empty() == want_valid {
                            Ok(())
                        } else {
                            Err(format!(
                                "want valid={want_valid}, got {:?}",
                                report
                                    .violations
                                    .iter()
                                    .map(|v| &v.message)
                                    .collect::<Vec<_>>()
                            ))
                        }
                    }
                    Err(e) => Err(format!("schema refused: {e}")),
                };
                let listed = expected
                    .iter()
                    .position(|x| x.matches(file, description, test));
                match (outcome, listed) {
                    (Ok(()), None) => {}
                    (Err(_), Some(i)) => {
                        used.insert(i);
                    }
                    (Err(why), None) => {
                        unexpected.push(format!("FAILS  {file} :: {description} :: {test}: {why}"))
                    }
                    (Ok(()), Some(_)) => unexpected.push(format!(
                        "PASSES but is listed as failing: {file} :: {description} :: {test}"
                    )),
                }
            }
        }
    }
    let stale: Vec<_> = expected
        .iter()
        .enumerate()
        .filter(|(i, x)| !used.contains(i) && x.test == "*")
        .map(|(_, x)| format!("listed group never failed: {} :: {}", x.file, x.group))
        .collect();
    assert!(run > 1_000, "only {run} cases ran: is the suite complete?");
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} of {run} cases disagree with the suite:\n{}\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        stale.join("\n")
    );
}
