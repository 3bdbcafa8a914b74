//! How alike two versions of a text are.

use similar::{Algorithm, capture_diff_slices, diff_ratio};

/// Texts up to this many bytes (the two together) are compared character by character.
const SHORT: usize = 600;

/// The tokens two texts are compared by: characters for short texts (headings, titles, list
/// items), words for long ones.
pub fn tokens<'a>(a: &'a str, b: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    fn chars(text: &str) -> Vec<&str> {
        text.char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect()
    }
    if a.len() + b.len() <= SHORT {
        (chars(a), chars(b))
    } else {
        (
            a.split_whitespace().collect(),
            b.split_whitespace().collect(),
        )
    }
}

/// How alike two texts are, from 0 to 1: `similar`'s ratio over their [`tokens`].
///
/// ```
/// assert!(verso_text::similarity("XSF Announcement", "XSF Announcements") > 0.9);
/// assert_eq!(verso_text::similarity("abc", "xyz"), 0.0);
/// ```
pub fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = tokens(a, b);
    ratio(&a, &b)
}

/// `similar`'s ratio of two token lists (Myers diff), from 0 to 1.
pub fn ratio(a: &[&str], b: &[&str]) -> f32 {
    diff_ratio(
        &capture_diff_slices(Algorithm::Myers, a, b),
        a.len(),
        b.len(),
    )
}

/// An upper bound of [`ratio`] that needs no diff: the tokens two lists share, whatever their
/// order. Used to skip the diff of pairs that cannot reach a threshold.
pub fn similarity_bound(a: &[&str], b: &[&str]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for t in a {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in b {
        if let Some(c) = counts.get_mut(t)
            && *c > 0
        {
            *c -= 1;
            common += 1;
        }
    }
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_bounded_by_the_shared_tokens() {
        let pairs = [
            ("XSF Announcement", "XSF Announcements"),
            ("abc", "xyz"),
            ("", ""),
            ("Add new <finish/> message", "Add new `<finish/>` message"),
        ];
        for (a, b) in pairs {
            let (ta, tb) = tokens(a, b);
            assert!(similarity_bound(&ta, &tb) >= similarity(a, b), "{a} / {b}");
        }
        assert!(similarity("XSF Announcement", "XSF Announcements") > 0.9);
        assert!(similarity("abc", "xyz") == 0.0);
    }
}
