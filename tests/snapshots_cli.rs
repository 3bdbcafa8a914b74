//! Whole-output snapshots of `verso segment`, `verso sync` and `verso status` on a copy of the
//! example workspace (`verso.toml` and `translations/`). They pin every byte the commands print
//! and write, so a change in behaviour shows up as a snapshot diff.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A copy of the example workspace in a temporary directory.
fn example_workspace() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo.join("verso.toml"), dir.path().join("verso.toml")).unwrap();
    copy_dir(&repo.join("translations"), &dir.path().join("translations"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs verso in `root`; returns its exit code and stdout, with stderr after a marker line.
fn run(root: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("verso")
        .unwrap()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let mut text = format!("exit: {}\n", out.status.code().unwrap_or(-1));
    text.push_str(&String::from_utf8(out.stdout).unwrap());
    if !out.stderr.is_empty() {
        text.push_str("------- stderr -------\n");
        text.push_str(&String::from_utf8(out.stderr).unwrap());
    }
    text
}

/// Every store file under `translations/`, with its path, in path order.
fn stores(root: &Path) -> String {
    let mut files: Vec<PathBuf> = Vec::new();
    for lang in fs::read_dir(root.join("translations")).unwrap() {
        let dir = lang.unwrap().path();
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut text = String::new();
    for path in files {
        let name = path.strip_prefix(root).unwrap().to_string_lossy();
        text.push_str(&format!("======= {name} =======\n"));
        text.push_str(&fs::read_to_string(&path).unwrap());
    }
    text
}

#[test]
fn segment_text_and_json() {
    let ws = example_workspace();
    for issue in ["2026-10-05-newsletter", "2026-11-05-newsletter"] {
        let file = format!("translations/en/{issue}.md");
        insta::assert_snapshot!(
            format!("segment_text_{issue}"),
            run(ws.path(), &["segment", &file])
        );
        insta::assert_snapshot!(
            format!("segment_json_{issue}"),
            run(ws.path(), &["segment", "--format", "json", &file])
        );
    }
}

#[test]
fn sync_report_and_stores() {
    let ws = example_workspace();
    let root = ws.path();
    insta::assert_snapshot!("sync_unchanged", run(root, &["sync"]));

    // The English changes, and one store is gone: the sync has work in every language.
    let issue = root.join("translations/en/2026-11-05-newsletter.md");
    let english = fs::read_to_string(&issue).unwrap();
    let edited = english.replace(
        "bridges, bots and accessibility",
        "bridges, bots, moderation and accessibility",
    );
    assert_ne!(edited, english);
    fs::write(&issue, edited).unwrap();
    fs::remove_file(root.join("translations/de/2026-10-05-newsletter.toml")).unwrap();

    insta::assert_snapshot!("sync_dry_run", run(root, &["sync", "--dry-run"]));
    insta::assert_snapshot!("sync_written", run(root, &["sync"]));
    insta::assert_snapshot!("sync_stores", stores(root));
    insta::assert_snapshot!("sync_again", run(root, &["sync"]));
}

#[test]
fn status_in_every_format() {
    let ws = example_workspace();
    let root = ws.path();
    insta::assert_snapshot!("status_table", run(root, &["status"]));
    insta::assert_snapshot!("status_json", run(root, &["status", "--format", "json"]));
    insta::assert_snapshot!(
        "status_markdown",
        run(root, &["status", "--format", "markdown"])
    );
    insta::assert_snapshot!(
        "status_min_failure",
        run(root, &["status", "--min", "fr=50,de=90"])
    );
    insta::assert_snapshot!(
        "status_min_failure_json",
        run(root, &["status", "--min", "60", "--format", "json"])
    );
    insta::assert_snapshot!(
        "status_min_invalid",
        run(root, &["status", "--min", "es=10"])
    );
}

#[test]
fn errors_with_hints() {
    let ws = example_workspace();
    insta::assert_snapshot!(
        "error_unknown_issue",
        run(ws.path(), &["sync", "1999-01-01-newsletter"])
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let output = run(elsewhere.path(), &["status"]).replace(
        &std::path::absolute(elsewhere.path())
            .unwrap()
            .display()
            .to_string(),
        "[DIR]",
    );
    insta::assert_snapshot!("error_no_workspace", output);
}
