//! The coverage report as a table, Markdown or JSON.
//!
//! The table carries ANSI styles; a caller that writes to a pipe or honours `NO_COLOR` strips
//! them (the `verso` command writes through `anstream`). The table reads the same without them.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::{FindingCounts, IssueStatus, LanguageStatus, Minimums, Tally};

/// How [`status`] writes the coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned table with coverage bars, for people.
    Table,
    /// JSON, for scripts.
    Json,
    /// A Markdown table, for pull requests and issues.
    Markdown,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();

/// Writes the coverage of `languages` in `format`, with each language's minimum.
///
/// ```
/// use verso_report::{Format, Minimums, coverage, status};
///
/// let languages = coverage([]);
/// let mut out = Vec::new();
/// status(&mut out, &languages, &Minimums::default(), Format::Markdown).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("| Language | Issue |"));
/// ```
pub fn status(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &Minimums,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &JsonReport::new(languages, minimums))?;
            writeln!(out)
        }
        Format::Markdown => markdown(out, languages, minimums),
        Format::Table => table(out, languages, minimums),
    }
}

/// The JSON report: its shape is defined here, not by the library types.
#[derive(Serialize)]
struct JsonReport<'a> {
    languages: Vec<JsonLanguage<'a>>,
    /// Every language meets its minimum.
    ok: bool,
}

#[derive(Serialize)]
struct JsonLanguage<'a> {
    language: &'a str,
    issues: Vec<JsonIssue<'a>>,
    total: JsonCounts,
    findings: JsonFindings,
    /// The share of units done, rounded to one decimal.
    percent: f64,
    minimum: Option<f64>,
    meets_minimum: bool,
}

#[derive(Serialize)]
struct JsonIssue<'a> {
    issue: &'a str,
    units: JsonTally,
    words: JsonTally,
    needs_sync: bool,
    findings: JsonFindings,
}

/// What `verso check` finds in the translations.
#[derive(Serialize)]
struct JsonFindings {
    errors: usize,
    warnings: usize,
}

impl From<&FindingCounts> for JsonFindings {
    fn from(f: &FindingCounts) -> JsonFindings {
        JsonFindings {
            errors: f.errors,
            warnings: f.warnings,
        }
    }
}

#[derive(Serialize)]
struct JsonCounts {
    units: JsonTally,
    words: JsonTally,
}

#[derive(Serialize)]
struct JsonTally {
    total: usize,
    reviewed: usize,
    translated: usize,
    fuzzy: usize,
    untranslated: usize,
    suggested: usize,
}

impl From<&Tally> for JsonTally {
    fn from(t: &Tally) -> JsonTally {
        JsonTally {
            total: t.total,
            reviewed: t.reviewed,
            translated: t.translated,
            fuzzy: t.fuzzy,
            untranslated: t.untranslated,
            suggested: t.suggested,
        }
    }
}

impl<'a> JsonReport<'a> {
    fn new(languages: &'a [LanguageStatus], minimums: &Minimums) -> JsonReport<'a> {
        JsonReport {
            languages: languages
                .iter()
                .map(|l| JsonLanguage {
                    language: &l.language,
                    issues: l
                        .issues
                        .iter()
                        .map(|i| JsonIssue {
                            issue: &i.issue,
                            units: (&i.counts.units).into(),
                            words: (&i.counts.words).into(),
                            needs_sync: i.needs_sync,
                            findings: (&i.findings).into(),
                        })
                        .collect(),
                    total: JsonCounts {
                        units: (&l.total.units).into(),
                        words: (&l.total.words).into(),
                    },
                    findings: (&l.findings).into(),
                    percent: round1(l.total.units.percent()),
                    minimum: minimums.of(&l.language),
                    meets_minimum: minimums.meets(l),
                })
                .collect(),
            ok: minimums.all_met(languages),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn markdown(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &Minimums,
) -> io::Result<()> {
    writeln!(
        out,
        "| Language | Issue | Translated | Units done | Reviewed | Fuzzy | Untranslated | Suggested | Words done | Errors | Warnings |"
    )?;
    writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")?;
    let row = |out: &mut dyn Write,
               lang: &str,
               issue: &str,
               units: &Tally,
               words: &Tally,
               findings: &FindingCounts| {
        writeln!(
            out,
            "| {lang} | {issue} | {:.0}% | {} / {} | {} | {} | {} | {} | {} / {} | {} | {} |",
            units.percent().floor(),
            units.done(),
            units.total,
            units.reviewed,
            units.fuzzy,
            units.untranslated,
            units.suggested,
            words.done(),
            words.total,
            findings.errors,
            findings.warnings,
        )
    };
    for l in languages {
        for i in &l.issues {
            row(
                out,
                &l.language,
                &i.issue,
                &i.counts.units,
                &i.counts.words,
                &i.findings,
            )?;
        }
        let total = match minimums.of(&l.language) {
            Some(min) => format!("**all issues** (minimum {min}%)"),
            None => "**all issues**".to_string(),
        };
        row(
            out,
            &l.language,
            &total,
            &l.total.units,
            &l.total.words,
            &l.findings,
        )?;
    }
    Ok(())
}

const BAR: usize = 20;

/// A bar of `BAR` cells: translated in green, fuzzy in yellow, the rest dim.
fn bar(units: &Tally) -> String {
    if units.total == 0 {
        return format!("{GREEN}{}{GREEN:#}", "█".repeat(BAR));
    }
    let cells = |n: usize| (n * BAR + units.total / 2) / units.total;
    let done = cells(units.done());
    let fuzzy = cells(units.done() + units.fuzzy).saturating_sub(done);
    let rest = BAR.saturating_sub(done + fuzzy);
    format!(
        "{GREEN}{}{GREEN:#}{YELLOW}{}{YELLOW:#}{DIM}{}{DIM:#}",
        "█".repeat(done),
        "▒".repeat(fuzzy),
        "░".repeat(rest)
    )
}

fn table(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &Minimums,
) -> io::Result<()> {
    let width = languages
        .iter()
        .flat_map(|l| l.issues.iter().map(|i| i.issue.len()))
        .chain(["all issues".len()])
        .max()
        .unwrap_or(0);
    let mut first = true;
    for l in languages {
        if !first {
            writeln!(out)?;
        }
        first = false;
        let min = minimums.of(&l.language);
        let verdict = match min {
            Some(min) if l.total.units.percent() >= min => {
                format!("  {GREEN}meets its minimum of {min}%{GREEN:#}")
            }
            Some(min) => format!("  {RED}under its minimum of {min}%{RED:#}"),
            None => String::new(),
        };
        writeln!(out, "{BOLD}{}{BOLD:#}{verdict}", l.language)?;
        writeln!(
            out,
            "  {DIM}{:<width$}  {:<BAR$}  {:>5}  {:>9}  {:>5}  {:>5}  {:>9}  {:>11}  {:>6}  {:>8}{DIM:#}",
            "issue",
            "translated",
            "",
            "units",
            "fuzzy",
            "todo",
            "suggested",
            "words",
            "errors",
            "warnings"
        )?;
        let row = |out: &mut dyn Write,
                   name: &str,
                   units: &Tally,
                   words: &Tally,
                   findings: &FindingCounts,
                   note: &str| {
            let percent = units.percent();
            let style = match min {
                Some(min) if percent < min => RED,
                _ => Style::new(),
            };
            let errors = if findings.errors > 0 {
                RED
            } else {
                Style::new()
            };
            writeln!(
                out,
                "  {name:<width$}  {}  {style}{:>4.0}%{style:#}  {:>9}  {:>5}  {:>5}  {:>9}  {:>11}  {errors}{:>6}{errors:#}  {:>8}{note}",
                bar(units),
                percent.floor(),
                format!("{}/{}", units.done(), units.total),
                units.fuzzy,
                units.untranslated,
                units.suggested,
                format!("{}/{}", words.done(), words.total),
                findings.errors,
                findings.warnings,
            )
        };
        for IssueStatus {
            issue,
            counts,
            needs_sync,
            findings,
        } in &l.issues
        {
            let note = if *needs_sync {
                format!("  {YELLOW}needs verso sync{YELLOW:#}")
            } else {
                String::new()
            };
            row(out, issue, &counts.units, &counts.words, findings, &note)?;
        }
        if l.issues.len() > 1 {
            row(
                out,
                &format!("{BOLD}{:<width$}{BOLD:#}", "all issues"),
                &l.total.units,
                &l.total.words,
                &l.findings,
                "",
            )?;
        }
    }
    Ok(())
}
