//! Heading anchors: the `id` each site gives a heading, so that in-page links
//! (`[at the bottom](#help-us-to-build-the-newsletter)`) still land after a heading is
//! translated.
//!
//! Two rules, each mirrored from the renderer's own source:
//!
//! - [`AnchorRule::Hugo`]: Hugo's Goldmark renderer with its default `autoHeadingIDType =
//!   "github"` (gohugoio/hugo `markup/goldmark/autoid.go`). The id is made from the heading's
//!   *raw source line* as Goldmark keeps it (yuin/goldmark `parser/atx_heading.go`,
//!   `generateAutoHeadingID`: the last line of the heading, after the `#` marks, without a
//!   `{...}` attribute block and the closing `#` sequence), so a link's URL counts:
//!   `## [Foo](https://x.org)` is `foohttpsxorg`. Each character is kept lowercased when it is a
//!   letter, a digit or `_`, becomes `-` when it is `-`, a space or a tab, and is dropped
//!   otherwise; an empty id is `heading`. A repeated id gets `-1`, `-2`, ... (the first free
//!   one), and explicit `{#id}` attributes take their id in document order without a suffix.
//!   Checked against Debian's `hugo` by `tests/hugo.rs`.
//! - [`AnchorRule::Linuxfr`]: linuxfr.org's `TableOfContentsFilter` (linuxfrorg/html-pipeline-linuxfr
//!   `lib/html/pipeline/toc_filter.rb`): the heading's *rendered text* (link texts, not URLs),
//!   after linuxfr's typography (`normal_text` in `markdown_filter.rb`: a space before
//!   `: ; » ! ?` and after `«` becomes a no-break space, ` -- ` becomes `—`), lowercased,
//!   without any character other than word characters, `-` and spaces, spaces replaced by `-`,
//!   prefixed with `toc-`; the n-th repeat of a name gets `-n`. linuxfr shifts Markdown headings
//!   one level down and numbers only `h2` to `h6`, so a level-6 Markdown heading has no id.
//!
//! Known approximations (none occurs in the newsletter): Go's `unicode.IsLetter` and Ruby's
//! `\p{Word}` are taken as Rust's `char::is_alphabetic` (which also admits letter-like marks
//! and letter numbers), and only ASCII digits count as digits.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// How a site turns headings into `id`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorRule {
    /// Hugo (Goldmark, `autoHeadingIDType = "github"`); honours `{#id}` attributes.
    Hugo,
    /// linuxfr.org; no heading attributes.
    Linuxfr,
}

impl AnchorRule {
    /// The rule's name in `verso.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorRule::Hugo => "hugo",
            AnchorRule::Linuxfr => "linuxfr",
        }
    }

    /// Whether the site reads `{#id}` after a heading.
    pub fn has_heading_attributes(self) -> bool {
        self == AnchorRule::Hugo
    }
}

/// A heading of a Markdown text and its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading's bytes in the text (for a setext heading, the underline included).
    pub range: Range<usize>,
    /// 1 for `#`, up to 6.
    pub level: usize,
    /// The id of an explicit `{#id}` attribute.
    pub explicit_id: Option<String>,
    /// The id the site gives the heading; `None` when it gives none.
    pub anchor: Option<String>,
}

/// A heading being read: range, level, explicit id, whether it has attributes, rendered text.
type OpenHeading = (Range<usize>, usize, Option<String>, bool, String);

/// The headings of `body` (Markdown without front matter), in order, with their anchors under
/// `rule`.
///
/// ```
/// use verso_build::anchors::{headings, AnchorRule};
///
/// let body = "## XMPP Libraries & Tools\n\n## Help us\n\n## Help us\n";
/// let ids: Vec<_> = headings(body, AnchorRule::Hugo).into_iter().map(|h| h.anchor.unwrap()).collect();
/// assert_eq!(ids, ["xmpp-libraries--tools", "help-us", "help-us-1"]);
/// ```
pub fn headings(body: &str, rule: AnchorRule) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut hugo_ids = HashSet::new();
    let mut linuxfr_names: HashMap<String, usize> = HashMap::new();
    let mut open: Option<OpenHeading> = None;
    for (event, range) in Parser::new_ext(body, verso_segment::cmark_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let attributed = id.is_some() || !classes.is_empty() || !attrs.is_empty();
                open = Some((
                    range,
                    level as usize,
                    id.map(|i| i.to_string()),
                    attributed,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((range, level, explicit_id, attributed, text)) = open.take() else {
                    continue;
                };
                let anchor = match rule {
                    AnchorRule::Hugo => Some(match &explicit_id {
                        Some(id) => {
                            hugo_ids.insert(id.clone());
                            id.clone()
                        }
                        None => {
                            let line = hugo_heading_line(&body[range.clone()], attributed);
                            unique_hugo_id(&mut hugo_ids, hugo_sanitize(line))
                        }
                    }),
                    // linuxfr numbers h2 to h6, Markdown levels 1 to 5.
                    AnchorRule::Linuxfr if level <= 5 => {
                        let name = linuxfr_name(&text);
                        let count = linuxfr_names.entry(name.clone()).or_default();
                        let id = match *count {
                            0 => format!("toc-{name}"),
                            n => format!("toc-{name}-{n}"),
                        };
                        *count += 1;
                        Some(id)
                    }
                    AnchorRule::Linuxfr => None,
                };
                out.push(Heading {
                    range,
                    level,
                    explicit_id,
                    anchor,
                });
            }
            Event::Text(t) => {
                if let Some(open) = &mut open {
                    open.4.push_str(&linuxfr_typography(&t));
                }
            }
            Event::Code(t) => {
                if let Some(open) = &mut open {
                    open.4.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The line Goldmark makes a heading's id from: the last line of its text, without the `#`
/// marks, an attribute block and a closing `#` sequence.
pub fn hugo_heading_line(heading: &str, attributed: bool) -> &str {
    let heading = heading.trim_end_matches(['\n', '\r']);
    let atx = heading.trim_start().starts_with('#');
    let mut line = if atx {
        heading.trim_start().trim_start_matches('#')
    } else {
        // Setext: the underline is the last line; the id comes from the line above it.
        let mut lines: Vec<&str> = heading.lines().collect();
        lines.pop();
        lines.pop().unwrap_or("")
    };
    line = line.trim_matches([' ', '\t']);
    if attributed
        && line.ends_with('}')
        && let Some(at) = line.rfind('{')
    {
        line = line[..at].trim_end_matches([' ', '\t']);
    }
    if atx {
        let without = line.trim_end_matches('#');
        if without.is_empty() {
            line = without;
        } else if without.len() < line.len() && without.ends_with([' ', '\t']) {
            line = without.trim_end_matches([' ', '\t']);
        }
    }
    line
}

/// Hugo's `github` sanitization of a heading line, before the duplicate suffix.
pub fn hugo_sanitize(line: &str) -> String {
    let mut id = String::with_capacity(line.len());
    for c in line.chars() {
        if c == '-' || c == ' ' || c == '\t' {
            id.push('-');
        } else if c == '_' || c.is_ascii_digit() || c.is_alphabetic() {
            id.extend(c.to_lowercase());
        }
    }
    id
}

/// Goldmark's `idFactory.Generate`: an empty id is `heading`; a taken one gets the first free
/// `-N` suffix.
fn unique_hugo_id(taken: &mut HashSet<String>, base: String) -> String {
    let base = if base.is_empty() {
        "heading".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// linuxfr's `normal_text`, as far as it changes what the id is made from.
fn linuxfr_typography(text: &str) -> String {
    let mut out = text.replace("« ", "«\u{a0}").replace(" -- ", "—");
    for mark in [':', ';', '»', '!', '?'] {
        out = out.replace(&format!(" {mark}"), &format!("\u{a0}{mark}"));
    }
    out
}

/// The name linuxfr makes from a heading's rendered text, before `toc-` and the repeat count.
fn linuxfr_name(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| c == '-' || c == ' ' || c == '_' || c.is_ascii_digit() || c.is_alphabetic())
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_anchors(body: &str, rule: AnchorRule, expected: &[&str]) {
        let found: Vec<String> = headings(body, rule)
            .into_iter()
            .map(|h| h.anchor.unwrap_or_else(|| "<none>".into()))
            .collect();
        assert_eq!(found, expected, "{body}");
    }

    #[test]
    fn hugo_ids_come_from_the_raw_line() {
        // Every expected id below is what Debian's hugo 0.111 printed for the same input.
        assert_anchors(
            "\
## Help us to build the newsletter
## [Foo](https://x.org/y) & *bar* `baz`
## XMPP Libraries & Tools
## Help us to build the newsletter
## Aidez-nous à bâtir la lettre — été 2025 !
## Spread the news {#custom}
## custom
## heading_under 1.2
## Ünïcödé Straße
",
            AnchorRule::Hugo,
            &[
                "help-us-to-build-the-newsletter",
                "foohttpsxorgy--bar-baz",
                "xmpp-libraries--tools",
                "help-us-to-build-the-newsletter-1",
                "aidez-nous-à-bâtir-la-lettre--été-2025-",
                "custom",
                "custom-1",
                "heading_under-12",
                "ünïcödé-straße",
            ],
        );
    }

    #[test]
    fn hugo_closing_sequences_setext_and_empty_headings() {
        assert_anchors(
            "## Closed ##\n\nTwo\nlines\n---\n\n## ???\n\n## ???\n",
            AnchorRule::Hugo,
            &["closed", "lines", "heading", "heading-1"],
        );
    }

    #[test]
    fn linuxfr_ids_come_from_the_text() {
        assert_anchors(
            "\
## Aidez-nous à bâtir la lettre !
## [Foo](https://x.org/y) & *bar* `baz`
## Foo & bar baz
##### Five
###### Six
",
            AnchorRule::Linuxfr,
            &[
                "toc-aidez-nous-à-bâtir-la-lettre",
                "toc-foo--bar-baz",
                "toc-foo--bar-baz-1",
                "toc-five",
                "<none>",
            ],
        );
    }
}
