//! Word diffs, for showing a translator what changed in the English.

use similar::{Algorithm, capture_diff_slices};

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
/// Words are runs of letters and digits; every other character (punctuation, a space, a line
/// break) is a token of its own, so that a changed full stop or a word added before it shows
/// as just that.
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
/// assert_eq!(
///     word_diff("through translation.", "through translation and review."),
///     vec![
///         (DiffTag::Equal, "through translation".to_string()),
///         (DiffTag::Insert, " and review".to_string()),
///         (DiffTag::Equal, ".".to_string()),
///     ]
/// );
/// ```
pub fn word_diff(old: &str, new: &str) -> Vec<(DiffTag, String)> {
    let (old_tokens, new_tokens) = (diff_tokens(old), diff_tokens(new));
    let ops = capture_diff_slices(Algorithm::Myers, &old_tokens, &new_tokens);
    let mut pieces: Vec<(DiffTag, String)> = Vec::new();
    let mut push = |tag: DiffTag, tokens: &[&str]| {
        for token in tokens {
            match pieces.last_mut() {
                Some((last, text)) if *last == tag => text.push_str(token),
                _ => pieces.push((tag, (*token).to_string())),
            }
        }
    };
    for op in ops {
        match op.tag() {
            similar::DiffTag::Equal => push(DiffTag::Equal, &old_tokens[op.old_range()]),
            similar::DiffTag::Delete => push(DiffTag::Delete, &old_tokens[op.old_range()]),
            similar::DiffTag::Insert => push(DiffTag::Insert, &new_tokens[op.new_range()]),
            similar::DiffTag::Replace => {
                push(DiffTag::Delete, &old_tokens[op.old_range()]);
                push(DiffTag::Insert, &new_tokens[op.new_range()]);
            }
        }
    }
    pieces
}

/// Runs of alphanumeric characters, and every other character on its own.
fn diff_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(&text[s..i]);
        }
        tokens.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
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
