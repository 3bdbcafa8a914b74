//! An outlet's conventions, applied to the reassembled issue: front matter, shortcodes,
//! absolute links, heading anchors and Fluent boilerplate.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use verso_segment::placeables::Placeables;

use crate::anchors::{self, AnchorRule};
use crate::{
    BuildError, Dangling, ExtraValue, Facts, FrontMatterMode, Input, Outlet, Output, Report,
    ShortcodeMode, front_matter_fields, is_toml_front_matter, l10n, split_front_matter,
};

pub(crate) fn apply(
    input: &Input,
    text: String,
    report: &mut Report,
) -> Result<Output, BuildError> {
    let outlet = input.outlet;
    let (front_matter, body_start) = split_front_matter(&text);
    let toml = is_toml_front_matter(&text);
    let fields = match front_matter {
        Some(front_matter) => front_matter_fields(front_matter, toml)
            .map_err(|message| BuildError::FrontMatter { message })?,
        None => Default::default(),
    };
    let mut facts = input.facts.clone();
    if let Some(title) = fields.title {
        facts.title = title;
    }
    facts.url = input.boilerplate.variables.url.clone();
    facts.translators = input.boilerplate.variables.translators.clone();

    let mut body = text[body_start..].to_string();
    if outlet.shortcodes == ShortcodeMode::Markdown {
        body = shortcodes_to_markdown(&body, input, report);
    }
    let english = input.document.source();
    let (_, english_body_start) = split_front_matter(english);
    body = rewrite_links(&body, &english[english_body_start..], outlet, report);

    // Boilerplate around the body.
    let mut warnings = Vec::new();
    let message = |id: &Option<String>, warnings: &mut Vec<String>| {
        let id = id.as_deref()?;
        let b = &input.boilerplate;
        l10n::message(id, b.messages, b.english, &b.variables, warnings)
            .filter(|m| !m.trim().is_empty())
    };
    let header = message(&outlet.header, &mut warnings);
    let credits = message(&outlet.credits, &mut warnings);
    let footer = message(&outlet.footer, &mut warnings);
    report.warnings.extend(warnings);

    let mut out = String::with_capacity(text.len() + 512);
    let mut title = None;
    match (outlet.front_matter, front_matter) {
        (FrontMatterMode::Keep, Some(yaml)) => {
            let yaml_end = yaml.as_ptr() as usize - text.as_ptr() as usize + yaml.len();
            out.push_str(&text[..yaml_end]);
            push_extra(&mut out, &outlet.extra_front_matter, &facts, toml);
            out.push_str(&text[yaml_end..body_start]);
        }
        (FrontMatterMode::Keep, None) => {}
        (FrontMatterMode::Replace, _) => {
            out.push_str("---\n");
            out.push_str(&format!("title: {}\n", yaml_string(&facts.title)));
            // A plain date stays a YAML date (Hugo reads both).
            let plain_date = facts.date.len() == 10
                && facts.date.chars().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            if plain_date {
                out.push_str(&format!("date: {}\n", facts.date));
            } else {
                out.push_str(&format!("date: {}\n", yaml_string(&facts.date)));
            }
            push_extra(&mut out, &outlet.extra_front_matter, &facts, false);
            out.push_str("---\n");
        }
        (FrontMatterMode::None, _) => {
            title = Some(facts.title.clone());
            // The body starts after the blank lines that followed the front matter.
            let trimmed = body.trim_start_matches(['\n', '\r']).len();
            body.drain(..body.len() - trimmed);
        }
    }
    if let Some(header) = header {
        if outlet.front_matter != FrontMatterMode::None {
            out.push('\n');
        }
        out.push_str(header.trim_end());
        out.push_str("\n\n");
        body = body.trim_start_matches(['\n', '\r']).to_string();
    }
    let body_line = verso_text::LineIndex::new(&out).len();
    out.push_str(&body);
    for text in [credits, footer].into_iter().flatten() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(text.trim_end());
        out.push('\n');
    }
    for d in &mut report.dangling {
        d.line += body_line - 1;
    }
    Ok(Output {
        text: out,
        title,
        report: std::mem::take(report),
    })
}

/// Appends the outlet's extra front-matter keys, as YAML or TOML (both read a double-quoted
/// string with these escapes the same way).
fn push_extra(out: &mut String, extra: &[(String, ExtraValue)], facts: &Facts, toml: bool) {
    let separator = if toml { " =" } else { ":" };
    for (key, value) in extra {
        match value {
            ExtraValue::Text(template) => {
                let value = Outlet::expand(template, facts);
                out.push_str(&format!("{key}{separator} {}\n", yaml_string(&value)));
            }
            ExtraValue::List(items) => {
                let mut values = Vec::new();
                for item in items {
                    if item == "{translators}" {
                        values.extend(facts.translators.iter().cloned());
                    } else {
                        values.push(Outlet::expand(item, facts));
                    }
                }
                let list: Vec<String> = values.iter().map(|v| yaml_string(v)).collect();
                out.push_str(&format!("{key}{separator} [{}]\n", list.join(", ")));
            }
        }
    }
}

/// A YAML double-quoted scalar.
pub(crate) fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Replaces every shortcode: `figure` by a Markdown image, others by their Fluent message
/// `shortcode-NAME` or nothing.
fn shortcodes_to_markdown(body: &str, input: &Input, report: &mut Report) -> String {
    let found = Placeables::of(body).shortcodes;
    if found.is_empty() {
        return body.to_string();
    }
    let base = input.outlet.absolutize.as_deref();
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for shortcode in found {
        let Some(n) = body[at..].find(&shortcode.raw) else {
            continue;
        };
        out.push_str(&body[at..at + n]);
        at += n + shortcode.raw.len();
        let attribute = |name: &str| {
            shortcode
                .attributes
                .iter()
                .find(|(key, _)| key.as_deref() == Some(name))
                .map(|(_, value)| unescape(value))
        };
        if shortcode.name == "figure" && !shortcode.closing {
            let Some(src) = attribute("src") else {
                report.dropped_shortcodes.push(shortcode.name.clone());
                continue;
            };
            let caption = attribute("caption")
                .or_else(|| attribute("alt"))
                .or_else(|| attribute("title"))
                .unwrap_or_default();
            let src = absolute(&src, base);
            out.push_str("![");
            out.push_str(&escape_markdown_text(&caption));
            out.push_str("](");
            out.push_str(&escape_destination(&src));
            out.push(')');
            continue;
        }
        let id = format!("shortcode-{}", shortcode.name);
        let b = &input.boilerplate;
        let replacement = (!shortcode.closing && (b.messages.has(&id) || b.english.has(&id)))
            .then(|| {
                l10n::message(
                    &id,
                    b.messages,
                    b.english,
                    &b.variables,
                    &mut report.warnings,
                )
            })
            .flatten();
        match replacement {
            Some(text) => out.push_str(text.trim()),
            None => report.dropped_shortcodes.push(shortcode.name.clone()),
        }
    }
    out.push_str(&body[at..]);
    out
}

/// A shortcode attribute value as spelled, decoded: `\"` and `\\` lose their backslash.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next @ ('"' | '\\')) => out.push(next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text written inside `![...]`: every character that Markdown could read as markup (or that
/// would end the brackets) is backslash-escaped, so the text stays text.
fn escape_markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '[' | ']' | '<' | '>' | '`' | '*' | '_' | '!' | '&' | '{' | '}' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination that stays one: in `<...>` when it holds spaces or parentheses.
fn escape_destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// `url` made absolute on `base` when it is site-relative (`/images/...`).
fn absolute(url: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if url.starts_with('/') && !url.starts_with("//") => {
            format!("{}{url}", base.trim_end_matches('/'))
        }
        _ => url.to_string(),
    }
}

/// One replacement in the body.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// Makes site-relative destinations absolute (when the outlet says so), rewrites in-page
/// fragments to the outlet's anchors, and reports fragments no heading has.
fn rewrite_links(body: &str, english_body: &str, outlet: &Outlet, report: &mut Report) -> String {
    // The heading the English links point at, by English (Hugo) anchor, and the anchor the
    // same heading has in this output, paired by position: translation keeps the headings.
    let rewrite_fragments = !outlet.anchors.has_heading_attributes();
    let mut fragment_map: HashMap<String, String> = HashMap::new();
    if rewrite_fragments {
        let english = anchors::headings(english_body, AnchorRule::Hugo);
        let ours = anchors::headings(body, outlet.anchors);
        if english.len() == ours.len() {
            for (e, o) in english.iter().zip(&ours) {
                if let (Some(from), Some(to)) = (&e.anchor, &o.anchor) {
                    fragment_map.insert(from.clone(), to.clone());
                }
            }
        } else {
            report.warnings.push(format!(
                "the output has {} headings where the English has {}; in-page links are left as they are",
                ours.len(),
                english.len()
            ));
        }
    }
    let base = outlet.absolutize.as_deref();
    let mut edits = Vec::new();
    let parser = Parser::new_ext(body, verso_segment::cmark_options()).into_offset_iter();
    let definitions: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
        .collect();
    for (event, range) in parser {
        let (dest_url, link_type) = match &event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            })
            | Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => (dest_url.to_string(), *link_type),
            _ => continue,
        };
        if link_type != LinkType::Inline {
            continue;
        }
        let Some(new) = new_destination(&dest_url, base, &fragment_map, report) else {
            continue;
        };
        let raw = &body[range.clone()];
        if let Some(at) = raw.rfind("](") {
            let mut start = at + 2;
            start += raw[start..].len() - raw[start..].trim_start().len();
            if raw[start..].starts_with('<') {
                start += 1;
            }
            if raw[start..].starts_with(dest_url.as_str()) {
                let start = range.start + start;
                edits.push(Edit {
                    range: start..start + dest_url.len(),
                    text: new,
                });
            }
        }
    }
    for (dest, span) in definitions {
        let Some(new) = new_destination(&dest, base, &fragment_map, report) else {
            continue;
        };
        if let Some(at) = body[span.clone()].find(&dest) {
            let start = span.start + at;
            edits.push(Edit {
                range: start..start + dest.len(),
                text: new,
            });
        }
    }
    let mut out = body.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for edit in edits {
        out.replace_range(edit.range, &edit.text);
    }
    report.dangling = dangling(&out, outlet.anchors);
    out
}

/// The destination a link gets in the output, when it changes.
fn new_destination(
    dest: &str,
    base: Option<&str>,
    fragments: &HashMap<String, String>,
    report: &mut Report,
) -> Option<String> {
    if let Some(fragment) = dest.strip_prefix('#') {
        let decoded = percent_decode(fragment);
        let to = fragments
            .get(fragment)
            .or_else(|| fragments.get(&decoded))?;
        if to == fragment {
            return None;
        }
        report.anchors_rewritten += 1;
        return Some(format!("#{to}"));
    }
    let new = absolute(dest, base);
    (new != dest).then_some(new)
}

/// In-page links of `body` whose fragment no heading of `body` has under `rule`.
pub fn dangling(body: &str, rule: AnchorRule) -> Vec<Dangling> {
    let anchors: std::collections::HashSet<String> = anchors::headings(body, rule)
        .into_iter()
        .filter_map(|h| h.anchor)
        .collect();
    let lines = verso_text::LineIndex::new(body);
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, verso_segment::cmark_options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(fragment) = dest_url.strip_prefix('#')
            && !fragment.is_empty()
            && !anchors.contains(fragment)
            && !anchors.contains(&percent_decode(fragment))
        {
            out.push(Dangling {
                fragment: fragment.to_string(),
                line: lines.line(range.start),
            });
        }
    }
    out
}

/// `%XX` sequences decoded (as UTF-8, lossily).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
