//! Which destinations of a translation stand for which of its English.
//!
//! Two destinations are the same link when they differ only in spelling: `http` or `https`,
//! a leading `www.`, a trailing `/`, or a site-relative path against the site's absolute URL
//! (`/extensions/` and `https://xmpp.org/extensions/`). A destination is a *localized* variant
//! of an English one when it points to the same page in another language on the same site:
//! a language segment added or replaced in the path (`gajim.org/de/post/...`,
//! `creativecommons.org/licenses/by-sa/4.0/deed.de`) or a language subdomain
//! (`de.wikipedia.org`). Translators do both on purpose; neither is a new link.
//!
//! A shortcut label without a definition (`[en]`, which German translators put after links to
//! English pages) is text: it links nowhere unless the issue defines the label, and a
//! translation that adds a definition is refused.

use verso_segment::placeables::{Link, LinkKind, Placeables};

/// The site the newsletter is published on, against which site-relative links resolve.
pub(crate) const SITE: &str = "xmpp.org";

/// How the destinations of a translation compare with the English ones.
#[derive(Debug, Default)]
pub(crate) struct Comparison<'a> {
    /// Destinations of the translation that are no English link, with the English link at
    /// the same position if any.
    pub new: Vec<(&'a Link, Option<&'a Link>)>,
    /// English links the translation has no spelling or variant of.
    pub dropped: Vec<&'a Link>,
    /// (English, translation) pairs of localized variants.
    pub localized: Vec<(&'a Link, &'a Link)>,
    /// In-page anchors (`#...`) of the translation that the English does not have.
    pub anchors: Vec<&'a Link>,
}

/// A destination without the spelling that does not change where it leads.
fn normalize(destination: &str) -> String {
    let d = destination.trim();
    let d = d
        .strip_prefix("https://")
        .or_else(|| d.strip_prefix("http://"))
        .map(|rest| rest.strip_prefix("www.").unwrap_or(rest).to_string())
        .unwrap_or_else(|| match d.strip_prefix('/') {
            Some(path) if !path.starts_with('/') => format!("{SITE}/{path}"),
            _ => d.to_string(),
        });
    d.trim_end_matches('/').to_string()
}

/// Whether a path segment or host label names a language (`de`, `pt-br`, `deed.fr`, `en_US`).
fn is_language(segment: &str) -> bool {
    let s = segment.strip_prefix("deed.").unwrap_or(segment);
    let (main, region) = s.split_once(['-', '_']).unwrap_or((s, ""));
    main.len() == 2
        && main.chars().all(|c| c.is_ascii_lowercase())
        && (region.is_empty()
            || (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic())))
}

/// A normalized destination without its language segments and labels.
fn without_languages(normalized: &str) -> String {
    let mut parts = normalized.split('/');
    let host = parts.next().unwrap_or_default();
    let host = match host.split_once('.') {
        Some((label, rest)) if is_language(label) && rest.contains('.') => rest,
        _ => host,
    };
    std::iter::once(host)
        .chain(parts.filter(|p| !is_language(p)))
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn compare<'a>(english: &'a Placeables, translated: &'a Placeables) -> Comparison<'a> {
    let mut out = Comparison::default();
    let english_links: Vec<(&Link, String)> = english
        .links
        .iter()
        .map(|l| (l, normalize(&l.destination)))
        .collect();
    let mut matched = vec![false; english_links.len()];
    let target_links: Vec<&Link> = translated.links.iter().collect();
    let mut seen: Vec<String> = Vec::new();
    for (position, &link) in target_links.iter().enumerate() {
        let norm = normalize(&link.destination);
        if english_links.iter().any(|(_, e)| *e == norm) {
            // Every English link of that destination (a destination may appear twice).
            for (i, (_, e)) in english_links.iter().enumerate() {
                if *e == norm {
                    matched[i] = true;
                }
            }
            continue;
        }
        if seen.contains(&norm) {
            continue;
        }
        seen.push(norm.clone());
        let bare = without_languages(&norm);
        if link.kind != LinkKind::Reference
            && let Some(i) = english_links
                .iter()
                .position(|(_, e)| without_languages(e) == bare)
        {
            for (j, (_, e)) in english_links.iter().enumerate() {
                if without_languages(e) == bare {
                    matched[j] = true;
                }
            }
            out.localized.push((english_links[i].0, link));
            continue;
        }
        if link.destination.starts_with('#') {
            out.anchors.push(link);
            // The English anchor it replaces is no longer dropped.
            if let Some(i) = english_links
                .iter()
                .position(|(e, _)| e.destination.starts_with('#'))
            {
                matched[i] = true;
            }
            continue;
        }
        let near = english_links.get(position).map(|(l, _)| *l);
        out.new.push((link, near));
    }
    let mut dropped_seen: Vec<&str> = Vec::new();
    for (i, (link, norm)) in english_links.iter().enumerate() {
        if !matched[i] && link.kind != LinkKind::Reference && !dropped_seen.contains(&norm.as_str())
        {
            dropped_seen.push(norm);
            out.dropped.push(link);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_and_variants() {
        assert_eq!(normalize("https://www.a.org/x/"), "a.org/x");
        assert_eq!(normalize("http://a.org/x"), "a.org/x");
        assert_eq!(normalize("/extensions/"), "xmpp.org/extensions");
        assert_eq!(normalize("#top"), "#top");
        assert_eq!(
            without_languages(&normalize("https://gajim.org/de/post/x/")),
            "gajim.org/post/x"
        );
        assert_eq!(
            without_languages(&normalize(
                "https://creativecommons.org/licenses/by-sa/4.0/deed.de"
            )),
            without_languages(&normalize(
                "https://creativecommons.org/licenses/by-sa/4.0/"
            )),
        );
        assert_eq!(
            without_languages("de.wikipedia.org/wiki/XMPP"),
            without_languages("en.wikipedia.org/wiki/XMPP")
        );
        assert!(!is_language("xmpp"));
        assert!(is_language("pt-br"));
    }
}
