//! Placeables: the parts of a unit's Markdown that a translation must carry over as they are
//! (link and image destinations, inline code, raw HTML, Hugo shortcodes, heading `{#id}`
//! attributes) or that it should keep (numbers, XEP numbers, emphasis), and the block structure
//! a text would give if it were written back in its place.
//!
//! Everything is found from pulldown-cmark's events with [`cmark_options`], the options the
//! segmenter uses, so a construct counts here exactly when it counts in a published issue.
//! Shortcodes are found in the raw text (Hugo expands them before Markdown is parsed, even
//! inside code spans).
//!
//! ```
//! use verso_segment::placeables::{LinkKind, Placeables};
//!
//! let found = Placeables::of("Read [XEP-0384](https://xmpp.org/extensions/xep-0384.html) and `code`.");
//! assert_eq!(found.links.len(), 1);
//! assert_eq!(found.links[0].kind, LinkKind::Link);
//! assert_eq!(found.links[0].destination, "https://xmpp.org/extensions/xep-0384.html");
//! assert_eq!(found.links[0].text, "XEP-0384");
//! assert_eq!(found.code, ["code"]);
//! assert_eq!(found.xeps, ["0384"]);
//! ```

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::cmark_options;
use crate::shortcode;

/// What a link-like placeable is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    /// `[text](destination "title")`, reference and collapsed links too.
    Link,
    /// `![alt](source "title")`.
    Image,
    /// `<https://example.org>` or `<name@example.org>`.
    Autolink,
    /// `[text][label]` or `[label][]` with no definition in the text: a link as soon as the
    /// document around defines the label. Its destination is `[label]`.
    Reference,
    /// A link reference definition (`[label]: destination`).
    Definition,
}

/// A link, image or autolink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Link, image, autolink, reference or definition.
    pub kind: LinkKind,
    /// The destination as pulldown-cmark resolves it (escapes and entities decoded).
    pub destination: String,
    /// The title (`"…"` after the destination), empty when there is none.
    pub title: String,
    /// The plain text between the brackets (the alt text of an image).
    pub text: String,
}

/// A Hugo shortcode call (`{{< name key="value" >}}`, `{{% name %}}`, `{{< /name >}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    /// The shortcode's name (`figure`); empty for a call that does not parse.
    pub name: String,
    /// `{{< /name >}}`.
    pub closing: bool,
    /// `(name, value)`; positional values have no name. Values are as spelled between their
    /// delimiters.
    pub attributes: Vec<(Option<String>, String)>,
    /// The whole call as written.
    pub raw: String,
}

/// The placeables of one unit's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeables {
    /// Links, images and autolinks in text order.
    pub links: Vec<Link>,
    /// The content of inline code spans.
    pub code: Vec<String>,
    /// Inline and block HTML, each tag or comment as written.
    pub html: Vec<String>,
    /// Hugo shortcode calls, in order.
    pub shortcodes: Vec<Shortcode>,
    /// Heading attribute blocks (`{#id .class}`) at the end of a line, as written.
    pub heading_attributes: Vec<String>,
    /// Runs of digits in the text (not in code, URLs or HTML): `1,000.5` gives `1`, `000`, `5`,
    /// so that `1 000,5` in a translation has the same numbers.
    pub numbers: Vec<String>,
    /// The four digits of each XEP number named in the text or a link destination (`XEP-0384`,
    /// `xep-0384.html`).
    pub xeps: Vec<String>,
    /// Emphasis spans (`*a*`, `_a_`).
    pub emphasis: usize,
    /// Strong spans (`**a**`).
    pub strong: usize,
    /// Strikethrough spans (`~~a~~`).
    pub strikethrough: usize,
    /// Footnote references (`[^1]`), by label.
    pub footnotes: Vec<String>,
    /// The prose: the text events outside code, HTML and autolinks, line breaks as spaces.
    /// What glossary, name and typography checks read.
    pub prose: String,
    /// The text is made only of images (with links around them) or only of shortcodes: the
    /// segmenter makes units of their alt texts, titles and attributes, not of the text.
    pub media_only: bool,
    /// The text has no text of its own, only markup: inline HTML tags, emphasis, blanks
    /// (`*<abbr>*`). The segmenter makes no unit of it (a unit needs text outside HTML tags).
    pub markup_only: bool,
}

impl Placeables {
    /// Finds the placeables of `text`, a unit's Markdown.
    pub fn of(text: &str) -> Placeables {
        let trimmed = text.trim_start();
        if is_plain(trimmed) {
            return Placeables::of_plain(trimmed);
        }
        Placeables::parsed(text)
    }

    /// [`Placeables::of`] always through pulldown-cmark, even for a text that [`is_plain`]: the
    /// reference the fast path is tested against (same result on every text).
    pub fn parsed(text: &str) -> Placeables {
        // Parsed as the continuation of a paragraph: the first line of a text that stands
        // inline where it is written (a heading, a table cell, an alt text, a caption) must not
        // open a code block, a fence or an HTML block that would hide its links from this
        // reading. Whether a text opens blocks is `blocks`'s business.
        // A text starting with `[` opens none of those, and may start with a link reference
        // definition, which only counts at the start of a paragraph.
        let trimmed = text.trim_start();
        let lead = if trimmed.starts_with('[') { "" } else { "x " };
        let mut inline = String::with_capacity(lead.len() + trimmed.len());
        inline.push_str(lead);
        inline.push_str(trimmed);
        let text = inline.as_str();
        let mut found = Placeables {
            prose: String::with_capacity(text.len()),
            ..Placeables::default()
        };
        // Open links: index into `found.links`.
        let mut open: Vec<usize> = Vec::new();
        // Something other than images, links around them and blanks (the segmenter's rule).
        let mut other = false;
        // Text outside HTML tags, code, math or a footnote reference (the segmenter's rule).
        let mut words = false;
        // The first text event starts with `lead`, which is not the text's.
        let mut lead_pending = !lead.is_empty();
        // An undefined reference is a link waiting for a definition elsewhere in the document.
        // A shortcut `[label]` stays text: German translators mark links to English pages
        // `[EN]`, inside link texts too, where a link would unmake the link around it. It only
        // links if the document defines the label, and a definition is a destination here.
        let undefined = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
            if link.link_type == LinkType::Shortcut {
                return None;
            }
            let label = format!("[{}]", link.reference.to_lowercase());
            Some((label.into(), "".into()))
        };
        let mut parser =
            Parser::new_with_broken_link_callback(text, cmark_options(), Some(undefined));
        for event in parser.by_ref() {
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let kind = match link_type {
                        LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                        LinkType::ReferenceUnknown
                        | LinkType::CollapsedUnknown
                        | LinkType::ShortcutUnknown => LinkKind::Reference,
                        _ => LinkKind::Link,
                    };
                    open.push(found.links.len());
                    found.links.push(Link {
                        kind,
                        destination: dest_url.into_string(),
                        title: title.into_string(),
                        text: String::new(),
                    });
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let kind = match link_type {
                        LinkType::ReferenceUnknown
                        | LinkType::CollapsedUnknown
                        | LinkType::ShortcutUnknown => LinkKind::Reference,
                        _ => LinkKind::Image,
                    };
                    open.push(found.links.len());
                    found.links.push(Link {
                        kind,
                        destination: dest_url.into_string(),
                        title: title.into_string(),
                        text: String::new(),
                    });
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    open.pop();
                }
                Event::Start(Tag::Emphasis) => found.emphasis += 1,
                Event::Start(Tag::Strong) => found.strong += 1,
                Event::Start(Tag::Strikethrough) => found.strikethrough += 1,
                Event::Text(t) => {
                    let t = if lead_pending {
                        lead_pending = false;
                        t.strip_prefix(lead).unwrap_or(&t).to_string()
                    } else {
                        t.into_string()
                    };
                    let blank = t.trim().is_empty();
                    let in_image = open.iter().any(|&i| found.links[i].kind == LinkKind::Image);
                    if !in_image && !blank {
                        other = true;
                    }
                    words |= !blank;
                    for &i in &open {
                        found.links[i].text.push_str(&t);
                    }
                    // Autolinks repeat their destination as text; it is no number of the prose.
                    let in_autolink = open
                        .last()
                        .is_some_and(|&i| found.links[i].kind == LinkKind::Autolink);
                    if !in_autolink {
                        found.prose.push_str(&t);
                        digit_runs(&t, &mut found.numbers);
                        xep_numbers(&t, &mut found.xeps);
                    }
                }
                Event::Code(c) => {
                    other = true;
                    words = true;
                    // A code span stands in the prose as one opaque word.
                    found.prose.push('\u{fffc}');
                    for &i in &open {
                        found.links[i].text.push_str(&c);
                    }
                    found.code.push(c.into_string());
                }
                Event::InlineHtml(h) | Event::Html(h) => {
                    other = true;
                    let h = h.trim_end_matches(['\n', '\r']);
                    if !h.trim().is_empty() {
                        found.html.push(h.to_string());
                    }
                }
                Event::FootnoteReference(label) => {
                    words = true;
                    found.footnotes.push(label.into_string());
                }
                Event::InlineMath(_) | Event::DisplayMath(_) => words = true,
                Event::SoftBreak | Event::HardBreak => {
                    found.prose.push(' ');
                    for &i in &open {
                        found.links[i].text.push(' ');
                    }
                }
                _ => {}
            }
        }
        let mut definitions: Vec<_> = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| Link {
                kind: LinkKind::Definition,
                destination: String::from(&*def.dest),
                title: def.title.as_deref().unwrap_or_default().to_string(),
                text: label.to_string(),
            })
            .collect();
        definitions.sort_by(|a, b| a.text.cmp(&b.text));
        found.links.extend(definitions);
        for link in &found.links {
            xep_numbers(&link.destination, &mut found.xeps);
        }
        found.xeps.sort();
        found.xeps.dedup();
        let original = &text[lead.len()..];
        found.media_only = shortcode::parse_all(original).is_some()
            || (!other && found.links.iter().any(|l| l.kind == LinkKind::Image));
        found.markup_only = !words && !trimmed.is_empty();
        found.shortcodes = shortcodes(original);
        found.heading_attributes = text.lines().filter_map(heading_attributes).collect();
        found
    }

    /// [`Placeables::of`] a text that [`is_plain`], without parsing it: pulldown-cmark would
    /// read it as one text event, so the prose is the text and only the raw-text findings
    /// (numbers, XEP numbers, shortcodes, heading attributes) remain to be made.
    fn of_plain(text: &str) -> Placeables {
        let mut found = Placeables::default();
        digit_runs(text, &mut found.numbers);
        xep_numbers(text, &mut found.xeps);
        found.xeps.sort();
        found.xeps.dedup();
        found.prose = text.to_string();
        found.media_only = shortcode::parse_all(text).is_some();
        found.shortcodes = shortcodes(text);
        if text.contains('}') {
            // Read as `of` reads it, after the lead.
            found.heading_attributes = format!("x {text}")
                .lines()
                .filter_map(heading_attributes)
                .collect();
        }
        found
    }

    /// Link and image destinations, sorted (autolinks included).
    pub fn destinations(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.links.iter().map(|l| l.destination.as_str()).collect();
        all.sort_unstable();
        all
    }
}

/// Whether pulldown-cmark reads `text` (with no leading blank), as the continuation of a
/// paragraph, as plain text: one line, not empty, no byte its inline parser stops at with
/// [`cmark_options`] (`*`, `_`, `&`, `\`, `[`, `]`, `<`, `!`, a backtick, `|`, `~`, line
/// breaks), no other control character, and no
/// trailing blank (which the parser drops). Most translated headings and short paragraphs are
/// such texts; their placeables need no parse.
pub fn is_plain(text: &str) -> bool {
    !text.is_empty() && !text.ends_with(' ') && text.bytes().all(|b| !SPECIAL[usize::from(b)])
}

/// The bytes [`is_plain`] refuses: control characters, DEL and the inline parser's special
/// bytes. A table: one load per byte.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20
            || b == 0x7f
            || matches!(
                b as u8,
                b'*' | b'_' | b'&' | b'\\' | b'[' | b']' | b'<' | b'!' | b'`' | b'|' | b'~'
            );
        b += 1;
    }
    table
};

/// Every shortcode call in `text`, in order.
fn shortcodes(text: &str) -> Vec<Shortcode> {
    let mut out = Vec::new();
    // Most texts have no `{` at all: one byte scan instead of a substring search.
    if !text.as_bytes().contains(&b'{') {
        return out;
    }
    let mut at = 0;
    while let Some(n) = text[at..].find("{{") {
        let start = at + n;
        match shortcode::parse_one(text, start) {
            Some((sc, end)) => {
                let raw = &text[start..end];
                let closing = raw[3..].trim_start().starts_with('/');
                out.push(Shortcode {
                    name: sc.name,
                    closing,
                    attributes: sc
                        .attributes
                        .into_iter()
                        .map(|a| (a.name, text[a.value].to_string()))
                        .collect(),
                    raw: raw.to_string(),
                });
                at = end;
            }
            None => {
                // An unterminated or malformed call is still a call for Hugo (which fails the
                // build on it); keep it so that a check can refuse it.
                if text[start..].starts_with("{{<") || text[start..].starts_with("{{%") {
                    let end = text[start..]
                        .find("}}")
                        .map_or(text.len(), |e| start + e + 2);
                    out.push(Shortcode {
                        name: String::new(),
                        closing: false,
                        attributes: Vec::new(),
                        raw: text[start..end].to_string(),
                    });
                }
                at = start + 2;
            }
        }
    }
    out
}

/// The attribute block at the end of `line` when, as a heading, it would be read as one.
fn heading_attributes(line: &str) -> Option<String> {
    let trimmed = line.trim_end();
    if !trimmed.ends_with('}') || !trimmed.contains('{') {
        return None;
    }
    let heading = format!("# {}", trimmed.trim_start());
    for event in Parser::new_ext(&heading, cmark_options()) {
        if let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = event
        {
            if id.is_none() && classes.is_empty() && attrs.is_empty() {
                return None;
            }
            let open = trimmed.rfind('{')?;
            return Some(trimmed[open..].to_string());
        }
    }
    None
}

/// Pushes each run of ASCII digits of `text`. A byte scan: an ASCII digit byte is never part
/// of a longer UTF-8 sequence.
fn digit_runs(text: &str, out: &mut Vec<String>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(start) = next_digit(bytes, at) {
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        out.push(text[start..start + len].to_string());
        at = start + len;
    }
}

/// The first ASCII digit of `bytes` at or after `from`. Blocks of 32 bytes without one are
/// skipped by a test without branches, which the compiler vectorizes: most prose has few
/// digits.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(block) = bytes.get(at..at + 32) {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            break;
        }
        at += 32;
    }
    bytes[at..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|n| at + n)
}

/// Pushes the number of each `XEP-NNNN` (any case, `-`, `_`, blank or nothing between).
fn xep_numbers(text: &str, out: &mut Vec<String>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Only an `x` or `X` can start one: skip to the next.
    while let Some(n) = memchr::memchr2(b'x', b'X', &bytes[at..]) {
        at += n;
        if at + 3 > bytes.len() {
            break;
        }
        if bytes[at..at + 3].eq_ignore_ascii_case(b"xep")
            && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
        {
            let mut i = at + 3;
            if i < bytes.len() && matches!(bytes[i], b'-' | b'_' | b' ') {
                i += 1;
            }
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 4 {
                out.push(text[i..i + 4].to_string());
                at = i + 4;
                continue;
            }
        }
        at += 1;
    }
}

/// A block-level construct of a text parsed on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Block {
    /// A paragraph.
    Paragraph,
    /// An ATX or setext heading, with its level.
    Heading(u8),
    /// A block quote.
    BlockQuote,
    /// A fenced or indented code block.
    CodeBlock,
    /// An HTML block.
    HtmlBlock,
    /// A list; `Some(start)` for an ordered one.
    List(Option<u64>),
    /// A list item.
    Item,
    /// A table.
    Table,
    /// A thematic break (`***`, `---`).
    Rule,
    /// A footnote definition (`[^1]: …`).
    FootnoteDefinition,
    /// A definition list (`Term` then `: definition`).
    DefinitionList,
    /// A metadata block.
    MetadataBlock,
}

impl Block {
    /// What a translator would call it.
    pub fn describe(&self) -> &'static str {
        match self {
            Block::Paragraph => "a paragraph",
            Block::Heading(_) => "a heading",
            Block::BlockQuote => "a block quote",
            Block::CodeBlock => "a code block",
            Block::HtmlBlock => "an HTML block",
            Block::List(_) => "a list",
            Block::Item => "a list item",
            Block::Table => "a table",
            Block::Rule => "a thematic break",
            Block::FootnoteDefinition => "a footnote definition",
            Block::DefinitionList => "a definition list",
            Block::MetadataBlock => "a metadata block",
        }
    }
}

/// The blocks `text` makes when parsed as a document of its own, in order (nested ones after
/// their container). A paragraph, list item or quote unit's text is one `Paragraph`: when a
/// translation gives anything else (a heading, a list, a second paragraph after a blank line, a
/// setext underline, a table, a code fence, an HTML block, a thematic break), writing it back in
/// place of the English changes the document's structure.
///
/// ```
/// use verso_segment::placeables::{blocks, Block};
///
/// assert_eq!(blocks("Plain text\nover two lines"), [Block::Paragraph]);
/// assert_eq!(blocks("Text\n\n- a list"), [Block::Paragraph, Block::List(None), Block::Item]);
/// assert_eq!(blocks("Text\n==="), [Block::Heading(1)]);
/// ```
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // A first line starting with `:` makes the paragraph before the text, in the document, a
    // definition list's term (pulldown-cmark needs no space after the colon).
    let first = text.trim_start_matches([' ', '\t']);
    if text.len() - first.len() < 4 && first.starts_with(':') {
        out.push(Block::DefinitionList);
    }
    for event in Parser::new_ext(text, cmark_options()) {
        let block = match event {
            Event::Start(Tag::Paragraph) => Block::Paragraph,
            Event::Start(Tag::Heading { level, .. }) => Block::Heading(level as u8),
            Event::Start(Tag::BlockQuote(_)) => Block::BlockQuote,
            Event::Start(Tag::CodeBlock(_)) => Block::CodeBlock,
            Event::Start(Tag::HtmlBlock) => Block::HtmlBlock,
            Event::Start(Tag::List(start)) => Block::List(start),
            Event::Start(Tag::Item) => Block::Item,
            Event::Start(Tag::Table(_)) => Block::Table,
            Event::Rule => Block::Rule,
            Event::Start(Tag::FootnoteDefinition(_)) => Block::FootnoteDefinition,
            Event::Start(Tag::DefinitionList) => Block::DefinitionList,
            Event::Start(Tag::MetadataBlock(_)) => Block::MetadataBlock,
            _ => continue,
        };
        out.push(block);
    }
    out
}

/// Whether `text`, written as an image's alt text (`![text](…)`), stays inside the brackets:
/// the image is then the only thing its paragraph holds.
///
/// ```
/// use verso_segment::placeables::alt_text_stays_inside;
///
/// assert!(alt_text_stays_inside("A [nested] *alt*"));
/// assert!(!alt_text_stays_inside("A](https://evil.example) ![b"));
/// ```
pub fn alt_text_stays_inside(text: &str) -> bool {
    const MARK: &str = "verso:alt";
    let image = format!("![{text}]({MARK})");
    let mut depth = 0;
    let mut images = 0;
    for event in Parser::new_ext(&image, cmark_options()) {
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Image { dest_url, .. }) if depth == 0 => {
                if dest_url.as_ref() != MARK {
                    return false;
                }
                images += 1;
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ if depth == 0 => return false,
            _ => {}
        }
    }
    images == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Placeables) {
        let mut found = Placeables::of(text);
        found.prose.clear();
        assert_eq!(found, expected, "{text:?}");
    }

    fn link(kind: LinkKind, destination: &str, title: &str, text: &str) -> Link {
        Link {
            kind,
            destination: destination.into(),
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn plain_text_has_only_numbers() {
        check(
            "Version 1,000.5 of 2025",
            Placeables {
                numbers: vec!["1".into(), "000".into(), "5".into(), "2025".into()],
                ..Placeables::default()
            },
        );
    }

    #[test]
    fn links_images_autolinks() {
        check(
            r#"See [the *site*](https://a.example/x "T") and ![alt](/i.png) at <https://b.example>"#,
            Placeables {
                links: vec![
                    link(LinkKind::Link, "https://a.example/x", "T", "the site"),
                    link(LinkKind::Image, "/i.png", "", "alt"),
                    link(
                        LinkKind::Autolink,
                        "https://b.example",
                        "",
                        "https://b.example",
                    ),
                ],
                emphasis: 1,
                ..Placeables::default()
            },
        );
    }

    #[test]
    fn references_and_definitions() {
        let found = Placeables::of("[a][Ref] and [b]");
        assert_eq!(found.destinations(), ["[ref]"]);
        assert_eq!(found.links[0].kind, LinkKind::Reference);
        let found = Placeables::of("[Mailing List [EN]](https://x.example)");
        assert_eq!(found.destinations(), ["https://x.example"]);
        let found = Placeables::of("See [a][ref]\n\n[ref]: https://x.example");
        assert_eq!(
            found.destinations(),
            ["https://x.example", "https://x.example"]
        );
        assert_eq!(found.links[1].kind, LinkKind::Definition);
        let found = Placeables::of("[ref]: https://x.example\nText");
        assert_eq!(found.links[0].kind, LinkKind::Definition);
    }

    #[test]
    fn code_html_shortcodes_and_attributes() {
        let found = Placeables::of(
            r#"Run `xep-0001 --x` <b onclick="y">bold</b> {{< figure src="/a.png" caption="C" >}} {{% note %}}"#,
        );
        assert_eq!(found.code, ["xep-0001 --x"]);
        assert_eq!(found.html, [r#"<b onclick="y">"#, "</b>"]);
        assert!(found.numbers.is_empty(), "{:?}", found.numbers);
        assert!(found.xeps.is_empty());
        let names: Vec<_> = found.shortcodes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["figure", "note"]);
        assert_eq!(
            found.shortcodes[0].attributes,
            [
                (Some("src".into()), "/a.png".into()),
                (Some("caption".into()), "C".into())
            ]
        );
    }

    #[test]
    fn a_malformed_shortcode_still_counts() {
        let found = Placeables::of("{{< rawhtml >}<script>");
        assert_eq!(found.shortcodes.len(), 1);
        assert_eq!(found.shortcodes[0].raw, "{{< rawhtml >}<script>");
    }

    #[test]
    fn heading_attributes_and_xeps() {
        let found = Placeables::of("Welcome {#welcome .big}");
        assert_eq!(found.heading_attributes, ["{#welcome .big}"]);
        assert!(
            Placeables::of("A set {} of {braces} here")
                .heading_attributes
                .is_empty()
        );
        let found = Placeables::of("XEP-0384, xep 0045 and [this](/extensions/xep-0363.html)");
        assert_eq!(found.xeps, ["0045", "0363", "0384"]);
    }

    #[test]
    fn media_only_texts() {
        assert!(Placeables::of("![a](/a.png) [![b](/b.png)](/c)").media_only);
        assert!(Placeables::of("{{< figure src=\"/a.png\" >}}").media_only);
        assert!(!Placeables::of("![a](/a.png) and text").media_only);
        assert!(!Placeables::of("Text").media_only);
    }

    #[test]
    fn markup_only_texts() {
        for text in ["*<abbr>*", "<b></b>", "**<br>** <i>", "[<b>](/a)"] {
            assert!(Placeables::of(text).markup_only, "{text:?}");
        }
        for text in [
            "*a*",
            "<b>x</b>",
            "`x`",
            "x[^1]",
            "![a](/a.png)",
            "<abbr>XMPP</abbr>",
        ] {
            assert!(!Placeables::of(text).markup_only, "{text:?}");
        }
        assert_eq!(Placeables::of("*Lead* text").prose, "Lead text");
    }

    /// The byte scans of `digit_runs` and `xep_numbers` find what a scan char by char and
    /// byte by byte (their former code) finds, on every sequence of up to five awkward pieces.
    #[test]
    fn byte_scans_find_what_char_scans_find() {
        fn digit_runs_by_char(text: &str) -> Vec<String> {
            let (mut out, mut run) = (Vec::new(), String::new());
            for c in text.chars() {
                if c.is_ascii_digit() {
                    run.push(c);
                } else if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
            }
            if !run.is_empty() {
                out.push(run);
            }
            out
        }
        fn xep_numbers_at_every_byte(text: &str) -> Vec<String> {
            let (bytes, mut out, mut at) = (text.as_bytes(), Vec::new(), 0);
            while at + 3 <= bytes.len() {
                if bytes[at..at + 3].eq_ignore_ascii_case(b"xep")
                    && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
                {
                    let mut i = at + 3;
                    if i < bytes.len() && matches!(bytes[i], b'-' | b'_' | b' ') {
                        i += 1;
                    }
                    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                    if digits == 4 {
                        out.push(text[i..i + 4].to_string());
                        at = i + 4;
                        continue;
                    }
                }
                at += 1;
            }
            out
        }
        let pieces = [
            "x", "X", "ep", "EP", "xep", "Xep", "-", "_", " ", "0", "12", "0384", "é", "٣", "a",
            "ẋ",
        ];
        let mut texts = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let mut longer = Vec::new();
            for text in &texts {
                for piece in pieces {
                    let text = format!("{text}{piece}");
                    let mut runs = Vec::new();
                    digit_runs(&text, &mut runs);
                    assert_eq!(runs, digit_runs_by_char(&text), "{text:?}");
                    let mut xeps = Vec::new();
                    xep_numbers(&text, &mut xeps);
                    assert_eq!(xeps, xep_numbers_at_every_byte(&text), "{text:?}");
                    checked += 1;
                    longer.push(text);
                }
            }
            texts = longer;
        }
        assert!(checked > 1_000_000);
        // Texts longer than the 32-byte blocks that `next_digit` skips, digits on either side
        // of a block's edge.
        for text in texts.iter().step_by(97) {
            for pad in [1, 30, 31, 32, 33, 63, 64, 65] {
                let padding = "a".repeat(pad);
                for text in [format!("{padding}{text}"), format!("{text}{padding}{text}")] {
                    let mut runs = Vec::new();
                    digit_runs(&text, &mut runs);
                    assert_eq!(runs, digit_runs_by_char(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn block_structure() {
        assert_eq!(blocks("# Title"), [Block::Heading(1)]);
        assert_eq!(blocks("> quoted"), [Block::BlockQuote, Block::Paragraph]);
        assert_eq!(
            blocks("text\n1. one"),
            [Block::Paragraph, Block::List(Some(1)), Block::Item]
        );
        assert_eq!(blocks("text\n2. two"), [Block::Paragraph]);
        assert_eq!(blocks("text\n***"), [Block::Paragraph, Block::Rule]);
        assert_eq!(
            blocks("text\n```\ncode"),
            [Block::Paragraph, Block::CodeBlock]
        );
        assert_eq!(blocks("text\n<div>"), [Block::Paragraph, Block::HtmlBlock]);
        assert_eq!(blocks("a | b\n--|--"), [Block::Table]);
        assert_eq!(blocks("text\n---"), [Block::Heading(2)]);
        assert_eq!(blocks(":text"), [Block::DefinitionList, Block::Paragraph]);
    }
}
