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

/// What `verso status` reports: the coverage, the stores it could not count, the minimums.
#[derive(Debug, Clone, Copy)]
pub struct StatusReport<'a> {
    /// The coverage, per language.
    pub languages: &'a [LanguageStatus],
    /// Stores that could not be read, and stores whose English issue is gone.
    pub problems: &'a [Problem],
    /// Each language's minimum share of units done.
    pub minimums: &'a Minimums,
    /// Language totals only, no row per issue.
    pub summary: bool,
    /// The width the table must fit in (a terminal's), if any: the bars shrink, then go.
    pub width: Option<usize>,
}

/// A store that a report lists apart from the coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The store's language.
    pub language: String,
    /// The issue the store is named after.
    pub issue: String,
    /// The store file, with `/` separators.
    pub path: String,
    /// What is wrong with it.
    pub kind: ProblemKind,
}

/// What is wrong with a store that a report lists apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The store could not be read.
    Unreadable {
        /// The first line of the reason.
        error: String,
    },
    /// The store's English issue is gone.
    Orphaned {
        /// The English issue's path, as the store names it.
        english: String,
    },
}

impl Problem {
    /// What the report says about the store.
    pub fn describe(&self) -> String {
        match &self.kind {
            ProblemKind::Unreadable { error } => format!("cannot be read: {error}"),
            ProblemKind::Orphaned { english } => {
                format!("orphaned: its English issue {english} is gone")
            }
        }
    }

    fn name(&self) -> &'static str {
        match self.kind {
            ProblemKind::Unreadable { .. } => "unreadable",
            ProblemKind::Orphaned { .. } => "orphaned",
        }
    }
}

/// Writes the coverage of `report` in `format`, with each language's minimum.
///
/// ```
/// use verso_report::{Format, Minimums, StatusReport, coverage, status};
///
/// let languages = coverage([]);
/// let report = StatusReport {
///     languages: &languages,
///     problems: &[],
///     minimums: &Minimums::default(),
///     summary: false,
///     width: None,
/// };
/// let mut out = Vec::new();
/// status(&mut out, &report, Format::Markdown).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("| Language | Issue |"));
/// ```
pub fn status(out: &mut impl Write, report: &StatusReport, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &JsonReport::new(report))?;
            writeln!(out)
        }
        Format::Markdown => markdown(out, report),
        Format::Table => table(out, report),
    }
}

/// The JSON report: its shape is defined here, not by the library types.
#[derive(Serialize)]
struct JsonReport<'a> {
    languages: Vec<JsonLanguage<'a>>,
    /// Every language meets its minimum.
    ok: bool,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    language: &'a str,
    issue: &'a str,
    path: &'a str,
    /// `unreadable` or `orphaned`.
    problem: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonLanguage<'a> {
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<Vec<JsonIssue<'a>>>,
    total: JsonCounts,
    findings: JsonFindings,
    /// The share of units done, rounded to one decimal.
    percent: f64,
    minimum: Option<f64>,
    meets_minimum: bool,
    /// How many percentage points the language is under its minimum (0 when it meets it).
    shortfall: f64,
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
    fn new(report: &StatusReport<'a>) -> JsonReport<'a> {
        let minimums = report.minimums;
        JsonReport {
            languages: report
                .languages
                .iter()
                .map(|l| JsonLanguage {
                    language: &l.language,
                    issues: (!report.summary).then(|| {
                        l.issues
                            .iter()
                            .map(|i| JsonIssue {
                                issue: &i.issue,
                                units: (&i.counts.units).into(),
                                words: (&i.counts.words).into(),
                                needs_sync: i.needs_sync,
                                findings: (&i.findings).into(),
                            })
                            .collect()
                    }),
                    total: JsonCounts {
                        units: (&l.total.units).into(),
                        words: (&l.total.words).into(),
                    },
                    findings: (&l.findings).into(),
                    percent: round1(l.total.units.percent()),
                    minimum: minimums.of(&l.language),
                    meets_minimum: minimums.meets(l),
                    shortfall: round1(minimums.shortfall(l).unwrap_or(0.0)),
                })
                .collect(),
            ok: minimums.all_met(report.languages),
            problems: report
                .problems
                .iter()
                .map(|p| JsonProblem {
                    language: &p.language,
                    issue: &p.issue,
                    path: &p.path,
                    problem: p.name(),
                    message: match &p.kind {
                        ProblemKind::Unreadable { error } => error.clone(),
                        ProblemKind::Orphaned { .. } => p.describe(),
                    },
                })
                .collect(),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn markdown(out: &mut impl Write, report: &StatusReport) -> io::Result<()> {
    let minimums = report.minimums;
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
    for l in report.languages {
        for i in l.issues.iter().filter(|_| !report.summary) {
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
    if !report.problems.is_empty() {
        writeln!(out)?;
        for p in report.problems {
            writeln!(out, "- {} `{}`: {}", p.language, p.path, p.describe())?;
        }
    }
    Ok(())
}

const BAR: usize = 20;
/// A bar shorter than this goes altogether.
const MIN_BAR: usize = 5;

/// A bar of `width` cells: translated in green, fuzzy in yellow, the rest dim.
fn bar(units: &Tally, width: usize) -> String {
    if units.total == 0 {
        return format!("{GREEN}{}{GREEN:#}", "█".repeat(width));
    }
    let cells = |n: usize| (n * width + units.total / 2) / units.total;
    let done = cells(units.done());
    let fuzzy = cells(units.done() + units.fuzzy).saturating_sub(done);
    let rest = width.saturating_sub(done + fuzzy);
    format!(
        "{GREEN}{}{GREEN:#}{YELLOW}{}{YELLOW:#}{DIM}{}{DIM:#}",
        "█".repeat(done),
        "▒".repeat(fuzzy),
        "░".repeat(rest)
    )
}

/// The columns of a table row after the name and the bar: percent, units, fuzzy, todo.
const COLUMNS: usize = 2 + 5 + 2 + 9 + 2 + 5 + 2 + 5;
/// The words column, the first to go after the bar.
const WORDS: usize = 2 + 11;
/// The suggested column, which goes after the words.
const SUGGESTED: usize = 2 + 9;
/// The warnings column, which goes after the suggested one.
const WARNINGS: usize = 2 + 8;
/// The errors column, the last to go.
const ERRORS: usize = 2 + 6;

fn table(out: &mut impl Write, report: &StatusReport) -> io::Result<()> {
    let minimums = report.minimums;
    let issues = report
        .languages
        .iter()
        .flat_map(|l| &l.issues)
        .filter(|_| !report.summary);
    let names: Vec<usize> = match report.summary {
        true => report
            .languages
            .iter()
            .map(|l| l.language.chars().count())
            .chain(["language".len()])
            .collect(),
        false => issues
            .map(|i| i.issue.chars().count())
            .chain(["all issues".len()])
            .collect(),
    };
    let width = names.into_iter().max().unwrap_or(0);
    // Narrow terminals: the columns after `todo` go from the right end of this list
    // (errors are kept longest), then the bar shrinks, then it goes.
    let fixed = 2 + width + COLUMNS;
    let mut room = report.width.map(|columns| columns.saturating_sub(fixed));
    let mut take = |need: usize| match room {
        None => true,
        Some(left) if left >= need => {
            room = Some(left - need);
            true
        }
        Some(_) => {
            room = Some(0);
            false
        }
    };
    let show_errors = take(ERRORS);
    let show_warnings = take(WARNINGS);
    let show_suggested = take(SUGGESTED);
    let show_words = take(WORDS);
    let bar_width = match room {
        None => BAR,
        Some(left) if left >= 2 + BAR => BAR,
        Some(left) if left >= 2 + MIN_BAR => left - 2,
        Some(_) => 0,
    };
    let column = |show: bool, width: usize, text: String| match show {
        true => format!("  {text:>width$}"),
        false => String::new(),
    };
    let suggested_column = |text: String| column(show_suggested, 9, text);
    let words_column = |text: String| column(show_words, 11, text);
    // Errors in red when there are any.
    let findings_columns = |findings: Option<&FindingCounts>| {
        let (errors, warnings, style) = match findings {
            None => ("errors".to_string(), "warnings".to_string(), DIM),
            Some(f) if f.errors > 0 => (f.errors.to_string(), f.warnings.to_string(), RED),
            Some(f) => (f.errors.to_string(), f.warnings.to_string(), Style::new()),
        };
        let errors = match (show_errors, findings) {
            (false, _) => String::new(),
            (true, None) => format!("  {errors:>6}"),
            (true, Some(_)) => format!("  {style}{errors:>6}{style:#}"),
        };
        format!("{errors}{}", column(show_warnings, 8, warnings))
    };
    let bar_column = |text: String| match bar_width {
        0 => String::new(),
        _ => format!("  {text}"),
    };
    let mut languages: Vec<&str> = report
        .languages
        .iter()
        .map(|l| l.language.as_str())
        .collect();
    for p in report.problems {
        if !languages.contains(&p.language.as_str()) {
            languages.push(&p.language);
        }
    }
    if report.summary {
        writeln!(
            out,
            "{DIM}{:<width$}{}  {:>5}  {:>9}  {:>5}  {:>5}{}{}{}{DIM:#}",
            "language",
            bar_column(format!("{:<bar_width$}", "translated")),
            "",
            "units",
            "fuzzy",
            "todo",
            suggested_column("suggested".into()),
            words_column("words".into()),
            findings_columns(None)
        )?;
    }
    let mut first = true;
    for language in languages {
        let status = report.languages.iter().find(|l| l.language == language);
        let min = minimums.of(language);
        if report.summary {
            let Some(l) = status else { continue };
            let (units, words) = (&l.total.units, &l.total.words);
            let percent = units.percent();
            let (style, verdict) = match min {
                Some(min) if percent < min => {
                    (RED, format!("  {RED}under its minimum of {min}%{RED:#}"))
                }
                Some(min) => (
                    Style::new(),
                    format!("  {GREEN}meets its minimum of {min}%{GREEN:#}"),
                ),
                None => (Style::new(), String::new()),
            };
            writeln!(
                out,
                "{BOLD}{language:<width$}{BOLD:#}{}  {style}{:>4.0}%{style:#}  {:>9}  {:>5}  {:>5}{}{}{}{verdict}",
                bar_column(bar(units, bar_width)),
                percent.floor(),
                format!("{}/{}", units.done(), units.total),
                units.fuzzy,
                units.untranslated,
                suggested_column(units.suggested.to_string()),
                words_column(format!("{}/{}", words.done(), words.total)),
                findings_columns(Some(&l.findings)),
            )?;
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        let verdict = match (min, status) {
            (Some(min), Some(l)) if minimums.meets(l) => {
                format!("  {GREEN}meets its minimum of {min}%{GREEN:#}")
            }
            (Some(min), _) => format!("  {RED}under its minimum of {min}%{RED:#}"),
            (None, _) => String::new(),
        };
        writeln!(out, "{BOLD}{language}{BOLD:#}{verdict}")?;
        writeln!(
            out,
            "  {DIM}{:<width$}{}  {:>5}  {:>9}  {:>5}  {:>5}{}{}{}{DIM:#}",
            "issue",
            bar_column(format!("{:<bar_width$}", "translated")),
            "",
            "units",
            "fuzzy",
            "todo",
            suggested_column("suggested".into()),
            words_column("words".into()),
            findings_columns(None)
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
            writeln!(
                out,
                "  {name:<width$}{}  {style}{:>4.0}%{style:#}  {:>9}  {:>5}  {:>5}{}{}{}{note}",
                bar_column(bar(units, bar_width)),
                percent.floor(),
                format!("{}/{}", units.done(), units.total),
                units.fuzzy,
                units.untranslated,
                suggested_column(units.suggested.to_string()),
                words_column(format!("{}/{}", words.done(), words.total)),
                findings_columns(Some(findings)),
            )
        };
        let Some(l) = status else {
            problems(out, report, language, width)?;
            continue;
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
        problems(out, report, language, width)?;
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
    if report.summary && !report.problems.is_empty() {
        writeln!(out)?;
        for p in report.problems {
            writeln!(out, "{} {}: {}", p.language, p.issue, p.describe())?;
        }
    }
    Ok(())
}

/// The rows of the stores of `language` that could not be counted.
fn problems(
    out: &mut impl Write,
    report: &StatusReport,
    language: &str,
    width: usize,
) -> io::Result<()> {
    for p in report.problems.iter().filter(|p| p.language == language) {
        let style = match p.kind {
            ProblemKind::Unreadable { .. } => RED,
            ProblemKind::Orphaned { .. } => YELLOW,
        };
        writeln!(
            out,
            "  {:<width$}  {style}{}{style:#}",
            p.issue,
            p.describe()
        )?;
    }
    Ok(())
}
