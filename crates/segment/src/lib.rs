//! Split a newsletter issue (Markdown with YAML or TOML front matter and Hugo shortcodes) into
//! translatable units, and put translations back.
//!
//! A [`Document`] owns its source text and the [`Unit`]s found in it. Every unit knows the byte
//! range it occupies in the source and how its text is spelled there ([`Encoding`]), so
//! [`Document::reassemble`] can replace exactly those bytes and nothing else: code, URLs, HTML,
//! shortcode names and all markup outside units come out byte for byte as they went in.

mod frontmatter;
mod id;
mod markdown;
pub mod placeables;

pub use markdown::cmark_options;
mod shortcode;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use frontmatter::FrontMatterFormat;
pub use id::base_id;
use verso_text::{LineIndex, ReadUtf8Error};

/// What part of an issue a unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A translatable front-matter value (by default Hugo's translatable keys: `title`,
    /// `description`, `summary`).
    FrontMatter,
    /// The text of a heading, without its `#` marks or `{#id}` attribute block.
    Heading,
    /// A paragraph outside lists and block quotes.
    Paragraph,
    /// The text of a list item (at any nesting depth), or a paragraph inside one.
    ListItem,
    /// A paragraph inside a block quote.
    Quote,
    /// One cell of a table.
    TableCell,
    /// The alt text of an image that stands alone (a paragraph made only of images).
    Alt,
    /// The title of a link or image that stands alone (`![alt](src "title")`).
    LinkTitle,
    /// A translatable attribute of a Hugo shortcode (`caption`, `alt`, `title` of `figure`).
    Shortcode,
}

impl Kind {
    /// Every kind, in the order of the enum.
    pub const ALL: [Kind; 9] = [
        Kind::FrontMatter,
        Kind::Heading,
        Kind::Paragraph,
        Kind::ListItem,
        Kind::Quote,
        Kind::TableCell,
        Kind::Alt,
        Kind::LinkTitle,
        Kind::Shortcode,
    ];

    /// The kebab-case name used in stores, JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FrontMatter => "front-matter",
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::ListItem => "list-item",
            Kind::Quote => "quote",
            Kind::TableCell => "table-cell",
            Kind::Alt => "alt",
            Kind::LinkTitle => "link-title",
            Kind::Shortcode => "shortcode",
        }
    }

    /// Kinds whose text may span several lines (and so may gain lines in translation).
    pub fn is_multiline(self) -> bool {
        matches!(self, Kind::Paragraph | Kind::ListItem | Kind::Quote)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown unit kind `{s}`"))
    }
}

/// How a unit's text is spelled in the source, which decides how a translation is written back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Markdown inline text. `breaks[i]` is what stood between lines `i + 1` and `i + 2` of the
    /// text in the source: the line ending, then the container prefix (indentation, `>` marks,
    /// leading blanks); `continuation` is the line ending and the container's canonical prefix,
    /// used for lines a translation adds (empty for the kinds that cannot gain lines).
    Markdown {
        /// What stood between line `i + 1` and `i + 2` of the text in the source.
        breaks: Vec<String>,
        /// The line ending and container prefix for lines a translation adds.
        continuation: String,
        /// Whether a translation's `|` is written `\|`: inside a table cell, where it would end
        /// the cell, and in a text before a line like a table's delimiter row (`-|:-`), which a
        /// translation with as many cells would turn into a table. `\|` reads as `|` anywhere.
        escape_pipes: bool,
    },
    /// A YAML scalar; the range covers the whole scalar, quotes included.
    Yaml,
    /// A TOML string; the range covers the whole literal, quotes included.
    Toml,
    /// A quoted value (shortcode attribute, link title); the range covers the text between the
    /// delimiters, which stays as spelled. A delimiter in a translation is escaped with `\`, and
    /// so is a `|` when `escape_pipes`.
    Quoted {
        /// The character that closes the value.
        close: char,
        /// Whether a translation's `|` is written `\|`: inside a table cell, where it would
        /// end the cell, and before a line like a table's delimiter row (as for Markdown).
        escape_pipes: bool,
    },
}

/// One translatable unit of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Stable id derived from the text; see [`base_id`] for the rule on repeated texts.
    pub id: String,
    /// What part of the issue the unit comes from.
    pub kind: Kind,
    /// Where the unit sits, for kinds that need it: the front-matter key (`title`), the shortcode
    /// and attribute (`figure.caption`).
    pub context: Option<String>,
    /// 1-based line of the source where the unit's text starts.
    pub line: usize,
    /// The text to translate: Markdown for Markdown units (container indentation removed, line
    /// breaks kept), the decoded value for front-matter values.
    pub text: String,
    /// Byte range in the source replaced by a translation.
    pub range: Range<usize>,
    /// How the text is spelled in the source, to write a translation back.
    pub encoding: Encoding,
}

impl Unit {
    /// Number of words in the text (runs of non-blank characters).
    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Segmentation settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Front-matter keys whose (string) values are translatable.
    pub front_matter_keys: Vec<String>,
    /// Shortcode attributes that are translatable, as (shortcode name, attribute name).
    pub shortcode_attributes: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            front_matter_keys: vec!["title".into(), "description".into(), "summary".into()],
            shortcode_attributes: ["caption", "alt", "title"]
                .iter()
                .map(|a| ("figure".to_string(), a.to_string()))
                .collect(),
        }
    }
}

/// Why a document could not be segmented.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    /// The front matter has no closing fence.
    #[error("front matter opened with `{fence}` is never closed")]
    UnterminatedFrontMatter {
        /// The opening fence, `---` or `+++`.
        fence: &'static str,
        /// 1-based line of the opening fence.
        line: usize,
    },
    /// The front matter does not parse.
    #[error("front matter is not valid {format}: {message}")]
    InvalidFrontMatter {
        /// The format the front matter claims.
        format: FrontMatterFormat,
        /// 1-based line of the error.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A stretch of lines ending in lone carriage returns, with no line feed, is longer than
    /// [`LONE_CR_STRETCH_LIMIT`]. pulldown-cmark reads a fence's info string up to the next line
    /// feed, past lone CRs, so its time grows with the square of such a stretch (1 MiB of
    /// fence lines: seconds); verso refuses it rather than hang.
    #[error(
        "{length} bytes of lines ending in a lone CR (carriage return) with no line feed, over \
         the limit of {limit}: convert the file's line endings to LF or CRLF"
    )]
    LoneCrStretch {
        /// 1-based line where the stretch starts.
        line: usize,
        /// Its length in bytes.
        length: usize,
        /// The limit, [`LONE_CR_STRETCH_LIMIT`].
        limit: usize,
    },
}

/// The longest stretch of text without a line feed that may hold a lone CR (256 KiB): within
/// it pulldown-cmark's cost is quadratic (about 0.13 s for 256 KiB of fence lines, the worst
/// shape measured), so bounding each stretch keeps the whole file's cost linear. Real issues
/// are a few dozen KiB.
pub const LONE_CR_STRETCH_LIMIT: usize = 256 * 1024;

impl SegmentError {
    /// The 1-based line of the issue the error is about.
    pub fn line(&self) -> usize {
        match self {
            SegmentError::UnterminatedFrontMatter { line, .. }
            | SegmentError::InvalidFrontMatter { line, .. }
            | SegmentError::LoneCrStretch { line, .. } => *line,
        }
    }
}

/// The first stretch without a line feed that holds a lone CR and is longer than `limit`, as
/// (start offset, length).
fn long_lone_cr_stretch(source: &str, limit: usize) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    if source.len() <= limit || !bytes.contains(&b'\r') {
        return None;
    }
    let mut start = 0;
    for stretch in source.split('\n') {
        let length = stretch.len();
        // A CR right before the line feed ends the line as CRLF; any other CR is lone.
        let body = stretch.strip_suffix('\r').unwrap_or(stretch);
        if length > limit && body.as_bytes().contains(&b'\r') {
            return Some((start, length));
        }
        start += length + 1;
    }
    None
}

/// Something in a document that verso leaves untranslated, to tell the user (it does not stop
/// the segmentation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// A configured front-matter key has a value verso does not make a unit of.
    #[error("front-matter `{key}` stays untranslated: {reason}")]
    UntranslatedFrontMatter {
        /// The key, as configured.
        key: String,
        /// The 1-based line of the key (or of the front matter's start).
        line: usize,
        /// Why, in words: "its value is an alias".
        reason: &'static str,
    },
}

impl Warning {
    /// The 1-based line the warning is about.
    pub fn line(&self) -> usize {
        match self {
            Warning::UntranslatedFrontMatter { line, .. } => *line,
        }
    }
}

/// Why a file could not be read as a document. Its message names the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be read or is not UTF-8.
    #[error(transparent)]
    Read(#[from] ReadUtf8Error),
    /// The file is read but cannot be segmented.
    #[error("{}:{}: {error}", path.display(), error.line())]
    Segment {
        /// The file, as the caller named it.
        path: PathBuf,
        /// What is wrong, and on which line.
        error: SegmentError,
    },
}

/// Why a translation could not be written back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReassembleError {
    /// A translation has more lines than a one-line construct can hold.
    #[error(
        "unit {id} (line {line}): the translation of this {kind} has {lines} lines, at most {allowed} fit"
    )]
    TooManyLines {
        /// The unit's id.
        id: String,
        /// 1-based line of the unit.
        line: usize,
        /// The unit's kind.
        kind: Kind,
        /// Lines of the translation.
        lines: usize,
        /// Lines that fit: those of the English.
        allowed: usize,
    },
    /// A translation contains the delimiter of its value.
    #[error("unit {id} (line {line}): the translation contains `{delimiter}`, which delimits it")]
    Delimiter {
        /// The unit's id.
        id: String,
        /// 1-based line of the unit.
        line: usize,
        /// The delimiter found in the translation.
        delimiter: char,
    },
}

/// A segmented document: the source and its units, in source order.
#[derive(Debug, Clone)]
pub struct Document {
    source: String,
    front_matter: Option<FrontMatterFormat>,
    units: Vec<Unit>,
    warnings: Vec<Warning>,
}

impl Document {
    /// Segments `source`.
    ///
    /// ```
    /// use verso_segment::{Document, Kind, Options};
    ///
    /// let doc = Document::parse("---\ntitle: News\n---\n\nHello, [world](https://example.org)!\n", &Options::default()).unwrap();
    /// let units: Vec<(Kind, usize, &str)> =
    ///     doc.units().iter().map(|u| (u.kind, u.line, u.text.as_str())).collect();
    /// assert_eq!(
    ///     units,
    ///     [(Kind::FrontMatter, 2, "News"), (Kind::Paragraph, 5, "Hello, [world](https://example.org)!")]
    /// );
    /// ```
    pub fn parse(source: impl Into<String>, options: &Options) -> Result<Document, SegmentError> {
        let source = source.into();
        let lines = LineIndex::new(&source);
        if let Some((start, length)) = long_lone_cr_stretch(&source, LONE_CR_STRETCH_LIMIT) {
            return Err(SegmentError::LoneCrStretch {
                line: lines.line(start),
                length,
                limit: LONE_CR_STRETCH_LIMIT,
            });
        }
        let fm = frontmatter::parse(&source, &lines, options)?;
        let mut units = fm.units;
        markdown::segment(&source, &lines, fm.body_start, options, &mut units);
        id::assign_ids(&mut units);
        Ok(Document {
            source,
            front_matter: fm.format,
            units,
            warnings: fm.warnings,
        })
    }

    /// Reads and segments a file; errors name the file and line.
    pub fn read(path: &Path, options: &Options) -> Result<Document, ReadError> {
        let source = verso_text::read_utf8(path)?;
        Document::parse(source, options).map_err(|error| ReadError::Segment {
            path: path.to_owned(),
            error,
        })
    }

    /// The whole text of the issue, as read.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The units, in source order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// What the segmentation left untranslated and the user should know about, in line order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The front matter's format, when the issue has one.
    pub fn front_matter(&self) -> Option<FrontMatterFormat> {
        self.front_matter
    }

    /// Writes the document back with the translations in `translations` (by unit id); units
    /// without a translation keep their source text.
    pub fn reassemble(
        &self,
        translations: &HashMap<String, String>,
    ) -> Result<String, ReassembleError> {
        self.reassemble_with(|unit| {
            translations
                .get(&unit.id)
                .map(|t| Cow::Borrowed(t.as_str()))
        })
    }

    /// Like [`Document::reassemble`], asking `translate` for each unit's translation.
    pub fn reassemble_with<'a>(
        &'a self,
        mut translate: impl FnMut(&'a Unit) -> Option<Cow<'a, str>>,
    ) -> Result<String, ReassembleError> {
        let mut out = String::with_capacity(self.source.len() + self.source.len() / 4);
        let mut at = 0;
        for unit in &self.units {
            out.push_str(&self.source[at..unit.range.start]);
            match translate(unit) {
                Some(text) => encode(unit, &text, &self.source[unit.range.clone()], &mut out)?,
                None => out.push_str(&self.source[unit.range.clone()]),
            }
            at = unit.range.end;
        }
        out.push_str(&self.source[at..]);
        Ok(out)
    }
}

/// Writes `text` as the translation of `unit`, whose source spelling is `raw`.
fn encode(unit: &Unit, text: &str, raw: &str, out: &mut String) -> Result<(), ReassembleError> {
    // A translation's `\r\n` or lone `\r` breaks a line for pulldown-cmark as `\n` does.
    let lines = verso_text::split_lines(text).count();
    let source_lines = verso_text::split_lines(&unit.text).count();
    let markup = matches!(
        unit.encoding,
        Encoding::Markdown { .. } | Encoding::Quoted { .. }
    );
    if markup && !unit.kind.is_multiline() && lines > source_lines {
        return Err(ReassembleError::TooManyLines {
            id: unit.id.clone(),
            line: unit.line,
            kind: unit.kind,
            lines,
            allowed: source_lines,
        });
    }
    match &unit.encoding {
        Encoding::Markdown {
            breaks,
            continuation,
            escape_pipes,
        } => {
            // The source's own text stays as spelled (a paragraph's bare `|` included).
            let escape = *escape_pipes && text != unit.text;
            for (i, line) in verso_text::split_lines(text).enumerate() {
                if i > 0 {
                    out.push_str(breaks.get(i - 1).unwrap_or(continuation));
                }
                if escape {
                    shortcode::escape_pipes(line, out);
                } else {
                    out.push_str(line);
                }
            }
        }
        Encoding::Yaml => frontmatter::encode_yaml(text, &unit.text, raw, out),
        Encoding::Toml => frontmatter::encode_toml(text, &unit.text, raw, out),
        Encoding::Quoted { close: '`', .. } if text.contains('`') => {
            return Err(ReassembleError::Delimiter {
                id: unit.id.clone(),
                line: unit.line,
                delimiter: '`',
            });
        }
        Encoding::Quoted {
            close,
            escape_pipes,
        } => {
            if text == unit.text {
                // As spelled, a `\\|` of the source included.
                out.push_str(raw);
            } else if *escape_pipes {
                let mut escaped = String::with_capacity(text.len());
                shortcode::escape_delimiter(text, *close, &mut escaped);
                shortcode::escape_pipes(&escaped, out);
            } else {
                shortcode::escape_delimiter(text, *close, out);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_stretch_of_lone_cr_lines_is_refused_with_its_line() {
        let fences = "```\r".repeat(LONE_CR_STRETCH_LIMIT / 4 + 1);
        let text = format!("# Title\n\nIntro\n{fences}");
        let error = Document::parse(text, &Options::default()).unwrap_err();
        assert!(
            matches!(error, SegmentError::LoneCrStretch { line: 4, length, .. } if length == fences.len()),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("convert the file's line endings"),
            "{error}"
        );
        // The same lines ending in LF or CRLF, and lone-CR stretches under the limit separated
        // by line feeds, are read.
        for ending in ["\n", "\r\n"] {
            let text = format!("```{ending}").repeat(LONE_CR_STRETCH_LIMIT / 4 + 1);
            assert!(
                Document::parse(text, &Options::default()).is_ok(),
                "{ending:?}"
            );
        }
        let short = format!("{}\n", "Some text\r".repeat(LONE_CR_STRETCH_LIMIT / 20));
        let file = short.repeat(3);
        assert!(short.len() < LONE_CR_STRETCH_LIMIT && file.len() > LONE_CR_STRETCH_LIMIT);
        assert!(Document::parse(file, &Options::default()).is_ok());
    }

    /// The position of each kind in [`Kind::ALL`]; a new kind fails to compile here until it is
    /// listed.
    fn position(kind: Kind) -> usize {
        match kind {
            Kind::FrontMatter => 0,
            Kind::Heading => 1,
            Kind::Paragraph => 2,
            Kind::ListItem => 3,
            Kind::Quote => 4,
            Kind::TableCell => 5,
            Kind::Alt => 6,
            Kind::LinkTitle => 7,
            Kind::Shortcode => 8,
        }
    }

    #[test]
    fn kind_names_are_spelled_once() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(position(kind), i, "{kind:?} out of place in Kind::ALL");
            let serde_name = serde_json::to_value(kind).unwrap();
            assert_eq!(serde_name, kind.as_str(), "serde and as_str disagree");
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            let back: Kind = serde_json::from_value(serde_name).unwrap();
            assert_eq!(back, kind);
        }
    }
}
