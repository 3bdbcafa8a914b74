//! Inputs that once broke a promise of segmentation, found by hand or by `cargo xtask fuzz`:
//! each must now keep every promise of the oracle (identity byte-exact; a pseudo-translation
//! keeps the units, the block structure, every byte outside units, and a parsing front matter).

mod oracle;

use std::path::Path;

use verso_segment::{Document, Kind, Options, Warning};

/// What the pseudo-translations add to every unit (each made fit for the unit's kind).
const EXTRAS: [&str; 9] = [
    "",
    " a|b \\| c\\\\|d \"q\" 'a' (p) *x* _y_ `c` [l](https://x.org) & # < \\",
    "\nsecond line\n- not a list\n# not a heading",
    "\u{a0}",
    "\u{2028}",
    " \u{2029}\u{85}\u{feff}",
    "  ",
    "\t",
    ": # not a comment \" ' \\ \n",
];

#[track_caller]
fn assert_promises_kept(source: &str) {
    for extra in EXTRAS {
        if let Err(failure) = oracle::check(source, extra) {
            panic!("{failure}\nsource: {source:?}\nextra: {extra:?}");
        }
    }
}

#[track_caller]
fn assert_units(source: &str, expected: &[(usize, Kind, &str)]) {
    let doc = Document::parse(source, &Options::default()).unwrap();
    let got: Vec<(usize, Kind, &str)> = doc
        .units()
        .iter()
        .map(|u| (u.line, u.kind, u.text.as_str()))
        .collect();
    assert_eq!(got, expected, "{source:?}");
    assert_promises_kept(source);
}

#[test]
fn a_table_cell_with_backslashes_before_a_pipe_reassembles_byte_exactly() {
    // Issue 11's minimal input, in both readings of its backslashes.
    assert_promises_kept("a||\n-|-\nl\\\\|");
    assert_promises_kept("a||\n-|-\nl\\\\\\\\|");
    assert_promises_kept("| a | b |\n|---|---|\n| x \\\\| y | \\| |\n");
}

#[test]
fn a_pipe_in_a_shortcode_caption_inside_a_table_cell_stays_in_the_cell() {
    assert_units(
        "| a | b |\n|-|-|\n| {{< figure src=\"/x.png\" caption=\"x\\|y\" >}} | z |\n",
        &[
            (1, Kind::TableCell, "a"),
            (1, Kind::TableCell, "b"),
            (3, Kind::Shortcode, "x\\|y"),
            (3, Kind::TableCell, "z"),
        ],
    );
    assert_promises_kept("| a |\n|-|\n| ![alt text](/x.png \"a title\") |\n");
}

#[test]
fn bare_cr_line_endings_in_a_quote_stay_out_of_the_text() {
    // Lines are numbered where pulldown-cmark breaks them (verso_text::LineIndex): a lone
    // `\r` ends a line.
    assert_units(
        "> Quoted\r> wisdom\r\r> again\r",
        &[
            (1, Kind::Quote, "Quoted\nwisdom"),
            (4, Kind::Quote, "again"),
        ],
    );
    assert_promises_kept("- item\r  wrapped\r\rPara\rgraph\r");
}

#[test]
fn a_lazy_table_line_after_a_list_item_keeps_the_units() {
    assert_promises_kept("- item\na|b\n-|-\nc|d\n");
    assert_promises_kept("- a|b\n  -|-\nc|d\n");
    assert_promises_kept("- a|b\n  -|-\n  c|d\nlazy\n");
    assert_promises_kept("> a|b\n> -|-\nc|d\n");
}

#[test]
fn a_yaml_title_with_trailing_unicode_blanks_survives_translation() {
    assert_promises_kept("---\ntitle: Hello\ndate: 2020\n---\n\nBody.\n");
    assert_promises_kept("---\ntitle: 'Hello'\n---\n");
    assert_promises_kept("---\ntitle: \"Hello\"\n---\n");
    assert_promises_kept("+++\ntitle = 'Hello'\n+++\n");
    // A no-break space is part of a plain scalar, not a blank around it.
    assert_units(
        "---\ntitle: Hello\u{a0}\n---\n",
        &[(2, Kind::FrontMatter, "Hello\u{a0}")],
    );
}

#[track_caller]
fn assert_front_matter(source: &str, title: Option<&str>, warnings: &[(usize, &str)]) {
    let doc = Document::parse(source, &Options::default()).unwrap();
    let got = doc
        .units()
        .iter()
        .find(|u| u.context.as_deref() == Some("title"))
        .map(|u| u.text.as_str());
    assert_eq!(got, title, "{source:?}");
    let got: Vec<(usize, String)> = doc
        .warnings()
        .iter()
        .map(|w| (w.line(), w.to_string()))
        .collect();
    let expected: Vec<(usize, String)> = warnings
        .iter()
        .map(|(line, message)| (*line, message.to_string()))
        .collect();
    assert_eq!(got, expected, "{source:?}");
    assert_promises_kept(source);
}

#[test]
fn a_yaml_title_as_alias_tag_or_quoted_key_is_a_unit_or_a_warning() {
    assert_front_matter("---\n\"title\": Hello\n---\n", Some("Hello"), &[]);
    assert_front_matter("---\n'title': Hello\n---\n", Some("Hello"), &[]);
    assert_front_matter("---\ntitle: !!str Hello\n---\n", Some("Hello"), &[]);
    assert_front_matter("---\ntitle: &t Hello\nog: *t\n---\n", Some("Hello"), &[]);
    assert_front_matter(
        "---\nname: &t Hello\ntitle: *t\n---\n",
        None,
        &[(
            3,
            "front-matter `title` stays untranslated: its value is an alias",
        )],
    );
    assert_front_matter(
        "---\ndate: 2020\ntitle: !!str 2024\n---\n",
        None,
        &[(
            3,
            "front-matter `title` stays untranslated: verso cannot rewrite its value as \
             spelled (a tag, or a style it does not read)",
        )],
    );
    assert_front_matter(
        "---\n{title: Hello, date: 2020}\n---\n",
        None,
        &[(
            2,
            "front-matter `title` stays untranslated: verso cannot find where its key is spelled",
        )],
    );
    assert_front_matter(
        "+++\ntitle = 2024\n+++\n",
        None,
        &[(
            2,
            "front-matter `title` stays untranslated: its value is not a string",
        )],
    );
    let doc = Document::parse("---\ntitle: *x\n---\n", &Options::default());
    assert!(doc.is_err(), "an unknown alias is invalid YAML");
    let _: &[Warning] = &[];
}

#[test]
fn a_figure_on_a_list_items_continuation_line_is_markup_with_a_caption_unit() {
    assert_units(
        "- [Gajim 1.9](https://gajim.org) is out.\n  {{< figure src=\"/images/g.png\" caption=\"Gajim reactions\" >}}\n- Next item\n",
        &[
            (1, Kind::ListItem, "[Gajim 1.9](https://gajim.org) is out."),
            (2, Kind::Shortcode, "Gajim reactions"),
            (3, Kind::ListItem, "Next item"),
        ],
    );
    assert_units(
        "Text before\n{{< figure src=\"/a.png\" caption=\"One\" >}}\ntext after.\n",
        &[
            (1, Kind::Paragraph, "Text before"),
            (2, Kind::Shortcode, "One"),
            (3, Kind::Paragraph, "text after."),
        ],
    );
}

#[test]
fn an_image_in_an_images_alt_text_is_part_of_that_text() {
    assert_units(
        "![outer ![inner](/i.png \"inner title\") alt](/o.png \"outer title\")\n",
        &[
            (1, Kind::Alt, "outer ![inner](/i.png \"inner title\") alt"),
            (1, Kind::LinkTitle, "outer title"),
        ],
    );
}

/// Every case `cargo xtask fuzz` minimized and saved: `NAME.md` is the source, `NAME.extra`
/// (when present) what its failing pseudo-translation added to every unit.
#[test]
fn fuzz_regressions_keep_every_promise() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    for case in cases {
        let source = std::fs::read_to_string(&case).unwrap();
        let extra = std::fs::read_to_string(case.with_extension("extra")).ok();
        for extra in extra.iter().map(String::as_str).chain(EXTRAS) {
            if let Err(failure) = oracle::check(&source, extra) {
                panic!("{}: {failure}\nextra: {extra:?}", case.display());
            }
        }
    }
}

/// Lines are numbered where pulldown-cmark (and YAML) break them: a file with lone CR line
/// endings reports the same line for every unit as the same file with `\n` (it was "line 1"
/// throughout), and so do CRLF files.
#[test]
fn line_numbers_count_lone_cr_as_a_line_break() {
    // (A setext heading: pulldown-cmark 0.13 runs an ATX heading past a lone CR.)
    let lf = "---\ntitle: T\ndate: 1\n---\n\nHead\n===\n- item\n  more\n\n> quote\n\n| a | b |\n|---|---|\n| c | d |\n\nlast *one*\n";
    let lines = |source: &str| -> Vec<(usize, Kind)> {
        Document::parse(source, &Options::default())
            .unwrap()
            .units()
            .iter()
            .map(|u| (u.line, u.kind))
            .collect()
    };
    let expected = lines(lf);
    assert_eq!(expected.len(), 9, "{expected:?}");
    assert_eq!(expected.last(), Some(&(17, Kind::Paragraph)));
    for ending in ["\r", "\r\n"] {
        let source = lf.replace('\n', ending);
        assert_eq!(lines(&source), expected, "{ending:?}");
        assert_promises_kept(&source);
    }
}

/// A translation's lone CR or CRLF is a line break to pulldown-cmark: a single-line unit
/// refuses it like `\n`, and a paragraph gets the source's own break (and continuation) there.
#[test]
fn a_translation_with_a_lone_cr_breaks_lines_like_a_newline() {
    let doc = Document::parse("# Head\n\n- item\n  more\n", &Options::default()).unwrap();
    let translate = |heading: &'static str, item: &'static str| {
        doc.reassemble_with(|u| {
            Some(std::borrow::Cow::Borrowed(if u.kind == Kind::Heading {
                heading
            } else {
                item
            }))
        })
    };
    for ending in ["\r", "\r\n", "\n"] {
        let heading = Box::leak(format!("Titre{ending}- pas une liste").into_boxed_str());
        let error = translate(heading, "x").unwrap_err().to_string();
        assert!(
            error.contains("has 2 lines, at most 1 fit"),
            "{ending:?}: {error}"
        );
        let item = Box::leak(format!("un{ending}deux{ending}trois").into_boxed_str());
        let out = translate("Titre", item).unwrap();
        assert_eq!(out, "# Titre\n\n- un\n  deux\n  trois\n", "{ending:?}");
    }
}
