//! Segmentation and reassembly of every construct an issue may hold, on small hand-written
//! documents.

use std::collections::HashMap;

use verso_segment::{Document, Kind, Options, ReassembleError};

const ISSUE: &str = r#"---
title: "Spring: the \"big\" release"
date: 2026-04-05
tags: [xmpp]
---

# Welcome to *spring* {#welcome}

First paragraph with [a link](https://example.org/a "Link title") and `code`,
continued on a second line.

- Top item
  wrapped here
  - Nested item with **bold**
    - Deeper still
- [ ] Task to do

> Quoted wisdom
> across lines
lazily continued.
>
> - quoted item

| Client | Platform |
|--------|----------|
| Dino   | Linux \| Windows |
| Monal  |          |
| 2.4    | ✓        |

![A screenshot of Dino](/images/dino.png "Dino on Linux")

{{< figure src="/images/banner.jpg" caption="The \"Banner\"" alt="Banner art" width="200" >}}

{{< newsletter-subscribe >}}

```xml
<message>not translated</message>
```

<div class="note">HTML block, left alone</div>

    indented code

Setext heading
--------------

1. First
2. Second

   Loose paragraph in item two.
"#;

fn doc() -> Document {
    Document::parse(ISSUE, &Options::default()).unwrap()
}

#[test]
fn finds_every_translatable_part_and_nothing_else() {
    let doc = doc();
    let got: Vec<(usize, Kind, Option<&str>, &str)> = doc
        .units()
        .iter()
        .map(|u| (u.line, u.kind, u.context.as_deref(), u.text.as_str()))
        .collect();
    use Kind::*;
    let expected = vec![
        (2, FrontMatter, Some("title"), "Spring: the \"big\" release"),
        (7, Heading, None, "Welcome to *spring*"),
        (
            9,
            Paragraph,
            None,
            "First paragraph with [a link](https://example.org/a \"Link title\") and `code`,\ncontinued on a second line.",
        ),
        (12, ListItem, None, "Top item\nwrapped here"),
        (14, ListItem, None, "Nested item with **bold**"),
        (15, ListItem, None, "Deeper still"),
        (16, ListItem, None, "Task to do"),
        (
            18,
            Quote,
            None,
            "Quoted wisdom\nacross lines\nlazily continued.",
        ),
        (22, ListItem, None, "quoted item"),
        (24, TableCell, None, "Client"),
        (24, TableCell, None, "Platform"),
        (26, TableCell, None, "Dino"),
        (26, TableCell, None, "Linux \\| Windows"),
        (27, TableCell, None, "Monal"),
        (30, Alt, None, "A screenshot of Dino"),
        (30, LinkTitle, None, "Dino on Linux"),
        (32, Shortcode, Some("figure.caption"), "The \\\"Banner\\\""),
        (32, Shortcode, Some("figure.alt"), "Banner art"),
        (44, Heading, None, "Setext heading"),
        (47, ListItem, None, "First"),
        (48, ListItem, None, "Second"),
        (50, ListItem, None, "Loose paragraph in item two."),
    ];
    assert_eq!(got, expected);
}

#[test]
fn ids_are_unique_and_repeats_numbered() {
    let doc = Document::parse("Thanks!\n\nThanks!\n\n- Thanks!\n", &Options::default()).unwrap();
    let ids: Vec<&str> = doc.units().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids[1], format!("{}-2", ids[0]));
    assert_eq!(ids[2], format!("{}-3", ids[0]));
    assert_eq!(ids[0], verso_segment::base_id("Thanks!"));
}

fn translate(doc: &Document, pairs: &[(&str, &str)]) -> Result<String, ReassembleError> {
    let by_text: HashMap<&str, &str> = pairs.iter().copied().collect();
    let map = doc
        .units()
        .iter()
        .filter_map(|u| {
            by_text
                .get(u.text.as_str())
                .map(|t| (u.id.clone(), t.to_string()))
        })
        .collect();
    doc.reassemble(&map)
}

#[test]
fn translations_go_back_in_place_with_their_containers() {
    let doc = doc();
    let out = translate(
        &doc,
        &[
            (
                "Spring: the \"big\" release",
                "Printemps : la « grosse » version",
            ),
            ("Welcome to *spring*", "Bienvenue au *printemps*"),
            (
                "Top item\nwrapped here",
                "Premier élément\nsur trois\nlignes",
            ),
            ("Deeper still", "Plus profond\nencore"),
            (
                "Quoted wisdom\nacross lines\nlazily continued.",
                "Sagesse\ncitée\nsur\nquatre lignes.",
            ),
            ("Linux \\| Windows", "Linux | Windows"),
            ("Dino on Linux", "Dino sous \"Linux\""),
            ("The \\\"Banner\\\"", "La \"bannière\""),
            ("Loose paragraph in item two.", "Paragraphe\nlâche."),
        ],
    )
    .unwrap();
    for expected in [
        "title: \"Printemps : la « grosse » version\"\n",
        "# Bienvenue au *printemps* {#welcome}\n",
        "- Premier élément\n  sur trois\n  lignes\n",
        "    - Plus profond\n      encore\n",
        "> Sagesse\n> citée\nsur\n> quatre lignes.\n",
        "| Dino   | Linux \\| Windows |\n",
        "![A screenshot of Dino](/images/dino.png \"Dino sous \\\"Linux\\\"\")",
        "caption=\"La \\\"bannière\\\"\" alt=",
        "   Paragraphe\n   lâche.\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // The translated document segments to the same units.
    let again = Document::parse(out, &Options::default()).unwrap();
    assert_eq!(again.units().len(), doc.units().len());
    assert_eq!(again.units()[0].text, "Printemps : la « grosse » version");
}

#[test]
fn single_line_units_refuse_extra_lines() {
    let doc = doc();
    let err = translate(&doc, &[("Client", "Client\nlourd")]).unwrap_err();
    assert!(
        matches!(err, ReassembleError::TooManyLines { line: 24, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("line 24"), "{err}");
}

#[test]
fn toml_front_matter() {
    let source = "+++\ntitle = 'Spring'\ndraft = false\n+++\n\nBody.\n";
    let doc = Document::parse(source, &Options::default()).unwrap();
    assert_eq!(doc.units()[0].text, "Spring");
    let out = translate(&doc, &[("Spring", "L'été \"chaud\"")]).unwrap();
    assert!(out.starts_with("+++\ntitle = "), "{out}");
    let fm: toml::Table = toml::from_str(out.split("+++").nth(1).unwrap()).unwrap();
    assert_eq!(fm["title"].as_str(), Some("L'été \"chaud\""));
    assert_eq!(fm["draft"].as_bool(), Some(false));
}

#[test]
fn crlf_line_endings_stay_out_of_texts() {
    let source = "---\r\ntitle: Hi\r\n---\r\n\r\n> Two\r\n> lines\r\n";
    let doc = Document::parse(source, &Options::default()).unwrap();
    assert_eq!(doc.units()[1].text, "Two\nlines");
    let same = doc
        .reassemble_with(|u| Some(u.text.as_str().into()))
        .unwrap();
    assert_eq!(same, source);
    let out = translate(&doc, &[("Two\nlines", "Deux\nlignes\nen plus")]).unwrap();
    assert_eq!(
        out,
        "---\r\ntitle: Hi\r\n---\r\n\r\n> Deux\r\n> lignes\r\n> en plus\r\n"
    );
}
