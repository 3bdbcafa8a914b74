//! A target is untrusted input: whatever a store says, markup the English does not have never
//! reaches an output. One test per kind of injection, each built for every outlet.

mod common;

use verso_build::split_front_matter;
use verso_segment::placeables::blocks;
use verso_segment::{Document, Kind, Options};

const ENGLISH: &str = r#"---
title: The XMPP Newsletter May 2025
date: 2025-06-10
---

{{< figure src="/images/newsletter/banner.jpg" caption="XMPP Newsletter Banner" >}}

Welcome to the XMPP Newsletter. Read more [at the bottom](#help-us-to-build-the-newsletter).

- A list item about [Gajim](https://gajim.org/).

## Help us to build the newsletter

We need [you](/community/).
"#;

/// Translates the unit of `kind` whose English starts with `english_start` as `target` (the
/// others get a harmless translation), builds every outlet, and checks that `needle` is in no
/// output, that the unit is refused by id, and that its English went out instead.
#[track_caller]
fn assert_refused(kind: Kind, english_start: &str, target: &str, needle: &str) {
    let document = Document::parse(ENGLISH, &Options::default()).unwrap();
    let unit = document
        .units()
        .iter()
        .find(|u| u.kind == kind && u.text.starts_with(english_start))
        .expect("no such unit");
    let store = common::store(&document, "fr", |english| {
        if english == unit.text {
            target.to_string()
        } else {
            common::pseudo(english)
        }
    });
    for outlet in common::outlets() {
        let output = common::build(
            "2025-06-10-newsletter",
            &document,
            Some(&store),
            &outlet,
            "fr",
        );
        let text = &output.text;
        assert!(
            !text.contains(needle),
            "{}: {needle:?} published:\n{text}",
            outlet.name
        );
        let refused: Vec<&str> = output
            .report
            .refused
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(refused, [unit.id.as_str()], "{}", outlet.name);
        if outlet.name == "xmpp-org" {
            let (_, start) = split_front_matter(text);
            let (_, english_start) = split_front_matter(ENGLISH);
            assert_eq!(blocks(&text[start..]), blocks(&ENGLISH[english_start..]));
            assert!(
                text.contains(&unit.text),
                "the English of the unit is not published"
            );
        }
    }
}

#[test]
fn a_script_tag_is_refused() {
    assert_refused(
        Kind::Paragraph,
        "Welcome",
        "Bienvenue <script>alert(1)</script> [en bas](#help-us-to-build-the-newsletter).",
        "<script",
    );
}

#[test]
fn an_event_handler_attribute_is_refused() {
    assert_refused(
        Kind::Paragraph,
        "Welcome",
        "Bienvenue <img src=x onerror=alert(1)> [en bas](#help-us-to-build-the-newsletter).",
        "onerror",
    );
}

#[test]
fn a_new_url_is_refused() {
    assert_refused(
        Kind::ListItem,
        "A list item",
        "Un article sur [Gajim](https://evil.example/).",
        "evil.example",
    );
}

#[test]
fn a_shortcode_is_refused() {
    assert_refused(
        Kind::Paragraph,
        "We need",
        "Nous avons besoin de [vous](/community/). {{< rawhtml >}}<b>x</b>{{< /rawhtml >}}",
        "rawhtml",
    );
}

#[test]
fn a_heading_injected_into_a_paragraph_is_refused() {
    assert_refused(
        Kind::Paragraph,
        "We need",
        "Nous avons besoin de [vous](/community/).\n# Piraté",
        "Piraté",
    );
}

#[test]
fn a_blank_line_and_a_list_are_refused() {
    assert_refused(
        Kind::Paragraph,
        "We need",
        "Nous avons besoin de [vous](/community/).\n\n- injecté",
        "injecté",
    );
}

#[test]
fn a_caption_ending_in_a_backslash_is_refused() {
    assert_refused(
        Kind::Shortcode,
        "XMPP Newsletter",
        "Bannière \\",
        "Bannière",
    );
}

#[test]
fn a_heading_anchor_is_refused() {
    assert_refused(Kind::Heading, "Help us", "Aidez-nous {#pwned}", "pwned");
}

#[test]
fn a_title_that_would_end_the_front_matter_is_refused_or_quoted() {
    let document = Document::parse(ENGLISH, &Options::default()).unwrap();
    let store = common::store(&document, "fr", |english| {
        if english.starts_with("The XMPP") {
            "Titre\n---\ninjected: true".to_string()
        } else {
            english.to_string()
        }
    });
    for outlet in common::outlets() {
        let output = common::build(
            "2025-06-10-newsletter",
            &document,
            Some(&store),
            &outlet,
            "fr",
        );
        let (front_matter, _) = split_front_matter(&output.text);
        if let Some(yaml) = front_matter {
            let docs = yaml_rust2::YamlLoader::load_from_str(yaml).unwrap();
            assert!(
                docs[0]["injected"].is_badvalue(),
                "{}:\n{}",
                outlet.name,
                output.text
            );
        }
        assert!(!output.text.contains("\ninjected: true"), "{}", outlet.name);
    }
}

/// The whole output of each outlet for a small issue, every unit pseudo-translated.
#[test]
fn outputs_of_a_small_issue() {
    let document = Document::parse(ENGLISH, &Options::default()).unwrap();
    let store = common::store(&document, "fr", common::pseudo);
    let mut all = String::new();
    for outlet in common::outlets() {
        let output = common::build(
            "2025-06-10-newsletter",
            &document,
            Some(&store),
            &outlet,
            "fr",
        );
        all.push_str(&format!("===== {}\n", outlet.name));
        if let Some(title) = &output.title {
            all.push_str(&format!("(title) {title}\n"));
        }
        all.push_str(&output.text);
    }
    insta::assert_snapshot!(all);
}

#[test]
fn toml_front_matter_is_read_kept_and_replaced() {
    let english = "+++\ntitle = \"The XMPP Newsletter May 2025\"\ndate = 2025-06-10\n+++\n\n## News\n\nText.\n";
    let document = Document::parse(english, &Options::default()).unwrap();
    let store = common::store(&document, "fr", common::pseudo);
    let outlets = common::outlets();
    let keep = common::build("x", &document, Some(&store), &outlets[0], "fr");
    assert!(
        keep.text.starts_with(
            "+++\ntitle = \"⟦Thé XMPP Néwsléttér Máy 2025⟧\"\ndate = 2025-06-10\n+++\n"
        ),
        "{}",
        keep.text
    );
    let linuxfr = common::build("x", &document, Some(&store), &outlets[1], "fr");
    assert_eq!(
        linuxfr.title.as_deref(),
        Some("⟦Thé XMPP Néwsléttér Máy 2025⟧")
    );
    assert!(!linuxfr.text.contains("+++"), "{}", linuxfr.text);
    let blog = common::build("x", &document, Some(&store), &outlets[2], "de");
    assert!(
        blog.text
            .starts_with("---\ntitle: \"⟦Thé XMPP Néwsléttér Máy 2025⟧\"\ndate: 2025-06-10\n"),
        "{}",
        blog.text
    );
}

#[test]
fn a_heading_with_a_closing_sequence_is_reported_unpinned() {
    let english = "## News ##\n\nText.\n";
    let document = Document::parse(english, &Options::default()).unwrap();
    let store = common::store(&document, "fr", common::pseudo);
    let output = common::build("x", &document, Some(&store), &common::outlets()[0], "fr");
    assert_eq!(output.report.anchors_pinned, 0);
    assert!(
        output.report.warnings[0].contains("not given its anchor `news`"),
        "{:?}",
        output.report.warnings
    );
}
