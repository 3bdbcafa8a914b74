//! The sequence alignment of an English unit list with a translated one.
//!
//! A Needleman-Wunsch alignment over the two lists, where a step pairs one English unit with one
//! translated unit, merges two of one side with one of the other, or leaves a unit of either side
//! alone (a gap, which costs nothing). A pair's score adds up what translators keep: the unit
//! kind (and a heading's level), placeables (link and image destinations, code, numbers,
//! shortcode sources, HTML), emphasis, the length ratio and the relative position. A second pass
//! pairs, among the units left alone, those with strong shared evidence: sections the translator
//! moved.

use std::collections::HashMap;

use verso_segment::{Document, Kind, Unit};
use verso_text::normalize_whitespace;

use crate::evidence::Evidence;

/// How sure the aligner is of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Imported as a translation.
    Confident,
    /// Imported as fuzzy, with the reason as a note for the translator.
    Weak(Weakness),
}

/// Why a pair is only weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// The evidence (kind, placeables, length, neighbours) is thin.
    LowScore,
    /// The translator merged this English unit with the next one.
    Merged,
    /// The translator split this English unit in two.
    Split,
    /// The pair stands elsewhere in the translated file than the English order says.
    Moved,
}

impl Weakness {
    /// The note written to the store entry.
    pub fn note(self) -> &'static str {
        match self {
            Weakness::LowScore => {
                "import: paired with little evidence; check that this translates the English"
            }
            Weakness::Merged => {
                "import: the translator merged this unit with the next one; the target covers both"
            }
            Weakness::Split => {
                "import: the translator split this unit in two; the target joins both parts"
            }
            Weakness::Moved => {
                "import: found out of order in the translated file; check that this translates the English"
            }
        }
    }
}

/// One step of an alignment. Indexes are into the two unit lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// English units (one, or two merged) with translated units (one, or two split).
    Pair {
        /// Indexes of the English units, in order.
        english: Vec<usize>,
        /// Indexes of the translated units, in order.
        translated: Vec<usize>,
        /// Whether the pair is imported as translated or as fuzzy.
        confidence: Confidence,
        /// What the pair adds to the alignment's score (above 0).
        score: f32,
    },
    /// An English unit with no partner.
    English(usize),
    /// A translated unit with no English partner (a translator's note, say).
    Translated(usize),
}

/// The alignment of two documents: every unit of each side is in exactly one link.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The links, in the order of both documents.
    pub links: Vec<Link>,
}

/// What the alignment looks at in a unit.
struct Profile {
    kind: Kind,
    /// `#` count of a heading, 0 otherwise.
    level: usize,
    /// Index over count, 0 to 1.
    position: f32,
    /// Characters of the prose.
    visible: f32,
    evidence: Evidence,
    /// The evidence tokens as ids, sorted: equal ids for equal tokens across both documents
    /// (see [`intern`]), so a score compares integers and allocates nothing.
    ids: Vec<u32>,
    /// How many of `ids` are numbers (`N:` tokens).
    numbers: usize,
    text: String,
}

fn profiles(document: &Document) -> Vec<Profile> {
    let units = document.units();
    let count = units.len().max(2) as f32 - 1.0;
    let mut profiles: Vec<Profile> = units
        .iter()
        .enumerate()
        .map(|(i, unit)| Profile {
            kind: unit.kind,
            level: heading_level(document.source(), unit),
            position: i as f32 / count,
            visible: 0.0,
            evidence: Evidence::of(&unit.text),
            ids: Vec::new(),
            numbers: 0,
            text: normalize_whitespace(&unit.text),
        })
        .collect();
    // Some translators start their headings one level higher or lower: levels count from the
    // document's top level.
    let top = profiles
        .iter()
        .filter(|p| p.level > 0)
        .map(|p| p.level)
        .min();
    for profile in &mut profiles {
        profile.visible = profile.evidence.visible as f32;
        if let Some(top) = top.filter(|_| profile.level > 0) {
            profile.level = profile.level + 1 - top;
        }
    }
    profiles
}

/// Numbers the evidence tokens of both documents' profiles: equal tokens get equal ids, and a
/// number token (`N:`) an odd one. Shared and differing tokens are then counted on sorted ids
/// (multiset intersection does not depend on which order both sides are sorted in).
fn intern(e: &mut [Profile], t: &mut [Profile]) {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    for profile in e.iter_mut().chain(t.iter_mut()) {
        let mut numbers = 0;
        let mut profile_ids: Vec<u32> = profile
            .evidence
            .tokens
            .iter()
            .map(|token| {
                let number = token.starts_with("N:");
                numbers += usize::from(number);
                let next = u32::try_from(ids.len()).expect("fewer than 2^31 distinct tokens");
                *ids.entry(token.as_str())
                    .or_insert((next << 1) | u32::from(number))
            })
            .collect();
        profile_ids.sort_unstable();
        profile.ids = profile_ids;
        profile.numbers = numbers;
    }
}

fn heading_level(source: &str, unit: &Unit) -> usize {
    if unit.kind != Kind::Heading {
        return 0;
    }
    let line_start = source[..unit.range.start].rfind('\n').map_or(0, |p| p + 1);
    source[line_start..unit.range.start]
        .trim_start()
        .chars()
        .take_while(|&c| c == '#')
        .count()
}

/// Score of kinds that may stand for each other: a figure caption rewritten as an image, a
/// paragraph turned into a list item.
fn kind_score(e: &Profile, t: &Profile) -> f32 {
    use Kind::*;
    if e.kind == t.kind {
        return match e.kind {
            Heading if e.level == t.level => 1.0,
            Heading => 0.4,
            _ => 0.5,
        };
    }
    match (e.kind, t.kind) {
        (Shortcode, Alt | LinkTitle) | (Alt | LinkTitle, Shortcode) => 0.0,
        (Paragraph | ListItem | Quote, Paragraph | ListItem | Quote) => -0.3,
        _ => -2.0,
    }
}

/// The sorted ids of one side of a pair (one unit, or two merged), merged without allocating.
struct SideIds<'a> {
    a: &'a [u32],
    b: &'a [u32],
}

impl<'a> SideIds<'a> {
    fn of(side: &[&'a Profile]) -> SideIds<'a> {
        match side {
            [one] => SideIds {
                a: &one.ids,
                b: &[],
            },
            [one, two] => SideIds {
                a: &one.ids,
                b: &two.ids,
            },
            _ => unreachable!("a side holds one or two units"),
        }
    }
}

impl Iterator for SideIds<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(x), Some(y)) => x <= y,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let from = if take_a { &mut self.a } else { &mut self.b };
        let (&first, rest) = from.split_first()?;
        *from = rest;
        Some(first)
    }
}

/// Shared and differing placeables of two sides, all and numbers only:
/// `(common, differ, common_numbers, differ_numbers)`.
fn agreement(a: &[&Profile], b: &[&Profile]) -> (usize, usize, usize, usize) {
    let (mut common, mut common_numbers) = (0, 0);
    let (mut left, mut right) = (SideIds::of(a), SideIds::of(b));
    let (mut x, mut y) = (left.next(), right.next());
    while let (Some(p), Some(q)) = (x, y) {
        match p.cmp(&q) {
            std::cmp::Ordering::Equal => {
                common += 1;
                common_numbers += (p & 1) as usize;
                x = left.next();
                y = right.next();
            }
            std::cmp::Ordering::Less => x = left.next(),
            std::cmp::Ordering::Greater => y = right.next(),
        }
    }
    let total = |side: &[&Profile]| side.iter().map(|p| p.ids.len()).sum::<usize>();
    let numbers = |side: &[&Profile]| side.iter().map(|p| p.numbers).sum::<usize>();
    (
        common,
        total(a) + total(b) - 2 * common,
        common_numbers,
        numbers(a) + numbers(b) - 2 * common_numbers,
    )
}

/// Translations run a little longer than their English.
const EXPANSION: f32 = 1.1;

fn content_score(english: &[&Profile], translated: &[&Profile]) -> (f32, usize, usize) {
    // Numbers are weaker evidence than links, code or shortcodes: translators spell out "2nd"
    // and turn "7:00 PM" into "19:00".
    let (common, differ, common_numbers, differ_numbers) = agreement(english, translated);
    let strong_common = (common - common_numbers) as f32 + 0.5 * common_numbers as f32;
    let strong_differ = (differ - differ_numbers) as f32 + 0.5 * differ_numbers as f32;
    let mut score = strong_common.min(4.0) * 0.6 - strong_differ.min(6.0) * 0.35;
    let emphasis = |side: &[&Profile]| side.iter().map(|p| p.evidence.emphasis).sum::<usize>();
    score -= (emphasis(english).abs_diff(emphasis(translated)) as f32 * 0.05).min(0.15);
    let length = |side: &[&Profile]| side.iter().map(|p| p.visible).sum::<f32>();
    let ratio = ((length(translated) + 20.0) / (length(english) + 20.0)).ln() - EXPANSION.ln();
    score -= (1.5 * (ratio.abs() - 0.35).max(0.0)).min(1.2);
    let position = |side: &[&Profile]| side[0].position;
    score -= (position(english) - position(translated)).abs();
    (score, common, differ)
}

/// The score of pairing one English unit with one translated unit.
fn pair_score(e: &Profile, t: &Profile) -> f32 {
    let mut score = kind_score(e, t) + content_score(&[e], &[t]).0;
    if e.text == t.text {
        score += 1.5;
    }
    score
}

/// The score of a merge or split: every unit of the larger side has the kind of the other.
fn merge_score(english: &[&Profile], translated: &[&Profile]) -> f32 {
    let kind = english[0].kind;
    if english.iter().chain(translated).any(|p| p.kind != kind) {
        return f32::NEG_INFINITY;
    }
    // A merge must explain more than a pair and a gap would.
    content_score(english, translated).0 + 0.2 - 0.4
}

/// Scores at or above this make a pair confident by themselves.
const CONFIDENT: f32 = 0.9;
/// A pair between two confident neighbours, or one whose absence would cost the alignment at
/// least [`MARGIN`], needs only this.
const SANDWICHED: f32 = 0.2;
const MARGIN: f32 = 0.4;

/// The scores of every pair, merge and split of two unit lists, computed once.
struct Scores {
    width: usize,
    pairs: Vec<f32>,
    merges: Vec<f32>,
    splits: Vec<f32>,
}

impl Scores {
    fn new(e: &[Profile], t: &[Profile]) -> Scores {
        let width = t.len();
        let mut scores = Scores {
            width,
            pairs: vec![f32::NEG_INFINITY; e.len() * width],
            merges: vec![f32::NEG_INFINITY; e.len() * width],
            splits: vec![f32::NEG_INFINITY; e.len() * width],
        };
        for i in 0..e.len() {
            for j in 0..width {
                scores.pairs[i * width + j] = pair_score(&e[i], &t[j]);
                if i + 1 < e.len() {
                    scores.merges[i * width + j] = merge_score(&[&e[i], &e[i + 1]], &[&t[j]]);
                }
                if j + 1 < width {
                    scores.splits[i * width + j] = merge_score(&[&e[i]], &[&t[j], &t[j + 1]]);
                }
            }
        }
        scores
    }

    /// English unit i with translated unit j.
    fn pair(&self, i: usize, j: usize) -> f32 {
        self.pairs[i * self.width + j]
    }

    /// English units i and i + 1 with translated unit j.
    fn merge(&self, i: usize, j: usize) -> f32 {
        self.merges[i * self.width + j]
    }

    /// English unit i with translated units j and j + 1.
    fn split(&self, i: usize, j: usize) -> f32 {
        self.splits[i * self.width + j]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Start,
    SkipEnglish,
    SkipTranslated,
    Pair,
    /// Two English units, one translated.
    Merge,
    /// One English unit, two translated.
    Split,
}

/// Aligns the units of `english` with those of `translated`.
pub fn align(english: &Document, translated: &Document) -> Alignment {
    let mut e = profiles(english);
    let mut t = profiles(translated);
    intern(&mut e, &mut t);
    let (n, m) = (e.len(), t.len());
    let scores = Scores::new(&e, &t);
    let width = m + 1;
    // best[i][j]: the best score of aligning e[..i] with t[..j]; after[i][j]: of e[i..], t[j..].
    let mut best = vec![f32::NEG_INFINITY; (n + 1) * width];
    let mut after = vec![f32::NEG_INFINITY; (n + 1) * width];
    let mut step = vec![Step::Start; (n + 1) * width];
    best[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut candidates: [(f32, Step); 5] = [(f32::NEG_INFINITY, Step::Start); 5];
            if i > 0 {
                candidates[0] = (best[(i - 1) * width + j], Step::SkipEnglish);
            }
            if j > 0 {
                candidates[1] = (best[i * width + j - 1], Step::SkipTranslated);
            }
            if i > 0 && j > 0 {
                candidates[2] = (
                    best[(i - 1) * width + j - 1] + scores.pair(i - 1, j - 1),
                    Step::Pair,
                );
            }
            if i > 1 && j > 0 {
                candidates[3] = (
                    best[(i - 2) * width + j - 1] + scores.merge(i - 2, j - 1),
                    Step::Merge,
                );
            }
            if i > 0 && j > 1 {
                candidates[4] = (
                    best[(i - 1) * width + j - 2] + scores.split(i - 1, j - 2),
                    Step::Split,
                );
            }
            let (score, how) =
                candidates
                    .into_iter()
                    .fold((f32::NEG_INFINITY, Step::Start), |a, b| {
                        if b.0 > a.0 { b } else { a }
                    });
            best[i * width + j] = score;
            step[i * width + j] = how;
        }
    }
    after[n * width + m] = 0.0;
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            if i == n && j == m {
                continue;
            }
            let mut score = f32::NEG_INFINITY;
            if i < n {
                score = score.max(after[(i + 1) * width + j]);
            }
            if j < m {
                score = score.max(after[i * width + j + 1]);
            }
            if i < n && j < m {
                score = score.max(scores.pair(i, j) + after[(i + 1) * width + j + 1]);
            }
            if i + 1 < n && j < m {
                score = score.max(scores.merge(i, j) + after[(i + 2) * width + j + 1]);
            }
            if i < n && j + 1 < m {
                score = score.max(scores.split(i, j) + after[(i + 1) * width + j + 2]);
            }
            after[i * width + j] = score;
        }
    }
    // How much worse the best alignment gets when English unit i and translated unit j are not
    // paired with each other: each is paired with another unit, or left alone, instead. (Merges
    // are not counted as alternatives.)
    let margin = |i: usize, j: usize| -> f32 {
        let with = best[i * width + j] + scores.pair(i, j) + after[(i + 1) * width + j + 1];
        let mut without = f32::NEG_INFINITY;
        for other in 0..=m {
            // English unit i left alone, between t[..other] and t[other..].
            without = without.max(best[i * width + other] + after[(i + 1) * width + other]);
            if other < m && other != j {
                without = without.max(
                    best[i * width + other]
                        + scores.pair(i, other)
                        + after[(i + 1) * width + other + 1],
                );
            }
        }
        for other in 0..=n {
            without = without.max(best[other * width + j] + after[other * width + j + 1]);
            if other < n && other != i {
                without = without.max(
                    best[other * width + j]
                        + scores.pair(other, j)
                        + after[(other + 1) * width + j + 1],
                );
            }
        }
        with - without
    };

    let mut links = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = best[i * width + j];
        match step[i * width + j] {
            Step::SkipEnglish => {
                i -= 1;
                links.push(Link::English(i));
            }
            Step::SkipTranslated => {
                j -= 1;
                links.push(Link::Translated(j));
            }
            Step::Pair => {
                let score = here - best[(i - 1) * width + j - 1];
                i -= 1;
                j -= 1;
                links.push(pair(vec![i], vec![j], score, Confidence::Confident));
            }
            Step::Merge => {
                let score = here - best[(i - 2) * width + j - 1];
                i -= 2;
                j -= 1;
                links.push(pair(
                    vec![i, i + 1],
                    vec![j],
                    score,
                    Confidence::Weak(Weakness::Merged),
                ));
            }
            Step::Split => {
                let score = here - best[(i - 1) * width + j - 2];
                i -= 1;
                j -= 2;
                links.push(pair(
                    vec![i],
                    vec![j, j + 1],
                    score,
                    Confidence::Weak(Weakness::Split),
                ));
            }
            Step::Start => unreachable!("every cell but the first has a step"),
        }
    }
    links.reverse();
    // Pairs scored as negative are worse than two gaps in the sums' eyes only by rounding.
    links = links
        .into_iter()
        .flat_map(|link| match link {
            Link::Pair {
                english,
                translated,
                score,
                ..
            } if score <= 0.0 => english
                .into_iter()
                .map(Link::English)
                .chain(translated.into_iter().map(Link::Translated))
                .collect(),
            link => vec![link],
        })
        .collect();
    grade(&mut links, n, m, margin);
    pair_gaps(&mut links, &e, &t);
    pair_moved(&mut links, &e, &t);
    Alignment { links }
}

fn pair(english: Vec<usize>, translated: Vec<usize>, score: f32, confidence: Confidence) -> Link {
    Link::Pair {
        english,
        translated,
        confidence,
        score,
    }
}

/// Decides which 1:1 pairs are confident: a high score, or a fair one inside a run of 1:1 pairs
/// (each English and translated unit following the previous pair's) that holds a high-scoring
/// pair on each side, or reaches the document's start or end there. Between two sure pairs,
/// with as many units on each side and all paired in order, there is no room for an offset.
fn grade(
    links: &mut [Link],
    english_count: usize,
    translated_count: usize,
    margin: impl Fn(usize, usize) -> f32,
) {
    let one_to_one = |link: &Link| match link {
        Link::Pair {
            english,
            translated,
            ..
        } if english.len() == 1 && translated.len() == 1 => Some((english[0], translated[0])),
        _ => None,
    };
    let count = links.len();
    // For each link, whether an unbroken run of 1:1 pairs links it to a strong pair (or an end
    // of both documents) before it, and after it.
    let mut anchored_before = vec![false; count];
    let mut anchored_after = vec![false; count];
    let strong = |link: &Link| matches!(link, Link::Pair { score, .. } if *score >= CONFIDENT);
    let mut previous: Option<(usize, usize)> = None;
    let mut anchored = false;
    for k in 0..count {
        match one_to_one(&links[k]) {
            Some((i, j)) => {
                let follows = match previous {
                    Some((pi, pj)) => i == pi + 1 && j == pj + 1,
                    None => i == 0 && j == 0,
                };
                anchored = (previous.is_none() || anchored) && follows;
                anchored_before[k] = anchored;
                if strong(&links[k]) {
                    anchored = true;
                }
                previous = Some((i, j));
            }
            None => {
                anchored = false;
                previous = Some((usize::MAX - 1, usize::MAX - 1));
            }
        }
    }
    let mut next: Option<(usize, usize)> = None;
    anchored = false;
    for k in (0..count).rev() {
        match one_to_one(&links[k]) {
            Some((i, j)) => {
                let precedes = match next {
                    Some((ni, nj)) => i + 1 == ni && j + 1 == nj,
                    None => i + 1 == english_count && j + 1 == translated_count,
                };
                anchored = (next.is_none() || anchored) && precedes;
                anchored_after[k] = anchored;
                if strong(&links[k]) {
                    anchored = true;
                }
                next = Some((i, j));
            }
            None => {
                anchored = false;
                next = Some((0, 0));
            }
        }
    }
    for k in 0..count {
        let pair = one_to_one(&links[k]);
        let sure = (anchored_before[k] && anchored_after[k])
            || pair.is_some_and(|(i, j)| margin(i, j) >= MARGIN);
        if let (
            Some(_),
            Link::Pair {
                score, confidence, ..
            },
        ) = (one_to_one(&links[k]), &mut links[k])
        {
            *confidence = if *score >= CONFIDENT || (*score >= SANDWICHED && sure) {
                Confidence::Confident
            } else {
                Confidence::Weak(Weakness::LowScore)
            };
        }
    }
}

/// Pairs, as weak, the units left alone between the same two links when each side has as many
/// and their kinds may stand for each other in order: a unit the translator rewrote beyond
/// recognition still stands where its English stood.
fn pair_gaps(links: &mut Vec<Link>, e: &[Profile], t: &[Profile]) {
    let mut out = Vec::with_capacity(links.len());
    let mut k = 0;
    while k < links.len() {
        let end = (k..links.len())
            .find(|&x| matches!(links[x], Link::Pair { .. }))
            .unwrap_or(links.len());
        if end == k {
            out.push(links[k].clone());
            k += 1;
            continue;
        }
        let lone_english: Vec<usize> = links[k..end]
            .iter()
            .filter_map(|l| match l {
                Link::English(i) => Some(*i),
                _ => None,
            })
            .collect();
        let lone_translated: Vec<usize> = links[k..end]
            .iter()
            .filter_map(|l| match l {
                Link::Translated(j) => Some(*j),
                _ => None,
            })
            .collect();
        let fits = lone_english.len() == lone_translated.len()
            && lone_english
                .iter()
                .zip(&lone_translated)
                .all(|(&i, &j)| kind_score(&e[i], &t[j]) >= -0.3);
        if fits {
            for (&i, &j) in lone_english.iter().zip(&lone_translated) {
                let score = pair_score(&e[i], &t[j]);
                out.push(pair(
                    vec![i],
                    vec![j],
                    score,
                    Confidence::Weak(Weakness::LowScore),
                ));
            }
        } else {
            out.extend_from_slice(&links[k..end]);
        }
        k = end;
    }
    *links = out;
}

/// Pairs units left alone that share evidence (a section the translator moved): more placeables
/// in common than differing, or the same text. Such a pair is confident only with at least two
/// placeables in common, none differing, and the same kind.
fn pair_moved(links: &mut Vec<Link>, e: &[Profile], t: &[Profile]) {
    let lone_english: Vec<usize> = links
        .iter()
        .filter_map(|l| match l {
            Link::English(i) => Some(*i),
            _ => None,
        })
        .collect();
    let lone_translated: Vec<usize> = links
        .iter()
        .filter_map(|l| match l {
            Link::Translated(j) => Some(*j),
            _ => None,
        })
        .collect();
    let mut candidates = Vec::new();
    for &i in &lone_english {
        for &j in &lone_translated {
            if kind_score(&e[i], &t[j]) < 0.0 {
                continue;
            }
            let (_, common, differ) = content_score(&[&e[i]], &[&t[j]]);
            let same_text = e[i].text == t[j].text;
            if (common >= 1 && common > differ) || same_text {
                let sure = common >= 2 && differ == 0 && e[i].kind == t[j].kind;
                candidates.push((common + usize::from(same_text), sure, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut taken_e = Vec::new();
    let mut taken_t = Vec::new();
    for (_, sure, i, j) in candidates {
        if taken_e.contains(&i) || taken_t.contains(&j) {
            continue;
        }
        taken_e.push(i);
        taken_t.push(j);
        let at = links
            .iter()
            .position(|l| *l == Link::English(i))
            .expect("a lone English unit has its link");
        let confidence = match sure {
            true => Confidence::Confident,
            false => Confidence::Weak(Weakness::Moved),
        };
        links[at] = pair(vec![i], vec![j], CONFIDENT, confidence);
        links.retain(|l| *l != Link::Translated(j));
    }
}
