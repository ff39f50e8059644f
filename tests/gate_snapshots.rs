//! What users see, per format, on a small fixed corpus (tests/fixtures/corpus: a valid file, an
//! invalid one, NDJSON with a broken line, a HAR with a plain, a base64 and an error response).
//! Review changes deliberately: `cargo insta review`.

use std::path::Path;
use std::process::Command;

fn validate(format: &str) -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .current_dir(fixtures)
        .args(["validate", "--format", format, "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the corpus has errors");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human() {
    insta::assert_snapshot!(validate("human"));
}

#[test]
fn json() {
    insta::assert_snapshot!(validate("json"));
}

#[test]
fn junit() {
    insta::assert_snapshot!(validate("junit"));
}

#[test]
fn sarif() {
    // The tool's version is part of the log; keep the snapshot stable across releases.
    let sarif = validate("sarif").replace(
        &format!("\"semanticVersion\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"semanticVersion\": \"[version]\"",
    );
    insta::assert_snapshot!(sarif);
}

#[test]
fn github() {
    insta::assert_snapshot!(validate("github"));
}

#[test]
fn diff() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .current_dir(fixtures)
        .args(["diff", "profiles/wire.json", "profiles/docs.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}
