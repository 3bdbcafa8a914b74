//! Text utilities shared by every layer of verso: no knowledge of Markdown, stores or
//! workspaces.
//!
//! - [`LineIndex`] turns a byte offset into a 1-based line (and column): every `file:line` verso
//!   prints goes through it.
//! - [`split_lines`]: lines as [`LineIndex`] counts them.
//! - [`read_utf8`] reads a file as UTF-8, naming the line of the first invalid byte.
//! - [`normalize_whitespace`], [`word_count`]: how texts are compared and counted.
//! - [`similarity`] (with [`tokens`], [`ratio`] and its cheap upper bound [`similarity_bound`]):
//!   how alike two versions of a text are.
//! - [`word_diff`]: what changed between two versions of a text, word by word.

mod diff;
mod line_index;
mod read;
mod similarity;

pub use diff::{DiffTag, word_diff};
pub use line_index::LineIndex;
pub use read::{ReadUtf8Error, read_utf8};
pub use similarity::{ratio, similarity, similarity_bound, tokens};

/// The lines of `text` without their endings, split where [`LineIndex`] (and CommonMark and
/// YAML) end lines: at `\n`, `\r\n` and a lone `\r`. A text has one more line than line
/// endings (`""` is one empty line).
///
/// ```
/// let lines: Vec<&str> = verso_text::split_lines("a\rb\r\nc\n").collect();
/// assert_eq!(lines, ["a", "b", "c", ""]);
/// ```
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(at) => {
                let ending = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + ending..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Collapses every run of whitespace to one space and trims the ends.
///
/// ```
/// assert_eq!(verso_text::normalize_whitespace("  Hello \n big\tworld "), "Hello big world");
/// ```
pub fn normalize_whitespace(text: &str) -> String {
    if !has_unicode_space(text) {
        // The common case, byte by byte: the same whitespace as `char::is_whitespace`, as
        // the bytes of other characters are never ASCII.
        let mut out = String::with_capacity(text.len());
        for word in text.as_bytes().split(|&b| is_ascii_space(b)) {
            if word.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            // Split at ASCII bytes only, a text splits into whole characters.
            out.push_str(std::str::from_utf8(word).unwrap_or_default());
        }
        return out;
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` holds whitespace beyond ASCII (`char::is_whitespace`: U+0085, U+00A0,
/// U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
fn has_unicode_space(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_whitespace())
}

/// Whether an ASCII byte is whitespace for `char::is_whitespace`.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The number of words in `text`: runs of non-blank characters.
///
/// ```
/// assert_eq!(verso_text::word_count("Two words\nand three"), 4);
/// ```
pub fn word_count(text: &str) -> usize {
    if has_unicode_space(text) {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        let space = is_ascii_space(byte);
        words += usize::from(in_word && space);
        in_word = !space;
    }
    words + usize::from(in_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_paths_agree_with_split_whitespace() {
        let texts = [
            "",
            " ",
            "a",
            " a ",
            "a  b\tc\n\nd\x0be\x0cf\rg",
            "\u{a0}x y\u{2003}z",
            "ü  ber",
            "trailing \n",
            "  leading",
            "l’ordre\u{2019} du\u{202f}jour\u{3000}x\u{1680}y\u{85}z",
            "\u{2028}a\u{2029}b\u{205f}c\u{2000}d\u{200a}e\u{200b}f",
        ];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(
                has_unicode_space(&text),
                !c.is_ascii() && c.is_whitespace(),
                "{c:?}"
            );
        }
        for text in texts {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(normalize_whitespace(text), words.join(" "), "{text:?}");
            assert_eq!(word_count(text), words.len(), "{text:?}");
        }
    }
}
