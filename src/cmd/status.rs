//! `verso status`: coverage per language and issue, and the `--min` gate.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use verso_report::{
    Counts, FindingCounts, LanguageStatus, Minimums, Problem, ProblemKind, StatusReport,
    StoreCoverage,
};
use verso_workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to report on, by name or path; default: all.
    issues: Vec<String>,
    /// Languages to report on (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Minimum share of units translated, in percent: `fr=100,de=90`, or `90` for every
    /// language.
    #[arg(long, value_name = "[LANG=]PERCENT,...", value_delimiter = ',')]
    min: Vec<String>,
    /// Language totals only, without a row per issue.
    #[arg(long)]
    summary: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned table with coverage bars, for people.
    Table,
    /// JSON, for scripts.
    Json,
    /// A Markdown table, for pull requests and issues.
    Markdown,
}

impl From<Format> for verso_report::Format {
    fn from(format: Format) -> verso_report::Format {
        match format {
            Format::Table => verso_report::Format::Table,
            Format::Json => verso_report::Format::Json,
            Format::Markdown => verso_report::Format::Markdown,
        }
    }
}

/// Exit status 1 when a language is under its minimum, 2 when a store could not be read
/// (after reporting on all the others).
pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    let minimums = Minimums::parse(&args.min, &ws.config().languages)
        .map_err(|e| anyhow!("--min {}: {e}", e.value()))?;
    // From the cache where nothing changed since the last status; else planned and checked.
    let (outline, plan) = ws.checked_outline(&issues, &languages, |plan| {
        super::print_warnings(&plan.warnings)
    })?;
    let counted = verso_report::coverage(outline.iter().map(|item| StoreCoverage {
        language: &item.language,
        issue: &item.issue,
        counts: item.counts,
        needs_sync: !item.same_content,
        findings: item.findings.unwrap_or_default(),
    }));
    let (broken, orphans) = match &plan {
        Some(plan) => (&plan.broken[..], &plan.orphans[..]),
        None => (&[][..], &[][..]),
    };
    // Every language in its place, even when none of its stores could be counted.
    let statuses: Vec<LanguageStatus> = languages
        .iter()
        .map(|language| {
            counted
                .iter()
                .find(|l| l.language == *language)
                .cloned()
                .unwrap_or_else(|| LanguageStatus {
                    language: language.clone(),
                    issues: Vec::new(),
                    total: Counts::default(),
                    findings: FindingCounts::default(),
                })
        })
        .collect();
    let slashes = |path: &std::path::Path| path.to_string_lossy().replace('\\', "/");
    let unreadable = broken.iter().map(|broken| Problem {
        language: broken.language.clone(),
        issue: broken.issue.clone(),
        path: slashes(&broken.path),
        kind: ProblemKind::Unreadable {
            error: first_line(&broken.error.to_string()),
        },
    });
    let orphaned = orphans.iter().map(|orphan| Problem {
        language: orphan.language.clone(),
        issue: orphan.issue.clone(),
        path: slashes(&orphan.path),
        kind: ProblemKind::Orphaned {
            english: slashes(&orphan.english),
        },
    });
    let problems: Vec<Problem> = unreadable.chain(orphaned).collect();
    let report = StatusReport {
        languages: &statuses,
        problems: &problems,
        minimums: &minimums,
        summary: args.summary,
        width: crate::terminal_width(),
    };
    // Output goes through `anstream`, which drops the colours when stdout is not a terminal
    // or `NO_COLOR` is set.
    verso_report::status(&mut anstream::stdout().lock(), &report, args.format.into())?;
    let mut err = anstream::stderr().lock();
    for language in &statuses {
        if let (Some(min), Some(shortfall)) = (
            minimums.of(&language.language),
            minimums.shortfall(language),
        ) {
            writeln!(
                err,
                "verso: {} is {:.1} points under its minimum of {min}% ({:.1}% of its units done)",
                language.language,
                shortfall,
                language.total.units.percent()
            )?;
        }
    }
    for broken in broken {
        writeln!(err, "verso: {}", broken.error)?;
    }
    let code = if !broken.is_empty() {
        ExitCode::from(2)
    } else if minimums.all_met(&statuses) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    // The process ends here: freeing every store one by one only costs time.
    std::mem::forget(plan);
    Ok(code)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}
