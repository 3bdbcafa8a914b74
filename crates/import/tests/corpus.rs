//! `verso-import` over every real translation of the newsletter archive
//! (`../shared/corpus/xmpp-newsletter`): the shares of English units imported per language, the
//! hand-checked gold alignments in `tests/gold`, idempotence, and the round trip through
//! `Document::reassemble` (what the xmpp-org build does). Skipped, with a message, where the
//! corpus is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use verso_import::{Confidence, Link, Summary, align, import};
use verso_segment::{Document, Options};
use verso_store::{Entry, State, Store};
use verso_text::normalize_whitespace;

const LANGUAGES: [&str; 5] = ["de", "fr", "it", "es", "pt-br"];

/// A translated file of the archive and its English issue (same file name).
struct Pair {
    language: &'static str,
    name: String,
    english: Document,
    translated: Document,
}

fn pairs(root: &Path) -> Vec<Pair> {
    let options = Options::default();
    let mut pairs = Vec::new();
    for language in LANGUAGES {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(language))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let english = root.join("en").join(&name);
            if !english.exists() {
                // Dated differently from its English; `verso import` finds it by content.
                continue;
            }
            pairs.push(Pair {
                language,
                name,
                english: Document::read(&english, &options).unwrap(),
                translated: Document::read(&path, &options).unwrap(),
            });
        }
    }
    pairs
}

/// The store `verso sync` makes for an English issue no one translated yet.
fn fresh_store(language: &str, english: &Document) -> Store {
    let mut store = Store::new(language, "translations/en/x.md");
    for unit in english.units() {
        store
            .units
            .push(Entry::new(unit.id.clone(), unit.kind, unit.text.clone()));
    }
    store
}

fn import_pair(pair: &Pair) -> (Store, Summary) {
    let alignment = align(&pair.english, &pair.translated);
    import(
        &fresh_store(pair.language, &pair.english),
        &pair.english,
        &pair.translated,
        &alignment,
        &pair.name,
        false,
    )
}

#[derive(Default)]
struct Tally {
    files: usize,
    units: usize,
    translated: usize,
    weak: usize,
    left_in_english: usize,
    unmatched: usize,
    extra: usize,
}

impl Tally {
    fn add(&mut self, s: &Summary) {
        self.files += 1;
        self.units += s.english_units;
        self.translated += s.translated;
        self.weak += s.weak;
        self.left_in_english += s.left_in_english;
        self.unmatched += s.unmatched.len();
        self.extra += s.extra.len();
    }

    fn share(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.units as f64
    }
}

#[test]
fn shares_per_language_and_german_and_italian_come_in_translated() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let mut tallies: Vec<(&str, Tally)> =
        LANGUAGES.iter().map(|&l| (l, Tally::default())).collect();
    for pair in pairs(&root) {
        let (_, summary) = import_pair(&pair);
        let tally = &mut tallies
            .iter_mut()
            .find(|(l, _)| *l == pair.language)
            .unwrap()
            .1;
        tally.add(&summary);
    }
    println!(
        "{:<6} {:>5} {:>6} {:>11} {:>7} {:>16} {:>10} {:>6}",
        "lang", "files", "units", "translated", "weak", "left in English", "unmatched", "extra"
    );
    for (language, t) in &tallies {
        println!(
            "{:<6} {:>5} {:>6} {:>10.1}% {:>6.1}% {:>15.1}% {:>9.1}% {:>6}",
            language,
            t.files,
            t.units,
            t.share(t.translated),
            t.share(t.weak),
            t.share(t.left_in_english),
            t.share(t.unmatched),
            t.extra
        );
    }
    let mut de_it = Tally::default();
    for (language, t) in &tallies {
        assert!(t.files > 0, "no {language} pair");
        if matches!(*language, "de" | "it") {
            de_it.files += t.files;
            de_it.units += t.units;
            de_it.translated += t.translated;
            de_it.left_in_english += t.left_in_english;
        }
    }
    // The issue asks for 93% of all de+it English units. Reference lines kept in English
    // (`Version 2.5.0 of XEP-0030 (Service Discovery)`) and a XEP's revision history quoted
    // under such a line (`Fix the XML Schema to match examples. (egp)`) count as translated
    // (see `same_text_is_translation` and `places`); the rest left in English (front-matter
    // titles, unsigned changelog prose, Last Call notices) stays untranslated.
    let all = de_it.translated as f64 / de_it.units as f64;
    let translated_by_translators = de_it.units - de_it.left_in_english;
    let share = de_it.translated as f64 / translated_by_translators as f64;
    println!(
        "de+it: {:.1}% of all English units translated ({:.1}% left in English), {:.1}% of those \
         the translators translated",
        100.0 * all,
        de_it.share(de_it.left_in_english),
        100.0 * share
    );
    assert!(all >= 0.93, "de+it, all units: {:.1}%", 100.0 * all);
    assert!(share >= 0.93, "de+it: {:.1}%", 100.0 * share);
}

/// The gold alignment of a file: English unit id -> the prefix of its translation (`None`: no
/// partner).
fn gold(name: &str) -> HashMap<String, Option<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gold")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next().unwrap().to_string();
            let target = fields.next().unwrap();
            (id, (target != "-").then(|| target.to_string()))
        })
        .collect()
}

fn prefix(text: &str) -> String {
    normalize_whitespace(text).chars().take(40).collect()
}

#[test]
fn gold_alignments_have_no_wrong_confident_pair() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    for (language, issue) in [
        ("de", "2025-06-10-newsletter"),
        ("fr", "2023-02-05-newsletter"),
        ("it", "2024-06-05-newsletter"),
    ] {
        let gold = gold(&format!("{language}-{issue}.tsv"));
        let options = Options::default();
        let english = Document::read(&root.join(format!("en/{issue}.md")), &options).unwrap();
        let translated =
            Document::read(&root.join(format!("{language}/{issue}.md")), &options).unwrap();
        assert_eq!(
            gold.len(),
            english.units().len(),
            "{language}: gold lists every unit"
        );
        let alignment = align(&english, &translated);
        let (mut confident, mut weak_right, mut weak_wrong, mut partners) = (0, 0, 0, 0);
        partners += gold.values().filter(|t| t.is_some()).count();
        for link in &alignment.links {
            let Link::Pair {
                english: e,
                translated: t,
                confidence,
                ..
            } = link
            else {
                continue;
            };
            let unit = &english.units()[e[0]];
            let expected = gold[&unit.id].as_deref();
            let found = prefix(&translated.units()[t[0]].text);
            let right = expected == Some(found.as_str());
            match confidence {
                Confidence::Confident => {
                    assert!(
                        right,
                        "{language}/{issue}: wrong confident pair: {:?} -> {found:?}, gold {expected:?}",
                        unit.text
                    );
                    confident += 1;
                }
                Confidence::Weak(_) if right => weak_right += 1,
                Confidence::Weak(_) => weak_wrong += 1,
            }
        }
        println!(
            "{language}/{issue}: {} English units, {partners} with a partner in the gold; \
             {confident} confident pairs, all right; weak pairs {weak_right} right, {weak_wrong} wrong",
            english.units().len()
        );
    }
}

#[test]
fn importing_a_real_file_twice_changes_nothing() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let pair = pairs(&root)
        .into_iter()
        .find(|p| p.language == "fr" && p.name == "2023-02-05-newsletter.md")
        .unwrap();
    let (once, first) = import_pair(&pair);
    assert!(first.changed > 0);
    let alignment = align(&pair.english, &pair.translated);
    let (twice, second) = import(
        &once,
        &pair.english,
        &pair.translated,
        &alignment,
        &pair.name,
        false,
    );
    assert_eq!(twice, once);
    assert_eq!(second.changed, 0);
    assert!(second.conflicts.is_empty());
}

/// Lines of `a` that are not in `b` and of `b` not in `a`, by a line diff.
fn differing_lines(a: &str, b: &str) -> usize {
    similar::TextDiff::from_lines(a, b)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .count()
}

/// The text without what is only layout: blank lines, trailing blanks, runs of blanks, and the
/// bullet a list item uses.
fn without_layout(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let line = match line.strip_prefix("* ").or_else(|| line.strip_prefix("+ ")) {
            Some(rest) => format!("- {rest}"),
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn round_trip_keeps_every_translated_text() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let mut report = Vec::new();
    let (mut lines, mut raw, mut layout_free, mut not_imported) = (0, 0, 0, 0);
    for pair in pairs(&root) {
        let (store, _) = import_pair(&pair);
        let translations: HashMap<String, String> = store
            .units
            .iter()
            .filter(|e| e.state == State::Translated)
            .map(|e| (e.id.clone(), e.target.clone()))
            .collect();
        let output = pair.english.reassemble(&translations).unwrap();
        // The oracle: segment the output again; each imported target is one of its units.
        let again = Document::parse(output.as_str(), &Options::default()).unwrap();
        let texts: std::collections::HashSet<String> = again
            .units()
            .iter()
            .map(|u| normalize_whitespace(&u.text))
            .collect();
        for target in translations.values() {
            assert!(
                texts.contains(&normalize_whitespace(target)),
                "{}/{}: {target:?} is not in the output",
                pair.language,
                pair.name
            );
        }
        let real = pair.translated.source();
        let differing = differing_lines(real, &output);
        let differing_text = differing_lines(&without_layout(real), &without_layout(&output));
        let english_left = pair.english.units().len() - translations.len();
        lines += real.lines().count();
        raw += differing;
        layout_free += differing_text;
        not_imported += english_left;
        report.push(format!(
            "{}/{}: {differing} lines differ, {differing_text} once blank lines, blanks and \
             bullets are left out; {english_left} English units not imported as translated",
            pair.language, pair.name
        ));
    }
    println!("round trip (line diff of each real file and the issue rebuilt from its import):");
    for line in &report {
        println!("  {line}");
    }
    println!(
        "total: {raw} differing lines ({layout_free} without layout) for {lines} lines of real \
         files; {not_imported} English units not imported as translated"
    );
}
