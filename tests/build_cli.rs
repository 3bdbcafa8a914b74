//! `verso build` end to end, on a copy of the example workspace.

use std::fs;

use verso_store::State;
use verso_testkit::{TempWorkspace, line_of};

const ISSUE: &str = "2026-11-05-newsletter";

/// Runs verso, expecting `code`; returns stdout and stderr.
#[track_caller]
fn verso(ws: &TempWorkspace, args: &[&str], code: i32) -> (String, String) {
    let output = verso_testkit::verso(ws.root()).args(args).output().unwrap();
    verso_testkit::expect_exit(&output, code, &format!("verso {args:?}"))
}

#[test]
fn build_writes_one_file_per_issue_language_and_outlet() {
    let ws = TempWorkspace::example();
    let (stdout, _) = verso(&ws, &["build"], 0);
    insta::assert_snapshot!(stdout);
    let built = ws.root().join("build");
    for file in [
        "content/blog/newsletter/2026-11-05-newsletter.fr.md",
        "content/blog/newsletter/2026-11-05-newsletter.de.md",
        "content/blog/newsletter/2026-11-05-newsletter.it.md",
        "linuxfr/2026-11-05-newsletter.md",
        "linuxfr/2026-11-05-newsletter.title",
        "anoxinon/2026-11-05-xmpp-newsletter.md",
        "nicfab/2026-11-05-newsletter-xmpp.md",
    ] {
        assert!(built.join(file).is_file(), "{file} is missing");
    }
    let linuxfr = fs::read_to_string(built.join("linuxfr/2026-11-05-newsletter.md")).unwrap();
    assert!(!linuxfr.contains("{{<"));
    assert!(linuxfr.starts_with("Ceci est la traduction française"));
    // A second build finds every file up to date and writes nothing.
    let (again, _) = verso(&ws, &["build"], 0);
    assert!(
        again.ends_with("(0 files written, 14 already up to date)\n"),
        "{again}"
    );
    assert_eq!(
        fs::read_to_string(built.join("linuxfr/2026-11-05-newsletter.md")).unwrap(),
        linuxfr
    );
}

#[test]
fn dry_run_and_selection_write_nothing_else() {
    let ws = TempWorkspace::example();
    let (stdout, _) = verso(
        &ws,
        &[
            "build",
            "--dry-run",
            ISSUE,
            "--lang",
            "fr",
            "--outlet",
            "linuxfr",
        ],
        0,
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.starts_with("build/linuxfr/2026-11-05-newsletter.md  "),
        "{stdout}"
    );
    assert!(!ws.root().join("build").exists());
    let (_, stderr) = verso(&ws, &["build", "--outlet", "nope"], 2);
    assert!(stderr.contains("outlet `nope` is not in"), "{stderr}");
}

#[test]
fn an_injected_target_is_published_in_english_and_named() {
    let ws = TempWorkspace::example();
    let mut store = ws.store("fr", ISSUE);
    let entry = store
        .units
        .iter_mut()
        .find(|e| e.kind == verso_store::Kind::Paragraph)
        .unwrap();
    let english = entry.english.clone();
    entry.target = format!("{} <script>alert(1)</script>", entry.english);
    entry.state = State::Translated;
    let id = entry.id.clone();
    ws.write_store("fr", ISSUE, &store);
    let (stdout, _) = verso(&ws, &["build", ISSUE, "--lang", "fr"], 0);
    assert!(
        stdout.contains(&format!(
            "refused: translations/fr/{ISSUE}.toml: unit {id} "
        )),
        "{stdout}"
    );
    for file in [
        "content/blog/newsletter/2026-11-05-newsletter.fr.md",
        "linuxfr/2026-11-05-newsletter.md",
    ] {
        let text = fs::read_to_string(ws.root().join("build").join(file)).unwrap();
        assert!(!text.contains("<script"), "{file}");
        assert!(text.contains(english.lines().next().unwrap()), "{file}");
    }
}

#[test]
fn min_refuses_files_under_the_share_with_status_1() {
    let ws = TempWorkspace::example();
    let (stdout, _) = verso(&ws, &["build", "--min", "90", "--lang", "it"], 1);
    assert!(
        stdout.contains("REFUSED: under the minimum of 90%"),
        "{stdout}"
    );
    assert!(
        !ws.root()
            .join("build/content/blog/newsletter/2026-11-05-newsletter.it.md")
            .exists()
    );
    let (_, stderr) = verso(&ws, &["build", "--min", "120"], 2);
    assert!(stderr.contains("between 0 and 100"), "{stderr}");
}

#[test]
fn a_broken_ftl_file_stops_the_build_with_file_and_line() {
    let ws = TempWorkspace::example();
    let path = ws.root().join("l10n/de/outlets.ftl");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("broken = { $unclosed\n");
    fs::write(&path, &text).unwrap();
    let (_, stderr) = verso(&ws, &["build"], 2);
    let line = line_of(&text, "broken =");
    assert!(
        stderr.contains(&format!("l10n/de/outlets.ftl:{line}: ")),
        "{stderr}"
    );
    assert!(!ws.root().join("build").exists(), "nothing is written");
}

#[test]
fn a_missing_message_falls_back_to_english_with_a_warning() {
    let ws = TempWorkspace::example();
    let path = ws.root().join("l10n/it/outlets.ftl");
    let text = fs::read_to_string(&path).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("header ="))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&path, kept).unwrap();
    let (stdout, _) = verso(&ws, &["build", ISSUE, "--outlet", "nicfab"], 0);
    assert!(
        stdout.contains(
            "warning: message `header` is missing from the it messages; the English one is used"
        ),
        "{stdout}"
    );
    let nicfab =
        fs::read_to_string(ws.root().join("build/nicfab/2026-11-05-newsletter-xmpp.md")).unwrap();
    assert!(
        nicfab.contains("This is a translation of the XMPP Newsletter of ottobre 2026"),
        "{nicfab}"
    );
}
