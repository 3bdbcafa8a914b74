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
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number of words in `text`: runs of non-blank characters.
///
/// ```
/// assert_eq!(verso_text::word_count("Two words\nand three"), 4);
/// ```
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}
