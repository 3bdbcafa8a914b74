//! `verso`: translation management for the XMPP Newsletter.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use verso_segment::{Document, Options};

#[derive(Parser)]
#[command(
    name = "verso",
    version,
    about = "Translation management for the XMPP Newsletter"
)]
struct Cli {
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
}

#[derive(Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Segment { file, format } => segment(&file, format),
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
    let mut out = std::io::stdout().lock();
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
    Ok(ExitCode::SUCCESS)
}
