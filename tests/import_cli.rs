//! `verso import` end to end, in temporary workspaces.

use std::fs;

use verso_store::State;
use verso_testkit::TempWorkspace;

const CONFIG: &str = "\
# Our languages.
languages = [\"fr\", \"de\"] # French first

[sync]
fuzzy-threshold = 0.5
";

/// The German copy, translated in place, with a translator's note added.
const OCTOBER_DE: &str = "\
---
title: \"Newsletter: Oktober\"
date: 2026-10-05
---

## Willkommen

Willkommen zum Newsletter! Das geschah im Oktober.

_Übersetzt von der deutschen Gemeinschaft._

- [Dino](https://dino.im/de/) 0.5 ist erschienen.
- [Gajim](https://gajim.org) hat viele Fehler behoben.

## Danke

Danke an alle Übersetzenden und an alle, die für diese Ausgabe geschrieben haben.
";

fn workspace() -> TempWorkspace {
    TempWorkspace::october(CONFIG)
}

/// Runs verso, expecting `code`; returns stdout then stderr.
#[track_caller]
fn verso(ws: &TempWorkspace, args: &[&str], code: i32) -> String {
    let output = verso_testkit::verso(ws.root()).args(args).output().unwrap();
    let (stdout, stderr) = verso_testkit::expect_exit(&output, code, &format!("verso {args:?}"));
    stdout + &stderr
}

fn write(ws: &TempWorkspace, name: &str, text: &str) -> String {
    let path = ws.root().join(name);
    fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_translated_copy_comes_in_and_a_second_import_changes_nothing() {
    let ws = workspace();
    let file = write(&ws, "2026-10-05-newsletter.md", OCTOBER_DE);
    let output = verso(&ws, &["import", "de", &file], 0);
    assert!(output.contains("(file name)"), "{output}");
    assert!(
        output.contains("7 English units: 6 translated, 1 weak, 0 left in English, 0 unmatched; 1 extra translated"),
        "{output}"
    );
    let store = ws.store("de", "2026-10-05-newsletter");
    let dino = store
        .units
        .iter()
        .find(|e| e.english.starts_with("[Dino]"))
        .unwrap();
    assert_eq!(dino.state, State::Translated);
    assert_eq!(
        dino.target,
        "[Dino](https://dino.im/de/) 0.5 ist erschienen."
    );
    assert_eq!(
        dino.origin.as_deref(),
        Some("import:2026-10-05-newsletter.md")
    );
    // The translator's note is kept, with its text, in the obsolete list.
    assert_eq!(store.obsolete.len(), 1);
    assert_eq!(
        store.obsolete[0].target,
        "_Übersetzt von der deutschen Gemeinschaft._"
    );
    // The front-matter title is a unit, and it came in.
    assert_eq!(store.units[0].target, "Newsletter: Oktober");

    let before = fs::read(ws.store_path("de", "2026-10-05-newsletter")).unwrap();
    let output = verso(&ws, &["import", "de", &file], 0);
    assert!(
        output.contains("0 stores written, 1 unchanged."),
        "{output}"
    );
    assert_eq!(
        fs::read(ws.store_path("de", "2026-10-05-newsletter")).unwrap(),
        before
    );
    // And a sync leaves the imported store as it is.
    verso(&ws, &["sync"], 0);
    assert_eq!(
        fs::read(ws.store_path("de", "2026-10-05-newsletter")).unwrap(),
        before
    );
}

#[test]
fn a_target_already_in_the_store_is_never_replaced_and_force_replaces_drafts_only() {
    let ws = workspace();
    verso(&ws, &["sync"], 0);
    let mut store = ws.store("de", "2026-10-05-newsletter");
    store.units[1].target = "Hallo".into();
    store.units[1].state = State::Reviewed;
    store.units[2].target = "Entwurf".into();
    ws.write_store("de", "2026-10-05-newsletter", &store);
    let file = write(&ws, "2026-10-05-newsletter.md", OCTOBER_DE);

    let output = verso(&ws, &["import", "de", &file], 1);
    assert!(
        output.contains("conflict line 6: the store has another reviewed target: Hallo"),
        "{output}"
    );
    assert!(output.contains("2 conflicts left as they were"), "{output}");
    let after = ws.store("de", "2026-10-05-newsletter");
    assert_eq!(after.units[1].target, "Hallo");
    assert_eq!(after.units[2].target, "Entwurf");
    assert_eq!(after.units[3].state, State::Translated);

    let output = verso(&ws, &["import", "de", &file, "--force"], 1);
    assert!(output.contains("1 conflicts left as they were"), "{output}");
    let after = ws.store("de", "2026-10-05-newsletter");
    assert_eq!(after.units[1].target, "Hallo");
    assert_eq!(
        after.units[2].target,
        "Willkommen zum Newsletter! Das geschah im Oktober."
    );
    // Next to the translator's note, the pair is only weak: fuzzy, with a note saying why.
    assert_eq!(after.units[2].state, State::Fuzzy);
    assert!(
        after.units[2]
            .note
            .as_deref()
            .unwrap()
            .starts_with("import: ")
    );
}

#[test]
fn a_new_language_needs_add_language_which_keeps_the_comments_of_verso_toml() {
    let ws = workspace();
    let file = write(
        &ws,
        "oktober.md",
        &OCTOBER_DE.replace("date: 2026-10-05", "date: 2026-10-05T09:00:00Z"),
    );
    let output = verso(&ws, &["import", "es", &file], 2);
    assert!(output.contains("language `es` is not in"), "{output}");
    assert!(output.contains("pass --add-language"), "{output}");

    let output = verso(
        &ws,
        &["import", "es", &file, "--add-language", "--dry-run"],
        0,
    );
    assert!(output.contains("would add `es` to verso.toml"), "{output}");
    assert!(output.contains("(front-matter date)"), "{output}");
    assert_eq!(
        fs::read_to_string(ws.root().join("verso.toml")).unwrap(),
        CONFIG
    );
    assert!(!ws.store_path("es", "2026-10-05-newsletter").exists());

    verso(&ws, &["import", "es", &file, "--add-language"], 0);
    assert_eq!(
        fs::read_to_string(ws.root().join("verso.toml")).unwrap(),
        CONFIG.replace("[\"fr\", \"de\"]", "[\"fr\", \"de\", \"es\"]")
    );
    assert!(ws.store_path("es", "2026-10-05-newsletter").exists());
    verso(&ws, &["status"], 0);
}

#[test]
fn the_english_issue_is_found_by_option_or_by_shared_links() {
    let ws = workspace();
    ws.write_issue(
        "2026-11-05-newsletter",
        "## Other\n\nNothing [in common](https://example.org).\n",
    );
    let undated = OCTOBER_DE.replace("date: 2026-10-05\n", "");
    let file = write(&ws, "translated.md", &undated);
    let output = verso(&ws, &["import", "de", &file, "--dry-run"], 0);
    assert!(
        output.contains("2026-10-05-newsletter.toml (shared links)"),
        "{output}"
    );
    let output = verso(
        &ws,
        &[
            "import",
            "de",
            &file,
            "--issue",
            "2026-11-05-newsletter",
            "--format",
            "json",
        ],
        0,
    );
    let json: serde_json::Value = serde_json::from_str(&output).unwrap();
    assert_eq!(json["files"][0]["issue"], "2026-11-05-newsletter");
    assert_eq!(json["files"][0]["found_by"], "--issue");

    let unrelated = write(&ws, "unrelated.md", "## Nichts\n\nGar nichts.\n");
    let output = verso(&ws, &["import", "de", &unrelated], 2);
    assert!(
        output.contains("cannot tell which English issue this translates; name it with --issue"),
        "{output}"
    );
}

/// Every file under `root`, with its bytes, sorted by path.
fn snapshot(root: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                all.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn of_several_bad_files_the_first_given_is_reported_and_nothing_is_written() {
    let ws = workspace();
    let good = write(&ws, "2026-10-05-newsletter.md", OCTOBER_DE);
    let unrelated = write(&ws, "unrelated.md", "## Nichts\n\nGar nichts.\n");
    let broken = write(
        &ws,
        "broken.md",
        "---\ntitle: \"Kaputt\"\n\n## Nie beendet\n",
    );
    let before = snapshot(ws.root());

    // The files are segmented in parallel; the error is still that of the first bad file in
    // the order given.
    let output = verso(&ws, &["import", "de", &good, &unrelated, &broken], 2);
    assert!(output.contains("unrelated.md"), "{output}");
    assert!(
        output.contains("cannot tell which English issue"),
        "{output}"
    );
    assert!(!output.contains("broken.md"), "{output}");

    let output = verso(&ws, &["import", "de", &good, &broken, &unrelated], 2);
    assert!(output.contains("broken.md:"), "{output}");
    assert!(!output.contains("unrelated.md"), "{output}");

    assert!(before == snapshot(ws.root()), "a failed import wrote");
}
