//! `verso import LANG FILE.md...`: adopt translations made the old way (a copy of the English
//! file translated in place) into the stores, and say per file what came in.
//!
//! Exits with status 1 when a pair was not imported because its store already has another
//! target (a conflict); the other pairs are written all the same.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use serde::Serialize;
use verso_import::{Summary, UnitRef};
use verso_workspace::Workspace;
use verso_workspace::import::{FoundBy, ImportPlan};

#[derive(clap::Args)]
pub struct Args {
    /// The language of the files (`de`, `pt-br`).
    lang: String,
    /// Translated issues: Markdown files, each a translated copy of an English issue.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The English issue the files translate (default: the issue of the same file name, else
    /// the one the front-matter date names, else the one sharing the most links).
    #[arg(long, value_name = "NAME")]
    issue: Option<String>,
    /// Show what would be imported without writing anything.
    #[arg(long)]
    dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Replace drafts (targets of untranslated entries); translations are never replaced.
    #[arg(long)]
    force: bool,
    /// Add LANG to `languages` in verso.toml when it is not there yet.
    #[arg(long)]
    add_language: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();

pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let plan = ws
        .plan_import(
            &args.lang,
            &args.files,
            args.issue.as_deref(),
            args.force,
            args.add_language,
        )
        .map_err(|e| match e {
            verso_workspace::Error::UnknownLanguage { .. } => {
                anyhow::anyhow!("{e}; pass --add-language to add it")
            }
            e => e.into(),
        })?;
    super::print_warnings(&plan.warnings);
    if !args.dry_run {
        plan.write()?;
    }
    let mut out = anstream::stdout().lock();
    match args.format {
        Format::Text => text(&mut out, &plan, args.dry_run)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &json(&plan, args.dry_run))?;
            writeln!(out)?;
        }
    }
    let conflicts = plan.files.iter().any(|f| !f.summary.conflicts.is_empty());
    Ok(if conflicts {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn found_by(how: FoundBy) -> &'static str {
    match how {
        FoundBy::Option => "--issue",
        FoundBy::FileName => "file name",
        FoundBy::Date => "front-matter date",
        FoundBy::Content => "shared links",
    }
}

/// The first line of a text, cut to `width` characters.
fn excerpt(text: &str, width: usize) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > width || text.contains('\n') {
        let cut: String = line.chars().take(width).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

fn text(out: &mut impl Write, plan: &ImportPlan, dry_run: bool) -> io::Result<()> {
    if plan.adds_language {
        let verb = if dry_run { "would add" } else { "added" };
        writeln!(
            out,
            "{BOLD}{verb} `{}` to verso.toml{BOLD:#}",
            plan.language
        )?;
    }
    for file in &plan.files {
        let s = &file.summary;
        writeln!(
            out,
            "{BOLD}{}{BOLD:#} → {} {DIM}({}){DIM:#}",
            file.file.display(),
            file.path.to_string_lossy().replace('\\', "/"),
            found_by(file.found_by)
        )?;
        writeln!(
            out,
            "  {} English units: {GREEN}{} translated{GREEN:#}, {YELLOW}{} weak{YELLOW:#}, {} left in English, {} unmatched; {} extra translated",
            s.english_units,
            s.translated,
            s.weak,
            s.left_in_english,
            s.unmatched.len(),
            s.extra.len()
        )?;
        for conflict in &s.conflicts {
            writeln!(
                out,
                "  {RED}conflict{RED:#} line {}: the store has another {} target: {}",
                conflict.unit.line,
                conflict.state,
                excerpt(&conflict.existing, 60)
            )?;
        }
        for unit in &s.unmatched {
            writeln!(
                out,
                "  {DIM}unmatched{DIM:#} line {}: {}",
                unit.line,
                excerpt(&unit.text, 70)
            )?;
        }
        for unit in &s.extra {
            writeln!(
                out,
                "  {DIM}extra{DIM:#}     line {} of the file, kept in obsolete: {}",
                unit.line,
                excerpt(&unit.text, 60)
            )?;
        }
    }
    let written = plan.stores.iter().filter(|(_, _, same)| !same).count();
    let unchanged = plan.stores.len() - written;
    let stores = |n: usize| if n == 1 { "store" } else { "stores" };
    let conflicts: usize = plan.files.iter().map(|f| f.summary.conflicts.len()).sum();
    if dry_run {
        write!(
            out,
            "{written} {} would be written, {unchanged} unchanged (dry run: nothing written)",
            stores(written)
        )?;
    } else {
        write!(
            out,
            "{written} {} written, {unchanged} unchanged",
            stores(written)
        )?;
    }
    if conflicts > 0 {
        write!(
            out,
            "; {conflicts} conflicts left as they were (--force replaces drafts only)"
        )?;
    }
    writeln!(out, ".")
}

/// The JSON report: its shape is defined here, not by the library types.
#[derive(Serialize)]
struct JsonReport<'a> {
    language: &'a str,
    adds_language: bool,
    dry_run: bool,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: String,
    issue: &'a str,
    found_by: &'static str,
    store: String,
    english_units: usize,
    translated: usize,
    weak: usize,
    left_in_english: usize,
    unmatched: Vec<JsonUnit<'a>>,
    extra: Vec<JsonUnit<'a>>,
    conflicts: Vec<JsonConflict<'a>>,
    changed: usize,
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonConflict<'a> {
    id: &'a str,
    line: usize,
    state: &'static str,
    existing: &'a str,
    imported: &'a str,
}

fn units(list: &[UnitRef]) -> Vec<JsonUnit<'_>> {
    list.iter()
        .map(|u| JsonUnit {
            id: &u.id,
            line: u.line,
            text: &u.text,
        })
        .collect()
}

fn json(plan: &ImportPlan, dry_run: bool) -> JsonReport<'_> {
    JsonReport {
        language: &plan.language,
        adds_language: plan.adds_language,
        dry_run,
        files: plan
            .files
            .iter()
            .map(|f| {
                let s: &Summary = &f.summary;
                JsonFile {
                    file: f.file.to_string_lossy().into_owned(),
                    issue: &f.issue,
                    found_by: found_by(f.found_by),
                    store: f.path.to_string_lossy().replace('\\', "/"),
                    english_units: s.english_units,
                    translated: s.translated,
                    weak: s.weak,
                    left_in_english: s.left_in_english,
                    unmatched: units(&s.unmatched),
                    extra: units(&s.extra),
                    conflicts: s
                        .conflicts
                        .iter()
                        .map(|c| JsonConflict {
                            id: &c.unit.id,
                            line: c.unit.line,
                            state: c.state.as_str(),
                            existing: &c.existing,
                            imported: &c.imported,
                        })
                        .collect(),
                    changed: s.changed,
                }
            })
            .collect(),
    }
}
