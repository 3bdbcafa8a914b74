//! Every injection the checks must catch, one test per kind, on small hand-written issues.
//! Each case segments a document, takes the unit whose English is given, and lists the kinds of
//! the error-level findings of a translation.

use verso_check::{CheckKind, errors};
use verso_segment::{Document, Options};

/// Errors of `target` as the translation of the unit of `document` whose text is `english`.
#[track_caller]
fn check(document: &str, english: &str, target: &str, expected: &[CheckKind]) {
    let doc = Document::parse(document, &Options::default()).unwrap();
    let unit = doc
        .units()
        .iter()
        .find(|u| u.text == english)
        .unwrap_or_else(|| panic!("no unit {english:?} in {:#?}", doc.units()));
    let found = errors(unit, target);
    let kinds: Vec<CheckKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, expected, "{target:?}: {found:#?}");
}

const ISSUE: &str = r#"---
title: "The XMPP Newsletter: March 2026"
---

## Help us to build the newsletter {#help}

Read [the announcement](https://xmpp.org/2026/03/news/) and `prosodyctl check`, with *style*.

- An item with ![a badge](/images/badge.png)

> A quote about <abbr>XMPP</abbr>.

| Client | Notes |
|--------|-------|
| Dino   | Works on Linux |

![Screenshot of the roster](/images/roster.png "The roster in Gajim")

{{< figure src="/images/banner.png" caption="A banner for spring" >}}

Visit {{< ref "about" >}} to learn more.

![Second screenshot](/images/two.png)
"#;

const PARAGRAPH: &str =
    "Read [the announcement](https://xmpp.org/2026/03/news/) and `prosodyctl check`, with *style*.";

#[test]
fn a_faithful_translation_has_no_errors() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`, avec *style*.",
        &[],
    );
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/)\net `prosodyctl check`, avec style.",
        &[],
    );
}

#[test]
fn new_link_destination() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://evil.example/) et `prosodyctl check`.",
        &[CheckKind::NewLink, CheckKind::DroppedLink],
    );
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check` <https://evil.example>.",
        &[CheckKind::NewLink],
    );
}

#[test]
fn new_image() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) ![x](https://evil.example/t.png) `prosodyctl check`.",
        &[CheckKind::NewLink],
    );
}

#[test]
fn english_link_dropped() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez l'annonce et `prosodyctl check`.",
        &[CheckKind::DroppedLink],
    );
}

#[test]
fn script_and_event_handler_html() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`<script>alert(1)</script>.",
        &[CheckKind::NewHtml, CheckKind::NewHtml],
    );
    check(
        ISSUE,
        "A quote about <abbr>XMPP</abbr>.",
        r#"Une citation <img src=x onerror="alert(1)"> sur <abbr>XMPP</abbr>."#,
        &[CheckKind::NewHtml],
    );
    check(
        ISSUE,
        "A quote about <abbr>XMPP</abbr>.",
        "Une citation sur <abbr>XMPP</abbr>.",
        &[],
    );
}

#[test]
fn shortcode_not_in_the_english() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check` {{< rawhtml >}}<b>{{< /rawhtml >}}",
        &[
            CheckKind::NewHtml,
            CheckKind::NewShortcode,
            CheckKind::NewShortcode,
        ],
    );
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check` {{% x %}}",
        &[CheckKind::NewShortcode],
    );
    check(
        ISSUE,
        "Visit {{< ref \"about\" >}} to learn more.",
        "Visitez {{< ref \"about\" >}} pour en savoir plus.",
        &[],
    );
    check(
        ISSUE,
        "Visit {{< ref \"about\" >}} to learn more.",
        "Visitez {{< ref \"evil\" >}} pour en savoir plus.",
        &[CheckKind::NewShortcode],
    );
}

#[test]
fn inline_code_changed() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl vérifier`.",
        &[CheckKind::InlineCode],
    );
}

#[test]
fn a_paragraph_that_becomes_a_heading() {
    check(
        ISSUE,
        PARAGRAPH,
        "# Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_blank_line_then_a_list() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n\n- une liste",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_list_without_a_blank_line() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n- une liste",
        &[CheckKind::Structure],
    );
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/)\n1. et `prosodyctl check`.",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_quote_a_code_fence_a_rule_a_setext_underline_an_html_block() {
    for target in [
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/)\n> et `prosodyctl check`.",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n~~~",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n***",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n---",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n===",
    ] {
        check(ISSUE, PARAGRAPH, target, &[CheckKind::Structure]);
    }
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.\n<div>",
        &[CheckKind::NewHtml, CheckKind::Structure],
    );
}

#[test]
fn a_table_row() {
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez | [l'annonce](https://xmpp.org/2026/03/news/)\n--|--\net | `prosodyctl check`",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_list_item_gains_a_nested_list() {
    check(
        ISSUE,
        "An item with ![a badge](/images/badge.png)",
        "Un élément ![un badge](/images/badge.png)\n- imbriqué",
        &[CheckKind::Structure],
    );
}

#[test]
fn one_line_kinds_take_no_line_break() {
    check(
        ISSUE,
        "Help us to build the newsletter",
        "Aidez-nous\nà construire la lettre",
        &[CheckKind::Structure],
    );
    check(
        ISSUE,
        "Works on Linux",
        "Marche\nsous Linux",
        &[CheckKind::Structure],
    );
    check(
        ISSUE,
        "A banner for spring",
        "Une bannière\npour le printemps",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_table_cell_pipe_is_escaped_on_the_way_back() {
    check(ISSUE, "Works on Linux", "Marche sous Linux | Windows", &[]);
}

#[test]
fn heading_id_attribute() {
    check(
        ISSUE,
        "Help us to build the newsletter",
        "Aidez-nous {#aide}",
        &[CheckKind::HeadingId],
    );
    check(
        ISSUE,
        "Help us to build the newsletter",
        "Aidez-nous à construire la lettre",
        &[],
    );
}

#[test]
fn trailing_backslash_escapes_the_delimiter() {
    check(
        ISSUE,
        "A banner for spring",
        r"Une bannière\",
        &[CheckKind::TrailingBackslash],
    );
    check(ISSUE, "A banner for spring", r"Une bannière\\", &[]);
    check(
        ISSUE,
        "Screenshot of the roster",
        r"Capture\",
        &[CheckKind::Structure, CheckKind::TrailingBackslash],
    );
    check(
        ISSUE,
        "The roster in Gajim",
        r"Le roster dans Gajim\",
        &[CheckKind::TrailingBackslash],
    );
    check(
        ISSUE,
        "Works on Linux",
        r"Marche sous Linux\",
        &[CheckKind::TrailingBackslash],
    );
}

#[test]
fn quotes_in_quoted_values_are_escaped_on_the_way_back() {
    check(ISSUE, "A banner for spring", r#"Une "bannière""#, &[]);
    check(ISSUE, "The roster in Gajim", r#"Le "roster""#, &[]);
}

#[test]
fn front_matter_values() {
    check(
        ISSUE,
        "The XMPP Newsletter: March 2026",
        "La lettre XMPP : mars 2026",
        &[],
    );
    check(
        ISSUE,
        "The XMPP Newsletter: March 2026",
        "La \"lettre\" 'XMPP' : # mars \\ 2026 ---",
        &[],
    );
    check(
        ISSUE,
        "The XMPP Newsletter: March 2026",
        "La lettre\n---\nevil: true",
        &[CheckKind::Structure],
    );
}

#[test]
fn toml_front_matter_values() {
    check(
        "+++\ntitle = 'Spring'\n+++\n\nBody text.\n",
        "Spring",
        "Printemps 'quoted' \"double\" \\",
        &[],
    );
}

#[test]
fn an_alt_text_closed_early() {
    check(
        ISSUE,
        "Second screenshot",
        "Capture](https://evil.example/x.png) ![deux",
        &[CheckKind::Structure],
    );
    // A shortcut label links nowhere while the issue defines none (and no translation can).
    check(ISSUE, "Second screenshot", "Deuxième [capture]", &[]);
    check(ISSUE, "Second screenshot", r"Deuxième \[capture\]", &[]);
}

#[test]
fn a_reference_definition_or_label() {
    check(
        ISSUE,
        PARAGRAPH,
        "[x]: https://evil.example\nLisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.",
        &[CheckKind::NewLink],
    );
    check(
        ISSUE,
        PARAGRAPH,
        "Lisez [l'annonce][x] [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.",
        &[CheckKind::NewLink],
    );
}

#[test]
fn a_list_item_that_becomes_a_task() {
    check(
        ISSUE,
        "An item with ![a badge](/images/badge.png)",
        "[x] Un élément ![un badge](/images/badge.png)",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_list_item_that_starts_with_a_blank() {
    check(
        ISSUE,
        "An item with ![a badge](/images/badge.png)",
        " Un élément ![un badge](/images/badge.png)",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_carriage_return_ends_a_line() {
    check(
        ISSUE,
        "Help us to build the newsletter",
        "Aidez-nous\r# à construire",
        &[CheckKind::Structure],
    );
}

#[test]
fn a_colon_that_makes_a_definition_list() {
    check(
        ISSUE,
        PARAGRAPH,
        ": Lisez [l'annonce](https://xmpp.org/2026/03/news/) et `prosodyctl check`.",
        &[CheckKind::Structure],
    );
}

/// Every block marker a translator could type, at the start of the translation's first or
/// second line, in each kind of unit that holds lines: refused, as the English has no such block.
/// What only looks like a marker stays accepted.
#[test]
fn every_block_marker_at_the_start_of_a_line() {
    let units = [
        PARAGRAPH,
        "An item with ![a badge](/images/badge.png)",
        "A quote about <abbr>XMPP</abbr>.",
    ];
    let markers = [
        "- ",
        "* ",
        "+ ",
        "1. ",
        "1) ",
        "# ",
        "###### ",
        "> ",
        "[^1]: ",
        "```",
        "~~~",
        "    ",
        "<div>",
        "<!-- ",
        "<pre>",
        "<script>",
        "***\n",
        "---\n",
        "___\n",
        "| a |\n|---|\n",
    ];
    for english in units {
        let keep = if english == PARAGRAPH {
            " [l'annonce](https://xmpp.org/2026/03/news/) `prosodyctl check`"
        } else if english.contains("badge") {
            " ![un badge](/images/badge.png)"
        } else {
            " <abbr>XMPP</abbr>"
        };
        for marker in markers {
            for target in [
                format!("{marker}texte{keep}"),
                format!("Du texte{keep}\n{marker}texte"),
                format!("Du texte{keep}\n{}", marker.trim_end_matches('\n')),
            ] {
                if !marker.ends_with('\n')
                    && !target.starts_with(marker)
                    && !target.ends_with("texte")
                {
                    continue;
                }
                let doc = Document::parse(ISSUE, &Options::default()).unwrap();
                let unit = doc.units().iter().find(|u| u.text == english).unwrap();
                let found = errors(unit, &target);
                assert!(
                    found.iter().any(|f| f.kind == CheckKind::Structure)
                        // Indented code cannot interrupt a paragraph.
                        || (marker == "    " && target.starts_with("Du"))
                        // An info string holding a backtick makes no fence.
                        || (marker == "```" && target.starts_with(marker)),
                    "{english:?} <- {target:?}: {found:#?}"
                );
            }
        }
    }
    // Text that only looks like a marker: no block, no finding.
    for target in [
        "« - » texte [l'annonce](https://xmpp.org/2026/03/news/) `prosodyctl check`",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) `prosodyctl check`\n2. fois",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/) - `prosodyctl check` # 1",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/)\n1.5 fois `prosodyctl check`",
        "Lisez [l'annonce](https://xmpp.org/2026/03/news/)\n-> `prosodyctl check`",
    ] {
        check(ISSUE, PARAGRAPH, target, &[]);
    }
}

/// The message of a block-marker refusal names the line and the marker.
#[test]
fn a_block_marker_is_named_with_its_line() {
    let doc = Document::parse(ISSUE, &Options::default()).unwrap();
    let unit = doc.units().iter().find(|u| u.text == PARAGRAPH).unwrap();
    let keep = "[l'annonce](https://xmpp.org/2026/03/news/) `prosodyctl check`";
    for (target, expected) in [
        (
            format!("Lisez {keep}\n- texte"),
            "line 2 of the translation starts with `-`",
        ),
        (
            format!("# Lisez {keep}"),
            "line 1 of the translation starts with `#`",
        ),
        (format!("Lisez {keep}\n1. texte"), "starts with `1.`"),
        (format!("Lisez {keep}\n[^1]: note"), "starts with `[^1]:`"),
        (format!("Lisez {keep}\n```texte"), "starts with `````"),
        (
            format!("Lisez {keep}\n---"),
            "line 2 of the translation starts with `---`",
        ),
        (
            format!("a | b\n--|--\n{keep}"),
            "line 2 of the translation starts with `--|--`",
        ),
    ] {
        let found = errors(unit, &target);
        assert!(
            found
                .iter()
                .any(|f| f.kind == CheckKind::Structure && f.message.contains(expected)),
            "{target:?}: {found:#?}"
        );
    }
}
