//! Whole-output snapshots of the translator's daily commands on a copy of the example
//! workspace: `verso todo`, `verso diff`, `verso status` (unreadable and orphaned stores,
//! `--summary`, a narrow terminal) and `verso sync --check`, and the moves of a renamed issue.

use std::fs;
use std::path::Path;

use verso_testkit::TempWorkspace;

/// Runs verso in `root` with `env`; returns its exit code and stdout, with stderr after a
/// marker line.
fn run_with(root: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = verso_testkit::verso(root);
    for (key, value) in env {
        command.env(key, value);
    }
    verso_testkit::transcript(&command.args(args).output().unwrap())
}

fn run(root: &Path, args: &[&str]) -> String {
    run_with(root, &[], args)
}

#[test]
fn todo_lists_fuzzy_then_untranslated_then_drafts() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    // A draft: text typed into an untranslated unit's target, state left as it is.
    let path = root.join("translations/fr/2026-11-05-newsletter.toml");
    let text = fs::read_to_string(&path).unwrap();
    let drafted = text.replacen(
        "english = '''The Windows build is now signed.'''\ntarget = ''''''",
        "english = '''The Windows build is now signed.'''\ntarget = '''La version Windows est'''",
        1,
    );
    assert_ne!(drafted, text);
    fs::write(&path, drafted).unwrap();
    insta::assert_snapshot!("todo_fr", run(root, &["todo", "--lang", "fr"]));
    insta::assert_snapshot!(
        "todo_review_it",
        run(
            root,
            &["todo", "2026-11-05-newsletter", "--lang", "it", "--review"]
        )
    );
    insta::assert_snapshot!(
        "todo_nothing",
        run(root, &["todo", "2026-10-05-newsletter", "--lang", "fr"])
    );
}

#[test]
fn todo_lines_point_at_the_target_to_type_into() {
    let ws = TempWorkspace::example();
    let out = run(ws.root(), &["todo", "--lang", "de"]);
    let mut checked = 0;
    for line in out.lines().skip(1) {
        let Some((location, _)) = line.split_once("  ") else {
            continue;
        };
        let Some((file, number)) = location.rsplit_once(':') else {
            continue;
        };
        let text = fs::read_to_string(ws.root().join(file)).unwrap();
        let number: usize = number.parse().unwrap();
        let target = text.lines().nth(number - 1).unwrap();
        assert!(target.starts_with("target = "), "{line}: {target}");
        checked += 1;
    }
    assert!(checked > 10, "{out}");
}

#[test]
fn diff_shows_what_changed_in_the_english_of_fuzzy_units() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    insta::assert_snapshot!("diff_text", run(root, &["diff"]));
    insta::assert_snapshot!(
        "diff_json",
        run(root, &["diff", "--lang", "fr", "--format", "json"])
    );
    // Coloured on request: no markers then, but styles.
    let coloured = run_with(root, &[], &["--color", "always", "diff", "--lang", "fr"]);
    assert!(!coloured.contains("{+"), "{coloured}");
    assert!(
        coloured.contains("translation\u{1b}[4m\u{1b}[32m and review\u{1b}[0m."),
        "{coloured:?}"
    );
    insta::assert_snapshot!("diff_none", run(root, &["diff", "2026-10-05-newsletter"]));
}

#[test]
fn status_reports_every_store_it_can_and_the_others_apart() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    // A translator's apostrophe in an old-style single-quoted string.
    let path = root.join("translations/de/2026-11-05-newsletter.toml");
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "target = '''Veranstaltungen'''",
        "target = 'Veranstaltungen'n'",
        1,
    );
    assert_ne!(broken, text);
    fs::write(&path, broken).unwrap();
    // An issue whose English file is gone.
    fs::copy(
        root.join("translations/fr/2026-10-05-newsletter.toml"),
        root.join("translations/fr/2026-09-05-newsletter.toml"),
    )
    .unwrap();
    insta::assert_snapshot!("status_unreadable_and_orphaned", run(root, &["status"]));
    insta::assert_snapshot!(
        "status_unreadable_json",
        run(root, &["status", "--lang", "de", "--format", "json"])
    );
    insta::assert_snapshot!(
        "status_summary_min",
        run(
            root,
            &["status", "--summary", "--lang", "fr,it", "--min", "50"]
        )
    );
}

#[test]
fn status_fits_the_terminal() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    for columns in ["80", "60"] {
        let out = run_with(root, &[("COLUMNS", columns)], &["status", "--lang", "fr"]);
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= columns.parse().unwrap(), "{out}");
        insta::assert_snapshot!(format!("status_columns_{columns}"), out);
    }
}

#[test]
fn sync_check_lists_the_stores_a_sync_would_change() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    insta::assert_snapshot!("sync_check_clean", run(root, &["sync", "--check"]));
    // A valid hand edit in another layout is not out of sync.
    let path = root.join("translations/it/2026-10-05-newsletter.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("'''", "\"\"\"")).unwrap();
    assert!(run(root, &["sync", "--check"]).starts_with("exit: 0\n"));
    // The English changes, and a new issue arrives.
    let issue = root.join("translations/en/2026-11-05-newsletter.md");
    let english = fs::read_to_string(&issue).unwrap();
    fs::write(&issue, english.replace("Software news", "Software updates")).unwrap();
    fs::write(
        root.join("translations/en/2026-12-05-newsletter.md"),
        "---\ntitle: December\n---\n\nSoon.\n",
    )
    .unwrap();
    let before = ws.stores_text();
    insta::assert_snapshot!("sync_check_stale", run(root, &["sync", "--check"]));
    assert_eq!(ws.stores_text(), before, "--check writes nothing");
}

#[test]
fn a_renamed_issue_moves_its_store_and_a_removed_one_is_reported() {
    let ws = TempWorkspace::example();
    let root = ws.root();
    let english = root.join("translations/en");
    fs::rename(
        english.join("2026-10-05-newsletter.md"),
        english.join("2026-10-newsletter.md"),
    )
    .unwrap();
    let fr = ws.store("fr", "2026-10-05-newsletter");
    insta::assert_snapshot!("sync_check_renamed", run(root, &["sync", "--check"]));
    insta::assert_snapshot!("sync_renamed", run(root, &["sync"]));
    assert!(!ws.store_path("fr", "2026-10-05-newsletter").exists());
    let moved = ws.store("fr", "2026-10-newsletter");
    assert_eq!(moved.units, fr.units);
    assert_eq!(moved.issue_path, "translations/en/2026-10-newsletter.md");

    fs::remove_file(english.join("2026-10-newsletter.md")).unwrap();
    insta::assert_snapshot!("sync_orphaned", run(root, &["sync"]));
    assert!(ws.store_path("fr", "2026-10-newsletter").exists());
}

#[test]
fn segment_uses_the_workspace_settings() {
    let ws = TempWorkspace::new("[segment]\nfront-matter-keys = [\"title\", \"subtitle\"]\n");
    ws.write_issue(
        "2026-12-05-newsletter",
        "---\ntitle: December\nsubtitle: What happened\n---\n\nSoon.\n",
    );
    let out = run(
        ws.root(),
        &["segment", "translations/en/2026-12-05-newsletter.md"],
    );
    assert!(out.contains("front-matter:subtitle"), "{out}");
    let elsewhere = tempfile::tempdir().unwrap();
    let file = ws.issue_path("2026-12-05-newsletter");
    let out = run(elsewhere.path(), &["segment", file.to_str().unwrap()]);
    assert!(!out.contains("subtitle"), "{out}");
}

#[test]
fn completions_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["completions", "bash"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("todo") && out.contains("--check"), "{out}");
    let help = run(dir.path(), &["--help"]);
    assert!(help.contains("Exit status:\n  0  success\n  1  "), "{help}");
    assert!(help.contains("Examples:"), "{help}");
}

/// The race as it happens: a translator saves a store while `verso sync` runs. Whenever the save
/// lands (before the sync read the store, between its read and its write, or after), the saved
/// translation is in the file afterwards: the sync either took it in or left the file alone and
/// said so. Before the read-bytes check, saves landing between read and write were lost.
#[test]
fn a_save_during_a_real_sync_is_never_lost() {
    let (mut took_in, mut refused) = (0, 0);
    for attempt in 0..12u64 {
        let ws = TempWorkspace::example();
        let root = ws.root();
        // The English changes, so the sync rewrites every store of the issue.
        let issue = root.join("translations/en/2026-11-05-newsletter.md");
        let english = fs::read_to_string(&issue).unwrap();
        fs::write(&issue, english.replace("Software news", "Software updates")).unwrap();
        let path = root.join("translations/fr/2026-11-05-newsletter.toml");
        let saved = fs::read_to_string(&path).unwrap().replacen(
            "target = ''''''",
            &format!("target = '''Traduction n° {attempt}'''"),
            1,
        );
        let sync = std::process::Command::new(env!("CARGO_BIN_EXE_verso"))
            .arg("sync")
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(attempt * 3));
        // An editor's save: a new file renamed over the old one.
        let temporary = root.join("translations/fr/.editor-save");
        fs::write(&temporary, &saved).unwrap();
        fs::rename(&temporary, &path).unwrap();
        let output = sync.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let after = fs::read_to_string(&path).unwrap();
        assert!(
            after.contains(&format!("target = '''Traduction n° {attempt}'''")),
            "attempt {attempt}: the save was lost\n{stderr}"
        );
        match output.status.code() {
            Some(0) => took_in += 1,
            Some(2) => {
                assert!(
                    stderr.contains("changed on disk while verso was working"),
                    "{stderr}"
                );
                refused += 1;
            }
            code => panic!("attempt {attempt}: exit {code:?}\n{stderr}"),
        }
    }
    println!("saves kept: {took_in} taken in or landed after the sync, {refused} refused by it");
}
