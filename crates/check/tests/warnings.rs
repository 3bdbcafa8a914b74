//! Every warning kind, one test each: what a translator should look at twice.

use verso_check::{CheckKind, Context, Glossary, Names, check_unit};
use verso_segment::{Document, Options};

/// The French glossary of the tests; the German one renders `server` as `Server`.
const GLOSSARY: &str = r#"
[[term]]
term = "server"
translation = ["serveur"]

[[term]]
term = "Stable"
translation = ["stable"]
match-case = true
"#;

/// The kinds of every finding of `target` as the `language` translation of the unit of
/// `document` whose text is `english`.
#[track_caller]
fn check(language: &str, document: &str, english: &str, target: &str, expected: &[CheckKind]) {
    let doc = Document::parse(document, &Options::default()).unwrap();
    let unit = doc
        .units()
        .iter()
        .find(|u| u.text == english)
        .unwrap_or_else(|| panic!("no unit {english:?} in {:#?}", doc.units()));
    let ctx = Context {
        language: language.into(),
        glossary: Glossary::parse(&match language {
            "fr" => GLOSSARY.to_string(),
            _ => GLOSSARY.replace("serveur", "Server"),
        })
        .unwrap(),
        names: Names::parse("names = [\"Gajim\", \"Psi\"]").unwrap(),
    };
    let found = check_unit(unit, target, &ctx);
    let kinds: Vec<CheckKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, expected, "{target:?}: {found:#?}");
}

const ISSUE: &str = r#"# News

Gajim 2.0 supports XEP-0384 and [the new release](https://gajim.org/post/2-0/) of your **server**.

See the [roster docs](#roster) and run `gajim --help`.

Psi is Stable now: what a day!

A short line.
"#;

const GAJIM: &str = "Gajim 2.0 supports XEP-0384 and [the new release](https://gajim.org/post/2-0/) of your **server**.";
const PSI: &str = "Psi is Stable now: what a day!";
const ROSTER: &str = "See the [roster docs](#roster) and run `gajim --help`.";

#[test]
fn a_faithful_translation_has_no_warnings() {
    check(
        "fr",
        ISSUE,
        GAJIM,
        "Gajim 2.0 prend en charge XEP-0384 et [la nouvelle version](https://gajim.org/post/2-0/) de votre **serveur**.",
        &[],
    );
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est stable\u{202f}: quelle journée\u{a0}!",
        &[],
    );
}

#[test]
fn localized_link() {
    check(
        "de",
        ISSUE,
        GAJIM,
        "Gajim 2.0 unterstützt XEP-0384 und [die neue Version](https://gajim.org/de/post/2-0/) deines **Servers**.",
        &[CheckKind::LocalizedLink],
    );
}

#[test]
fn anchor() {
    check(
        "de",
        ISSUE,
        ROSTER,
        "Siehe die [Roster-Doku](#kontaktliste) und führe `gajim --help` aus.",
        &[CheckKind::Anchor],
    );
}

#[test]
fn code_markup() {
    check(
        "de",
        ISSUE,
        ROSTER,
        "Siehe die [Roster-Doku](#roster) und führe gajim --help aus.",
        &[CheckKind::CodeMarkup],
    );
}

#[test]
fn numbers_and_xep_numbers() {
    check(
        "de",
        ISSUE,
        GAJIM,
        "Gajim 2.1 unterstützt XEP-0384 und [die neue Version](https://gajim.org/post/2-0/) deines **Servers**.",
        &[CheckKind::Numbers],
    );
    check(
        "de",
        ISSUE,
        GAJIM,
        "Gajim 2.0 unterstützt XEP-0374 und [die neue Version](https://gajim.org/post/2-0/) deines **Servers**.",
        &[CheckKind::XepNumbers],
    );
}

#[test]
fn emphasis() {
    check(
        "de",
        ISSUE,
        GAJIM,
        "Gajim 2.0 unterstützt XEP-0384 und [die neue Version](https://gajim.org/post/2-0/) deines Servers.",
        &[CheckKind::Emphasis],
    );
}

#[test]
fn glossary() {
    check(
        "fr",
        ISSUE,
        GAJIM,
        "Gajim 2.0 prend en charge XEP-0384 et [la nouvelle version](https://gajim.org/post/2-0/) de votre **logiciel**.",
        &[CheckKind::Glossary],
    );
    // `Stable` is matched case-sensitively: the XEP state, not any stable thing.
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est solide\u{202f}: quelle journée\u{a0}!",
        &[CheckKind::Glossary],
    );
}

#[test]
fn name() {
    check(
        "fr",
        ISSUE,
        PSI,
        "Le logiciel est stable\u{202f}: quelle journée\u{a0}!",
        &[CheckKind::Name],
    );
    // A German genitive keeps the name.
    check(
        "de",
        ISSUE,
        GAJIM,
        "Gajims Version 2.0 unterstützt XEP-0384 und [die neue Version](https://gajim.org/post/2-0/) deines **Servers**.",
        &[],
    );
}

#[test]
fn untranslated() {
    check("fr", ISSUE, GAJIM, GAJIM, &[CheckKind::Untranslated]);
    // Short texts are often the same in both languages.
    check("fr", ISSUE, "A short line.", "A short line.", &[]);
}

#[test]
fn french_typography() {
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est stable : quelle journée !",
        &[CheckKind::Typography],
    );
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est stable: quelle journée!",
        &[CheckKind::Typography],
    );
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est « stable »\u{202f}: quelle journée\u{a0}!",
        &[CheckKind::Typography],
    );
    check(
        "fr",
        ISSUE,
        PSI,
        "Psi est «\u{a0}stable\u{a0}»\u{202f}: quelle journée\u{a0}!",
        &[],
    );
    // Other languages keep the English spacing.
    check("de", ISSUE, PSI, "Psi ist Stable: was für ein Tag!", &[]);
}

#[test]
fn length_ratio() {
    check(
        "de",
        ISSUE,
        GAJIM,
        "[Gajim](https://gajim.org/post/2-0/) 2.0 XEP-0384 **Server**",
        &[CheckKind::LengthRatio],
    );
}

#[test]
fn spaces() {
    check(
        "de",
        ISSUE,
        "A short line.",
        "Eine  kurze Zeile.",
        &[CheckKind::Spaces],
    );
    check(
        "de",
        ISSUE,
        "A short line.",
        "Eine kurze Zeile. ",
        &[CheckKind::Spaces],
    );
}
