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
    errors::check(unit, target, &english, &translated, &links)
}

/// Every finding of `target` as the translation of `unit`: [`errors`], then warnings.
pub fn check_unit(unit: &Unit, target: &str, ctx: &Context) -> Vec<Finding> {
    check_prepared(&English::new(unit), target, ctx)
}

/// A unit with the placeables of its English, found once for every language it is checked in.
#[derive(Debug, Clone)]
pub struct English<'a> {
    unit: &'a Unit,
    placeables: Placeables,
}

impl<'a> English<'a> {
    /// Finds the placeables of `unit`'s English.
    pub fn new(unit: &'a Unit) -> English<'a> {
        English {
            unit,
            placeables: Placeables::of(&unit.text),
        }
    }

    /// The unit.
    pub fn unit(&self) -> &'a Unit {
        self.unit
    }
}

fn check_prepared(english: &English<'_>, target: &str, ctx: &Context) -> Vec<Finding> {
    let translated = Placeables::of(target);
    // Compared once for the errors (new, dropped) and the warnings (localized, anchors).
    let links = links::compare(&english.placeables, &translated);
    let mut findings = errors::check(
        english.unit,
        target,
        &english.placeables,
        &translated,
        &links,
    );
    warnings::check(
        english.unit,
        target,
        &english.placeables,
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
    check_entry_prepared(&English::new(unit), entry, ctx)
}

fn check_entry_prepared(english: &English<'_>, entry: &Entry, ctx: &Context) -> Vec<Finding> {
    let mut findings = check_prepared(english, &entry.target, ctx);
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
    silence(&mut findings, &allowed);
    findings
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

/// Checks every entry of `store` that [`is_checked`], against its unit in `english` (the
/// English issue's units, see [`English::new`], found by id), and returns the entries with
/// findings, in store order.
pub fn check_store<'a>(
    english: &[English<'a>],
    store: &'a Store,
    ctx: &Context,
) -> Vec<EntryFindings<'a>> {
    let by_id: std::collections::HashMap<&str, &English<'a>> =
        english.iter().map(|e| (e.unit.id.as_str(), e)).collect();
    store
        .units
        .iter()
        .filter(|entry| is_checked(entry))
        .filter_map(|entry| {
            let english = by_id.get(entry.id.as_str())?;
            let findings = check_entry_prepared(english, entry, ctx);
            (!findings.is_empty()).then_some(EntryFindings {
                entry,
                unit: english.unit,
                findings,
            })
        })
        .collect()
}
