//! `verso`: translation management for the XMPP Newsletter.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use verso_segment::{Document, Options};
use verso_workspace::Workspace;

mod report;

#[derive(Parser)]
#[command(
    name = "verso",
    version,
    about = "Translation management for the XMPP Newsletter"
)]
struct Cli {
    /// Run in the workspace at DIR (default: the nearest directory with a verso.toml).
    #[arg(short = 'C', long = "workspace", value_name = "DIR", global = true)]
    workspace: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the translatable units of a Markdown issue.
    Segment {
        /// The issue (Markdown with YAML or TOML front matter).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
        format: SegmentFormat,
    },
    /// Bring the translation stores up to date with the English issues.
    ///
    /// Unchanged units keep their translation, changed ones become fuzzy with the English they
    /// were translated from, new ones are filled from other issues when the same English was
    /// translated there, and the translations of vanished units move to the store's obsolete
    /// list. Nothing is written when a store does not parse.
    Sync {
        /// Issues to sync, by name (2026-11-05-newsletter) or path; default: all.
        issues: Vec<String>,
        /// Languages to sync (repeat or separate with commas); default: all.
        #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
        lang: Vec<String>,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show how much of each issue is translated, per language.
    ///
    /// Counts are those the stores will have once synced. With --min, exits with status 1 when
    /// a language has a smaller share of its units translated or reviewed.
    Status {
        /// Issues to report on, by name or path; default: all.
        issues: Vec<String>,
        /// Languages to report on (repeat or separate with commas); default: all.
        #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
        lang: Vec<String>,
        #[arg(long, value_enum, default_value_t = report::Format::Table)]
        format: report::Format,
        /// Minimum share of units translated, in percent: `fr=100,de=90`, or `90` for every
        /// language.
        #[arg(long, value_name = "[LANG=]PERCENT,...", value_delimiter = ',')]
        min: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let workspace = cli.workspace;
    let result = match cli.command {
        Command::Segment { file, format } => segment(&file, format),
        Command::Sync {
            issues,
            lang,
            dry_run,
        } => open(workspace).and_then(|ws| sync(&ws, &issues, &lang, dry_run)),
        Command::Status {
            issues,
            lang,
            format,
            min,
        } => open(workspace).and_then(|ws| status(&ws, &issues, &lang, format, &min)),
    };
    match result {
        Ok(code) => code,
        // A reader that went away (`verso segment … | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("verso: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn segment(file: &std::path::Path, format: SegmentFormat) -> Result<ExitCode> {
    let doc = Document::read(file, &Options::default())?;
    for warning in doc.warnings() {
        eprintln!(
            "verso: {}:{}: warning: {warning}",
            file.display(),
            warning.line()
        );
    }
    // Buffered: a line-buffered stdout makes one system call per line of a 100,000-unit issue.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        SegmentFormat::Json => {
            serde_json::to_writer_pretty(&mut out, doc.units())?;
            writeln!(out)?;
        }
        SegmentFormat::Text => {
            for unit in doc.units() {
                let kind = match &unit.context {
                    Some(context) => format!("{}:{context}", unit.kind),
                    None => unit.kind.to_string(),
                };
                let mut lines = unit.text.lines();
                writeln!(
                    out,
                    "{:>5}  {:<24} {:<11} {}",
                    unit.line,
                    kind,
                    unit.id,
                    lines.next().unwrap_or_default()
                )?;
                for line in lines {
                    writeln!(out, "{:44}{line}", "")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn open(dir: Option<PathBuf>) -> Result<Workspace> {
    Ok(match dir {
        Some(dir) => Workspace::open(&dir)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    })
}

fn sync(ws: &Workspace, issues: &[String], lang: &[String], dry_run: bool) -> Result<ExitCode> {
    let issues = ws.select_issues(issues)?;
    let languages = ws.select_languages(lang)?;
    let plan = ws.plan(&issues, &languages)?;
    if !dry_run {
        plan.write()?;
    }
    report::sync(&mut anstream::stdout().lock(), &plan, dry_run)?;
    Ok(ExitCode::SUCCESS)
}

fn status(
    ws: &Workspace,
    issues: &[String],
    lang: &[String],
    format: report::Format,
    min: &[String],
) -> Result<ExitCode> {
    let issues = ws.select_issues(issues)?;
    let languages = ws.select_languages(lang)?;
    let minimums = report::parse_minimums(min, &ws.config().languages)?;
    let plan = ws.plan(&issues, &languages)?;
    let statuses = verso_workspace::status::status(&plan);
    let ok = report::status(&mut anstream::stdout().lock(), &statuses, &minimums, format)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
