//! Bringing a store up to date with its English issue, and the translation memory.
//!
//! [`update`] carries entries by id, matches changed units to their old version (fuzzy),
//! restores obsolete entries whose unit came back, and retires the translations whose unit
//! vanished. [`Memory::fill`] then fills untranslated entries with exact repeats from other
//! issues. Neither ever drops a translation: every target of the old store ends up in a unit or
//! in the obsolete list.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use verso_segment::{Kind, Unit};
use verso_store::{Entry, State, Store, Suggestion};
use verso_text::{normalize_whitespace, ratio, similarity_bound, tokens};

/// How alike (0 to 1, see [`verso_text::similarity`]) a changed unit must stay to its old
/// version for the old translation to be kept as fuzzy, unless `verso.toml` says otherwise.
pub const DEFAULT_FUZZY_THRESHOLD: f32 = 0.5;

/// How alike (0 to 1, as [`verso_text::similarity`]) an earlier English must be to an
/// untranslated unit's for its translation to be offered as a suggestion.
pub const DEFAULT_SUGGEST_THRESHOLD: f32 = 0.8;

/// What [`update`] and [`Memory::fill`] did to one store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Units found under the same id: their translation and state are kept.
    pub kept: usize,
    /// Changed units matched to their old version: the old translation is kept, as fuzzy.
    pub fuzzy: usize,
    /// Units seen for the first time (some then filled from memory).
    pub new: usize,
    /// Untranslated units filled with an exact repeat from another issue.
    pub filled: usize,
    /// Untranslated units offered a suggestion (an earlier translation of a similar English).
    pub suggested: usize,
    /// Obsolete entries brought back because their unit reappeared.
    pub restored: usize,
    /// Translations whose unit vanished, moved to the obsolete list.
    pub retired: usize,
}

impl Changes {
    /// Whether the store needs no change (entries kept by id do not count).
    pub fn is_empty(&self) -> bool {
        self.fuzzy + self.new + self.filled + self.restored + self.retired == 0
    }
}

/// Brings `old` up to date with `units` (the English issue's units, in order).
///
/// - A unit whose id is in the store keeps its entry (state, target, previous, origin).
/// - A unit whose id is only in the obsolete list gets that entry back.
/// - Otherwise the unit is matched against the old entries left over that have a target: same
///   kind, `similar` ratio of at least `threshold`, preferring old entries between the same
///   unchanged neighbours, then the most similar. A match becomes fuzzy, with the old
///   translation and, as `previous`, the English it was translated from.
/// - Other units start untranslated.
/// - Left-over old entries with a target move to the obsolete list; those without are dropped,
///   as there is nothing to keep.
///
/// ```
/// use verso_segment::{Document, Options};
/// use verso_store::{State, Store};
///
/// let units = |text: &str| Document::parse(text, &Options::default()).unwrap().units().to_vec();
/// let (mut store, _) = verso_sync::update(&Store::new("fr", "en/x.md"), &units("Hello world.\n"), 0.5);
/// store.units[0].target = "Bonjour le monde.".into();
/// store.units[0].state = State::Translated;
///
/// let (store, changes) = verso_sync::update(&store, &units("Hello, world.\n"), 0.5);
/// assert_eq!(changes.fuzzy, 1);
/// assert_eq!(store.units[0].state, State::Fuzzy);
/// assert_eq!(store.units[0].previous.as_deref(), Some("Hello world."));
/// assert_eq!(store.units[0].target, "Bonjour le monde.");
/// ```
pub fn update(old: &Store, units: &[Unit], threshold: f32) -> (Store, Changes) {
    if old.units.is_empty() && old.obsolete.is_empty() {
        // A new store (a first sync): every unit is new, and there is nothing to match.
        let store = Store {
            language: old.language.clone(),
            issue_path: old.issue_path.clone(),
            units: units
                .iter()
                .map(|unit| Entry::new(unit.id.clone(), unit.kind, unit.text.clone()))
                .collect(),
            obsolete: Vec::new(),
        };
        let changes = Changes {
            new: units.len(),
            ..Changes::default()
        };
        return (store, changes);
    }
    let mut changes = Changes::default();
    let old_index: HashMap<&str, usize> = old
        .units
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut used = vec![false; old.units.len()];
    let mut obsolete = old.obsolete.clone();
    let mut entries: Vec<Option<Entry>> = vec![None; units.len()];
    // For each unit carried by id, the index of its old entry: the anchors of the matching.
    let mut anchor: Vec<Option<usize>> = vec![None; units.len()];

    for (i, unit) in units.iter().enumerate() {
        if let Some(&j) = old_index.get(unit.id.as_str()) {
            let mut entry = old.units[j].clone();
            refresh(&mut entry, unit);
            entries[i] = Some(entry);
            anchor[i] = Some(j);
            used[j] = true;
            changes.kept += 1;
        } else if let Some(k) = obsolete.iter().rposition(|e| e.id == unit.id) {
            let mut entry = obsolete.remove(k);
            refresh(&mut entry, unit);
            entries[i] = Some(entry);
            changes.restored += 1;
        }
    }

    // Changed units: pair the rest of the units with the rest of the translated old entries.
    let candidates: Vec<usize> = (0..old.units.len())
        .filter(|&j| !used[j] && old.units[j].has_target())
        .collect();
    let fresh: Vec<usize> = (0..units.len()).filter(|&i| entries[i].is_none()).collect();
    for (i, j) in match_changed(old, units, &fresh, &candidates, &anchor, threshold) {
        let before = &old.units[j];
        let unit = &units[i];
        let previous = match before.state {
            State::Fuzzy => before.previous.clone().unwrap_or(before.english.clone()),
            _ => before.english.clone(),
        };
        let mut entry = before.clone();
        entry.id = unit.id.clone();
        entry.kind = unit.kind;
        entry.english = unit.text.clone();
        if previous == unit.text {
            // The English went back to the text that was translated.
            entry.state = State::Translated;
            entry.previous = None;
        } else {
            entry.state = State::Fuzzy;
            entry.previous = Some(previous);
        }
        entries[i] = Some(entry);
        used[j] = true;
        changes.fuzzy += 1;
    }

    let units_out: Vec<Entry> = entries
        .into_iter()
        .zip(units)
        .map(|(entry, unit)| {
            entry.unwrap_or_else(|| {
                changes.new += 1;
                Entry::new(unit.id.clone(), unit.kind, unit.text.clone())
            })
        })
        .collect();

    for (j, entry) in old.units.iter().enumerate() {
        if !used[j] && entry.has_target() {
            let already = obsolete
                .iter()
                .any(|o| o.id == entry.id && o.target == entry.target);
            if !already {
                obsolete.push(entry.clone());
            }
            changes.retired += 1;
        }
    }

    let store = Store {
        language: old.language.clone(),
        issue_path: old.issue_path.clone(),
        units: units_out,
        obsolete,
    };
    (store, changes)
}

/// Whether [`update`] would give `old` back unchanged: each unit has the entry of its id at its
/// own place, with the unit's kind and English, and nothing to refresh (no fuzzy entry whose
/// English went back to its `previous`, no done entry that still has one). A caller can then
/// keep `old` as the updated store without copying it (every unit counts as `kept`). Reads
/// nothing but the two lists, and allocates nothing.
///
/// ```
/// use verso_segment::{Document, Options};
/// use verso_store::Store;
///
/// let units = |text: &str| Document::parse(text, &Options::default()).unwrap().units().to_vec();
/// let (store, _) = verso_sync::update(&Store::new("fr", "en/x.md"), &units("Hello world.\n"), 0.5);
/// assert!(verso_sync::is_current(&store, &units("Hello world.\n")));
/// assert!(!verso_sync::is_current(&store, &units("Hello, world.\n")));
/// ```
pub fn is_current(old: &Store, units: &[Unit]) -> bool {
    old.units.len() == units.len()
        && old.units.iter().zip(units).all(|(entry, unit)| {
            entry.id == unit.id
                && entry.kind == unit.kind
                && entry.english == unit.text
                && !(entry.state == State::Fuzzy && entry.previous.as_deref() == Some(&unit.text))
                && !(entry.state.is_done() && entry.previous.is_some())
        })
}

/// Takes the unit's current text and kind; the id may differ in whitespace only.
fn refresh(entry: &mut Entry, unit: &Unit) {
    entry.id = unit.id.clone();
    entry.kind = unit.kind;
    entry.english = unit.text.clone();
    if entry.state == State::Fuzzy && entry.previous.as_deref() == Some(unit.text.as_str()) {
        entry.state = State::Translated;
        entry.previous = None;
    }
    if entry.state.is_done() {
        // The translator cleared the fuzzy unit: the old English no longer says anything.
        entry.previous = None;
    }
}

/// Pairs (unit index, old entry index) of changed units and their old version.
fn match_changed(
    old: &Store,
    units: &[Unit],
    fresh: &[usize],
    candidates: &[usize],
    anchor: &[Option<usize>],
    threshold: f32,
) -> Vec<(usize, usize)> {
    if fresh.is_empty() || candidates.is_empty() {
        return Vec::new();
    }
    // The old entries between the anchors around each unit form its gap.
    let mut before = vec![None; units.len()];
    let mut last = None;
    for i in 0..units.len() {
        before[i] = last;
        if anchor[i].is_some() {
            last = anchor[i];
        }
    }
    let mut after = vec![None; units.len()];
    let mut next = None;
    for i in (0..units.len()).rev() {
        after[i] = next;
        if anchor[i].is_some() {
            next = anchor[i];
        }
    }

    struct Pair {
        ratio: f32,
        distance: usize,
        unit: usize,
        entry: usize,
    }
    let mut unit_taken = vec![false; units.len()];
    let mut entry_taken = vec![false; old.units.len()];
    let mut matched = Vec::new();
    // First the old entries between the same unchanged neighbours, then, for what is left,
    // the others (a unit that moved and changed). Diffs are only computed where needed.
    for in_gap in [true, false] {
        let mut pairs = Vec::new();
        for &i in fresh.iter().filter(|&&i| !unit_taken[i]) {
            let unit = &units[i];
            for &j in candidates.iter().filter(|&&j| !entry_taken[j]) {
                let entry = &old.units[j];
                let gap = before[i].is_none_or(|b| b < j) && after[i].is_none_or(|a| j < a);
                if gap != in_gap || entry.kind != unit.kind {
                    continue;
                }
                let (a, b) = tokens(&entry.english, &unit.text);
                if similarity_bound(&a, &b) < threshold {
                    continue;
                }
                let ratio = ratio(&a, &b);
                if ratio < threshold {
                    continue;
                }
                // Where the unit would sit in the old store, to break ties by position.
                let expected = before[i].map_or(0, |b| b + 1);
                pairs.push(Pair {
                    ratio,
                    distance: expected.abs_diff(j),
                    unit: i,
                    entry: j,
                });
            }
        }
        pairs.sort_by(|a, b| {
            b.ratio
                .total_cmp(&a.ratio)
                .then(a.distance.cmp(&b.distance))
                .then(a.unit.cmp(&b.unit))
                .then(a.entry.cmp(&b.entry))
        });
        for pair in pairs {
            if !unit_taken[pair.unit] && !entry_taken[pair.entry] {
                unit_taken[pair.unit] = true;
                entry_taken[pair.entry] = true;
                matched.push((pair.unit, pair.entry));
            }
        }
    }
    matched
}

/// Translations of one language by English text, from every store of that language: exact
/// repeats fill untranslated entries, similar texts give suggestions. Built once per language
/// and run, then only read: an exact lookup is one hash of the normalized English and a binary
/// search among the issues that translated it, however large the archive grows.
///
/// Suggestions must stay cheap on the whole archive (80 issues of some 7,000 units each):
/// every English text is indexed by its words, a lookup only looks at the texts that share one
/// of the query's rarest words and have a length within reach of the threshold, and only those
/// whose cheap bound ([`similarity_bound`]) reaches the threshold get a diff.
#[derive(Debug, Default)]
pub struct Memory {
    /// Normalized English -> (issue, translation), issues in ascending order.
    entries: HashMap<String, Vec<(String, String)>>,
    /// Every English text once (normalized, as first seen, and its length in characters), by
    /// the index in `words`.
    texts: Vec<(String, String, usize)>,
    /// Word (lowercased) -> indexes into `texts`.
    words: HashMap<String, Vec<u32>>,
}

/// How many of the query's rarest words pick the candidates of a suggestion.
const RAREST_WORDS: usize = 4;

/// The words a text is indexed by: lowercased runs of letters and digits
/// (`char::is_alphanumeric`), sorted, each once. A word already in lower case, as most are, is
/// borrowed rather than copied; ASCII bytes are told apart without decoding a character.
fn words(text: &str) -> Vec<Cow<'_, str>> {
    let bytes = text.as_bytes();
    let mut words: Vec<Cow<'_, str>> = Vec::with_capacity(bytes.len() / 5 + 1);
    // The word being read: where it starts, and whether it needs lowercasing (it has an upper
    // case ASCII letter or a character that is not ASCII).
    let mut word: Option<(usize, bool)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let (alphanumeric, length, unusual) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1, byte.is_ascii_uppercase())
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            (c.is_alphanumeric(), c.len_utf8(), true)
        };
        match (alphanumeric, &mut word) {
            (true, None) => word = Some((at, unusual)),
            (true, Some((_, lower))) => *lower |= unusual,
            (false, Some((start, lower))) => {
                words.push(lowercase(&text[*start..at], *lower));
                word = None;
            }
            (false, None) => {}
        }
        at += length;
    }
    if let Some((start, lower)) = word {
        words.push(lowercase(&text[start..], lower));
    }
    words.sort_unstable();
    words.dedup();
    words
}

fn lowercase(word: &str, needed: bool) -> Cow<'_, str> {
    match needed {
        true => Cow::Owned(word.to_lowercase()),
        false => Cow::Borrowed(word),
    }
}

impl Memory {
    /// An empty memory.
    pub fn new() -> Memory {
        Memory::default()
    }

    /// Adds the translated and reviewed entries of an issue's store.
    pub fn add(&mut self, issue: &str, store: &Store) {
        for entry in &store.units {
            if !entry.state.is_done() || !entry.has_target() {
                continue;
            }
            let key = normalize_whitespace(&entry.english);
            // One hash of the key for a text already known (most are: boilerplate); a new
            // text is indexed by its words, each copied only the first time it is seen.
            let list = match self.entries.get_mut(key.as_str()) {
                Some(list) => list,
                None => {
                    let at = self.texts.len() as u32;
                    for word in words(&key) {
                        match self.words.get_mut(word.as_ref()) {
                            Some(list) => list.push(at),
                            None => {
                                self.words.insert(word.into_owned(), vec![at]);
                            }
                        }
                    }
                    let length = key.chars().count();
                    self.texts
                        .push((key.clone(), entry.english.clone(), length));
                    self.entries.entry(key).or_default()
                }
            };
            // The list is sorted by issue: a binary search, so that adding every store of a
            // large archive stays linear in its size even for boilerplate in every issue.
            let at = list.partition_point(|(i, _)| i.as_str() < issue);
            if list.get(at).is_some_and(|(i, _)| i == issue) {
                continue;
            }
            list.insert(at, (issue.to_string(), entry.target.clone()));
        }
    }

    /// The translation of `english` in another issue than `issue`: from the latest issue before
    /// it, or else from the earliest after it.
    pub fn lookup(&self, english: &str, issue: &str) -> Option<(&str, &str)> {
        if self.texts.is_empty() {
            return None;
        }
        self.lookup_normalized(&normalize_whitespace(english), issue)
    }

    fn lookup_normalized(&self, key: &str, issue: &str) -> Option<(&str, &str)> {
        let list = self.entries.get(key)?;
        let at = list.partition_point(|(i, _)| i.as_str() < issue);
        let before = list[..at].last();
        let after = list[at..].iter().find(|(i, _)| i != issue);
        before
            .or(after)
            .map(|(i, target)| (i.as_str(), target.as_str()))
    }

    /// The best earlier translation (from an issue before `issue`) of an English text at least
    /// `threshold` alike to `english` (but not equal to it): the most alike, from the latest
    /// issue that has it.
    pub fn suggest(&self, english: &str, issue: &str, threshold: f32) -> Option<Suggestion> {
        if self.texts.is_empty() {
            return None;
        }
        self.suggest_normalized(&normalize_whitespace(english), issue, threshold)
    }

    fn suggest_normalized(&self, key: &str, issue: &str, threshold: f32) -> Option<Suggestion> {
        let mut rare: Vec<&Vec<u32>> = words(key)
            .iter()
            .filter_map(|w| self.words.get(w.as_ref()))
            .collect();
        rare.sort_by_key(|list| list.len());
        let mut candidates: Vec<u32> = rare
            .into_iter()
            .take(RAREST_WORDS)
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // Two texts of lengths a <= b are at most 2a / (a + b) alike.
        let reach = threshold / (2.0 - threshold);
        let length = key.chars().count() as f32;
        let mut best: Option<(f32, &str, &str, &str)> = None;
        for at in candidates {
            let (text, original, other) = &self.texts[at as usize];
            let other = *other as f32;
            if other.min(length) < reach * other.max(length) || *text == key {
                continue;
            }
            let (a, b) = tokens(key, text);
            if similarity_bound(&a, &b) < threshold {
                continue;
            }
            let alike = ratio(&a, &b);
            if alike < threshold || best.is_some_and(|(b, ..)| alike <= b) {
                continue;
            }
            let earlier = self
                .entries
                .get(text)
                .and_then(|list| list[..list.partition_point(|(i, _)| i.as_str() < issue)].last());
            if let Some((origin, target)) = earlier {
                best = Some((alike, original, target, origin));
            }
        }
        best.map(|(_, english, target, origin)| Suggestion {
            english: english.to_string(),
            target: target.to_string(),
            origin: origin.to_string(),
        })
    }

    /// Fills the untranslated entries of `store` (those without a draft) from memory, and
    /// offers the others a suggestion at least `suggest_threshold` alike (entries that are not
    /// untranslated lose theirs). Returns how many were filled and how many have a suggestion.
    pub fn fill(&self, store: &mut Store, issue: &str, suggest_threshold: f32) -> (usize, usize) {
        let filled = self.fill_store(store, issue, suggest_threshold);
        (filled.filled, filled.suggested)
    }

    /// [`Memory::fill`], also telling whether it changed the store at all (a suggestion given,
    /// replaced or taken away counts), so that a caller need not keep a copy to compare.
    pub fn fill_store(&self, store: &mut Store, issue: &str, suggest_threshold: f32) -> Filled {
        let mut out = Filled::default();
        for entry in &mut store.units {
            if entry.state != State::Untranslated || self.texts.is_empty() {
                // An empty memory has nothing to fill or suggest.
                out.changed |= entry.suggestion.take().is_some();
                continue;
            }
            // Normalized once for the lookup and the suggestion.
            let key = normalize_whitespace(&entry.english);
            if !entry.has_target() && entry.kind != Kind::FrontMatter {
                // Front matter is never filled: titles name their month; a repeat is a
                // coincidence, not boilerplate.
                if let Some((origin, target)) = self.lookup_normalized(&key, issue) {
                    entry.target = target.to_string();
                    entry.state = State::Translated;
                    entry.origin = Some(origin.to_string());
                    entry.suggestion = None;
                    out.filled += 1;
                    out.changed = true;
                    continue;
                }
            }
            let suggestion = self
                .suggest_normalized(&key, issue, suggest_threshold)
                .map(Box::new);
            if suggestion.is_some() {
                out.suggested += 1;
            }
            if entry.suggestion != suggestion {
                entry.suggestion = suggestion;
                out.changed = true;
            }
        }
        out
    }
}

/// What [`Memory::fill_store`] did to a store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filled {
    /// Untranslated entries filled with an exact repeat.
    pub filled: usize,
    /// Untranslated entries that have a suggestion.
    pub suggested: usize,
    /// Whether any entry changed (filled, or its suggestion given, replaced or removed).
    pub changed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_agree_with_their_plain_definition() {
        let plain = |text: &str| {
            let mut words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            words.sort();
            words.dedup();
            words
        };
        let pieces = [
            "",
            " ",
            "a",
            "Z",
            "9",
            "é",
            "É",
            "ß",
            "İ",
            "’",
            "-",
            "_",
            "\u{0663}",
            "ǅ",
            "Ⅻ",
            "\u{1F600}",
            "\u{300}",
            "x\u{300}",
            "\n",
            "\u{a0}",
            "XMPP",
            "xmpp",
            "Dino",
            "0.9",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}");
                    let fast: Vec<String> = words(&text).into_iter().map(Cow::into_owned).collect();
                    assert_eq!(fast, plain(&text), "{text:?}");
                }
            }
        }
    }
    use verso_segment::{Document, Options};

    fn units(markdown: &str) -> Vec<Unit> {
        Document::parse(markdown, &Options::default())
            .unwrap()
            .units()
            .to_vec()
    }

    /// A store of `markdown` with every unit translated as `fr(text)`.
    fn translated(markdown: &str) -> Store {
        let (mut store, _) = update(&Store::new("fr", "en/x.md"), &units(markdown), 0.5);
        for entry in &mut store.units {
            entry.target = format!("fr({})", entry.english);
            entry.state = State::Translated;
        }
        store
    }

    const V1: &str = "# Welcome\n\nThe first paragraph stays as it is.\n\n\
        The second paragraph talks about Conversations and Dino.\n\n\
        - one item\n- two item\n\nA paragraph that will vanish entirely.\n";

    #[test]
    fn unchanged_units_keep_their_translation() {
        let store = translated(V1);
        let (again, changes) = update(&store, &units(V1), 0.5);
        assert_eq!(again, store);
        assert_eq!(changes.kept, store.units.len());
        assert!(changes.is_empty());
    }

    #[test]
    fn edited_units_become_fuzzy_with_their_previous_source() {
        let store = translated(V1);
        let v2 = V1
            .replace(
                "talks about Conversations and Dino",
                "talks about Conversations, Dino and Gajim",
            )
            .replace("- two item", "- two items")
            .replace("A paragraph that will vanish entirely.\n", "");
        let (store2, changes) = update(&store, &units(&v2), 0.5);
        assert_eq!(
            changes,
            Changes {
                kept: 3,
                fuzzy: 2,
                retired: 1,
                ..Changes::default()
            }
        );
        let para = &store2.units[2];
        assert_eq!(para.state, State::Fuzzy);
        assert_eq!(
            para.english,
            "The second paragraph talks about Conversations, Dino and Gajim."
        );
        assert_eq!(
            para.previous.as_deref(),
            Some("The second paragraph talks about Conversations and Dino.")
        );
        assert_eq!(
            para.target,
            "fr(The second paragraph talks about Conversations and Dino.)"
        );
        assert_eq!(store2.units[4].previous.as_deref(), Some("two item"));
        // The vanished paragraph's translation is kept.
        assert_eq!(store2.obsolete.len(), 1);
        assert_eq!(
            store2.obsolete[0].target,
            "fr(A paragraph that will vanish entirely.)"
        );

        // A second edit keeps the English the translation was made from.
        let v3 = v2.replace("Dino and Gajim", "Dino, Gajim and Monal");
        let (store3, _) = update(&store2, &units(&v3), 0.5);
        assert_eq!(
            store3.units[2].previous.as_deref(),
            Some("The second paragraph talks about Conversations and Dino.")
        );
        // Going back to the translated text makes it translated again.
        let (store4, _) = update(&store3, &units(V1), 0.5);
        assert_eq!(store4.units[2].state, State::Translated);
        assert_eq!(store4.units[2].previous, None);
        // …and the vanished paragraph comes back from the obsolete list.
        assert_eq!(
            store4.units[5].target,
            "fr(A paragraph that will vanish entirely.)"
        );
        assert!(store4.obsolete.is_empty());
    }

    #[test]
    fn a_fuzzy_unit_cleared_by_the_translator_loses_its_previous() {
        let store = translated(V1);
        let v2 = V1.replace("- two item", "- two items");
        let (mut store2, _) = update(&store, &units(&v2), 0.5);
        assert_eq!(store2.units[4].previous.as_deref(), Some("two item"));
        store2.units[4].state = State::Translated;
        store2.units[4].target = "fr(two items)".into();
        let (store3, changes) = update(&store2, &units(&v2), 0.5);
        assert_eq!(store3.units[4].previous, None);
        assert_eq!(store3.units[4].state, State::Translated);
        assert!(changes.is_empty());
        // Still fuzzy: the previous English stays.
        let (fuzzy, _) = update(&store, &units(&v2), 0.5);
        let (fuzzy_again, _) = update(&fuzzy, &units(&v2), 0.5);
        assert_eq!(fuzzy_again.units[4].previous.as_deref(), Some("two item"));
    }

    #[test]
    fn unrelated_rewrites_are_new_and_the_old_translation_is_retired() {
        let store = translated(V1);
        let v2 = V1.replace(
            "The second paragraph talks about Conversations and Dino.",
            "Completely different words here, nothing shared at all.",
        );
        let (store2, changes) = update(&store, &units(&v2), 0.5);
        assert_eq!((changes.fuzzy, changes.new, changes.retired), (0, 1, 1));
        assert_eq!(store2.units[2].state, State::Untranslated);
        assert!(store2.obsolete[0].target.contains("Conversations and Dino"));
    }

    #[test]
    fn position_decides_between_similar_candidates() {
        let v1 = "- [Movim](https://mov.im/a)\n- [Monal](https://monal.im/a)\n- [Dino](https://dino.im/a)\n\nEnd.\n";
        let store = translated(v1);
        // Two neighbouring items change their links the same way.
        let v2 = v1
            .replace("mov.im/a", "mov.im/b")
            .replace("dino.im/a", "dino.im/b");
        let (store2, changes) = update(&store, &units(&v2), 0.5);
        assert_eq!(changes.fuzzy, 2);
        assert_eq!(
            store2.units[0].previous.as_deref(),
            Some("[Movim](https://mov.im/a)")
        );
        assert_eq!(
            store2.units[2].previous.as_deref(),
            Some("[Dino](https://dino.im/a)")
        );
    }

    #[test]
    fn memory_fills_exact_repeats_from_the_nearest_earlier_issue() {
        let mut memory = Memory::new();
        let mut older = translated("Thanks to all our translators!\n");
        older.units[0].target = "Merci (old)".into();
        memory.add("2026-01-05-newsletter", &older);
        let mut newer = translated("Thanks to all  our\ntranslators!\n");
        newer.units[0].target = "Merci (newer)".into();
        memory.add("2026-03-05-newsletter", &newer);
        let later = translated("Thanks to all our translators!\n");
        memory.add("2026-09-05-newsletter", &later);

        let (mut store, _) = update(
            &Store::new("fr", "x"),
            &units("Thanks to all our translators!\n\nSomething new.\n"),
            0.5,
        );
        assert_eq!(
            memory.fill(&mut store, "2026-04-05-newsletter", 0.8),
            (1, 0)
        );
        let entry = &store.units[0];
        assert_eq!(entry.state, State::Translated);
        assert_eq!(entry.target, "Merci (newer)");
        assert_eq!(entry.origin.as_deref(), Some("2026-03-05-newsletter"));
        assert_eq!(store.units[1].state, State::Untranslated);
        // With nothing earlier, a later issue is used; the issue itself never is.
        let (mut first, _) = update(
            &Store::new("fr", "x"),
            &units("Thanks to all our translators!\n"),
            0.5,
        );
        memory.fill(&mut first, "2025-12-05-newsletter", 0.8);
        assert_eq!(
            first.units[0].origin.as_deref(),
            Some("2026-01-05-newsletter")
        );
        let mut memory = Memory::new();
        memory.add("2026-09-05-newsletter", &later);
        let (mut own, _) = update(
            &Store::new("fr", "x"),
            &units("Thanks to all our translators!\n"),
            0.5,
        );
        assert_eq!(memory.fill(&mut own, "2026-09-05-newsletter", 0.8), (0, 0));
    }

    #[test]
    fn drafts_are_never_overwritten_or_dropped() {
        let (mut store, _) = update(&Store::new("fr", "x"), &units(V1), 0.5);
        store.units[2].target = "brouillon".into(); // a draft, still untranslated
        let mut memory = Memory::new();
        memory.add("other", &translated(V1));
        assert_eq!(memory.fill(&mut store, "x", 0.8).0, 5);
        assert_eq!(store.units[2].target, "brouillon");
        // The draft's unit vanishes: the draft is retired, not dropped.
        let v2 = V1.replace(
            "The second paragraph talks about Conversations and Dino.\n\n",
            "",
        );
        let (store2, changes) = update(&store, &units(&v2), 0.5);
        assert_eq!(changes.retired, 1);
        assert!(store2.obsolete.iter().any(|e| e.target == "brouillon"));
    }

    #[test]
    fn a_similar_earlier_english_gives_a_suggestion_never_a_target() {
        let mut memory = Memory::new();
        let mut march = translated(
            "Thanks to all our translators and writers!\n\nNo XEP was deferred this month.\n",
        );
        march.units[0].target = "Merci à nos traducteurs et rédacteurs !".into();
        memory.add("2026-03-05-newsletter", &march);
        let mut january = translated("Thanks to all our translators and writers!\n");
        january.units[0].target = "Merci (janvier)".into();
        memory.add("2026-01-05-newsletter", &january);

        let (mut store, _) = update(
            &Store::new("fr", "x"),
            &units("Thanks to all our translators and authors!\n\nSomething else entirely.\n"),
            0.5,
        );
        assert_eq!(
            memory.fill(&mut store, "2026-04-05-newsletter", 0.8),
            (0, 1)
        );
        let entry = &store.units[0];
        assert_eq!(entry.state, State::Untranslated);
        assert!(entry.target.is_empty());
        assert_eq!(
            entry.suggestion.as_deref(),
            Some(&Suggestion {
                english: "Thanks to all our translators and writers!".into(),
                target: "Merci à nos traducteurs et rédacteurs !".into(),
                origin: "2026-03-05-newsletter".into(),
            })
        );
        assert_eq!(store.units[1].suggestion, None);
        // Too high a threshold offers nothing; once translated, the suggestion goes.
        let mut strict = store.clone();
        assert_eq!(
            memory.fill(&mut strict, "2026-04-05-newsletter", 0.99),
            (0, 0)
        );
        assert_eq!(strict.units[0].suggestion, None);
        store.units[0].state = State::Translated;
        store.units[0].target = "Merci !".into();
        memory.fill(&mut store, "2026-04-05-newsletter", 0.8);
        assert_eq!(store.units[0].suggestion, None);
    }

    #[test]
    fn suggestions_find_what_a_full_scan_finds() {
        // The word index only narrows the candidates: against a scan of every text, on
        // variations of one sentence, it finds the same best similarity.
        let base = "The XMPP Standards Foundation develops extensions to XMPP in its XEP series";
        let variants = [
            base.to_string(),
            base.replace("develops", "writes"),
            base.replace("XEP series", "series of XEPs"),
            base.replace("The XMPP", "Our XMPP"),
            "Something else entirely, about clients and servers".to_string(),
        ];
        let mut memory = Memory::new();
        for (i, text) in variants.iter().enumerate() {
            let mut store = translated(&format!("{text}\n"));
            store.units[0].target = format!("t{i}");
            memory.add(&format!("2026-0{}-05-newsletter", i + 1), &store);
        }
        let query = base.replace("extensions", "extension");
        let found = memory
            .suggest(&query, "2026-09-05-newsletter", 0.8)
            .unwrap();
        let best = variants
            .iter()
            .map(|v| verso_text::similarity(&query, v))
            .fold(0.0, f32::max);
        assert_eq!(verso_text::similarity(&query, &found.english), best);
    }
}
