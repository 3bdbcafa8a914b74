//! Word diffs, for showing a translator what changed in the English.

use similar::{ChangeTag, TextDiff};

/// What a piece of a [`word_diff`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffTag {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// The word-by-word difference from `old` to `new`: pieces in reading order, neighbouring
/// pieces of the same tag joined. Whitespace is kept, so the `Equal` and `Delete` pieces spell
/// `old` and the `Equal` and `Insert` pieces spell `new`.
///
/// ```
/// use verso_text::{DiffTag, word_diff};
///
/// assert_eq!(
///     word_diff("The first paragraph stays.", "The second paragraph stays."),
///     vec![
///         (DiffTag::Equal, "The ".to_string()),
///         (DiffTag::Delete, "first".to_string()),
///         (DiffTag::Insert, "second".to_string()),
///         (DiffTag::Equal, " paragraph stays.".to_string()),
///     ]
/// );
/// ```
pub fn word_diff(old: &str, new: &str) -> Vec<(DiffTag, String)> {
    let diff = TextDiff::from_words(old, new);
    let mut pieces: Vec<(DiffTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => DiffTag::Equal,
            ChangeTag::Delete => DiffTag::Delete,
            ChangeTag::Insert => DiffTag::Insert,
        };
        match pieces.last_mut() {
            Some((last, text)) if *last == tag => text.push_str(change.value()),
            _ => pieces.push((tag, change.value().to_string())),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pieces_spell_both_texts() {
        let (old, new) = (
            "The first  paragraph\nstays.",
            "The second paragraph stays, mostly.",
        );
        let pieces = word_diff(old, new);
        let spell = |skip: DiffTag| -> String {
            pieces
                .iter()
                .filter(|(t, _)| *t != skip)
                .map(|(_, s)| s.as_str())
                .collect()
        };
        assert_eq!(spell(DiffTag::Insert), old);
        assert_eq!(spell(DiffTag::Delete), new);
        assert_eq!(word_diff("", ""), vec![]);
    }
}
