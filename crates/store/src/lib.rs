//! Translation stores: one TOML file per language and issue, committed to git.
//!
//! A store lists one entry per unit of the English issue, in source order, and the entries
//! whose unit vanished from the English (`[[obsolete]]`), so that no translation is ever lost.
//! The file holds nothing that changes by itself (no dates, no line numbers), and every entry
//! is its own block of lines, so two translators working on different units merge cleanly.
//!
//! ```toml
//! [[unit]]
//! id = "3f2a9c1e"
//! kind = "paragraph"
//! state = "fuzzy"
//! english = "Welcome to the XMPP Newsletter, great to have you here again!"
//! previous = "Welcome to the XMPP Newsletter!"
//! target = "Bienvenue dans la lettre d'information XMPP !"
//! ```

pub mod write;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
pub use verso_segment::Kind;
use verso_text::{LineIndex, ReadUtf8Error};

/// Where a unit's translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No translation yet (a `target` may hold a draft).
    Untranslated,
    /// Translated from an earlier version of the source: see `previous`.
    Fuzzy,
    /// Translated from the current source.
    Translated,
    /// Translated and checked by a second person.
    Reviewed,
}

impl State {
    /// Every state, from least to most done.
    pub const ALL: [State; 4] = [
        State::Untranslated,
        State::Fuzzy,
        State::Translated,
        State::Reviewed,
    ];

    /// The lowercase name used in stores and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Untranslated => "untranslated",
            State::Fuzzy => "fuzzy",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
        }
    }

    /// Translated or reviewed: the target renders the current source.
    pub fn is_done(self) -> bool {
        matches!(self, State::Translated | State::Reviewed)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One unit and its translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The unit id (see `verso_segment::base_id`).
    pub id: String,
    /// What part of the issue the unit comes from.
    pub kind: Kind,
    /// Where its translation stands.
    pub state: State,
    /// The English text of the unit (read from `source` in stores written before verso 0.2).
    #[serde(alias = "source")]
    pub english: String,
    /// For a fuzzy entry, the English text the target was translated from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// The translation; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// Where the target came from: the issue whose translation memory filled it, or
    /// `import:<file>` for a translation adopted by `verso import`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Why the entry needs a look (for example, why `verso import` found the pair only weak).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An earlier translation of a similar English text, offered by the translation memory;
    /// never a target until the translator copies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// Warnings of `verso check` silenced for this unit, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// A warning kind silenced for one unit: `allow = [{ check = "length-ratio", reason = "…" }]`.
/// Error kinds cannot be silenced (`verso check` says so when one is listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The check's name, as `verso check` prints it (`length-ratio`, `glossary`, ...).
    pub check: String,
    /// Why the warning does not apply here.
    #[serde(default)]
    pub reason: String,
}

/// A translation memory suggestion: `[unit.suggestion]` under its entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// The English text that `target` translates (alike, but not equal, to the unit's).
    pub english: String,
    /// The earlier translation of that English.
    pub target: String,
    /// The issue the translation comes from.
    pub origin: String,
}

impl Entry {
    /// A new, untranslated entry.
    pub fn new(id: impl Into<String>, kind: Kind, english: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            kind,
            state: State::Untranslated,
            english: english.into(),
            previous: None,
            target: String::new(),
            origin: None,
            note: None,
            suggestion: None,
            allow: Vec::new(),
        }
    }

    /// Whether the entry has a translation (or draft) that is not blank.
    pub fn has_target(&self) -> bool {
        !self.target.trim().is_empty()
    }
}

/// The translations of one issue into one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// Language code, such as `fr`.
    pub language: String,
    /// The English issue, relative to the workspace root, with `/` separators (the file key is
    /// `issue`; `source` is read too).
    #[serde(rename = "issue", alias = "source")]
    pub issue_path: String,
    /// One entry per unit of the source, in source order.
    #[serde(rename = "unit", default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Entry>,
    /// Translated entries whose unit is no longer in the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obsolete: Vec<Entry>,
}

const HEADER: &str = "\
# verso translation store. Translate by editing `target` and setting `state` to
# \"translated\" (or \"reviewed\"); `verso sync` maintains everything else.

";

/// Why a store could not be read or written. Messages name the file and, where there is one,
/// the line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot be read or is not UTF-8.
    #[error(transparent)]
    Read(#[from] ReadUtf8Error),
    /// The file could not be written.
    #[error("{}: cannot write: {error}", path.display())]
    Write {
        /// The file, as the caller named it.
        path: PathBuf,
        /// Why it could not be written.
        error: std::io::Error,
    },
    /// The file holds git conflict markers.
    #[error(
        "{}:{line}: unresolved git merge conflict (`{marker}`); resolve it, then run verso again",
        path.display()
    )]
    Conflict {
        /// The file, as the caller named it.
        path: PathBuf,
        /// 1-based line of the marker.
        line: usize,
        /// The marker line, such as `<<<<<<< HEAD`.
        marker: String,
    },
    /// The file is not a valid store.
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file, as the caller named it.
        path: PathBuf,
        /// 1-based line of the entry or value at fault.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl StoreError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Read(error) => error.path(),
            StoreError::Write { path, .. }
            | StoreError::Conflict { path, .. }
            | StoreError::Invalid { path, .. } => path,
        }
    }
}

/// The shape read from disk: entries keep their span so that errors can name a line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    language: String,
    #[serde(rename = "issue", alias = "source")]
    issue_path: String,
    #[serde(rename = "unit", default)]
    units: Vec<toml::Spanned<Entry>>,
    #[serde(default)]
    obsolete: Vec<toml::Spanned<Entry>>,
}

impl Store {
    /// An empty store of `issue_path` (relative to the workspace root) in `language`.
    pub fn new(language: impl Into<String>, issue_path: impl Into<String>) -> Store {
        Store {
            language: language.into(),
            issue_path: issue_path.into(),
            units: Vec::new(),
            obsolete: Vec::new(),
        }
    }

    /// Parses a store; `path` only names the file in errors.
    ///
    /// ```
    /// use std::path::Path;
    /// use verso_store::{State, Store};
    ///
    /// let text = r#"
    /// language = "fr"
    /// issue = "translations/en/2026-11-05-newsletter.md"
    ///
    /// [[unit]]
    /// id = "3f2a9c1e"
    /// kind = "heading"
    /// state = "translated"
    /// english = "News"
    /// target = "Nouvelles"
    /// "#;
    /// let store = Store::parse(text, Path::new("fr/x.toml")).unwrap();
    /// assert_eq!(store.units[0].state, State::Translated);
    ///
    /// let error = Store::parse(&text.replace("\"translated\"", "\"done\""), Path::new("fr/x.toml"));
    /// assert!(error.unwrap_err().to_string().starts_with("fr/x.toml:8: "));
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Store, StoreError> {
        if let Some((line, marker)) = conflict_marker(text) {
            return Err(StoreError::Conflict {
                path: path.to_owned(),
                line,
                marker,
            });
        }
        let invalid = |span: Option<Range<usize>>, message: String| StoreError::Invalid {
            path: path.to_owned(),
            line: span.map_or(1, |s| line_of(text, s.start)),
            message,
        };
        let raw: RawStore = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end().to_string();
            invalid(e.span(), message)
        })?;
        let mut seen = std::collections::HashMap::new();
        for entry in &raw.units {
            if let Some(first) = seen.insert(entry.get_ref().id.as_str(), entry.span()) {
                return Err(invalid(
                    Some(entry.span()),
                    format!(
                        "unit id `{}` is listed twice (first at line {})",
                        entry.get_ref().id,
                        line_of(text, first.start)
                    ),
                ));
            }
        }
        for entry in raw.units.iter().chain(&raw.obsolete) {
            let e = entry.get_ref();
            if e.state != State::Untranslated && !e.has_target() {
                return Err(invalid(
                    Some(entry.span()),
                    format!(
                        "unit `{}` is marked {} but has no target; add the translation or set \
                         state = \"untranslated\"",
                        e.id, e.state
                    ),
                ));
            }
        }
        Ok(Store {
            language: raw.language,
            issue_path: raw.issue_path,
            units: raw
                .units
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
            obsolete: raw
                .obsolete
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
        })
    }

    /// Reads a store; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Store>, StoreError> {
        match Store::read_text(path)? {
            None => Ok(None),
            Some(text) => Store::parse(&text, path).map(Some),
        }
    }

    /// Reads a store file as text; `Ok(None)` when it does not exist.
    pub fn read_text(path: &Path) -> Result<Option<String>, StoreError> {
        match verso_text::read_utf8(path) {
            Ok(text) => Ok(Some(text)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// The file contents: a fixed header, then the store as TOML. The same store always gives
    /// the same bytes.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a store always serializes");
        format!("{HEADER}{body}")
    }

    /// Writes the store atomically (a temporary file in the same directory, then a rename), and
    /// only when its bytes differ from the file's. Returns whether the file was written. The
    /// file keeps its mode, and a symbolic link is written through ([`write`] tells how).
    pub fn write(&self, path: &Path) -> Result<bool, StoreError> {
        let text = self.to_toml();
        if let Ok(existing) = std::fs::read(path)
            && existing == text.as_bytes()
        {
            return Ok(false);
        }
        write::write_atomic(path, text.as_bytes()).map_err(|error| StoreError::Write {
            path: path.to_owned(),
            error,
        })?;
        Ok(true)
    }

    /// The active entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.units.iter().find(|e| e.id == id)
    }

    /// The active entry with this id, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.units.iter_mut().find(|e| e.id == id)
    }
}

/// The first line that starts with a git conflict marker. Checked before parsing: inside a
/// multi-line string a conflict would otherwise parse as a translation.
fn conflict_marker(text: &str) -> Option<(usize, String)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let is_marker = ["<<<<<<<", ">>>>>>>", "|||||||"].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        }) || line.trim_end() == "=======";
        is_marker.then(|| (i + 1, line.trim_end().to_string()))
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Store {
        let mut store = Store::new("fr", "translations/en/2026-11-05-newsletter.md");
        let mut title = Entry::new(
            "a1b2c3d4",
            Kind::FrontMatter,
            "The XMPP Newsletter: November",
        );
        title.state = State::Translated;
        title.target = "La lettre d'information XMPP : novembre".into();
        let mut para = Entry::new(
            "0badcafe",
            Kind::Paragraph,
            "Two lines,\nwith \"quotes\", a backslash \\ and ''' too",
        );
        para.state = State::Fuzzy;
        para.previous = Some("Two lines,\nwith quotes".into());
        para.target = "Deux lignes,\navec des « guillemets »".into();
        store.units = vec![title, para, Entry::new("12345678", Kind::Heading, "News")];
        let mut gone = Entry::new("deadbeef", Kind::ListItem, "Gone");
        gone.state = State::Reviewed;
        gone.target = "Parti".into();
        gone.origin = Some("2026-10-05-newsletter".into());
        gone.note = Some("import: weak pair".into());
        store.obsolete = vec![gone];
        store
    }

    /// The position of each state in [`State::ALL`]; a new state fails to compile here until it
    /// is listed.
    fn position(state: State) -> usize {
        match state {
            State::Untranslated => 0,
            State::Fuzzy => 1,
            State::Translated => 2,
            State::Reviewed => 3,
        }
    }

    #[test]
    fn state_names_are_spelled_once() {
        for (i, state) in State::ALL.into_iter().enumerate() {
            assert_eq!(position(state), i, "{state:?} out of place in State::ALL");
            let serde_name = toml::Value::try_from(state).unwrap();
            assert_eq!(
                serde_name.as_str(),
                Some(state.as_str()),
                "serde and as_str disagree"
            );
            let back: State = serde_name.try_into().unwrap();
            assert_eq!(back, state);
        }
    }

    #[test]
    fn allow_lists_round_trip_and_stay_in_their_entry() {
        let mut store = sample();
        store.units[1].allow = vec![Allow {
            check: "length-ratio".into(),
            reason: "German needs more words".into(),
        }];
        let text = store.to_toml();
        let back = Store::parse(&text, Path::new("x.toml")).unwrap();
        assert_eq!(back, store);
        let written = "[[unit]]\nid = \"a\"\nkind = \"paragraph\"\nstate = \"translated\"\n\
                       english = \"E\"\ntarget = \"T\"\n\
                       allow = [{ check = \"length-ratio\", reason = \"short\" }]\n";
        let read = Store::parse(
            &format!("language = \"fr\"\nissue = \"x.md\"\n\n{written}"),
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(read.units[0].allow[0].check, "length-ratio");
        // Before the next `[[unit]]`, so an edit merges like any other field of the entry.
        let second = text.split("\n[[unit]]\n").nth(2).unwrap();
        assert!(second.contains("length-ratio"), "{text}");
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let store = sample();
        let text = store.to_toml();
        assert!(text.starts_with("# verso translation store."));
        let back = Store::parse(&text, Path::new("x.toml")).unwrap();
        assert_eq!(back, store);
        assert_eq!(back.to_toml(), text);
        // Every entry is its own block: each starts with its table header on its own line.
        assert_eq!(text.matches("\n[[unit]]\n").count(), 3);
        assert_eq!(text.matches("\n[[obsolete]]\n").count(), 1);
        // Empty fields are left out rather than written empty.
        let heading = text.split("[[unit]]").nth(3).unwrap();
        let heading = heading.split("[[obsolete]]").next().unwrap();
        assert!(!heading.contains("target"), "{heading}");
        assert!(!heading.contains("previous"), "{heading}");
    }

    #[test]
    fn a_suggestion_is_a_table_of_its_entry_and_round_trips() {
        let mut store = sample();
        store.units[2].suggestion = Some(Suggestion {
            english: "Some news".into(),
            target: "Des nouvelles".into(),
            origin: "2026-10-05-newsletter".into(),
        });
        let text = store.to_toml();
        let heading = text.split("[[unit]]").nth(3).unwrap();
        assert!(
            heading.contains(
                "state = \"untranslated\"\nenglish = \"News\"\n\n[unit.suggestion]\n\
                 english = \"Some news\"\ntarget = \"Des nouvelles\"\n\
                 origin = \"2026-10-05-newsletter\"\n"
            ),
            "{heading}"
        );
        assert_eq!(Store::parse(&text, Path::new("x.toml")).unwrap(), store);
    }

    #[test]
    fn parse_errors_name_the_line() {
        let text = sample()
            .to_toml()
            .replace("state = \"fuzzy\"", "state = \"fuzy\"");
        let err = Store::parse(&text, Path::new("fr/x.toml")).unwrap_err();
        let line = 1 + text[..text.find("\"fuzy\"").unwrap()].matches('\n').count();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("fr/x.toml:{line}: ")),
            "{message}"
        );
        assert!(message.contains("fuzy"), "{message}");
    }

    #[test]
    fn conflict_markers_are_refused_even_inside_strings() {
        let text = sample().to_toml().replace(
            "Deux lignes,\n",
            "Deux lignes,\n<<<<<<< HEAD\nun\n=======\ndeux\n>>>>>>> theirs\n",
        );
        let err = Store::parse(&text, Path::new("fr/x.toml")).unwrap_err();
        let line = 1 + text[..text.find("<<<<<<<").unwrap()].matches('\n').count();
        assert!(
            matches!(err, StoreError::Conflict { line: l, .. } if l == line),
            "{err}"
        );
        assert!(err.to_string().contains("merge conflict"));
    }

    #[test]
    fn a_done_state_needs_a_target_and_ids_are_unique() {
        let text = sample()
            .to_toml()
            .replace("target = \"La lettre d'information XMPP : novembre\"\n", "");
        let err = Store::parse(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a1b2c3d4") && err.contains("no target"),
            "{err}"
        );
        // The line of the entry's `[[unit]]` header.
        assert!(err.starts_with("s.toml:7:"), "{err}");

        let text = sample().to_toml().replace("12345678", "a1b2c3d4");
        let err = Store::parse(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("listed twice (first at line 7)"), "{err}");
    }

    #[test]
    fn stores_written_with_source_keys_still_read() {
        let text = sample().to_toml();
        assert!(
            text.contains("\nissue = ") && text.contains("\nenglish = "),
            "{text}"
        );
        let old = text
            .replace("\nissue = ", "\nsource = ")
            .replace("\nenglish = ", "\nsource = ");
        let store = Store::parse(&old, Path::new("x.toml")).unwrap();
        assert_eq!(store, sample());
        // Written back, it uses the current keys.
        assert_eq!(store.to_toml(), text);
    }

    #[test]
    fn write_is_atomic_and_skips_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fr").join("issue.toml");
        let store = sample();
        assert!(store.write(&path).unwrap());
        assert!(!store.write(&path).unwrap());
        assert_eq!(Store::read(&path).unwrap().unwrap(), store);
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("issue.toml")]);
        assert!(
            Store::read(&dir.path().join("missing.toml"))
                .unwrap()
                .is_none()
        );
    }
}
