//! Warning-level checks: worth a translator's look, never a reason to refuse a unit.

use verso_segment::Unit;
use verso_segment::placeables::Placeables;

use crate::errors::{code_differences, quote_code};
use crate::glossary::has_name;
use crate::links::Comparison;
use crate::{CheckKind, Context, Finding};

/// Below this many characters of English prose, lengths say nothing.
const MIN_LENGTH_FOR_RATIO: usize = 40;
/// A translation this many times shorter or longer than its English is suspicious.
const MAX_LENGTH_RATIO: f64 = 2.5;
/// An English text of this many words left as it is was most likely forgotten.
const MIN_WORDS_UNTRANSLATED: usize = 5;

pub(crate) fn check(
    unit: &Unit,
    target: &str,
    english: &Placeables,
    translated: &Placeables,
    links: &Comparison<'_>,
    ctx: &Context,
    out: &mut Vec<Finding>,
) {
    localized_links_and_anchors(links, out);
    code_markup(unit, target, english, translated, out);
    numbers(english, translated, out);
    if english.emphasis + english.strong + english.strikethrough
        != translated.emphasis + translated.strong + translated.strikethrough
    {
        out.push(Finding::new(
            CheckKind::Emphasis,
            format!(
                "the English has {} emphasis/strong/strikethrough span(s), the translation {}",
                english.emphasis + english.strong + english.strikethrough,
                translated.emphasis + translated.strong + translated.strikethrough
            ),
            "",
            "",
        ));
    }
    let same = target.trim() == unit.text.trim();
    if same {
        let words = english
            .prose
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if words >= MIN_WORDS_UNTRANSLATED {
            out.push(Finding::new(
                CheckKind::Untranslated,
                format!("the translation is the English text ({words} words)"),
                "",
                "",
            ));
        }
    } else {
        glossary(english, translated, ctx, out);
        length_ratio(english, translated, out);
    }
    names(english, translated, ctx, out);
    if ctx.language == "fr" {
        french_typography(&translated.prose, out);
    }
    spaces(&unit.text, target, out);
}

fn localized_links_and_anchors(comparison: &Comparison<'_>, out: &mut Vec<Finding>) {
    for &(english_link, link) in &comparison.localized {
        out.push(Finding::new(
            CheckKind::LocalizedLink,
            "the translation links to another language's version of the English link",
            english_link.destination.as_str(),
            link.destination.as_str(),
        ));
    }
    for &link in &comparison.anchors {
        out.push(Finding::new(
            CheckKind::Anchor,
            format!(
                "the translation links to the anchor `{}`, which the English does not; `verso build` keeps the English anchors working",
                link.destination
            ),
            "",
            link.destination.as_str(),
        ));
    }
}

fn code_markup(
    unit: &Unit,
    target: &str,
    english: &Placeables,
    translated: &Placeables,
    out: &mut Vec<Finding>,
) {
    let (lost, _) = code_differences(&english.code, &translated.code, target);
    let (gained, _) = code_differences(&translated.code, &english.code, &unit.text);
    if !lost.is_empty() || !gained.is_empty() {
        out.push(Finding::new(
            CheckKind::CodeMarkup,
            "backticks added or removed around the same text",
            quote_code(&lost),
            quote_code(&gained),
        ));
    }
}

fn numbers(english: &Placeables, translated: &Placeables, out: &mut Vec<Finding>) {
    if english.xeps != translated.xeps {
        let missing: Vec<_> = english
            .xeps
            .iter()
            .filter(|x| !translated.xeps.contains(x))
            .map(|x| format!("XEP-{x}"))
            .collect();
        let extra: Vec<_> = translated
            .xeps
            .iter()
            .filter(|x| !english.xeps.contains(x))
            .map(|x| format!("XEP-{x}"))
            .collect();
        out.push(Finding::new(
            CheckKind::XepNumbers,
            "the XEP numbers differ from the English",
            missing.join(" "),
            extra.join(" "),
        ));
        return;
    }
    let mut left: Vec<&str> = english.numbers.iter().map(String::as_str).collect();
    let mut extra = Vec::new();
    for n in &translated.numbers {
        match left.iter().position(|e| e == n) {
            Some(i) => {
                left.remove(i);
            }
            None => extra.push(n.as_str()),
        }
    }
    if !left.is_empty() || !extra.is_empty() {
        out.push(Finding::new(
            CheckKind::Numbers,
            "the numbers differ from the English",
            left.join(" "),
            extra.join(" "),
        ));
    }
}

fn glossary(english: &Placeables, translated: &Placeables, ctx: &Context, out: &mut Vec<Finding>) {
    let terms = ctx.glossary.terms_in(&english.prose);
    if terms.is_empty() {
        return;
    }
    let lower = translated.prose.to_lowercase();
    for term in terms {
        if !term.in_lowercase_translation(&lower) {
            let mut message = format!(
                "the glossary translates `{}` as {}",
                term.term,
                term.translation
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
            if let Some(note) = &term.note {
                message.push_str(&format!(" ({note})"));
            }
            out.push(Finding::new(
                CheckKind::Glossary,
                message,
                term.term.as_str(),
                "",
            ));
        }
    }
}

fn names(english: &Placeables, translated: &Placeables, ctx: &Context, out: &mut Vec<Finding>) {
    for name in ctx.names.names_in(&english.prose) {
        if !has_name(&translated.prose, name) {
            out.push(Finding::new(
                CheckKind::Name,
                format!("`{name}` is a name and stays as it is"),
                name,
                "",
            ));
        }
    }
}

fn length_ratio(english: &Placeables, translated: &Placeables, out: &mut Vec<Finding>) {
    let english_len = english.prose.trim().chars().count();
    let target_len = translated.prose.trim().chars().count();
    if english_len < MIN_LENGTH_FOR_RATIO {
        return;
    }
    let ratio = target_len as f64 / english_len as f64;
    if !(1.0 / MAX_LENGTH_RATIO..=MAX_LENGTH_RATIO).contains(&ratio) {
        out.push(Finding::new(
            CheckKind::LengthRatio,
            format!(
                "the translation is {ratio:.2} times as long as the English ({target_len} against {english_len} characters)"
            ),
            "",
            "",
        ));
    }
}

fn is_no_break(c: char) -> bool {
    c == '\u{a0}' || c == '\u{202f}'
}

/// French puts a (narrow) no-break space before `: ; ! ?` and inside guillemets.
fn french_typography(prose: &str, out: &mut Vec<Finding>) {
    let mut problems = Vec::new();
    let mut before = None;
    for (i, c) in prose.char_indices() {
        // The character before the next one, whatever this iteration does.
        let before = before.replace(c);
        if !matches!(c, ':' | ';' | '!' | '?' | '«' | '»') {
            continue;
        }
        let after = prose[i + c.len_utf8()..].chars().next();
        let problem = match c {
            ':' | ';' | '!' | '?' => {
                let Some(before) = before else { continue };
                // The second mark of `?!`, a time (`10:30`), a URL (`https://`), a smiley
                // (`:)`), a word glued after the mark (`a:b`): not punctuation in prose.
                if matches!(before, '!' | '?' | ':' | ';')
                    || after.is_some_and(|a| !a.is_whitespace() && !"»)\"'”.,".contains(a))
                {
                    continue;
                }
                if is_no_break(before) {
                    continue;
                }
                if before == ' ' || before == '\t' {
                    format!(
                        "a regular space before `{c}` (French wants a no-break space, U+202F or U+00A0)"
                    )
                } else {
                    format!(
                        "no space before `{c}` (French wants a no-break space, U+202F or U+00A0)"
                    )
                }
            }
            '«' if after.is_some_and(|a| !is_no_break(a)) => {
                "no no-break space after `«`".to_string()
            }
            '»' if before.is_some_and(|b| !is_no_break(b)) => {
                "no no-break space before `»`".to_string()
            }
            _ => continue,
        };
        // Up to 12 characters before the mark, and up to 4 from it.
        let from = prose[..i]
            .char_indices()
            .rev()
            .take(12)
            .last()
            .map_or(i, |(j, _)| j);
        let to = prose[i..]
            .char_indices()
            .nth(4)
            .map_or(prose.len(), |(j, _)| i + j);
        problems.push((problem, prose[from..to].to_string()));
    }
    if let Some((problem, fragment)) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" ({} more)", n - 1),
        };
        out.push(Finding::new(
            CheckKind::Typography,
            format!("{problem}{more}"),
            "",
            fragment.as_str(),
        ));
    }
}

/// Doubled and trailing spaces the English does not have.
fn spaces(english: &str, target: &str, out: &mut Vec<Finding>) {
    let trailing = |text: &str| {
        text.split('\n')
            .any(|l| l.ends_with([' ', '\t']) && !l.trim().is_empty())
    };
    // Most texts have no two spaces in a row at all: one vectorized search says so.
    let doubled = |text: &str| {
        memchr::memmem::find(text.as_bytes(), b"  ").is_some()
            && text
                .split('\n')
                .any(|l| l.trim_start().trim_end().contains("  "))
    };
    let problem = if target.starts_with([' ', '\t']) && !english.starts_with([' ', '\t']) {
        Some("the translation starts with a space")
    } else if trailing(target) && !trailing(english) {
        Some("a line of the translation ends with spaces (two make a hard line break)")
    } else if doubled(target) && !doubled(english) {
        Some("the translation holds doubled spaces")
    } else {
        None
    };
    if let Some(problem) = problem {
        let fragment = target
            .split('\n')
            .find(|l| l.ends_with([' ', '\t']) || l.trim().contains("  ") || l.starts_with(' '))
            .unwrap_or(target);
        out.push(Finding::new(
            CheckKind::Spaces,
            problem,
            "",
            format!("{fragment:?}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former scan, over a vector of the characters: what the scan over the text must
    /// find, fragments included.
    fn french_typography_by_chars(prose: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = prose.chars().collect();
        let mut problems = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let problem = match c {
                ':' | ';' | '!' | '?' => {
                    let Some(before) = before else { continue };
                    if matches!(before, '!' | '?' | ':' | ';')
                        || after.is_some_and(|a| !a.is_whitespace() && !"»)\"'”.,".contains(a))
                        || is_no_break(before)
                    {
                        continue;
                    }
                    format!("{c} after {before:?}")
                }
                '«' if after.is_some_and(|a| !is_no_break(a)) => "«".to_string(),
                '»' if before.is_some_and(|b| !is_no_break(b)) => "»".to_string(),
                _ => continue,
            };
            let from = i.saturating_sub(12);
            let to = (i + 4).min(chars.len());
            problems.push((problem, chars[from..to].iter().collect::<String>()));
        }
        problems
    }

    #[test]
    fn the_typography_scan_finds_what_a_scan_of_characters_finds() {
        let pieces = [
            "a", "é", " ", "\u{a0}", "\u{202f}", ":", "?", "!", "«", "»", ")", "mot", "\n",
        ];
        let mut texts = crate::every_text(&pieces, 4);
        // Long enough for the fragment to be cut on both sides.
        texts.push("Une très longue phrase française : avec « guillemets » et voilà !".into());
        let mut found = 0;
        for text in &texts {
            let expected = french_typography_by_chars(text);
            let mut out = Vec::new();
            french_typography(text, &mut out);
            match expected.first() {
                None => assert!(out.is_empty(), "{text:?}: {out:?}"),
                Some((_, fragment)) => {
                    found += 1;
                    assert_eq!(out.len(), 1, "{text:?}");
                    assert_eq!(&out[0].target_fragment, fragment, "{text:?}");
                    let more = format!("({} more)", expected.len() - 1);
                    assert_eq!(
                        out[0].message.ends_with(&more),
                        expected.len() > 1,
                        "{text:?}: {}",
                        out[0].message
                    );
                }
            }
        }
        assert!(found > 1_000, "{found} of {}", texts.len());
    }
}
