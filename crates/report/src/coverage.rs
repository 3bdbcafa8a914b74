//! Coverage per language and issue, counted on stores.

use verso_store::{Entry, State};
use verso_text::word_count;

/// Units (or words) by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// All units (or words).
    pub total: usize,
    /// Reviewed.
    pub reviewed: usize,
    /// Translated, not reviewed.
    pub translated: usize,
    /// Fuzzy: translated from an older English.
    pub fuzzy: usize,
    /// Not translated (drafts included).
    pub untranslated: usize,
    /// Of the untranslated, those with a translation memory suggestion.
    pub suggested: usize,
}

impl Tally {
    fn add(&mut self, state: State, n: usize) {
        self.total += n;
        *match state {
            State::Reviewed => &mut self.reviewed,
            State::Translated => &mut self.translated,
            State::Fuzzy => &mut self.fuzzy,
            State::Untranslated => &mut self.untranslated,
        } += n;
    }

    fn merge(&mut self, other: &Tally) {
        self.total += other.total;
        self.reviewed += other.reviewed;
        self.translated += other.translated;
        self.fuzzy += other.fuzzy;
        self.untranslated += other.untranslated;
        self.suggested += other.suggested;
    }

    /// Translated or reviewed.
    pub fn done(&self) -> usize {
        self.translated + self.reviewed
    }

    /// The share done, in percent (100 when there is nothing to translate).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.done() as f64 / self.total as f64
        }
    }
}

/// Units and words by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Units by state.
    pub units: Tally,
    /// Words of the English by the state of their unit.
    pub words: Tally,
}

impl Counts {
    /// The counts of these entries.
    pub fn of(entries: &[Entry]) -> Counts {
        let mut counts = Counts::default();
        for entry in entries {
            let words = word_count(&entry.english);
            counts.units.add(entry.state, 1);
            counts.words.add(entry.state, words);
            if entry.state == State::Untranslated && entry.suggestion.is_some() {
                counts.units.suggested += 1;
                counts.words.suggested += words;
            }
        }
        counts
    }

    fn merge(&mut self, other: &Counts) {
        self.units.merge(&other.units);
        self.words.merge(&other.words);
    }
}

/// How many findings `verso check` has on a store's translations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingCounts {
    /// Error-level findings (never published).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

impl FindingCounts {
    fn merge(&mut self, other: &FindingCounts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
    }
}

/// One issue in one language.
#[derive(Debug, Clone)]
pub struct IssueStatus {
    /// The issue's name.
    pub issue: String,
    /// Its units and words.
    pub counts: Counts,
    /// The store does not exist yet or `verso sync` would change what it holds (not merely
    /// its layout).
    pub needs_sync: bool,
    /// The findings of `verso check` on its translations.
    pub findings: FindingCounts,
}

/// One language: its issues and their sum.
#[derive(Debug, Clone)]
pub struct LanguageStatus {
    /// The language code.
    pub language: String,
    /// Its issues, in the order they were given.
    pub issues: Vec<IssueStatus>,
    /// The sum of its issues.
    pub total: Counts,
    /// The sum of its issues' findings.
    pub findings: FindingCounts,
}

/// One store to count: what [`coverage`] needs to know about it.
#[derive(Debug, Clone, Copy)]
pub struct StoreCoverage<'a> {
    /// The store's language.
    pub language: &'a str,
    /// The issue's name.
    pub issue: &'a str,
    /// The store's units and words by state, as a sync leaves it (see [`Counts::of`]).
    pub counts: Counts,
    /// The store does not exist yet or a sync would change it.
    pub needs_sync: bool,
    /// The findings of `verso check` on its translations.
    pub findings: FindingCounts,
}

/// Coverage of `stores`, by language in the order they first appear.
///
/// ```
/// use verso_report::{Counts, FindingCounts, StoreCoverage, coverage};
/// use verso_store::{Entry, Kind, State, Store};
///
/// let mut store = Store::new("fr", "translations/en/2026-11-05-newsletter.md");
/// store.units.push(Entry::new("a1b2c3d4", Kind::Heading, "News"));
/// store.units.push(Entry::new("0badcafe", Kind::Paragraph, "Two words"));
/// store.units[0].state = State::Translated;
/// store.units[0].target = "Nouvelles".into();
/// let counts = Counts::of(&store.units);
/// let findings = FindingCounts { errors: 0, warnings: 1 };
/// let item = StoreCoverage { language: "fr", issue: "2026-11-05-newsletter", counts, needs_sync: false, findings };
/// let languages = coverage([item]);
/// assert_eq!(languages[0].total.units.done(), 1);
/// assert_eq!(languages[0].total.words.total, 3);
/// assert_eq!(languages[0].total.units.percent(), 50.0);
/// ```
pub fn coverage<'a>(stores: impl IntoIterator<Item = StoreCoverage<'a>>) -> Vec<LanguageStatus> {
    let mut languages: Vec<LanguageStatus> = Vec::new();
    for item in stores {
        let counts = item.counts;
        let position = match languages.iter().position(|l| l.language == item.language) {
            Some(p) => p,
            None => {
                languages.push(LanguageStatus {
                    language: item.language.to_string(),
                    issues: Vec::new(),
                    total: Counts::default(),
                    findings: FindingCounts::default(),
                });
                languages.len() - 1
            }
        };
        let language = &mut languages[position];
        language.total.merge(&counts);
        language.findings.merge(&item.findings);
        language.issues.push(IssueStatus {
            issue: item.issue.to_string(),
            counts,
            needs_sync: item.needs_sync,
            findings: item.findings,
        });
    }
    languages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_units_and_words_by_state() {
        let mut entries = vec![
            Entry::new("a", verso_store::Kind::Heading, "Two words"),
            Entry::new("b", verso_store::Kind::Paragraph, "Three words\nhere"),
            Entry::new("c", verso_store::Kind::Paragraph, "One"),
            Entry::new("d", verso_store::Kind::Paragraph, "Four words are here"),
        ];
        entries[0].state = State::Reviewed;
        entries[1].state = State::Translated;
        entries[2].state = State::Fuzzy;
        entries[3].suggestion = Some(Box::new(verso_store::Suggestion {
            english: "Four words were here".into(),
            target: "Vier Wörter".into(),
            origin: "2026-01-05-newsletter".into(),
        }));
        let counts = Counts::of(&entries);
        assert_eq!(
            counts.units,
            Tally {
                total: 4,
                reviewed: 1,
                translated: 1,
                fuzzy: 1,
                untranslated: 1,
                suggested: 1
            }
        );
        assert_eq!(
            counts.words,
            Tally {
                total: 10,
                reviewed: 2,
                translated: 3,
                fuzzy: 1,
                untranslated: 4,
                suggested: 4
            }
        );
        assert_eq!(counts.units.percent(), 50.0);
        assert_eq!(Tally::default().percent(), 100.0);
    }
}
