//! Helpers shared by the integration tests that drive outside tools (Chromium, pre-commit).
// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The path of `program` when it runs (`program --version` succeeds). Missing, the test skips
/// with a message on a developer's machine, but fails under CI (`CI` set): `.ci/run` installs
/// every tool these tests need, so a missing one there is a broken CI, not a reason to pass.
pub fn require(program: &str, install: &str) -> Option<PathBuf> {
    let runs = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return Some(PathBuf::from(program));
    }
    let message = format!("{program} is not installed ({install})");
    assert!(
        std::env::var_os("CI").is_none(),
        "{message}: required under CI"
    );
    eprintln!("skipped: {message}");
    None
}

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_fileops-validator")
}
