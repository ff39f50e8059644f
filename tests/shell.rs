//! `completions` and `man`: generated from the clap definitions, so they name the real flags.

mod support;

use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(support::bin()).args(args).output().unwrap();
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn bash_completion_names_the_subcommands_and_flags() {
    let (status, script) = run(&["completions", "bash"]);
    assert_eq!(status, 0);
    for word in [
        "validate",
        "schema",
        "diff",
        "gen",
        "--format",
        "--baseline",
        "-f",
    ] {
        assert!(script.contains(word), "{word} missing");
    }
    assert!(script.contains("complete -F _fileops__validator"));
    // The values of --format are offered, html included.
    assert!(script.contains("human json junit sarif github html"));
}

#[test]
fn bash_completion_script_is_valid_bash() {
    let (_, script) = run(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fileops-validator.bash");
    std::fs::write(&file, script).unwrap();
    let out = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (status, script) = run(&["completions", shell]);
        assert_eq!(status, 0, "{shell}");
        assert!(script.contains("validate"), "{shell}");
    }
    let (status, _) = run(&["completions", "tcsh"]);
    assert_eq!(status, 2, "an unknown shell is a usage error");
}

#[test]
fn man_page_documents_every_validate_option() {
    let (status, page) = run(&["man"]);
    assert_eq!(status, 0);
    assert!(page.starts_with(".ie") || page.contains(".TH fileops-validator 1"));
    assert!(page.contains(".SH \"FILEOPS-VALIDATOR VALIDATE\""));
    // roff escapes hyphens in option names as \-.
    for option in [
        "format",
        "layer",
        "profile",
        "strict",
        "deny\\-warnings",
        "baseline",
        "write\\-baseline",
        "schema",
        "shard",
        "jobs",
        "quiet",
    ] {
        assert!(
            page.contains(&format!("\\-\\-{option}")),
            "--{option} missing"
        );
    }
    for short in ["\\-f", "\\-l", "\\-p", "\\-b", "\\-j", "\\-q"] {
        assert!(page.contains(short), "{short} missing");
    }
    assert!(page.contains("Exit status: 0 no error\\-level violation"));
}

#[test]
fn short_flags_mean_the_long_ones() {
    let long = Command::new(support::bin())
        .args([
            "validate",
            "--format",
            "json",
            "--layer",
            "schema",
            "--profile",
            "wire",
        ])
        .args(["--jobs", "1", "--quiet", "examples/invalid"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let short = Command::new(support::bin())
        .args([
            "validate", "-f", "json", "-l", "schema", "-p", "wire", "-j", "1", "-q",
        ])
        .arg("examples/invalid")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(long.status.code(), Some(1));
    assert_eq!(short.status.code(), long.status.code());
    assert_eq!(short.stdout, long.stdout);
}
