//! Renamed and removed English issues, on a real corpus issue: a renamed issue takes its store
//! along with every translation, a removed one leaves an orphan that is reported and still
//! feeds the translation memory. Skipped, with a message, where the corpus is absent.

use std::fs;
use std::path::{Path, PathBuf};

use verso_store::{State, Store};
use verso_workspace::Workspace;

const ISSUE: &str = "2025-06-10-newsletter";
const OTHER: &str = "2025-05-05-newsletter";

fn corpus() -> Option<PathBuf> {
    let corpus = verso_testkit::corpus()?;
    assert!(
        corpus.join(format!("en/{ISSUE}.md")).is_file(),
        "{ISSUE} is not in the corpus"
    );
    Some(corpus)
}

fn workspace(root: &Path) -> Workspace {
    fs::write(root.join("verso.toml"), "languages = [\"fr\"]\n").unwrap();
    Workspace::open(root).unwrap()
}

fn sync(ws: &Workspace) -> verso_workspace::Plan {
    let issues = ws.select_issues(&[]).unwrap();
    let plan = ws.plan(&issues, &["fr".to_string()]).unwrap();
    plan.write().unwrap();
    plan
}

fn english(root: &Path, name: &str) -> PathBuf {
    root.join(format!("translations/en/{name}.md"))
}

fn store_path(root: &Path, name: &str) -> PathBuf {
    root.join(format!("translations/fr/{name}.toml"))
}

#[test]
fn a_renamed_issue_takes_its_translations_along_and_a_removed_one_is_reported() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("translations/en")).unwrap();
    let text = fs::read_to_string(corpus.join(format!("en/{ISSUE}.md"))).unwrap();
    fs::write(english(root, ISSUE), &text).unwrap();
    let ws = workspace(root);
    sync(&ws);

    // Every unit translated.
    let mut store = Store::read(&store_path(root, ISSUE)).unwrap().unwrap();
    for entry in &mut store.units {
        entry.target = format!("⟦{}⟧", entry.english);
        entry.state = State::Translated;
    }
    store.write(&store_path(root, ISSUE)).unwrap();
    let units = store.units.len();
    assert!(units > 50, "{units}");

    // The issue is renamed, and its first paragraph edited on the way.
    let renamed = "2025-06-10-newsletter-june";
    fs::remove_file(english(root, ISSUE)).unwrap();
    let first = store
        .units
        .iter()
        .find(|e| e.kind == verso_store::Kind::Paragraph)
        .unwrap()
        .english
        .clone();
    let edited = text.replacen(&first, &format!("{first} Welcome back!"), 1);
    assert_ne!(edited, text);
    fs::write(english(root, renamed), &edited).unwrap();

    let plan = sync(&ws);
    assert!(plan.orphans.is_empty(), "{:?}", plan.orphans);
    let item = plan.items.iter().find(|i| i.issue == renamed).unwrap();
    assert_eq!(item.renamed_from.as_ref().unwrap().issue, ISSUE);
    assert!(!store_path(root, ISSUE).exists());
    let moved = Store::read(&store_path(root, renamed)).unwrap().unwrap();
    assert_eq!(
        moved.issue_path,
        format!("translations/en/{renamed}.md"),
        "the store names its new issue"
    );
    assert_eq!(moved.units.len(), units);
    assert_eq!(
        moved.units.iter().filter(|e| e.state.is_done()).count(),
        units - 1
    );
    assert_eq!(
        moved
            .units
            .iter()
            .filter(|e| e.state == State::Fuzzy)
            .count(),
        1
    );
    // Every translation made is still there.
    for entry in &store.units {
        assert!(
            moved.units.iter().any(|e| e.target == entry.target),
            "lost: {}",
            entry.target
        );
    }

    // The issue is removed: its store stays, reported as an orphan, and feeds the memory of
    // an issue that arrives later.
    fs::remove_file(english(root, renamed)).unwrap();
    fs::copy(corpus.join(format!("en/{OTHER}.md")), english(root, OTHER)).unwrap();
    let plan = sync(&ws);
    assert_eq!(plan.orphans.len(), 1);
    assert_eq!(plan.orphans[0].issue, renamed);
    assert!(store_path(root, renamed).exists());
    let other = Store::read(&store_path(root, OTHER)).unwrap().unwrap();
    let filled: Vec<_> = other
        .units
        .iter()
        .filter(|e| e.origin.as_deref() == Some(renamed))
        .collect();
    assert!(!filled.is_empty(), "the orphan's translations fill repeats");
    println!(
        "renamed: {units} units moved with their translations (1 fuzzy); removed: {} units of \
         {OTHER} filled from the orphaned store",
        filled.len()
    );
}

#[test]
fn an_unrelated_new_issue_does_not_take_an_orphan() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("translations/en")).unwrap();
    fs::copy(corpus.join(format!("en/{ISSUE}.md")), english(root, ISSUE)).unwrap();
    let third = "2025-04-05-newsletter";
    fs::copy(corpus.join(format!("en/{third}.md")), english(root, third)).unwrap();
    let ws = workspace(root);
    sync(&ws);
    fs::remove_file(english(root, ISSUE)).unwrap();
    fs::copy(corpus.join(format!("en/{OTHER}.md")), english(root, OTHER)).unwrap();
    let plan = sync(&ws);
    assert!(plan.items.iter().all(|i| i.renamed_from.is_none()));
    assert_eq!(plan.orphans.len(), 1);
    assert!(store_path(root, ISSUE).exists());
    assert!(store_path(root, OTHER).exists());
}
