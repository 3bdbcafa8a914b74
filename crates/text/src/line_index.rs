//! Byte offsets to lines and columns.

/// The start of every line of a text, to turn byte offsets into 1-based lines and columns.
///
/// A line ends after its `\n`, its `\r\n` or a lone `\r`: where CommonMark (pulldown-cmark)
/// and YAML end lines, so that a file with old Mac line endings is not "line 1" throughout. An
/// offset past the end of the text counts as the end.
///
/// ```
/// use verso_text::LineIndex;
///
/// let index = LineIndex::new("title\n\nbody\r\nend");
/// assert_eq!(index.line(0), 1);
/// assert_eq!(index.line(7), 3);
/// assert_eq!(index.line_col(9), (3, 3));
/// assert_eq!(index.line_start(4), 13);
/// assert_eq!(index.line(1000), 4);
/// let lone_cr = LineIndex::new("a\rb\r\rc");
/// assert_eq!(lone_cr.line(2), 2);
/// assert_eq!(lone_cr.line(5), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the lines of `text` (a `str` or bytes that may not be UTF-8).
    pub fn new(text: impl AsRef<[u8]>) -> LineIndex {
        let bytes = text.as_ref();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        } else {
            starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    // A `\r` followed by `\n` ends its line at the `\n`.
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i + 1),
            );
        }
        LineIndex {
            starts,
            len: bytes.len(),
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.len))
    }

    /// The 1-based line and 1-based column (in bytes) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self.line(offset);
        (line, offset - self.starts[line - 1] + 1)
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.max(1) - 1)
            .copied()
            .unwrap_or(self.len)
    }

    /// The number of lines (a text without a line ending has one).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: even an empty text has one (empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let index = LineIndex::new("a\nbc\n\nd");
        let lines: Vec<usize> = (0..8).map(|o| index.line(o)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 3, 4, 4]);
        assert_eq!(index.line_col(3), (2, 2));
        assert_eq!(index.len(), 4);
        assert_eq!(LineIndex::new("").line(0), 1);
        assert_eq!(LineIndex::new("x\n").line(2), 2);
    }

    #[test]
    fn lone_cr_ends_a_line_and_crlf_is_one_ending() {
        let index = LineIndex::new("a\rbc\r\nd\r\re");
        let lines: Vec<usize> = (0..10).map(|o| index.line(o)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 2, 3, 3, 4, 5]);
        assert_eq!(index.line_col(4), (2, 3));
        assert_eq!(index.line_start(3), 6);
        assert_eq!(index.len(), 5);
    }

    /// Line numbers agree with pulldown-cmark's: the n-th paragraph of a text whose
    /// paragraphs are separated by blank lines (in every line-ending style) starts on the line
    /// counted by hand.
    #[test]
    fn agrees_with_commonmark_line_breaks() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["one", "", "two", "still two", "", "three"].join(ending);
            let index = LineIndex::new(&text);
            let starts: Vec<usize> = ["one", "two", "three"]
                .iter()
                .map(|p| index.line(text.find(p).unwrap()))
                .collect();
            assert_eq!(starts, [1, 3, 6], "{ending:?}");
        }
    }
}
