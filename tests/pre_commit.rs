//! `.pre-commit-hooks.yaml` run by the real pre-commit tool (`pre-commit try-repo`) on a git
//! repository holding a failing and a passing capture, and a file the hook must not take.
//!
//! pre-commit builds the hook with `cargo install` (a release build). The build goes to this
//! crate's own `target/` so later runs (and `cargo bench`) reuse the compiled dependencies.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn try_repo(pre_commit: &Path, repo: &Path, home: &Path, files: &[&str]) -> (i32, String) {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let out: Output = Command::new(pre_commit)
        .args(["try-repo", manifest, "fileops-validator", "--verbose"])
        .args(if files.is_empty() {
            vec!["--all-files"]
        } else {
            [&["--files"], files].concat()
        })
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        // pre-commit installs a `language: rust` hook with `cargo install` (a release build).
        // What is tested is the hook definition and the tool's behaviour, not the optimiser:
        // an unoptimised build in its own target folder takes a fraction of the time and
        // leaves the project's release and bench artifacts alone.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(manifest).join("target/pre-commit-hook"),
        )
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().expect("exited"), text)
}

#[test]
fn pre_commit_hook_fails_a_broken_capture_and_passes_a_good_one() {
    let Some(pre_commit) = support::require("pre-commit", "pip install pre-commit") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("captures-repo");
    std::fs::create_dir(&repo).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::copy(
        examples.join("valid/modern-move.json"),
        repo.join("good.json"),
    )
    .unwrap();
    std::fs::copy(
        examples.join("invalid/wrong-types.json"),
        repo.join("BAD.JSON"),
    )
    .unwrap();
    std::fs::write(repo.join("notes.txt"), "not a capture {").unwrap();
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["add", "."]);
    let home = dir.path().join("pre-commit-home");

    let (status, out) = try_repo(&pre_commit, &repo, &home, &[]);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("fileops-validator") && out.contains("Failed"),
        "{out}"
    );
    assert!(out.contains("--> BAD.JSON:174:19"), "{out}");
    assert!(out.contains("at /response/1/progress"), "{out}");
    // The hook took both captures (upper-case extension included) and left notes.txt alone.
    assert!(out.contains("2 inputs"), "{out}");

    let (status, out) = try_repo(&pre_commit, &repo, &home, &["good.json"]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");
}
