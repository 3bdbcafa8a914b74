//! Translation memory over the real archive (`../shared/corpus/xmpp-newsletter`): import every
//! real translation of a language, then sync English issues with what came before them, and
//! measure how much memory fills exactly and how much it suggests. Printed, with `--nocapture`:
//!
//! - rolling: each translated issue synced with the imports of every earlier issue only;
//! - after: each English issue later than a language's last translation, with all imports;
//! - the cost of lookups with a memory of the whole archive but its last ten issues.
//!
//! Skipped, with a message, where the corpus is absent.

use std::path::Path;

use verso_segment::{Document, Options};
use verso_store::{State, Store};
use verso_sync::{DEFAULT_FUZZY_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, Memory};
use verso_text::word_count;

#[derive(Default)]
struct Fill {
    issues: usize,
    units: usize,
    words: usize,
    filled_units: usize,
    filled_words: usize,
    suggested_units: usize,
    suggested_words: usize,
}

impl Fill {
    fn add(&mut self, store: &Store) {
        self.issues += 1;
        for entry in &store.units {
            let words = word_count(&entry.english);
            self.units += 1;
            self.words += words;
            if entry.state == State::Translated {
                self.filled_units += 1;
                self.filled_words += words;
            } else if entry.suggestion.is_some() {
                self.suggested_units += 1;
                self.suggested_words += words;
            }
        }
    }

    fn line(&self, what: &str) -> String {
        let p = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
        format!(
            "{what:<22} {:>3} issues  filled {:>5.1}% units {:>5.1}% words  suggested {:>5.1}% units {:>5.1}% words",
            self.issues,
            p(self.filled_units, self.units),
            p(self.filled_words, self.words),
            p(self.suggested_units, self.units),
            p(self.suggested_words, self.words),
        )
    }
}

fn read(path: &Path) -> Document {
    Document::read(path, &Options::default()).unwrap()
}

/// The store `verso sync` makes for `english` with nothing translated yet, then filled.
fn synced(language: &str, issue: &str, english: &Document, memory: &Memory) -> Store {
    let (mut store, _) = verso_sync::update(
        &Store::new(language, "x"),
        english.units(),
        DEFAULT_FUZZY_THRESHOLD,
    );
    // `changed` must say whether the fill changed the store (the plan trusts it rather than
    // keeping a copy): the first fill, then a second one, which finds its own work done.
    for _ in 0..2 {
        let before = store.clone();
        let filled = memory.fill_store(&mut store, issue, DEFAULT_SUGGEST_THRESHOLD);
        assert_eq!(filled.changed, before != store, "{issue}");
    }
    store
}

#[test]
fn memory_fills_and_suggests_from_imported_translations() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let mut english_issues: Vec<String> = std::fs::read_dir(root.join("en"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    english_issues.sort();
    for language in ["de", "fr", "it", "es", "pt-br"] {
        let mut files: Vec<String> = std::fs::read_dir(root.join(language))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| english_issues.contains(name))
            .collect();
        files.sort();
        let mut memory = Memory::new();
        let mut rolling = Fill::default();
        for name in &files {
            let issue = name.trim_end_matches(".md");
            let english = read(&root.join("en").join(name));
            if !files.is_empty() && name != &files[0] {
                rolling.add(&synced(language, issue, &english, &memory));
            }
            let translated = read(&root.join(language).join(name));
            let (fresh, _) = verso_sync::update(
                &Store::new(language, "x"),
                english.units(),
                DEFAULT_FUZZY_THRESHOLD,
            );
            let alignment = verso_import::align(&english, &translated);
            let (imported, _) =
                verso_import::import(&fresh, &english, &translated, &alignment, name, false);
            memory.add(issue, &imported);
        }
        let mut after = Fill::default();
        let last = files.last().cloned().unwrap_or_default();
        for name in english_issues.iter().filter(|n| **n > last) {
            let english = read(&root.join("en").join(name));
            after.add(&synced(
                language,
                name.trim_end_matches(".md"),
                &english,
                &memory,
            ));
        }
        println!("{}", rolling.line(&format!("{language} rolling")));
        if after.issues > 0 {
            println!("{}", after.line(&format!("{language} after the last")));
        }
        assert!(
            rolling.filled_units > 0,
            "{language}: memory filled nothing"
        );
    }
}

#[test]
fn suggestions_stay_cheap_on_the_whole_archive() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(root.join("en"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Every issue but the last ten translated (pseudo-translations), as in a language whose
    // whole archive is in verso; then the last ten synced against that memory.
    let (earlier, later) = names.split_at(names.len() - 10);
    let mut memory = Memory::new();
    let mut remembered = 0;
    for name in earlier {
        let english = read(&root.join("en").join(name));
        let (mut store, _) = verso_sync::update(
            &Store::new("xx", "x"),
            english.units(),
            DEFAULT_FUZZY_THRESHOLD,
        );
        verso_testkit::translate_all(&mut store, verso_testkit::pseudo_translation);
        remembered += store.units.len();
        memory.add(name.trim_end_matches(".md"), &store);
    }
    let mut fill = Fill::default();
    let mut stores = Vec::new();
    for name in later {
        let english = read(&root.join("en").join(name));
        let (store, _) = verso_sync::update(
            &Store::new("xx", "x"),
            english.units(),
            DEFAULT_FUZZY_THRESHOLD,
        );
        stores.push((name.trim_end_matches(".md"), store));
    }
    let lookups: usize = stores.iter().map(|(_, s)| s.units.len()).sum();
    // Only the memory's work is timed.
    let start = std::time::Instant::now();
    for (issue, store) in &mut stores {
        memory.fill(store, issue, DEFAULT_SUGGEST_THRESHOLD);
    }
    let elapsed = start.elapsed();
    for (_, store) in &stores {
        fill.add(store);
    }
    println!("{}", fill.line("archive (10 last)"));
    println!(
        "{remembered} units in memory; {lookups} lookups (exact, then suggestion) in {:.0} ms, \
         {:.0} µs each ({} build)",
        elapsed.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64() * 1e6 / lookups.max(1) as f64,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
}
