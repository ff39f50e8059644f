//! What a user or packager of the crate needs beside the code: licence texts matching the
//! manifest's `license`, the metadata `cargo package` asks for, and a changelog that names every
//! subcommand and report format.

mod support;

use std::path::Path;
use std::process::Command;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn licence_files_match_the_manifest_license() {
    let manifest = read("Cargo.toml");
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = read("LICENSE-MIT");
    assert!(mit.starts_with("MIT License"));
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
}

#[test]
fn manifest_has_a_documentation_homepage_or_repository_url() {
    // Without one, `cargo package` warns; an invented repository URL would be worse.
    let manifest = read("Cargo.toml");
    let package = manifest.split("\n[").next().unwrap();
    let url = package.lines().find_map(|l| {
        ["documentation", "homepage", "repository"]
            .iter()
            .find_map(|k| l.strip_prefix(k)?.trim_start().strip_prefix("= \"https://"))
    });
    assert!(
        url.is_some(),
        "no documentation/homepage/repository URL in [package]"
    );
}

#[test]
fn changelog_names_every_subcommand_and_report_format() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("## [Unreleased]"));
    let help = Command::new(support::bin()).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let commands = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .split("\n\n")
        .next()
        .unwrap();
    for line in commands.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        if name.is_empty() || name == "help" {
            continue;
        }
        assert!(
            changelog.contains(&format!("`{name}")),
            "CHANGELOG.md never names `{name}`"
        );
    }
    let help = Command::new(support::bin())
        .args(["validate", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let formats = help
        .split("--format <FORMAT>")
        .nth(1)
        .unwrap()
        .split("[default")
        .next()
        .unwrap();
    for line in formats.lines() {
        if let Some(name) = line
            .trim()
            .strip_prefix("- ")
            .and_then(|l| l.split(':').next())
        {
            assert!(
                changelog.contains(name),
                "CHANGELOG.md never names the format {name}"
            );
        }
    }
}
