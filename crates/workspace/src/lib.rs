//! The verso workspace: `verso.toml`, the English issues, and one store per language and issue.
//!
//! [`Workspace::plan`] computes, in memory, what every selected store looks like once synced
//! with its English issue; `verso sync` writes the plan ([`Plan::write`]) and `verso status`
//! reports on it, so the two always agree. This crate and `src/` are the only ones that touch
//! the file system; the stages (`verso-sync`, `verso-report`) get parsed values.

pub mod config;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use verso_segment::{Document, ReadError};
use verso_store::{Store, StoreError};
use verso_sync::{Changes, Memory};
use verso_text::ReadUtf8Error;

pub use config::{CONFIG_FILE, Config, ConfigError};

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

/// A workspace: its root directory and configuration.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    config: Config,
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
        Ok(Workspace {
            root: root.to_owned(),
            config,
        })
    }

    /// A workspace with this configuration, for tests and tools.
    pub fn with_config(root: &Path, config: Config) -> Workspace {
        Workspace {
            root: root.to_owned(),
            config,
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

    /// Every English issue (`*.md` in the English directory), by name.
    pub fn issues(&self) -> Result<Vec<Issue>, Error> {
        let dir = self.root.join(&self.config.english_dir);
        let read = std::fs::read_dir(&dir).map_err(|error| Error::Io {
            path: dir.clone(),
            error,
        })?;
        let mut issues = Vec::new();
        for entry in read {
            let entry = entry.map_err(|error| Error::Io {
                path: dir.clone(),
                error,
            })?;
            let file_name = entry.file_name();
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".md")) else {
                continue;
            };
            if name.starts_with('.') || !entry.path().is_file() {
                continue;
            }
            issues.push(Issue {
                name: name.to_string(),
                path: self.config.english_dir.join(&file_name),
            });
        }
        issues.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(issues)
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

    /// The languages named on the command line, or all of them, in configuration order.
    pub fn select_languages(&self, names: &[String]) -> Result<Vec<String>, Error> {
        let known = &self.config.languages;
        for name in names {
            if !known.contains(name) {
                return Err(Error::UnknownLanguage {
                    name: name.clone(),
                    config: self.root.join(CONFIG_FILE),
                    known: known.clone(),
                });
            }
        }
        Ok(known
            .iter()
            .filter(|l| names.is_empty() || names.contains(l))
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
        let documents = issues
            .iter()
            .map(|issue| Document::read(&self.root.join(&issue.path), &options))
            .collect::<Result<Vec<_>, _>>()?;
        let all_issues = self.issues()?;
        let mut items = Vec::new();
        let mut broken = Vec::new();
        let mut orphans = Vec::new();
        for lang in languages {
            let mut read = |issue: &str, path: &Path| match self.read_store(lang, path) {
                Ok(found) => found,
                Err(error) => {
                    broken.push(Broken {
                        language: lang.clone(),
                        issue: issue.to_string(),
                        path: path.to_owned(),
                        error,
                    });
                    None
                }
            };
            // Stores whose English issue is gone: renamed issues claim theirs below.
            let mut orphaned = Vec::new();
            for (issue, path) in self.stores_on_disk(lang)? {
                if all_issues.iter().any(|i| i.name == issue) {
                    continue;
                }
                if let Some((text, store)) = read(&issue, &path) {
                    orphaned.push(Some((issue, path, text, store)));
                }
            }
            // The other issues' stores, read first: their ids tell boilerplate from the units
            // that make an issue itself, to recognise a renamed one.
            let mut others = Vec::new();
            for other in &all_issues {
                if issues.iter().any(|i| i.name == other.name) {
                    continue;
                }
                let path = self.store_path(lang, &other.name);
                if let Some((_, store)) = read(&other.name, &path) {
                    others.push((other.name.as_str(), store));
                }
            }
            let mut known = Known::default();
            for entry in others.iter().flat_map(|(_, store)| &store.units) {
                known.in_stores.insert(&entry.id);
            }
            for document in &documents {
                let ids: HashSet<&str> = document.units().iter().map(|u| u.id.as_str()).collect();
                for id in ids {
                    *known.in_selected.entry(id).or_default() += 1;
                }
            }
            // Pass 1: every selected store follows its English issue.
            let mut synced = Vec::new();
            for (issue, document) in issues.iter().zip(&documents) {
                let path = self.store_path(lang, &issue.name);
                let exists = self.root.join(&path).exists();
                let existing = read(&issue.name, &path);
                if exists && existing.is_none() {
                    continue; // Broken.
                }
                let issue_path = issue.path.to_string_lossy().replace('\\', "/");
                let renamed = match existing {
                    Some(_) => None,
                    None => claim_renamed(&mut orphaned, document.units(), &known),
                };
                let old = match (&existing, &renamed) {
                    (Some((_, store)), _) | (None, Some((_, _, _, store))) => store.clone(),
                    (None, None) => Store::new(lang.clone(), issue_path.clone()),
                };
                let (mut store, changes) =
                    verso_sync::update(&old, document.units(), self.config.fuzzy_threshold);
                store.issue_path = issue_path;
                let renamed_from = renamed.map(|(name, path, text, _)| Renamed {
                    issue: name,
                    path,
                    read: text,
                });
                synced.push((issue, path, existing, renamed_from, store, changes));
            }
            // Pass 2: the memory holds the synced stores and every other store of the language,
            // orphaned ones included.
            let mut memory = Memory::new();
            for (issue, store) in &others {
                memory.add(issue, store);
            }
            for (issue, _, _, store) in orphaned.iter().flatten() {
                memory.add(issue, store);
            }
            for (issue, _, _, _, store, _) in &synced {
                memory.add(&issue.name, store);
            }
            for (issue, path, existing, renamed_from, mut store, mut changes) in synced {
                changes.filled = memory.fill(&mut store, &issue.name);
                let text = store.to_toml();
                items.push(Planned {
                    language: lang.clone(),
                    issue: issue.name.clone(),
                    up_to_date: existing.as_ref().is_some_and(|(old, _)| *old == text),
                    same_content: existing.as_ref().is_some_and(|(_, old)| *old == store),
                    exists: existing.is_some(),
                    read: existing.map(|(old, _)| old),
                    renamed_from,
                    path,
                    store,
                    changes,
                });
            }
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
            items,
            broken,
            orphans,
        })
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
            if name.is_empty() || name.starts_with('.') || !entry.path().is_file() {
                continue;
            }
            stores.push((name.to_string(), self.store_path(lang, name)));
        }
        stores.sort();
        Ok(stores)
    }

    /// Reads a store and checks it is the store of `lang`; `None` when there is none yet.
    fn read_store(&self, lang: &str, path: &Path) -> Result<Option<(String, Store)>, Error> {
        let full = self.root.join(path);
        let Some(text) = Store::read_text(&full)? else {
            return Ok(None);
        };
        let store = Store::parse(&text, path)?;
        if store.language != lang {
            return Err(Error::WrongLanguage {
                path: path.to_owned(),
                expected: lang.to_string(),
                found: store.language,
            });
        }
        Ok(Some((text, store)))
    }
}

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
    orphaned: &mut [Option<(String, PathBuf, String, Store)>],
    units: &[verso_segment::Unit],
    known: &Known,
) -> Option<(String, PathBuf, String, Store)> {
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

/// The synced stores, computed but not yet written.
#[derive(Debug)]
pub struct Plan {
    root: PathBuf,
    /// One item per selected store: languages in configuration order, then issues by name.
    pub items: Vec<Planned>,
    /// Stores that could not be read (only from [`Workspace::survey`]).
    pub broken: Vec<Broken>,
    /// Stores whose English issue is gone and that no issue took over as renamed. They are
    /// kept as they are, and feed the translation memory.
    pub orphans: Vec<Orphan>,
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
    read: String,
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
    /// The file's text when it was read, to make sure it is still there when it is replaced.
    read: Option<String>,
}

impl Plan {
    /// Writes every store that changed, each atomically. Returns the stores written.
    ///
    /// A store file that changed since the plan read it (a translator saved it meanwhile) is
    /// left as it is, and the error [`StoreError::ChangedMeanwhile`] stops the writing.
    pub fn write(&self) -> Result<Vec<&Planned>, Error> {
        let mut written = Vec::new();
        for item in &self.items {
            if item.up_to_date {
                continue;
            }
            item.store
                .replace(
                    &self.root.join(&item.path),
                    item.read.as_deref().map(str::as_bytes),
                )
                .map_err(|e| match e {
                    StoreError::Write { error, .. } => StoreError::Write {
                        path: item.path.clone(),
                        error,
                    },
                    StoreError::ChangedMeanwhile { .. } => StoreError::ChangedMeanwhile {
                        path: item.path.clone(),
                    },
                    other => other,
                })?;
            if let Some(renamed) = &item.renamed_from {
                // Written under the new name first, so that the translations are never only in
                // memory; the old file goes only if nobody saved it meanwhile.
                let old = self.root.join(&renamed.path);
                if std::fs::read(&old).ok().as_deref() == Some(renamed.read.as_bytes()) {
                    std::fs::remove_file(&old).map_err(|error| StoreError::Write {
                        path: renamed.path.clone(),
                        error,
                    })?;
                } else {
                    return Err(StoreError::ChangedMeanwhile {
                        path: renamed.path.clone(),
                    }
                    .into());
                }
            }
            written.push(item);
        }
        Ok(written)
    }
}
