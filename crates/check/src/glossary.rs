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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    /// The entries, in file order.
    pub terms: Vec<Term>,
}

/// The names never translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// The names, spelled as they must appear.
    pub names: Vec<String>,
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
            .map_or(1, |s| 1 + text[..s.start].matches('\n').count()),
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
        Ok(Glossary { terms: raw.term })
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
        Ok(Names { names: raw.names })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text` has `needle` starting at a word start (`case`: exact, else case-insensitive;
/// `whole`: also ending at a word end, an English plural ending allowed).
fn find_word(text: &str, needle: &str, case: bool, whole: bool) -> bool {
    if needle.is_empty() {
        return false;
    }
    let (hay, needle) = if case {
        (text.to_string(), needle.to_string())
    } else {
        (text.to_lowercase(), needle.to_lowercase())
    };
    let mut from = 0;
    while let Some(n) = hay[from..].find(&needle) {
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
        self.translation
            .iter()
            .any(|t| find_word(prose, t, false, false))
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
