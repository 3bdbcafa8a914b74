//! The Markdown body: walks pulldown-cmark's events with their byte offsets and turns every run
//! of inline content (a paragraph, a heading's text, a list item's text, a table cell) into a
//! unit. A run made only of images yields their alt texts and titles; a run made only of Hugo
//! shortcodes yields their translatable attributes. Code, HTML blocks and everything between
//! runs stay outside units.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options as CmarkOptions, Parser, Tag, TagEnd};

use verso_text::LineIndex;

use crate::{Encoding, Kind, Options, Unit, shortcode};

/// The extensions Hugo's Markdown renderer (goldmark) enables by default.
pub fn cmark_options() -> CmarkOptions {
    CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_DEFINITION_LIST
}

/// A block that holds runs of inline content, with what it makes of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Holds a run itself (paragraph, heading, table cell), of this kind.
    Leaf(Kind),
    /// Holds a run directly when tight (list item, definition list entries).
    Item,
    /// Block quotes: continuation lines carry its `>`.
    Quote,
    /// Any other container (list, table, footnote definition).
    Other,
    /// Code blocks, HTML blocks: nothing inside is translatable.
    Opaque,
}

/// A link or image standing in a run, for alt texts and titles.
struct Media {
    image: bool,
    /// Inside another image's alt text, which holds it whole.
    in_image: bool,
    range: Range<usize>,
    inline: bool,
    title: String,
    /// The content between the brackets.
    label: Option<Range<usize>>,
}

#[derive(Default)]
struct Run {
    range: Option<Range<usize>>,
    /// Something other than images, links around them and blanks.
    prose: bool,
    /// Text outside inline HTML.
    text: bool,
    media: Vec<Media>,
    /// Open links and images, as indexes into `media`.
    open: Vec<usize>,
    /// How many of `open` are images.
    open_images: usize,
}

/// The smallest range covering `a` and `b`.
fn union(a: Option<Range<usize>>, b: &Range<usize>) -> Range<usize> {
    match a {
        Some(a) => a.start.min(b.start)..a.end.max(b.end),
        None => b.clone(),
    }
}

impl Run {
    /// Adds an inline event's range to the run and to the label of the innermost open link or
    /// image (the outer ones get it when that one closes, so deep nesting costs nothing).
    fn extend(&mut self, range: &Range<usize>) {
        self.range = Some(union(self.range.take(), range));
        if let Some(&i) = self.open.last() {
            let label = &mut self.media[i].label;
            *label = Some(union(label.take(), range));
        }
    }

    fn open(&mut self, media: Media) {
        self.open_images += usize::from(media.image);
        self.media.push(media);
        self.open.push(self.media.len() - 1);
    }

    fn close(&mut self) {
        let Some(i) = self.open.pop() else { return };
        self.open_images -= usize::from(self.media[i].image);
        if let (Some(&outer), Some(label)) = (self.open.last(), self.media[i].label.clone()) {
            let outer_label = &mut self.media[outer].label;
            *outer_label = Some(union(outer_label.take(), &label));
        }
    }

    fn in_image(&self) -> bool {
        self.open_images > 0
    }
}

struct Walker<'a> {
    source: &'a str,
    options: &'a Options,
    lines: &'a LineIndex,
    blocks: Vec<Block>,
    /// How many of `blocks` are block quotes, kept as a count so that deep nesting costs
    /// nothing per event.
    quotes: usize,
    /// The list items and block quotes among `blocks`, innermost last: what decides a
    /// paragraph's kind.
    items_and_quotes: Vec<Block>,
    run: Run,
    /// Whether the run being flushed is a table cell's, where an unescaped `|` ends the cell.
    in_table_cell: bool,
    /// The range of the run being flushed when it is a multi-line kind's: whether it has a
    /// line like a table's delimiter row in it or after it (see
    /// [`Walker::before_delimiter_row`]) is asked only for its quoted units, which are rare.
    multiline_run: Option<Range<usize>>,
    /// Where the last table ended, until the next Markdown unit: a line with a `|` right after
    /// it would continue the table.
    table_end: Option<usize>,
    /// Whether the heading being walked is an ATX heading (`# Title`), which is one line.
    atx_heading: bool,
    /// The offsets of the source's lone `\r`s, and (only when there is one) of its `\n`s
    /// and of the fences (```` ``` ````, `~~~`) that start its lines after container markers.
    lone_crs: Vec<usize>,
    newlines: Vec<usize>,
    fences: Vec<usize>,
    units: &'a mut Vec<Unit>,
}

pub(crate) fn segment(
    source: &str,
    lines: &LineIndex,
    body_start: usize,
    options: &Options,
    units: &mut Vec<Unit>,
) {
    let body = &source[body_start..];
    let mut walker = Walker {
        source,
        options,
        lines,
        blocks: Vec::new(),
        quotes: 0,
        items_and_quotes: Vec::new(),
        run: Run::default(),
        in_table_cell: false,
        multiline_run: None,
        table_end: None,
        atx_heading: false,
        lone_crs: lone_crs(source),
        newlines: Vec::new(),
        fences: Vec::new(),
        units,
    };
    if !walker.lone_crs.is_empty() {
        walker.newlines = memchr::memchr_iter(b'\n', source.as_bytes()).collect();
        walker.fences = fences(source);
    }
    for (event, range) in Parser::new_ext(body, cmark_options()).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        walker.event(event, range);
    }
    walker.flush();
    units.sort_by_key(|u| u.range.start);
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        // Nothing is pushed inside an opaque block, so it can only be the innermost one.
        if self.blocks.last() == Some(&Block::Opaque) {
            if matches!(
                event,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_))
            ) {
                self.pop_block();
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                if !text.trim().is_empty() {
                    self.run.prose |= !self.run.in_image();
                    self.run.text = true;
                }
                self.inline(range);
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => {
                if !self.run.in_image() {
                    self.run.prose = true;
                }
                self.run.text = true;
                self.inline(range);
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                if !self.run.in_image() {
                    self.run.prose = true;
                }
                self.inline(range);
            }
            Event::SoftBreak | Event::HardBreak => self.inline(range),
            // The `[ ]` of a task list item is markup before the item's text.
            Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    /// An inline event inside a run (opening one in a tight list item).
    fn inline(&mut self, range: Range<usize>) {
        self.run.extend(&range);
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let block = match tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {
                self.inline(range);
                return;
            }
            Tag::Link {
                link_type, title, ..
            }
            | Tag::Image {
                link_type, title, ..
            } => {
                let image = self.source[range.start..].starts_with("![");
                self.inline(range.clone());
                let in_image = self.run.in_image();
                self.run.open(Media {
                    image,
                    in_image,
                    range,
                    inline: link_type == LinkType::Inline,
                    title: title.to_string(),
                    label: None,
                });
                return;
            }
            Tag::Paragraph => Block::Leaf(self.paragraph_kind()),
            Tag::Heading { .. } => {
                self.atx_heading = is_atx_heading(&self.source[range.start..]);
                Block::Leaf(Kind::Heading)
            }
            Tag::TableCell => Block::Leaf(Kind::TableCell),
            Tag::Item | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => Block::Item,
            Tag::BlockQuote(_) => Block::Quote,
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => Block::Opaque,
            Tag::List(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList => Block::Other,
        };
        // A block starting inside a tight list item ends the item's own text.
        self.flush();
        self.push_block(block);
    }

    fn push_block(&mut self, block: Block) {
        if matches!(block, Block::Item | Block::Quote) {
            self.items_and_quotes.push(block);
        }
        if block == Block::Quote {
            self.quotes += 1;
        }
        self.blocks.push(block);
    }

    fn pop_block(&mut self) {
        let block = self.blocks.pop();
        if matches!(block, Some(Block::Item | Block::Quote)) {
            self.items_and_quotes.pop();
        }
        if block == Some(Block::Quote) {
            self.quotes -= 1;
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        if tag == TagEnd::Table {
            self.table_end = Some(range.end);
        }
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Link | TagEnd::Image => self.run.close(),
            _ => {
                self.flush();
                self.pop_block();
            }
        }
    }

    /// The kind of a paragraph: from the innermost list item or block quote around it.
    fn paragraph_kind(&self) -> Kind {
        match self.items_and_quotes.last() {
            Some(Block::Item) => Kind::ListItem,
            Some(Block::Quote) => Kind::Quote,
            _ => Kind::Paragraph,
        }
    }

    /// Turns the current run into units.
    fn flush(&mut self) {
        let run = std::mem::take(&mut self.run);
        let Some(range) = run.range else { return };
        let kind = match self.blocks.last() {
            Some(Block::Leaf(kind)) => *kind,
            Some(Block::Item) => Kind::ListItem,
            _ => return,
        };
        let mut range = trim(self.source, range);
        if kind == Kind::Heading && self.atx_heading {
            // pulldown-cmark may run an ATX heading's text past a lone `\r` into the next
            // line (after a reference link); the heading is its first line only.
            let line = &self.source[range.clone()];
            range.end = range.start + line_end(line);
            range = trim(self.source, range);
        }
        if range.is_empty() || !run.text {
            return;
        }
        self.in_table_cell = kind == Kind::TableCell;
        self.multiline_run = kind.is_multiline().then(|| range.clone());
        let raw = &self.source[range.clone()];
        if let Some(shortcodes) = shortcode::parse_all(raw) {
            self.shortcode_units(range.start, &shortcodes);
            return;
        }
        if !run.prose && !run.media.is_empty() {
            self.media_units(&run.media);
            return;
        }
        if kind.is_multiline() && self.split_at_shortcode_lines(kind, range.clone()) {
            return;
        }
        self.push_markdown(kind, None, range);
    }

    /// A multi-line run with lines made only of shortcodes (a `figure` on the line under a list
    /// item's text): those lines stay markup and give their attribute units; the lines between
    /// them are units of their own. Returns false, doing nothing, when no line is like that.
    fn split_at_shortcode_lines(&mut self, kind: Kind, range: Range<usize>) -> bool {
        let raw = &self.source[range.clone()];
        // A line made of shortcodes has a `{{`.
        if !raw.contains("{{") {
            return false;
        }
        // Content ranges (without container prefix) of each line, and its shortcodes if the
        // line is made only of them.
        let mut lines = Vec::new();
        for (i, (line, _)) in split_lines(raw).enumerate() {
            let offset = range.start + (line.as_ptr() as usize - raw.as_ptr() as usize);
            let cut = if i == 0 {
                0
            } else {
                prefix_len(line, self.quotes)
            };
            let content = offset + cut..offset + line.len();
            let shortcodes = shortcode::parse_all(&self.source[content.clone()]);
            lines.push((content, shortcodes));
        }
        if lines.iter().all(|(_, shortcodes)| shortcodes.is_none()) {
            return false;
        }
        let mut prose: Option<Range<usize>> = None;
        for (content, shortcodes) in lines {
            match shortcodes {
                Some(shortcodes) => {
                    if let Some(prose) = prose.take() {
                        self.push_prose(kind, prose);
                    }
                    self.shortcode_units(content.start, &shortcodes);
                }
                None => {
                    prose = Some(match prose {
                        Some(p) => p.start..content.end,
                        None => content,
                    });
                }
            }
        }
        if let Some(prose) = prose {
            self.push_prose(kind, prose);
        }
        true
    }

    fn push_prose(&mut self, kind: Kind, range: Range<usize>) {
        let range = trim(self.source, range);
        if !range.is_empty() {
            self.push_markdown(kind, None, range);
        }
    }

    fn shortcode_units(&mut self, base: usize, shortcodes: &[shortcode::Shortcode]) {
        for sc in shortcodes {
            for attr in &sc.attributes {
                let (Some(name), Some(quote)) = (&attr.name, attr.quote) else {
                    continue;
                };
                let wanted = self
                    .options
                    .shortcode_attributes
                    .iter()
                    .any(|(s, a)| *s == sc.name && a == name);
                let range = base + attr.value.start..base + attr.value.end;
                if wanted {
                    self.push_quoted(
                        Kind::Shortcode,
                        Some(format!("{}.{name}", sc.name)),
                        range,
                        quote,
                    );
                }
            }
        }
    }

    fn media_units(&mut self, media: &[Media]) {
        for m in media.iter().filter(|m| !m.in_image) {
            if let Some(label) = m.label.clone().filter(|_| m.image) {
                let label = trim(self.source, label);
                if !label.is_empty() {
                    self.push_markdown(Kind::Alt, None, label);
                }
            }
            if m.inline
                && !m.title.is_empty()
                && let Some((range, close)) = title_range(self.source, &m.range)
            {
                self.push_quoted(Kind::LinkTitle, None, range, close);
            }
        }
    }

    fn push_quoted(
        &mut self,
        kind: Kind,
        context: Option<String>,
        range: Range<usize>,
        close: char,
    ) {
        self.units.push(Unit {
            id: String::new(),
            kind,
            context,
            line: self.lines.line(range.start),
            text: self.source[range.clone()].to_string(),
            range,
            encoding: Encoding::Quoted {
                close,
                escape_pipes: self.in_table_cell
                    || self
                        .multiline_run
                        .clone()
                        .is_some_and(|run| self.before_delimiter_row(run)),
            },
        });
    }

    /// A Markdown unit: continuation lines lose their container prefix, which is kept aside to
    /// be written back before the same line of a translation. Lines end with `\n`, `\r\n` or a
    /// lone `\r`, as for pulldown-cmark; the text has `\n` for each.
    fn push_markdown(&mut self, kind: Kind, context: Option<String>, range: Range<usize>) {
        if !has_words(&self.source[range.clone()]) {
            return;
        }
        let range = self.skip_line_after_table(range);
        if self.in_fence_reach(range.clone()) {
            return;
        }
        // A setext heading's text may be on a line like a delimiter row too (a heading is
        // never a table's header).
        let untranslatable = match kind {
            Kind::Heading => self.on_delimiter_like_line(range.clone()),
            kind => kind.is_multiline() && self.is_table_header_like(range.clone()),
        };
        if untranslatable {
            return;
        }
        let mut text = String::with_capacity(range.len());
        let mut breaks = Vec::new();
        let mut ending = "";
        for (i, (line, line_ending)) in split_lines(&self.source[range.clone()]).enumerate() {
            let cut = if i == 0 {
                0
            } else {
                prefix_len(line, self.quotes)
            };
            if i > 0 {
                text.push('\n');
                let mut brk = String::with_capacity(ending.len() + cut);
                brk.push_str(ending);
                brk.push_str(&line[..cut]);
                breaks.push(brk);
            }
            text.push_str(&line[cut..]);
            ending = line_ending;
        }
        let line = self.lines.line(range.start);
        // Only a kind that may gain lines needs the prefix of added lines; building it for a
        // table cell would copy the whole row before it, for every cell.
        let continuation = if kind.is_multiline() {
            // From the line's start, which may be a lone `\r`'s (LineIndex counts `\n` only).
            let line_start = line_start(self.source, range.start);
            let first_prefix = &self.source[line_start..range.start];
            let after = self.source[range.end..].trim_start_matches([' ', '\t']);
            // The ending after the text, or at the end of the file the one before its line:
            // a `\n` in a file of lone `\r` makes pulldown-cmark read its first lines anew.
            let before = &self.source[..line_start];
            // A lone `\r` earlier on the text's `\n`-line: pulldown-cmark reads some things up
            // to the next `\n` (a fence's info string, an ATX heading), so an added `\n` there
            // would change what it reads; an added lone `\r` does not.
            let lone_cr_before = self.lone_cr_before(range.start);
            let crlf = after.starts_with("\r\n") || (after.is_empty() && before.ends_with("\r\n"));
            let cr = (after.starts_with('\r') && !after.starts_with("\r\n"))
                || (after.is_empty() && before.ends_with('\r'));
            let eol = if lone_cr_before || cr {
                "\r"
            } else if crlf {
                "\r\n"
            } else {
                "\n"
            };
            let mut continuation = String::from(eol);
            let mut prefix = first_prefix.chars().peekable();
            while let Some(c) = prefix.next() {
                match c {
                    '>' => {
                        continuation.push('>');
                        // The blank after `>` is part of the quote marker: where the source
                        // had none, the blank that stands for a list marker would be taken
                        // for it.
                        if prefix
                            .peek()
                            .is_some_and(|n| !matches!(n, ' ' | '\t' | '>'))
                        {
                            continuation.push(' ');
                        }
                    }
                    ' ' | '\t' => continuation.push(c),
                    _ => continuation.push(' '),
                }
            }
            continuation
        } else {
            // Never used: a translation of a single-line kind gains no line.
            String::new()
        };
        let escape_pipes =
            self.in_table_cell || (kind.is_multiline() && self.before_delimiter_row(range.clone()));
        self.units.push(Unit {
            id: String::new(),
            kind,
            context,
            line,
            text,
            range,
            encoding: Encoding::Markdown {
                breaks,
                continuation,
                escape_pipes,
            },
        });
    }

    /// Whether a lone `\r` stands between the `\n` before `at` (or the start) and `at`: found
    /// by binary search, so that a file of lone `\r`s (one `\n`-line) costs no scan per unit.
    fn lone_cr_before(&self, at: usize) -> bool {
        self.lone_cr_between(self.newline_line_start(at), at)
    }

    /// Where the `\n`-line of `at` starts (after the `\n` before it, or at 0).
    fn newline_line_start(&self, at: usize) -> usize {
        match self.newlines.partition_point(|&n| n < at) {
            0 => 0,
            i => self.newlines[i - 1] + 1,
        }
    }

    fn lone_cr_between(&self, from: usize, to: usize) -> bool {
        let first = self.lone_crs.partition_point(|&c| c < from);
        self.lone_crs.get(first).is_some_and(|&c| c < to)
    }

    /// Whether a text at `range` is one that pulldown-cmark's reading of a fence puts at the
    /// mercy of its translation: pulldown-cmark 0.13 reads a fence's info string up to the next
    /// `\n`, past lone `\r`s, and a backtick there makes the fence a paragraph. A text that
    /// holds a fence at the start of one of its lines, or comes after one and a lone `\r` on
    /// its `\n`-line, stays as it is (a translation would move or drop the backtick, and the
    /// paragraph become code, or unmake the fence that keeps the texts after it as they are).
    fn in_fence_reach(&self, range: Range<usize>) -> bool {
        if self.fences.is_empty() {
            return false;
        }
        let line_start = self.newline_line_start(range.start);
        let first = self.fences.partition_point(|&f| f < line_start);
        if let Some(&f) = self.fences.get(first)
            && f < range.start
            && self.lone_cr_between(f, range.start)
        {
            return true;
        }
        let inside = self.fences.partition_point(|&f| f < range.start);
        self.fences.get(inside).is_some_and(|&f| f < range.end)
    }

    /// A paragraph right after a table starts with a line that is not a row only because its
    /// cells are empty (`|`): that line stays outside the unit, or any translation of it would
    /// be the table's next row.
    fn skip_line_after_table(&mut self, range: Range<usize>) -> Range<usize> {
        // Only the first unit after a table can be right after it; the search for a line
        // ending stops at the first one, so the check costs the container prefix at most.
        let Some(table_end) = self.table_end.take() else {
            return range;
        };
        if table_end > range.start
            || memchr::memchr2(
                b'\n',
                b'\r',
                &self.source.as_bytes()[table_end..range.start],
            )
            .is_some()
        {
            return range;
        }
        let raw = &self.source[range.clone()];
        let Some((first, ending)) = split_lines(raw).next() else {
            return range;
        };
        if !first.trim_matches([' ', '\t', '|']).is_empty() || ending.is_empty() {
            return range;
        }
        let next = range.start + first.len() + ending.len();
        let start = next + prefix_len(&self.source[next..range.end], self.quotes);
        trim(self.source, start..range.end)
    }

    /// Whether the first line of `range` has a `|` and the line after it is like a table's
    /// delimiter row, yet pulldown-cmark made no table (the row is deeper in block quotes,
    /// indented, or has another number of cells). Whether such a line joins the paragraph
    /// before it then depends on its cells, which any translation changes: it stays as it is,
    /// and so does a text whose first line is like a delimiter row. The test holds on a
    /// translated document too, as these texts are left alone and other texts before a
    /// delimiter-like row have their `|` escaped.
    fn is_table_header_like(&self, range: Range<usize>) -> bool {
        if self.on_delimiter_like_line(range.clone()) {
            return true;
        }
        let text = &self.source[range.start..];
        let at = line_end(text);
        // One cell makes a table too when the row has its `|` (`|a` over `|-`); an escaped
        // `|` (as a translation's is written here) is no cell's. A row without `|` is one
        // cell.
        if at == text.len()
            || memchr::memchr(b'|', &text.as_bytes()[..at]).is_none()
            || (cells(&text[..at]) < 2 && !has_cell_pipe(&text[..at]))
        {
            return false;
        }
        let rest = text[at..]
            .strip_prefix("\r\n")
            .or_else(|| text[at..].strip_prefix(['\n', '\r']))
            .unwrap_or_default();
        is_delimiter_row(&rest[..line_end(rest)])
    }

    /// Whether the first line of `range` is like a table's delimiter row (its container
    /// markers included: `- |` is one): the next line of a text like a table's header. The
    /// markers are short: a text of these kinds starts after them.
    fn on_delimiter_like_line(&self, range: Range<usize>) -> bool {
        let first_line_end = range.start + line_end(&self.source[range.start..]);
        let line_start = line_start(self.source, range.start);
        is_delimiter_row(&self.source[line_start..first_line_end])
    }

    /// Whether a line of `range` after its first, or the line after it, could be a table's
    /// delimiter row (`-|:-`): only `|`, `-`, `:` and blanks after the container prefix, with a
    /// `-` and a `|`. A text there (with a header of another number of cells, so not a table)
    /// would become a table's header if a translation had the right number of `|`.
    fn before_delimiter_row(&self, range: Range<usize>) -> bool {
        let after = &self.source[range.end..];
        let next_line = match memchr::memchr2(b'\n', b'\r', after.as_bytes()) {
            Some(at) => {
                let rest = &after[at + 1..];
                let rest = rest
                    .strip_prefix('\n')
                    .filter(|_| after[at..].starts_with('\r'))
                    .unwrap_or(rest);
                &rest[..line_end(rest)]
            }
            None => "",
        };
        // A delimiter row has a `|`: most texts have none, in them or on the next line.
        let text = &self.source[range];
        if memchr::memchr(b'|', text.as_bytes()).is_none()
            && memchr::memchr(b'|', next_line.as_bytes()).is_none()
        {
            return false;
        }
        split_lines(text)
            .skip(1)
            .map(|(line, _)| line)
            .chain([next_line])
            .any(is_delimiter_row)
    }
}

/// Whether `row` has a `|` that pulldown-cmark would split a table row at (one not after a
/// backslash, as [`cells`] counts them).
fn has_cell_pipe(row: &str) -> bool {
    let bytes = row.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
}

/// The offsets of the lone `\r`s of `source` (not followed by `\n`).
fn lone_crs(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .collect()
}

/// The offsets of the fences (```` ``` ````, `~~~`) that start a line of `source` (lines end
/// at `\n`, `\r\n` and lone `\r`) after blanks and container markers (`>`, `-`, `*`, `+`,
/// `1.`, `1)`).
fn fences(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut fences = Vec::new();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |n| line_start + n);
        let line = &source[line_start..end];
        let content = line.trim_start_matches([
            ' ', '\t', '>', '-', '*', '+', '.', ')', '0', '1', '2', '3', '4', '5', '6', '7', '8',
            '9',
        ]);
        if content.starts_with("```") || content.starts_with("~~~") {
            fences.push(end - content.len());
        }
        line_start = end + 1;
    }
    fences
}

/// The length of the first line of `text`: up to its first `\n` or `\r`, or all of it.
fn line_end(text: &str) -> usize {
    memchr::memchr2(b'\n', b'\r', text.as_bytes()).unwrap_or(text.len())
}

/// Where the line of `at` starts: after the last `\n` or `\r` before `at`, or at 0.
fn line_start(source: &str, at: usize) -> usize {
    memchr::memrchr2(b'\n', b'\r', &source.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// Whether `line` could be a table's delimiter row (`-|:-`): only `|`, `-`, `:` and blanks
/// after any container prefix, with a `-` and a `|`.
fn is_delimiter_row(line: &str) -> bool {
    let row = line.trim_start_matches([' ', '\t', '>']);
    row.contains('-')
        && row.contains('|')
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The number of cells of a table row: `|` not after a backslash split it, an outer `|` at
/// either end does not count.
fn cells(row: &str) -> usize {
    let row = row.trim_matches([' ', '\t']);
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = if row.ends_with('|') && !row.ends_with("\\|") {
        &row[..row.len() - 1]
    } else {
        row
    };
    let mut after_backslash = false;
    let mut count = 1;
    for c in row.chars() {
        if c == '|' && !after_backslash {
            count += 1;
        }
        after_backslash = c == '\\';
    }
    count
}

/// Whether `text` starts with an ATX heading's marks: up to three blanks, one to six `#`, then
/// a blank or the end of the line (`#p` over a `---` line is a setext heading's text).
fn is_atx_heading(text: &str) -> bool {
    let text = text.trim_start_matches([' ', '\t']);
    let marks = text.len() - text.trim_start_matches('#').len();
    (1..=6).contains(&marks)
        && text[marks..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// The lines of `text` with their endings (`\n`, `\r\n`, a lone `\r`, or `""` for the last).
fn split_lines(text: &str) -> impl Iterator<Item = (&str, &'static str)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr2(b'\n', b'\r', current.as_bytes()) {
            None => {
                rest = None;
                Some((current, ""))
            }
            Some(at) => {
                let ending = if current.as_bytes()[at..].starts_with(b"\r\n") {
                    "\r\n"
                } else if current[at..].starts_with('\r') {
                    "\r"
                } else {
                    "\n"
                };
                rest = Some(&current[at + ending.len()..]);
                Some((&current[..at], ending))
            }
        }
    })
}

/// Whether a text has anything to translate: a text without letters (`2.4`, `—`, `✓`) is
/// not a unit.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Length of the container prefix of a continuation line inside `quotes` block quotes: leading
/// blanks, up to `quotes` `>` marks each with the blanks after it. A lazy line has fewer marks.
fn prefix_len(line: &str, quotes: usize) -> usize {
    let blank = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let mut at = blank(line);
    for _ in 0..quotes {
        if !line[at..].starts_with('>') {
            break;
        }
        at += 1;
        at += blank(&line[at..]);
    }
    at
}

/// `range` without leading and trailing blanks and line breaks, and with the backslashes
/// before its first character: pulldown-cmark's text starts after an escaping backslash (after
/// two for a table cell's `\\|`). A backslash right before a block's content is always part of
/// it: no container marker ends with one.
fn trim(source: &str, range: Range<usize>) -> Range<usize> {
    let s = &source[range.clone()];
    let mut start = range.start + (s.len() - s.trim_start().len());
    start -= source[..start].len() - source[..start].trim_end_matches('\\').len();
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// The text between the title's delimiters in an inline link or image `[…](dest "title")`, and
/// the closing delimiter.
fn title_range(source: &str, range: &Range<usize>) -> Option<(Range<usize>, char)> {
    let raw = source[range.clone()].strip_suffix(')')?.trim_end();
    let close = raw.chars().last()?;
    let open = match close {
        '"' => '"',
        '\'' => '\'',
        ')' => '(',
        _ => return None,
    };
    let body = &raw[..raw.len() - 1];
    // The opening delimiter: the last one not escaped by a backslash.
    let mut at = body.len();
    loop {
        let i = body[..at].rfind(open)?;
        let backslashes = body[..i].len() - body[..i].trim_end_matches('\\').len();
        if backslashes % 2 == 0 {
            let before = body[..i].chars().last()?;
            if !before.is_whitespace() {
                return None;
            }
            let start = range.start + i + 1;
            return Some((start..range.start + body.len(), close));
        }
        at = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_continuation_lines() {
        assert_eq!(prefix_len("   text", 0), 3);
        assert_eq!(prefix_len("> > text", 2), 4);
        assert_eq!(prefix_len(">text", 1), 1);
        assert_eq!(prefix_len("lazy", 1), 0);
        assert_eq!(prefix_len("  >  deep", 1), 5);
        assert_eq!(prefix_len("> > not a third", 1), 2);
    }

    #[test]
    fn finds_titles() {
        let s = r#"![alt](/a.png "A \"b\" title")"#;
        let (r, c) = title_range(s, &(0..s.len())).unwrap();
        assert_eq!(&s[r], r#"A \"b\" title"#);
        assert_eq!(c, '"');
        let s = "[x](<a b> (paren))";
        assert_eq!(&s[title_range(s, &(0..s.len())).unwrap().0], "paren");
        let s = "[x](/no-title)";
        assert!(title_range(s, &(0..s.len())).is_none());
    }
}
