//! Checks of a translation against its English: a store's target is typed by a volunteer and
//! published on several sites, so it is untrusted input.
//!
//! [`errors`] are what must never be published: a link, image, HTML or shortcode the English
//! does not have, an English link dropped, Markdown that changes the document's structure, a
//! value that would break its front matter, a trailing `\` that escapes the unit's delimiter,
//! inline code changed. [`check_unit`] adds the warnings, which need a [`Context`] (language,
//! glossary, names not to translate): numbers, glossary terms, names, untranslated text,
//! typography, length, spaces.
//!
//! Everything works on the Markdown inline structure (pulldown-cmark events, through
//! [`verso_segment::placeables`]), not on regular expressions.
//!
//! ```
//! use verso_check::{CheckKind, errors};
//! use verso_segment::{Document, Options};
//!
//! let doc = Document::parse("See [the site](https://xmpp.org).\n", &Options::default()).unwrap();
//! let unit = &doc.units()[0];
//! assert!(errors(unit, "Voir [le site](https://xmpp.org).").is_empty());
//! let found = errors(unit, "Voir [le site](https://evil.example).");
//! assert_eq!(found[0].kind, CheckKind::NewLink);
//! ```

mod errors;
pub mod glossary;
mod links;
mod warnings;

use std::fmt;
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use verso_segment::Unit;
use verso_segment::placeables::Placeables;
use verso_store::{Entry, State, Store};

pub use glossary::{Glossary, GlossaryError, Names};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; `verso check --strict` fails on it.
    Warning,
    /// Never published; `verso check` fails on it.
    Error,
}

impl Severity {
    /// `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! check_kinds {
    ($($variant:ident = $name:literal, $severity:ident, $doc:literal;)*) => {
        /// What a finding is about. Each kind has one severity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CheckKind {
            $(#[doc = $doc] $variant,)*
        }

        impl CheckKind {
            /// Every kind, errors first.
            pub const ALL: &[CheckKind] = &[$(CheckKind::$variant,)*];

            /// The kebab-case name used in stores (`allow`), JSON and reports.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(CheckKind::$variant => $name,)*
                }
            }

            /// Whether findings of this kind are errors or warnings.
            pub fn severity(self) -> Severity {
                match self {
                    $(CheckKind::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

check_kinds! {
    NewLink = "new-link", Error, "A link or image destination (or a link label definition) the English does not have.";
    DroppedLink = "dropped-link", Error, "An English link the translation does not have.";
    NewHtml = "new-html", Error, "Raw HTML the English does not have.";
    NewShortcode = "new-shortcode", Error, "A Hugo shortcode the English does not have.";
    Structure = "structure", Error, "Markdown that changes the document's blocks, or a line break or blank line the unit cannot hold.";
    HeadingId = "heading-id", Error, "A heading's `{#id}` attributes changed.";
    FrontMatter = "front-matter", Error, "A value that does not read back from its front matter.";
    TrailingBackslash = "trailing-backslash", Error, "A final `\\` that escapes the delimiter after the unit.";
    InlineCode = "inline-code", Error, "Inline code whose content changed.";
    LocalizedLink = "localized-link", Warning, "A link to another language's version of the English link.";
    Anchor = "anchor", Warning, "An in-page anchor the English does not link to.";
    CodeMarkup = "code-markup", Warning, "Backticks added or removed around the same text.";
    Numbers = "numbers", Warning, "Numbers that differ from the English.";
    XepNumbers = "xep-numbers", Warning, "XEP numbers that differ from the English.";
    Emphasis = "emphasis", Warning, "A different count of emphasis, strong and strikethrough spans.";
    Glossary = "glossary", Warning, "A glossary term not rendered as the glossary says.";
    Name = "name", Warning, "A name that is never translated, missing from the translation.";
    Untranslated = "untranslated", Warning, "A long translation identical to its English.";
    Typography = "typography", Warning, "The language's typography (French spaces before `: ; ! ?` and inside guillemets).";
    LengthRatio = "length-ratio", Warning, "A translation far shorter or longer than its English.";
    Spaces = "spaces", Warning, "Leading, doubled or trailing spaces the English does not have.";
    Allow = "allow", Warning, "An `allow` entry of the store that names no warning kind, or gives no reason.";
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CheckKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CheckKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown check `{s}`"))
    }
}

/// One problem of a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The kind's severity.
    pub severity: Severity,
    /// What the finding is about.
    pub kind: CheckKind,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The part of the English at issue (empty when the English has nothing there).
    pub english_fragment: String,
    /// The part of the translation at issue (empty when it is missing there).
    pub target_fragment: String,
}

impl Finding {
    fn new(
        kind: CheckKind,
        message: impl Into<String>,
        english_fragment: impl Into<String>,
        target_fragment: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: kind.severity(),
            kind,
            message: message.into(),
            english_fragment: english_fragment.into(),
            target_fragment: target_fragment.into(),
        }
    }
}

/// What the warnings need to know besides the unit and its translation.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The language of the translation (`fr`, `de`, `it`); typography rules depend on it.
    pub language: String,
    /// The glossary of that language.
    pub glossary: Glossary,
    /// Names that are never translated.
    pub names: Names,
}

impl Context {
    /// A context with no glossary and no names.
    pub fn new(language: impl Into<String>) -> Context {
        Context {
            language: language.into(),
            ..Context::default()
        }
    }
}

/// The error-level findings of `target` as the translation of `unit`: what must never be
/// published. Needs no glossary.
pub fn errors(unit: &Unit, target: &str) -> Vec<Finding> {
    let english = Placeables::of(&unit.text);
    let translated = Placeables::of(target);
    let links = links::compare(&english, &translated);
    errors::check(
        unit,
        target,
        &english,
        &OnceLock::new(),
        &translated,
        &links,
    )
}

/// Every finding of `target` as the translation of `unit`: [`errors`], then warnings.
pub fn check_unit(unit: &Unit, target: &str, ctx: &Context) -> Vec<Finding> {
    check_prepared(unit, &English::of(&unit.text), target, ctx)
}

/// What the checks read of an English text, found once for every translation of it.
struct English {
    placeables: Placeables,
    /// Its blocks, parsed the first time a translation that is not one plain paragraph needs
    /// them.
    blocks: OnceLock<Vec<verso_segment::placeables::Block>>,
}

impl English {
    fn of(text: &str) -> English {
        English {
            placeables: Placeables::of(text),
            blocks: OnceLock::new(),
        }
    }
}

/// [`check_unit`], with `english` what the checks read of `unit`'s text.
fn check_prepared(unit: &Unit, english: &English, target: &str, ctx: &Context) -> Vec<Finding> {
    let (english_blocks, english) = (&english.blocks, &english.placeables);
    let translated = Placeables::of(target);
    // Compared once for the errors (new, dropped) and the warnings (localized, anchors).
    let links = links::compare(english, &translated);
    let mut findings = errors::check(unit, target, english, english_blocks, &translated, &links);
    warnings::check(
        unit,
        target,
        english,
        &translated,
        &links,
        ctx,
        &mut findings,
    );
    findings
}

/// Drops the findings whose kind `allowed` names, warnings only: an error kind cannot be
/// silenced, whatever a store says.
pub fn silence(findings: &mut Vec<Finding>, allowed: &[CheckKind]) {
    findings.retain(|f| f.severity == Severity::Error || !allowed.contains(&f.kind));
}

/// Whether `verso check` looks at an entry: one with a target in state fuzzy, translated or
/// reviewed, which `verso build` publishes. A draft (a target on an untranslated entry) is
/// never published, so it is not checked.
pub fn is_checked(entry: &Entry) -> bool {
    entry.state != State::Untranslated && entry.has_target()
}

/// [`check_unit`] on an entry's target, with its `allow` list applied: the warnings it names are
/// dropped; an `allow` that names an error kind or an unknown check, or gives no reason, is a
/// finding of its own (kind [`CheckKind::Allow`]), and the errors stay.
pub fn check_entry(unit: &Unit, entry: &Entry, ctx: &Context) -> Vec<Finding> {
    let mut findings = check_unit(unit, &entry.target, ctx);
    apply_allow(&mut findings, entry);
    findings
}

/// Applies `entry`'s `allow` list to the findings of its target (see [`check_entry`]).
fn apply_allow(findings: &mut Vec<Finding>, entry: &Entry) {
    let mut allowed = Vec::new();
    for allow in &entry.allow {
        let problem = match allow.check.parse::<CheckKind>() {
            Err(_) => Some(format!(
                "`allow` names `{}`, which is no check (warning kinds: {})",
                allow.check,
                CheckKind::ALL
                    .iter()
                    .filter(|k| k.severity() == Severity::Warning)
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Ok(kind) if kind.severity() == Severity::Error => Some(format!(
                "`allow` names `{kind}`, an error: errors cannot be silenced, fix the translation"
            )),
            Ok(_) if allow.reason.trim().is_empty() => Some(format!(
                "`allow` of `{}` gives no reason; say why the warning does not apply",
                allow.check
            )),
            Ok(kind) => {
                allowed.push(kind);
                None
            }
        };
        if let Some(message) = problem {
            findings.push(Finding::new(
                CheckKind::Allow,
                message,
                "",
                allow.check.as_str(),
            ));
        }
    }
    silence(findings, &allowed);
}

/// Every concatenation of up to `n` of `pieces`, the empty text included: the texts on which
/// tests compare a fast scan with the plain one it replaced.
#[cfg(test)]
pub(crate) fn every_text(pieces: &[&str], n: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut level = vec![String::new()];
    for _ in 0..n {
        level = level
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        all.extend(level.iter().cloned());
    }
    all
}

/// The findings of one entry of a store.
#[derive(Debug, Clone)]
pub struct EntryFindings<'a> {
    /// The store entry.
    pub entry: &'a Entry,
    /// Its unit in the English issue.
    pub unit: &'a Unit,
    /// What is wrong with its target (never empty).
    pub findings: Vec<Finding>,
}

/// One store to check: the units of its English issue, the store, and its language's
/// [`Context`].
#[derive(Debug, Clone, Copy)]
pub struct StoreToCheck<'a> {
    /// The English issue's units.
    pub units: &'a [Unit],
    /// The store whose entries are checked.
    pub store: &'a Store,
    /// The store's language, glossary and names.
    pub context: &'a Context,
}

/// Checks each entry of each store that [`is_checked`] against its unit (found by id), as
/// [`check_entry`] does, and returns for each store its entries with findings, in store order.
///
/// Work is done once for what repeats: the placeables of an English text (and its blocks, when
/// a translation needs them) are found once whatever the number of units, issues and
/// languages that have it, and a target is checked
/// once against each distinct English in each context, as a finding depends only on the
/// unit's kind, context, encoding and text, the target, and the [`Context`]. Boilerplate
/// translated alike in every issue of a language is checked once. Runs on every core; the
/// result does not depend on the number of threads.
///
/// ```
/// use verso_check::{CheckKind, Context, StoreToCheck, check_stores};
/// use verso_segment::{Document, Options};
/// use verso_store::{State, Store};
///
/// let doc = Document::parse("See [the site](https://xmpp.org).\n", &Options::default()).unwrap();
/// let unit = &doc.units()[0];
/// let mut store = Store::new("fr", "en/issue.md");
/// let mut entry = verso_store::Entry::new(&unit.id, unit.kind, &unit.text);
/// entry.target = "Voir [le site](https://evil.example).".into();
/// entry.state = State::Translated;
/// store.units.push(entry);
/// let context = Context::new("fr");
/// let found = check_stores(&[StoreToCheck { units: doc.units(), store: &store, context: &context }]);
/// assert_eq!(found[0][0].findings[0].kind, CheckKind::NewLink);
/// ```
pub fn check_stores<'a>(stores: &[StoreToCheck<'a>]) -> Vec<Vec<EntryFindings<'a>>> {
    use rayon::prelude::*;
    // The distinct contexts (one per language), and each store's.
    let mut contexts: Vec<&'a Context> = Vec::new();
    let context_of: Vec<usize> = stores
        .iter()
        .map(
            |job| match contexts.iter().position(|c| std::ptr::eq(*c, job.context)) {
                Some(index) => index,
                None => {
                    contexts.push(job.context);
                    contexts.len() - 1
                }
            },
        )
        .collect();
    // Each checked entry with its unit and the hash of what its findings depend on.
    let pairs: Vec<Vec<(&'a Entry, &'a Unit, u64)>> = stores
        .par_iter()
        .zip(&context_of)
        .map(|(job, &context)| {
            let by_id: HashMap<&str, &Unit> =
                job.units.iter().map(|u| (u.id.as_str(), u)).collect();
            job.store
                .units
                .iter()
                .filter(|entry| is_checked(entry))
                .filter_map(|entry| {
                    let unit = *by_id.get(entry.id.as_str())?;
                    Some((entry, unit, task_hash(unit, &entry.target, context)))
                })
                .collect()
        })
        .collect();
    // The distinct English texts and (unit, target, context) tasks, in order of first use.
    let mut texts: HashMap<&str, usize> = HashMap::default();
    let mut tasks: std::collections::HashMap<Task<'a>, usize, PassThrough> =
        std::collections::HashMap::default();
    let mut task_list: Vec<(&'a Unit, &'a str, usize, usize)> = Vec::new();
    let task_of: Vec<Vec<usize>> = context_of
        .iter()
        .zip(&pairs)
        .map(|(&context, pairs)| {
            pairs
                .iter()
                .map(|&(entry, unit, hash)| {
                    let task = Task {
                        hash,
                        unit,
                        target: &entry.target,
                        context,
                    };
                    *tasks.entry(task).or_insert_with(|| {
                        let next = texts.len();
                        let text = *texts.entry(unit.text.as_str()).or_insert(next);
                        task_list.push((unit, &entry.target, context, text));
                        task_list.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    let mut text_list = vec![""; texts.len()];
    for (text, index) in texts {
        text_list[index] = text;
    }
    let english: Vec<English> = text_list.par_iter().map(|t| English::of(t)).collect();
    let results: Vec<Vec<Finding>> = task_list
        .par_iter()
        .map(|&(unit, target, context, text)| {
            check_prepared(unit, &english[text], target, contexts[context])
        })
        .collect();
    pairs
        .into_par_iter()
        .zip(task_of)
        .map(|(pairs, task_of)| {
            pairs
                .into_iter()
                .zip(task_of)
                .filter_map(|((entry, unit, _), task)| {
                    let mut findings = results[task].clone();
                    apply_allow(&mut findings, entry);
                    (!findings.is_empty()).then_some(EntryFindings {
                        entry,
                        unit,
                        findings,
                    })
                })
                .collect()
        })
        .collect()
}

/// What the findings of a target depend on: equal tasks have equal findings.
struct Task<'a> {
    /// [`task_hash`] of the fields below.
    hash: u64,
    unit: &'a Unit,
    target: &'a str,
    /// The index of the [`Context`] among the distinct contexts of the stores.
    context: usize,
}

impl PartialEq for Task<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
            && self.context == other.context
            && self.target == other.target
            // The same unit, in the stores of several languages: nothing more to compare.
            && (std::ptr::eq(self.unit, other.unit)
                || (self.unit.text == other.unit.text
                    && self.unit.kind == other.unit.kind
                    && self.unit.context == other.unit.context
                    && self.unit.encoding == other.unit.encoding))
    }
}

impl Eq for Task<'_> {}

impl std::hash::Hash for Task<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hash of a [`Task`], computed on every core before the tasks are gathered on one.
fn task_hash(unit: &Unit, target: &str, context: usize) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    context.hash(&mut hasher);
    target.hash(&mut hasher);
    unit.text.hash(&mut hasher);
    unit.kind.hash(&mut hasher);
    unit.context.hash(&mut hasher);
    unit.encoding.hash(&mut hasher);
    hasher.finish()
}

/// A hasher for keys that carry their hash ([`Task`]).
#[derive(Default)]
struct PassThroughHasher(u64);

impl std::hash::Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("a Task hashes as one u64");
    }
    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

type PassThrough = std::hash::BuildHasherDefault<PassThroughHasher>;
