//! A store entry may silence a warning kind, with a reason; error kinds cannot be silenced.

use verso_check::{CheckKind, Context, check_entry};
use verso_segment::{Document, Options};
use verso_store::{Allow, Entry, State};

const ISSUE: &str = r#"# News

Read [the announcement](https://xmpp.org/news/) about the new release of the server software today.
"#;

/// The kinds found for `target` with `allow` as (check, reason) pairs.
#[track_caller]
fn check(target: &str, allow: &[(&str, &str)], expected: &[CheckKind]) {
    let doc = Document::parse(ISSUE, &Options::default()).unwrap();
    let unit = &doc.units()[1];
    let mut entry = Entry::new(unit.id.clone(), unit.kind, unit.text.clone());
    entry.state = State::Translated;
    entry.target = target.to_string();
    entry.allow = allow
        .iter()
        .map(|(check, reason)| Allow {
            check: check.to_string(),
            reason: reason.to_string(),
        })
        .collect();
    let found = check_entry(unit, &entry, &Context::new("de"));
    let kinds: Vec<CheckKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, expected, "{found:#?}");
}

const SHORT: &str = "[Lies](https://xmpp.org/news/) es.";

#[test]
fn a_warning_kind_is_silenced_with_a_reason() {
    check(SHORT, &[], &[CheckKind::LengthRatio]);
    check(
        SHORT,
        &[("length-ratio", "German says it in three words")],
        &[],
    );
}

#[test]
fn a_silenced_warning_needs_a_reason() {
    check(
        SHORT,
        &[("length-ratio", "")],
        &[CheckKind::LengthRatio, CheckKind::Allow],
    );
}

#[test]
fn an_unknown_check_is_reported() {
    check(
        SHORT,
        &[("lenght-ratio", "typo")],
        &[CheckKind::LengthRatio, CheckKind::Allow],
    );
}

#[test]
fn error_kinds_cannot_be_silenced() {
    check(
        "[Lies](https://evil.example/) über die neue Version der Serversoftware heute.",
        &[("new-link", "I mean it"), ("dropped-link", "I mean it too")],
        &[
            CheckKind::NewLink,
            CheckKind::DroppedLink,
            CheckKind::Allow,
            CheckKind::Allow,
        ],
    );
}
