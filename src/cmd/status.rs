//! `verso status`: coverage per language and issue, and the `--min` gate.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use verso_report::{FindingCounts, Minimums, StoreCoverage};
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

/// Exit status 1 when a language is under its minimum.
pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    let minimums = Minimums::parse(&args.min, &ws.config().languages)
        .map_err(|e| anyhow!("--min {}: {e}", e.value()))?;
    let plan = ws.plan(&issues, &languages)?;
    super::print_warnings(&plan.warnings);
    let contexts = languages
        .iter()
        .map(|lang| ws.check_context(lang))
        .collect::<Result<Vec<_>, _>>()?;
    let checked = plan.check(&contexts);
    let statuses = verso_report::coverage(checked.iter().map(|c| {
        let (errors, warnings) = c.counts();
        StoreCoverage {
            language: &c.planned.language,
            issue: &c.planned.issue,
            store: &c.planned.store,
            needs_sync: !c.planned.up_to_date,
            findings: FindingCounts { errors, warnings },
        }
    }));
    // Output goes through `anstream`, which drops the colours when stdout is not a terminal
    // or `NO_COLOR` is set.
    verso_report::status(
        &mut anstream::stdout().lock(),
        &statuses,
        &minimums,
        args.format.into(),
    )?;
    Ok(if minimums.all_met(&statuses) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
