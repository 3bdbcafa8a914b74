//! `verso sync` and `verso status` end to end, in temporary workspaces.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use verso_store::State;
use verso_testkit::{OCTOBER, TempWorkspace, line_of, translate_all};

const CONFIG: &str = "languages = [\"fr\", \"de\"]\n";

/// The test workspace: `CONFIG` and the October issue.
fn workspace() -> TempWorkspace {
    TempWorkspace::october(CONFIG)
}

/// Running verso in a test workspace.
trait Run {
    fn verso(&self) -> Command;
    fn run(&self, args: &[&str], code: i32) -> (String, String);
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)>;
    fn translate_all(&self, lang: &str, issue: &str);
}

impl Run for TempWorkspace {
    /// Translates every unit of a store as `lang(english)`.
    fn translate_all(&self, lang: &str, issue: &str) {
        let mut store = self.store(lang, issue);
        translate_all(&mut store, |english| format!("{lang}({english})"));
        self.write_store(lang, issue, &store);
    }

    fn verso(&self) -> Command {
        verso_testkit::verso(self.root())
    }

    /// Runs verso, expecting `code`; returns stdout and stderr.
    #[track_caller]
    fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let out = self.verso().args(args).output().unwrap();
        verso_testkit::expect_exit(&out, code, &format!("verso {args:?}"))
    }

    /// Every store file and its bytes.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut files = Vec::new();
        for lang in ["fr", "de"] {
            let dir = self.root().join("translations").join(lang);
            let Ok(read) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in read {
                let path = entry.unwrap().path();
                let meta = fs::metadata(&path).unwrap();
                files.push((
                    path.clone(),
                    fs::read(&path).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
        files.sort();
        files
    }
}

#[test]
fn first_sync_creates_stores_and_a_second_changes_no_byte() {
    let ws = workspace();
    let (out, _) = ws.run(&["sync"], 0);
    assert!(
        out.contains("fr   2026-10-05-newsletter  created      7 units"),
        "{out}"
    );
    assert!(out.contains("2 stores written, 0 unchanged."), "{out}");
    let store = ws.store("fr", "2026-10-05-newsletter");
    assert_eq!(store.language, "fr");
    assert_eq!(store.issue_path, "translations/en/2026-10-05-newsletter.md");
    let sources: Vec<&str> = store.units.iter().map(|e| e.english.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Newsletter: October",
            "Welcome",
            "Welcome to the newsletter! Here is what happened in October.",
            "[Dino](https://dino.im) 0.5 is out.",
            "[Gajim](https://gajim.org) fixed many bugs.",
            "Thanks",
            "Thanks to all our translators and to everyone who wrote for this issue.",
        ]
    );
    assert!(store.units.iter().all(|e| e.state == State::Untranslated));

    ws.translate_all("fr", "2026-10-05-newsletter");
    let before = ws.snapshot();
    let (out, _) = ws.run(&["sync"], 0);
    assert!(out.contains("0 stores written, 2 unchanged."), "{out}");
    assert_eq!(
        ws.snapshot(),
        before,
        "a second sync must not touch any file"
    );
}

#[test]
fn english_edits_make_fuzzy_entries_and_nothing_is_lost() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    ws.translate_all("fr", "2026-10-05-newsletter");
    let edited = OCTOBER
        .replace(
            "Here is what happened in October.",
            "Here is what happened in October 2026.",
        )
        .replace("- [Gajim](https://gajim.org) fixed many bugs.\n", "")
        .replace("## Thanks\n", "## Thanks\n\nA brand new paragraph.\n");
    ws.write_issue("2026-10-05-newsletter", &edited);

    let (out, _) = ws.run(&["sync", "--lang", "fr"], 0);
    assert!(
        out.contains("updated      1 fuzzy, 1 new, 1 retired to obsolete"),
        "{out}"
    );
    assert!(
        out.contains("translations/fr/2026-10-05-newsletter.toml"),
        "{out}"
    );
    let store = ws.store("fr", "2026-10-05-newsletter");
    let fuzzy: Vec<_> = store
        .units
        .iter()
        .filter(|e| e.state == State::Fuzzy)
        .collect();
    assert_eq!(fuzzy.len(), 1);
    assert_eq!(
        fuzzy[0].english,
        "Welcome to the newsletter! Here is what happened in October 2026."
    );
    assert_eq!(
        fuzzy[0].previous.as_deref(),
        Some("Welcome to the newsletter! Here is what happened in October.")
    );
    assert_eq!(
        fuzzy[0].target,
        "fr(Welcome to the newsletter! Here is what happened in October.)"
    );
    let new: Vec<_> = store
        .units
        .iter()
        .filter(|e| e.state == State::Untranslated)
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].english, "A brand new paragraph.");
    assert_eq!(store.obsolete.len(), 1);
    assert_eq!(
        store.obsolete[0].target,
        "fr([Gajim](https://gajim.org) fixed many bugs.)"
    );
    // de was not selected: untouched, and not translated anyway.
    assert_eq!(ws.store("de", "2026-10-05-newsletter").units.len(), 7);

    // The unit comes back: its translation is restored from the obsolete list.
    ws.write_issue("2026-10-05-newsletter", OCTOBER);
    let (out, _) = ws.run(&["sync", "--lang=fr"], 0);
    assert!(out.contains("1 restored from obsolete"), "{out}");
    let store = ws.store("fr", "2026-10-05-newsletter");
    assert!(store.obsolete.is_empty());
    assert!(
        store.units.iter().all(|e| e.state == State::Translated),
        "{store:?}"
    );
}

#[test]
fn new_issues_reuse_translations_of_repeated_english() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    ws.translate_all("fr", "2026-10-05-newsletter");
    let november = OCTOBER
        .replace("October", "November")
        .replace("2026-10-05", "2026-11-05");
    ws.write_issue("2026-11-05-newsletter", &november);

    let (out, _) = ws.run(&["sync", "2026-11-05-newsletter"], 0);
    assert!(
        out.contains("fr   2026-11-05-newsletter  created      7 units, 5 from memory"),
        "{out}"
    );
    assert!(
        !out.contains("2026-10-05"),
        "only the named issue is synced: {out}"
    );
    let store = ws.store("fr", "2026-11-05-newsletter");
    let filled: Vec<_> = store.units.iter().filter(|e| e.origin.is_some()).collect();
    let sources: Vec<&str> = filled.iter().map(|e| e.english.as_str()).collect();
    // The title and the paragraph naming the month differ; the rest repeats October.
    assert_eq!(
        sources,
        [
            "Welcome",
            "[Dino](https://dino.im) 0.5 is out.",
            "[Gajim](https://gajim.org) fixed many bugs.",
            "Thanks",
            "Thanks to all our translators and to everyone who wrote for this issue.",
        ]
    );
    for entry in &filled {
        assert_eq!(entry.origin.as_deref(), Some("2026-10-05-newsletter"));
        assert_eq!(entry.state, State::Translated);
        assert_eq!(entry.target, format!("fr({})", entry.english));
    }
    assert_eq!(store.units[0].state, State::Untranslated);
    assert_eq!(store.units[2].state, State::Untranslated);
}

#[test]
fn a_store_with_conflict_markers_stops_the_sync_untouched() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    ws.translate_all("fr", "2026-10-05-newsletter");
    let path = ws.store_path("fr", "2026-10-05-newsletter");
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "target = '''fr(Welcome)'''\n",
        "<<<<<<< HEAD\ntarget = '''fr(Welcome)'''\n=======\ntarget = '''Bienvenue'''\n>>>>>>> other\n",
        1,
    );
    assert_ne!(broken, text);
    fs::write(&path, &broken).unwrap();
    let line = line_of(&broken, "<<<<<<<");
    // The English changes too, so the sync would have something to write everywhere.
    ws.write_issue(
        "2026-10-05-newsletter",
        &OCTOBER.replace("many bugs", "many more bugs"),
    );
    let de_before = fs::read(ws.store_path("de", "2026-10-05-newsletter")).unwrap();

    let (out, err) = ws.run(&["sync"], 2);
    assert_eq!(out, "");
    assert_eq!(
        err.trim(),
        format!(
            "verso: translations/fr/2026-10-05-newsletter.toml:{line}: unresolved git merge \
             conflict (`<<<<<<< HEAD`); resolve it, then run verso again"
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    assert_eq!(
        fs::read(ws.store_path("de", "2026-10-05-newsletter")).unwrap(),
        de_before
    );
    // status refuses as well rather than report on a guess.
    let (_, err) = ws.run(&["status"], 2);
    assert!(
        err.contains(&format!(":{line}: unresolved git merge conflict")),
        "{err}"
    );
}

#[test]
fn invalid_stores_and_issues_are_reported_with_file_and_line() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    let path = ws.store_path("de", "2026-10-05-newsletter");
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen("state = \"untranslated\"", "state = \"done\"", 1);
    fs::write(&path, &broken).unwrap();
    let line = line_of(&broken, "\"done\"");
    let (_, err) = ws.run(&["sync"], 2);
    assert!(
        err.starts_with(&format!(
            "verso: translations/de/2026-10-05-newsletter.toml:{line}:9: "
        )),
        "{err}"
    );
    assert!(err.contains("done"), "{err}");
    fs::write(&path, &text).unwrap();

    ws.write_issue(
        "2026-11-05-newsletter",
        "---\ntitle: x\n\nNo closing fence.\n",
    );
    let (_, err) = ws.run(&["sync"], 2);
    assert!(
        err.contains("2026-11-05-newsletter.md:1: front matter"),
        "{err}"
    );

    let (_, err) = ws.run(&["sync", "--lang", "es"], 2);
    assert!(err.contains("language `es` is not in"), "{err}");
    let (_, err) = ws.run(&["sync", "1999-01-01-newsletter"], 2);
    assert!(
        err.contains("no issue `1999-01-01-newsletter` in translations/en"),
        "{err}"
    );
}

#[test]
fn the_workspace_is_found_from_below_or_given_with_dash_c() {
    let ws = workspace();
    let sub = ws.root().join("translations/en");
    let out = ws.verso().current_dir(&sub).arg("sync").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(ws.store_path("fr", "2026-10-05-newsletter").exists());

    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("verso")
        .unwrap()
        .current_dir(elsewhere.path())
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no verso.toml in"), "{err}");
    let out = Command::cargo_bin("verso")
        .unwrap()
        .current_dir(elsewhere.path())
        .arg("-C")
        .arg(ws.root())
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn dry_run_writes_nothing() {
    let ws = workspace();
    let (out, _) = ws.run(&["sync", "--dry-run"], 0);
    assert!(out.contains("would create"), "{out}");
    assert!(!ws.root().join("translations/fr").exists());
}

#[test]
fn status_reports_coverage_and_gates_on_minimums() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    // fr: 3 of 7 units translated, 1 of them reviewed; 1 fuzzy.
    let mut store = ws.store("fr", "2026-10-05-newsletter");
    for (i, state) in [
        (0, State::Reviewed),
        (1, State::Translated),
        (5, State::Translated),
        (2, State::Fuzzy),
    ] {
        store.units[i].target = format!("fr {i}");
        store.units[i].state = state;
    }
    ws.write_store("fr", "2026-10-05-newsletter", &store);

    let (out, _) = ws.run(&["status"], 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "fr");
    // 3/7 units is 9 of 20 cells (rounded), 4/7 is 11: 2 fuzzy cells. Words: title 2,
    // "Welcome" 1 and "Thanks" 1 done, of 2 + 1 + 10 + 4 + 4 + 1 + 13.
    assert!(
        lines[2].starts_with("  2026-10-05-newsletter  █████████▒▒░░░░░░░░░    42%        3/7      1      3          0         4/35"),
        "{out}"
    );
    assert!(out.contains("\nde\n"), "{out}");

    let (out, _) = ws.run(&["status", "--format", "json", "--lang", "fr"], 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr = &json["languages"][0];
    assert_eq!(fr["language"], "fr");
    assert_eq!(fr["total"]["units"]["reviewed"], 1);
    assert_eq!(fr["total"]["units"]["translated"], 2);
    assert_eq!(fr["total"]["units"]["fuzzy"], 1);
    assert_eq!(fr["total"]["units"]["untranslated"], 3);
    assert_eq!(fr["total"]["words"]["total"], 35);
    assert_eq!(fr["issues"][0]["needs_sync"], false);
    assert_eq!(json["languages"].as_array().unwrap().len(), 1);

    let (out, _) = ws.run(&["status", "--format", "markdown", "--lang", "fr"], 0);
    assert!(
        out.contains("| fr | 2026-10-05-newsletter | 42% | 3 / 7 | 1 | 1 | 3 | 0 | 4 / 35 |"),
        "{out}"
    );

    // The gate: fr has 42.9% of its units done.
    let (out, _) = ws.run(&["status", "--min", "fr=40"], 0);
    assert!(out.contains("meets its minimum of 40%"), "{out}");
    let (out, _) = ws.run(&["status", "--min", "fr=40,de=1"], 1);
    assert!(out.contains("under its minimum of 1%"), "{out}");
    let (out, _) = ws.run(
        &["status", "--lang", "fr", "--min", "50", "--format", "json"],
        1,
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["languages"][0]["meets_minimum"], false);
    let (_, err) = ws.run(&["status", "--min", "es=10"], 2);
    assert!(
        err.contains("`es` is not a language of this workspace"),
        "{err}"
    );
    let (_, err) = ws.run(&["status", "--min", "fr=120"], 2);
    assert!(err.contains("not a percentage"), "{err}");

    // English that changed since the last sync: counted as the sync will leave it.
    ws.write_issue(
        "2026-10-05-newsletter",
        &OCTOBER.replace("## Thanks", "## Many thanks"),
    );
    let (out, _) = ws.run(&["status", "--lang", "fr"], 0);
    assert!(out.contains("needs verso sync"), "{out}");
    assert!(
        out.contains("2/7"),
        "the translated heading is now fuzzy: {out}"
    );
}

#[test]
fn english_lines_that_look_like_conflict_markers_never_block_a_language() {
    let ws = workspace();
    ws.write_issue(
        "2026-10-05-newsletter",
        &OCTOBER.replace(
            "Here is what happened in October.",
            "Here is what happened in October.\n<<<<<<< HEAD\nis what git writes,\n=======\n\
             and so is this.",
        ),
    );
    ws.run(&["sync"], 0);
    let text = fs::read_to_string(ws.store_path("fr", "2026-10-05-newsletter")).unwrap();
    assert!(text.contains(r#"english = "Welcome to the newsletter! Here is what happened in October.\n<<<<<<< HEAD\n"#), "{text}");
    ws.translate_all("fr", "2026-10-05-newsletter");
    let (out, _) = ws.run(&["sync"], 0);
    assert!(out.contains("0 stores written"), "{out}");
    ws.run(&["status"], 0);
}

#[test]
fn a_valid_hand_edit_in_another_layout_does_not_need_a_sync() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    let path = ws.store_path("fr", "2026-10-05-newsletter");
    let text = fs::read_to_string(&path).unwrap();
    // The translator writes the title the old way: a basic string, escapes and all.
    let edited = text.replacen(
        "state = \"untranslated\"\nenglish = '''Newsletter: October'''\ntarget = ''''''",
        "state = \"translated\"\nenglish = \"Newsletter: October\"\ntarget = \"Lettre : \\\"octobre\\\"\"",
        1,
    );
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    let (out, _) = ws.run(&["status", "--lang", "fr"], 0);
    assert!(!out.contains("needs verso sync"), "{out}");
    // sync still writes its own layout, which reads back the same.
    let before = ws.store("fr", "2026-10-05-newsletter");
    ws.run(&["sync"], 0);
    assert_eq!(ws.store("fr", "2026-10-05-newsletter"), before);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("target = '''Lettre : \"octobre\"'''")
    );
}

#[test]
fn a_save_made_while_a_sync_runs_is_never_overwritten() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    ws.write_issue(
        "2026-10-05-newsletter",
        &OCTOBER.replace("many bugs", "many more bugs"),
    );
    let workspace = verso_workspace::Workspace::discover(ws.root()).unwrap();
    let issues = workspace.select_issues(&[]).unwrap();
    let languages = workspace.select_languages(&[]).unwrap();
    let plan = workspace.plan(&issues, &languages).unwrap();
    // Between the plan (which read every store) and the write, the translator saves.
    let path = ws.store_path("fr", "2026-10-05-newsletter");
    let saved = fs::read_to_string(&path).unwrap().replacen(
        "target = ''''''",
        "target = '''Bienvenue'''",
        1,
    );
    fs::write(&path, &saved).unwrap();
    let err = plan.write().unwrap_err();
    assert_eq!(
        err.to_string(),
        "translations/fr/2026-10-05-newsletter.toml: changed on disk while verso was working; \
         left as it is"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), saved);
    // The next sync takes the translation in.
    ws.run(&["sync"], 0);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("target = '''Bienvenue'''")
    );
}

/// `allow` and `note` are fields of an entry that no stage computes (unlike
/// `[unit.suggestion]`, which each sync finds anew): a sync keeps them, cold or warm (with verso's cache under `.verso/`), read by the fast
/// reader of verso's own layout or, in another layout, by the TOML parser.
#[test]
fn allow_and_note_survive_every_sync() {
    let ws = workspace();
    ws.run(&["sync"], 0);
    ws.translate_all("fr", "2026-10-05-newsletter");
    let mut store = ws.store("fr", "2026-10-05-newsletter");
    store.units[1].allow = vec![verso_store::Allow {
        check: "length-ratio".into(),
        reason: "d'accord, it's long".into(),
    }];
    store.units[2].note = Some("import: weak pair".into());
    ws.write_store("fr", "2026-10-05-newsletter", &store);
    let path = ws.store_path("fr", "2026-10-05-newsletter");
    let written = fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("allow = [{ check = \"length-ratio\""),
        "{written}"
    );
    let status = ws.run(&["status"], 0);
    for round in 0..3 {
        if round == 1 {
            fs::remove_dir_all(ws.root().join(".verso")).ok();
        }
        let (out, _) = ws.run(&["sync"], 0);
        assert!(out.contains("0 stores written"), "{out}");
        assert_eq!(fs::read_to_string(&path).unwrap(), written, "round {round}");
        assert_eq!(ws.run(&["status"], 0), status, "round {round}");
    }
    assert_eq!(ws.store("fr", "2026-10-05-newsletter"), store);
    // Laid out by hand: read by the TOML parser, kept, and written back in verso's layout.
    let hand = written.replace(
        "allow = [{ check = \"length-ratio\", reason = '''d'accord, it's long''' }]",
        "allow = [ { check = 'length-ratio', reason = \"d'accord, it's long\" } ]",
    );
    assert_ne!(hand, written);
    fs::write(&path, &hand).unwrap();
    let (out, _) = ws.run(&["sync"], 0);
    assert!(out.contains("0 stores written"), "{out}");
    assert_eq!(ws.store("fr", "2026-10-05-newsletter"), store);
    assert_eq!(ws.run(&["status"], 0), status);
}
