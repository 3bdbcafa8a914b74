//! The findings of `verso check` as text, Markdown or JSON.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::Format;

const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();

/// One finding, located: what [`findings`] writes.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow<'a> {
    /// The store file, relative to the workspace root.
    pub store: &'a str,
    /// The 1-based line of the entry's `id = "…"` in the store.
    pub line: usize,
    /// The store's language.
    pub language: &'a str,
    /// The unit id.
    pub unit: &'a str,
    /// `error` or `warning`.
    pub severity: &'a str,
    /// The check's name (`new-link`, `glossary`, ...).
    pub check: &'a str,
    /// What is wrong.
    pub message: &'a str,
    /// The English fragment at issue (may be empty).
    pub english: &'a str,
    /// The translated fragment at issue (may be empty).
    pub target: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    findings: &'a [FindingRow<'a>],
    errors: usize,
    warnings: usize,
}

/// Writes `rows` in `format` (`Table` is the plain text form), then, in text, a summary line.
///
/// ```
/// use verso_report::{FindingRow, Format, findings};
///
/// let row = FindingRow {
///     store: "translations/fr/x.toml", line: 12, language: "fr", unit: "73ba1eaa",
///     severity: "error", check: "new-link",
///     message: "the translation links to `https://evil.example`, which the English does not",
///     english: "", target: "https://evil.example",
/// };
/// let mut out = Vec::new();
/// findings(&mut out, &[row], Format::Table).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// // The severity is styled; `verso` writes through `anstream`, which drops styles off a terminal.
/// assert!(text.starts_with("translations/fr/x.toml:12: unit 73ba1eaa: "));
/// assert!(text.contains("error"));
/// assert!(text.ends_with("1 error, 0 warnings\n"));
/// ```
pub fn findings(out: &mut impl Write, rows: &[FindingRow<'_>], format: Format) -> io::Result<()> {
    let errors = rows.iter().filter(|r| r.severity == "error").count();
    let warnings = rows.len() - errors;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut *out,
                &JsonReport {
                    findings: rows,
                    errors,
                    warnings,
                },
            )?;
            writeln!(out)
        }
        Format::Markdown => {
            writeln!(
                out,
                "| Store | Unit | Severity | Check | Message | English | Translation |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
            for r in rows {
                writeln!(
                    out,
                    "| {}:{} | {} | {} | {} | {} | {} | {} |",
                    r.store,
                    r.line,
                    r.unit,
                    r.severity,
                    r.check,
                    cell(r.message),
                    code(r.english),
                    code(r.target)
                )?;
            }
            writeln!(out)?;
            writeln!(out, "{}", summary(errors, warnings))
        }
        Format::Table => {
            for r in rows {
                let style = if r.severity == "error" { RED } else { YELLOW };
                writeln!(
                    out,
                    "{}:{}: unit {}: {style}{}{style:#}: {} [{}]",
                    r.store, r.line, r.unit, r.severity, r.message, r.check
                )?;
                if !r.english.is_empty() {
                    writeln!(out, "  {DIM}en:{DIM:#} {}", fragment(r.english))?;
                }
                if !r.target.is_empty() {
                    writeln!(out, "  {DIM}{}:{DIM:#} {}", r.language, fragment(r.target))?;
                }
            }
            writeln!(out, "{}", summary(errors, warnings))
        }
    }
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// A fragment on one line: line breaks shown as `⏎`, long ones shortened.
fn fragment(text: &str) -> String {
    const MAX: usize = 160;
    let one_line = text.replace('\n', " ⏎ ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

fn cell(text: &str) -> String {
    fragment(text).replace('|', "\\|")
}

fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("<code>{}</code>", html_escape(&cell(text)))
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
