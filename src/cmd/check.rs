//! `verso check`: the findings of the checks on every published translation (fuzzy,
//! translated and reviewed entries), as text, JSON or Markdown.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use verso_check::Severity;
use verso_report::FindingRow;
use verso_workspace::Workspace;

use crate::cmd::status::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to check, by name or path; default: all.
    issues: Vec<String>,
    /// Languages to check (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    /// `text` (one finding per line, then its fragments), `json` or `markdown`.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    /// `store:line: unit ID: severity: message`, then the English and translated fragments.
    Text,
    /// JSON, for scripts.
    Json,
    /// A Markdown table, for pull requests and issues.
    Markdown,
}

/// Exit status 1 when a translation has an error (or a warning, with `--strict`).
pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    // From the cache where nothing changed since the last check or status; else planned and
    // checked.
    let (checked, plan) = ws.checked(&issues, &languages, |plan| {
        super::print_warnings(&plan.warnings)
    })?;
    let paths: Vec<String> = checked
        .iter()
        .map(|c| c.path.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut rows = Vec::new();
    for (store, path) in checked.iter().zip(&paths) {
        for entry in &store.entries {
            for f in &entry.findings {
                rows.push(FindingRow {
                    store: path,
                    line: entry.line,
                    language: &store.language,
                    unit: &entry.id,
                    severity: f.severity.as_str(),
                    check: f.kind.as_str(),
                    message: &f.message,
                    english: &f.english_fragment,
                    target: &f.target_fragment,
                });
            }
        }
    }
    let format = match args.format {
        CheckFormat::Text => Format::Table,
        CheckFormat::Json => Format::Json,
        CheckFormat::Markdown => Format::Markdown,
    };
    match format {
        // Only the text carries styles; `anstream` drops them when stdout is no terminal.
        // In 64 KiB blocks, not line by line.
        Format::Table => {
            let mut out = crate::report_stdout();
            verso_report::findings(&mut out, &rows, format.into())?;
            out.flush()?;
        }
        _ => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            verso_report::findings(&mut out, &rows, format.into())?;
            out.flush()?;
        }
    }
    let behind: Vec<&str> = checked
        .iter()
        .filter(|c| !c.up_to_date && !c.entries.is_empty())
        .map(|c| c.path.to_str().unwrap_or_default())
        .collect();
    if !behind.is_empty() {
        eprintln!(
            "note: {} need `verso sync`; their lines are those the sync will write",
            behind.join(", ")
        );
    }
    let failing = |f: &verso_check::Finding| f.severity == Severity::Error || args.strict;
    let fails = checked
        .iter()
        .flat_map(|c| &c.entries)
        .flat_map(|e| &e.findings)
        .any(failing);
    // The process ends here: freeing every store and document one by one (a tenth of a cold
    // check, on one core) only costs time.
    std::mem::forget(plan);
    std::mem::forget(rows);
    std::mem::forget(checked);
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
