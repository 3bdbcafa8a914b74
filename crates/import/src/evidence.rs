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

/// The most words of prose a reference line may have once its references are left out.
pub const REFERENCE_WORDS: usize = 3;

/// Whether `text` is a reference line: it refers to something (a link, inline code, a number or
/// version, a XEP), and once those are left out at most [`REFERENCE_WORDS`] words remain. Left
/// out: link texts, code spans, XEP ids (`XEP-0030`) with the parenthesised title right after
/// one (`XEP-0030 (Service Discovery)`), and words that are numbers, versions or dates
/// (`1.2.0`, `2024-11-05`, `v0.3`). Everything is read from the placeables' prose, so no
/// Markdown is scanned here.
pub fn reference_only(text: &str) -> bool {
    let found = Placeables::of(text);
    // XEP ids first, with their titles, while the link texts that spell them are still there.
    let mut rest = without_xep_ids(&found.prose);
    for link in &found.links {
        rest = rest.replacen(link.text.as_str(), " ", 1);
    }
    let mut referenced =
        !found.links.is_empty() || !found.code.is_empty() || !found.xeps.is_empty();
    let mut words = 0;
    // Code spans stand in the prose as U+FFFC.
    for word in rest.split(|c: char| c.is_whitespace() || c == '\u{fffc}') {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if is_number(word) {
            referenced = true;
        } else if word.chars().any(char::is_alphabetic) {
            words += 1;
        }
    }
    referenced && words <= REFERENCE_WORDS
}

/// Whether `text` is the head of a XEP's revision-history entry as the newsletter quotes it: a
/// reference line (see [`reference_only`]) naming a XEP with a version, such as
/// `Version 2.5.0 of XEP-0030 (Service Discovery)` (the version number may be missing, as in
/// `Version of XEP-0425 (…)`, but the word or a number must be there).
pub fn version_line(text: &str) -> bool {
    let found = Placeables::of(text);
    let versioned = found.prose.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        word.eq_ignore_ascii_case("version") || is_number(word)
    });
    !found.xeps.is_empty() && versioned && reference_only(text)
}

/// Whether `text` ends with the signature of a XEP revision-history entry: the initials of its
/// editor in parentheses, `(pep)`, `(egp, ssw)`, `(XEP Editor: dg)`, `(XEP Editor (jsc))`,
/// maybe followed by a full stop.
pub fn revision_signature(text: &str) -> bool {
    let text = text.trim_end().trim_end_matches('.').trim_end();
    let Some(body) = text.strip_suffix(')') else {
        return false;
    };
    // The parenthesised group at the end (parentheses nest once: `(XEP Editor (dg))`).
    let mut depth = 1;
    let mut start = None;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            start = Some(i);
            break;
        }
    }
    let Some(start) = start else { return false };
    if start == 0 {
        // Nothing but the signature: no entry.
        return false;
    }
    let inner = &body[start + 1..];
    let initials = |s: &str| {
        let s = s.trim();
        (1..=6).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase())
    };
    if let Some(editor) = inner.strip_prefix("XEP Editor") {
        let editor = editor.trim_start_matches([':', ' ']);
        let editor = editor
            .strip_prefix('(')
            .and_then(|e| e.strip_suffix(')'))
            .unwrap_or(editor);
        return initials(editor);
    }
    inner.split([',', '/']).all(initials)
}

/// A version or a date: digits, with dots, dashes or slashes between, maybe after a `v`.
fn is_number(word: &str) -> bool {
    let digits = word.strip_prefix(['v', 'V']).unwrap_or(word);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/'))
}

/// `prose` with each XEP id (`XEP-0030`, `xep 0030`, `XEP0030`) left out, and the parenthesised
/// title that follows one (parentheses nest: `(Multiparty Jingle (Muji))`).
fn without_xep_ids(prose: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    while at < prose.len() {
        let Some(end) = xep_id_at(prose, at) else {
            let c = prose[at..].chars().next().unwrap();
            out.push(c);
            at += c.len_utf8();
            continue;
        };
        out.push(' ');
        at = end;
        let after = prose[at..].trim_start();
        if after.starts_with('(') {
            let start = prose.len() - after.len();
            let mut depth = 0;
            for (i, c) in after.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    at = start + i + 1;
                    break;
                }
            }
        }
    }
    out
}

/// The end of the XEP id starting at byte `at` of `text`, if one does.
fn xep_id_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
        return None;
    }
    if !bytes.get(at..at + 3)?.eq_ignore_ascii_case(b"xep") {
        return None;
    }
    let mut i = at + 3;
    if matches!(bytes.get(i), Some(b'-' | b'_' | b' ')) {
        i += 1;
    }
    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    (digits == 4).then_some(i + 4)
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
    fn reference_lines() {
        for text in [
            "Version 0.1.0 of XEP-0487 (Host Meta 2 - One Method To Rule Them All)",
            "Version 0.5.0 and 0.6.0 of XEP-0333 (Displayed Markers (was: Chat Markers))",
            "[XEP-0490](https://xmpp.org/extensions/xep-0490.html): Message Displayed Synchronization",
            "Podcast: [NGI0: Next Generation Internet](https://podcast.nlnet.nl/@NGIZero)",
            "[ejabberd](https://www.ejabberd.im/)",
        ] {
            assert!(reference_only(text), "{text}");
        }
        for text in [
            // Nothing referred to: a digit inside a word is no number.
            "Translators: *wh0nix*",
            "Namespace bump (jp)",
            "Promoted to Experimental (XEP Editor: dg)",
            "This Last Call shall end at the close of business on 2025-01-06",
            "Use a XEP-0425 /me command in the fallback body",
        ] {
            assert!(!reference_only(text), "{text}");
        }
    }

    #[test]
    fn revision_history_lines() {
        for text in [
            "Version 2.5.0 of XEP-0030 (Service Discovery)",
            "Version of XEP-0425 (Moderated Message Retraction)",
            "Version 0.2.0 of [XEP-0272](https://xmpp.org/extensions/xep-0272.html) (Multiparty Jingle (Muji))",
        ] {
            assert!(version_line(text), "{text}");
        }
        for text in [
            "[XEP-0490](https://xmpp.org/extensions/xep-0490.html): Message Displayed Synchronization",
            "Version 2.5.0 of the spec",
            "Last Call for comments on XEP-0424 (Message Retraction).",
        ] {
            assert!(!version_line(text), "{text}");
        }
        for text in [
            "Add note about some entities not advertising the feature. (pep)",
            "Fix the XML Schema to match examples. (egp)",
            "Promoted to Experimental (XEP Editor: dg)",
            "Accept as Stable as per Council Vote from 2024-04-17. (XEP Editor (dg))",
            "Editorial fixes (egp, ssw).",
        ] {
            assert!(revision_signature(text), "{text}");
        }
        for text in [
            "Discuss it in the XSF chat (XEPs)",
            "See the newsletter (https://xmpp.org/)",
            "(pep)",
            "An event (online event, with web meeting mode and live streaming).",
        ] {
            assert!(!revision_signature(text), "{text}");
        }
    }

    #[test]
    fn numbers_survive_reformatted_dates() {
        let en = Evidence::of("Accepted by vote of Council on 2022-11-30. (XEP-0477)");
        let fr = Evidence::of("Accepté par vote du Conseil le 30/11/2022. (XEP-0477)");
        assert_eq!(en.tokens, fr.tokens);
    }
}
