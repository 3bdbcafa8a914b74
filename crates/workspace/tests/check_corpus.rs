//! `verso_check::check_stores` shares work between repeats (an English text's placeables found
//! once, a target checked once per distinct English and language), so it must find exactly what
//! checking each entry on its own finds. The oracle is `check_entry`, called entry by entry, on
//! stores of the real archive's human translations (`../shared/corpus/xmpp-newsletter`, imported
//! as `verso import` does), each store there twice, under its issue and a copy's name, as a
//! synthetic archive has it, and with one thread or two. Skipped, with a message, where the
//! corpus is absent.

use verso_check::{Context, Glossary, Names, StoreToCheck, check_entry, check_stores, is_checked};
use verso_segment::{Document, Options};
use verso_store::Store;
use verso_sync::DEFAULT_FUZZY_THRESHOLD;

fn context(language: &str) -> Context {
    let glossary = verso_testkit::repository_root().join("glossary");
    let read = |name: &str| std::fs::read_to_string(glossary.join(name)).unwrap();
    Context {
        language: language.into(),
        glossary: Glossary::parse(&read(&format!("{language}.toml"))).unwrap(),
        names: Names::parse(&read("names.toml")).unwrap(),
    }
}

/// (findings per store: entry id and each finding's kind and message), what both ways report.
type Found = Vec<Vec<(String, Vec<String>)>>;

#[test]
fn shared_checks_find_what_each_entry_checked_alone_finds() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let options = Options::default();
    let languages = ["de", "fr", "it"];
    let contexts: Vec<Context> = languages.iter().map(|l| context(l)).collect();
    // (language index, English document, imported store), every store twice.
    let mut stores: Vec<(usize, std::sync::Arc<Document>, Store)> = Vec::new();
    for (index, language) in languages.iter().enumerate() {
        for path in verso_testkit::corpus_files(&root.join(language)) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(english) = Document::read(&root.join("en").join(&name), &options) else {
                continue;
            };
            let translated = Document::read(&path, &options).unwrap();
            let (fresh, _) = verso_sync::update(
                &Store::new(*language, "x"),
                english.units(),
                DEFAULT_FUZZY_THRESHOLD,
            );
            let alignment = verso_import::align(&english, &translated);
            let (imported, _) =
                verso_import::import(&fresh, &english, &translated, &alignment, &name, false);
            let english = std::sync::Arc::new(english);
            stores.push((index, english.clone(), imported.clone()));
            stores.push((index, english, imported));
        }
    }
    let jobs: Vec<StoreToCheck<'_>> = stores
        .iter()
        .map(|(language, english, store)| StoreToCheck {
            units: english.units(),
            store,
            context: &contexts[*language],
        })
        .collect();

    let expected: Found = jobs
        .iter()
        .map(|job| {
            job.store
                .units
                .iter()
                .filter(|entry| is_checked(entry))
                .filter_map(|entry| {
                    let unit = job.units.iter().find(|u| u.id == entry.id)?;
                    let findings = check_entry(unit, entry, job.context);
                    let shown = findings.iter().map(|f| format!("{f:?}")).collect();
                    (!findings.is_empty()).then(|| (entry.id.clone(), shown))
                })
                .collect()
        })
        .collect();
    let checked: usize = jobs
        .iter()
        .map(|job| job.store.units.iter().filter(|e| is_checked(e)).count())
        .sum();
    let with_findings: usize = expected.iter().map(Vec::len).sum();
    eprintln!(
        "{} stores, {checked} checked entries, {with_findings} with findings",
        jobs.len()
    );
    assert!(checked > 5_000, "only {checked} entries checked");
    assert!(
        with_findings > 100,
        "only {with_findings} entries with findings"
    );

    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let found: Found = pool.install(|| {
            check_stores(&jobs)
                .into_iter()
                .map(|store| {
                    store
                        .into_iter()
                        .map(|e| {
                            let shown = e.findings.iter().map(|f| format!("{f:?}")).collect();
                            (e.entry.id.clone(), shown)
                        })
                        .collect()
                })
                .collect()
        });
        assert!(found == expected, "{threads} thread(s): findings differ");
    }
}
