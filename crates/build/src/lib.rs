//! Publishing: an English issue, a store of its translations and an [`Outlet`] give the Markdown
//! file that outlet publishes, and a [`Report`] of what went into it.
//!
//! [`build`] is pure: the caller reads the issue, the store and the `.ftl` files, and writes the
//! result. The policy it applies to each unit:
//!
//! - translated or reviewed: its target;
//! - fuzzy: its (old) target, listed in [`Report::fuzzy`];
//! - untranslated, or no entry: the English;
//! - a target that fails an error-level check (new URL, HTML, shortcode, Markdown that changes
//!   the structure, a trailing `\`, ...) or that cannot be written back: the English, listed in
//!   [`Report::refused`] with the reason. A refused target never reaches the output.
//!
//! Then the outlet's conventions ([`Outlet`]): the front matter kept, replaced or removed;
//! Hugo shortcodes kept or turned into Markdown; site-relative links made absolute; heading
//! anchors kept working ([`anchors`]); Fluent boilerplate ([`l10n`]) around the body. Outside
//! translated units and these documented transformations, the output is the English issue byte
//! for byte.

pub mod anchors;
mod convert;
pub mod l10n;
pub mod months;

use std::borrow::Cow;
use std::collections::HashMap;

use verso_segment::{Document, Kind, ReassembleError, Unit};
use verso_store::{State, Store};

pub use anchors::AnchorRule;
use l10n::{Messages, Variables};

/// What an outlet does with the English front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterMode {
    /// The English front matter with its translated values, and the outlet's extra keys added.
    Keep,
    /// A new YAML front matter: `title` (translated), `date` (the English one), then the
    /// outlet's extra keys.
    Replace,
    /// No front matter; the translated title is returned beside the body ([`Output::title`]).
    None,
}

/// What an outlet does with Hugo shortcodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeMode {
    /// Kept as they are (the outlet runs Hugo with the same shortcodes).
    Keep,
    /// Turned into Markdown: `figure` becomes `![caption](src)` with its translated caption
    /// (or alt, or title); any other shortcode becomes the Fluent message
    /// `shortcode-NAME` when there is one, and is dropped otherwise (reported).
    Markdown,
}

/// A front-matter value an outlet adds; `{placeholders}` are those of [`Outlet::expand`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtraValue {
    /// A string.
    Text(String),
    /// A YAML list; an item that is exactly `{translators}` gives one item per translator.
    List(Vec<String>),
}

/// A site that publishes translations of the newsletter, and its conventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlet {
    /// Its name in `verso.toml` (`[outlet.NAME]`).
    pub name: String,
    /// The languages it publishes; empty for every language of the workspace.
    pub languages: Vec<String>,
    /// The output file, relative to the output directory; see [`Outlet::expand`].
    pub path: String,
    /// For [`FrontMatterMode::None`]: where the title goes (default: `path` with `.title`
    /// for its extension).
    pub title_path: Option<String>,
    /// What happens to the English front matter.
    pub front_matter: FrontMatterMode,
    /// Keys added to the front matter, in order.
    pub extra_front_matter: Vec<(String, ExtraValue)>,
    /// What happens to Hugo shortcodes.
    pub shortcodes: ShortcodeMode,
    /// Base URL that site-relative links and images (`/images/...`) are made absolute on.
    pub absolutize: Option<String>,
    /// How the site makes heading ids.
    pub anchors: AnchorRule,
    /// Fluent message ids for the text put before the body, after it (credits), and last.
    pub header: Option<String>,
    /// Message after the body.
    pub credits: Option<String>,
    /// Message at the very end.
    pub footer: Option<String>,
    /// Refuse an issue with a smaller share (percent) of units translated.
    pub min: Option<f64>,
}

impl Outlet {
    /// An outlet with Hugo's conventions that changes nothing but the translated units.
    pub fn new(name: &str, path: &str) -> Outlet {
        Outlet {
            name: name.to_string(),
            languages: Vec::new(),
            path: path.to_string(),
            title_path: None,
            front_matter: FrontMatterMode::Keep,
            extra_front_matter: Vec::new(),
            shortcodes: ShortcodeMode::Keep,
            absolutize: None,
            anchors: AnchorRule::Hugo,
            header: None,
            credits: None,
            footer: None,
            min: None,
        }
    }

    /// Whether it publishes `language`.
    pub fn serves(&self, language: &str) -> bool {
        self.languages.is_empty() || self.languages.iter().any(|l| l == language)
    }

    /// Expands `{issue}`, `{lang}`, `{date}` (YYYY-MM-DD), `{year}`, `{month}` (two digits),
    /// `{slug}` (the English title as Hugo makes it a URL), `{title}` (translated),
    /// `{url}` (the original), `{translators}` (joined by commas) and `{outlet}`.
    pub fn expand(template: &str, facts: &Facts) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            match facts.get(&after[..close]) {
                Some(value) => out.push_str(&value),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The placeholders [`Outlet::expand`] knows.
    pub const PLACEHOLDERS: [&str; 11] = [
        "issue",
        "lang",
        "date",
        "year",
        "month",
        "slug",
        "title",
        "url",
        "translators",
        "outlet",
        "english-title",
    ];

    /// The output file of an issue, relative to the output directory.
    pub fn output_path(&self, facts: &Facts) -> String {
        Outlet::expand(&self.path, facts)
    }

    /// The title file of an outlet without front matter.
    pub fn title_output_path(&self, facts: &Facts) -> String {
        match &self.title_path {
            Some(t) => Outlet::expand(t, facts),
            None => {
                let path = self.output_path(facts);
                match path.rsplit_once('.') {
                    Some((stem, ext)) if !ext.contains('/') => format!("{stem}.title"),
                    _ => format!("{path}.title"),
                }
            }
        }
    }
}

/// What is known of one issue in one language, for templates and messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The issue's name (its file name without `.md`).
    pub issue: String,
    /// The language code.
    pub language: String,
    /// The outlet's name.
    pub outlet: String,
    /// `YYYY-MM-DD`: the English front matter's `date`, or the start of the issue's name.
    pub date: String,
    /// The English title.
    pub english_title: String,
    /// The title as published (translated when it is).
    pub title: String,
    /// The English original, published.
    pub url: String,
    /// Who translated the issue.
    pub translators: Vec<String>,
}

impl Facts {
    fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "issue" => self.issue.clone(),
            "lang" => self.language.clone(),
            "outlet" => self.outlet.clone(),
            "date" => self.date.clone(),
            "year" => self.date.get(..4).unwrap_or_default().to_string(),
            "month" => self.date.get(5..7).unwrap_or_default().to_string(),
            "slug" => slug(&self.english_title),
            "english-title" => self.english_title.clone(),
            "title" => self.title.clone(),
            "url" => self.url.clone(),
            "translators" => self.translators.join(", "),
            _ => return None,
        })
    }

    /// The facts of an English issue: its date and title, read from its front matter.
    pub fn of(issue: &str, language: &str, document: &Document) -> Facts {
        let source = document.source();
        let (front_matter, _) = split_front_matter(source);
        let fields = front_matter
            .and_then(|text| front_matter_fields(text, is_toml_front_matter(source)).ok())
            .unwrap_or_default();
        let date = fields
            .date
            .filter(|d| d.len() >= 10)
            .map(|d| d[..10].to_string())
            .unwrap_or_else(|| issue.chars().take(10).collect());
        Facts {
            issue: issue.to_string(),
            language: language.to_string(),
            date,
            english_title: fields.title.clone().unwrap_or_default(),
            title: fields.title.unwrap_or_default(),
            ..Facts::default()
        }
    }
}

/// A title as Hugo's `urlize` makes it a path segment: lowercased, spaces to `-`, and only
/// letters, digits and `. _ - + ~` kept.
///
/// ```
/// assert_eq!(verso_build::slug("The XMPP Newsletter, 28 February 2018"), "the-xmpp-newsletter-28-february-2018");
/// ```
pub fn slug(title: &str) -> String {
    title
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '~') => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The boilerplate of one language and its English fallback.
#[derive(Debug)]
pub struct Boilerplate<'a> {
    /// The language's messages.
    pub messages: &'a Messages,
    /// The English messages, the fallback.
    pub english: &'a Messages,
    /// What the messages may use.
    pub variables: Variables,
}

/// Everything [`build`] needs for one issue, language and outlet.
#[derive(Debug)]
pub struct Input<'a> {
    /// The English issue, segmented.
    pub document: &'a Document,
    /// The store; `None` when the issue has none in this language (everything in English).
    pub store: Option<&'a Store>,
    /// The store's path, for refusals.
    pub store_path: &'a str,
    /// The outlet to build for.
    pub outlet: &'a Outlet,
    /// The issue's facts, for templates.
    pub facts: &'a Facts,
    /// The Fluent boilerplate.
    pub boilerplate: Boilerplate<'a>,
}

/// A unit whose target was not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The unit id.
    pub id: String,
    /// Line of the unit in the English issue.
    pub line: usize,
    /// Why: the first error-level finding, or why it could not be written back.
    pub reason: String,
}

/// An in-page link of the output whose fragment no heading of the output has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// The fragment, without `#`.
    pub fragment: String,
    /// Line of the output.
    pub line: usize,
}

/// What went into an output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Units of the English issue.
    pub units: usize,
    /// Units published with a translated or reviewed target.
    pub translated: usize,
    /// Units published with the old target of a fuzzy entry.
    pub fuzzy: Vec<String>,
    /// Units published in English although their store has a target.
    pub refused: Vec<Refusal>,
    /// Translated headings given their English anchor as `{#id}`.
    pub anchors_pinned: usize,
    /// In-page link fragments rewritten to the outlet's anchor of their heading.
    pub anchors_rewritten: usize,
    /// In-page links that no heading of the output has.
    pub dangling: Vec<Dangling>,
    /// Shortcodes dropped for an outlet without shortcodes, by name.
    pub dropped_shortcodes: Vec<String>,
    /// Fluent fallbacks and formatting problems.
    pub warnings: Vec<String>,
}

impl Report {
    /// Share of units published translated (translated or reviewed), in percent; 100 for an
    /// issue without units.
    pub fn percent_translated(&self) -> f64 {
        if self.units == 0 {
            100.0
        } else {
            100.0 * self.translated as f64 / self.units as f64
        }
    }

    /// Whether the issue may be published under a minimum share (percent).
    pub fn meets(&self, min: Option<f64>) -> bool {
        min.is_none_or(|min| self.percent_translated() + 1e-9 >= min)
    }
}

/// The published file: the Markdown, the title beside it when the outlet has no front matter,
/// and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The Markdown to publish.
    pub text: String,
    /// The title, for an outlet without front matter.
    pub title: Option<String>,
    /// What went into it.
    pub report: Report,
}

/// Why an output cannot be built at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The reassembled front matter is not YAML (a bug: values are encoded by the segmenter).
    #[error("the output's front matter does not parse: {message}")]
    FrontMatter {
        /// The YAML parser's message.
        message: String,
    },
}

/// The text each unit of a store publishes, decided once per store (the checks run here) and
/// shared by every outlet of its language.
#[derive(Debug, Clone, Default)]
pub struct Choices<'a> {
    /// The published target of each unit that has one, by unit id.
    chosen: HashMap<&'a str, &'a str>,
    /// The state of each entry of the store, by unit id.
    states: HashMap<&'a str, State>,
    /// Targets the checks refused.
    refused: Vec<Refusal>,
}

impl<'a> Choices<'a> {
    /// Applies the policy to every unit of `document` with the entries of `store`.
    pub fn new(document: &'a Document, store: Option<&'a Store>) -> Choices<'a> {
        let mut choices = Choices::default();
        let entries: HashMap<&str, &verso_store::Entry> = store
            .map(|s| s.units.iter().map(|e| (e.id.as_str(), e)).collect())
            .unwrap_or_default();
        for unit in document.units() {
            let Some(entry) = entries.get(unit.id.as_str()) else {
                continue;
            };
            choices.states.insert(&unit.id, entry.state);
            let publishable = entry.state.is_done() || entry.state == State::Fuzzy;
            if !publishable || !entry.has_target() {
                continue;
            }
            if entry.target != unit.text
                && let Some(first) = verso_check::errors(unit, &entry.target).first()
            {
                choices.refused.push(Refusal {
                    id: unit.id.clone(),
                    line: unit.line,
                    reason: format!("{}: {}", first.kind.as_str(), first.message),
                });
                continue;
            }
            choices.chosen.insert(&unit.id, &entry.target);
        }
        choices
    }
}

/// Builds the file `input.outlet` publishes for one issue and language.
pub fn build(input: &Input) -> Result<Output, BuildError> {
    build_with(input, &Choices::new(input.document, input.store))
}

/// Like [`build`], with the choices of `input.store` already made (see [`Choices`]).
pub fn build_with(input: &Input, choices: &Choices) -> Result<Output, BuildError> {
    let document = input.document;
    let mut report = Report {
        units: document.units().len(),
        refused: choices.refused.clone(),
        ..Report::default()
    };
    let mut chosen = choices.chosen.clone();

    // Hugo outlets: each translated heading keeps its English anchor.
    let english_anchors = english_heading_anchors(document);
    let pin = input.outlet.anchors.has_heading_attributes();
    let text = loop {
        let mut pinned = 0;
        let mut unpinned = Vec::new();
        let result = document.reassemble_with(|unit: &Unit| {
            let target = *chosen.get(unit.id.as_str())?;
            if pin
                && unit.kind == Kind::Heading
                && target != unit.text
                && let Some(anchor) = english_anchors.get(&unit.range.start)
            {
                if rest_of_line_is_blank(document.source(), unit.range.end) {
                    pinned += 1;
                    return Some(Cow::Owned(format!("{target} {{#{anchor}}}")));
                }
                // Text after the heading's (a closing `#` sequence) would keep Hugo from
                // reading an attribute block written before it.
                unpinned.push(format!(
                    "the heading at English line {} is not given its anchor `{anchor}`: its line goes on after the text",
                    unit.line
                ));
            }
            Some(Cow::Borrowed(target))
        });
        match result {
            Ok(text) => {
                report.anchors_pinned = pinned;
                report.warnings.extend(unpinned);
                break text;
            }
            Err(e) => {
                let id = match &e {
                    ReassembleError::TooManyLines { id, .. }
                    | ReassembleError::Delimiter { id, .. } => id.clone(),
                };
                let line = document
                    .units()
                    .iter()
                    .find(|u| u.id == id)
                    .map_or(0, |u| u.line);
                chosen.remove(id.as_str());
                report.refused.push(Refusal {
                    id,
                    line,
                    reason: e.to_string(),
                });
            }
        }
    };
    report.refused.sort_by_key(|r| r.line);

    for unit in document.units() {
        if !chosen.contains_key(unit.id.as_str()) {
            continue;
        }
        match choices.states.get(unit.id.as_str()) {
            Some(State::Fuzzy) => report.fuzzy.push(unit.id.clone()),
            Some(state) if state.is_done() => report.translated += 1,
            _ => {}
        }
    }

    let output = convert::apply(input, text, &mut report)?;
    Ok(output)
}

/// Whether only blanks stand between `at` and the end of its line.
fn rest_of_line_is_blank(source: &str, at: usize) -> bool {
    let rest = &source[at..];
    let line = rest.split('\n').next().unwrap_or_default();
    line.trim().is_empty()
}

/// The Hugo anchor of each heading of the English document, by the byte offset where its text
/// starts in the document (as heading units start there).
fn english_heading_anchors(document: &Document) -> HashMap<usize, String> {
    let (_, body_start) = split_front_matter(document.source());
    let body = &document.source()[body_start..];
    let headings = anchors::headings(body, AnchorRule::Hugo);
    let mut out = HashMap::new();
    for unit in document.units().iter().filter(|u| u.kind == Kind::Heading) {
        let Some(offset) = unit.range.start.checked_sub(body_start) else {
            continue;
        };
        let heading = headings
            .iter()
            .find(|h| h.range.start <= offset && offset < h.range.end);
        if let Some(heading) = heading
            && heading.explicit_id.is_none()
            && let Some(anchor) = &heading.anchor
        {
            out.insert(unit.range.start, anchor.clone());
        }
    }
    out
}

/// The front matter of a text (YAML between `---` lines, or TOML between `+++` lines), without
/// its fences, and where its body starts.
pub fn split_front_matter(text: &str) -> (Option<&str>, usize) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_end = rest.find('\n').map_or(rest.len(), |n| n + 1);
    let fence = rest[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return (None, 0);
    }
    let mut at = bom + first_end;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
        let line = text[at..end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            return (Some(&text[bom + first_end..at]), end);
        }
        at = end;
    }
    (None, 0)
}

/// Whether a text's front matter is TOML (`+++`).
fn is_toml_front_matter(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("+++")
}

#[derive(Debug, Clone, Default)]
struct FrontMatterFields {
    title: Option<String>,
    date: Option<String>,
}

/// The title and date of a front matter; `Err` when it does not parse.
fn front_matter_fields(text: &str, toml: bool) -> Result<FrontMatterFields, String> {
    if toml {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let scalar = |key: &str| match table.get(key) {
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(toml::Value::Datetime(d)) => Some(d.to_string()),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        return Ok(FrontMatterFields {
            title: scalar("title"),
            date: scalar("date"),
        });
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let Some(doc) = docs.first() else {
        return Ok(FrontMatterFields::default());
    };
    let scalar = |key: &str| match &doc[key] {
        yaml_rust2::Yaml::String(s) | yaml_rust2::Yaml::Real(s) => Some(s.clone()),
        yaml_rust2::Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    Ok(FrontMatterFields {
        title: scalar("title"),
        date: scalar("date"),
    })
}
