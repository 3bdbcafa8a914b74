//! What translators keep of a unit, as comparable tokens: its placeables (found by
//! `verso_segment::placeables`), normalised so that a translation's match its English's.

use verso_segment::placeables::{LinkKind, Placeables};

/// The evidence a unit's text gives for pairing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Tagged, normalised tokens, sorted: `L:` link destination, `I:` image source, `C:` code,
    /// `H:` HTML element, `N:` number, `X:` XEP number, `S:` shortcode source.
    pub tokens: Vec<String>,
    /// Emphasis and strong spans.
    pub emphasis: usize,
    /// Characters of the prose (link destinations and markup left out).
    pub visible: usize,
}

impl Evidence {
    pub fn of(text: &str) -> Evidence {
        let found = Placeables::of(text);
        let mut tokens = Vec::new();
        let mut numbers = Vec::new();
        for link in &found.links {
            let tag = match link.kind {
                LinkKind::Image => 'I',
                LinkKind::Link
                | LinkKind::Autolink
                | LinkKind::Reference
                | LinkKind::Definition => 'L',
            };
            tokens.push(format!(
                "{tag}:{}",
                normalize_destination(&link.destination)
            ));
        }
        for code in &found.code {
            if code.chars().any(char::is_alphabetic) {
                tokens.push(format!("C:{code}"));
            } else {
                // A version number in backticks: translators often drop the backticks.
                numbers.extend(digit_runs(code));
            }
        }
        for html in found.html.iter().filter(|h| !h.starts_with("</")) {
            tokens.push(format!("H:{}", html_name(html)));
        }
        numbers.extend(found.numbers.iter().cloned());
        for number in &numbers {
            let trimmed = number.trim_start_matches('0');
            tokens.push(format!(
                "N:{}",
                if trimmed.is_empty() { "0" } else { trimmed }
            ));
        }
        for xep in &found.xeps {
            tokens.push(format!("X:{xep}"));
        }
        for shortcode in &found.shortcodes {
            for (name, value) in &shortcode.attributes {
                if name.as_deref() == Some("src") {
                    tokens.push(format!("S:{value}"));
                }
            }
        }
        tokens.sort();
        Evidence {
            tokens,
            emphasis: found.emphasis + found.strong,
            visible: found.prose.chars().count(),
        }
    }
}

/// Whether every word of `text` stands inside a link (a name linked to its site).
pub fn links_only(text: &str) -> bool {
    let found = Placeables::of(text);
    let mut rest = found.prose.clone();
    for link in &found.links {
        rest = rest.replacen(link.text.as_str(), "", 1);
    }
    !found.links.is_empty() && !rest.chars().any(char::is_alphanumeric)
}

fn digit_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(str::to_string)
        .collect()
}

fn html_name(html: &str) -> String {
    html.trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The site the newsletter is published on: its absolute links and site-relative links are the
/// same links.
const SITE: &str = "xmpp.org";

/// A link destination as translators keep it: without scheme, `www.`, the site's own host,
/// language path segments (`/de/`, `/pt-br/`) and Creative Commons' localized deeds
/// (`deed.de`), `lang=` queries, stray closing brackets and
/// trailing slashes; every in-page anchor is the same, since translators rewrite them to their
/// translated headings.
pub fn normalize_destination(destination: &str) -> String {
    let destination = destination.trim().trim_end_matches([']', ')']);
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
    let rest = match rest.strip_prefix(SITE) {
        Some(path) if path.is_empty() || path.starts_with('/') => path,
        _ => rest,
    };
    let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_language_code(s) && !s.starts_with("deed."))
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
        let en = Evidence::of("Accepted by vote of Council on 2022-11-30. (XEP-0477)");
        let fr = Evidence::of("Accepté par vote du Conseil le 30/11/2022. (XEP-0477)");
        assert_eq!(en.tokens, fr.tokens);
    }
}
