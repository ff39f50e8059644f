//! `--format html` loaded in a real headless browser (Chromium): what a person sees, checked from
//! the rendered DOM, with hostile file names and payload keys that must stay text.

mod support;

use std::path::Path;
use std::process::Command;

/// An invalid capture whose key and file name are markup, next to a valid one.
fn hostile_corpus(dir: &Path) -> std::path::PathBuf {
    let captures = dir.join("captures");
    std::fs::create_dir(&captures).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/invalid/wrong-types.json"),
        captures.join("wrong-types.json"),
    )
    .unwrap();
    std::fs::write(
        captures.join("<img src=x onerror=alert(1)>.json"),
        r#"[{"id": "a", "Operation": 1, "progress": 5, "error": "", "processed": "1",
  "finished": false, "<script>alert(2)</script>": 1, "url": "x"}]"#,
    )
    .unwrap();
    captures
}

fn render_html(dir: &Path) -> (i32, String) {
    let out = Command::new(support::bin())
        .args(["validate", "--format", "html", "--strict", "captures"])
        .current_dir(dir)
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).expect("utf-8");
    (out.status.code().expect("exited"), html)
}

#[test]
fn html_report_renders_summary_pointer_and_chart_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    hostile_corpus(dir.path());
    let (status, html) = render_html(dir.path());
    assert_eq!(status, 1);
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let Some(chromium) = support::require("chromium", "apt-get install chromium") else {
        return;
    };
    let out = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).expect("utf-8 DOM");

    // The browser parsed the page as the renderer meant it: the summary counts...
    let json = Command::new(support::bin())
        .args(["validate", "--format", "json", "--strict", "captures"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for key in ["inputs", "documents", "operations", "errors", "warnings"] {
        let expected = format!("<dd data-count=\"{key}\">{}</dd>", report["summary"][key]);
        assert!(dom.contains(&expected), "{expected} not rendered");
    }
    assert!(dom.contains("id=\"verdict\">FAILED<"));
    // ...a violation's pointer, with the snippet the human format shows...
    assert!(dom.contains("<code class=\"pointer\">/response/1/progress</code>"));
    assert!(dom.contains("174 |       \"progress\": \"50\","));
    // ...the charts, one bar per rule...
    assert!(dom.contains("<svg role=\"img\" aria-label=\"Violations by rule\""));
    let rules: std::collections::BTreeSet<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    for rule in &rules {
        assert!(
            dom.contains(&format!("<g class=\"bar\" data-label=\"{rule}\"")),
            "{rule}"
        );
    }
    // ...and the hostile names stayed text: no element was made from them.
    assert!(
        !dom.contains("<img src=\"x\""),
        "a file name became an element"
    );
    assert!(
        !dom.contains("<script>alert"),
        "a payload key became a script"
    );
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;.json"));
    assert!(dom.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
}

#[test]
fn html_report_snapshot() {
    let out = Command::new(support::bin())
        .args([
            "validate",
            "--format",
            "html",
            "examples/invalid/wrong-types.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).unwrap();
    // The style sheet is fixed text; the snapshot is the part that depends on the report.
    let body = html.split_once("<main>").expect("a main element").1;
    insta::assert_snapshot!("html_wrong_types", body);
}
