//! Error-level checks: what a translation must never bring into a published issue.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use verso_segment::placeables::{self, Block, LinkKind, Placeables, Shortcode};
use verso_segment::{Document, Encoding, Kind, Options, Unit};

use crate::links::Comparison;
use crate::{CheckKind, Finding};

/// Shortcode attributes that hold prose, which a translation may change.
const TRANSLATABLE_ATTRIBUTES: [&str; 3] = ["caption", "alt", "title"];

/// `links` is `crate::links::compare(english, translated)`, which the warnings read too.
/// `english_blocks` holds, once the structure check needed them, the blocks of `unit`'s text:
/// shared by every translation of that text.
pub(crate) fn check(
    unit: &Unit,
    target: &str,
    english: &Placeables,
    english_blocks: &OnceLock<Vec<Block>>,
    translated: &Placeables,
    links: &Comparison<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    new_and_dropped_links(links, &mut out);
    html(english, translated, &mut out);
    shortcodes(english, translated, &mut out);
    inline_code(unit, target, english, translated, &mut out);
    structure(unit, target, english, english_blocks, translated, &mut out);
    if unit.kind == Kind::Heading && english.heading_attributes != translated.heading_attributes {
        out.push(Finding::new(
            CheckKind::HeadingId,
            "the translation changes the heading's `{#id}` attributes, which anchors link to",
            english.heading_attributes.join(" "),
            translated.heading_attributes.join(" "),
        ));
    }
    trailing_backslash(unit, target, &mut out);
    if unit.kind == Kind::FrontMatter {
        front_matter(unit, target, &mut out);
    }
    out
}

fn new_and_dropped_links(comparison: &Comparison<'_>, out: &mut Vec<Finding>) {
    for &(link, near) in &comparison.new {
        let dest = link.destination.as_str();
        let message = match link.kind {
            LinkKind::Reference => format!(
                "`{dest}` links wherever the issue defines that label; write `\\[` for a bracket"
            ),
            LinkKind::Definition => {
                format!(
                    "the translation defines a link label to `{dest}`, which the English does not"
                )
            }
            _ => format!("the translation links to `{dest}`, which the English does not"),
        };
        out.push(Finding::new(
            CheckKind::NewLink,
            message,
            near.map_or("", |l| l.destination.as_str()),
            dest,
        ));
    }
    for link in &comparison.dropped {
        let dest = link.destination.as_str();
        out.push(Finding::new(
            CheckKind::DroppedLink,
            format!("the English links to `{dest}`, the translation does not"),
            dest,
            "",
        ));
    }
}

fn html(english: &Placeables, translated: &Placeables, out: &mut Vec<Finding>) {
    for tag in &translated.html {
        if !english.html.contains(tag) {
            out.push(Finding::new(
                CheckKind::NewHtml,
                "the translation holds HTML that the English does not",
                english.html.join(" "),
                tag.as_str(),
            ));
        }
    }
}

/// A shortcode call with its prose attributes left out: what a translation must keep.
fn markup(shortcode: &Shortcode) -> (&str, bool, Vec<(Option<&str>, &str)>) {
    let attributes = shortcode
        .attributes
        .iter()
        .map(|(name, value)| match name.as_deref() {
            Some(n) if TRANSLATABLE_ATTRIBUTES.contains(&n) => (Some(n), ""),
            n => (n, value.as_str()),
        })
        .collect();
    (&shortcode.name, shortcode.closing, attributes)
}

fn shortcodes(english: &Placeables, translated: &Placeables, out: &mut Vec<Finding>) {
    let known: Vec<_> = english.shortcodes.iter().map(markup).collect();
    for sc in &translated.shortcodes {
        if sc.name.is_empty() || !known.contains(&markup(sc)) {
            out.push(Finding::new(
                CheckKind::NewShortcode,
                "the translation holds a Hugo shortcode that the English does not",
                "",
                sc.raw.as_str(),
            ));
        }
    }
}

/// Code spans of `from` missing from `to`'s code spans, split into those whose content `to`
/// still holds as text (only the backticks changed) and those changed or gone.
pub(crate) fn code_differences<'a>(
    from: &'a [String],
    to_code: &[String],
    to_text: &str,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut left: Vec<&str> = to_code.iter().map(String::as_str).collect();
    let (mut markup, mut changed) = (Vec::new(), Vec::new());
    for code in from {
        match left.iter().position(|c| c == code) {
            Some(i) => {
                left.remove(i);
            }
            None if to_text.contains(code.as_str()) => markup.push(code.as_str()),
            None => changed.push(code.as_str()),
        }
    }
    (markup, changed)
}

pub(crate) fn quote_code(all: &[&str]) -> String {
    all.iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Inline code whose content changed; backticks added or removed around the same text are a
/// warning (`code-markup`).
fn inline_code(
    unit: &Unit,
    target: &str,
    english: &Placeables,
    translated: &Placeables,
    out: &mut Vec<Finding>,
) {
    let (_, dropped) = code_differences(&english.code, &translated.code, target);
    let (_, added) = code_differences(&translated.code, &english.code, &unit.text);
    if !dropped.is_empty() || !added.is_empty() {
        out.push(Finding::new(
            CheckKind::InlineCode,
            "inline code must stay as in the English",
            quote_code(&dropped),
            quote_code(&added),
        ));
    }
}

/// Markdown that would change the document's block structure once written back in place.
fn structure(
    unit: &Unit,
    target: &str,
    english: &Placeables,
    english_blocks: &OnceLock<Vec<Block>>,
    translated: &Placeables,
    out: &mut Vec<Finding>,
) {
    if target.contains('\r') && !unit.text.contains('\r') {
        // A carriage return alone ends a line for Markdown, and for no line count here.
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation holds a carriage return, which ends a line",
            "",
            format!("{target:?}"),
        ));
        return;
    }
    let english_lines = line_count(&unit.text);
    let target_lines = line_count(target);
    if !unit.kind.is_multiline() && target_lines > english_lines {
        out.push(Finding::new(
            CheckKind::Structure,
            format!(
                "a {} holds {english_lines} line(s); the translation has {target_lines}",
                unit.kind
            ),
            "",
            first_line_break(target),
        ));
        return;
    }
    let blank_lines = |text: &str| text.split('\n').filter(|l| l.trim().is_empty()).count();
    if let Some(blank) = target.split('\n').position(|l| l.trim().is_empty())
        && blank_lines(target) > blank_lines(&unit.text)
    {
        out.push(Finding::new(
            CheckKind::Structure,
            format!(
                "line {} of the translation is blank: a {} cannot hold a blank line",
                blank + 1,
                unit.kind
            ),
            "",
            around_line(target, blank),
        ));
        return;
    }
    if !matches!(unit.encoding, Encoding::Markdown { .. }) {
        return;
    }
    let task = |text: &str| {
        ["[ ]", "[x]", "[X]"].iter().any(|m| {
            text.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        })
    };
    if unit.kind == Kind::ListItem && task(target) && !task(&unit.text) {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation starts with a task-list box (`[ ]`, `[x]`); write `\\[` for a bracket",
            "",
            first_line_break(target),
        ));
        return;
    }
    if unit.kind == Kind::ListItem
        && target.starts_with(char::is_whitespace)
        && !unit.text.starts_with(char::is_whitespace)
    {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation starts with a blank, which moves the list item's content column",
            "",
            format!("{:?}", first_line_break(target)),
        ));
        return;
    }
    if unit.kind == Kind::Alt
        && placeables::alt_text_stays_inside(&unit.text)
        && !placeables::alt_text_stays_inside(target)
    {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation would close the image's alt text early (an unbalanced `]`?)",
            "",
            target,
        ));
        return;
    }
    if translated.media_only && !english.media_only {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation is made only of images or shortcodes, and would no longer be a unit",
            "",
            target,
        ));
        return;
    }
    if translated.markup_only && !english.markup_only {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation holds only markup (HTML tags, emphasis) and no text of its own, \
             and would no longer be a unit",
            "",
            target,
        ));
        return;
    }
    // Most units skip the parse.
    if one_paragraph(&unit.text) && one_paragraph(target) {
        return;
    }
    let mut english_blocks: &[Block] =
        english_blocks.get_or_init(|| placeables::blocks(&unit.text));
    let target_blocks = placeables::blocks(target);
    // A first line starting with `:` may make a definition list in place (see `blocks`); a
    // translation that does not start so takes that risk away, it adds none.
    if english_blocks.first() == Some(&Block::DefinitionList)
        && target_blocks.first() != Some(&Block::DefinitionList)
    {
        english_blocks = &english_blocks[1..];
    }
    if english_blocks != target_blocks.as_slice() {
        let new = target_blocks
            .iter()
            .find(|b| !english_blocks.contains(b))
            .or(target_blocks.first())
            .unwrap_or(&Block::Paragraph);
        let at = match marker_line(target, new) {
            Some((line, marker)) => {
                format!("line {line} of the translation starts with {marker}: ")
            }
            None => String::new(),
        };
        out.push(Finding::new(
            CheckKind::Structure,
            format!(
                "{at}written back in place, the translation would make {} ({} block(s) where the English makes {}); escape a marker meant as text with `\\`",
                new.describe(),
                target_blocks.len(),
                english_blocks.len()
            ),
            "",
            target,
        ));
    }
}

/// Where the block `new` begins in `target`: the first 1-based line such that the lines up to
/// it, parsed alone, make that block, with the marker that line starts with (quoted).
fn marker_line(target: &str, new: &Block) -> Option<(usize, String)> {
    let lines: Vec<&str> = target.split('\n').collect();
    let k =
        (0..lines.len()).find(|&k| placeables::blocks(&lines[..=k].join("\n")).contains(new))?;
    let line = lines[k];
    let rest = line.trim_start_matches([' ', '\t']);
    if line.len() - rest.len() >= 4 || line.starts_with('\t') {
        return Some((k + 1, "four blanks (indented code)".to_string()));
    }
    let token = rest.split_whitespace().next().unwrap_or_default();
    let token = match token.find('>') {
        Some(end) if token.starts_with('<') => &token[..=end],
        _ => &token[..token.find(char::is_alphabetic).unwrap_or(token.len())],
    };
    (!token.is_empty()).then(|| (k + 1, format!("`{token}`")))
}

/// Whether `text` holds a `\n` or `\r` (a byte scan).
/// Whether `text` is one paragraph for pulldown-cmark ([`placeables::blocks`] gives
/// `[Paragraph]`), seen without parsing it: each of its lines starts with a character that
/// starts no block. A heading, list, quote, fence, HTML block, thematic break, reference,
/// footnote or definition needs its marker first, indented code a blank, a setext heading a
/// line of `=` or `-`, a table a line of `|`, `-` and `:`; a blank line ends the paragraph.
fn one_paragraph(text: &str) -> bool {
    !text.contains('\r')
        && text.split('\n').all(|line| {
            line.chars().next().is_some_and(|c| {
                !c.is_whitespace() && !c.is_ascii_digit() && !"#>-+*_~`<:[=|".contains(c)
            })
        })
}

/// The number of lines of `text`, as [`verso_text::split_lines`] counts them: without a
/// carriage return (almost always), one more than its line feeds, counted by memchr.
fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    match memchr::memchr(b'\r', bytes) {
        None => memchr::memchr_iter(b'\n', bytes).count() + 1,
        Some(_) => verso_text::split_lines(text).count(),
    }
}

fn first_line_break(text: &str) -> String {
    verso_text::split_lines(text)
        .take(2)
        .collect::<Vec<_>>()
        .join("\n")
}

fn around_line(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let from = line.saturating_sub(1);
    let to = (line + 2).min(lines.len());
    lines[from..to].join("\n")
}

/// A `\` at the very end escapes whatever follows the unit in the source: the `"` closing a
/// shortcode attribute or link title, the `]` closing an alt text, the `|` closing a cell.
fn trailing_backslash(unit: &Unit, target: &str, out: &mut Vec<Finding>) {
    let delimited = matches!(unit.encoding, Encoding::Quoted { .. })
        || matches!(unit.kind, Kind::TableCell | Kind::Alt);
    let backslashes = target.len() - target.trim_end_matches('\\').len();
    if delimited && backslashes % 2 == 1 {
        out.push(Finding::new(
            CheckKind::TrailingBackslash,
            format!(
                "the translation ends with `\\`, which would escape the delimiter closing this {}",
                unit.kind
            ),
            "",
            tail(target, 20),
        ));
    }
    if let Encoding::Quoted { close: '`', .. } = unit.encoding
        && target.contains('`')
    {
        out.push(Finding::new(
            CheckKind::Structure,
            "the translation holds a backtick, which delimits this value and cannot be escaped",
            "",
            target,
        ));
    }
}

fn tail(text: &str, chars: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(chars)).collect()
}

/// Writes the target into a front matter of the unit's format, in each quoting style, and reads
/// it back: the value must parse and come back as the target.
fn front_matter(unit: &Unit, target: &str, out: &mut Vec<Finding>) {
    let key = unit.context.as_deref().unwrap_or("title");
    let toml = match unit.encoding {
        Encoding::Yaml => false,
        Encoding::Toml => true,
        _ => return,
    };
    let options = Options {
        front_matter_keys: vec![key.to_string()],
        ..Options::default()
    };
    // The front matters to write into, each with the id of its one unit: parsed once per
    // thread for each format (TOML or not) and key.
    type Templates = HashMap<(bool, String), Rc<Vec<(Document, String)>>>;
    thread_local! {
        static TEMPLATES: RefCell<Templates> = RefCell::default();
    }
    let templates = TEMPLATES.with_borrow_mut(|templates| {
        let documents = templates.entry((toml, key.to_string())).or_insert_with(|| {
            let sources: Vec<String> = match toml {
                false => ["x", "'x'", "\"x\""]
                    .iter()
                    .map(|v| format!("---\n{key}: {v}\n---\n"))
                    .collect(),
                true => ["'x'", "\"x\""]
                    .iter()
                    .map(|v| format!("+++\n{key} = {v}\n+++\n"))
                    .collect(),
            };
            let parsed = sources.into_iter().filter_map(|source| {
                let doc = Document::parse(source, &options).ok()?;
                let id = doc.units().first()?.id.clone();
                Some((doc, id))
            });
            Rc::new(parsed.collect())
        });
        Rc::clone(documents)
    });
    for (doc, id) in templates.iter() {
        let translations = HashMap::from([(id.clone(), target.to_string())]);
        let broken = match doc.reassemble(&translations) {
            Err(e) => Some(e.to_string()),
            Ok(written) => match Document::parse(written, &options) {
                Err(e) => Some(e.to_string()),
                Ok(back) => match back.units() {
                    [u] if u.text == target => None,
                    _ => Some("the value does not read back as written".to_string()),
                },
            },
        };
        if let Some(why) = broken {
            out.push(Finding::new(
                CheckKind::FrontMatter,
                format!("written into the front matter, the translation breaks it: {why}"),
                "",
                target,
            ));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of up to five pieces, line endings of every kind among them.
    #[test]
    fn line_count_counts_the_lines_split_lines_gives() {
        let texts = crate::every_text(&["a", "é", " ", "\n", "\r", "\r\n", "\n\n"], 5);
        assert!(texts.len() > 10_000, "{}", texts.len());
        for text in &texts {
            assert_eq!(
                line_count(text),
                verso_text::split_lines(text).count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn one_paragraph_is_what_the_parser_says() {
        let lines = [
            "a",
            "Été",
            "x  ",
            "a\\",
            "a | b",
            "x |",
            "\\# x",
            "{{< figure src=\"a\" >}}",
            "$$ x $$",
            "&amp; x",
            "«x»",
            "![i](x)",
            "Term",
            "1. x",
            "2) x",
            "2019 x",
            "- x",
            "* x",
            "+ x",
            "# x",
            "#x",
            "> x",
            "```",
            "~~~",
            "<div>",
            "<!-- x -->",
            "---",
            "===",
            "***",
            "___",
            "+++",
            "| a | b |",
            "|---|---|",
            ":--|--:",
            "--|--",
            ": def",
            "[a]: /url",
            "[^1]: note",
            "    code",
            "\tcode",
            " x",
            "",
            "\u{a0}x",
        ];
        let mut texts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for a in lines {
            for b in lines {
                texts.push(format!("{a}\n{b}"));
                for c in ["a", "---", "|-|-|", "- x"] {
                    texts.push(format!("{a}\n{b}\n{c}"));
                }
            }
        }
        let mut fast = 0;
        for text in &texts {
            if one_paragraph(text) {
                fast += 1;
                assert_eq!(placeables::blocks(text), [Block::Paragraph], "{text:?}");
            }
        }
        // Most of these texts are not one paragraph; enough are, on several lines.
        assert!(fast > 300, "{fast}");
    }
}
