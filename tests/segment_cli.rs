//! `verso segment` end to end: listing units, and clear errors on bad input.

use assert_cmd::Command;
use std::fs;

fn verso() -> Command {
    Command::cargo_bin("verso").unwrap()
}

#[test]
fn lists_units_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("issue.md");
    fs::write(&file, "---\ntitle: Hello\n---\n\n## News\n\n- One\n  two\n").unwrap();

    let out = verso().arg("segment").arg(&file).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].contains("front-matter:title") && lines[0].ends_with("Hello"),
        "{text}"
    );
    assert!(
        lines[1].contains("heading") && lines[1].ends_with("News"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("    7  list-item") && lines[2].ends_with("One"),
        "{text}"
    );
    assert_eq!(lines[3].trim(), "two");

    let out = verso()
        .args(["segment", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units = json.as_array().unwrap();
    assert_eq!(units.len(), 3);
    assert_eq!(units[2]["kind"], "list-item");
    assert_eq!(units[2]["line"], 7);
    assert_eq!(units[2]["text"], "One\ntwo");
    assert_eq!(units[0]["context"], "title");
    assert_eq!(units[2]["id"], verso_segment_id("One two"));
}

fn verso_segment_id(text: &str) -> String {
    // Recomputed independently from the documented rule: the first 8 hex digits of the SHA-256
    // of the whitespace-normalized text.
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..8].to_string()
}

fn fails_with(content: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.md");
    fs::write(&file, content).unwrap();
    let out = verso().arg("segment").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&file.display().to_string()), "{err}");
    for e in expected {
        assert!(err.contains(e), "{err} lacks {e}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_names_file_and_line() {
    fails_with(
        b"---\ntitle: x\n\nNo closing fence.\n",
        &["bad.md:1:", "never closed"],
    );
    fails_with(b"# Title\n\nCaf\xe9 au lait\n", &["bad.md:3:", "UTF-8"]);
    fails_with(b"---\ntitle: x\nlist: [a, b\n---\n", &["YAML"]);
    fails_with(
        b"+++\ntitle = \"x\"\ndate = \n+++\n",
        &["bad.md:3:", "TOML"],
    );
}

#[test]
fn unreadable_file_is_named() {
    let out = verso()
        .args(["segment", "/nonexistent/issue.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("/nonexistent/issue.md: cannot read"), "{err}");
}
