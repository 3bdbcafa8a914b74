//! Every English issue of the real archive, pseudo-translated in fr, de and it, built for every
//! outlet of the example workspace. Each output is checked against the English with
//! pulldown-cmark: the same blocks, the same link destinations (after the outlet's documented
//! conversions), a front matter that parses, in-page links that land on a heading, no shortcode
//! left where the outlet has none.

mod common;

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, Tag};
use verso_build::anchors::{self, AnchorRule};
use verso_build::{FrontMatterMode, Outlet, ShortcodeMode, split_front_matter};
use verso_segment::placeables::{Placeables, blocks};

const LANGUAGES: [&str; 3] = ["fr", "de", "it"];

/// Link and image destinations of a Markdown body, in order.
fn destinations(body: &str) -> Vec<String> {
    let parser = Parser::new_ext(body, verso_segment::cmark_options());
    parser
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// In-page fragments of `body` that no heading has under `rule`.
fn dead_fragments(body: &str, rule: AnchorRule) -> Vec<String> {
    let ids: HashSet<String> = anchors::headings(body, rule)
        .into_iter()
        .filter_map(|h| h.anchor)
        .collect();
    destinations(body)
        .into_iter()
        .filter_map(|d| d.strip_prefix('#').map(str::to_string))
        .filter(|f| !f.is_empty() && !ids.contains(f))
        .collect()
}

/// The English destinations as `outlet` publishes them.
fn expected_destinations(english_body: &str, outlet: &Outlet) -> Vec<String> {
    let mut all = Vec::new();
    // Shortcodes become Markdown images in document order, among the other links.
    let mut rest = english_body;
    let shortcodes = if outlet.shortcodes == ShortcodeMode::Markdown {
        Placeables::of(english_body).shortcodes
    } else {
        Vec::new()
    };
    for shortcode in shortcodes {
        let at = rest.find(&shortcode.raw).unwrap();
        all.extend(destinations(&rest[..at]));
        if shortcode.name == "figure" {
            let src = shortcode
                .attributes
                .iter()
                .find(|(k, _)| k.as_deref() == Some("src"))
                .map(|(_, v)| v.clone())
                .unwrap();
            all.push(src);
        }
        rest = &rest[at + shortcode.raw.len()..];
    }
    all.extend(destinations(rest));
    all.into_iter()
        .map(|d| match &outlet.absolutize {
            Some(base) if d.starts_with('/') && !d.starts_with("//") => format!("{base}{d}"),
            _ => d,
        })
        .map(|d| match outlet.anchors {
            // Fragments are rewritten; they are checked by resolving them.
            AnchorRule::Linuxfr if d.starts_with('#') => "#".to_string(),
            _ => d,
        })
        .collect()
}

#[test]
fn every_issue_builds_for_every_outlet_with_the_english_structure() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let issues = common::english_issues(&corpus);
    assert_eq!(issues.len(), 80);
    let outlets = common::outlets();
    let mut failures = Vec::new();
    let mut refused = std::collections::BTreeSet::new();
    let (mut outputs, mut pinned, mut rewritten, mut english_dead) = (0, 0, 0, 0);
    for (issue, document) in &issues {
        let (_, english_start) = split_front_matter(document.source());
        let english_body = &document.source()[english_start..];
        let english_blocks = blocks(english_body);
        let dead_in_english = dead_fragments(english_body, AnchorRule::Hugo);
        english_dead += dead_in_english.len();
        let english_title = verso_build::Facts::of(issue, "en", document).english_title;
        for lang in LANGUAGES {
            let store = common::store(document, lang, common::pseudo);
            let choices = verso_build::Choices::new(document, Some(&store));
            for outlet in outlets.iter().filter(|o| o.serves(lang)) {
                let output =
                    common::build_with(issue, document, Some(&store), outlet, lang, Some(&choices));
                outputs += 1;
                pinned += output.report.anchors_pinned;
                rewritten += output.report.anchors_rewritten;
                let what = format!("{issue} {lang} {}", outlet.name);
                let mut fail = |message: String| failures.push(format!("{what}: {message}"));
                let report = &output.report;
                // A refused unit goes out in English; every other unit goes out translated.
                for refusal in &report.refused {
                    refused.insert(format!("{issue} unit {}: {}", refusal.id, refusal.reason));
                }
                if report.translated + report.refused.len() != report.units {
                    fail(format!(
                        "{} translated and {} refused of {} units",
                        report.translated,
                        report.refused.len(),
                        report.units
                    ));
                }
                // Front matter.
                let (front_matter, body_start) = split_front_matter(&output.text);
                match outlet.front_matter {
                    FrontMatterMode::None => {
                        if front_matter.is_some() {
                            fail("front matter in an outlet without".into());
                        }
                        if output.title.as_deref() != Some(common::pseudo(&english_title).as_str())
                        {
                            fail(format!("title {:?}", output.title));
                        }
                    }
                    _ => match front_matter.map(yaml_rust2::YamlLoader::load_from_str) {
                        Some(Ok(docs)) => {
                            let title = docs[0]["title"].as_str().unwrap_or_default();
                            if title != common::pseudo(&english_title) {
                                fail(format!("title {title:?}"));
                            }
                        }
                        other => fail(format!("front matter: {other:?}")),
                    },
                }
                // The body, without the boilerplate around it.
                let mut body = output.text[body_start..].to_string();
                for line in [
                    format!("HEADER MONTH <https://xmpp.org/{issue}/>.\n\n"),
                    "\nCREDITS Ada, Grace.\n".to_string(),
                    "\nFOOTER.\n".to_string(),
                ] {
                    body = body.replacen(&line, "", 1);
                }
                let expected_blocks = &english_blocks;
                let found_blocks = blocks(&body);
                if &found_blocks != expected_blocks {
                    fail(format!(
                        "blocks differ: {} in the output, {} in the English",
                        found_blocks.len(),
                        expected_blocks.len()
                    ));
                }
                let expected = expected_destinations(english_body, outlet);
                let found: Vec<String> = destinations(&body)
                    .into_iter()
                    .map(|d| match outlet.anchors {
                        AnchorRule::Linuxfr if d.starts_with('#') => "#".to_string(),
                        _ => d,
                    })
                    .collect();
                if found != expected {
                    let missing: Vec<_> = expected.iter().filter(|d| !found.contains(d)).collect();
                    let added: Vec<_> = found.iter().filter(|d| !expected.contains(d)).collect();
                    fail(format!(
                        "destinations differ: missing {missing:?}, added {added:?}"
                    ));
                }
                // In-page links land on a heading, except those already dead in the English.
                let dead = dead_fragments(&body, outlet.anchors);
                if dead.len() > dead_in_english.len() {
                    fail(format!(
                        "dead in-page links {dead:?} (English: {dead_in_english:?})"
                    ));
                }
                if outlet.shortcodes == ShortcodeMode::Markdown
                    && (output.text.contains("{{<") || output.text.contains("{{%"))
                {
                    fail("a shortcode is left".into());
                }
            }
        }
    }
    eprintln!(
        "{outputs} outputs of {} issues; {pinned} heading anchors pinned, {rewritten} in-page \
         links rewritten; {english_dead} in-page links dead in the English issues",
        issues.len()
    );
    eprintln!("{} units refused by the checks:", refused.len());
    for refusal in &refused {
        eprintln!("  {refusal}");
    }
    // The pseudo-translation keeps every placeable: a refusal would be a false positive of the
    // checks (its unit would go out in English).
    assert!(refused.is_empty(), "{refused:#?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

#[test]
fn stores_that_say_the_english_build_the_english_byte_for_byte() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let xmpp_org = &common::outlets()[0];
    for (issue, document) in common::english_issues(&corpus) {
        let store = common::store(&document, "fr", |english| english.to_string());
        let output = common::build(&issue, &document, Some(&store), xmpp_org, "fr");
        assert!(output.text == document.source(), "{issue}");
        assert_eq!(output.report.translated, output.report.units, "{issue}");
    }
}

/// The real published translations, read with the same rule: most of their in-page links are
/// dead because their headings were translated without an anchor (what `verso build` fixes).
#[test]
fn dead_in_page_links_of_the_published_translations_are_found() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (mut links, mut dead, mut files) = (0, Vec::new(), 0);
    for lang in ["de", "fr", "it", "es", "pt-br"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(lang)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, start) = split_front_matter(&text);
            let body = &text[start..];
            files += 1;
            links += destinations(body)
                .iter()
                .filter(|d| d.len() > 1 && d.starts_with('#'))
                .count();
            for fragment in dead_fragments(body, AnchorRule::Hugo) {
                dead.push(format!(
                    "{lang}/{}: #{fragment}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    eprintln!(
        "{files} published translations: {} of {links} in-page links are dead",
        dead.len()
    );
    for d in &dead {
        eprintln!("  {d}");
    }
    assert!(
        dead.contains(&"de/2025-06-10-newsletter.md: #help-us-to-build-the-newsletter".to_string()),
        "{dead:#?}"
    );
}
