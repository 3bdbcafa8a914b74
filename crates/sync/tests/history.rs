//! `sync::update` over the real edit history of newsletter issues
//! (`../shared/corpus/xmpp-newsletter/history/ISSUE/v1.md..vN.md`).
//!
//! v1 is pseudo-translated (`⟦source⟧`, translated); every later version is synced onto the
//! store of the version before it. What counts as an edit is decided independently of the
//! matching algorithm, from a line diff of the two versions. Skipped, with a message, where the
//! corpus is absent. Run with `--nocapture` to see the figures of every step.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use similar::{DiffTag, TextDiff};
use verso_segment::{Document, Options, Unit};
use verso_store::{Entry, State, Store};
use verso_sync::{Changes, update};
use verso_text::normalize_whitespace;

const THRESHOLD: f32 = 0.5;

/// The corpus, when it has the edit history.
fn corpus() -> Option<PathBuf> {
    let dir = verso_testkit::corpus()?;
    if dir.join("history").is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: no edit history at {}/history", dir.display());
        None
    }
}

/// The issues with an edit history, `history/ISSUE/`, by name.
fn issue_dirs(corpus: &Path) -> Vec<PathBuf> {
    let mut issues: Vec<PathBuf> = std::fs::read_dir(corpus.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    issues.sort();
    issues
}

/// The versions of an issue, `v1.md`, `v2.md`, … in numeric order.
fn versions(dir: &Path) -> Vec<PathBuf> {
    let mut versions: Vec<(usize, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let n = p
                .file_name()?
                .to_str()?
                .strip_prefix('v')?
                .strip_suffix(".md")?
                .parse()
                .ok()?;
            Some((n, p))
        })
        .collect();
    versions.sort();
    versions.into_iter().map(|(_, p)| p).collect()
}

fn units(text: &str) -> Vec<Unit> {
    Document::parse(text, &Options::default())
        .unwrap()
        .units()
        .to_vec()
}

/// The 0-based source lines a unit's text spans.
fn span(unit: &Unit) -> std::ops::Range<usize> {
    let start = unit.line - 1;
    start..start + unit.text.lines().count().max(1)
}

fn intersects(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The (old unit index, new unit index) pairs that the line diff says were edited: within each
/// replaced block of lines, the new units whose text is not in the old version, paired in order
/// with the old units of the same kind whose text is not in the new version.
fn edited_pairs(old_text: &str, new_text: &str, old: &[Unit], new: &[Unit]) -> Vec<(usize, usize)> {
    let old_texts: HashSet<&str> = old.iter().map(|u| u.text.as_str()).collect();
    let new_texts: HashSet<&str> = new.iter().map(|u| u.text.as_str()).collect();
    let mut pairs = Vec::new();
    for op in TextDiff::from_lines(old_text, new_text).ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != DiffTag::Replace {
            continue;
        }
        let mut gone: Vec<usize> = (0..old.len())
            .filter(|&j| intersects(&span(&old[j]), &old_range))
            .filter(|&j| !new_texts.contains(old[j].text.as_str()))
            .collect();
        for i in (0..new.len()).filter(|&i| intersects(&span(&new[i]), &new_range)) {
            if old_texts.contains(new[i].text.as_str()) {
                continue;
            }
            // The first old unit of the same kind left in this block.
            if let Some(k) = gone.iter().position(|&j| old[j].kind == new[i].kind) {
                let j = gone.remove(k);
                // A unit straddling two blocks must not be paired twice.
                if !pairs.iter().any(|&(pj, pi)| pj == j || pi == i) {
                    pairs.push((j, i));
                }
            }
        }
    }
    pairs
}

/// The entry of `store` for a unit with this text: the one with the unit's id, else any with
/// the same English.
fn entry_for<'a>(store: &'a Store, unit: &Unit) -> &'a Entry {
    store
        .get(&unit.id)
        .filter(|e| e.english == unit.text)
        .or_else(|| store.units.iter().find(|e| e.english == unit.text))
        .unwrap_or_else(|| panic!("no entry for {:?}", unit.text))
}

#[test]
fn edit_history_keeps_every_translation() {
    let Some(corpus) = corpus() else { return };
    let issues = issue_dirs(&corpus);
    assert!(
        !issues.is_empty(),
        "no issue in {}/history",
        corpus.display()
    );

    let mut failures: Vec<String> = Vec::new();
    let mut total = Changes::default();
    let (mut steps, mut edits_checked) = (0, 0);
    for dir in &issues {
        let issue = dir.file_name().unwrap().to_string_lossy().into_owned();
        let versions = versions(dir);
        assert!(versions.len() >= 2, "{issue}: fewer than two versions");

        let first = std::fs::read_to_string(&versions[0]).unwrap();
        let (mut store, _) = update(&Store::new("fr", "x"), &units(&first), THRESHOLD);
        verso_testkit::translate_all(&mut store, verso_testkit::pseudo_translation);
        let v1_targets: Vec<String> = store.units.iter().map(|e| e.target.clone()).collect();

        let mut old_text = first;
        for (n, path) in versions.iter().enumerate().skip(1) {
            let step = format!("{issue} v{n}->v{}", n + 1);
            let mut fail = |message: String| failures.push(format!("{step}: {message}"));
            let new_text = std::fs::read_to_string(path).unwrap();
            let old = units(&old_text);
            let new = units(&new_text);
            assert_eq!(store.units.len(), old.len(), "{step}: store out of step");

            let (next, changes) = update(&store, &new, THRESHOLD);
            assert_eq!(next.units.len(), new.len(), "{step}: one entry per unit");
            println!(
                "{step}: {} carried, {} fuzzy, {} new, {} obsolete",
                changes.kept, changes.fuzzy, changes.new, changes.retired
            );

            // 1. Units found verbatim in the previous version keep their state and target.
            // (Stricter than "stays translated": an entry left untranslated by an earlier step
            // must stay untranslated too, as `update` has no memory to fill it from.)
            let old_texts: HashSet<&str> = old.iter().map(|u| u.text.as_str()).collect();
            for (unit, entry) in new.iter().zip(&next.units) {
                if !old_texts.contains(unit.text.as_str()) {
                    continue;
                }
                let before = entry_for(&store, unit);
                if (entry.state, &entry.target, &entry.previous)
                    != (before.state, &before.target, &before.previous)
                {
                    fail(format!(
                        "unchanged unit at line {} was {} {:?}, is now {} {:?}: {:?}",
                        unit.line,
                        before.state,
                        before.target,
                        entry.state,
                        entry.target,
                        unit.text
                    ));
                }
            }

            // 2. Units the line diff says were edited are fuzzy, translated from the right text.
            for (j, i) in edited_pairs(&old_text, &new_text, &old, &new) {
                let before = &store.units[j];
                let entry = &next.units[i];
                if normalize_whitespace(&old[j].text) == normalize_whitespace(&new[i].text) {
                    // Re-wrapped only: same id, so the translation is carried as it was; the
                    // text a translator sees differs in line breaks alone.
                    if (entry.state, &entry.target) != (before.state, &before.target) {
                        fail(format!("re-wrapped unit at line {} changed", new[i].line));
                    }
                    continue;
                }
                edits_checked += 1;
                if !before.has_target() {
                    // Nothing was translated, so nothing is kept: the unit starts over.
                    if entry.state != State::Untranslated || entry.has_target() {
                        fail(format!(
                            "edit of an untranslated unit at line {} is {}",
                            new[i].line, entry.state
                        ));
                    }
                    continue;
                }
                let previous = match before.state {
                    State::Fuzzy => before.previous.clone().unwrap(),
                    _ => old[j].text.clone(),
                };
                let expected = (
                    State::Fuzzy,
                    Some(previous.as_str()),
                    format!("⟦{previous}⟧"),
                );
                let got = (entry.state, entry.previous.as_deref(), entry.target.clone());
                if got != expected {
                    fail(format!(
                        "edited unit at line {} ({}):\n  old  {:?}\n  new  {:?}\n  want {expected:?}\n  got  {got:?}",
                        new[i].line, new[i].kind, old[j].text, new[i].text
                    ));
                }
            }

            // 3. No translation of v1 is ever lost.
            for target in &v1_targets {
                if !next
                    .units
                    .iter()
                    .chain(&next.obsolete)
                    .any(|e| &e.target == target)
                {
                    fail(format!("v1 translation lost: {target:?}"));
                }
            }

            // 4. Syncing again changes nothing.
            let (again, changes_again) = update(&next, &new, THRESHOLD);
            if again != next || !changes_again.is_empty() {
                fail(format!("second sync is not a no-op: {changes_again:?}"));
            }

            total.kept += changes.kept;
            total.fuzzy += changes.fuzzy;
            total.new += changes.new;
            total.retired += changes.retired;
            steps += 1;
            store = next;
            old_text = new_text;
        }
    }
    println!(
        "total: {} issues, {steps} steps: {} carried, {} fuzzy, {} new, {} obsolete; \
         {edits_checked} edits checked against the line diff",
        issues.len(),
        total.kept,
        total.fuzzy,
        total.new,
        total.retired
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `is_current` lets a caller keep a store instead of updating a copy of it: it must say yes
/// exactly when `update` gives the store back unchanged. Checked at every step of every real
/// edit history, before the step (the store against the English it was synced with, then
/// against the next version), after it, and once the fuzzy entries are cleared by a translator
/// (state translated, `previous` still there: the next update removes it).
#[test]
fn is_current_says_exactly_when_update_gives_the_store_back() {
    let Some(corpus) = corpus() else { return };
    let issues = issue_dirs(&corpus);
    let (mut current, mut not_current) = (0, 0);
    let mut check = |store: &Store, units: &[Unit], what: &str| {
        let same = update(store, units, THRESHOLD).0 == *store;
        assert_eq!(verso_sync::is_current(store, units), same, "{what}");
        if same {
            current += 1;
        } else {
            not_current += 1;
        }
    };
    for dir in &issues {
        let issue = dir.file_name().unwrap().to_string_lossy().into_owned();
        let texts: Vec<String> = versions(dir)
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let (mut store, _) = update(&Store::new("fr", "x"), &units(&texts[0]), THRESHOLD);
        check(
            &store,
            &units(&texts[0]),
            &format!("{issue} v1, untranslated"),
        );
        verso_testkit::translate_all(&mut store, verso_testkit::pseudo_translation);
        for (n, pair) in texts.windows(2).enumerate() {
            let (old, new) = (units(&pair[0]), units(&pair[1]));
            check(&store, &old, &format!("{issue} v{}", n + 1));
            check(&store, &new, &format!("{issue} v{} on v{}", n + 2, n + 1));
            store = update(&store, &new, THRESHOLD).0;
            check(&store, &new, &format!("{issue} v{} synced", n + 2));
            let mut cleared = store.clone();
            for entry in &mut cleared.units {
                if entry.state == State::Fuzzy {
                    entry.state = State::Translated;
                }
            }
            check(&cleared, &new, &format!("{issue} v{} cleared", n + 2));
            // Back to the English a fuzzy entry was translated from: translated again.
            check(
                &store,
                &old,
                &format!("{issue} v{} back to v{}", n + 2, n + 1),
            );
        }
    }
    assert!(
        current > 0 && not_current > 0,
        "{current} current, {not_current} not"
    );
}
