//! Reading a file that must be UTF-8.

use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};

use crate::LineIndex;

/// A file that could not be read, or is not UTF-8. The message names the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum ReadUtf8Error {
    /// The file could not be read (missing, a directory, no permission…).
    #[error("{}: cannot read: {error}", path.display())]
    Io {
        /// The file, as the caller named it.
        path: PathBuf,
        /// Why it could not be read.
        error: std::io::Error,
    },
    /// The file holds bytes that are not UTF-8.
    #[error("{}:{line}: not valid UTF-8 (byte {column} of the line)", path.display())]
    NotUtf8 {
        /// The file, as the caller named it.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte of the line where the invalid bytes start.
        column: usize,
    },
}

impl ReadUtf8Error {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadUtf8Error::Io { path, .. } | ReadUtf8Error::NotUtf8 { path, .. } => path,
        }
    }

    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadUtf8Error::Io { error, .. } if error.kind() == std::io::ErrorKind::NotFound)
    }

    /// The same error about another name of the file (say, relative to a workspace root).
    pub fn with_path(self, path: impl Into<PathBuf>) -> ReadUtf8Error {
        let path = path.into();
        match self {
            ReadUtf8Error::Io { error, .. } => ReadUtf8Error::Io { path, error },
            ReadUtf8Error::NotUtf8 { line, column, .. } => {
                ReadUtf8Error::NotUtf8 { path, line, column }
            }
        }
    }
}

/// Reads the file at `path` as UTF-8 text; errors name `path`.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("bad.md");
/// std::fs::write(&path, b"# Title\n\nCaf\xe9\n").unwrap();
/// let error = verso_text::read_utf8(&path).unwrap_err();
/// assert!(error.to_string().ends_with("bad.md:3: not valid UTF-8 (byte 4 of the line)"));
/// ```
pub fn read_utf8(path: &Path) -> Result<String, ReadUtf8Error> {
    read_utf8_with_metadata(path).map(|(text, _)| text)
}

/// [`read_utf8`], and the file's metadata as the open file had it before the read (taken
/// with the one `fstat` that sizes the buffer, so it costs nothing more).
pub fn read_utf8_with_metadata(path: &Path) -> Result<(String, Metadata), ReadUtf8Error> {
    let mut bytes = Vec::new();
    let metadata = read_into(path, &mut bytes)?;
    let text =
        String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))?;
    Ok((text, metadata))
}

/// Reads the file at `path` into `buffer` (cleared first, and kept for the next file, so that
/// reading many files allocates once): its text, and its metadata as for
/// [`read_utf8_with_metadata`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
/// let mut buffer = Vec::new();
/// let (text, _) = verso_text::read_utf8_into(&dir.path().join("a.md"), &mut buffer).unwrap();
/// assert_eq!(text, "# A\n");
///
/// // Past the first 64 bytes (where simdutf8 checks in blocks), the error still says where.
/// let mut bytes = b"plain ".repeat(20);
/// bytes.extend(b"\nCaf\xc3\xa9 \xe9\n");
/// std::fs::write(dir.path().join("b.md"), &bytes).unwrap();
/// let error = verso_text::read_utf8_into(&dir.path().join("b.md"), &mut buffer).unwrap_err();
/// assert!(error.to_string().ends_with("b.md:2: not valid UTF-8 (byte 7 of the line)"));
/// ```
pub fn read_utf8_into<'a>(
    path: &Path,
    buffer: &'a mut Vec<u8>,
) -> Result<(&'a str, Metadata), ReadUtf8Error> {
    let metadata = read_into(path, buffer)?;
    // simdutf8 checks a store several times faster than the standard library, which still
    // says where a text that is no UTF-8 goes wrong.
    if let Ok(text) = simdutf8::basic::from_utf8(buffer) {
        return Ok((text, metadata));
    }
    match std::str::from_utf8(buffer) {
        Ok(text) => Ok((text, metadata)),
        Err(error) => Err(not_utf8(path, buffer, error)),
    }
}

/// The bytes of the file at `path` into `buffer` (cleared first), and its metadata.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> Result<Metadata, ReadUtf8Error> {
    use std::io::Read;
    let io_error = |error| ReadUtf8Error::Io {
        path: path.to_owned(),
        error,
    };
    buffer.clear();
    let mut file = File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    // One more byte than the size, so that reaching the end takes no second allocation.
    buffer
        .try_reserve_exact(metadata.len() as usize + 1)
        .map_err(|_| io_error(std::io::ErrorKind::OutOfMemory.into()))?;
    file.read_to_end(buffer).map_err(io_error)?;
    Ok(metadata)
}

fn not_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> ReadUtf8Error {
    let (line, column) = LineIndex::new(bytes).line_col(error.valid_up_to());
    ReadUtf8Error::NotUtf8 {
        path: path.to_owned(),
        line,
        column,
    }
}
