//! Segmentation and reassembly over every file of the real newsletter archive
//! (`../shared/corpus/xmpp-newsletter`): English issues, their edit histories and every
//! translation. Skipped, with a message, where the corpus is absent.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options as CmarkOptions, Parser, Tag};
use verso_segment::{Document, Encoding, Kind, Options, Unit, cmark_options};
use verso_testkit::corpus;

/// Every Markdown file of the corpus, in a stable order.
fn corpus_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

fn documents() -> Vec<(PathBuf, Document)> {
    let Some(root) = corpus() else {
        return Vec::new();
    };
    let docs: Vec<_> = corpus_files(&root)
        .into_iter()
        .map(|path| {
            let doc = Document::read(&path, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
            (path, doc)
        })
        .collect();
    assert!(docs.len() >= 150, "only {} corpus files", docs.len());
    docs
}

#[test]
fn identity_reassembly_is_byte_exact() {
    for (path, doc) in documents() {
        let out = doc
            .reassemble_with(|u| Some(Cow::Borrowed(u.text.as_str())))
            .unwrap();
        assert!(
            out == doc.source(),
            "{} changed when every unit is its own translation",
            path.display()
        );
    }
}

#[test]
fn every_issue_has_a_title_and_units_do_not_overlap() {
    for (path, doc) in documents() {
        let units = doc.units();
        assert_eq!(
            units[0].context.as_deref(),
            Some("title"),
            "{}",
            path.display()
        );
        for pair in units.windows(2) {
            assert!(
                pair[0].range.end <= pair[1].range.start,
                "{}: overlapping units {pair:?}",
                path.display()
            );
        }
        for unit in units {
            assert!(
                !unit.text.trim().is_empty(),
                "{}: empty unit {unit:?}",
                path.display()
            );
            assert_eq!(
                unit.text.trim(),
                unit.text,
                "{}: untrimmed unit {unit:?}",
                path.display()
            );
        }
    }
}

/// A translation that wraps the text and, where the kind allows, adds a line; quoted values and
/// front matter get the characters that need escaping.
fn pseudo(unit: &Unit) -> String {
    match (&unit.encoding, unit.kind) {
        (Encoding::Yaml | Encoding::Toml, _) => format!("«Titre : \"{}\" l'été #1»", unit.text),
        (Encoding::Quoted { .. }, _) => format!("«{} \"q\" (p)»", unit.text),
        (_, kind) if kind.is_multiline() => format!("«{}\nƒ»", unit.text),
        _ => format!("«{}»", unit.text),
    }
}

/// The block structure and the link and image destinations of a document, parsed as Hugo would.
fn structure(text: &str) -> (Vec<String>, Vec<String>) {
    let options = cmark_options()
        | CmarkOptions::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | CmarkOptions::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut blocks = Vec::new();
    let mut destinations = Vec::new();
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                destinations.push(dest_url.to_string())
            }
            Event::Start(
                tag @ (Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript),
            ) => drop(tag),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => blocks.push(format!("heading {level} {id:?} {classes:?}")),
            Event::Start(Tag::CodeBlock(kind)) => blocks.push(format!("code {kind:?}")),
            Event::Start(tag) => blocks.push(
                format!("{tag:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap()
                    .to_string(),
            ),
            Event::End(tag) => blocks.push(format!("end {tag:?}")),
            Event::Code(c) => blocks.push(format!("code span {c}")),
            Event::Html(h) => blocks.push(format!("html {h}")),
            _ => {}
        }
    }
    blocks.retain(|b| {
        !b.contains("Emphasis") && !b.contains("Strong") && !b.contains("Strikethrough")
    });
    (blocks, destinations)
}

#[test]
fn pseudo_translation_keeps_structure_links_front_matter_and_shortcodes() {
    let options = Options::default();
    for (path, doc) in documents() {
        let out = doc
            .reassemble_with(|u| Some(Cow::Owned(pseudo(u))))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.display();
        let (src_blocks, src_links) = structure(doc.source());
        let (out_blocks, out_links) = structure(&out);
        assert_eq!(src_links, out_links, "{name}: link destinations changed");
        if let Some(i) =
            (0..src_blocks.len().min(out_blocks.len())).find(|&i| src_blocks[i] != out_blocks[i])
        {
            panic!(
                "{name}: block structure differs at event {i}: {} vs {}",
                src_blocks[i], out_blocks[i]
            );
        }
        assert_eq!(src_blocks.len(), out_blocks.len(), "{name}: block count");

        // Segmenting the translation finds the same units, holding the translations: front
        // matter still parses to the new title, shortcodes hold their escaped captions.
        let again = Document::parse(out, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.units().len(), again.units().len(), "{name}: unit count");
        for (before, after) in doc.units().iter().zip(again.units()) {
            assert_eq!(before.kind, after.kind, "{name}: {before:?}");
            assert_eq!(before.context, after.context, "{name}: {before:?}");
            let expected = match before.encoding {
                Encoding::Quoted { close: '"', .. } => pseudo(before).replace('"', "\\\""),
                Encoding::Quoted { close: ')', .. } => {
                    pseudo(before).replace('(', "\\(").replace(')', "\\)")
                }
                _ => pseudo(before),
            };
            assert_eq!(after.text, expected, "{name}: unit at line {}", before.line);
        }
        // Everything between units is untouched.
        let mut outside_before = String::new();
        let mut outside_after = String::new();
        for (d, s) in [(&doc, &mut outside_before), (&again, &mut outside_after)] {
            let mut at = 0;
            for u in d.units() {
                s.push_str(&d.source()[at..u.range.start]);
                s.push('\u{0}');
                at = u.range.end;
            }
            s.push_str(&d.source()[at..]);
        }
        assert!(
            outside_before == outside_after,
            "{name}: bytes outside units changed"
        );
    }
}

/// Unit counts and kinds of a few real issues, pinned and reviewed by hand.
#[test]
fn unit_kinds_of_real_issues() {
    let Some(root) = corpus() else { return };
    for issue in [
        "en/2018-02-28-newsletter.md",
        "en/2020-03-15-newsletter.md",
        "en/2022-02-05-newsletter.md",
        "en/2025-06-10-newsletter.md",
        "de/2025-06-10-newsletter.md",
    ] {
        let doc = Document::read(&root.join(issue), &Options::default()).unwrap();
        let mut summary = String::new();
        for kind in Kind::ALL {
            let n = doc.units().iter().filter(|u| u.kind == kind).count();
            if n > 0 {
                summary.push_str(&format!("{kind}: {n}\n"));
            }
        }
        summary.push_str(&format!("total: {}\n\n", doc.units().len()));
        for u in doc.units() {
            let context = u
                .context
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            summary.push_str(&format!(
                "{:>4} {}{context} ({} words)\n",
                u.line,
                u.kind,
                u.words()
            ));
        }
        insta::assert_snapshot!(issue.replace(['/', '.'], "_"), summary);
    }
}

/// A `figure` on the line after a list item's text (indented or lazy) is markup with a caption
/// unit, not part of the item's text: the five of the English issues (issue 10).
#[test]
fn figures_under_list_items_are_caption_units() {
    let Some(root) = corpus() else { return };
    for (issue, line, caption) in [
        ("en/2023-02-05-newsletter.md", 76, "Spark 3.0.1"),
        (
            "en/2023-04-05-newsletter.md",
            44,
            "Digital Market Act workshop in Brussels",
        ),
        ("en/2024-02-05-newsletter.md", 61, "XMPP Network Graph"),
        ("en/2024-07-05-newsletter.md", 54, "Gajim message reactions"),
        (
            "en/2024-07-05-newsletter.md",
            63,
            "ejabberd WebAdmin interface",
        ),
    ] {
        let doc = Document::read(&root.join(issue), &Options::default()).unwrap();
        let unit = doc.units().iter().find(|u| u.line == line);
        assert_eq!(
            unit.map(|u| (u.kind, u.context.as_deref(), u.text.as_str())),
            Some((Kind::Shortcode, Some("figure.caption"), caption)),
            "{issue}:{line}"
        );
        for unit in doc.units() {
            assert!(
                !unit.text.contains("{{<"),
                "{issue}:{}: a shortcode inside {unit:?}",
                unit.line
            );
        }
    }
}
