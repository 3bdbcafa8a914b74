//! `verso segment FILE`: the translatable units of an issue, as text or JSON. Inside a
//! workspace, the units are those `verso sync` sees (its front-matter keys, for instance).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;
use verso_segment::{Document, Options, Unit};
use verso_workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// The issue (Markdown with YAML or TOML front matter).
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A unit as `--format json` shows it; the shape is defined here, not by `Unit`.
#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<&'a str>,
    line: usize,
    text: &'a str,
    range: JsonRange,
}

#[derive(Serialize)]
struct JsonRange {
    start: usize,
    end: usize,
}

impl<'a> From<&'a Unit> for JsonUnit<'a> {
    fn from(unit: &'a Unit) -> JsonUnit<'a> {
        JsonUnit {
            id: &unit.id,
            kind: unit.kind.as_str(),
            context: unit.context.as_deref(),
            line: unit.line,
            text: &unit.text,
            range: JsonRange {
                start: unit.range.start,
                end: unit.range.end,
            },
        }
    }
}

/// Segments with the settings of `workspace` (its `[segment]` table) when run inside one.
pub fn run(args: &Args, workspace: Option<&Workspace>) -> Result<ExitCode> {
    let options = match workspace {
        Some(ws) => ws.config().segment_options(),
        None => Options::default(),
    };
    let doc = Document::read(&args.file, &options)?;
    super::print_warnings(&verso_workspace::Warning::of_document(&args.file, &doc));
    // Buffered: a line-buffered stdout makes one system call per line of a 100,000-unit issue.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            let units: Vec<JsonUnit> = doc.units().iter().map(JsonUnit::from).collect();
            serde_json::to_writer_pretty(&mut out, &units)?;
            writeln!(out)?;
        }
        Format::Text => {
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
