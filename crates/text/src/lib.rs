//! Text utilities shared by every layer of verso: no knowledge of Markdown, stores or
//! workspaces.
//!
//! - [`LineIndex`] turns a byte offset into a 1-based line (and column): every `file:line` verso
//!   prints goes through it.
//! - [`split_lines`]: lines as [`LineIndex`] counts them.
//! - [`read_utf8`] reads a file as UTF-8, naming the line of the first invalid byte.
//! - [`normalize_whitespace`] (and [`normalized`], without a copy), [`word_count`]: how texts
//!   are compared and counted.
//! - [`similarity`] (with [`tokens`], [`ratio`] and its cheap upper bound [`similarity_bound`]):
//!   how alike two versions of a text are.
//! - [`word_diff`]: what changed between two versions of a text, word by word.

mod diff;
mod line_index;
mod read;
mod similarity;

pub use diff::{DiffTag, word_diff};
pub use line_index::LineIndex;
pub use read::{ReadUtf8Error, read_utf8, read_utf8_into, read_utf8_with_metadata};
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
        match memchr::memchr2(b'\n', b'\r', current.as_bytes()) {
            Some(at) => {
                let ending = if current.as_bytes()[at..].starts_with(b"\r\n") {
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
    let mut out = String::with_capacity(text.len());
    normalize_whitespace_into(text, &mut out);
    out
}

/// [`normalize_whitespace`] without a copy when `text` is normalized already (one line, single
/// spaces, no blank at either end: most texts); otherwise normalized into `buffer`, which can
/// be reused from text to text.
///
/// ```
/// let mut buffer = String::new();
/// assert_eq!(verso_text::normalized("Hello big world", &mut buffer), "Hello big world");
/// assert_eq!(verso_text::normalized(" Hello\nbig  world", &mut buffer), "Hello big world");
/// ```
pub fn normalized<'a>(text: &'a str, buffer: &'a mut String) -> &'a str {
    if is_normalized(text) {
        return text;
    }
    buffer.clear();
    normalize_whitespace_into(text, buffer);
    buffer
}

/// Whether [`normalize_whitespace`] would return `text` as it is.
fn is_normalized(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    first != b' '
        && last != b' '
        && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0b, 0x0c, bytes).is_none()
        && !text.contains("  ")
        && !has_unicode_space(text)
}

/// [`normalize_whitespace`] appended to `out`, to reuse one buffer for many texts.
///
/// ```
/// let mut out = String::from("> ");
/// verso_text::normalize_whitespace_into(" a \t b ", &mut out);
/// assert_eq!(out, "> a b");
/// ```
pub fn normalize_whitespace_into(text: &str, out: &mut String) {
    if has_unicode_space(text) {
        let mut first = true;
        for word in text.split_whitespace() {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(word);
        }
        return;
    }
    // The common case, byte by byte: the same whitespace as `char::is_whitespace`, as the
    // bytes of other characters are never ASCII, so the words are cut at character
    // boundaries.
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut first = true;
    while at < bytes.len() {
        while at < bytes.len() && is_ascii_space(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !is_ascii_space(bytes[at]) {
            at += 1;
        }
        if start < at {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(&text[start..at]);
        }
    }
}

/// Whether `text` holds whitespace beyond ASCII (`char::is_whitespace`: U+0085, U+00A0,
/// U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
fn has_unicode_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        return false;
    }
    // Their UTF-8 starts with one of 4 lead bytes, which never occur inside another
    // character: the bytes after each such lead byte tell.
    let space_at = |i: usize| {
        matches!(
            (bytes[i], bytes.get(i + 1), bytes.get(i + 2)),
            (0xc2, Some(0x85 | 0xa0), _)
                | (0xe1, Some(0x9a), Some(0x80))
                | (0xe2, Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf))
                | (0xe2, Some(0x81), Some(0x9f))
                | (0xe3, Some(0x80), Some(0x80))
        )
    };
    memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes).any(space_at)
        || memchr::memchr_iter(0xe3, bytes).any(space_at)
}

/// Whether an ASCII byte is whitespace for `char::is_whitespace`.
fn is_ascii_space(byte: u8) -> bool {
    // `\t`, `\n`, vertical tab, form feed, `\r`.
    byte == b' ' || (b'\t'..=b'\r').contains(&byte)
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
    // A word starts at each non-blank byte after a blank byte (or at the start). Counted
    // without branches in chunks whose count fits a byte, the loop is vectorized.
    let bytes = text.as_bytes();
    let mut words = bytes
        .first()
        .map_or(0, |&b| usize::from(!is_ascii_space(b)));
    if bytes.len() > 1 {
        for (before, after) in bytes[..bytes.len() - 1]
            .chunks(255)
            .zip(bytes[1..].chunks(255))
        {
            let starts = before.iter().zip(after).fold(0u8, |n, (&b, &a)| {
                n.wrapping_add(u8::from(is_ascii_space(b) & !is_ascii_space(a)))
            });
            words += usize::from(starts);
        }
    }
    words
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
            let mut buffer = String::new();
            assert_eq!(normalized(text, &mut buffer), words.join(" "), "{text:?}");
        }
    }

    /// Long texts, whose words the byte paths count and join in chunks: every length around
    /// the chunk size, blanks of every kind at every place.
    #[test]
    fn long_texts_agree_with_split_whitespace() {
        let alphabet = ["a", "é", " ", "\t", "\n", "\r", "\x0b", "\x0c", "b", "’"];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut out = String::new();
        for length in (0..600).chain([1000, 4096]) {
            let mut text = String::new();
            for _ in 0..length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Long runs of one kind, and alternations, both.
                let pick = if state.is_multiple_of(3) {
                    2
                } else {
                    (state >> 8) as usize % alphabet.len()
                };
                text.push_str(alphabet[pick]);
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(word_count(&text), words.len(), "{text:?}");
            assert_eq!(normalize_whitespace(&text), words.join(" "), "{text:?}");
            out.clear();
            out.push('x');
            normalize_whitespace_into(&text, &mut out);
            assert_eq!(out, format!("x{}", words.join(" ")), "{text:?}");
            assert_eq!(normalized(&text, &mut out), words.join(" "), "{text:?}");
            let joined = words.join(" ");
            assert!(is_normalized(&joined), "{joined:?}");
            assert!(std::ptr::eq(normalized(&joined, &mut out), joined.as_str()));
        }
    }
}
