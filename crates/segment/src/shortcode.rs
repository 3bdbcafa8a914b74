//! Hugo shortcodes (`{{< figure src="…" caption="…" >}}`, `{{% name %}}`) standing alone in a
//! paragraph: only their translatable attributes become units; names, other attributes and
//! delimiters are markup.

use std::ops::Range;

/// One attribute of a shortcode: `name="value"` or a positional value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    pub name: Option<String>,
    /// The bytes between the value's delimiters (or the whole unquoted value).
    pub value: Range<usize>,
    /// The closing delimiter of a quoted value.
    pub quote: Option<char>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortcode {
    pub name: String,
    pub attributes: Vec<Attribute>,
}

/// Parses `text` as a sequence of shortcodes separated by white space only. Returns `None` when
/// anything else is there. Ranges are offsets into `text`.
pub(crate) fn parse_all(text: &str) -> Option<Vec<Shortcode>> {
    let mut out = Vec::new();
    let mut at = skip_blank(text, 0);
    while at < text.len() {
        let (shortcode, end) = parse_one(text, at)?;
        out.push(shortcode);
        at = skip_blank(text, end);
    }
    (!out.is_empty()).then_some(out)
}

fn skip_blank(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next().filter(|c| c.is_whitespace()) {
        at += c.len_utf8();
    }
    at
}

/// Parses one shortcode starting at `at`; returns it and the offset just past it.
pub(crate) fn parse_one(text: &str, at: usize) -> Option<(Shortcode, usize)> {
    let rest = &text[at..];
    let close = if rest.starts_with("{{<") {
        ">}}"
    } else if rest.starts_with("{{%") {
        "%}}"
    } else {
        return None;
    };
    let mut at = skip_blank(text, at + 3);
    // A closing shortcode (`{{< /details >}}`) has no attributes worth translating.
    if text[at..].starts_with('/') {
        at = skip_blank(text, at + 1);
    }
    let name_end = token_end(text, at);
    if name_end == at {
        return None;
    }
    let name = text[at..name_end].to_string();
    let mut attributes = Vec::new();
    at = skip_blank(text, name_end);
    loop {
        let rest = &text[at..];
        if rest.starts_with(close) {
            return Some((Shortcode { name, attributes }, at + close.len()));
        }
        if rest.starts_with('/') && rest[1..].starts_with(close) {
            return Some((Shortcode { name, attributes }, at + 1 + close.len()));
        }
        if rest.is_empty() {
            return None;
        }
        let (attribute, end) = parse_attribute(text, at)?;
        attributes.push(attribute);
        at = skip_blank(text, end);
    }
}

/// End of a bare token: a name or an unquoted value.
fn token_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '`' | '>' | '%' | '/'))
        .map_or(text.len(), |n| at + n)
}

fn parse_attribute(text: &str, at: usize) -> Option<(Attribute, usize)> {
    let mut name = None;
    let mut at = at;
    let end = token_end(text, at);
    if end > at {
        let after = skip_blank(text, end);
        if text[after..].starts_with('=') {
            name = Some(text[at..end].to_string());
            at = skip_blank(text, after + 1);
        } else {
            // A positional, unquoted value.
            return Some((
                Attribute {
                    name: None,
                    value: at..end,
                    quote: None,
                },
                end,
            ));
        }
    }
    let quote = text[at..].chars().next()?;
    if quote != '"' && quote != '`' {
        let end = token_end(text, at);
        if end == at {
            return None;
        }
        return Some((
            Attribute {
                name,
                value: at..end,
                quote: None,
            },
            end,
        ));
    }
    let start = at + 1;
    let close = find_closing(text, start, quote)?;
    Some((
        Attribute {
            name,
            value: start..close,
            quote: Some(quote),
        },
        close + 1,
    ))
}

/// Offset of the first `quote` at or after `from` that is not escaped by a backslash
/// (backticks delimit raw strings, where a backslash escapes nothing).
fn find_closing(text: &str, from: usize, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text[from..].char_indices() {
        if c == quote && !escaped {
            return Some(from + i);
        }
        escaped = quote != '`' && c == '\\' && !escaped;
    }
    None
}

/// Writes `text` with every unescaped `delimiter` escaped by a backslash (for `)`, `(` too), so
/// a translation cannot end the quoted value it is written into.
pub(crate) fn escape_delimiter(text: &str, delimiter: char, out: &mut String) {
    let mut backslashes = 0;
    for c in text.chars() {
        let is_delimiter = c == delimiter || (delimiter == ')' && c == '(');
        if is_delimiter && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
}

/// Writes `text` with every `|` escaped for a table cell: after an odd number of backslashes.
/// A `|` after an even number of them (`\\|`) does not end a cell for pulldown-cmark, but it
/// still confuses what follows (an image title with `\"` after it is no longer read), so a
/// translation never has one.
pub(crate) fn escape_pipes(text: &str, out: &mut String) {
    escape_delimiter(text, '|', out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(text: &'a str, sc: &Shortcode, name: &str) -> &'a str {
        let a = sc
            .attributes
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .unwrap();
        &text[a.value.clone()]
    }

    #[test]
    fn parses_figure_attributes() {
        let text = r#"{{< figure src="/images/a.png" caption="Say \"hi\", world" width=200 >}}"#;
        let all = parse_all(text).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].name, "figure");
        assert_eq!(value(text, &all[0], "src"), "/images/a.png");
        assert_eq!(value(text, &all[0], "caption"), r#"Say \"hi\", world"#);
        assert_eq!(value(text, &all[0], "width"), "200");
    }

    #[test]
    fn accepts_several_and_percent_form_and_rejects_prose() {
        assert_eq!(
            parse_all("{{< a >}}\n{{% b x=`raw \"q` %}}  {{< /a >}}")
                .unwrap()
                .len(),
            3
        );
        assert!(parse_all("See {{< a >}}").is_none());
        assert!(parse_all("{{< a x=\"unterminated >}}").is_none());
        assert!(parse_all("{{< a >}} and more").is_none());
    }

    #[test]
    fn escapes_only_unescaped_delimiters() {
        let mut out = String::new();
        escape_delimiter(r#"a "b" \"c\" \\"d"#, '"', &mut out);
        assert_eq!(out, r#"a \"b\" \"c\" \\\"d"#);
        let mut out = String::new();
        escape_delimiter("x (y)", ')', &mut out);
        assert_eq!(out, r"x \(y\)");
    }
}
