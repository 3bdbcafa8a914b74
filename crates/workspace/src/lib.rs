//! The verso workspace: `verso.toml`, the English issues, and one store per language and issue.
//!
//! [`Workspace::plan`] computes, in memory, what every selected store looks like once synced
//! with its English issue; `verso sync` writes the plan ([`Plan::write`]) and `verso status`
//! reports on it, so the two always agree. This crate and `src/` are the only ones that touch
//! the file system; the stages (`verso-sync`, `verso-report`) get parsed values.

pub mod cache;
pub mod config;
pub mod confine;
pub mod import;
pub mod publish;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use verso_check::{Context, Finding, Glossary, GlossaryError, Names, Severity, StoreToCheck};
use verso_segment::{Document, ReadError};
use verso_store::{Store, StoreError, write};
use verso_sync::{Changes, Memory};
use verso_text::{LineIndex, ReadUtf8Error};

/// An id as the store writes it (a TOML basic string).
fn toml_string(id: &str) -> String {
    toml::Value::String(id.to_string()).to_string()
}

pub use cache::Outline;
pub use config::{CONFIG_FILE, Config, ConfigError};

/// The directory of the glossaries, relative to the workspace root.
pub const GLOSSARY_DIR: &str = "glossary";

/// Anything that stops a sync or a status report. Messages name the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `verso.toml` is not valid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An English issue cannot be read or segmented.
    #[error(transparent)]
    Issue(#[from] ReadError),
    /// A store cannot be read, parsed or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `verso.toml` cannot be read or is not UTF-8.
    #[error(transparent)]
    Read(#[from] ReadUtf8Error),
    /// A directory cannot be read.
    #[error("{}: cannot read: {error}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// Why it cannot be read.
        error: std::io::Error,
    },
    /// No `verso.toml` in the directory or above it.
    #[error("no {CONFIG_FILE} in {} or any directory above it", start.display())]
    NoWorkspace {
        /// Where the search started.
        start: PathBuf,
    },
    /// An issue was asked for that is not in the English directory.
    #[error("no issue `{name}` in {}{}", english_dir.display(), known_issues(known))]
    UnknownIssue {
        /// The name as given.
        name: String,
        /// The English directory, relative to the root.
        english_dir: PathBuf,
        /// The issues there, sorted.
        known: Vec<String>,
    },
    /// A language was asked for that `verso.toml` does not list.
    #[error("language `{name}` is not in {}; its languages are {}", config.display(), known.join(", "))]
    UnknownLanguage {
        /// The language as given.
        name: String,
        /// The `verso.toml` file.
        config: PathBuf,
        /// The languages it lists.
        known: Vec<String>,
    },
    /// A path leads outside the workspace once symbolic links are resolved.
    #[error(
        "{}: leads outside the workspace (to {}); verso reads and writes only inside it",
        path.display(),
        resolved.display()
    )]
    Outside {
        /// The path, relative to the root.
        path: PathBuf,
        /// Where it leads.
        resolved: PathBuf,
    },
    /// A path whose symbolic links lead nowhere or loop.
    #[error("{}: cannot be resolved: {error}", path.display())]
    Unresolved {
        /// The path, relative to the root.
        path: PathBuf,
        /// Why it cannot be resolved.
        error: std::io::Error,
    },
    /// A store changed on disk between verso's last look at it and its replacement (somebody
    /// saved it while the stores before it were replaced): it was left as it is.
    #[error(
        "{}: changed on disk while verso was working; left as it is{}",
        path.display(),
        already_written(written)
    )]
    ChangedWhileWriting {
        /// The store, relative to the root.
        path: PathBuf,
        /// The stores already replaced.
        written: Vec<PathBuf>,
    },
    /// A staged store could not be renamed into place.
    #[error(
        "{}: cannot write: {error}{}",
        path.display(),
        already_written(written)
    )]
    Commit {
        /// The store, relative to the root.
        path: PathBuf,
        /// Why the rename failed.
        error: std::io::Error,
        /// The stores already replaced when the rename of this one failed.
        written: Vec<PathBuf>,
    },
    /// A Fluent file does not parse.
    #[error(transparent)]
    Ftl(#[from] verso_build::l10n::FtlError),
    /// An output cannot be built.
    #[error("{issue} ({language}, outlet {outlet}): {error}")]
    Build {
        /// The issue.
        issue: String,
        /// The language.
        language: String,
        /// The outlet.
        outlet: String,
        /// What went wrong.
        error: verso_build::BuildError,
    },
    /// `verso.toml` has no outlet.
    #[error("{} has no [outlet.NAME] table", config.display())]
    NoOutlet {
        /// The `verso.toml` file.
        config: PathBuf,
    },
    /// An outlet was asked for that `verso.toml` does not have.
    #[error("outlet `{name}` is not in {}; its outlets are {}", config.display(), known.join(", "))]
    UnknownOutlet {
        /// The name as given.
        name: String,
        /// The `verso.toml` file.
        config: PathBuf,
        /// The outlets it has.
        known: Vec<String>,
    },
    /// An output of `verso build` would be written outside its output directory: a value put
    /// into the outlet's `path` (a title, a date) is absolute or climbs with `..`, or a link
    /// in the output directory leads out.
    #[error(
        "{issue} ({language}, outlet {outlet}): the output file `{}` leaves the output directory{}; \
         verso build writes only inside it",
        path.display(),
        resolved.as_ref().map(|r| format!(" (to {})", r.display())).unwrap_or_default()
    )]
    OutputOutside {
        /// The issue.
        issue: String,
        /// The language.
        language: String,
        /// The outlet.
        outlet: String,
        /// The output file, relative to the output directory, as the templates made it.
        path: PathBuf,
        /// Where it leads once links are resolved, when that is what leaves.
        resolved: Option<PathBuf>,
    },
    /// Two outputs of `verso build` would be the same file: one would be lost.
    #[error(
        "`{}` would be written twice, for {first} and for {second}; make the outlets' `path` \
         templates tell them apart (with {{lang}}, {{issue}})",
        path.display()
    )]
    OutputTwice {
        /// The output file, relative to the output directory.
        path: PathBuf,
        /// What the first would be (issue, language, outlet).
        first: String,
        /// What the second would be.
        second: String,
    },
    /// A file cannot be written (`verso.toml`, an output of `verso build`).
    #[error("{}: cannot write: {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why it cannot be written.
        error: std::io::Error,
    },
    /// A glossary file does not parse.
    #[error("{}:{}: {}", path.display(), error.line, error.message)]
    Glossary {
        /// The file, relative to the root.
        path: PathBuf,
        /// What is wrong, and where.
        error: GlossaryError,
    },
    /// A translated file whose English issue cannot be told (no `--issue`, no issue of its name
    /// or date, too few links shared with any issue).
    #[error("{}: cannot tell which English issue this translates", file.display())]
    NoEnglishIssue {
        /// The translated file, as given.
        file: PathBuf,
    },
    /// A store says it is of another language than its path.
    #[error("{}: this is the {expected} store, but it says language = \"{found}\"", path.display())]
    WrongLanguage {
        /// The store, relative to the root.
        path: PathBuf,
        /// The language of its path.
        expected: String,
        /// The language it says.
        found: String,
    },
}

fn already_written(written: &[PathBuf]) -> String {
    if written.is_empty() {
        " (no store was changed)".to_string()
    } else {
        let list: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        format!(" (these stores were already replaced: {})", list.join(", "))
    }
}

fn known_issues(known: &[String]) -> String {
    match known {
        [] => " (it has no .md files)".to_string(),
        [.., last] => format!(" (the latest is `{last}`)"),
    }
}

/// An English issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The file name without `.md`, such as `2026-11-05-newsletter`.
    pub name: String,
    /// The Markdown file, relative to the workspace root.
    pub path: PathBuf,
}

/// Something verso skipped or left untranslated and the user should know about; the command
/// goes on. Displayed as `PATH:LINE: warning: MESSAGE` (`PATH: warning: MESSAGE` without a
/// line), the one format of every warning verso prints (after `verso: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, relative to the workspace root (a file named on the command line: as named).
    pub path: PathBuf,
    /// The 1-based line, when the warning is about one.
    pub line: Option<usize>,
    /// What it is about.
    pub kind: WarningKind,
}

/// What a warning is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// What segmenting a document found (a front-matter value left untranslated…).
    Document(verso_segment::Warning),
    /// An issue file whose name is not UTF-8: the name goes into store paths and reports.
    IssueNameNotUtf8,
    /// A file named `.md`: an issue with an empty name.
    IssueNameEmpty,
    /// A symbolic link that leads nowhere or loops.
    Unresolved(String),
    /// A symbolic link that leads out of the workspace.
    Outside(PathBuf),
    /// A directory (or other non-file) named like an issue.
    NotAFile,
}

impl Warning {
    /// The warnings of `document`, read from `path`, each at its line.
    pub fn of_document(path: &Path, document: &Document) -> Vec<Warning> {
        document
            .warnings()
            .iter()
            .map(|w| Warning {
                path: path.to_owned(),
                line: Some(w.line()),
                kind: WarningKind::Document(w.clone()),
            })
            .collect()
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": warning")?;
        match &self.kind {
            WarningKind::Document(warning) => write!(f, ": {warning}"),
            WarningKind::IssueNameNotUtf8 => {
                write!(f, ": the file name is not valid UTF-8; skipped")
            }
            WarningKind::IssueNameEmpty => {
                write!(f, ": a file named `.md` names no issue; skipped")
            }
            WarningKind::Unresolved(error) => write!(f, ": cannot be resolved ({error}); skipped"),
            WarningKind::Outside(resolved) => write!(
                f,
                ": leads outside the workspace (to {}); skipped",
                resolved.display()
            ),
            WarningKind::NotAFile => write!(f, ": not a file; skipped"),
        }
    }
}

/// A workspace: its root directory and configuration.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    config: Config,
    /// Resolves the paths the workspace reads, each directory once.
    resolver: std::sync::Arc<confine::Resolver>,
}

impl Workspace {
    /// Opens the workspace whose `verso.toml` is in `start` or the nearest directory above it.
    pub fn discover(start: &Path) -> Result<Workspace, Error> {
        let start = std::path::absolute(start).map_err(|error| Error::Io {
            path: start.to_owned(),
            error,
        })?;
        let mut dir = start.as_path();
        loop {
            if dir.join(CONFIG_FILE).is_file() {
                return Workspace::open(dir);
            }
            dir = match dir.parent() {
                Some(parent) => parent,
                None => return Err(Error::NoWorkspace { start }),
            };
        }
    }

    /// Opens the workspace rooted at `root` (which holds `verso.toml`).
    pub fn open(root: &Path) -> Result<Workspace, Error> {
        let path = root.join(CONFIG_FILE);
        let text = verso_text::read_utf8(&path)?;
        let config = Config::parse(&text, &path)?;
        config.check_confined(root, &path)?;
        Ok(Workspace::with_config(root, config))
    }

    /// A workspace with this configuration, for tests and tools.
    pub fn with_config(root: &Path, config: Config) -> Workspace {
        Workspace {
            root: root.to_owned(),
            config,
            resolver: Default::default(),
        }
    }

    /// The directory that holds `verso.toml`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration read from `verso.toml`.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every English issue (`*.md` in the English directory), by name; what is skipped is in
    /// [`Workspace::scan_issues`].
    pub fn issues(&self) -> Result<Vec<Issue>, Error> {
        Ok(self.scan_issues()?.0)
    }

    /// Every English issue (`*.md` in the English directory), by name, and a warning for each
    /// `.md` file that cannot be an issue: a name that is not UTF-8, a file named `.md`, a
    /// symbolic link that loops, leads nowhere or leads out of the workspace, a directory.
    /// Hidden files (`.NAME.md`, such as editor backups) are not issues and need no warning.
    pub fn scan_issues(&self) -> Result<(Vec<Issue>, Vec<Warning>), Error> {
        let dir = self.root.join(&self.config.english_dir);
        let read = std::fs::read_dir(&dir).map_err(|error| Error::Io {
            path: dir.clone(),
            error,
        })?;
        let mut issues = Vec::new();
        let mut warnings = Vec::new();
        for entry in read {
            let entry = entry.map_err(|error| Error::Io {
                path: dir.clone(),
                error,
            })?;
            let file_name = entry.file_name();
            if !file_name.as_encoded_bytes().ends_with(b".md") {
                continue;
            }
            let path = self.config.english_dir.join(&file_name);
            let mut warn = |kind| {
                warnings.push(Warning {
                    path: path.clone(),
                    line: None,
                    kind,
                })
            };
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".md")) else {
                warn(WarningKind::IssueNameNotUtf8);
                continue;
            };
            if name.is_empty() {
                warn(WarningKind::IssueNameEmpty);
                continue;
            }
            if name.starts_with('.') {
                continue;
            }
            // A regular file (its type comes with the directory entry) is where the English
            // directory leads; anything else is resolved and looked at.
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            let resolved = match regular {
                true => self.resolver.resolve_entry(&self.root, &path),
                false => self.resolver.resolve_inside(&self.root, &path),
            };
            match resolved {
                Ok(resolved) if regular || resolved.is_file() => {}
                Ok(_) => {
                    warn(WarningKind::NotAFile);
                    continue;
                }
                Err(confine::Outside {
                    resolved: Ok(resolved),
                }) => {
                    warn(WarningKind::Outside(resolved));
                    continue;
                }
                Err(confine::Outside { resolved: Err(e) }) => {
                    warn(WarningKind::Unresolved(e.to_string()));
                    continue;
                }
            }
            issues.push(Issue {
                name: name.to_string(),
                path,
            });
        }
        issues.sort_by(|a, b| a.name.cmp(&b.name));
        warnings.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((issues, warnings))
    }

    /// The issues named on the command line (by name, file name or path), or all of them.
    pub fn select_issues(&self, names: &[String]) -> Result<Vec<Issue>, Error> {
        let all = self.issues()?;
        if names.is_empty() {
            return Ok(all);
        }
        let mut selected: Vec<Issue> = Vec::new();
        for name in names {
            let base = Path::new(name)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(name);
            let base = base
                .strip_suffix(".md")
                .or_else(|| base.strip_suffix(".toml"))
                .unwrap_or(base);
            let issue = all
                .iter()
                .find(|i| i.name == base)
                .ok_or_else(|| Error::UnknownIssue {
                    name: name.clone(),
                    english_dir: self.config.english_dir.clone(),
                    known: all.iter().map(|i| i.name.clone()).collect(),
                })?;
            if !selected.contains(issue) {
                selected.push(issue.clone());
            }
        }
        selected.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(selected)
    }

    /// The languages named on the command line (in any case: `FR` is `fr`), or all of them, in
    /// configuration order and spelling.
    pub fn select_languages(&self, names: &[String]) -> Result<Vec<String>, Error> {
        let known = &self.config.languages;
        for name in names {
            if !known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                return Err(Error::UnknownLanguage {
                    name: name.clone(),
                    config: self.root.join(CONFIG_FILE),
                    known: known.clone(),
                });
            }
        }
        Ok(known
            .iter()
            .filter(|l| names.is_empty() || names.iter().any(|n| n.eq_ignore_ascii_case(l)))
            .cloned()
            .collect())
    }

    /// The store of `issue` in `lang`, relative to the root.
    pub fn store_path(&self, lang: &str, issue: &str) -> PathBuf {
        self.config.store_path(lang, issue)
    }

    /// Computes the synced stores of `issues` in `languages`, writing nothing.
    ///
    /// Every store of each language is read, as they all feed the translation memory; a store
    /// that does not parse stops the plan with its file and line.
    pub fn plan(&self, issues: &[Issue], languages: &[String]) -> Result<Plan, Error> {
        let mut plan = self.survey(issues, languages)?;
        match plan.broken.is_empty() {
            true => Ok(plan),
            false => Err(plan.broken.swap_remove(0).error),
        }
    }

    /// Like [`Workspace::plan`], but a store that cannot be read is listed in [`Plan::broken`]
    /// instead of stopping the plan, so that a report can show everything else. Only a broken
    /// English issue or workspace stops it.
    pub fn survey(&self, issues: &[Issue], languages: &[String]) -> Result<Plan, Error> {
        let options = self.config.segment_options();
        // What is read is hashed as it is read, for the cache (see `Workspace::save`).
        let seen = cache::Seen::default();
        // Each step below runs on every core, and its results are then taken in a fixed order,
        // so that the first error in that order wins whatever the threads did first.
        let documents = issues
            .par_iter()
            .map(|issue| self.read_document(&issue.path, &options, &seen))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let (all_issues, mut warnings) = self.scan_issues()?;
        // Once per file, whatever the number of languages.
        for (issue, document) in issues.iter().zip(&documents) {
            warnings.extend(Warning::of_document(&issue.path, document));
        }
        warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let selected: HashSet<&str> = issues.iter().map(|i| i.name.as_str()).collect();
        let known_issues: HashSet<&str> = all_issues.iter().map(|i| i.name.as_str()).collect();
        let mut items = Vec::new();
        let mut broken = Vec::new();
        let mut orphans = Vec::new();
        for lang in languages {
            let read_all = |paths: &[(String, PathBuf)]| -> Vec<StoreRead> {
                paths
                    .par_iter()
                    .map(|(_, path)| self.read_store(lang, path, &seen))
                    .collect()
            };
            // A store that cannot be read is listed as broken, in the order of the reads.
            let mut keep = |(issue, path): &(String, PathBuf), read: StoreRead| match read {
                Ok(found) => found,
                Err(error) => {
                    broken.push(Broken {
                        language: lang.clone(),
                        issue: issue.clone(),
                        path: path.clone(),
                        error,
                    });
                    None
                }
            };
            // Stores whose English issue is gone: renamed issues claim theirs below.
            let orphan_paths: Vec<(String, PathBuf)> = self
                .stores_on_disk(lang)?
                .into_iter()
                .filter(|(issue, _)| !known_issues.contains(issue.as_str()))
                .collect();
            let mut orphaned = Vec::new();
            for (at, read) in orphan_paths.iter().zip(read_all(&orphan_paths)) {
                if let Some((text, store)) = keep(at, read) {
                    orphaned.push(Some((at.0.clone(), at.1.clone(), text, store)));
                }
            }
            // The other issues' stores, read first: their ids tell boilerplate from the units
            // that make an issue itself, to recognise a renamed one.
            let other_paths: Vec<(String, PathBuf)> = all_issues
                .iter()
                .filter(|other| !selected.contains(other.name.as_str()))
                .map(|other| (other.name.clone(), self.store_path(lang, &other.name)))
                .collect();
            let mut others = Vec::new();
            for (at, read) in other_paths.iter().zip(read_all(&other_paths)) {
                if let Some((_, store)) = keep(at, read) {
                    others.push((at.0.as_str(), store));
                }
            }
            // Made when an issue without a store might take over an orphan, which is rare.
            let mut known: Option<Known> = None;
            let make_known = || {
                let mut known = Known::default();
                for entry in others.iter().flat_map(|(_, store)| &store.units) {
                    known.in_stores.insert(&entry.id);
                }
                for document in &documents {
                    let ids: HashSet<&str> =
                        document.units().iter().map(|u| u.id.as_str()).collect();
                    for id in ids {
                        *known.in_selected.entry(id).or_default() += 1;
                    }
                }
                known
            };
            // Pass 1: every selected store follows its English issue.
            let selected_paths: Vec<(String, PathBuf)> = issues
                .iter()
                .map(|issue| (issue.name.clone(), self.store_path(lang, &issue.name)))
                .collect();
            let reads: Vec<(bool, StoreRead, IdLines)> = selected_paths
                .par_iter()
                .map(
                    |(_, path)| match self.read_store_layout(lang, path, &seen) {
                        Ok(Some((text, store, canonical))) => {
                            (true, Ok(Some((text, store))), canonical)
                        }
                        Ok(None) => (false, Ok(None), None),
                        Err(error) => (self.root.join(path).exists(), Err(error), None),
                    },
                )
                .collect();
            let mut olds = Vec::new();
            for ((issue, document), (at, (exists, read, canonical))) in issues
                .iter()
                .zip(&documents)
                .zip(selected_paths.iter().zip(reads))
            {
                let existing = keep(at, read);
                if exists && existing.is_none() {
                    continue; // Broken.
                }
                let renamed = match existing {
                    Some(_) => None,
                    None if orphaned.iter().all(Option::is_none) => None,
                    None => {
                        let known = known.get_or_insert_with(make_known);
                        claim_renamed(&mut orphaned, document.units(), known)
                    }
                };
                olds.push((issue, document, at.1.clone(), existing, canonical, renamed));
            }
            let threshold = self.config.fuzzy_threshold;
            let synced: Vec<_> = olds
                .into_par_iter()
                .map(|(issue, document, path, existing, canonical, renamed)| {
                    let issue_path = issue.path.to_string_lossy().replace('\\', "/");
                    let units = document.units();
                    // The old store goes with the hash of its bytes: `None` where the update
                    // would give it back as it is, so that it is kept rather than copied.
                    let (store, changes, existing) = match existing {
                        Some((text, old))
                            if old.issue_path == issue_path
                                && verso_sync::is_current(&old, units) =>
                        {
                            let changes = verso_sync::Changes {
                                kept: units.len(),
                                ..Default::default()
                            };
                            (old, changes, Some((text, None)))
                        }
                        Some((text, old)) => {
                            let (mut store, changes) = verso_sync::update(&old, units, threshold);
                            store.issue_path = issue_path;
                            (store, changes, Some((text, Some(old))))
                        }
                        None => {
                            let fresh;
                            let old = match &renamed {
                                Some((_, _, _, store)) => store,
                                None => {
                                    fresh = Store::new(lang.clone(), issue_path.clone());
                                    &fresh
                                }
                            };
                            let (mut store, changes) = verso_sync::update(old, units, threshold);
                            store.issue_path = issue_path;
                            (store, changes, None)
                        }
                    };
                    let renamed_from = renamed.map(|(name, path, text, _)| Renamed {
                        issue: name,
                        path,
                        read: text,
                    });
                    (
                        issue,
                        path,
                        existing,
                        canonical,
                        renamed_from,
                        store,
                        changes,
                    )
                })
                .collect();
            // Pass 2: the memory holds the synced stores and every other store of the language,
            // orphaned ones included. It is built once, then only read; and only when some
            // entry is untranslated, since it fills and suggests nothing else (without it,
            // `fill` only clears the suggestions of the other entries, as it does with it).
            let mut memory = Memory::new();
            let untranslated = synced.iter().any(|(.., store, _)| {
                store
                    .units
                    .iter()
                    .any(|e| e.state == verso_store::State::Untranslated)
            });
            if untranslated {
                for (issue, store) in &others {
                    memory.add(issue, store);
                }
                for (issue, _, _, store) in orphaned.iter().flatten() {
                    memory.add(issue, store);
                }
                for (issue, _, _, _, _, store, _) in &synced {
                    memory.add(&issue.name, store);
                }
            }
            let suggest_threshold = self.config.suggest_threshold;
            let planned: Vec<Planned> = synced
                .into_par_iter()
                .map(
                    |(issue, path, existing, canonical, renamed_from, mut store, mut changes)| {
                        let filled = memory.fill_store(&mut store, &issue.name, suggest_threshold);
                        (changes.filled, changes.suggested) = (filled.filled, filled.suggested);
                        let same_content = match &existing {
                            None => false,
                            Some((_, None)) => !filled.changed,
                            Some((_, Some(old))) => *old == store,
                        };
                        // A file laid out as verso writes it that holds this store holds its
                        // bytes: no need to serialize it to know.
                        let up_to_date = same_content
                            && (canonical.is_some()
                                || existing.as_ref().is_some_and(|(old, _)| {
                                    *old == cache::content_hash(store.to_toml().as_bytes())
                                }));
                        let exists = existing.is_some();
                        // The hash and the old store go as soon as they are compared: only a
                        // store the write replaces needs the hash, to see it unchanged then.
                        let read = existing.filter(|_| !up_to_date).map(|(old, _)| old);
                        Planned {
                            language: lang.clone(),
                            issue: issue.name.clone(),
                            up_to_date,
                            same_content,
                            exists,
                            read,
                            id_lines: canonical.filter(|_| up_to_date),
                            renamed_from,
                            path,
                            store,
                            changes,
                        }
                    },
                )
                .collect();
            items.extend(planned);
            for (issue, path, _, store) in orphaned.into_iter().flatten() {
                orphans.push(Orphan {
                    language: lang.clone(),
                    english: self.config.english_dir.join(format!("{issue}.md")),
                    issue,
                    path,
                    store,
                });
            }
        }
        Ok(Plan {
            root: self.root.clone(),
            resolver: self.resolver.clone(),
            seen,
            items,
            broken,
            orphans,
            warnings,
            documents: issues
                .iter()
                .map(|issue| issue.name.clone())
                .zip(documents)
                .collect(),
        })
    }

    /// What `verso check` needs for `lang`: `glossary/LANG.toml` and `glossary/names.toml`
    /// under the root, each optional (a missing file is an empty glossary).
    pub fn check_context(&self, lang: &str) -> Result<Context, Error> {
        let read = |name: &str| -> Result<Option<(PathBuf, String)>, Error> {
            let path = Path::new(GLOSSARY_DIR).join(name);
            match verso_text::read_utf8(&self.root.join(&path)) {
                Ok(text) => Ok(Some((path, text))),
                Err(error) if error.is_not_found() => Ok(None),
                Err(error) => Err(error.into()),
            }
        };
        let glossary = match read(&format!("{lang}.toml"))? {
            Some((path, text)) => {
                Glossary::parse(&text).map_err(|error| Error::Glossary { path, error })?
            }
            None => Glossary::default(),
        };
        let names = match read("names.toml")? {
            Some((path, text)) => {
                Names::parse(&text).map_err(|error| Error::Glossary { path, error })?
            }
            None => Names::default(),
        };
        Ok(Context {
            language: lang.to_string(),
            glossary,
            names,
        })
    }

    /// The outline of the synced stores of `issues` in `languages`: what `verso status`
    /// reports. Taken from the cache (see [`cache`]) where nothing changed since it was saved;
    /// otherwise the full [`Workspace::plan`], whose outline is then saved.
    pub fn outline(&self, issues: &[Issue], languages: &[String]) -> Result<Vec<Outline>, Error> {
        let probe = self.probe(issues, languages)?;
        if let Some(outlines) = probe.outlines() {
            return Ok(outlines);
        }
        let plan = self.plan(issues, languages)?;
        let outline = plan.outline();
        self.remember(&probe, &plan, &outline);
        Ok(outline)
    }

    /// What the cache knows of `issues` in `languages`: the inputs of each language are read
    /// and hashed (not parsed), and the outlines saved under the same key are loaded.
    ///
    /// A selection of issues uses the cache of a full plan only when every store of the
    /// language was up to date: then the other stores feed the translation memory exactly as
    /// they would once synced.
    pub fn probe(&self, issues: &[Issue], languages: &[String]) -> Result<Probe, Error> {
        self.probe_with(issues, languages, None)
    }

    /// [`Workspace::probe`], or, with `after` (the stamps of the files a plan read), the probe
    /// that [`Workspace::save`] makes after the plan: it finds the key of every language,
    /// through those stamps too, and leaves the stamps file to its caller. (The first probe
    /// does not read the issues and stores of a language whose cache is empty: the cache has
    /// nothing to give, and the plan that follows reads and hashes them anyway.)
    fn probe_with(
        &self,
        issues: &[Issue],
        languages: &[String],
        after: Option<cache::Stamps>,
    ) -> Result<Probe, Error> {
        let (all_issues, warnings) = self.scan_issues()?;
        let known: HashSet<&str> = all_issues.iter().map(|i| i.name.as_str()).collect();
        let full = issues.len() == all_issues.len();
        let config = self.config_bytes();
        let cold_too = after.is_some();
        let mut stamps = cache::load_stamps(&self.root);
        stamps.extend(after.unwrap_or_default());
        let seen = std::sync::Mutex::new(cache::Stamps::new());
        let hash_file = |path: &Path| self.hash_file(path, &stamps, &seen);
        let keyed: Vec<bool> = languages
            .iter()
            .map(|lang| cold_too || cache::present(&self.root, lang))
            .collect();
        let english: Vec<Option<u128>> = match keyed.contains(&true) {
            true => all_issues
                .par_iter()
                .map(|issue| hash_file(&issue.path))
                .collect(),
            false => Vec::new(),
        };
        let mut languages_out = Vec::new();
        for (lang, keyed) in languages.iter().zip(keyed) {
            let (stores, orphans) = self.key_stores(lang, &all_issues, &known)?;
            // What the cache does not hold: the plan's warnings and its orphaned stores.
            let plain = warnings.is_empty() && !orphans;
            // What `verso check` reads besides the issues and stores (see `check_context`).
            let glossaries: Vec<(PathBuf, Option<u128>)> =
                [format!("{lang}.toml"), "names.toml".into()]
                    .into_iter()
                    .map(|name| {
                        let path = Path::new(GLOSSARY_DIR).join(name);
                        let hash = hash_file(&path);
                        (path, hash)
                    })
                    .collect();
            let files: Vec<PathBuf> = all_issues
                .iter()
                .map(|issue| issue.path.clone())
                .chain(stores)
                .collect();
            let key = keyed.then(|| {
                let hashes = english.iter().copied().chain(
                    files[all_issues.len()..]
                        .par_iter()
                        .map(|path| hash_file(path))
                        .collect::<Vec<_>>(),
                );
                let glossaries = glossaries.iter().map(|(path, hash)| (path, *hash));
                cache::language_key(&config, lang, files.iter().zip(hashes).chain(glossaries))
            });
            // Without a key, the files it covers, to make it of what the plan reads.
            let files = match key {
                Some(_) => Vec::new(),
                None => files,
            };
            let cached = key
                .filter(|_| plain)
                .and_then(|key| cache::load(&self.root, lang, key));
            let outlines = cached.and_then(|outlines| {
                if full {
                    return Some(outlines);
                }
                if !outlines.iter().all(|o| o.up_to_date) {
                    return None;
                }
                let selected: Vec<Outline> = issues
                    .iter()
                    .filter_map(|issue| outlines.iter().find(|o| o.issue == issue.name).cloned())
                    .collect();
                (selected.len() == issues.len()).then_some(selected)
            });
            languages_out.push(ProbedLanguage {
                language: lang.clone(),
                key,
                files,
                glossaries,
                plain,
                outlines,
                findings: None,
            });
        }
        let mut observed = stamps;
        let seen = seen.into_inner().unwrap_or_default();
        if !seen.is_empty() {
            // New stamps: the next probe reads none of those files again.
            observed.extend(seen);
            if !cold_too {
                cache::save_stamps(&self.root, &observed);
            }
        }
        Ok(Probe {
            full,
            languages: languages_out,
            stamps: observed,
        })
    }

    /// Saves `outline` (that of `plan`, from [`Plan::outline`]) in the cache, for each language that `probe` did not find
    /// there, when the plan covered every issue, found nothing broken or renamed, and the
    /// inputs are still those that `probe` hashed (nobody saved a file meanwhile).
    pub fn remember(&self, probe: &Probe, plan: &Plan, outline: &[Outline]) {
        self.save(probe, plan, outline, None);
    }

    /// What `verso status` reports of `issues` in `languages`: the outline of every store with
    /// the counts of its `verso check` findings, from the cache where nothing changed since a
    /// status saved it (then there is no plan: nothing to warn about, no broken or orphaned
    /// store); otherwise from [`Workspace::survey`] and [`Plan::check`], whose outline is then
    /// saved, and the plan. `surveyed` sees the plan before it is checked (to print its
    /// warnings before an error of the glossaries).
    pub fn checked_outline(
        &self,
        issues: &[Issue],
        languages: &[String],
        surveyed: impl FnOnce(&Plan),
    ) -> Result<(Vec<Outline>, Option<Plan>), Error> {
        let probe = self.probe(issues, languages)?;
        if let Some(outlines) = probe.outlines()
            && outlines.iter().all(|o| o.findings.is_some())
        {
            return Ok((outlines, None));
        }
        let plan = self.survey(issues, languages)?;
        surveyed(&plan);
        let (outlines, _) = self.check_and_save(&probe, &plan, languages)?;
        Ok((outlines, Some(plan)))
    }

    /// What `verso check` reports of `issues` in `languages`: the findings of every store, from
    /// the cache where nothing changed since a check or status saved them (then there is no
    /// plan, and nothing to warn about); otherwise from [`Workspace::plan`] and
    /// [`Plan::check`], whose findings (and outlines, for status) are then saved, and the
    /// plan. `planned` sees the plan before it is checked (to print its warnings before an
    /// error of the glossaries).
    pub fn checked(
        &self,
        issues: &[Issue],
        languages: &[String],
        planned: impl FnOnce(&Plan),
    ) -> Result<(Vec<StoreFindings>, Option<Plan>), Error> {
        let mut probe = self.probe(issues, languages)?;
        if let Some(found) = probe.findings(&self.root, issues) {
            return Ok((found, None));
        }
        let plan = self.plan(issues, languages)?;
        planned(&plan);
        let (_, found) = self.check_and_save(&probe, &plan, languages)?;
        Ok((found, Some(plan)))
    }

    /// Checks `plan` in `languages` and saves its outlines and findings under `probe`'s key
    /// (see [`Workspace::save`]); status and check share it.
    fn check_and_save(
        &self,
        probe: &Probe,
        plan: &Plan,
        languages: &[String],
    ) -> Result<(Vec<Outline>, Vec<StoreFindings>), Error> {
        let contexts = languages
            .iter()
            .map(|lang| self.check_context(lang))
            .collect::<Result<Vec<_>, _>>()?;
        let checked = plan.check(&contexts);
        let outlines = plan.checked_outline(&checked);
        let found: Vec<StoreFindings> = checked.into_iter().map(StoreFindings::from).collect();
        self.save(probe, plan, &outlines, Some(&found));
        Ok((outlines, found))
    }

    /// Saves `outlines` (those of `plan`'s items, in order), and `findings` when the plan was
    /// checked, for each language that `probe` did not find in the cache (or found there
    /// without the findings that `outlines` or `findings` have), when the plan covered every
    /// issue, found nothing broken or renamed, and the inputs are still those that `probe`
    /// hashed.
    fn save(
        &self,
        probe: &Probe,
        plan: &Plan,
        outlines: &[Outline],
        findings: Option<&[StoreFindings]>,
    ) {
        // The cache holds no warnings: a plan that has some is made again each time, so that
        // every run shows them.
        if !probe.full || !plan.broken.is_empty() || !plan.warnings.is_empty() {
            return;
        }
        let checked = outlines.iter().all(|o| o.findings.is_some());
        let stale: Vec<String> = probe
            .languages
            .iter()
            .filter(|l| {
                let outlines = match &l.outlines {
                    None => true,
                    Some(cached) => checked && cached.iter().any(|o| o.findings.is_none()),
                };
                outlines || (findings.is_some() && l.findings.is_none())
            })
            .map(|l| l.language.clone())
            .collect();
        if stale.is_empty() {
            return;
        }
        // With the stamps of what the plan read, the probe need not read those files again.
        let after = Some(plan.seen.stamps());
        let Ok(now) = self.probe_with(&self.issues().unwrap_or_default(), &stale, after) else {
            return;
        };
        let config = self.config_bytes();
        for (before, after) in probe
            .languages
            .iter()
            .filter(|l| stale.contains(&l.language))
            .zip(&now.languages)
        {
            // The key of the inputs as the first probe found them or, where it did not read
            // them, as the plan did: a file the plan did not read makes no key.
            let key = before.key.or_else(|| {
                let files = before
                    .files
                    .iter()
                    .map(|path| Some((path, plan.seen.hash(path)?)))
                    .collect::<Option<Vec<_>>>()?;
                let glossaries = before.glossaries.iter().map(|(path, hash)| (path, *hash));
                Some(cache::language_key(
                    &config,
                    &before.language,
                    files.into_iter().chain(glossaries),
                ))
            });
            let Some(key) = key.filter(|&key| Some(key) == after.key && now.full) else {
                continue;
            };
            let renamed = plan
                .items
                .iter()
                .any(|i| i.language == before.language && i.renamed_from.is_some());
            if renamed {
                continue;
            }
            let of_language: Vec<&Outline> = outlines
                .iter()
                .filter(|o| o.language == before.language)
                .collect();
            cache::save(&self.root, &before.language, key, &of_language);
            if let Some(findings) = findings {
                let of_language: Vec<&StoreFindings> = findings
                    .iter()
                    .filter(|f| f.language == before.language)
                    .collect();
                cache::save_findings(&self.root, &before.language, key, &of_language);
            }
        }
        cache::save_stamps(&self.root, &now.stamps);
    }

    /// The store files a language's cache key covers, sorted: the store of every issue
    /// (there or not) and every store file on disk; and whether some of those on disk are
    /// orphaned (their issue is not in `known`).
    fn key_stores(
        &self,
        lang: &str,
        all_issues: &[Issue],
        known: &HashSet<&str>,
    ) -> Result<(Vec<PathBuf>, bool), Error> {
        let mut stores: Vec<PathBuf> = all_issues
            .iter()
            .map(|issue| self.store_path(lang, &issue.name))
            .collect();
        let on_disk = self.stores_on_disk(lang)?;
        let orphans = on_disk
            .iter()
            .any(|(issue, _)| !known.contains(issue.as_str()));
        stores.extend(on_disk.into_iter().map(|(_, path)| path));
        // Sorted by their bytes (any fixed order will do, and comparing paths component by
        // component is slow): every one comes from `store_path`, so equal paths are equal
        // bytes.
        stores.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        stores.dedup_by(|a, b| a.as_os_str() == b.as_os_str());
        Ok((stores, orphans))
    }

    /// Every option, as parsed: what the plan depends on, whatever the file's layout.
    fn config_bytes(&self) -> Vec<u8> {
        format!("{:?}", self.config).into_bytes()
    }

    /// The hash of a file's bytes, relative to the root; `None` when there is no such file.
    /// Taken from `stamps` when the file's stamp is the one recorded there; otherwise read,
    /// and its stamp added to `seen` when the file had settled.
    fn hash_file(
        &self,
        path: &Path,
        stamps: &cache::Stamps,
        seen: &std::sync::Mutex<cache::Stamps>,
    ) -> Option<u128> {
        let full = self.root.join(path);
        let stamp = match std::fs::metadata(&full) {
            Ok(meta) => cache::Stamp::of(&meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(_) => return Some(u128::MAX),
        };
        if let (Some(stamp), Some((known, hash))) = (stamp, stamps.get(path))
            && stamp == *known
        {
            return Some(*hash);
        }
        let hash = match std::fs::read(&full) {
            Ok(bytes) => cache::content_hash(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            // Unreadable is not absent; the plan says why.
            Err(_) => return Some(u128::MAX),
        };
        if let Some(stamp) = stamp.filter(cache::Stamp::is_settled)
            && let Ok(mut seen) = seen.lock()
        {
            seen.insert(path.to_owned(), (stamp, hash));
        }
        Some(hash)
    }

    /// The store files of `lang` on disk, by issue name, whether or not the English issue
    /// exists. Found when `{issue}` is in the file name of the `stores` pattern (as in the
    /// default); otherwise there are none.
    pub fn stores_on_disk(&self, lang: &str) -> Result<Vec<(String, PathBuf)>, Error> {
        let pattern = self.config.stores.replace("{lang}", lang);
        let (dir, file) = match pattern.rsplit_once('/') {
            Some((dir, file)) => (dir, file),
            None => ("", pattern.as_str()),
        };
        let Some((prefix, suffix)) = file.split_once("{issue}") else {
            return Ok(Vec::new());
        };
        if dir.contains("{issue}") || suffix.contains("{issue}") {
            return Ok(Vec::new());
        }
        let full = self.root.join(dir);
        let read = match std::fs::read_dir(&full) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(Error::Io { path: full, error }),
        };
        let mut stores = Vec::new();
        for entry in read {
            let entry = entry.map_err(|error| Error::Io {
                path: full.clone(),
                error,
            })?;
            let file_name = entry.file_name();
            let Some(name) = file_name
                .to_str()
                .and_then(|n| n.strip_prefix(prefix))
                .and_then(|n| n.strip_suffix(suffix))
            else {
                continue;
            };
            // The type comes with the directory entry; only a link needs a look at its target.
            let is_file = entry
                .file_type()
                .is_ok_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()));
            if name.is_empty() || name.starts_with('.') || !is_file {
                continue;
            }
            stores.push((name.to_string(), self.store_path(lang, name)));
        }
        stores.sort();
        Ok(stores)
    }

    /// What a plan reads of a store (see [`Workspace::read_store_layout`]), without its lines.
    fn read_store(&self, lang: &str, path: &Path, seen: &cache::Seen) -> StoreRead {
        self.read_store_layout(lang, path, seen)
            .map(|read| read.map(|(hash, store, _)| (hash, store)))
    }

    /// Reads a store and checks it is the store of `lang`: its text and the store, `None` when
    /// there is none yet.
    fn read_store_text(&self, lang: &str, path: &Path) -> Result<Option<(String, Store)>, Error> {
        let full = self.confined(path)?;
        let Some(text) = Store::read_text(&full)? else {
            return Ok(None);
        };
        let (store, _) = parse_store(lang, path, &text)?;
        Ok(Some((text, store)))
    }

    /// Reads and segments the English issue at `path` (relative to the root), recording its
    /// hash and stamp in `seen`.
    fn read_document(
        &self,
        path: &Path,
        options: &verso_segment::Options,
        seen: &cache::Seen,
    ) -> Result<Document, verso_segment::ReadError> {
        let full = self.root.join(path);
        let (source, meta) = verso_text::read_utf8_with_metadata(&full)?;
        seen.read(path, &meta, source.as_bytes());
        Document::parse(source, options)
            .map_err(|error| verso_segment::ReadError::Segment { path: full, error })
    }

    /// What a plan reads of a store: the hash of its bytes (what [`Plan::write`] compares the
    /// file with before replacing it), the store, checked to be of `lang`, and, when the file
    /// is laid out exactly as verso writes it, the line of each unit's id in it (see
    /// [`Store::parse_with_id_lines`]); `None` when there is none yet. Recorded in `seen`. The
    /// text is read into a buffer of the thread's, reused from store to store: only the store
    /// is kept.
    fn read_store_layout(
        &self,
        lang: &str,
        path: &Path,
        seen: &cache::Seen,
    ) -> Result<Option<(u128, Store, IdLines)>, Error> {
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let full = self.confined(path)?;
        BUFFER.with_borrow_mut(|buffer| {
            let (text, meta) = match verso_text::read_utf8_into(&full, buffer) {
                Ok(read) => read,
                Err(error) if error.is_not_found() => {
                    seen.absent(path);
                    return Ok(None);
                }
                Err(error) => return Err(StoreError::from(error).into()),
            };
            let hash = seen.read(path, &meta, text.as_bytes());
            let (store, canonical) = parse_store(lang, path, text)?;
            Ok(Some((hash, store, canonical)))
        })
    }
}

/// Parses a store's text and checks it is the store of `lang`.
fn parse_store(lang: &str, path: &Path, text: &str) -> Result<(Store, IdLines), Error> {
    let (store, canonical) = Store::parse_with_id_lines(text, path)?;
    if store.language != lang {
        return Err(Error::WrongLanguage {
            path: path.to_owned(),
            expected: lang.to_string(),
            found: store.language,
        });
    }
    Ok((store, canonical))
}

/// The line of each unit's id in a store file laid out as verso writes it.
type IdLines = Option<Vec<u32>>;

/// A store read from disk: the hash of its bytes and the store, `None` when there is none yet.
type StoreRead = Result<Option<(u128, Store)>, Error>;

/// The unit ids of a language's issues, to tell an issue's own units from boilerplate.
#[derive(Default)]
struct Known<'a> {
    /// The ids in the stores of the issues not selected.
    in_stores: HashSet<&'a str>,
    /// For each id, how many selected issues have it.
    in_selected: HashMap<&'a str, usize>,
}

/// The share of an orphaned store's own units (those of no other issue) that an issue must
/// have for the issue to count as the orphan renamed. Newsletters share much boilerplate: in the
/// corpus, consecutive issues have up to 84% of their ids in common, but never more than 40% of
/// the ids that only one of them has.
pub const RENAME_SHARE: f64 = 0.8;

/// The orphaned store that an issue with `units` is the renamed issue of, taken out of
/// `orphaned`: the one with the largest share of its own ids in `units`, at least
/// [`RENAME_SHARE`].
fn claim_renamed(
    orphaned: &mut [Option<(String, PathBuf, u128, Store)>],
    units: &[verso_segment::Unit],
    known: &Known,
) -> Option<(String, PathBuf, u128, Store)> {
    let ids: HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let share = |store: &Store| {
        // Its own ids: in no issue but, maybe, this one.
        let own: Vec<&str> = store
            .units
            .iter()
            .map(|e| e.id.as_str())
            .filter(|id| {
                let selected = known.in_selected.get(id).copied().unwrap_or(0);
                !known.in_stores.contains(id) && selected <= usize::from(ids.contains(id))
            })
            .collect();
        let found = own.iter().filter(|id| ids.contains(*id)).count();
        match own.len() {
            0 => 0.0,
            n => found as f64 / n as f64,
        }
    };
    let best = orphaned
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, share(&o.as_ref()?.3))))
        .filter(|&(_, share)| share >= RENAME_SHARE)
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    orphaned[best.0].take()
}

/// What the cache holds for a selection of issues and languages (see [`Workspace::probe`]).
#[derive(Debug)]
pub struct Probe {
    /// Whether every issue is selected.
    full: bool,
    languages: Vec<ProbedLanguage>,
    /// The stamps recorded before and those of the files hashed now (see [`cache::Stamp`]).
    stamps: cache::Stamps,
}

#[derive(Debug)]
struct ProbedLanguage {
    language: String,
    /// The key of the language's inputs; `None` when its cache was empty, and its issues and
    /// stores were not read.
    key: Option<u128>,
    /// Without a key: the issues and stores the key covers, in key order.
    files: Vec<PathBuf>,
    /// The glossaries' paths and hashes (the end of the key, found in any case).
    glossaries: Vec<(PathBuf, Option<u128>)>,
    /// Whether the plan would have no warnings and no orphaned stores (which the cache does
    /// not hold).
    plain: bool,
    outlines: Option<Vec<Outline>>,
    /// The findings of the selected stores, once [`Probe::findings`] loaded them.
    findings: Option<Vec<StoreFindings>>,
}

impl Probe {
    /// The outlines of every selected store, in plan order, when the cache holds every
    /// language; `None` otherwise.
    pub fn outlines(&self) -> Option<Vec<Outline>> {
        let mut all = Vec::new();
        for language in &self.languages {
            all.extend(language.outlines.clone()?);
        }
        Some(all)
    }

    /// The findings of every selected store (`issues` are the selected ones), in plan order,
    /// when the cache holds them for every language; `None` otherwise. A selection of issues
    /// is taken from the findings of a full plan only when every store of the language was up
    /// to date (as for [`Probe::outlines`]).
    fn findings(&mut self, root: &Path, issues: &[Issue]) -> Option<Vec<StoreFindings>> {
        let full = self.full;
        for language in &mut self.languages {
            if !language.plain {
                continue;
            }
            language.findings = language
                .key
                .and_then(|key| cache::load_findings(root, &language.language, key))
                .and_then(|found| {
                    if full {
                        return Some(found);
                    }
                    if !found.iter().all(|f| f.up_to_date) {
                        return None;
                    }
                    let selected: Vec<StoreFindings> = issues
                        .iter()
                        .filter_map(|issue| found.iter().find(|f| f.issue == issue.name).cloned())
                        .collect();
                    (selected.len() == issues.len()).then_some(selected)
                });
        }
        if self.languages.iter().any(|l| l.findings.is_none()) {
            return None;
        }
        let mut all = Vec::new();
        for language in &mut self.languages {
            all.extend(language.findings.take()?);
        }
        Some(all)
    }
}

impl Workspace {
    /// The absolute path that `path` (relative to the root) leads to once symbolic links are
    /// resolved, which must be inside the workspace.
    fn confined(&self, path: &Path) -> Result<PathBuf, Error> {
        resolved(&self.resolver, &self.root, path)
    }
}

impl Plan {
    /// [`Workspace::confined`], with the workspace's resolver.
    fn confined(&self, path: &Path) -> Result<PathBuf, Error> {
        resolved(&self.resolver, &self.root, path)
    }
}

/// Whether the file at `path` holds the bytes whose hash is `read`, or is absent when `read` is
/// `None` (a file that the plan found missing).
fn still_holds(path: &Path, read: Option<u128>) -> std::io::Result<bool> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(read == Some(cache::content_hash(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(read.is_none()),
        Err(error) => Err(error),
    }
}

/// [`confined`] through `resolver`, which resolves each directory once.
fn resolved(resolver: &confine::Resolver, root: &Path, path: &Path) -> Result<PathBuf, Error> {
    resolver
        .resolve_inside(root, path)
        .map_err(|outside| outside_error(path, outside))
}

fn confined(root: &Path, path: &Path) -> Result<PathBuf, Error> {
    confine::resolve_inside(root, path).map_err(|outside| outside_error(path, outside))
}

fn outside_error(path: &Path, outside: confine::Outside) -> Error {
    match outside.resolved {
        Ok(resolved) => Error::Outside {
            path: path.to_owned(),
            resolved,
        },
        Err(error) => Error::Unresolved {
            path: path.to_owned(),
            error,
        },
    }
}

/// Writes `files` (paths relative to `root`, and their new bytes) all or nothing, as
/// [`Plan::write`] does for stores: confine each path, remove stale temporary files from their
/// directories, stage every file, then rename them all.
fn write_all_or_nothing(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let write_error = |path: &Path, error| {
        Error::Store(StoreError::Write {
            path: path.to_owned(),
            error,
        })
    };
    let mut cleaned = std::collections::BTreeSet::new();
    let mut targets = Vec::new();
    for (path, _) in files {
        let target = confined(root, path)?;
        let dir = target.parent().unwrap_or(root);
        if cleaned.insert(dir.to_owned()) {
            let relative = path.parent().unwrap_or(Path::new("."));
            write::remove_stale_temporaries(dir).map_err(|e| write_error(relative, e))?;
        }
        targets.push(target);
    }
    // On an error, the files staged so far are dropped, which removes their temporary files.
    let staged = write::stage_all(files.len(), |i| (targets[i].as_path(), &files[i].1))
        .map_err(|(i, error)| write_error(&files[i].0, error))?;
    for ((path, _), staged) in files.iter().zip(staged.files()) {
        if let Err(error) = std::fs::symlink_metadata(staged.temporary()) {
            return Err(write_error(path, error));
        }
    }
    staged
        .commit(|_| false)
        .map_err(|(i, error)| Error::Commit {
            path: files[i].0.clone(),
            error,
            written: files[..i].iter().map(|(p, _)| p.clone()).collect(),
        })
}

/// The synced stores, computed but not yet written.
#[derive(Debug)]
pub struct Plan {
    root: PathBuf,
    /// The workspace's resolver, which has resolved the store directories already.
    resolver: std::sync::Arc<confine::Resolver>,
    /// The hashes (and stamps) of the files the plan read, as it read them.
    seen: cache::Seen,
    /// One item per selected store: languages in configuration order, then issues by name.
    pub items: Vec<Planned>,
    /// Stores that could not be read (only from [`Workspace::survey`]).
    pub broken: Vec<Broken>,
    /// Stores whose English issue is gone and that no issue took over as renamed. They are
    /// kept as they are, and feed the translation memory.
    pub orphans: Vec<Orphan>,
    /// Issue files skipped while planning and what segmenting the selected issues found
    /// (once per file), by path and line, for the command to show.
    pub warnings: Vec<Warning>,
    /// The segmented English issues, by issue name.
    documents: Vec<(String, Document)>,
}

/// A store that could not be read.
#[derive(Debug)]
pub struct Broken {
    /// The store's language.
    pub language: String,
    /// The issue the store is named after.
    pub issue: String,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// Why it could not be read.
    pub error: Error,
}

/// A store whose English issue is gone.
#[derive(Debug)]
pub struct Orphan {
    /// The store's language.
    pub language: String,
    /// The issue name the store file is named after.
    pub issue: String,
    /// The English issue of that name, which is gone, relative to the workspace root.
    pub english: PathBuf,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// The store, as read.
    pub store: Store,
}

/// The store of an issue whose English file was renamed: it moves to the new name.
#[derive(Debug)]
pub struct Renamed {
    /// The old issue name.
    pub issue: String,
    /// The old store file, relative to the workspace root; removed once the new one is written.
    pub path: PathBuf,
    /// The hash of the old file's bytes as the plan read them.
    read: u128,
}

/// One store once synced.
#[derive(Debug)]
pub struct Planned {
    /// The store's language.
    pub language: String,
    /// The issue's name.
    pub issue: String,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// The store as it will be written.
    pub store: Store,
    /// What the sync changes.
    pub changes: Changes,
    /// Whether the file exists.
    pub exists: bool,
    /// Whether the file already holds exactly these bytes.
    pub up_to_date: bool,
    /// Whether the file already holds this store, maybe laid out differently (a valid hand
    /// edit): a sync would only rewrite its layout.
    pub same_content: bool,
    /// The store of the issue's old name, when the English issue was renamed.
    pub renamed_from: Option<Renamed>,
    /// The hash of the file's bytes when it was read, to make sure they are still there when
    /// it is replaced: kept only for a store the write replaces (not up to date).
    read: Option<u128>,
    /// The line of each unit's id in the file, when the store is up to date and the file laid
    /// out as verso writes it (see [`Store::parse_with_id_lines`]).
    id_lines: Option<Vec<u32>>,
}

/// The findings of `verso check` on one planned store.
#[derive(Debug)]
pub struct CheckedStore<'a> {
    /// The planned store.
    pub planned: &'a Planned,
    /// Its entries with findings, in store order.
    pub entries: Vec<CheckedEntry>,
}

/// The findings of `verso check` on one store, without the store: what [`Workspace::checked`]
/// returns, from a plan or from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFindings {
    /// The store's language.
    pub language: String,
    /// The issue's name.
    pub issue: String,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// Whether the file already holds exactly the synced bytes (else the lines of the entries
    /// are those the sync will write).
    pub up_to_date: bool,
    /// Its entries with findings, in store order.
    pub entries: Vec<CheckedEntry>,
}

impl From<CheckedStore<'_>> for StoreFindings {
    fn from(checked: CheckedStore<'_>) -> StoreFindings {
        StoreFindings {
            language: checked.planned.language.clone(),
            issue: checked.planned.issue.clone(),
            path: checked.planned.path.clone(),
            up_to_date: checked.planned.up_to_date,
            entries: checked.entries,
        }
    }
}

/// One store entry with findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEntry {
    /// The unit id.
    pub id: String,
    /// The 1-based line of its `id = "…"` in the store as a sync leaves it (the file's line
    /// when the store is up to date).
    pub line: usize,
    /// What is wrong with its target.
    pub findings: Vec<Finding>,
}

impl CheckedStore<'_> {
    /// Error-level findings and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .entries
            .iter()
            .flat_map(|e| &e.findings)
            .filter(|f| f.severity == Severity::Error)
            .count();
        let all: usize = self.entries.iter().map(|e| e.findings.len()).sum();
        (errors, all - errors)
    }
}

impl Plan {
    /// The outline of every item, in order.
    pub fn outline(&self) -> Vec<Outline> {
        self.items
            .par_iter()
            .map(|item| Outline {
                language: item.language.clone(),
                issue: item.issue.clone(),
                path: item.path.clone(),
                counts: verso_report::Counts::of(&item.store.units),
                changes: item.changes,
                exists: item.exists,
                up_to_date: item.up_to_date,
                same_content: item.same_content,
                renamed_from: item.renamed_from.as_ref().map(|r| r.path.clone()),
                findings: None,
            })
            .collect()
    }

    /// The outline of every item with the counts of its findings: `checked` is what
    /// [`Plan::check`] returned for this plan.
    pub fn checked_outline(&self, checked: &[CheckedStore<'_>]) -> Vec<Outline> {
        self.outline()
            .into_iter()
            .zip(checked)
            .map(|(outline, checked)| {
                let (errors, warnings) = checked.counts();
                Outline {
                    findings: Some(verso_report::FindingCounts { errors, warnings }),
                    ..outline
                }
            })
            .collect()
    }

    /// Runs `verso check` on every planned store: `contexts` holds each planned language's
    /// [`Context`] (see [`Workspace::check_context`]). Pure: reads and writes nothing.
    pub fn check<'a>(&'a self, contexts: &[Context]) -> Vec<CheckedStore<'a>> {
        let empty = Context::default();
        let units: HashMap<&str, &[verso_segment::Unit]> = self
            .documents
            .iter()
            .map(|(issue, doc)| (issue.as_str(), doc.units()))
            .collect();
        let jobs: Vec<StoreToCheck<'_>> = self
            .items
            .iter()
            .map(|planned| StoreToCheck {
                units: units.get(planned.issue.as_str()).copied().unwrap_or(&[]),
                store: &planned.store,
                context: contexts
                    .iter()
                    .find(|c| c.language == planned.language)
                    .unwrap_or(&empty),
            })
            .collect();
        let found = verso_check::check_stores(&jobs);
        // Each store's lines on every core; the results are collected in plan order.
        self.items
            .par_iter()
            .zip(found)
            .map(|(planned, found)| {
                // The lines of the file as read when it is up to date and laid out as verso
                // writes it (entries come in store order: each one is found after the last).
                if let Some(id_lines) = &planned.id_lines {
                    let mut at = 0;
                    let entries = found
                        .into_iter()
                        .map(|f| {
                            let units = &planned.store.units;
                            while at < units.len() && !std::ptr::eq(&units[at], f.entry) {
                                at += 1;
                            }
                            CheckedEntry {
                                id: f.entry.id.clone(),
                                line: id_lines.get(at).map_or(1, |&line| line as usize),
                                findings: f.findings,
                            }
                        })
                        .collect();
                    return CheckedStore { planned, entries };
                }
                // Else the store as a sync writes it, serialized (only when there are findings).
                let written;
                let text = match found.is_empty() {
                    true => "",
                    false => {
                        written = planned.store.to_toml();
                        written.as_str()
                    }
                };
                let lines = LineIndex::new(text);
                // Entries come in store order: each search starts where the last one ended.
                let mut from = 0;
                let entries = found
                    .into_iter()
                    .map(|f| {
                        let needle = format!("\nid = {}\n", toml_string(&f.entry.id));
                        let at = text[from..]
                            .find(&needle)
                            .map(|n| from + n)
                            .or_else(|| text.find(&needle));
                        if let Some(at) = at {
                            from = at + 1;
                        }
                        let line = at.map_or(1, |at| lines.line(at + 1));
                        CheckedEntry {
                            id: f.entry.id.clone(),
                            line,
                            findings: f.findings,
                        }
                    })
                    .collect();
                CheckedStore { planned, entries }
            })
            .collect()
    }

    /// The segmented English of `issue` (one of the planned issues).
    pub fn document(&self, issue: &str) -> Option<&Document> {
        self.documents
            .iter()
            .find(|(name, _)| name == issue)
            .map(|(_, doc)| doc)
    }

    /// Writes every store that changed, all or nothing. Returns the stores written.
    ///
    /// First every store is checked to lead inside the workspace (a symbolic link is written
    /// through to its target), the temporary files of killed syncs are removed from their
    /// directories, and each new store is staged in a temporary file next to it
    /// (`.NAME.toml.verso-tmp-XXXXXX`, with the mode the store will have). Only when all are
    /// staged are they renamed over the stores, one after the other; an error before that
    /// removes every temporary file and leaves every store as it was. (A rename itself failing
    /// after others succeeded, which takes a file system gone wrong, is reported with the list
    /// of stores already replaced.)
    ///
    /// A store file that changed since the plan read it (a translator saved it meanwhile) is
    /// left as it is, like all the others, and the error is [`StoreError::ChangedMeanwhile`].
    /// Each store is compared once more right before its own rename: one saved while the
    /// stores before it were being replaced is left as it is, the renames stop there, and the
    /// error is [`Error::ChangedWhileWriting`], with the list of stores already replaced. A
    /// renamed issue's store is written under the new name and its old file removed, under the
    /// same checks.
    pub fn write(&self) -> Result<Vec<&Planned>, Error> {
        let write_error = |path: &Path, error| {
            Error::Store(StoreError::Write {
                path: path.to_owned(),
                error,
            })
        };
        // Stale temporary files go in every store directory of the plan, even where nothing
        // changes, so that a killed sync leaves nothing behind after the next one.
        let mut cleaned = std::collections::BTreeSet::new();
        let mut pending = Vec::new();
        let mut targets = Vec::new();
        // Each resolution looks at the file (is it a link?): on every core, taken in order.
        let resolved: Vec<_> = self
            .items
            .par_iter()
            .map(|item| self.confined(&item.path))
            .collect();
        for (item, target) in self.items.iter().zip(resolved) {
            let target = target?;
            let dir = target.parent().unwrap_or(&self.root);
            if cleaned.insert(dir.to_owned()) {
                let relative = item.path.parent().unwrap_or(Path::new("."));
                write::remove_stale_temporaries(dir).map_err(|e| write_error(relative, e))?;
            }
            if !item.up_to_date {
                pending.push(item);
                targets.push(target);
            }
        }
        // On an error, the stores staged so far are dropped, which removes their files.
        // Each store is serialized by the thread that stages it.
        let staged = write::stage_all(pending.len(), |i| {
            (targets[i].as_path(), pending[i].store.to_toml())
        })
        .map_err(|(i, error)| write_error(&pending[i].path, error))?;
        // Checks that need every new store in place and no store changed yet go here (such as
        // "the store still holds the bytes the plan read"): an error drops `staged`.
        //
        // A sync started meanwhile removes other syncs' temporary files; better to find that
        // out before the first rename than halfway.
        //
        // These checks only read: they run on every core, and the first store that fails in
        // the plan's order is the one reported.
        let missing = pending
            .par_iter()
            .zip(staged.files())
            .find_map_first(|(item, staged)| {
                let error = std::fs::symlink_metadata(staged.temporary()).err()?;
                Some(write_error(&item.path, error))
            });
        if let Some(error) = missing {
            return Err(error);
        }
        // A translator's save made since the plan read a store (or a store created since the
        // plan found none) is never overwritten: every store is compared with what the plan
        // read, right before the first rename.
        let changed = |path: &Path| {
            Error::Store(StoreError::ChangedMeanwhile {
                path: path.to_owned(),
            })
        };
        let check = |item: &Planned, target: &Path| -> Result<(), Error> {
            if !still_holds(target, item.read).map_err(|e| write_error(&item.path, e))? {
                return Err(changed(&item.path));
            }
            if let Some(renamed) = &item.renamed_from {
                let old = self.confined(&renamed.path)?;
                let read = Some(renamed.read);
                if !still_holds(&old, read).map_err(|e| write_error(&renamed.path, e))? {
                    return Err(changed(&renamed.path));
                }
            }
            Ok(())
        };
        let changed_meanwhile = pending
            .par_iter()
            .zip(&targets)
            .find_map_first(|(item, target)| check(item, target).err());
        if let Some(error) = changed_meanwhile {
            return Err(error);
        }
        // A store that did not exist is created only if it still does not. One that did is
        // compared once more right before it is replaced: a save that landed since the
        // checks above (while the other stores were checked or replaced) is then left as it
        // is, and the error says which stores were already replaced.
        let changed_at = std::cell::Cell::new(None);
        staged
            .commit_checked(
                |i| pending[i].read.is_none(),
                |i| match pending[i].read {
                    None => Ok(()),
                    Some(read) => match still_holds(&targets[i], Some(read))? {
                        true => Ok(()),
                        false => {
                            changed_at.set(Some(i));
                            Err(std::io::Error::other("changed on disk"))
                        }
                    },
                },
            )
            .map_err(|(i, error)| {
                let path = pending[i].path.clone();
                let written = pending[..i].iter().map(|p| p.path.clone()).collect();
                match changed_at.get() == Some(i) {
                    true => Error::ChangedWhileWriting { path, written },
                    false => Error::Commit {
                        path,
                        error,
                        written,
                    },
                }
            })?;
        // A renamed issue's store is in place under its new name: the old file goes, unless
        // somebody saved it since it was checked.
        for renamed in pending.iter().filter_map(|item| item.renamed_from.as_ref()) {
            let old = self.confined(&renamed.path)?;
            if !still_holds(&old, Some(renamed.read)).map_err(|e| write_error(&renamed.path, e))? {
                return Err(changed(&renamed.path));
            }
            std::fs::remove_file(&old).map_err(|e| write_error(&renamed.path, e))?;
        }
        Ok(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A file's stamp stands for its bytes only once recorded settled, and a rewrite that keeps
    /// its size and modification time is still seen (its status change time moves).
    #[test]
    #[cfg(unix)]
    fn stamps_stand_for_bytes_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::with_config(dir.path(), Config::default());
        let path = Path::new("a.md");
        let full = dir.path().join(path);
        std::fs::write(&full, "first").unwrap();
        let first = cache::content_hash(b"first");
        // Just written: hashed, but not recorded.
        let seen = Mutex::new(cache::Stamps::new());
        assert_eq!(
            ws.hash_file(path, &cache::Stamps::new(), &seen),
            Some(first)
        );
        assert!(seen.lock().unwrap().is_empty());
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(
            ws.hash_file(path, &cache::Stamps::new(), &seen),
            Some(first)
        );
        let mut stamps = seen.into_inner().unwrap();
        let (stamp, hash) = stamps[path];
        assert_eq!(hash, first);
        // Under the recorded stamp, the recorded hash is taken without reading the file.
        stamps.insert(path.to_owned(), (stamp, 7));
        let seen = Mutex::new(cache::Stamps::new());
        assert_eq!(ws.hash_file(path, &stamps, &seen), Some(7));
        // The same size, the modification time set back: read again.
        let modified = std::fs::metadata(&full).unwrap().modified().unwrap();
        std::fs::write(&full, "other").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&full)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(
            ws.hash_file(path, &stamps, &seen),
            Some(cache::content_hash(b"other"))
        );
        // Saved and loaded back as they were.
        cache::save_stamps(dir.path(), &stamps);
        assert_eq!(cache::load_stamps(dir.path()), stamps);
        assert_eq!(ws.hash_file(Path::new("gone.md"), &stamps, &seen), None);
    }
}
