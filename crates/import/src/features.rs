//! What translators keep of a unit: the placeables. Temporary private extractor, to be replaced
//! by `verso_segment::placeables` once the check branch lands.

use pulldown_cmark::{Event, Parser, Tag};

/// The placeables of one unit's text, normalised so that a translation's match its English's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Tagged, normalised tokens (`L:` link destination, `I:` image, `C:` code, `N:` number,
    /// `S:` shortcode source, `H:` HTML), sorted.
    pub tokens: Vec<String>,
    /// Number of emphasis and strong spans.
    pub emphasis: usize,
}

impl Features {
    pub fn of(text: &str) -> Features {
        let mut tokens = Vec::new();
        let mut emphasis = 0;
        let mut visible = String::new();
        for event in Parser::new_ext(text, verso_segment::cmark_options()) {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    tokens.push(format!("L:{}", normalize_destination(&dest_url)))
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    tokens.push(format!("I:{}", normalize_destination(&dest_url)))
                }
                Event::Start(Tag::Emphasis | Tag::Strong) => emphasis += 1,
                Event::Code(code) => tokens.push(format!("C:{code}")),
                Event::InlineHtml(html) | Event::Html(html) if !html.starts_with("</") => {
                    tokens.push(format!("H:{}", html_name(&html)))
                }
                Event::Text(t) => {
                    visible.push_str(&t);
                    visible.push(' ');
                }
                _ => {}
            }
        }
        for number in numbers(&visible) {
            tokens.push(format!("N:{number}"));
        }
        let mut rest = text;
        while let Some(at) = rest.find("{{") {
            rest = &rest[at + 2..];
            let end = rest.find("}}").unwrap_or(rest.len());
            if let Some(src) = attribute(&rest[..end], "src") {
                tokens.push(format!("S:{src}"));
            }
            rest = &rest[end..];
        }
        tokens.sort();
        Features { tokens, emphasis }
    }
}

fn html_name(html: &str) -> String {
    html.trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn attribute<'a>(shortcode: &'a str, name: &str) -> Option<&'a str> {
    let at = shortcode.find(&format!("{name}=\""))? + name.len() + 2;
    let end = shortcode[at..].find('"')?;
    Some(&shortcode[at..at + end])
}

/// Runs of digits, without leading zeros: `XEP-0477` gives `477`, `2022-11-30` and `30/11/2022`
/// give the same three numbers.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| {
            let trimmed = run.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_string()
        })
        .collect()
}

/// A link destination as translators keep it: without scheme, `www.`, language path segments
/// (`/de/`, `/pt-br/`), `lang=` queries and trailing slashes; every in-page anchor is the same,
/// since translators rewrite them to their translated headings.
pub fn normalize_destination(destination: &str) -> String {
    let destination = destination.trim();
    if destination.starts_with('#') {
        return "#".into();
    }
    let mut rest = destination;
    for scheme in ["https://", "http://"] {
        if let Some(r) = rest.strip_prefix(scheme) {
            rest = r;
        }
    }
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_language_code(s))
        .collect();
    let query: Vec<&str> = query
        .split('&')
        .filter(|q| !q.is_empty() && !q.starts_with("lang=") && !q.starts_with("hl="))
        .collect();
    let mut out = segments.join("/");
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out.to_ascii_lowercase()
}

fn is_language_code(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "en" | "de" | "fr" | "it" | "es" | "pt" | "pt-br" | "pt_br" | "en-us" | "en-gb"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_destinations_compare_equal() {
        for (a, b) in [
            ("https://xmpp.org/about/", "https://www.xmpp.org/de/about"),
            ("#help-us-to-build-the-newsletter", "#hilf-uns"),
            (
                "https://f-droid.org/en/packages/x/",
                "https://f-droid.org/fr/packages/x",
            ),
            (
                "https://example.org/page?lang=en",
                "https://example.org/page?lang=it",
            ),
        ] {
            assert_eq!(
                normalize_destination(a),
                normalize_destination(b),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn numbers_survive_reformatted_dates() {
        let en = Features::of("Accepted by vote of Council on 2022-11-30. (XEP-0477)");
        let fr = Features::of("Accepté par vote du Conseil le 30/11/2022. (XEP-0477)");
        assert_eq!(en.tokens, fr.tokens);
    }
}
