//! The outline cache and the threads change no result: on the corpus's English issues in two
//! languages, the outline of status and sync is the same whether it comes from the cache or
//! from a full plan, with one thread or two, and the plans themselves are the same with one
//! thread or two. Skipped, with a message, where the corpus is absent.

use std::fs;
use std::path::Path;

use verso_store::{State, Store};
use verso_workspace::{Config, Issue, Outline, Plan, StoreFindings, Workspace};

fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(work)
}

/// A workspace of every English issue of the corpus, synced once, then half of each store
/// translated and two issues edited: stores up to date, fuzzy, filled from memory or not.
fn workspace(root: &Path) -> Option<Workspace> {
    let corpus = verso_testkit::corpus()?;
    let english = root.join("translations/en");
    fs::create_dir_all(&english).unwrap();
    for entry in fs::read_dir(corpus.join("en")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            fs::copy(&path, english.join(path.file_name().unwrap())).unwrap();
        }
    }
    // Two languages: enough to check that they stay apart, and a third would only take time.
    let mut config = Config::default();
    config.languages = vec!["fr".into(), "de".into()];
    let ws = Workspace::with_config(root, config);
    let plan = plan(&ws, &all(&ws), 2);
    plan.write().unwrap();
    for item in &plan.items {
        let path = root.join(&item.path);
        let mut store = Store::read(&path).unwrap().unwrap();
        for entry in store.units.iter_mut().step_by(2) {
            entry.target = verso_testkit::pseudo_translation(&entry.english);
            entry.state = State::Translated;
        }
        store.write(&path).unwrap();
    }
    let issues = all(&ws);
    for issue in [&issues[3], &issues[40]] {
        let path = root.join(&issue.path);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("XMPP", "the XMPP", 3)).unwrap();
    }
    Some(ws)
}

fn all(ws: &Workspace) -> Vec<Issue> {
    ws.issues().unwrap()
}

fn languages(ws: &Workspace) -> Vec<String> {
    ws.config().languages.clone()
}

fn plan(ws: &Workspace, issues: &[Issue], threads: usize) -> Plan {
    in_pool(threads, || ws.plan(issues, &languages(ws)).unwrap())
}

fn outline(ws: &Workspace, issues: &[Issue], threads: usize) -> Vec<Outline> {
    in_pool(threads, || ws.outline(issues, &languages(ws)).unwrap())
}

/// Everything a plan decides, as text: each store as it would be written, and its flags.
fn plan_text(plan: &Plan) -> String {
    plan.items
        .iter()
        .map(|item| {
            format!(
                "{} {} {:?} exists={} up_to_date={} same_content={}\n{}",
                item.language,
                item.issue,
                item.changes,
                item.exists,
                item.up_to_date,
                item.same_content,
                item.store.to_toml()
            )
        })
        .collect()
}

/// A translator's save: the first untranslated entry of the store at `path` translated.
fn translate_one(path: &Path, target: &str) {
    let mut store = Store::read(path).unwrap().unwrap();
    let entry = store
        .units
        .iter_mut()
        .find(|e| e.state == State::Untranslated)
        .unwrap();
    entry.target = target.into();
    entry.state = State::Translated;
    store.write(path).unwrap();
}

fn cached(ws: &Workspace, issues: &[Issue]) -> bool {
    let probe = ws.probe(issues, &languages(ws)).unwrap();
    probe.outlines().is_some()
}

#[test]
fn cached_and_uncached_results_are_equal_with_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let Some(ws) = workspace(dir.path()) else {
        return;
    };
    let issues = all(&ws);

    let one = plan(&ws, &issues, 1);
    let two = plan(&ws, &issues, 2);
    assert_eq!(plan_text(&one), plan_text(&two));
    let expected = one.outline();
    assert!(expected.iter().any(|o| o.up_to_date));
    assert!(
        expected
            .iter()
            .any(|o| !o.up_to_date && o.changes.fuzzy > 0)
    );

    // Cold: no cache, a full plan, whose outline is saved.
    assert!(!cached(&ws, &issues));
    assert_eq!(outline(&ws, &issues, 2), expected);
    assert!(dir.path().join(".verso/cache").is_dir());
    // Warm, with either number of threads.
    assert!(cached(&ws, &issues));
    assert_eq!(outline(&ws, &issues, 1), expected);
    assert_eq!(outline(&ws, &issues, 2), expected);

    // Not every store is up to date, so a selection plans again, and agrees with its plan.
    let some = &issues[2..6];
    assert!(!cached(&ws, some));
    assert_eq!(outline(&ws, some, 2), plan(&ws, some, 1).outline());

    // A sync: the cache goes stale, and the next outline is that of a new plan.
    two.write().unwrap();
    assert!(!cached(&ws, &issues));
    // Suggestions depend on what a sync filled elsewhere: sync until nothing changes.
    for _ in 0..3 {
        let again = plan(&ws, &issues, 2);
        if again.items.iter().all(|i| i.up_to_date) {
            break;
        }
        again.write().unwrap();
    }
    let synced = plan(&ws, &issues, 1).outline();
    assert!(synced.iter().all(|o| o.up_to_date));
    assert_eq!(outline(&ws, &issues, 2), synced);
    assert_eq!(outline(&ws, &issues, 1), synced);
    // Everything up to date: a selection is taken from the cache too.
    assert!(cached(&ws, some));
    assert_eq!(outline(&ws, some, 1), plan(&ws, some, 2).outline());

    // A translator edits a store: stale again.
    let item = &one.items[7];
    translate_one(&dir.path().join(&item.path), "traduit");
    assert!(!cached(&ws, &issues));
    let edited = plan(&ws, &issues, 2).outline();
    assert_ne!(edited, synced);
    assert_eq!(outline(&ws, &issues, 1), edited);

    // A deleted cache is rebuilt (one that cannot be understood is ignored: see the unit tests).
    fs::remove_dir_all(dir.path().join(".verso")).unwrap();
    assert_eq!(outline(&ws, &issues, 2), edited);
    assert!(cached(&ws, &issues));

    // What status reports: the outlines with the findings of `verso check`. The cache saved
    // by a sync has none, so the first one plans and checks; the next ones are cached.
    let contexts: Vec<_> = languages(&ws)
        .iter()
        .map(|l| ws.check_context(l).unwrap())
        .collect();
    let fresh = plan(&ws, &issues, 1);
    let expected = fresh.checked_outline(&fresh.check(&contexts));
    assert!(
        expected
            .iter()
            .any(|o| o.findings.is_some_and(|f| f.errors + f.warnings > 0))
    );
    let checked = |threads| {
        in_pool(threads, || {
            ws.checked_outline(&issues, &languages(&ws), |_| {})
                .unwrap()
        })
    };
    let (cold, planned) = checked(2);
    assert!(planned.is_some());
    assert_eq!(cold, expected);
    for threads in [1, 2] {
        let (warm, planned) = checked(threads);
        assert!(planned.is_none(), "not from the cache");
        assert_eq!(warm, expected);
    }
    // A sync's outline is taken from the same cache (which now has the findings too).
    assert!(cached(&ws, &issues));
    let unchecked: Vec<Outline> = outline(&ws, &issues, 1)
        .into_iter()
        .map(|o| Outline {
            findings: None,
            ..o
        })
        .collect();
    assert_eq!(unchecked, edited);
}

/// What `verso check` reports comes from the cache where nothing changed, and equals the
/// findings of a fresh plan, with one thread or two; a status saves them too, and an edited
/// store or glossary makes them stale.
#[test]
fn cached_and_uncached_findings_are_equal_with_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let Some(ws) = workspace(dir.path()) else {
        return;
    };
    let issues = all(&ws);
    let fresh = |issues: &[Issue]| -> Vec<StoreFindings> {
        let contexts: Vec<_> = languages(&ws)
            .iter()
            .map(|l| ws.check_context(l).unwrap())
            .collect();
        let plan = plan(&ws, issues, 1);
        plan.check(&contexts)
            .into_iter()
            .map(StoreFindings::from)
            .collect()
    };
    let checked = |issues: &[Issue], threads| {
        in_pool(threads, || {
            let (found, plan) = ws.checked(issues, &languages(&ws), |_| {}).unwrap();
            (found, plan.is_some())
        })
    };
    let expected = fresh(&issues);
    let count = |found: &[StoreFindings]| -> usize {
        found
            .iter()
            .flat_map(|s| &s.entries)
            .map(|e| e.findings.len())
            .sum()
    };
    assert!(count(&expected) > 0);
    assert!(
        expected
            .iter()
            .any(|s| !s.up_to_date && !s.entries.is_empty())
    );

    // Cold, then warm with either number of threads.
    assert_eq!(checked(&issues, 2), (expected.clone(), true));
    for threads in [1, 2] {
        assert_eq!(checked(&issues, threads), (expected.clone(), false));
    }
    // Not every store is up to date: a selection is checked again.
    let some = &issues[2..6];
    assert_eq!(checked(some, 2), (fresh(some), true));

    // A status after a deleted cache saves the findings too.
    fs::remove_dir_all(dir.path().join(".verso")).unwrap();
    in_pool(2, || ws.checked_outline(&issues, &languages(&ws), |_| {})).unwrap();
    assert_eq!(checked(&issues, 1), (expected.clone(), false));

    // A store edited: stale.
    let item = &plan(&ws, &issues, 1).items[5];
    translate_one(
        &dir.path().join(&item.path),
        "traduit [ailleurs](https://elsewhere.example)",
    );
    let edited = fresh(&issues);
    assert!(count(&edited) > count(&expected));
    assert_eq!(checked(&issues, 2), (edited.clone(), true));
    assert_eq!(checked(&issues, 1), (edited.clone(), false));

    // A glossary added: stale.
    fs::create_dir_all(dir.path().join("glossary")).unwrap();
    fs::write(
        dir.path().join("glossary/fr.toml"),
        "[[term]]\nterm = \"XMPP\"\ntranslation = [\"QQQ\"]\n",
    )
    .unwrap();
    let glossed = fresh(&issues);
    assert!(count(&glossed) > count(&edited));
    assert_eq!(checked(&issues, 1), (glossed.clone(), true));
    assert_eq!(checked(&issues, 2), (glossed, false));
}

/// A cold run reads each file once: the probe finds an empty cache and reads nothing, and the
/// outline is saved under the key of the bytes the plan read. So a store saved by a translator
/// after the plan read it (before the outline is saved) must keep the outline out of the cache,
/// or the next status would report the old store.
#[test]
fn a_store_saved_while_a_cold_plan_runs_is_not_cached_over() {
    let dir = tempfile::tempdir().unwrap();
    let Some(ws) = workspace(dir.path()) else {
        return;
    };
    let issues = all(&ws);
    let languages = languages(&ws);
    let probe = ws.probe(&issues, &languages).unwrap();
    assert!(probe.outlines().is_none());
    let plan = ws.plan(&issues, &languages).unwrap();
    let outline = plan.outline();
    // The translator's save, after the plan read the store.
    let item = plan.items.iter().find(|i| i.language == "fr").unwrap();
    translate_one(&dir.path().join(&item.path), "traduit pendant le plan");
    ws.remember(&probe, &plan, &outline);
    // French is not cached (its store changed); German is, under the key of what is on disk.
    let probe = ws.probe(&issues, &["fr".to_string()]).unwrap();
    assert!(
        probe.outlines().is_none(),
        "French cached over a changed store"
    );
    let probe = ws.probe(&issues, &["de".to_string()]).unwrap();
    let german: Vec<Outline> = outline
        .iter()
        .filter(|o| o.language == "de")
        .cloned()
        .collect();
    assert_eq!(probe.outlines(), Some(german));
}
