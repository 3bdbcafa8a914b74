//! Adopt translations made the old way: a copy of the English Markdown file, translated in place.
//!
//! [`align`] pairs the units of the English issue with the units of the translated file (the
//! scoring is described on [`align`]); [`import`] writes an alignment into the issue's store:
//!
//! - a confident pair becomes `translated`, with `origin = "import:<file>"`;
//! - a weak pair becomes `fuzzy` with a `note` saying why, never `translated`;
//! - an English unit with no partner stays as it is (untranslated);
//! - a translated unit with no English partner (a translator's note) goes to the store's
//!   obsolete list with its text, so nothing of the file is lost;
//! - a target the store already has is never overwritten: the pair is reported as a conflict
//!   (with `force`, a draft, that is a target of an untranslated entry, is replaced).
//!
//! A translation equal to its English counts as a translation only where keeping the English is
//! a translator's choice rather than work left undone; see [`same_text_is_translation`].
//!
//! ```
//! use verso_segment::{Document, Options};
//! use verso_store::{Entry, State, Store};
//!
//! let english = Document::parse("# News\n\nSee [the site](https://example.org/).\n", &Options::default()).unwrap();
//! let german = Document::parse("# Neuigkeiten\n\nSiehe [die Seite](https://example.org/de/).\n", &Options::default()).unwrap();
//! let alignment = verso_import::align(&english, &german);
//! // The store in step with the English, as `verso sync` makes it.
//! let mut store = Store::new("de", "translations/en/x.md");
//! for unit in english.units() {
//!     store.units.push(Entry::new(unit.id.clone(), unit.kind, unit.text.clone()));
//! }
//! let (store, summary) = verso_import::import(&store, &english, &german, &alignment, "x.md", false);
//! assert_eq!(summary.translated, 2);
//! assert_eq!(store.units[1].state, State::Translated);
//! assert_eq!(store.units[1].target, "Siehe [die Seite](https://example.org/de/).");
//! assert_eq!(store.units[1].origin.as_deref(), Some("import:x.md"));
//! ```

mod align;
mod evidence;

use verso_segment::{Document, Kind, Unit};
use verso_store::{Entry, State, Store};
use verso_text::normalize_whitespace;

pub use align::{Alignment, Confidence, Link, Weakness, align};

/// What [`import`] did with one translated file, counted in English units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// English units of the file.
    pub english_units: usize,
    /// Confident pairs, imported as translated (or already there with the same target).
    pub translated: usize,
    /// Units of weak pairs, imported as fuzzy with a note.
    pub weak: usize,
    /// Units the translator left in English where that is no translation: still untranslated.
    pub left_in_english: usize,
    /// English units with no partner: still untranslated.
    pub unmatched: Vec<UnitRef>,
    /// Translated units with no English partner, kept in the obsolete list.
    pub extra: Vec<UnitRef>,
    /// Pairs not imported because the store already has another target for the unit.
    pub conflicts: Vec<Conflict>,
    /// Entries that the import changed (0 when the file was already imported).
    pub changed: usize,
}

/// A unit named in a report: its id, its line in its file, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// The unit id.
    pub id: String,
    /// The 1-based line of its file where it starts.
    pub line: usize,
    /// Its text.
    pub text: String,
}

/// A pair that was not imported because the store already has a different target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The English unit.
    pub unit: UnitRef,
    /// The state of the store's entry.
    pub state: State,
    /// The target the store has, kept.
    pub existing: String,
    /// The target the file gives, not imported.
    pub imported: String,
}

impl UnitRef {
    fn of(unit: &Unit) -> UnitRef {
        UnitRef {
            id: unit.id.clone(),
            line: unit.line,
            text: unit.text.clone(),
        }
    }
}

/// Where a unit sits in its English issue, as far as keeping its English matters; see
/// [`places`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Place {
    /// Anywhere else: the newsletter's own text.
    #[default]
    Text,
    /// A list item quoting a XEP's revision history: nested under the item naming the XEP and
    /// its version (`Version 2.5.0 of XEP-0030 (Service Discovery)`), among items of which at
    /// least one is signed with its editor's initials (`(pep)`). The XEP's changelog is English
    /// text of another document; a translator who keeps it in English quotes it, as they keep
    /// the XEP's title.
    RevisionHistory,
}

/// The [`Place`] of each unit of `english`, in the order of `english.units()`.
///
/// Nesting is read from the English source: a list item's parent is the nearest list item
/// before it whose text starts at a smaller column (list items of one list start at the same
/// column, nested ones further right); a heading or a paragraph outside any list ends every
/// open list. The items nested directly under a *version line* (a reference line, see
/// [`same_text_is_translation`], naming a XEP and a version) are a XEP's revision history, in
/// [`Place::RevisionHistory`], when at least one of them ends with the signature of a revision
/// entry: its editor's initials in parentheses (`(pep)`, `(egp, ssw)`, `(XEP Editor: dg)`).
/// The newsletter quotes a version's remark as a list whose last entry is signed, so the
/// unsigned entries before it belong to it too; a XEP's abstract nested under the version line
/// of a new XEP is never signed and stays [`Place::Text`]. The version line itself, items
/// nested deeper, and everything else are [`Place::Text`].
///
/// ```
/// use verso_segment::{Document, Options};
/// use verso_import::{Place, places};
///
/// let english = Document::parse(
///     "## Updated\n\n\
///      - Version 2.5.0 of XEP-0030 (Service Discovery)\n\
///      \x20 - Add note about some entities not advertising the feature. (pep)\n\
///      - Version 1.34.6 of XEP-0045 (Multi-User Chat)\n\
///      \x20 - Fix various invalid examples.\n\
///      \x20 - Remove contradicting keyword on sending subject. (pep)\n\
///      - Version 0.1.0 of XEP-0490 (Message Displayed Synchronization)\n\
///      \x20 - This specification allows to synchronize the displayed state of messages.\n\n\
///      Some prose.\n\n\
///      - A list item\n\
///      \x20 - Nested under no XEP\n",
///     &Options::default(),
/// )
/// .unwrap();
/// let found: Vec<(&str, Place)> = english
///     .units()
///     .iter()
///     .zip(places(&english))
///     .map(|(unit, place)| (unit.text.as_str(), place))
///     .collect();
/// assert_eq!(found[2], ("Add note about some entities not advertising the feature. (pep)", Place::RevisionHistory));
/// // Unsigned, but in the same remark as a signed entry.
/// assert_eq!(found[4], ("Fix various invalid examples.", Place::RevisionHistory));
/// assert_eq!(found[5], ("Remove contradicting keyword on sending subject. (pep)", Place::RevisionHistory));
/// assert_eq!(found[1].1, Place::Text); // the version line itself
/// // An abstract, unsigned, under the version line of a new XEP.
/// assert_eq!(found[7].1, Place::Text);
/// assert_eq!(found[10], ("Nested under no XEP", Place::Text));
/// ```
pub fn places(english: &Document) -> Vec<Place> {
    let source = english.source();
    let units = english.units();
    // The parent list item of each list item.
    let mut parents: Vec<Option<usize>> = vec![None; units.len()];
    // The list items open at this point: (column of their text, unit index), innermost last.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        match unit.kind {
            Kind::ListItem => {
                let line_start = source[..unit.range.start].rfind('\n').map_or(0, |n| n + 1);
                let column = source[line_start..unit.range.start].chars().count();
                while open.last().is_some_and(|&(c, _)| c >= column) {
                    open.pop();
                }
                parents[i] = open.last().map(|&(_, parent)| parent);
                open.push((column, i));
            }
            Kind::Heading | Kind::Paragraph => open.clear(),
            _ => {}
        }
    }
    // Version lines whose nested items include a signed entry: revision histories.
    let mut histories = vec![false; units.len()];
    for (i, parent) in parents.iter().enumerate() {
        if let Some(parent) = *parent
            && !histories[parent]
            && evidence::revision_signature(&units[i].text)
            && evidence::version_line(&units[parent].text)
        {
            histories[parent] = true;
        }
    }
    parents
        .iter()
        .map(|parent| match parent {
            Some(parent) if histories[*parent] => Place::RevisionHistory,
            _ => Place::Text,
        })
        .collect()
}

/// Whether a translation equal to its English counts as a translation, for a unit of `kind`
/// with that `text` at `place` in its English issue (see [`places`]).
///
/// - Yes for headings, table cells, image alt texts and titles, and shortcode attributes (names
///   of sections, products, screenshots).
/// - For paragraphs, list items and quotes, yes when the text is a *reference line*: it refers to
///   something (a link, inline code, a number or version, a XEP) and, once those are left out,
///   at most 3 words remain. Left out are link texts (a project's name linked to its site, an
///   article's title), code spans, XEP ids with the parenthesised title right after one
///   (`XEP-0030 (Service Discovery)`), and words that are numbers, versions or dates. So
///   `Version 2.5.0 of XEP-0030 (Service Discovery)` is a reference (`Version of` remains), as
///   is `Italian: [notes.nicfab.eu](https://notes.nicfab.eu)`: translators keep XEP titles,
///   names and versions as they are. The parts are those of `verso_segment::placeables`.
/// - For a list item in a XEP's revision history ([`Place::RevisionHistory`]: nested under
///   `Version 2.5.0 of XEP-0030 (…)` with signed entries such as `(pep)`), yes: the entry
///   (`Fix the XML Schema to match examples. (egp)`, or an unsigned one of the same remark) is
///   a quotation of the XEP's English changelog, which translators may keep as they keep the
///   XEP's title.
/// - No for front-matter values and for prose elsewhere: a sentence left in English
///   (`Fix the XML Schema to match examples. (egp)` outside a revision history, or
///   `Last Call for comments on XEP-0421 (…)`, five words of prose) is work left undone, so it
///   stays untranslated.
///
/// ```
/// use verso_segment::Kind;
/// use verso_import::{Place, same_text_is_translation};
/// let text = Place::Text;
/// assert!(same_text_is_translation(Kind::Heading, "Videos", text));
/// assert!(same_text_is_translation(Kind::ListItem, "[Mellium Co-op](https://opencollective.com/mellium)", text));
/// // References: a XEP with its version and title, a link with a label.
/// assert!(same_text_is_translation(Kind::ListItem, "Version 2.5.0 of XEP-0030 (Service Discovery)", text));
/// assert!(same_text_is_translation(
///     Kind::ListItem,
///     "Version 0.2.0 of [XEP-0272](https://xmpp.org/extensions/xep-0272.html) (Multiparty Jingle (Muji))",
///     text,
/// ));
/// assert!(same_text_is_translation(Kind::ListItem, "English (original): [xmpp.org](https://xmpp.org/categories/newsletter/)", text));
/// // Prose: nothing referred to, or more than 3 words left.
/// assert!(!same_text_is_translation(Kind::ListItem, "Fix various invalid examples.", text));
/// assert!(!same_text_is_translation(Kind::ListItem, "Add schema.", text));
/// assert!(!same_text_is_translation(Kind::ListItem, "Remove the dependency on XEP-0422 Message Fastening", text));
/// assert!(!same_text_is_translation(
///     Kind::ListItem,
///     "Last Call for comments on [XEP-0424](https://xmpp.org/extensions/xep-0424.html) (Message Retraction).",
///     text,
/// ));
/// assert!(!same_text_is_translation(Kind::FrontMatter, "The XMPP Newsletter August 2024", text));
/// // A XEP's changelog entry, quoted under its version line: kept in English, it is translated.
/// let history = Place::RevisionHistory;
/// assert!(same_text_is_translation(Kind::ListItem, "Fix the XML Schema to match examples. (egp)", history));
/// assert!(!same_text_is_translation(Kind::ListItem, "Fix the XML Schema to match examples. (egp)", text));
/// ```
pub fn same_text_is_translation(kind: Kind, text: &str, place: Place) -> bool {
    match kind {
        Kind::Heading | Kind::TableCell | Kind::Alt | Kind::LinkTitle | Kind::Shortcode => true,
        Kind::FrontMatter => false,
        Kind::Paragraph | Kind::ListItem | Kind::Quote => {
            (kind == Kind::ListItem && place == Place::RevisionHistory)
                || evidence::reference_only(text)
        }
    }
}

/// The `date` of a document's front matter (`date: 2024-11-05`, `date = 2024-11-05T10:00:00Z`),
/// as `YYYY-MM-DD`: a translated file is sometimes named after another day than its English.
///
/// ```
/// let source = "---\ntitle: La lettre\ndate: 2024-11-05\n---\n\nTexte.\n";
/// assert_eq!(verso_import::front_matter_date(source), Some("2024-11-05"));
/// ```
pub fn front_matter_date(source: &str) -> Option<&str> {
    let mut lines = source.lines();
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    for line in lines {
        if line.trim_end() == fence {
            return None;
        }
        let Some(rest) = line.strip_prefix("date") else {
            continue;
        };
        let value = rest.trim_start().strip_prefix([':', '='])?.trim();
        let value = value.trim_start_matches(['"', '\'']);
        let date = value.get(..10)?;
        let well_formed = date.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
        return well_formed.then_some(date);
    }
    None
}

/// How much two documents share, from 0 to 1: the Jaccard index of their link, image and
/// shortcode destinations (normalised as the alignment compares them). Translators keep those,
/// so a translated file shares most of them with its own English issue and few with others.
pub fn likeness(english: &Document, translated: &Document) -> f32 {
    let destinations = |document: &Document| {
        let mut all: Vec<String> = document
            .units()
            .iter()
            .flat_map(|unit| evidence::Evidence::of(&unit.text).tokens)
            .filter(|t| t.starts_with("L:") || t.starts_with("I:") || t.starts_with("S:"))
            .filter(|t| t != "L:#")
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let (a, b) = (destinations(english), destinations(translated));
    let common = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f32 / union as f32
    }
}

/// Writes the pairs of `alignment` (of `english` and `translated`) into `store`, which must be
/// in step with `english` (as `verso sync` leaves it). `file` names the translated file in
/// `origin`. Returns the new store and what happened; importing the same file again changes
/// nothing.
pub fn import(
    store: &Store,
    english: &Document,
    translated: &Document,
    alignment: &Alignment,
    file: &str,
    force: bool,
) -> (Store, Summary) {
    let origin = format!("import:{file}");
    let mut out = store.clone();
    let mut summary = Summary {
        english_units: english.units().len(),
        ..Summary::default()
    };
    let e = english.units();
    let t = translated.units();
    let places = places(english);
    for link in &alignment.links {
        match link {
            Link::English(i) => summary.unmatched.push(UnitRef::of(&e[*i])),
            Link::Translated(j) => {
                let unit = &t[*j];
                summary.extra.push(UnitRef::of(unit));
                let kept = out
                    .obsolete
                    .iter()
                    .any(|o| o.id == unit.id && o.target == unit.text);
                if !kept {
                    let mut entry = Entry::new(unit.id.clone(), unit.kind, "");
                    entry.state = State::Translated;
                    entry.target = unit.text.clone();
                    entry.origin = Some(origin.clone());
                    entry.note =
                        Some("import: text of the translated file with no English partner".into());
                    out.obsolete.push(entry);
                    summary.changed += 1;
                }
            }
            Link::Pair {
                english: english_units,
                translated: translated_units,
                confidence,
                ..
            } => {
                let unit = &e[english_units[0]];
                let separator = if unit.kind.is_multiline() {
                    "\n\n"
                } else {
                    " "
                };
                let target = translated_units
                    .iter()
                    .map(|&j| t[j].text.as_str())
                    .collect::<Vec<_>>()
                    .join(separator);
                let note = match confidence {
                    Confidence::Confident => None,
                    Confidence::Weak(weakness) => Some(weakness.note()),
                };
                if note.is_none()
                    && normalize_whitespace(&target) == normalize_whitespace(&unit.text)
                    && !same_text_is_translation(unit.kind, &unit.text, places[english_units[0]])
                {
                    summary.left_in_english += 1;
                    continue;
                }
                match note {
                    None => summary.translated += 1,
                    Some(_) => summary.weak += english_units.len(),
                }
                let Some(entry) = out.get_mut(&unit.id) else {
                    // The store is behind the English: nothing to write into.
                    continue;
                };
                if entry.target == target {
                    continue;
                }
                if entry.has_target() && !(force && entry.state == State::Untranslated) {
                    summary.conflicts.push(Conflict {
                        unit: UnitRef::of(unit),
                        state: entry.state,
                        existing: entry.target.clone(),
                        imported: target,
                    });
                    continue;
                }
                entry.target = target;
                entry.origin = Some(origin.clone());
                entry.previous = None;
                match note {
                    None => {
                        entry.state = State::Translated;
                        entry.note = None;
                    }
                    Some(note) => {
                        entry.state = State::Fuzzy;
                        entry.note = Some(note.to_string());
                    }
                }
                summary.changed += 1;
            }
        }
    }
    (out, summary)
}
