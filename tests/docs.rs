//! The documentation runs as shown: every command in README.md and docs/*.md, in a copy of the
//! files a clean clone has, compared with the output and exit status the page shows.
//!
//! Commands live in ```console blocks, one per `$ ` line (a trailing `\` continues it), followed
//! by what it prints (standard output, then standard error) and, when it is not 0, a last line
//! `[exit status: N]`. In the expected text a line `...` stands for any lines and `[..]` for any
//! text within a line. After a deliberate change of output, refresh the pages with
//! `DOCS_BLESS=1 cargo test --test docs` and review the diff.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Commands the pages show that this test does not run, each with the reason. Every entry must
/// still appear in the docs (so the list cannot rot), and nothing else is skipped.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo install --locked --path .",
        "a release build of this crate: the test runs the binary it was built with instead",
    ),
    (
        "cargo install --locked --git <URL of this repository>",
        "needs the network and the published repository",
    ),
    (
        "export FILEOPS_AUTH='Bearer <token>'",
        "a placeholder secret for the recorder below",
    ),
    (
        "fileops-validator record https://portal.example.com --output copy.har",
        "needs a DocSpace portal; tests/record.rs runs record against a scripted loopback server",
    ),
    (
        "cargo run --release -- validate captures/",
        "a release build of this crate: the same validation runs below as `fileops-validator validate captures/`",
    ),
    ("cargo test", "the test suite itself, which runs this test"),
    (
        "git add fileops-baseline.json",
        "the copy the commands run in is not a git repository",
    ),
];

/// What the pages' commands need from a clean clone, copied once per page.
const FILES: &[&str] = &["captures", "examples", "schema", "docs/captures"];

/// The pages whose commands must run.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// One documented command and what the page says it does.
#[derive(Debug)]
struct Example {
    command: String,
    /// Lines of the page holding the expected output (`start..end`, 0-based).
    output: std::ops::Range<usize>,
    expected: Vec<String>,
    status: i32,
}

/// A `$ ` line after which the page shows no output yet.
const STATUS_PREFIX: &str = "[exit status: ";

/// The examples of a page, and the problems with how it shows commands.
fn parse(text: &str) -> (Vec<Example>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut examples = Vec::new();
    let mut problems = Vec::new();
    let mut fence: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(rest) = line.trim_start().strip_prefix("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(rest.trim().to_owned()),
            };
            i += 1;
            continue;
        }
        match fence.as_deref() {
            Some("console") => {
                let Some(first) = line.strip_prefix("$ ") else {
                    problems.push(format!("line {}: output before any `$ ` command", i + 1));
                    i += 1;
                    continue;
                };
                let mut command = first.to_owned();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    command.pop();
                    i += 1;
                    command.push_str(lines[i].trim_start());
                }
                i += 1;
                let start = i;
                while i < lines.len()
                    && !lines[i].starts_with("$ ")
                    && !lines[i].trim_start().starts_with("```")
                {
                    i += 1;
                }
                let mut expected: Vec<String> =
                    lines[start..i].iter().map(|l| (*l).to_owned()).collect();
                let mut status = 0;
                if let Some(n) = expected
                    .last()
                    .and_then(|l| l.strip_prefix(STATUS_PREFIX))
                    .and_then(|l| l.strip_suffix(']'))
                {
                    status = n.parse().expect("a number after [exit status: ");
                    expected.pop();
                }
                examples.push(Example {
                    command,
                    output: start..i,
                    expected,
                    status,
                });
            }
            Some(lang @ ("sh" | "bash" | "shell" | "zsh")) => {
                problems.push(format!(
                    "line {}: a ```{lang} block: show commands in ```console blocks with `$ ` \
                     so this test runs them",
                    i + 1
                ));
                fence = Some(String::new());
                i += 1;
            }
            Some(_) => i += 1,
            None => {
                // An indented code block with a command would be shown but never run.
                let trimmed = line.trim_start();
                if line.starts_with("    ")
                    && (trimmed.starts_with("fileops-validator ") || trimmed.starts_with("$ "))
                {
                    problems.push(format!(
                        "line {}: an indented command: use ```console",
                        i + 1
                    ));
                }
                i += 1;
            }
        }
    }
    (examples, problems)
}

/// Whether `actual` matches `expected`, where `...` is any lines and `[..]` any text in a line.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(first, line) && matches(rest, more)),
    }
}

fn line_matches(expected: &str, actual: &str) -> bool {
    let mut parts = expected.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (n, part) in parts.iter().enumerate() {
        if n + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `command` with the binary under test first on the PATH: (output, status). A
/// `cargo run -q --example NAME` runs this crate's example with the cargo that runs the tests.
fn run(command: &str, dir: &Path, bin_dir: &Path) -> (String, i32) {
    let example = command.strip_prefix("cargo run -q --example ").map(|rest| {
        format!(
            "'{}' run -q --manifest-path '{}' --example {rest}",
            env!("CARGO"),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("Cargo.toml")
                .display()
        )
    });
    let command = example.as_deref().unwrap_or(command);
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (text, out.status.code().unwrap_or(-1))
}

/// The expected block for `actual`, keeping a trailing `...` the page had (a long output shown
/// in part stays in part).
fn blessed(old: &[String], actual: &str, status: i32) -> Vec<String> {
    let actual: Vec<&str> = actual.lines().collect();
    let mut new: Vec<String> = match old.iter().position(|l| l == "...") {
        Some(shown) if shown < actual.len() => actual[..shown]
            .iter()
            .map(|l| (*l).to_owned())
            .chain(std::iter::once("...".to_owned()))
            .collect(),
        _ => actual.iter().map(|l| (*l).to_owned()).collect(),
    };
    if status != 0 {
        new.push(format!("{STATUS_PREFIX}{status}]"));
    }
    new
}

#[test]
fn documented_commands_run_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir = Path::new(support::bin()).parent().unwrap().to_owned();
    let bless = std::env::var_os("DOCS_BLESS").is_some();
    let mut failures = String::new();
    let mut skipped_seen = std::collections::BTreeSet::new();
    let mut ran = 0;
    for page in pages() {
        let name = page.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        let (examples, problems) = parse(&text);
        for p in problems {
            let _ = writeln!(failures, "{name}: {p}");
        }
        let dir = tempfile::tempdir().unwrap();
        for f in FILES {
            copy_dir(&root.join(f), &dir.path().join(f));
        }
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        // Replaced from the end, so earlier ranges stay valid.
        let mut replacements = Vec::new();
        for ex in &examples {
            if let Some((cmd, _)) = NOT_RUN.iter().find(|(c, _)| *c == ex.command) {
                skipped_seen.insert(*cmd);
                continue;
            }
            ran += 1;
            let (actual, status) = run(&ex.command, dir.path(), &bin_dir);
            let actual_lines: Vec<&str> = actual.lines().collect();
            if status == ex.status && matches(&ex.expected, &actual_lines) {
                continue;
            }
            if bless {
                replacements.push((ex.output.clone(), blessed(&ex.expected, &actual, status)));
            } else {
                let _ = writeln!(
                    failures,
                    "{name}: `{}`\n  page: exit {}, output:\n{}\n  real: exit {status}, output:\n{}\n",
                    ex.command,
                    ex.status,
                    ex.expected.join("\n"),
                    actual.trim_end()
                );
            }
        }
        if !replacements.is_empty() {
            for (range, new) in replacements.into_iter().rev() {
                lines.splice(range, new);
            }
            std::fs::write(&page, lines.join("\n") + "\n").unwrap();
        }
    }
    for (cmd, why) in NOT_RUN {
        if !skipped_seen.contains(cmd) {
            let _ = writeln!(
                failures,
                "NOT_RUN lists `{cmd}` ({why}), but no page shows it"
            );
        }
    }
    assert!(ran >= 10, "only {ran} documented commands ran");
    assert!(
        failures.is_empty(),
        "the docs do not run as shown (refresh the outputs with DOCS_BLESS=1 cargo test --test \
         docs, then review the diff):\n\n{failures}"
    );
}

#[test]
fn matching_understands_elisions() {
    let exp = |s: &str| s.lines().map(str::to_owned).collect::<Vec<_>>();
    assert!(matches(&exp("a\n...\nz"), &["a", "b", "c", "z"]));
    assert!(matches(&exp("a\n...\nz"), &["a", "z"]));
    assert!(!matches(&exp("a\n...\nz"), &["a", "b"]));
    assert!(matches(
        &exp("took [..] s, [..] MB"),
        &["took 1.2 s, 20 MB"]
    ));
    assert!(!matches(&exp("took [..] s"), &["took 1.2 ms!"]));
    assert!(!matches(&exp("a"), &["a", "b"]));
}

#[test]
fn pages_with_unrunnable_blocks_are_reported() {
    let (_, problems) = parse("text\n\n```sh\nfileops-validator validate\n```\n");
    assert_eq!(problems.len(), 1);
    let (_, problems) = parse("text\n\n    fileops-validator validate x/\n");
    assert_eq!(problems.len(), 1);
    let (examples, problems) =
        parse("```console\n$ fileops-validator a \\\n  b\nout\n[exit status: 1]\n```\n");
    assert!(problems.is_empty());
    assert_eq!(examples[0].command, "fileops-validator a b");
    assert_eq!(examples[0].expected, ["out"]);
    assert_eq!(examples[0].status, 1);
}
