//! Byte offsets to lines and columns.

/// The start of every line of a text, to turn byte offsets into 1-based lines and columns.
///
/// A line ends after its `\n`; a `\r` before it belongs to the line. An offset past the end of
/// the text counts as the end.
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
        let starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
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

    /// The number of lines (a text without `\n` has one).
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
}
