//! No translation that passes the error checks can add a URL, HTML or a shortcode to a
//! published issue, nor change its block structure.
//!
//! The oracle does not share the checks' code: it reassembles the whole issue with the targets
//! that pass, parses the result as a whole with pulldown-cmark and segments it again, and
//! compares with the English issue: the same units of the same kinds, the same blocks, and no
//! link destination, HTML or shortcode that the English issue does not have.

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};
use verso_check::errors;
use verso_segment::placeables::{self, Placeables};
use verso_segment::{Document, Kind, Options};

const ISSUE: &str = r#"---
title: "The XMPP Newsletter: March 2026"
description: 'All the news'
---

## Help us to build the newsletter {#help}

Read [the announcement](https://xmpp.org/2026/03/news/) and `prosodyctl check`,
with *style* on a second line.

- An item with ![a badge](/images/badge.png)
  - A nested item
    continued here
- [ ] A task

> A quote about <abbr>XMPP</abbr>
> on two lines.

1. First step
2. Second step

   A loose paragraph in the second step.

| Client | Notes |
|--------|-------|
| Dino   | Works on Linux |

![Screenshot of the roster](/images/roster.png "The roster in Gajim")

{{< figure src="/images/banner.png" caption="A banner for spring" >}}

Visit {{< ref "about" >}} to learn more.

Setext heading
--------------

Last words.
"#;

/// Pieces a generated translation is made of: words, Markdown that opens blocks, links, HTML,
/// shortcodes, delimiters of every kind of unit, escapes and line breaks.
const PIECES: &[&str] = &[
    "mot",
    "Lettre",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\n   ",
    "# ",
    "## ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "1) ",
    "> ",
    "    ",
    "```",
    "~~~",
    "---",
    "===",
    "***",
    "___",
    "|",
    "\\|",
    "\\",
    "\\\\",
    "`",
    "`code`",
    "`prosodyctl check`",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "](https://evil.example)",
    "[x](https://evil.example)",
    "<https://evil.example>",
    "www.evil.example",
    "https://evil.example",
    "[x]: https://evil.example",
    "[x]",
    "[^1]",
    "[^1]: note",
    "<b>",
    "</b>",
    "<script>",
    "<div>",
    "<!--",
    "-->",
    "<abbr>",
    "</abbr>",
    "&lt;script&gt;",
    "&#60;b&#62;",
    "<",
    ">",
    "{{< x >}}",
    "{{% x %}}",
    "{{<",
    "{{%",
    ">}}",
    "%}}",
    "{{< ref \"about\" >}}",
    "{{< ref \"evil\" >}}",
    "{#id}",
    "{",
    "}",
    "\"",
    "'",
    "*",
    "_",
    "~~",
    ":",
    "=",
    "$",
    "[the announcement](https://xmpp.org/2026/03/news/)",
    "![a badge](/images/badge.png)",
    "title: x",
    "+++",
    "...",
    ": x",
];

fn units_of(doc: &Document) -> Vec<String> {
    doc.units().iter().map(|u| format!("{}", u.kind)).collect()
}

fn shortcode_names(found: &Placeables) -> BTreeSet<String> {
    found
        .shortcodes
        .iter()
        .map(|s| format!("{}/{}", s.name, s.closing))
        .collect()
}

/// The body of an issue: its front matter is YAML, not Markdown (its values are checked by
/// reading the front matter back, above).
fn body(text: &str) -> &str {
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    &text[end..]
}

fn markup(text: &str) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let found = Placeables::of(body(text));
    (
        found.links.iter().map(|l| l.destination.clone()).collect(),
        found.html.iter().cloned().collect(),
        shortcode_names(&found),
    )
}

fn translation() -> impl Strategy<Value = Vec<(usize, Vec<usize>)>> {
    prop::collection::vec(
        (0..64usize, prop::collection::vec(0..PIECES.len() + 2, 0..8)),
        1..4,
    )
}

/// 3000 cases from a fixed seed, so that a CI run cannot be flaky; `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` run more cases from another seed (see the README's test section).
/// Failures are saved next to this file and replayed first on every run (proptest's default
/// looks for a `lib.rs` above the test file, finds none for an integration test, and saves
/// nothing).
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 3000;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x0076_6572_736f);
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/property.proptest-regressions"
    ))));
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_target_that_passes_the_error_checks_changes_no_markup(plan in translation()) {
        let options = Options::default();
        let doc = Document::parse(ISSUE, &options).unwrap();
        let units = doc.units();
        let mut translations = HashMap::new();
        for (pick, pieces) in plan {
            let unit = &units[pick % units.len()];
            let words: Vec<&str> = unit.text.split(' ').collect();
            let target: String = pieces
                .iter()
                .map(|&p| match p.checked_sub(PIECES.len()) {
                    // The unit's own English, whole or one of its words.
                    Some(0) => unit.text.as_str(),
                    Some(_) => words[pieces.len() % words.len()],
                    None => PIECES[p],
                })
                .collect();
            // A text without letters is no unit when segmented again; a translation has words.
            if target.chars().any(char::is_alphabetic) && errors(unit, &target).is_empty() {
                translations.insert(unit.id.clone(), target);
            }
        }
        let written = doc.reassemble(&translations);
        prop_assert!(written.is_ok(), "{translations:#?}: {written:?}");
        let written = written.unwrap();
        let again = Document::parse(written.as_str(), &options);
        prop_assert!(again.is_ok(), "{written}");
        let again = again.unwrap();
        prop_assert_eq!(units_of(&again), units_of(&doc), "{}", written);
        for (unit, back) in doc.units().iter().zip(again.units()) {
            if unit.kind == Kind::FrontMatter {
                let expected = translations.get(&unit.id).unwrap_or(&unit.text);
                prop_assert_eq!(&back.text, expected, "{}", written);
            }
        }
        prop_assert_eq!(placeables::blocks(body(&written)), placeables::blocks(body(ISSUE)), "{}", written);
        let (links, html, shortcodes) = markup(ISSUE);
        let (new_links, new_html, new_shortcodes) = markup(&written);
        prop_assert!(new_links.is_subset(&links), "{:?}\n{}", new_links.difference(&links), written);
        prop_assert!(new_html.is_subset(&html), "{:?}\n{}", new_html.difference(&html), written);
        prop_assert!(new_shortcodes.is_subset(&shortcodes), "{:?}\n{}", new_shortcodes.difference(&shortcodes), written);
    }
}
