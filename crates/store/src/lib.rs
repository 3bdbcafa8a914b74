//! Translation stores: one TOML file per language and issue, committed to git.
//!
//! A store lists one entry per unit of the English issue, in source order, and the entries
//! whose unit vanished from the English (`[[obsolete]]`), so that no translation is ever lost.
//! The file holds nothing that changes by itself (no dates, no line numbers), and every entry
//! is its own block of lines, so two translators working on different units merge cleanly.
//!
//! Texts are written verbatim between `'''` (TOML multi-line literal strings), so a translator
//! never escapes anything: apostrophes, quotes, backslashes (a Markdown hard break `\` at the
//! end of a line included) and tabs mean themselves. An untranslated entry carries an empty
//! target, `target = ''''''`, to type into. Only a text that cannot be written that way (it
//! holds `'''` or a control character, or one of its lines looks like a git conflict marker)
//! is written as a one-line `"..."` string with escapes.
//!
//! ```toml
//! [[unit]]
//! id = "3f2a9c1e"
//! kind = "paragraph"
//! state = "fuzzy"
//! english = '''Welcome to the XMPP Newsletter, great to have you here again!'''
//! previous = '''Welcome to the XMPP Newsletter!'''
//! target = '''Bienvenue dans la lettre d'information XMPP !'''
//! ```

pub mod write;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod canonical;
pub use verso_segment::Kind;
use verso_text::{LineIndex, ReadUtf8Error};

/// Where a unit's translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No translation yet (a `target` may hold a draft).
    Untranslated,
    /// Translated from an earlier version of the English: see `previous`.
    Fuzzy,
    /// Translated from the current English.
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

    /// Translated or reviewed: the target renders the current English.
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The unit id (see `verso_segment::base_id`).
    pub id: String,
    /// What part of the issue the unit comes from.
    pub kind: Kind,
    /// Where its translation stands.
    pub state: State,
    /// The English text of the unit (key `english`; `source` in older stores).
    #[serde(alias = "source")]
    pub english: String,
    /// For a fuzzy entry, the English text the target was translated from.
    #[serde(default)]
    pub previous: Option<String>,
    /// The translation; empty when there is none.
    #[serde(default)]
    pub target: String,
    /// Where the target came from: the issue whose translation memory filled it, or
    /// `import:<file>` for a translation adopted by `verso import`.
    #[serde(default)]
    pub origin: Option<String>,
    /// Why the entry needs a look (for example, why `verso import` found the pair only weak).
    #[serde(default)]
    pub note: Option<String>,
    /// An earlier translation of a similar English text, offered by the translation memory;
    /// never a target until the translator copies it. Boxed: few entries have one, and an
    /// entry without one is 64 bytes smaller (an archive of 8,000 issues holds 2 million).
    #[serde(default)]
    pub suggestion: Option<Box<Suggestion>>,
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    /// Language code, such as `fr`.
    pub language: String,
    /// The English issue, relative to the workspace root, with `/` separators (key `issue`;
    /// `source` in older stores).
    pub issue_path: String,
    /// One entry per unit of the English issue, in source order.
    pub units: Vec<Entry>,
    /// Translated entries whose unit is no longer in the English issue.
    pub obsolete: Vec<Entry>,
}

const HEADER: &str = "\
# verso translation store. To translate a unit, type its text between the quotes of its
# `target` (target = '''Bonjour !''') and set its `state` to \"translated\" (\"reviewed\" once
# somebody checked it). Nothing between ''' and ''' is escaped: quotes, apostrophes and
# backslashes mean themselves, and the text may span lines. `verso sync` maintains the rest.
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
    /// The file is not a valid store. `excerpt` shows the line with a caret under `column`;
    /// `unit` is the id of the `[[unit]]` or `[[obsolete]]` block the error is in.
    #[error(
        "{}:{line}:{column}: {message}{}\n{excerpt}",
        path.display(),
        unit.as_ref().map(|id| format!(" (in unit `{id}`)")).unwrap_or_default()
    )]
    Invalid {
        /// The file, as the caller named it.
        path: PathBuf,
        /// 1-based line of the entry or value at fault.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
        /// The id of the entry the error is in, when there is one.
        unit: Option<String>,
        /// The line with a caret under the column, ready to print below the message.
        excerpt: String,
    },
    /// The file changed between the moment it was read and the moment it was to be replaced:
    /// somebody saved it meanwhile. It was left as it is.
    #[error("{}: changed on disk while verso was working; left as it is", path.display())]
    ChangedMeanwhile {
        /// The file, as the caller named it.
        path: PathBuf,
    },
}

impl StoreError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Read(error) => error.path(),
            StoreError::Write { path, .. }
            | StoreError::Conflict { path, .. }
            | StoreError::Invalid { path, .. }
            | StoreError::ChangedMeanwhile { path } => path,
        }
    }

    /// The first line of the message (an invalid store's excerpt left out), for tables.
    pub fn headline(&self) -> String {
        self.to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

/// The shape read from disk: entries keep their span so that errors can name a line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    language: String,
    #[serde(alias = "source")]
    issue: String,
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
    /// use verso_store::Store;
    ///
    /// let text = r#"
    /// language = "fr"
    /// issue = "translations/en/2026-11-05-newsletter.md"
    ///
    /// [[unit]]
    /// id = "3f2a9c1e"
    /// kind = "heading"
    /// state = "translated"
    /// english = '''News'''
    /// target = '''Nouvelles d'aujourd'hui'''
    /// "#;
    /// let store = Store::parse(text, Path::new("fr/x.toml")).unwrap();
    /// assert_eq!(store.units[0].target, "Nouvelles d'aujourd'hui");
    ///
    /// let error = Store::parse(&text.replace("\"translated\"", "\"done\""), Path::new("fr/x.toml"));
    /// assert!(error.unwrap_err().to_string().starts_with("fr/x.toml:8:9: unknown variant `done`"));
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Store, StoreError> {
        Store::parse_canonical(text, path).map(|(store, _)| store)
    }

    /// Parses a store like [`Store::parse`], and says whether `text` is exactly what
    /// [`Store::to_toml`] writes for it (then a caller needs not serialize the store to know
    /// that the file is laid out as verso writes it).
    ///
    /// Text written by verso is read by a reader of that layout alone, several times faster
    /// than the TOML parser, which reads everything else (see `canonical.rs`).
    pub fn parse_canonical(text: &str, path: &Path) -> Result<(Store, bool), StoreError> {
        // No conflict marker can hide in what the fast reader accepts: every line of a text
        // written verbatim is checked (see `needs_escapes`), the others are keys and headers.
        if let Some(store) = canonical::read(text)
            && store.is_valid()
        {
            return Ok((store, true));
        }
        Store::parse_toml(text, path).map(|store| (store, false))
    }

    /// [`Store::parse_canonical`], with, when `text` is laid out as verso writes the store, the
    /// 1-based line of each unit's `id = ` key in it (for messages that point at an entry
    /// without keeping the text).
    pub fn parse_with_id_lines(
        text: &str,
        path: &Path,
    ) -> Result<(Store, Option<Vec<u32>>), StoreError> {
        if let Some((store, offsets)) = canonical::read_with_offsets(text)
            && store.is_valid()
        {
            // Each unit's block starts with a blank line, then `[[unit]]`, then its id.
            let mut lines = Vec::with_capacity(offsets.len());
            let (mut line, mut from) = (1, 0);
            for offset in offsets {
                line += memchr::memchr_iter(b'\n', &text.as_bytes()[from..offset]).count();
                from = offset;
                lines.push(u32::try_from(line + 2).unwrap_or(u32::MAX));
            }
            return Ok((store, Some(lines)));
        }
        Store::parse_toml(text, path).map(|store| (store, None))
    }

    /// Unique ids, and a target for every entry marked done: what the TOML path checks too.
    fn is_valid(&self) -> bool {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(self.units.len());
        self.units.iter().all(|e| seen.insert(e.id.as_str()))
            && self
                .units
                .iter()
                .chain(&self.obsolete)
                .all(|e| e.state == State::Untranslated || e.has_target())
    }

    fn parse_toml(text: &str, path: &Path) -> Result<Store, StoreError> {
        if let Some((line, marker)) = conflict_marker(text) {
            return Err(StoreError::Conflict {
                path: path.to_owned(),
                line,
                marker,
            });
        }
        let invalid =
            |span: Option<Range<usize>>, message: String| invalid(text, path, span, message);
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
                        "unit `{}` is marked {} but has no target; type the translation between \
                         the quotes of `target` or set state = \"untranslated\"",
                        e.id, e.state
                    ),
                ));
            }
        }
        Ok(Store {
            language: raw.language,
            issue_path: raw.issue,
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

    /// The file contents: a fixed header, then the store as TOML, its texts verbatim (see the
    /// crate documentation). The same store always gives the same bytes, and no line of them
    /// starts like a git conflict marker.
    pub fn to_toml(&self) -> String {
        self.serialize(None)
    }

    /// [`Store::to_toml`], and the 1-based line of each unit's `target` in it (one per entry of
    /// `units`, in order): where the translator types.
    ///
    /// ```
    /// use verso_store::{Entry, Kind, Store};
    ///
    /// let mut store = Store::new("fr", "translations/en/2026-11-05-newsletter.md");
    /// store.units.push(Entry::new("a1b2c3d4", Kind::Heading, "News"));
    /// let (text, lines) = store.to_toml_with_lines();
    /// assert_eq!(text.lines().nth(lines[0] - 1), Some("target = ''''''"));
    /// ```
    pub fn to_toml_with_lines(&self) -> (String, Vec<usize>) {
        let mut lines = Vec::with_capacity(self.units.len());
        let text = self.serialize(Some(&mut lines));
        (text, lines)
    }

    /// The file contents, and the line of each unit's `target` when `lines` is given. Each
    /// value is written straight into the text, which is allocated once.
    fn serialize(&self, mut lines: Option<&mut Vec<usize>>) -> String {
        let texts: usize = self
            .units
            .iter()
            .chain(&self.obsolete)
            .map(|e| e.english.len() + e.target.len() + e.previous.as_ref().map_or(0, String::len))
            .sum();
        let entries = self.units.len() + self.obsolete.len();
        let mut out = String::with_capacity(HEADER.len() + 256 + texts + 128 * entries);
        out.push_str(HEADER);
        out.push('\n');
        push_basic_key(&mut out, "language", &self.language);
        push_basic_key(&mut out, "issue", &self.issue_path);
        let newlines = |text: &str| text.bytes().filter(|&b| b == b'\n').count();
        let mut line = 1 + newlines(&out);
        for entry in &self.units {
            let start = out.len();
            let target = push_entry(&mut out, "unit", entry);
            if let Some(lines) = lines.as_deref_mut() {
                lines.push(line + newlines(&out[start..target]));
                line += newlines(&out[start..]);
            }
        }
        for entry in &self.obsolete {
            push_entry(&mut out, "obsolete", entry);
        }
        out
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

    /// Replaces the file at `path` with this store, provided it still holds `read`: the bytes
    /// read when the work started, `None` when there was no file. The file is compared right
    /// before the rename ([`unchanged_since`]), so that a translator's save made meanwhile is
    /// never overwritten: the file is left as it is and the error is
    /// [`StoreError::ChangedMeanwhile`].
    pub fn replace(&self, path: &Path, read: Option<&[u8]>) -> Result<(), StoreError> {
        let write_error = |error| StoreError::Write {
            path: path.to_owned(),
            error,
        };
        let changed = || StoreError::ChangedMeanwhile {
            path: path.to_owned(),
        };
        let staged = write::stage(path, self.to_toml().as_bytes()).map_err(write_error)?;
        if !unchanged_since(path, read).map_err(write_error)? {
            return Err(changed());
        }
        match read {
            Some(_) => staged.commit().map_err(write_error),
            // A file that appeared meanwhile is never replaced.
            None => staged.commit_new().map_err(|error| match error.kind() {
                std::io::ErrorKind::AlreadyExists => changed(),
                _ => write_error(error),
            }),
        }
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

/// Whether the file at `path` still holds `read` (`None`: still does not exist). What a
/// writer checks right before replacing a file it read earlier.
pub fn unchanged_since(path: &Path, read: Option<&[u8]>) -> std::io::Result<bool> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(read == Some(bytes.as_slice())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(read.is_none()),
        Err(error) => Err(error),
    }
}

fn push_key(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    out.push_str(value);
    out.push('\n');
}

/// `KEY = ` the value as [`basic_string`] writes it, and a line break.
fn push_basic_key(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    push_basic(out, value);
    out.push('\n');
}

/// `KEY = ` the text as [`text_value`] writes it, and a line break.
fn push_text_key(out: &mut String, key: &str, text: &str) {
    out.push_str(key);
    out.push_str(" = ");
    push_text(out, text);
    out.push('\n');
}

/// Appends an entry's block; returns the offset of its `target` key.
fn push_entry(out: &mut String, table: &str, entry: &Entry) -> usize {
    out.push_str("\n[[");
    out.push_str(table);
    out.push_str("]]\n");
    push_basic_key(out, "id", &entry.id);
    push_basic_key(out, "kind", entry.kind.as_str());
    push_basic_key(out, "state", entry.state.as_str());
    push_text_key(out, "english", &entry.english);
    if let Some(previous) = &entry.previous {
        push_text_key(out, "previous", previous);
    }
    // Written even when empty: the place to type the translation into.
    let target = out.len();
    push_text_key(out, "target", &entry.target);
    if let Some(origin) = &entry.origin {
        push_basic_key(out, "origin", origin);
    }
    if let Some(note) = &entry.note {
        push_text_key(out, "note", note);
    }
    if !entry.allow.is_empty() {
        push_key(out, "allow", &allow_value(&entry.allow));
    }
    if let Some(suggestion) = &entry.suggestion {
        // A table of the entry: it must come after the entry's own keys.
        out.push_str("\n[");
        out.push_str(table);
        out.push_str(".suggestion]\n");
        push_text_key(out, "english", &suggestion.english);
        push_text_key(out, "target", &suggestion.target);
        push_basic_key(out, "origin", &suggestion.origin);
    }
    target
}

/// An `allow` list as a TOML value, on one line: an inline table cannot span lines, so a reason
/// of several lines is escaped.
fn allow_value(allow: &[Allow]) -> String {
    let allows: Vec<String> = allow
        .iter()
        .map(|allow| {
            let reason = match allow.reason.contains('\n') {
                true => basic_string(&allow.reason),
                false => text_value(&allow.reason),
            };
            format!(
                "{{ check = {}, reason = {reason} }}",
                basic_string(&allow.check)
            )
        })
        .collect();
    format!("[{}]", allows.join(", "))
}

/// A text as a TOML value: verbatim between `'''` when possible, else a one-line basic string.
///
/// A text of several lines starts on the line after the opening `'''` (TOML drops a line break
/// right after it), so that its lines line up; the closing `'''` ends its last line, as a line
/// break before it would be part of the text. Each of those lines starts a line of the file,
/// so none may look like a git conflict marker.
fn text_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_text(&mut out, text);
    out
}

/// Appends [`text_value`] of `text`.
fn push_text(out: &mut String, text: &str) {
    if needs_escapes(text) {
        push_basic(out, text);
    } else {
        out.push_str("'''");
        if text.contains('\n') {
            out.push('\n');
        }
        out.push_str(text);
        out.push_str("'''");
    }
}

/// Whether [`text_value`] escapes `text`: it holds `'''`, a control character other than a tab
/// or a line break, or, on several lines, a line that looks like a git conflict marker.
///
/// Each in a pass that the compiler or memchr vectorizes: the control characters of one
/// byte (C0 but tab and line feed, and DEL) in chunks folded without a branch; the C1 controls
/// (U+0080 to U+009F) at each `0xC2`, their first byte; `'''` with memchr's substring search
/// (the reader of stores knows when there is none); and the markers at each line feed. Stores are read and written through this test, and
/// French and Italian texts hold an apostrophe or a line break every few dozen bytes, so one
/// pass that stopped at each was the slowest part of reading a store.
fn needs_escapes(text: &str) -> bool {
    find_triple_quote(text).is_some() || needs_escapes_but_quotes(text)
}

/// [`needs_escapes`] of a text known to hold no `'''`.
fn needs_escapes_but_quotes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7F;
    if bytes.chunks(32).any(|chunk| {
        chunk
            .iter()
            .fold(0u8, |found, &b| found | u8::from(control(b)))
            != 0
    }) {
        return true;
    }
    if memchr::memchr_iter(0xC2, bytes).any(|at| matches!(bytes.get(at + 1), Some(0x80..=0x9F))) {
        return true;
    }
    let mut breaks = memchr::memchr_iter(b'\n', bytes).peekable();
    // On several lines, every line counts, the first one too.
    if breaks.peek().is_some() && is_conflict_marker(text.split('\n').next().unwrap_or_default()) {
        return true;
    }
    breaks.any(|at| {
        // Every marker starts with one of these bytes: most lines need no closer look.
        matches!(bytes.get(at + 1), Some(b'<' | b'>' | b'|' | b'='))
            && is_conflict_marker(text[at + 1..].split('\n').next().unwrap_or_default())
    })
}

/// The first `'''` in `text`.
fn find_triple_quote(text: &str) -> Option<usize> {
    static TRIPLE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"'''"));
    TRIPLE.find(text.as_bytes())
}

/// A one-line TOML basic string: `"` and `\` escaped, and control characters (line breaks and
/// tabs included) written as escapes.
fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_basic(&mut out, text);
    out
}

/// Appends [`basic_string`] of `text`.
fn push_basic(out: &mut String, text: &str) {
    out.push('"');
    // Most texts need no escape: copied whole unless a byte that may need one is in them (a
    // quote, a backslash, a C0 control or DEL, or `0xC2`, which starts the C1 controls).
    let plain = !text
        .bytes()
        .any(|b| b == b'"' || b == b'\\' || b < 0x20 || b == 0x7F || b == 0xC2);
    if plain {
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a line starts the way git starts the lines of a merge conflict.
fn is_conflict_marker(line: &str) -> bool {
    ["<<<<<<<", ">>>>>>>", "|||||||"].iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    }) || line.trim_end() == "======="
}

/// The first line that starts with a git conflict marker. Checked before parsing: inside a
/// multi-line string a conflict would otherwise parse as a translation. verso never writes such
/// a line itself (see [`text_value`]), so only a real conflict, or a hand edit, has one.
fn conflict_marker(text: &str) -> Option<(usize, String)> {
    text.lines()
        .enumerate()
        .find(|(_, line)| is_conflict_marker(line))
        .map(|(i, line)| (i + 1, line.trim_end().to_string()))
}

/// A [`StoreError::Invalid`] at `span` of `text` (the start of the file when there is none).
fn invalid(text: &str, path: &Path, span: Option<Range<usize>>, message: String) -> StoreError {
    let span = span.unwrap_or(0..0);
    let start = floor_char_boundary(text, span.start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = line_of(text, start);
    let column = text[line_start..start].chars().count() + 1;
    let end = floor_char_boundary(text, span.end.clamp(start, line_end));
    let carets = text[start..end].chars().count().max(1);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let excerpt = format!(
        "{pad} |\n{number} | {}\n{pad} | {}{}",
        &text[line_start..line_end],
        " ".repeat(column - 1),
        "^".repeat(carets)
    );
    StoreError::Invalid {
        path: path.to_owned(),
        line,
        column,
        message,
        unit: enclosing_unit(text, line_start),
        excerpt,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The id of the `[[unit]]` or `[[obsolete]]` block that holds the line starting at `offset`,
/// read from the lines as text, since the file may not parse.
fn enclosing_unit(text: &str, offset: usize) -> Option<String> {
    let is_entry_header = |line: &str| matches!(line.trim(), "[[unit]]" | "[[obsolete]]");
    let line_starts = text[..offset]
        .rmatch_indices('\n')
        .map(|(i, _)| i + 1)
        .chain([0]);
    let header = [offset]
        .into_iter()
        .chain(line_starts)
        .find(|&i| is_entry_header(text[i..].lines().next().unwrap_or_default()))?;
    text[header..]
        .lines()
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .find_map(|line| {
            let value = line
                .trim()
                .strip_prefix("id")?
                .trim_start()
                .strip_prefix('=')?;
            let id = value.trim().trim_matches(|c| c == '"' || c == '\'');
            (!id.is_empty()).then(|| id.to_string())
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

    #[track_caller]
    fn assert_round_trip(store: &Store) -> String {
        let text = store.to_toml();
        let back = Store::parse(&text, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&back, store, "{text}");
        // Both readers read it, and agree.
        assert_eq!(canonical::read(&text).as_ref(), Some(store), "{text}");
        let toml = Store::parse_toml(&text, Path::new("x.toml")).unwrap();
        assert_eq!(&toml, store, "{text}");
        assert_eq!(back.to_toml(), text);
        assert_eq!(conflict_marker(&text), None, "{text}");
        text
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
        store.units[1].allow = vec![
            Allow {
                check: "length-ratio".into(),
                reason: "German needs more words, d'accord".into(),
            },
            Allow {
                check: "numbers".into(),
                reason: "two\nlines".into(),
            },
        ];
        let text = assert_round_trip(&store);
        assert!(
            text.contains(
                "allow = [{ check = \"length-ratio\", reason = '''German needs more words, \
                 d'accord''' }, { check = \"numbers\", reason = \"two\\nlines\" }]\n"
            ),
            "{text}"
        );
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
        let text = assert_round_trip(&sample());
        assert!(text.starts_with("# verso translation store."));
        // Every entry is its own block: each starts with its table header on its own line.
        assert_eq!(text.matches("\n[[unit]]\n").count(), 3);
        assert_eq!(text.matches("\n[[obsolete]]\n").count(), 1);
        // Texts are verbatim; the one holding ''' falls back to an escaped string.
        assert!(text.contains("english = '''The XMPP Newsletter: November'''\n"));
        assert!(text.contains("target = '''\nDeux lignes,\navec des « guillemets »'''\n"));
        assert!(
            text.contains(r#"english = "Two lines,\nwith \"quotes\", a backslash \\ and ''' too""#)
        );
        // An untranslated entry has an empty target to type into, and no `previous`.
        let heading = text.split("[[unit]]").nth(3).unwrap();
        let heading = heading.split("[[obsolete]]").next().unwrap();
        assert!(heading.contains("\ntarget = ''''''\n"), "{heading}");
        assert!(!heading.contains("previous"), "{heading}");
    }

    #[test]
    fn the_old_key_names_are_read_too() {
        let text = "language = \"fr\"\nsource = \"en/x.md\"\n\n[[unit]]\nid = \"a\"\n\
                    kind = \"heading\"\nstate = \"untranslated\"\nsource = \"News\"\n";
        let store = Store::parse(text, Path::new("x.toml")).unwrap();
        assert_eq!(store.issue_path, "en/x.md");
        assert_eq!(store.units[0].english, "News");
    }

    /// What a translator types between the quotes of an empty target.
    const AWKWARD: &[&str] = &[
        "l'ordre du jour, d’accord",
        "Il a dit \"bonjour\" et 'salut'",
        r"C:\chemin\vers\fichier et \n et \u00e9",
        "Une ligne avec un saut forcé\\\nla suite",
        "fin par une barre oblique \\",
        "deux espaces en fin de ligne  \nla suite",
        "trois apostrophes ''' au milieu",
        "finit par une apostrophe'",
        "finit par deux apostrophes''",
        "'commence par une apostrophe",
        "tab\tà\tl'intérieur\t",
        "Новости XMPP, 日本語のテキスト, العربية, ελληνικά, 🎉",
        "ligne un\n\nligne trois après une vide\n",
        "\ncommence par un saut de ligne",
        "\"\"\" et \"\"\"\" et \\\\",
    ];

    /// What `needs_escapes` says, written plainly.
    fn needs_escapes_by_chars(text: &str) -> bool {
        let control = |c: char| c.is_control() && c != '\t' && c != '\n';
        text.chars().any(control)
            || text.contains("'''")
            || (text.contains('\n') && text.split('\n').any(is_conflict_marker))
    }

    #[test]
    fn needs_escapes_agrees_with_the_plain_definition() {
        let pieces = [
            "a",
            "é",
            "'",
            "''",
            "\n",
            "\t",
            "\r",
            "<<<<<<<",
            "<<<<<<< HEAD",
            "=======",
            " ",
            ">>>>>>>",
            "|||||||",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "\u{7f}",
            "\u{0}",
            "Ç",
            "xxxxxxxxxxxxxxxx",
        ];
        // Every sequence of up to three pieces, and each of them after a long plain prefix (the
        // sixteen-byte steps).
        let mut texts = vec![String::new()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{}{a}{b}{c}", "plain text ".repeat(3)));
                }
            }
        }
        for &typed in AWKWARD {
            texts.push(typed.to_string());
        }
        for text in &texts {
            assert_eq!(
                needs_escapes(text),
                needs_escapes_by_chars(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn control_characters_need_escapes() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let control = c.is_control() && c != '\t' && c != '\n';
            assert_eq!(needs_escapes(&text), control, "{c:?}");
        }
    }

    #[test]
    fn basic_strings_read_and_write_as_their_plain_definition() {
        // What basic_string wrote before its fast path, character by character.
        let plain = |text: &str| {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out + "\""
        };
        let extra = [
            "",
            "\u{7f}",
            "\u{80}",
            "\u{9f}",
            "\u{a0}",
            "é\u{85}x",
            "\0",
            "ǅ\"\\",
        ];
        for &text in AWKWARD.iter().chain(&extra) {
            assert_eq!(basic_string(text), plain(text), "{text:?}");
            // In every basic-string field of a store: the fast reader agrees with TOML.
            let mut store = sample();
            store.language = format!("fr{text}");
            store.issue_path = text.to_string();
            store.units[0].id = format!("{text}-id");
            store.units[0].origin = Some(text.to_string());
            store.units[1].suggestion = Some(Box::new(Suggestion {
                english: "e".into(),
                target: "t".into(),
                origin: text.to_string(),
            }));
            let written = store.to_toml();
            let fast = canonical::read(&written).expect("the writer's own text");
            assert_eq!(fast, store, "{text:?}");
            assert_eq!(
                Store::parse_toml(&written, Path::new("x.toml")).unwrap(),
                store
            );
        }
        // A kind or state name spelt with an escape is not the writer's text.
        let written = sample().to_toml();
        for (from, to) in [
            ("\"heading\"", "\"head\\u0069ng\""),
            ("\"translated\"", "\"tr\\anslated\""),
        ] {
            let text = written.replacen(from, to, 1);
            assert_ne!(text, written);
            assert!(canonical::read(&text).is_none(), "{to}");
        }
    }

    #[test]
    fn the_fast_reader_accepts_only_what_verso_writes_and_agrees_with_toml() {
        let mut store = sample();
        store.units[1].allow = vec![Allow {
            check: "length-ratio".into(),
            reason: "d'accord".into(),
        }];
        let written = store.to_toml();
        assert!(written.contains("target = '''Parti'''\n"), "{written}");
        assert!(
            written.contains("reason = '''d'accord''' }]\n"),
            "{written}"
        );
        let mut texts = vec![written.clone()];
        for &typed in AWKWARD {
            for value in [
                format!("'''{typed}'''"),
                format!("'''\n{typed}'''"),
                basic_string(typed),
                text_value(typed),
            ] {
                texts.push(written.replace("target = '''Parti'''", &format!("target = {value}")));
                texts
                    .push(written.replace("reason = '''d'accord'''", &format!("reason = {value}")));
            }
        }
        for (from, to) in [
            ("id = ", "id  = "),
            ("\n", "\r\n"),
            ("\n[[obsolete]]", "\n\n[[obsolete]]"),
            ("issue = ", "source = "),
            ("english = ", "source = "),
            ("kind = \"heading\"\nstate", "state"),
            ("\"fr\"", "'fr'"),
            ("a1b2c3d4", "a1b2\\u0063\\u0033d4"),
            ("\n# verso", "\n#  verso"),
            ("[{ check", "[ { check"),
            ("\"length-ratio\"", "'length-ratio'"),
            ("'''d'accord''' }]", "'''d'accord''' }, ]"),
        ] {
            texts.push(written.replacen(from, to, 1));
        }
        texts.push(format!("{written}\n"));
        texts.push(written.replace("[[obsolete]]", "[[unit]]"));
        let mut accepted = 0;
        for text in &texts {
            if let Some(store) = canonical::read(text) {
                accepted += 1;
                assert_eq!(&store.to_toml(), text);
                let toml = Store::parse_toml(text, Path::new("x.toml")).unwrap();
                assert_eq!(toml, store, "{text}");
            }
        }
        assert!(
            (2 * AWKWARD.len()..texts.len() - 8).contains(&accepted),
            "{accepted} of {}",
            texts.len()
        );
    }

    #[test]
    fn every_awkward_text_typed_into_the_empty_target_reads_back_exactly() {
        for &typed in AWKWARD {
            let mut store = Store::new("fr", "translations/en/x.md");
            store
                .units
                .push(Entry::new("0badcafe", Kind::Paragraph, "Some English."));
            let empty = store.to_toml();
            assert!(empty.contains("\ntarget = ''''''\n"), "{empty}");
            // The translator types between the third and the fourth quote, and sets the state.
            let text = empty
                .replace("target = ''''''", &format!("target = '''{typed}'''"))
                .replace("state = \"untranslated\"", "state = \"translated\"");
            let read = match Store::parse(&text, Path::new("fr/x.toml")) {
                Ok(store) => store.units[0].target.clone(),
                // Only text holding ''' cannot be typed verbatim; the error says where.
                Err(e) => {
                    assert!(typed.contains("'''"), "{typed:?}: {e}");
                    assert!(e.to_string().contains("(in unit `0badcafe`)"), "{e}");
                    continue;
                }
            };
            // TOML drops a line break right after the opening quotes.
            let expected = typed.strip_prefix('\n').unwrap_or(typed);
            assert_eq!(read, expected, "typed {typed:?}");
            // What verso then writes reads back the same.
            let mut synced = store.clone();
            synced.units[0].target = typed.to_string();
            synced.units[0].state = State::Translated;
            assert_round_trip(&synced);
        }
    }

    #[test]
    fn english_that_looks_like_a_conflict_is_written_so_that_it_reads_back() {
        for english in [
            "<<<<<<< HEAD",
            "Run git merge and you get\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch",
            "A heading underlined lazily\n=======",
            "|||||||\nbase",
        ] {
            let mut store = Store::new("fr", "en/x.md");
            let mut entry = Entry::new("0badcafe", Kind::Paragraph, english);
            entry.previous = Some(english.to_string());
            entry.target = english.to_string();
            entry.state = State::Fuzzy;
            store.units.push(entry);
            assert_round_trip(&store);
        }
    }

    #[test]
    fn control_characters_fall_back_to_escapes() {
        let mut store = sample();
        store.units[2].english = "bell \u{7} and return \r\n and nul \u{0}".into();
        let text = assert_round_trip(&store);
        assert!(text.contains(r#"english = "bell \u0007 and return \r\n and nul \u0000""#));
    }

    #[test]
    fn a_suggestion_is_a_table_of_its_entry_and_round_trips() {
        let mut store = sample();
        store.units[2].suggestion = Some(Box::new(Suggestion {
            english: "Some news".into(),
            target: "Des nouvelles".into(),
            origin: "2026-10-05-newsletter".into(),
        }));
        let text = store.to_toml();
        let heading = text.split("[[unit]]").nth(3).unwrap();
        assert!(
            heading.contains(
                "state = \"untranslated\"\nenglish = '''News'''\ntarget = ''''''\n\n\
                 [unit.suggestion]\nenglish = '''Some news'''\ntarget = '''Des nouvelles'''\n\
                 origin = \"2026-10-05-newsletter\"\n"
            ),
            "{heading}"
        );
        assert_round_trip(&store);
        // In the obsolete list too, with a note.
        let suggestion = store.units[2].suggestion.take();
        let mut store = sample();
        store.obsolete[0].suggestion = suggestion;
        store.obsolete[0].note = Some("import: weak pair, 'd'accord'\nsecond line".into());
        let text = assert_round_trip(&store);
        assert!(text.contains("\n[obsolete.suggestion]\n"), "{text}");
    }

    #[test]
    fn parse_errors_name_the_line_the_column_and_the_unit() {
        let text = sample()
            .to_toml()
            .replace("state = \"fuzzy\"", "state = \"fuzy\"");
        let err = Store::parse(&text, Path::new("fr/x.toml")).unwrap_err();
        let line = 1 + text[..text.find("\"fuzy\"").unwrap()].matches('\n').count();
        assert_eq!(
            err.to_string(),
            format!(
                "fr/x.toml:{line}:9: unknown variant `fuzy`, expected one of `untranslated`, \
                 `fuzzy`, `translated`, `reviewed` (in unit `0badcafe`)\n   |\n{line} | state = \
                 \"fuzy\"\n   |         ^^^^^^"
            )
        );
        // A syntax error: the apostrophe typed into a single-quoted string of an older store.
        let text = sample().to_toml().replace(
            "target = '''La lettre d'information XMPP : novembre'''",
            "target = 'La lettre d'information XMPP : novembre'",
        );
        let err = Store::parse(&text, Path::new("fr/x.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "fr/x.toml:14:23: unexpected key or value, expected newline, `#` (in unit `a1b2c3d4`)
   |
14 | target = 'La lettre d'information XMPP : novembre'
   |                       ^"
        );
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
        let text = sample().to_toml().replace(
            "target = '''La lettre d'information XMPP : novembre'''\n",
            "target = ''''''\n",
        );
        let err = Store::parse(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a1b2c3d4") && err.contains("no target"),
            "{err}"
        );
        // The line of the entry's `[[unit]]` header.
        assert!(err.starts_with("s.toml:9:1:"), "{err}");

        let text = sample().to_toml().replace("12345678", "a1b2c3d4");
        let err = Store::parse(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("listed twice (first at line 9)"), "{err}");
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

    #[test]
    fn replace_leaves_a_file_saved_meanwhile_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.toml");
        let store = sample();
        store.replace(&path, None).unwrap();
        let read = std::fs::read(&path).unwrap();
        // The translator saves after verso read the file.
        let saved = String::from_utf8(read.clone())
            .unwrap()
            .replace("Parti", "Disparu");
        std::fs::write(&path, &saved).unwrap();
        let mut synced = store.clone();
        synced.units[2].target = "Nouvelles".into();
        synced.units[2].state = State::Translated;
        let err = synced.replace(&path, Some(&read)).unwrap_err();
        assert!(matches!(err, StoreError::ChangedMeanwhile { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
        // A file that appears while verso meant to create it is not replaced either.
        let other = dir.path().join("new.toml");
        std::fs::write(&other, "typed").unwrap();
        let err = synced.replace(&other, None).unwrap_err();
        assert!(matches!(err, StoreError::ChangedMeanwhile { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "typed");
        // Nothing is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
