//! `verso import`: the plan of adopting translated Markdown files into a language's stores.
//!
//! [`Workspace::plan_import`] reads everything first (the translated files, their English
//! issues, the stores) and writes nothing; [`ImportPlan::write`] then writes the stores that
//! changed, each atomically, and `verso.toml` when the import adds its language.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use verso_import::Summary;
use verso_segment::Document;
use verso_store::Store;

use crate::{CONFIG_FILE, Error, Issue, Workspace};

/// A translated file shares at least this much (see [`verso_import::likeness`]) with the
/// English issue it is taken to translate, when neither its name nor its date tell.
pub const MIN_LIKENESS: f32 = 0.3;

/// How the English issue of a translated file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// Named on the command line (`--issue`).
    Option,
    /// The file has the issue's name.
    FileName,
    /// The front-matter `date` starts the issue's name.
    Date,
    /// The file shares the most links with the issue.
    Content,
}

/// What importing one translated file does.
#[derive(Debug)]
pub struct ImportedFile {
    /// The translated file, as given.
    pub file: PathBuf,
    /// The English issue's name.
    pub issue: String,
    /// How the English issue was found.
    pub found_by: FoundBy,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// What came in, per English unit.
    pub summary: Summary,
}

/// The stores once the files are imported, computed but not yet written.
#[derive(Debug)]
pub struct ImportPlan {
    root: PathBuf,
    /// The language of the files.
    pub language: String,
    /// The language is not in `verso.toml` yet; writing adds it.
    pub adds_language: bool,
    /// One per translated file, in the order given.
    pub files: Vec<ImportedFile>,
    /// Each store touched: its path (relative to the root), the store, and whether the file
    /// already holds exactly these bytes.
    pub stores: Vec<(PathBuf, Store, bool)>,
    /// What segmenting the translated files (as named) and their English issues found, once
    /// per file.
    pub warnings: Vec<crate::Warning>,
}

impl Workspace {
    /// Computes the import of `files` (translations into `language`), writing nothing.
    ///
    /// Each file's English issue is `issue` when given, else the issue of the same file name,
    /// else the one its front-matter date names, else the one it shares the most links with.
    /// Stores are first brought in step with their English (as `verso sync` does), then the
    /// pairs are written in; a target the store already has is never replaced (`force`
    /// replaces drafts only). A language not in `verso.toml` is an error unless
    /// `add_language`.
    pub fn plan_import(
        &self,
        language: &str,
        files: &[PathBuf],
        issue: Option<&str>,
        force: bool,
        add_language: bool,
    ) -> Result<ImportPlan, Error> {
        // `FR` is the configured `fr`: adding it would list one language twice.
        let configured = self
            .config
            .languages
            .iter()
            .find(|l| l.eq_ignore_ascii_case(language));
        let language = configured.map_or(language, String::as_str);
        let known = configured.is_some();
        let addable = add_language && crate::config::is_language_code(language);
        if !known && !addable {
            return Err(Error::UnknownLanguage {
                name: language.to_string(),
                config: self.root.join(CONFIG_FILE),
                known: self.config.languages.clone(),
            });
        }
        let options = self.config.segment_options();
        let all_issues = self.issues()?;
        let chosen = match issue {
            Some(name) => Some(self.select_issues(&[name.to_string()])?.remove(0)),
            None => None,
        };
        let mut english_documents: Vec<(String, Document)> = Vec::new();
        let mut plan = ImportPlan {
            root: self.root.clone(),
            language: language.to_string(),
            adds_language: !known,
            files: Vec::new(),
            stores: Vec::new(),
            warnings: Vec::new(),
        };
        // Stores as read (text) and as they become, by path.
        let mut originals: Vec<Option<String>> = Vec::new();
        // The translated files are segmented in parallel, then taken in the order given (the
        // first error in that order is the one reported).
        let translated_documents: Vec<Result<Document, verso_segment::ReadError>> = files
            .par_iter()
            .map(|file| Document::read(file, &options))
            .collect();
        // The English issues of the same file names (how most files find theirs), segmented in
        // parallel too, and taken into the cache below when and as `english_document` would read
        // them.
        let mut same_name: Vec<Option<Result<Document, verso_segment::ReadError>>> = files
            .par_iter()
            .map(|file| {
                let stem = file.file_stem().and_then(|s| s.to_str())?;
                let issue = all_issues.iter().find(|i| i.name == stem)?;
                chosen
                    .is_none()
                    .then(|| Document::read(&self.root.join(&issue.path), &options))
            })
            .collect();
        // Per file: its document, its English issue, how it was found, its store's index.
        let mut found_issues = Vec::with_capacity(files.len());
        for ((file, translated), same_name) in files
            .iter()
            .zip(translated_documents)
            .zip(same_name.iter_mut())
        {
            let translated = translated?;
            plan.warnings
                .extend(crate::Warning::of_document(file, &translated));
            let (found, found_by) = match &chosen {
                Some(issue) => (issue.clone(), FoundBy::Option),
                None => self.find_issue(file, &translated, &all_issues, &mut english_documents)?,
            };
            if found_by == FoundBy::FileName
                && let Some(document) = same_name.take()
                && !english_documents
                    .iter()
                    .any(|(name, _)| *name == found.name)
            {
                english_documents.push((found.name.clone(), document?));
            }
            let english = self.english_document(&found, &mut english_documents)?;
            let path = self.store_path(language, &found.name);
            let at = match plan.stores.iter().position(|(p, ..)| *p == path) {
                Some(at) => at,
                None => {
                    let existing = self.read_store_text(language, &path)?;
                    let issue_path = found.path.to_string_lossy().replace('\\', "/");
                    let old = match &existing {
                        Some((_, store)) => store.clone(),
                        None => Store::new(language, issue_path.clone()),
                    };
                    let (mut store, _) =
                        verso_sync::update(&old, english.units(), self.config.fuzzy_threshold);
                    store.issue_path = issue_path;
                    originals.push(existing.map(|(text, _)| text));
                    plan.stores.push((path.clone(), store, false));
                    plan.stores.len() - 1
                }
            };
            found_issues.push((translated, found, found_by, path, at));
        }
        // The alignments, the bulk of the work, in parallel; each depends on its two documents
        // only.
        let english_of = |name: &str| {
            &english_documents
                .iter()
                .find(|(n, _)| n == name)
                .expect("every issue found was read")
                .1
        };
        let alignments: Vec<_> = found_issues
            .par_iter()
            .map(|(translated, found, ..)| verso_import::align(english_of(&found.name), translated))
            .collect();
        for ((file, (translated, found, found_by, path, at)), alignment) in
            files.iter().zip(found_issues).zip(alignments)
        {
            let english = english_of(&found.name);
            let file_name = file
                .file_name()
                .map_or_else(|| file.to_string_lossy(), |n| n.to_string_lossy())
                .into_owned();
            let (store, summary) = verso_import::import(
                &plan.stores[at].1,
                english,
                &translated,
                &alignment,
                &file_name,
                force,
            );
            plan.stores[at].1 = store;
            plan.files.push(ImportedFile {
                file: file.clone(),
                issue: found.name.clone(),
                found_by,
                path,
                summary,
            });
        }
        // The English issues imported into (not every one compared while looking for them).
        for (name, document) in &english_documents {
            if !plan.files.iter().any(|f| &f.issue == name) {
                continue;
            }
            if let Some(issue) = all_issues.iter().find(|i| &i.name == name) {
                plan.warnings
                    .extend(crate::Warning::of_document(&issue.path, document));
            }
        }
        plan.stores
            .par_iter_mut()
            .zip(originals)
            .for_each(|((_, store, up_to_date), original)| {
                *up_to_date = original.as_deref() == Some(store.to_toml().as_str());
            });
        Ok(plan)
    }

    fn english_document<'a>(
        &self,
        issue: &Issue,
        cache: &'a mut Vec<(String, Document)>,
    ) -> Result<&'a Document, Error> {
        if let Some(at) = cache.iter().position(|(name, _)| *name == issue.name) {
            return Ok(&cache[at].1);
        }
        let document =
            Document::read(&self.root.join(&issue.path), &self.config.segment_options())?;
        cache.push((issue.name.clone(), document));
        Ok(&cache.last().expect("just pushed").1)
    }

    /// The English issue a translated file translates, and how it was found.
    fn find_issue(
        &self,
        file: &Path,
        translated: &Document,
        all: &[Issue],
        cache: &mut Vec<(String, Document)>,
    ) -> Result<(Issue, FoundBy), Error> {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if let Some(issue) = all.iter().find(|i| i.name == stem) {
            return Ok((issue.clone(), FoundBy::FileName));
        }
        if let Some(date) = verso_import::front_matter_date(translated.source())
            && let [issue] = all
                .iter()
                .filter(|i| i.name.starts_with(date))
                .collect::<Vec<_>>()[..]
        {
            return Ok((issue.clone(), FoundBy::Date));
        }
        let mut best: Option<(f32, &Issue)> = None;
        for issue in all {
            let english = self.english_document(issue, cache)?;
            let likeness = verso_import::likeness(english, translated);
            if best.is_none_or(|(b, _)| likeness > b) {
                best = Some((likeness, issue));
            }
        }
        match best {
            Some((likeness, issue)) if likeness >= MIN_LIKENESS => {
                Ok((issue.clone(), FoundBy::Content))
            }
            _ => Err(Error::NoEnglishIssue {
                file: file.to_owned(),
            }),
        }
    }
}

impl ImportPlan {
    /// Writes every store that changed, and `verso.toml` when the import adds its language,
    /// all or nothing (as [`crate::Plan::write`]). Returns the stores written.
    pub fn write(&self) -> Result<Vec<&Path>, Error> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        if self.adds_language {
            let config = self.root.join(CONFIG_FILE);
            let text = crate::config::with_language(&config, &self.language)?;
            files.push((PathBuf::from(CONFIG_FILE), text.into_bytes()));
        }
        // Serialized in parallel, in order.
        files.par_extend(
            self.stores
                .par_iter()
                .filter(|(_, _, up_to_date)| !*up_to_date)
                .map(|(path, store, _)| (path.clone(), store.to_toml().into_bytes())),
        );
        let written = self
            .stores
            .iter()
            .filter(|(_, _, up_to_date)| !*up_to_date)
            .map(|(path, ..)| path.as_path())
            .collect();
        crate::write_all_or_nothing(&self.root, &files)?;
        Ok(written)
    }
}
