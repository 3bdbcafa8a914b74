//! Coverage per language and issue, counted on the synced stores of a [`Plan`].

use serde::Serialize;
use verso_store::{Entry, State};

use crate::Plan;

/// Units (or words) by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub total: usize,
    pub reviewed: usize,
    /// Translated, not reviewed.
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub units: Tally,
    pub words: Tally,
}

impl Counts {
    pub fn of(entries: &[Entry]) -> Counts {
        let mut counts = Counts::default();
        for entry in entries {
            counts.units.add(entry.state, 1);
            counts
                .words
                .add(entry.state, entry.english.split_whitespace().count());
        }
        counts
    }

    fn merge(&mut self, other: &Counts) {
        self.units.merge(&other.units);
        self.words.merge(&other.words);
    }
}

/// One issue in one language.
#[derive(Debug, Clone, Serialize)]
pub struct IssueStatus {
    pub issue: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// The store does not exist yet or `verso sync` would change what it holds (not merely
    /// its layout).
    pub needs_sync: bool,
}

/// One language: its issues and their sum.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub language: String,
    pub issues: Vec<IssueStatus>,
    pub total: Counts,
}

/// Coverage of every store in `plan`, by language in the order they appear in it.
pub fn status(plan: &Plan) -> Vec<LanguageStatus> {
    let mut languages: Vec<LanguageStatus> = Vec::new();
    for item in &plan.items {
        let counts = Counts::of(&item.store.units);
        let position = match languages.iter().position(|l| l.language == item.language) {
            Some(p) => p,
            None => {
                languages.push(LanguageStatus {
                    language: item.language.clone(),
                    issues: Vec::new(),
                    total: Counts::default(),
                });
                languages.len() - 1
            }
        };
        let language = &mut languages[position];
        language.total.merge(&counts);
        language.issues.push(IssueStatus {
            issue: item.issue.clone(),
            counts,
            needs_sync: !item.same_content,
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
        let counts = Counts::of(&entries);
        assert_eq!(
            counts.units,
            Tally {
                total: 4,
                reviewed: 1,
                translated: 1,
                fuzzy: 1,
                untranslated: 1
            }
        );
        assert_eq!(
            counts.words,
            Tally {
                total: 10,
                reviewed: 2,
                translated: 3,
                fuzzy: 1,
                untranslated: 4
            }
        );
        assert_eq!(counts.units.percent(), 50.0);
        assert_eq!(Tally::default().percent(), 100.0);
    }
}
