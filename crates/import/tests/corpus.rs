//! `verso-import` over every real translation of the newsletter archive
//! (`../shared/corpus/xmpp-newsletter`): the shares of English units imported per language, the
//! hand-checked gold alignments in `tests/gold`, idempotence, and the round trip through
//! `verso-build` with the example workspace's `xmpp-org` outlet. Skipped, with a message, where
//! the corpus is absent.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use verso_build::l10n::{Messages, Variables};
use verso_build::{
    AnchorRule, Boilerplate, Facts, FrontMatterMode, Input, Outlet, Output, ShortcodeMode,
};
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
        for path in verso_testkit::corpus_files(&root.join(language)) {
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

/// The `xmpp-org` outlet exactly as the example workspace's `verso.toml` configures it (the test
/// reads that section and checks it says the same).
fn xmpp_org() -> Outlet {
    let path = "content/blog/newsletter/{issue}.{lang}.md";
    let config: toml::Table =
        std::fs::read_to_string(verso_testkit::repository_root().join("verso.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let section = &config["outlet"]["xmpp-org"];
    assert_eq!(section["path"].as_str(), Some(path));
    assert_eq!(section["front-matter"].as_str(), Some("keep"));
    assert_eq!(section["shortcodes"].as_str(), Some("keep"));
    assert_eq!(section["anchors"].as_str(), Some("hugo"));
    assert_eq!(section.as_table().unwrap().len(), 4, "{section:?}");
    let outlet = Outlet::new("xmpp-org", path);
    assert_eq!(outlet.front_matter, FrontMatterMode::Keep);
    assert_eq!(outlet.shortcodes, ShortcodeMode::Keep);
    assert_eq!(outlet.anchors, AnchorRule::Hugo);
    outlet
}

/// Builds the imported store of `pair` for the xmpp-org outlet.
fn build_for_xmpp_org(pair: &Pair, store: &Store, outlet: &Outlet) -> Output {
    let issue = pair.name.trim_end_matches(".md");
    let english = Messages::empty("en");
    let messages = Messages::empty(pair.language);
    let mut facts = Facts::of(issue, pair.language, &pair.english);
    facts.outlet = outlet.name.clone();
    let input = Input {
        document: &pair.english,
        store: Some(store),
        store_path: "translations/xx/issue.toml",
        outlet,
        facts: &facts,
        boilerplate: Boilerplate {
            messages: &messages,
            english: &english,
            variables: Variables {
                issue: issue.into(),
                outlet: outlet.name.clone(),
                ..Variables::default()
            },
        },
    };
    verso_build::build(&input).unwrap()
}

/// The output without the `{#id}` build pins on translated headings (a documented outlet
/// transformation: the English anchor kept for in-page links). Attributes the English itself
/// has are kept.
fn without_pinned_anchors(output: &str, english: &str) -> String {
    let mut out = String::with_capacity(output.len());
    for line in output.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let pinned = body.starts_with('#').then(|| body.rfind(" {#")).flatten();
        match pinned {
            Some(at) if body.ends_with('}') && !english.contains(&body[at + 1..]) => {
                out.push_str(&body[..at]);
                out.push_str(&line[body.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The logical lines of a Markdown text: a paragraph or list item wrapped over several lines is
/// one logical line; blank lines belong to none. Each is normalised (runs of blanks -> one
/// space, `*`/`+` bullets -> `-`) and lists the raw lines (0-based) it is made of.
fn logical_lines(text: &str) -> (Vec<String>, Vec<Option<usize>>) {
    let mut logical: Vec<String> = Vec::new();
    let mut of_raw = Vec::new();
    let mut open = false; // the last logical line may take a continuation
    let mut front_matter = false;
    let mut fence = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            of_raw.push(None);
            open = fence;
            continue;
        }
        let delimiter = line == "---" || line == "+++";
        if n == 0 && delimiter {
            front_matter = true;
        } else if front_matter && delimiter {
            front_matter = false;
        }
        if line.starts_with("```") || line.starts_with("~~~") {
            fence = !fence;
        }
        let starts_block = line.starts_with('#')
            || line.starts_with('>')
            || line.starts_with('|')
            || line.starts_with('<')
            || line.starts_with("{{")
            || line.starts_with("![")
            || line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with("+ ")
            || line.split_once(['.', ')']).is_some_and(|(number, rest)| {
                !number.is_empty()
                    && number.chars().all(|c| c.is_ascii_digit())
                    && rest.starts_with(' ')
            });
        let single =
            front_matter || fence || delimiter || line.starts_with('#') || line.starts_with('|');
        if open && !starts_block && !single {
            let last = logical.last_mut().unwrap();
            last.push(' ');
            last.push_str(&line);
        } else {
            // A bullet is layout: a translator may turn a paragraph into a list item.
            let line = match line
                .strip_prefix("- ")
                .or_else(|| line.strip_prefix("* "))
                .or_else(|| line.strip_prefix("+ "))
            {
                Some(rest) => rest.to_string(),
                None if line.starts_with('#') && !front_matter && !fence => {
                    format!("# {}", line.trim_start_matches('#').trim_start())
                }
                None => line,
            };
            logical.push(line);
        }
        of_raw.push(Some(logical.len() - 1));
        open = !single;
    }
    (logical, of_raw)
}

/// How each line that differs between the real translation and the build output is explained.
#[derive(Default, Clone, Copy)]
struct Diff {
    files: usize,
    lines: usize,
    differing: usize,
    layout: usize,
    units: usize,
    unexplained: usize,
}

impl Diff {
    fn add(&mut self, other: Diff) {
        self.files += other.files;
        self.lines += other.lines;
        self.differing += other.differing;
        self.layout += other.layout;
        self.units += other.units;
        self.unexplained += other.unexplained;
    }
}

/// Whether a differing logical line is (or holds, or is held by) one of `texts`.
fn touches(line: &str, texts: &[String]) -> bool {
    let content = line
        .trim_start_matches(['#', '>', '-', '|', ' '])
        .trim_end_matches(['|', ' ']);
    !content.is_empty()
        && texts.iter().any(|t| {
            t == content
                || (t.len() >= 12 && line.contains(t.as_str()))
                || (content.len() >= 12 && t.contains(content))
        })
}

/// Compares the real file and the output line by line; classifies each differing line as
/// layout (blank, or part of a logical line equal on both sides once wrapping, blanks and bullets
/// are left out), explained by a unit the import did not bring in as translated (`suspects`:
/// English left in the output, weak targets, the translator's extra units), or unexplained.
fn classify(real: &str, output: &str, suspects: &[String], cases: &mut Vec<String>) -> Diff {
    let (real_logical, real_raw) = logical_lines(real);
    let (out_logical, out_raw) = logical_lines(output);
    let mut real_equal = vec![false; real_logical.len()];
    let mut out_equal = vec![false; out_logical.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &real_logical, &out_logical) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            real_equal[old_index..old_index + len].fill(true);
            out_equal[new_index..new_index + len].fill(true);
        }
    }
    // A logical line the translator moved (same text, other place) is layout too.
    let unequal = |lines: &[String], equal: &[bool]| -> HashSet<String> {
        lines
            .iter()
            .zip(equal)
            .filter(|(_, e)| !**e)
            .map(|(l, _)| l.clone())
            .collect()
    };
    let real_moved = unequal(&out_logical, &out_equal);
    let out_moved = unequal(&real_logical, &real_equal);
    for (lines, equal, other) in [
        (&real_logical, &mut real_equal, &real_moved),
        (&out_logical, &mut out_equal, &out_moved),
    ] {
        for (line, e) in lines.iter().zip(equal.iter_mut()) {
            *e = *e || other.contains(line);
        }
    }
    let mut diff = Diff {
        files: 1,
        lines: real.lines().count(),
        ..Diff::default()
    };
    for change in similar::TextDiff::from_lines(real, output).iter_all_changes() {
        let (logical, raw, equal, index, side) = match change.tag() {
            similar::ChangeTag::Equal => continue,
            similar::ChangeTag::Delete => {
                let i = change.old_index().unwrap();
                (&real_logical, &real_raw, &real_equal, i, "real")
            }
            similar::ChangeTag::Insert => {
                let i = change.new_index().unwrap();
                (&out_logical, &out_raw, &out_equal, i, "output")
            }
        };
        diff.differing += 1;
        match raw[index] {
            None => diff.layout += 1,
            Some(l) if equal[l] => diff.layout += 1,
            Some(l) if touches(&logical[l], suspects) => diff.units += 1,
            Some(l) => {
                diff.unexplained += 1;
                cases.push(format!("{side} {}: {}", index + 1, logical[l]));
            }
        }
    }
    diff
}

#[test]
fn round_trip_through_the_xmpp_org_build() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let outlet = xmpp_org();
    let mut table = Vec::new();
    let mut totals: Vec<(&str, Diff)> = LANGUAGES.iter().map(|&l| (l, Diff::default())).collect();
    let mut all_cases = Vec::new();
    let (mut refused, mut imported, mut refused_translated) = (0, 0, 0);
    let mut refused_examples = Vec::new();
    let mut refusals: HashMap<String, usize> = HashMap::new();
    for pair in pairs(&root) {
        let (store, summary) = import_pair(&pair);
        let output = build_for_xmpp_org(&pair, &store, &outlet);
        refused += output.report.refused.len();
        for r in &output.report.refused {
            let kind = r.reason.split(':').next().unwrap_or_default().to_string();
            *refusals.entry(kind).or_insert(0) += 1;
        }
        let refused_ids: HashSet<&str> = output
            .report
            .refused
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        for entry in &store.units {
            if entry.state == State::Translated {
                imported += 1;
                if let Some(r) = output.report.refused.iter().find(|r| r.id == entry.id) {
                    refused_translated += 1;
                    if refused_examples.len() < 6 {
                        refused_examples.push(format!(
                            "{}/{} line {}: {}",
                            pair.language, pair.name, r.line, r.reason
                        ));
                    }
                }
            }
        }
        let text = without_pinned_anchors(&output.text, pair.english.source());
        // Every imported translated text is in the output: a unit of the output segmented again,
        // or (front-matter values, written back encoded) a stretch of it.
        let again = Document::parse(text.as_str(), &Options::default()).unwrap();
        let units: HashSet<String> = again
            .units()
            .iter()
            .map(|u| normalize_whitespace(&u.text))
            .collect();
        let flat = normalize_whitespace(&text);
        for entry in &store.units {
            if entry.state != State::Translated || refused_ids.contains(entry.id.as_str()) {
                continue;
            }
            let target = normalize_whitespace(&entry.target);
            assert!(
                units.contains(&target) || flat.contains(&target),
                "{}/{}: {:?} is not in the output",
                pair.language,
                pair.name,
                entry.target
            );
        }
        // What the import did not bring in as translated, as it reads in either file.
        let mut suspects: Vec<String> = store
            .units
            .iter()
            .flat_map(|e| match e.state {
                _ if refused_ids.contains(e.id.as_str()) => vec![&e.english, &e.target],
                State::Translated | State::Reviewed => vec![],
                State::Fuzzy => vec![&e.english, &e.target],
                State::Untranslated => vec![&e.english],
            })
            .chain(summary.extra.iter().map(|u| &u.text))
            .flat_map(|t| t.lines())
            .map(normalize_whitespace)
            .filter(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
            .collect();
        suspects.sort();
        suspects.dedup();
        let mut cases = Vec::new();
        let diff = classify(pair.translated.source(), &text, &suspects, &mut cases);
        all_cases.extend(
            cases
                .into_iter()
                .map(|c| format!("{}/{} {c}", pair.language, pair.name)),
        );
        table.push(format!(
            "{:<34} {:>6} {:>9} {:>7} {:>6} {:>12}",
            format!("{}/{}", pair.language, pair.name),
            diff.lines,
            diff.differing,
            diff.layout,
            diff.units,
            diff.unexplained
        ));
        totals
            .iter_mut()
            .find(|(l, _)| *l == pair.language)
            .unwrap()
            .1
            .add(diff);
    }
    let header = format!(
        "{:<34} {:>6} {:>9} {:>7} {:>6} {:>12}",
        "file", "lines", "differing", "layout", "units", "unexplained"
    );
    println!("round trip: import, then build for xmpp-org; lines differing from the real file");
    println!("(units = explained by units left in English, weak or unmatched)");
    println!("{header}");
    for line in &table {
        println!("{line}");
    }
    println!("\nper language:\n{header}");
    let mut all = Diff::default();
    for (language, d) in &totals {
        println!(
            "{:<34} {:>6} {:>9} {:>7} {:>6} {:>12}",
            format!("{language} ({} files)", d.files),
            d.lines,
            d.differing,
            d.layout,
            d.units,
            d.unexplained
        );
        all.add(*d);
    }
    println!(
        "{:<34} {:>6} {:>9} {:>7} {:>6} {:>12}",
        format!("all ({} files)", all.files),
        all.lines,
        all.differing,
        all.layout,
        all.units,
        all.unexplained
    );
    println!(
        "imported targets refused by build's checks (English published): {refused}, \
         {refused_translated} of the {imported} imported as translated"
    );
    let mut reasons: Vec<(&String, &usize)> = refusals.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1));
    for (reason, n) in reasons {
        println!("  {n:>4} {reason}");
    }
    for example in &refused_examples {
        println!("  e.g. {example}");
    }
    println!("\nunexplained lines:");
    for case in &all_cases {
        println!("  {case}");
    }
    // What remains (see ISSUE-9's note): front-matter keys that are not units (author, date),
    // the subscribe shortcode a translator dropped, figures and images a translator re-hosted or
    // rewrote, a code fence's info string, and one es file whose list is written with
    // non-breaking spaces (a paragraph in Markdown) imported into a list item.
    assert!(
        all.unexplained * 100 <= all.lines,
        "{} unexplained differing lines for {} lines",
        all.unexplained,
        all.lines
    );
}
