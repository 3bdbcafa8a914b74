//! Whole-output snapshots of `verso segment`, `verso sync` and `verso status` on a copy of the
//! example workspace (`verso.toml` and `translations/`). They pin every byte the commands print
//! and write, so a change in behaviour shows up as a snapshot diff.

use std::fs;
use std::path::Path;

use verso_testkit::TempWorkspace;

/// Runs verso in `root`; returns its exit code and stdout, with stderr after a marker line.
fn run(root: &Path, args: &[&str]) -> String {
    verso_testkit::transcript(&verso_testkit::verso(root).args(args).output().unwrap())
}

#[test]
fn segment_text_and_json() {
    let ws = TempWorkspace::example();
    for issue in ["2026-10-05-newsletter", "2026-11-05-newsletter"] {
        let file = format!("translations/en/{issue}.md");
        insta::assert_snapshot!(
            format!("segment_text_{issue}"),
            run(ws.root(), &["segment", &file])
        );
        insta::assert_snapshot!(
            format!("segment_json_{issue}"),
            run(ws.root(), &["segment", "--format", "json", &file])
        );
    }
}

#[test]
fn sync_report_and_stores() {
    let ws = TempWorkspace::example();
    let root = ws.root();
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
    insta::assert_snapshot!("sync_stores", ws.stores_text());
    insta::assert_snapshot!("sync_again", run(root, &["sync"]));
}

#[test]
fn status_in_every_format() {
    let ws = TempWorkspace::example();
    let root = ws.root();
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
    let ws = TempWorkspace::example();
    insta::assert_snapshot!(
        "error_unknown_issue",
        run(ws.root(), &["sync", "1999-01-01-newsletter"])
    );
    let elsewhere = tempfile::tempdir().unwrap();
    // verso looks for `verso.toml` in every directory above: one above the temporary
    // directory (a stray `/tmp/verso.toml`) is a workspace, and this error cannot happen.
    if let Some(above) = elsewhere
        .path()
        .ancestors()
        .find(|dir| dir.join("verso.toml").is_file())
    {
        println!(
            "SKIPPED: error_no_workspace, as {} holds a verso.toml",
            above.display()
        );
        return;
    }
    let output = run(elsewhere.path(), &["status"]).replace(
        &std::path::absolute(elsewhere.path())
            .unwrap()
            .display()
            .to_string(),
        "[DIR]",
    );
    insta::assert_snapshot!("error_no_workspace", output);
}
