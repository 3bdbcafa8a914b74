//! `Placeables::of` skips pulldown-cmark for a text that `placeables::is_plain`: it must find
//! exactly what the parse finds (`Placeables::parsed`). The checks read a target only through
//! its text and its placeables (`check_unit` takes `Placeables::of` of both texts), so equal
//! placeables are equal findings. Proved on every unit of every issue of the archive (the English and
//! every translation: each paired unit's English and target are among them), and on random
//! texts made of the bytes the parser treats specially.

use proptest::prelude::*;
use verso_segment::placeables::{Placeables, is_plain};
use verso_segment::{Document, Options};

#[test]
fn the_plain_path_finds_what_the_parser_finds_on_the_archive() {
    let Some(root) = verso_testkit::corpus() else {
        return;
    };
    let options = Options::default();
    let (mut texts, mut plain) = (0, 0);
    for language in ["en", "de", "fr", "it", "es", "pt-br"] {
        let Ok(dir) = std::fs::read_dir(root.join(language)) else {
            continue;
        };
        let mut files: Vec<_> = dir.map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let Ok(doc) = Document::read(&path, &options) else {
                continue;
            };
            for unit in doc.units() {
                texts += 1;
                let text = unit.text.as_str();
                if is_plain(text.trim_start()) {
                    plain += 1;
                }
                assert_eq!(
                    Placeables::of(text),
                    Placeables::parsed(text),
                    "{}:{}: {text:?}",
                    path.display(),
                    unit.line
                );
            }
        }
    }
    eprintln!("{plain} of {texts} unit texts are plain");
    assert!(texts > 10_000, "only {texts} unit texts read");
    // The fast path must be worth having: a good share of real texts take it.
    assert!(plain * 5 > texts, "only {plain} of {texts} texts are plain");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn the_plain_path_finds_what_the_parser_finds(
        text in proptest::collection::vec(
            prop_oneof![
                Just("a"), Just("Wort"), Just(" "), Just("  "), Just("\t"), Just("\n"),
                Just("\r"), Just("1"), Just("2.500"), Just("XEP-0384"), Just("xep_0001"),
                Just("*"), Just("_"), Just("`"), Just("["), Just("]"), Just("("), Just(")"),
                Just("<"), Just(">"), Just("!"), Just("&"), Just("&amp;"), Just("\\"),
                Just("|"), Just("~"), Just("^"), Just("$"), Just("{"), Just("}"),
                Just("{#id}"), Just("{{< figure src=\"a.png\" >}}"), Just("{{% note %}}"),
                Just("#"), Just("-"), Just("+"), Just(":"), Just("="), Just("'"), Just("\""),
                Just("\u{a0}"), Just("\u{3000}"), Just("é"), Just("\u{0}"), Just("\u{7f}"),
                Just("\u{fffd}"), Just("http://example.org"), Just("www.example.org"),
                Just("name@example.org"),
            ],
            0..12,
        )
    ) {
        let text = text.concat();
        prop_assert_eq!(Placeables::of(&text), Placeables::parsed(&text), "{:?}", text);
    }
}
