//! `verso build`: reads what the build stage needs (the English issues, the stores as a sync
//! would leave them, the Fluent files), builds every selected output in memory, and writes
//! them afterwards, all or nothing, inside the output directory.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use verso_build::l10n::{Messages, Variables};
use verso_build::months::Month;
use verso_build::{Facts, Input, Outlet, Output};
use verso_segment::Document;

use crate::{CONFIG_FILE, Error, Issue, Workspace, confine};

/// One output: an issue in a language for an outlet.
#[derive(Debug)]
pub struct Built {
    /// The issue's name.
    pub issue: String,
    /// The language.
    pub language: String,
    /// The outlet's name.
    pub outlet: String,
    /// The store it was built from, relative to the root.
    pub store_path: PathBuf,
    /// The file, relative to the output directory.
    pub path: PathBuf,
    /// Where the title goes for an outlet without front matter, relative to the output
    /// directory.
    pub title_path: Option<PathBuf>,
    /// The text and its report.
    pub output: Output,
    /// The minimum share (percent) that applied, from the command line or the outlet.
    pub min: Option<f64>,
}

impl Built {
    /// Whether the policy lets this file be published.
    pub fn allowed(&self) -> bool {
        self.output.report.meets(self.min)
    }
}

/// Everything `verso build` would write, and the files the policy refused.
#[derive(Debug)]
pub struct BuildPlan {
    /// Every output, by outlet, language and issue.
    pub outputs: Vec<Built>,
    /// What planning found to warn about (the plan's [`crate::Plan::warnings`]).
    pub warnings: Vec<crate::Warning>,
}

/// What `verso build` was asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    /// Issue names; empty for all.
    pub issues: Vec<String>,
    /// Languages; empty for all.
    pub languages: Vec<String>,
    /// Outlet names; empty for all.
    pub outlets: Vec<String>,
    /// Overrides every outlet's `min`.
    pub min: Option<f64>,
}

impl Workspace {
    /// The outlets named (all when none is named), in configuration order.
    pub fn select_outlets(&self, names: &[String]) -> Result<Vec<&Outlet>, Error> {
        let all = &self.config().outlets;
        if all.is_empty() {
            return Err(Error::NoOutlet {
                config: self.root().join(CONFIG_FILE),
            });
        }
        for name in names {
            if !all.iter().any(|o| &o.name == name) {
                return Err(Error::UnknownOutlet {
                    name: name.clone(),
                    config: self.root().join(CONFIG_FILE),
                    known: all.iter().map(|o| o.name.clone()).collect(),
                });
            }
        }
        Ok(all
            .iter()
            .filter(|o| names.is_empty() || names.contains(&o.name))
            .collect())
    }

    /// The Fluent messages of `lang`; a language without a file has none.
    pub fn messages(&self, lang: &str) -> Result<Messages, Error> {
        let path = self.config().l10n_path(lang);
        // A link committed in place of the file must not lead the read out.
        let full = self.confined(&path)?;
        match std::fs::read_to_string(&full) {
            Ok(text) => Ok(Messages::parse(lang, &text, &path)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Messages::empty(lang)),
            Err(error) => Err(Error::Io { path, error }),
        }
    }

    /// Builds every selected output in memory, writing nothing.
    pub fn build_plan(&self, request: &BuildRequest) -> Result<BuildPlan, Error> {
        let issues = self.select_issues(&request.issues)?;
        let languages = self.select_languages(&request.languages)?;
        let outlets = self.select_outlets(&request.outlets)?;
        let languages: Vec<String> = languages
            .into_iter()
            .filter(|l| outlets.iter().any(|o| o.serves(l)))
            .collect();
        let plan = self.plan(&issues, &languages)?;
        let options = self.config().segment_options();
        let documents: BTreeMap<&str, Document> = issues
            .iter()
            .map(|issue: &Issue| {
                Document::read(&self.root().join(&issue.path), &options)
                    .map(|d| (issue.name.as_str(), d))
            })
            .collect::<Result<_, _>>()?;
        let english = self.messages("en")?;
        let mut messages = BTreeMap::new();
        for lang in &languages {
            messages.insert(lang.clone(), self.messages(lang)?);
        }
        let mut outputs = Vec::new();
        for item in &plan.items {
            let document = &documents[item.issue.as_str()];
            // The checks run once per store, whatever the number of outlets.
            let choices = verso_build::Choices::new(document, Some(&item.store));
            for outlet in outlets.iter().filter(|o| o.serves(&item.language)) {
                let mut facts = Facts::of(&item.issue, &item.language, document);
                facts.outlet = outlet.name.clone();
                facts.translators = self
                    .config()
                    .translators
                    .get(&item.language)
                    .cloned()
                    .unwrap_or_default();
                facts.url = Outlet::expand(&self.config().original_url, &facts);
                let month = Month::covered(&facts.english_title, &facts.date)
                    .map(|m| m.format(&item.language))
                    .unwrap_or_default();
                let store_path = item.path.to_string_lossy().replace('\\', "/");
                let input = Input {
                    document,
                    store: Some(&item.store),
                    store_path: &store_path,
                    outlet,
                    facts: &facts,
                    boilerplate: verso_build::Boilerplate {
                        messages: &messages[&item.language],
                        english: &english,
                        variables: Variables {
                            month,
                            url: facts.url.clone(),
                            translators: facts.translators.clone(),
                            issue: item.issue.clone(),
                            outlet: outlet.name.clone(),
                        },
                    },
                };
                let output =
                    verso_build::build_with(&input, &choices).map_err(|error| Error::Build {
                        issue: item.issue.clone(),
                        language: item.language.clone(),
                        outlet: outlet.name.clone(),
                        error,
                    })?;
                let mut named = facts.clone();
                named.title = output.title.clone().unwrap_or_default();
                let path = PathBuf::from(outlet.output_path(&named));
                let title_path = output
                    .title
                    .as_ref()
                    .map(|_| PathBuf::from(outlet.title_output_path(&named)));
                for path in std::iter::once(&path).chain(&title_path) {
                    if !stays_below(path) {
                        return Err(Error::OutputOutside {
                            issue: item.issue.clone(),
                            language: item.language.clone(),
                            outlet: outlet.name.clone(),
                            path: path.clone(),
                            resolved: None,
                        });
                    }
                }
                outputs.push(Built {
                    issue: item.issue.clone(),
                    language: item.language.clone(),
                    outlet: outlet.name.clone(),
                    store_path: item.path.clone(),
                    path,
                    title_path,
                    output,
                    min: request.min.or(outlet.min),
                });
            }
        }
        // By outlet (in configuration order), then language, then issue.
        let outlet_rank = |name: &str| outlets.iter().position(|o| o.name == name);
        let language_rank = |lang: &str| languages.iter().position(|l| l == lang);
        outputs.sort_by(|a, b| {
            (outlet_rank(&a.outlet), language_rank(&a.language), &a.issue).cmp(&(
                outlet_rank(&b.outlet),
                language_rank(&b.language),
                &b.issue,
            ))
        });
        let mut files: BTreeMap<&Path, &Built> = BTreeMap::new();
        for built in &outputs {
            for path in std::iter::once(&built.path).chain(&built.title_path) {
                if let Some(first) = files.insert(path, built) {
                    let what =
                        |b: &Built| format!("{} ({}, outlet {})", b.issue, b.language, b.outlet);
                    return Err(Error::OutputTwice {
                        path: path.clone(),
                        first: what(first),
                        second: what(built),
                    });
                }
            }
        }
        Ok(BuildPlan {
            outputs,
            warnings: plan.warnings,
        })
    }
}

/// Whether `path` (an output, relative to the output directory) is relative and never climbs.
fn stays_below(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

impl BuildPlan {
    /// Writes every output the policy allows under `out_dir`, all or nothing, with the staged
    /// write of `verso sync` (every file staged next to its target, then all renamed; on an
    /// error nothing has changed). A file that already holds the same bytes is left alone, so a
    /// second build writes nothing. Every file must stay inside `out_dir` once symbolic links
    /// are resolved. Returns how many files were written and left alone.
    pub fn write(&self, out_dir: &Path) -> Result<(usize, usize), Error> {
        let mut files = Vec::new();
        for built in self.outputs.iter().filter(|b| b.allowed()) {
            if let (Some(path), Some(title)) = (&built.title_path, &built.output.title) {
                files.push((built, path.clone(), format!("{title}\n").into_bytes()));
            }
            files.push((
                built,
                built.path.clone(),
                built.output.text.clone().into_bytes(),
            ));
        }
        if files.is_empty() {
            return Ok((0, 0));
        }
        std::fs::create_dir_all(out_dir).map_err(|error| Error::Write {
            path: out_dir.to_owned(),
            error,
        })?;
        let mut changed = Vec::new();
        let mut unchanged = 0;
        for (built, path, bytes) in files {
            let target =
                confine::resolve_inside(out_dir, &path).map_err(|outside| {
                    match outside.resolved {
                        Ok(resolved) => Error::OutputOutside {
                            issue: built.issue.clone(),
                            language: built.language.clone(),
                            outlet: built.outlet.clone(),
                            path: path.clone(),
                            resolved: Some(resolved),
                        },
                        Err(error) => Error::Unresolved {
                            path: out_dir.join(&path),
                            error,
                        },
                    }
                })?;
            if std::fs::read(&target).is_ok_and(|old| old == bytes) {
                unchanged += 1;
            } else {
                changed.push((path, bytes));
            }
        }
        // Errors name the files under `out_dir`, which need not be inside the workspace.
        crate::write_all_or_nothing(out_dir, &changed).map_err(|e| match e {
            Error::Store(verso_store::StoreError::Write { path, error }) => Error::Write {
                path: out_dir.join(path),
                error,
            },
            Error::Commit {
                path,
                error,
                written,
            } => Error::Commit {
                path: out_dir.join(path),
                error,
                written: written.iter().map(|p| out_dir.join(p)).collect(),
            },
            other => other,
        })?;
        Ok((changed.len(), unchanged))
    }
}
