//! The promises segmentation keeps on any input, checked on one document: the fuzz harness
//! (`cargo xtask fuzz`, which includes this file) and the regression tests share it.
//!
//! The oracle does not trust the code under test: the block structure is pulldown-cmark's own
//! reading of the document before and after, and a translated front matter is parsed again.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use verso_segment::{Document, Encoding, Kind, Options, Unit, cmark_options};

/// A broken promise: which check, and what was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub check: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.check, self.detail)
    }
}

fn fail(check: &'static str, detail: impl Into<String>) -> Result<(), Failure> {
    Err(Failure {
        check,
        detail: detail.into(),
    })
}

/// `extra` made fit to be added to a unit's text, by the unit's encoding: any text for front
/// matter; one line for single-line Markdown and quoted values (and no backtick where a
/// backtick delimits the value); several lines for the kinds that may gain lines, each added
/// line starting with a letter so that it cannot become a block marker (`- `, `# `, `>`).
pub fn fit(unit: &Unit, extra: &str) -> String {
    match &unit.encoding {
        Encoding::Yaml | Encoding::Toml => extra.to_string(),
        // A link title is plain text: a backtick there would pair with one in the alt text.
        Encoding::Quoted { close, .. } => extra
            .chars()
            .filter(|&c| {
                c != '\n'
                    && c != '\r'
                    && (c != '`' || (*close != '`' && unit.kind != Kind::LinkTitle))
            })
            .collect(),
        Encoding::Markdown { .. } if unit.kind.is_multiline() => extra
            .replace('\r', "")
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                if i == 0 || line.starts_with(char::is_alphabetic) {
                    line.to_string()
                } else {
                    format!("ƒ{line}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        // An image's alt text is Markdown, but brackets, backticks and `!` there would end
        // the image or join the title to a code span: no translator types them in alt text.
        Encoding::Markdown { .. } if unit.kind == Kind::Alt => extra
            .replace(['\n', '\r'], " ")
            .replace(['[', ']', '`', '!', '<'], ""),
        Encoding::Markdown { .. } => extra.replace(['\n', '\r'], " "),
    }
}

/// The pseudo-translation of a unit with `extra` added: front-matter values get it appended;
/// Markdown and quoted texts get it first, wrapped in `⟦…⟧` (the test kit's pseudo-translation) so that neither end can join the
/// markup around them, and every line after the first starts with `ƒ`, as prose does: a
/// source line that only its place kept from being a block marker (`:` after a paragraph,
/// `[^1]` before `: `) must not become one because the lines around it changed.
pub fn pseudo(unit: &Unit, extra: &str) -> String {
    match unit.encoding {
        Encoding::Yaml | Encoding::Toml => format!("{}{extra}", unit.text),
        Encoding::Markdown { .. } => {
            verso_testkit::pseudo_translation(&format!("{extra}{}", unit.text.replace('\n', "\nƒ")))
        }
        Encoding::Quoted { .. } => {
            verso_testkit::pseudo_translation(&format!("{extra}{}", unit.text))
        }
    }
}

/// Checks every promise on `source`, translating each unit as its text with `extra` added
/// (made [`fit`] for it). A source verso refuses (invalid front matter) passes: refusing is
/// allowed.
pub fn check(source: &str, extra: &str) -> Result<(), Failure> {
    let options = Options::default();
    let Ok(doc) = Document::parse(source, &options) else {
        return Ok(());
    };
    let identity = doc.reassemble_with(|u| Some(Cow::Borrowed(u.text.as_str())));
    match identity {
        Ok(out) if out == source => {}
        Ok(out) => return fail("identity", format!("{:?}", first_difference(source, &out))),
        Err(e) => return fail("identity", e.to_string()),
    }

    let targets: Vec<String> = doc
        .units()
        .iter()
        .map(|u| pseudo(u, &fit(u, extra)))
        .collect();
    let mut index = 0;
    let out = doc.reassemble_with(|_| {
        index += 1;
        Some(Cow::Borrowed(targets[index - 1].as_str()))
    });
    let out = match out {
        Ok(out) => out,
        Err(e) => return fail("pseudo-translation refused", e.to_string()),
    };
    let again = match Document::parse(out.as_str(), &options) {
        Ok(again) => again,
        Err(e) => {
            return fail(
                "front matter",
                format!("the translation does not parse: {e}"),
            );
        }
    };
    if again.front_matter() != doc.front_matter() {
        return fail("front matter", "the front matter is read differently");
    }
    let before_blocks = structure(body(doc.source()));
    let after_blocks = structure(body(&out));
    if before_blocks != after_blocks {
        let at = before_blocks
            .iter()
            .zip(&after_blocks)
            .position(|(a, b)| a != b)
            .unwrap_or(before_blocks.len().min(after_blocks.len()));
        return fail(
            "block structure",
            format!(
                "differs at block event {at}: {:?} vs {:?}",
                before_blocks.get(at),
                after_blocks.get(at)
            ),
        );
    }
    if doc.units().len() != again.units().len() {
        return fail(
            "unit count",
            format!(
                "{} units, {} after translation",
                doc.units().len(),
                again.units().len()
            ),
        );
    }
    for ((before, after), target) in doc.units().iter().zip(again.units()).zip(&targets) {
        if (before.kind, &before.context) != (after.kind, &after.context) {
            return fail(
                "unit kinds",
                format!(
                    "line {}: {} became {}",
                    before.line, before.kind, after.kind
                ),
            );
        }
        if before.kind == Kind::FrontMatter && after.text != *target {
            return fail(
                "front matter",
                format!("{target:?} was written and read back as {:?}", after.text),
            );
        }
    }
    let outside = |d: &Document| {
        let mut s = String::new();
        let mut at = 0;
        for u in d.units() {
            s.push_str(&d.source()[at..u.range.start]);
            s.push('\u{0}');
            at = u.range.end;
        }
        s.push_str(&d.source()[at..]);
        s
    };
    let (outside_before, outside_after) = (outside(&doc), outside(&again));
    if outside_before != outside_after {
        return fail(
            "bytes outside units",
            format!("{:?}", first_difference(&outside_before, &outside_after)),
        );
    }
    Ok(())
}

/// Around the first byte where `a` and `b` differ.
fn first_difference(a: &str, b: &str) -> (String, String) {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let around = |s: &str| {
        let start = s.floor_char_boundary(at.saturating_sub(20));
        let end = s.ceil_char_boundary((at + 20).min(s.len()));
        s[start..end].to_string()
    };
    (around(a), around(b))
}

/// The Markdown after the front matter (Hugo reads the front matter itself, and
/// pulldown-cmark's metadata blocks end at a blank line that a YAML or TOML string may hold).
/// Lines end at `\n`, `\r\n` or a lone `\r`, as they do for YAML and pulldown-cmark.
fn body(text: &str) -> &str {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // (start, end without the line ending) of each line after the BOM.
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = bom;
    let mut i = bom;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i, i + 1));
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines.push((start, i, i + 2));
                i += 1;
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i, i + 1));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push((start, bytes.len(), bytes.len()));
    }
    let Some(&(first_start, first_end, _)) = lines.first() else {
        return text;
    };
    let fence = match text[first_start..first_end].trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return text,
    };
    for &(start, end, next) in &lines[1..] {
        let line = text[start..end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            return &text[next..];
        }
    }
    text
}

/// The block structure of a document's body, parsed as Hugo would: block starts and ends,
/// headings' levels and attributes, code blocks and HTML; inline content is left out.
pub fn structure(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    for event in Parser::new_ext(text, cmark_options()) {
        match event {
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => blocks.push(format!("heading {level} {id:?} {classes:?}")),
            Event::Start(Tag::CodeBlock(kind)) => blocks.push(format!("code {kind:?}")),
            Event::Start(tag) => blocks.push(
                format!("{tag:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            ),
            Event::End(tag) => blocks.push(format!("end {tag:?}")),
            Event::Html(h) => blocks.push(format!("html {h}")),
            _ => {}
        }
    }
    blocks
}
