//! Two translators, one store, plain `git merge`: edits to different units merge cleanly, even
//! neighbouring ones, and an edit of the same unit on both sides is a conflict that verso
//! refuses to read past.

use std::fs;
use std::path::Path;
use verso_store::{State, Store};
use verso_testkit::{git, git_ok, has_git, line_of};

const ISSUE: &str = "\
---
title: The Newsletter
---

## News

First paragraph of news.

Second paragraph,
on two lines.

- one item
- another item

## Thanks

Thank you for reading.
";

fn verso(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("verso")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

const STORE: &str = "translations/fr/2026-11-05-newsletter.toml";

/// A repository with a synced store, committed on `main`.
fn repository() -> Option<tempfile::TempDir> {
    if !has_git() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("verso.toml"), "languages = [\"fr\"]\n").unwrap();
    fs::create_dir_all(root.join("translations/en")).unwrap();
    fs::write(root.join("translations/en/2026-11-05-newsletter.md"), ISSUE).unwrap();
    assert!(verso(root, &["sync"]).status.success());
    git_ok(root, &["init", "-q"]);
    git_ok(root, &["add", "."]);
    git_ok(root, &["commit", "-q", "-m", "English and empty store"]);
    Some(dir)
}

/// On a new branch from main, translates the units at `indices` and commits.
fn translate_on_branch(root: &Path, branch: &str, indices: &[usize], prefix: &str) {
    git_ok(root, &["checkout", "-q", "-b", branch, "main"]);
    let path = root.join(STORE);
    let mut store = Store::read(&path).unwrap().unwrap();
    for &i in indices {
        let entry = &mut store.units[i];
        entry.target = format!("{prefix}: {}", entry.english);
        entry.state = State::Translated;
    }
    store.write(&path).unwrap();
    git_ok(root, &["commit", "-q", "-am", branch]);
}

#[test]
fn translators_of_different_units_merge_cleanly() {
    let Some(dir) = repository() else { return };
    let root = dir.path();
    let store = Store::read(&root.join(STORE)).unwrap().unwrap();
    assert_eq!(store.units.len(), 8);

    // Alice takes the title, the first paragraph and the first item; Bob the units right next
    // to them, so that the two edits touch neighbouring entries of the file.
    translate_on_branch(root, "alice", &[0, 2, 4], "alice");
    translate_on_branch(root, "bob", &[1, 3, 5, 7], "bob");
    git_ok(root, &["checkout", "-q", "main"]);
    git_ok(root, &["merge", "-q", "--no-edit", "alice"]);
    let out = git(root, &["merge", "--no-edit", "bob"]);
    assert!(
        out.status.success(),
        "merge conflict: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        fs::read_to_string(root.join(STORE)).unwrap()
    );

    let merged = Store::read(&root.join(STORE)).unwrap().unwrap();
    let targets: Vec<&str> = merged
        .units
        .iter()
        .map(|e| e.target.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        targets,
        ["alice", "bob", "alice", "bob", "alice", "bob", "", "bob"]
    );
    // The merged store is exactly what verso writes: a sync has nothing to do.
    let out = verso(root, &["sync"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 stores written, 1 unchanged."));
    assert!(git(root, &["status", "--porcelain"]).stdout.is_empty());
}

#[test]
fn a_unit_translated_on_both_sides_is_a_conflict_verso_refuses() {
    let Some(dir) = repository() else { return };
    let root = dir.path();
    translate_on_branch(root, "alice", &[2], "alice");
    translate_on_branch(root, "bob", &[2], "bob");
    git_ok(root, &["checkout", "-q", "main"]);
    git_ok(root, &["merge", "-q", "--no-edit", "alice"]);
    assert!(!git(root, &["merge", "--no-edit", "bob"]).status.success());

    let conflicted = fs::read_to_string(root.join(STORE)).unwrap();
    let line = line_of(&conflicted, "<<<<<<<");
    for command in [&["sync"][..], &["status"]] {
        let out = verso(root, command);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("{STORE}:{line}: unresolved git merge conflict")),
            "{err}"
        );
    }
    assert_eq!(fs::read_to_string(root.join(STORE)).unwrap(), conflicted);
}
