//! The glossary of a language (`glossary/LANG.toml`) and the names never translated
//! (`glossary/names.toml`), and how their words are found in a text.
//!
//! Matching, the same for both files:
//! - on the English side a term matches case-insensitively as whole words (`server` matches
//!   `Server` and `servers`, `XEP` matches `XEPs`: an English plural `s`/`es` is allowed after
//!   the last word, nothing else);
//! - on the translated side the term is rendered when any of the listed translations appears
//!   case-insensitively at the start of a word (`serveur` accepts `serveurs`, `Server` accepts
//!   `Servern` and `Serversoftware`): list every form that does not begin with another one
//!   (`Kanal`, `Kanäle`);
//! - a term marked `match-case = true` matches the English case-sensitively (`Stable` the XEP
//!   state, not a stable release);
//! - a name matches case-sensitively, as the start of a word on both sides (German `Gajims` keeps
//!   `Gajim`).
//!
//! ```toml
//! [[term]]
//! term = "server"
//! translation = ["serveur"]
//! note = "Used by every translator of the archive."
//! ```

use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

use serde::Deserialize;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The English term, one or more words.
    pub term: String,
    /// The accepted renderings (word starts, see the module documentation).
    #[serde(deserialize_with = "one_or_many")]
    pub translation: Vec<String>,
    /// Why, or when to use which form; shown in the warning.
    #[serde(default)]
    pub note: Option<String>,
    /// Match the English term case-sensitively (`Stable` the XEP state, not any stable
    /// release); the translation side is always case-insensitive.
    #[serde(default, rename = "match-case")]
    pub match_case: bool,
}

/// The glossary of one language.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The entries, in file order. Built once: the index below is made on first use.
    pub terms: Vec<Term>,
    /// The terms by their first word (lowercase unless `match-case`).
    index: OnceLock<Automaton>,
}

/// The names never translated.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// The names, spelled as they must appear. Built once: the index below is made on first
    /// use.
    pub names: Vec<String>,
    /// The names by their first word.
    index: OnceLock<Automaton>,
}

/// Every entry's English as one automaton: a unit's prose is read once for all of them.
#[derive(Debug, Clone)]
struct Automaton {
    /// Patterns matched case-insensitively (ASCII letters), and their entries.
    folded: Option<(AhoCorasick, Vec<usize>)>,
    /// Patterns matched as written, and their entries.
    exact: Option<(AhoCorasick, Vec<usize>)>,
}

impl Automaton {
    /// `entries`: (pattern, case-sensitive) in entry order.
    fn new<'a>(entries: impl Iterator<Item = (&'a str, bool)>) -> Automaton {
        let (mut folded, mut exact) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
        for (i, (pattern, case)) in entries.enumerate() {
            let side = if case { &mut exact } else { &mut folded };
            side.0.push(pattern);
            side.1.push(i);
        }
        let build = |(patterns, entries): (Vec<&str>, Vec<usize>), fold: bool| {
            (!patterns.is_empty()).then(|| {
                let ac = AhoCorasick::builder()
                    .ascii_case_insensitive(fold)
                    .build(patterns)
                    .expect("glossary patterns are plain strings");
                (ac, entries)
            })
        };
        Automaton {
            folded: build(folded, true),
            exact: build(exact, false),
        }
    }

    /// The entries found in `text` as whole words (an English plural ending allowed), sorted.
    fn find(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for (ac, entries) in [&self.folded, &self.exact].into_iter().flatten() {
            for m in ac.find_overlapping_iter(text) {
                if whole_word(text, m.start(), m.end()) {
                    out.push(entries[m.pattern().as_usize()]);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `text[start..end]` starts at a word start and ends at a word end, an English plural
/// `s` or `es` allowed before it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before_ok = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after = &text[end..];
    let rest = after
        .strip_prefix("es")
        .filter(|r| r.chars().next().is_none_or(|c| !is_word_char(c)))
        .or_else(|| after.strip_prefix('s'))
        .unwrap_or(after);
    before_ok && rest.chars().next().is_none_or(|c| !is_word_char(c))
}

impl Glossary {
    /// The terms the English `prose` uses (see the module documentation for the rule).
    pub fn terms_in<'a>(&'a self, prose: &str) -> Vec<&'a Term> {
        let automaton = self.index.get_or_init(|| {
            Automaton::new(self.terms.iter().map(|t| (t.term.as_str(), t.match_case)))
        });
        automaton
            .find(prose)
            .into_iter()
            .map(|i| &self.terms[i])
            .collect()
    }
}

impl Names {
    /// The names the English `prose` uses.
    pub fn names_in<'a>(&'a self, prose: &str) -> Vec<&'a str> {
        let automaton = self
            .index
            .get_or_init(|| Automaton::new(self.names.iter().map(|n| (n.as_str(), true))));
        automaton
            .find(prose)
            .into_iter()
            .map(|i| self.names[i].as_str())
            .collect()
    }
}

/// Why a glossary file could not be read. The line is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct GlossaryError {
    /// The 1-based line of the file.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, GlossaryError> {
    toml::from_str(text).map_err(|e| GlossaryError {
        line: e
            .span()
            .map_or(1, |s| verso_text::LineIndex::new(text).line(s.start)),
        message: e.message().to_string(),
    })
}

impl Glossary {
    /// Reads a `glossary/LANG.toml` file's text (`[[term]]` entries).
    pub fn parse(text: &str) -> Result<Glossary, GlossaryError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            term: Vec<Term>,
        }
        let raw: Raw = parse_toml(text)?;
        Ok(Glossary {
            terms: raw.term,
            index: OnceLock::new(),
        })
    }
}

impl Names {
    /// Reads a `glossary/names.toml` file's text (`names = [...]`).
    pub fn parse(text: &str) -> Result<Names, GlossaryError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            names: Vec<String>,
        }
        let raw: Raw = parse_toml(text)?;
        Ok(Names {
            names: raw.names,
            index: OnceLock::new(),
        })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text` has `needle` starting at a word start (`case`: exact, else case-insensitive;
/// `whole`: also ending at a word end, an English plural ending allowed).
fn find_word(text: &str, needle: &str, case: bool, whole: bool) -> bool {
    if case {
        find_at_word(text, needle, whole)
    } else {
        find_at_word(&text.to_lowercase(), &needle.to_lowercase(), whole)
    }
}

/// [`find_word`] on a text and needle already in the case to compare.
fn find_at_word(hay: &str, needle: &str, whole: bool) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(n) = hay[from..].find(needle) {
        let start = from + n;
        let end = start + needle.len();
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        let after = &hay[end..];
        let after_ok = !whole || {
            let rest = after
                .strip_prefix("es")
                .filter(|r| r.chars().next().is_none_or(|c| !is_word_char(c)))
                .or_else(|| after.strip_prefix('s'))
                .unwrap_or(after);
            rest.chars().next().is_none_or(|c| !is_word_char(c))
        };
        if before_ok && after_ok {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

impl Term {
    /// Whether the English prose uses the term.
    pub fn in_english(&self, prose: &str) -> bool {
        find_word(prose, &self.term, self.match_case, true)
    }

    /// Whether a translated prose renders the term as the glossary says.
    pub fn in_translation(&self, prose: &str) -> bool {
        self.in_lowercase_translation(&prose.to_lowercase())
    }

    /// [`Term::in_translation`] on a prose already lowercased.
    pub fn in_lowercase_translation(&self, lower: &str) -> bool {
        self.translation
            .iter()
            .any(|t| find_at_word(lower, &t.to_lowercase(), false))
    }
}

/// Whether the English `prose` names `name` (case-sensitive, whole word).
pub fn name_in_english(prose: &str, name: &str) -> bool {
    find_word(prose, name, true, true)
}

/// Whether `prose` holds `name` (case-sensitive, at a word start).
pub fn has_name(prose: &str, name: &str) -> bool {
    find_word(prose, name, true, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_rules() {
        let term = Term {
            term: "server".into(),
            translation: vec!["serveur".into()],
            note: None,
            match_case: false,
        };
        assert!(term.in_english("Two Servers, one client"));
        assert!(term.in_english("the server."));
        assert!(!term.in_english("serverless"));
        assert!(term.in_translation("Deux serveurs"));
        assert!(!term.in_translation("un autre mot"));
        assert!(has_name("Gajims Fenster", "Gajim"));
        assert!(!has_name("gajim", "Gajim"));
        assert!(name_in_english("Psi's window", "Psi"));
        assert!(!name_in_english("Psionic", "Psi"));
    }

    #[test]
    fn files_parse_with_lines() {
        let g = Glossary::parse(
            r#"
[[term]]
term = "server"
translation = "serveur"
note = "n"
"#,
        )
        .unwrap();
        assert_eq!(g.terms[0].translation, ["serveur"]);
        let err = Glossary::parse("[[term]]\nterm = \"x\"\nwhat = 1\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let names = Names::parse("names = [\"Dino\"]\n").unwrap();
        assert_eq!(names.names, ["Dino"]);
    }
}
