//! `verso check` end to end on a copy of the example workspace: adversarial targets written
//! into a store are reported with the store's file and line, and decide the exit status.

use std::fs;
use std::path::Path;

use verso_testkit::{TempWorkspace, line_of};

const ISSUE: &str = "2026-11-05-newsletter";

/// Runs verso in `root`; returns its exit code and stdout, with stderr after a marker line.
fn run(root: &Path, args: &[&str]) -> String {
    verso_testkit::transcript(&verso_testkit::verso(root).args(args).output().unwrap())
}

/// The example workspace with a glossary, and these targets set (translated) in the French
/// store of the November issue, by unit id.
fn workspace(targets: &[(&str, &str)]) -> TempWorkspace {
    let ws = TempWorkspace::example();
    fs::create_dir_all(ws.root().join("glossary")).unwrap();
    fs::write(
        ws.root().join("glossary/fr.toml"),
        "[[term]]\nterm = \"community\"\ntranslation = [\"communauté\"]\n",
    )
    .unwrap();
    let mut store = ws.store("fr", ISSUE);
    for (id, target) in targets {
        let entry = store.units.iter_mut().find(|e| e.id == *id).unwrap();
        entry.target = target.to_string();
        entry.state = verso_store::State::Translated;
    }
    ws.write_store("fr", ISSUE, &store);
    ws
}

const INJECTED: &str = "Comme cette lettre, de nombreux projets sont bénévoles <script>alert(1)</script>.\n\n- [rendez-vous](https://evil.example/)";

#[test]
fn the_example_workspace_passes() {
    let ws = workspace(&[]);
    insta::assert_snapshot!(run(ws.root(), &["check"]), @r"
    exit: 0
    0 errors, 0 warnings
    ");
}

#[test]
fn injections_are_errors_with_store_and_line() {
    let ws = workspace(&[("e1232e16", INJECTED)]);
    let output = run(ws.root(), &["check", "--lang", "fr"]);
    let store = fs::read_to_string(ws.store_path("fr", ISSUE)).unwrap();
    let line = line_of(&store, "id = \"e1232e16\"");
    assert!(
        output.contains(&format!(
            "translations/fr/{ISSUE}.toml:{line}: unit e1232e16: error: "
        )),
        "{output}"
    );
    insta::assert_snapshot!(output);
}

#[test]
fn formats() {
    let ws = workspace(&[("e1232e16", INJECTED)]);
    insta::assert_snapshot!("check_json", run(ws.root(), &["check", "--format", "json"]));
    insta::assert_snapshot!(
        "check_markdown",
        run(ws.root(), &["check", "--format", "markdown"])
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    // Drops the glossary's `communauté` and the `18:00`, and spaces its colon as in English:
    // three warnings, no error.
    let ws = workspace(&[(
        "7a6dc474",
        "Les permanences mensuelles continuent : chaque premier mardi du mois, dans le\n[salon](https://example.org/office-hours).",
    )]);
    insta::assert_snapshot!(run(ws.root(), &["check"]), @r"
    exit: 0
    translations/fr/2026-11-05-newsletter.toml:71: unit 7a6dc474: warning: the numbers differ from the English [numbers]
      en: 18 00
    translations/fr/2026-11-05-newsletter.toml:71: unit 7a6dc474: warning: the glossary translates `community` as `communauté` [glossary]
      en: community
    translations/fr/2026-11-05-newsletter.toml:71: unit 7a6dc474: warning: a regular space before `:` (French wants a no-break space, U+202F or U+00A0) [typography]
      fr:  continuent : ch
    0 errors, 3 warnings
    ");
    assert!(run(ws.root(), &["check", "--strict"]).starts_with("exit: 1\n"));
}

#[test]
fn a_warning_silenced_in_the_store_is_not_reported_but_an_error_is() {
    let ws = workspace(&[(
        "7a6dc474",
        "Les permanences mensuelles continuent : chaque premier mardi du mois, dans le\n[salon](https://evil.example/).",
    )]);
    let path = ws.store_path("fr", ISSUE);
    let text = fs::read_to_string(&path).unwrap().replace(
        "id = \"7a6dc474\"\n",
        "id = \"7a6dc474\"\nallow = [{ check = \"numbers\", reason = \"the hour is in the title\" }, { check = \"new-link\", reason = \"trust me\" }]\n",
    );
    fs::write(&path, text).unwrap();
    let output = run(ws.root(), &["check", "--strict"]);
    assert!(!output.contains("[numbers]"), "{output}");
    assert!(
        output.contains("error: the translation links to `https://evil.example/`"),
        "{output}"
    );
    assert!(output.contains("errors cannot be silenced"), "{output}");
    assert!(output.starts_with("exit: 1\n"), "{output}");
}

#[test]
fn status_counts_findings_per_issue() {
    let ws = workspace(&[("e1232e16", INJECTED)]);
    let output = run(
        ws.root(),
        &["status", "--lang", "fr", "--format", "markdown"],
    );
    insta::assert_snapshot!(output);
}

#[test]
fn a_broken_glossary_stops_with_its_file_and_line() {
    let ws = workspace(&[]);
    fs::write(
        ws.root().join("glossary/fr.toml"),
        "[[term]]\nterm = \"x\"\noops = 1\n",
    )
    .unwrap();
    let output = run(ws.root(), &["check"]);
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(output.contains("glossary/fr.toml:3: "), "{output}");
}

/// `verso check` prints the same, exit status and stderr included, whether its findings come
/// from the cache (`.verso/cache/check-LANG`, saved by a check or a status) or from a fresh
/// check, with one thread or two; the cache follows an edit of a store or a glossary.
#[test]
fn the_cache_changes_no_output() {
    // Fragments with line feeds, which the cache file must keep.
    let ws = workspace(&[
        ("e1232e16", INJECTED),
        (
            "7a6dc474",
            "Les permanences\tmensuelles continuent : chaque premier mardi du mois, dans le\n[salon](https://example.org/office-hours).",
        ),
    ]);
    let cache = ws.root().join(".verso");
    let saved = cache.join("cache/check-fr");
    let run = |threads: usize, args: &[&str]| {
        let output = verso_testkit::verso(ws.root())
            .env("RAYON_NUM_THREADS", threads.to_string())
            .args(args)
            .output()
            .unwrap();
        verso_testkit::transcript(&output)
    };
    let clear = || {
        let _ = fs::remove_dir_all(&cache);
    };
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--format", "markdown"],
        &["check", "--lang", "de,fr", "--strict"],
        &["check", ISSUE],
    ] {
        let mut outputs = Vec::new();
        for threads in [1, 2] {
            clear();
            outputs.push(run(threads, args)); // cold
            outputs.push(run(threads, args)); // warm
        }
        assert!(outputs[0].starts_with("exit: 1\n"), "{}", outputs[0]);
        assert!(
            outputs.iter().all(|o| *o == outputs[0]),
            "{args:?}: {outputs:#?}"
        );
    }

    // The warm run reads the cache: a finding changed there shows.
    clear();
    let cold = run(2, &["check"]);
    let text = fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\\n"), "{text}");
    fs::write(&saved, text.replace("evil.example", "cached.example")).unwrap();
    let warm = run(2, &["check"]);
    assert_eq!(warm, cold.replace("evil.example", "cached.example"));
    assert_ne!(warm, cold);
    // A file cut short is no cache.
    fs::write(&saved, &text[..text.len() - 4]).unwrap();
    assert_eq!(run(1, &["check"]), cold);

    // A status saves the findings too.
    clear();
    run(2, &["status"]);
    assert!(saved.is_file());
    assert_eq!(run(1, &["check"]), cold);

    // A store or a glossary edited: the cache is stale.
    let mut outputs = vec![run(2, &["check", "--format", "json"])];
    let mut store = ws.store("fr", ISSUE);
    let entry = store.units.iter_mut().find(|e| e.id == "e1232e16").unwrap();
    entry.target = "Comme cette lettre, de nombreux projets sont bénévoles.".into();
    ws.write_store("fr", ISSUE, &store);
    let glossary = ws.root().join("glossary/fr.toml");
    for edit in [
        None,
        Some("[[term]]\nterm = \"projects\"\ntranslation = [\"QQQ\"]\n"),
    ] {
        if let Some(text) = edit {
            fs::write(&glossary, text).unwrap();
        }
        let warm = run(2, &["check", "--format", "json"]);
        clear();
        assert_eq!(run(1, &["check", "--format", "json"]), warm);
        assert_ne!(Some(&warm), outputs.last());
        outputs.push(warm);
    }
}
