//! Front matter: YAML between `---` lines or TOML between `+++` lines at the top of an issue.
//! The string values of the configured keys are units; everything else is kept as it is.

use std::fmt;
use std::ops::Range;

use verso_text::LineIndex;
use yaml_rust2::{Yaml, YamlLoader};

use crate::{Encoding, Kind, Options, SegmentError, Unit, Warning};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The syntax of an issue's front matter.
pub enum FrontMatterFormat {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
}

impl fmt::Display for FrontMatterFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FrontMatterFormat::Yaml => "YAML",
            FrontMatterFormat::Toml => "TOML",
        })
    }
}

pub(crate) struct FrontMatter {
    pub format: Option<FrontMatterFormat>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    pub units: Vec<Unit>,
    pub warnings: Vec<Warning>,
}

/// Lines of `source` from `from` with their byte ranges, without the line ending. A line ends
/// at `\n`, `\r\n` or a lone `\r`: YAML (`yaml-rust2`'s `is_break`) and pulldown-cmark both
/// break lines there, so the fences, the keys and the extent of a value are found on the lines
/// the parser reads (a `---` after a lone CR closes the front matter, as it ends a YAML document).
fn lines_from(source: &str, from: usize) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= source.len() {
            return None;
        }
        let end = source[at..]
            .find(['\n', '\r'])
            .map_or(source.len(), |n| at + n);
        let (at_start, range) = (at, at..end);
        at = next_line(source, end);
        Some((range, &source[at_start..end]))
    })
}

/// Where the line after the line ending at `end` (a `\n`, `\r\n`, lone `\r` or the end of
/// `source`) starts.
fn next_line(source: &str, end: usize) -> usize {
    match source.as_bytes().get(end) {
        Some(b'\r') if source.as_bytes().get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => source.len(),
    }
}

pub(crate) fn parse(
    source: &str,
    lines: &LineIndex,
    options: &Options,
) -> Result<FrontMatter, SegmentError> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut all = lines_from(source, bom);
    let opening = all.next().map(|(_, line)| line.trim_end());
    let (fence, format): (&'static str, _) = match opening {
        Some("---") => ("---", FrontMatterFormat::Yaml),
        Some("+++") => ("+++", FrontMatterFormat::Toml),
        _ => {
            return Ok(FrontMatter {
                format: None,
                body_start: 0,
                units: Vec::new(),
                warnings: Vec::new(),
            });
        }
    };
    let content_start = next_line(
        source,
        source[bom..]
            .find(['\n', '\r'])
            .map_or(source.len(), |n| bom + n),
    );
    let closing = all.find(|(_, line)| {
        let line = line.trim_end();
        line == fence || (format == FrontMatterFormat::Yaml && line == "...")
    });
    let Some((closing, _)) = closing else {
        return Err(SegmentError::UnterminatedFrontMatter { fence, line: 1 });
    };
    let content = content_start..closing.start;
    let body_start = next_line(source, closing.end);
    let mut warnings = Vec::new();
    let units = match format {
        FrontMatterFormat::Yaml => yaml_units(source, lines, content, options, &mut warnings)?,
        FrontMatterFormat::Toml => toml_units(source, lines, content, options, &mut warnings)?,
    };
    Ok(FrontMatter {
        format: Some(format),
        body_start,
        units,
        warnings,
    })
}

fn front_matter_unit(
    key: &str,
    line: usize,
    text: String,
    range: Range<usize>,
    encoding: Encoding,
) -> Unit {
    Unit {
        id: String::new(),
        kind: Kind::FrontMatter,
        context: Some(key.to_string()),
        line,
        text,
        range,
        encoding,
    }
}

fn yaml_units(
    source: &str,
    lines: &LineIndex,
    content: Range<usize>,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Unit>, SegmentError> {
    let text = &source[content.clone()];
    let docs = YamlLoader::load_from_str(text).map_err(|e| SegmentError::InvalidFrontMatter {
        format: FrontMatterFormat::Yaml,
        // The parser counts lines from the start of the front matter.
        line: lines.line(content.start) + e.marker().line().saturating_sub(1),
        message: e.info().to_string(),
    })?;
    let Some(hash) = docs.first().and_then(Yaml::as_hash) else {
        return Ok(Vec::new());
    };
    let mut units = Vec::new();
    // The line of each configured key, and why its value is not a unit (where it is not).
    let mut skipped: Vec<(String, usize, &'static str)> = Vec::new();
    for (range, line) in
        lines_from(source, content.start).take_while(|(r, _)| r.start < content.end)
    {
        let Some((spelled_key, after)) = line.split_once(':') else {
            continue;
        };
        if spelled_key.is_empty()
            || spelled_key.starts_with(|c: char| c.is_whitespace() || c == '#')
        {
            continue;
        }
        let key = unquote_key(spelled_key);
        if !options.front_matter_keys.iter().any(|k| k == key) {
            continue;
        }
        let line_number = lines.line(range.start);
        let value = hash.get(&Yaml::String(key.into()));
        let Some(Yaml::String(value)) = value else {
            if let Some(value) = value
                && !matches!(value, Yaml::Null | Yaml::BadValue)
            {
                skipped.push((key.to_string(), line_number, "its value is not a string"));
            }
            continue;
        };
        let mut value_start =
            range.start + spelled_key.len() + 1 + (after.len() - after.trim_start().len());
        // An anchor or a tag before the scalar stays as it is; the scalar after it is the unit.
        while let Some(b'&' | b'!') = source.as_bytes().get(value_start) {
            let token = &source[value_start..content.end];
            let token_len = token.find([' ', '\t', '\n', '\r']).unwrap_or(token.len());
            let blanks =
                token[token_len..].len() - token[token_len..].trim_start_matches([' ', '\t']).len();
            value_start += token_len + blanks;
        }
        if source.as_bytes().get(value_start) == Some(&b'*') {
            skipped.push((key.to_string(), line_number, "its value is an alias"));
            continue;
        }
        let unit = yaml_scalar_range(source, value_start, content.end)
            // Only a range that reads back as the same value is ever replaced.
            .filter(|raw| decode_yaml(&source[raw.clone()]).as_deref() == Some(value.as_str()));
        let Some(raw) = unit else {
            skipped.push((
                key.to_string(),
                line_number,
                "verso cannot rewrite its value as spelled (a tag, or a style it does not read)",
            ));
            continue;
        };
        units.push(front_matter_unit(
            key,
            line_number,
            value.clone(),
            raw,
            Encoding::Yaml,
        ));
    }
    for key in &options.front_matter_keys {
        let has_unit = units
            .iter()
            .any(|u| u.context.as_deref() == Some(key.as_str()));
        if has_unit {
            continue;
        }
        if let Some((_, line, reason)) = skipped.iter().find(|(k, _, _)| k == key) {
            warnings.push(Warning::UntranslatedFrontMatter {
                key: key.clone(),
                line: *line,
                reason,
            });
        } else if matches!(hash.get(&Yaml::String(key.clone())), Some(Yaml::String(_))) {
            // The key is spelled in a way the line scan does not see (a flow mapping, an
            // explicit `? key`, a key with escapes).
            warnings.push(Warning::UntranslatedFrontMatter {
                key: key.clone(),
                line: lines.line(content.start),
                reason: "verso cannot find where its key is spelled",
            });
        }
    }
    Ok(units)
}

/// A mapping key without its quotes (`"title"` and `'title'` are `title`).
fn unquote_key(key: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = key
            .strip_prefix(quote)
            .and_then(|k| k.strip_suffix(quote))
            .filter(|inner| !inner.contains(['\\', '"', '\'']))
        {
            return inner;
        }
    }
    key
}

/// The byte range of the scalar starting at `start`, which is a top-level value in a block
/// mapping ending at `end`.
fn yaml_scalar_range(source: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let bytes = source.as_bytes();
    match bytes.get(start)? {
        b'"' => {
            let mut escaped = false;
            for (i, &b) in bytes[start + 1..end].iter().enumerate() {
                if b == b'"' && !escaped {
                    return Some(start..start + 1 + i + 1);
                }
                escaped = b == b'\\' && !escaped;
            }
            None
        }
        b'\'' => {
            let mut i = start + 1;
            while i < end {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Some(start..i + 1);
                }
                i += 1;
            }
            None
        }
        b'\n' | b'\r' | b'&' | b'*' | b'!' | b'[' | b'{' => None,
        b'|' | b'>' => {
            // A block scalar: the indicator line and every following blank or indented line.
            let mut last = start + source[start..end].find(['\n', '\r']).unwrap_or(end - start);
            for (range, line) in lines_from(source, next_line(source, last).min(end))
                .take_while(|(r, _)| r.start < end)
            {
                if line.trim().is_empty() {
                    continue;
                }
                if !line.starts_with([' ', '\t']) {
                    break;
                }
                last = range.end;
            }
            Some(start..last)
        }
        _ => {
            // A plain scalar: the rest of the line up to a comment, then indented continuation
            // lines.
            let line_end = start + source[start..end].find(['\n', '\r']).unwrap_or(end - start);
            let mut last = start + plain_part(&source[start..line_end]).len();
            for (range, line) in lines_from(source, next_line(source, line_end).min(end))
                .take_while(|(r, _)| r.start < end)
            {
                let content = line.trim_start_matches([' ', '\t']);
                if content.is_empty() || !line.starts_with([' ', '\t']) {
                    break;
                }
                last = range.start + (line.len() - content.len()) + plain_part(content).len();
            }
            Some(start..last)
        }
    }
}

/// A plain scalar line without a trailing comment and trailing blanks.
fn plain_part(line: &str) -> &str {
    let cut = line
        .find(" #")
        .or_else(|| line.find("\t#"))
        .unwrap_or(line.len());
    // Only spaces and tabs are blanks to YAML: a trailing no-break space belongs to the value.
    line[..cut].trim_end_matches([' ', '\t'])
}

/// Reads one YAML scalar spelled as `raw`, as the value of a mapping key.
fn decode_yaml(raw: &str) -> Option<String> {
    if let Some(value) = decode_simple_yaml(raw) {
        return Some(value);
    }
    parse_yaml_scalar(raw)
}

/// [`decode_yaml`] without the YAML parser for the spellings of most values, which read as
/// written: on one line, of characters YAML prints as they are, a double-quoted string
/// without escapes, a single-quoted one, or a plain one that starts with a letter and has a
/// space (so it is no number, boolean or null), no `: ` and no ` #`. `None` when `raw` is
/// spelled otherwise (the parser decides).
fn decode_simple_yaml(raw: &str) -> Option<String> {
    let plain_char = |c: char| {
        !c.is_control()
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
    };
    if !raw.chars().all(plain_char) {
        return None;
    }
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return (!inner.contains(['"', '\\'])).then(|| inner.to_string());
    }
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        // Every quote inside is doubled.
        let unpaired = inner.split("''").any(|part| part.contains('\''));
        return (!unpaired).then(|| inner.replace("''", "'"));
    }
    let plain = raw.starts_with(|c: char| c.is_ascii_alphabetic())
        && raw.contains(' ')
        && !raw.ends_with([' ', ':'])
        && !raw.contains(": ")
        && !raw.contains(" #");
    plain.then(|| raw.to_string())
}

/// [`decode_yaml`] by the YAML parser.
fn parse_yaml_scalar(raw: &str) -> Option<String> {
    let doc = YamlLoader::load_from_str(&format!("k: {raw}\n")).ok()?;
    match doc.first()?.as_hash()?.get(&Yaml::String("k".into()))? {
        Yaml::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Writes `text` as a YAML scalar in place of `raw` (whose value was `original`): unchanged
/// values keep their spelling, others keep the style when it can hold them and are
/// double-quoted otherwise.
pub(crate) fn encode_yaml(text: &str, original: &str, raw: &str, out: &mut String) {
    if text == original {
        out.push_str(raw);
        return;
    }
    let candidate = if raw.starts_with('\'') {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        text.to_string()
    };
    if !raw.starts_with('"')
        && !text.contains('\n')
        && decode_yaml(&candidate).as_deref() == Some(text)
    {
        out.push_str(&candidate);
        return;
    }
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators are line breaks to YAML, and a byte order mark
            // is dropped: all are written as escapes, like control characters.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn toml_units(
    source: &str,
    lines: &LineIndex,
    content: Range<usize>,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Unit>, SegmentError> {
    let text = &source[content.clone()];
    let table = toml::de::DeTable::parse(text).map_err(|e| SegmentError::InvalidFrontMatter {
        format: FrontMatterFormat::Toml,
        line: lines.line(content.start + e.span().map_or(0, |s| s.start)),
        message: e.message().to_string(),
    })?;
    let mut units = Vec::new();
    for (key, value) in table.get_ref().iter() {
        if !options
            .front_matter_keys
            .iter()
            .any(|k| k == key.get_ref().as_ref())
        {
            continue;
        }
        let span = value.span();
        let line = lines.line(content.start + span.start);
        let toml::de::DeValue::String(s) = value.get_ref() else {
            warnings.push(Warning::UntranslatedFrontMatter {
                key: key.get_ref().to_string(),
                line,
                reason: "its value is not a string",
            });
            continue;
        };
        let range = content.start + span.start..content.start + span.end;
        units.push(front_matter_unit(
            key.get_ref(),
            line,
            s.to_string(),
            range,
            Encoding::Toml,
        ));
    }
    units.sort_by_key(|u| u.range.start);
    Ok(units)
}

/// Writes `text` as a TOML string in place of `raw` (whose value was `original`).
pub(crate) fn encode_toml(text: &str, original: &str, raw: &str, out: &mut String) {
    if text == original {
        out.push_str(raw);
    } else if raw.starts_with('\'')
        && !raw.starts_with("'''")
        && !text.contains('\'')
        && !text.chars().any(|c| c.is_control() && c != '\t')
    {
        out.push('\'');
        out.push_str(text);
        out.push('\'');
    } else {
        // A basic string on one line: a multi-line string could hold a `+++` line, which
        // would close the front matter.
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(source: &str, options: &Options) -> Result<FrontMatter, SegmentError> {
        parse(source, &LineIndex::new(source), options)
    }

    fn units(source: &str) -> Vec<Unit> {
        parse(source, &LineIndex::new(source), &Options::default())
            .unwrap()
            .units
    }

    /// The decoder without the parser agrees with the parser on every value it decodes, and
    /// decodes most of the values of the real archive's front matter.
    #[test]
    fn simple_yaml_values_read_as_the_parser_reads_them() {
        let pieces = [
            "a", "Z", "é", " ", "  ", "\t", ":", ": ", " #", "#", "\"", "'", "''", "\\", "\\\"",
            "1", "-", "?", "&", "*", "!", "|", ">", "[", "{", ",", "%", "@", "`", "\u{a0}",
            "\u{85}", "\u{2028}", "\u{feff}", "\x01", "\x7f", "true", "null", "~", ".inf", "0x1",
            "1e3", "inf", "nan", "---", "...", "\n", "\r", "\\n", "\\u00e9", "’",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as usize % n
        };
        let (mut decoded, mut cases) = (0, 0);
        for _ in 0..40_000 {
            let mut raw: String = (0..1 + next(6))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            match next(4) {
                0 => raw = format!("\"{raw}\""),
                1 => raw = format!("'{raw}'"),
                _ => {}
            }
            cases += 1;
            if let Some(simple) = decode_simple_yaml(&raw) {
                decoded += 1;
                assert_eq!(
                    parse_yaml_scalar(&raw).as_deref(),
                    Some(simple.as_str()),
                    "{raw:?}"
                );
            }
        }
        assert!(decoded > cases / 10, "{decoded} of {cases}");
        let Some(corpus) = verso_testkit::corpus() else {
            return;
        };
        let (mut simple, mut values) = (0, 0);
        for file in std::fs::read_dir(corpus.join("en")).unwrap() {
            let source = std::fs::read_to_string(file.unwrap().path()).unwrap();
            let doc = crate::Document::parse(source.as_str(), &Options::default()).unwrap();
            for unit in doc.units().iter().filter(|u| u.kind == Kind::FrontMatter) {
                let raw = &source[unit.range.clone()];
                values += 1;
                if let Some(value) = decode_simple_yaml(raw) {
                    simple += 1;
                    assert_eq!(value, unit.text, "{raw:?}");
                }
                assert_eq!(
                    parse_yaml_scalar(raw).as_deref(),
                    Some(unit.text.as_str()),
                    "{raw:?}"
                );
            }
        }
        assert!(
            simple * 10 >= values * 9,
            "{simple} of {values} front-matter values"
        );
    }

    #[test]
    fn finds_yaml_title_in_every_style() {
        for (raw, value) in [
            ("Plain, title # note", "Plain, title"),
            ("\"Say \\\"hi\\\"\"", "Say \"hi\""),
            ("'It''s'", "It's"),
            ("plain\n  continued", "plain continued"),
            (">\n  folded\n  text", "folded text\n"),
        ] {
            let source = format!("---\ndate: 2020\ntitle: {raw}\nauthor: me\n---\nbody\n");
            let u = units(&source);
            assert_eq!(u.len(), 1, "{raw}");
            assert_eq!(u[0].text, value, "{raw}");
            assert_eq!(u[0].line, 3);
            let expect_raw = raw.trim_end_matches(" # note");
            assert_eq!(&source[u[0].range.clone()], expect_raw);
        }
    }

    #[test]
    fn yaml_encoding_keeps_values_valid() {
        for (raw, text) in [
            ("Plain", "Titre : «citation» # pas un commentaire"),
            ("Plain", "Simple titre"),
            ("Plain", "true"),
            ("'quoted'", "l'été"),
            ("\"dq\"", "back\\slash \"q\"\nline"),
            ("Plain", "- dash: [x]"),
        ] {
            let mut out = String::new();
            encode_yaml(text, "orig", raw, &mut out);
            assert_eq!(decode_yaml(&out).as_deref(), Some(text), "{out}");
        }
        let mut out = String::new();
        encode_yaml("Simple titre", "orig", "Plain", &mut out);
        assert_eq!(out, "Simple titre");
    }

    #[test]
    fn toml_title_and_encoding() {
        let source = "+++\ndate = 2020-01-01\ntitle = \"The \\\"XMPP\\\" News\"\n+++\nbody\n";
        let u = units(source);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].text, "The \"XMPP\" News");
        assert_eq!(u[0].line, 3);
        let mut out = String::new();
        encode_toml(
            "Les « nouvelles » : \"XMPP\"\\",
            "x",
            &source[u[0].range.clone()],
            &mut out,
        );
        let back: toml::Table = toml::from_str(&format!("t = {out}")).unwrap();
        assert_eq!(back["t"].as_str(), Some("Les « nouvelles » : \"XMPP\"\\"));
    }

    #[test]
    fn errors_name_the_line() {
        let o = Options::default();
        assert_eq!(
            parse_text("---\ntitle: x\n", &o).err().map(|e| e.line()),
            Some(1)
        );
        let e = parse_text("---\ntitle: x\nbad: [\n---\n", &o)
            .err()
            .unwrap();
        assert!(matches!(e, SegmentError::InvalidFrontMatter { .. }), "{e}");
        let e = parse_text("+++\ntitle = \"x\"\nbad = \n+++\n", &o)
            .err()
            .unwrap();
        assert_eq!(e.line(), 3, "{e}");
    }

    #[test]
    fn lone_cr_ends_lines_as_it_does_for_yaml() {
        // A `---` after a lone CR ends the YAML document: it closes the front matter, and
        // what follows is the body (before, the value ran to the next `\n`, and a
        // translated title swallowed the `---`).
        let source = "---\ntitle: |\r \r---\re\n\u{e9}\n---";
        let fm = parse_text(source, &Options::default()).unwrap();
        assert_eq!(&source[fm.body_start..], "e\n\u{e9}\n---");
        assert_eq!(fm.units.len(), 1);
        assert_eq!(&source[fm.units[0].range.clone()], "|");
        // A key after a lone CR is a key; a plain value continues on a line after a lone CR
        // and stops before the next key.
        let source = "---\rdate: 2020\rtitle: Plain\r  continued\rauthor: me\r---\rbody\r";
        let fm = parse_text(source, &Options::default()).unwrap();
        assert_eq!(fm.units.len(), 1, "{:?}", fm.warnings);
        assert_eq!(fm.units[0].text, "Plain continued");
        assert_eq!(&source[fm.units[0].range.clone()], "Plain\r  continued");
        assert_eq!(&source[fm.body_start..], "body\r");
        // A block scalar's lines after lone CRs belong to it, up to the next key.
        let source = "---\r\ntitle: >\r  folded\r  text\rdate: 1\r\n---\r\nbody";
        let fm = parse_text(source, &Options::default()).unwrap();
        assert_eq!(fm.units[0].text, "folded text\n");
        assert_eq!(&source[fm.units[0].range.clone()], ">\r  folded\r  text");
        assert_eq!(&source[fm.body_start..], "body");
        // TOML has no lone-CR line break: such a front matter is refused with its line
        // rather than read as Markdown.
        let e = parse_text("+++\rtitle = 'x'\rdate = 1\r+++\rbody", &Options::default())
            .err()
            .unwrap();
        assert!(
            matches!(
                e,
                SegmentError::InvalidFrontMatter {
                    format: FrontMatterFormat::Toml,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn no_front_matter() {
        let fm = parse_text("# Hello\n", &Options::default()).unwrap();
        assert_eq!(fm.body_start, 0);
        assert!(fm.format.is_none());
    }
}
