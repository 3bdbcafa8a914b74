//! `verso`: translation management for the XMPP Newsletter.
//!
//! This crate is the command line only: clap, one module per command (`cmd/`), the hints added
//! to library errors (`hint.rs`) and exit codes. The work is done by the libraries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use verso_workspace::Workspace;

mod cmd;
mod hint;

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
    Segment(cmd::segment::Args),
    /// Bring the translation stores up to date with the English issues.
    ///
    /// Unchanged units keep their translation, changed ones become fuzzy with the English they
    /// were translated from, new ones are filled from other issues when the same English was
    /// translated there, and the translations of vanished units move to the store's obsolete
    /// list. Nothing is written when a store does not parse.
    Sync(cmd::sync::Args),
    /// Show how much of each issue is translated, per language.
    ///
    /// Counts are those the stores will have once synced. With --min, exits with status 1 when
    /// a language has a smaller share of its units translated or reviewed.
    Status(cmd::status::Args),
    /// Check the published translations against their English.
    ///
    /// Errors (never published, exit status 1): a link, image, HTML or shortcode the English
    /// does not have, an English link dropped, Markdown that changes the structure, a value that
    /// breaks the front matter, a final `\` escaping a delimiter, inline code changed.
    /// Warnings (exit status 1 with --strict): numbers, glossary terms and names, untranslated
    /// text, typography, length, spaces. Checks fuzzy, translated and reviewed entries.
    Check(cmd::check::Args),
    /// Import translated Markdown files (copies of an English issue translated in place).
    ///
    /// Aligns each file's units with its English issue's and writes the pairs into the store:
    /// sure pairs as translated, weak ones as fuzzy with a note; text with no English partner
    /// goes to the store's obsolete list. A target the store already has is never replaced.
    Import(cmd::import::Args),
    /// Write each translated issue for the outlets that publish it.
    ///
    /// Untranslated units come out in English, fuzzy ones with their old translation; a unit
    /// whose translation fails an error-level check is published in English and reported.
    /// Exit status 1 when a file was refused as under its minimum share.
    Build(cmd::build::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let workspace = cli.workspace;
    let result = match cli.command {
        Command::Segment(args) => cmd::segment::run(&args),
        Command::Sync(args) => open(workspace).and_then(|ws| cmd::sync::run(&ws, &args)),
        Command::Status(args) => open(workspace).and_then(|ws| cmd::status::run(&ws, &args)),
        Command::Check(args) => open(workspace).and_then(|ws| cmd::check::run(&ws, &args)),
        Command::Import(args) => open(workspace).and_then(|ws| cmd::import::run(&ws, &args)),
        Command::Build(args) => open(workspace).and_then(|ws| cmd::build::run(&ws, args)),
    };
    match result {
        Ok(code) => code,
        // A reader that went away (`verso segment … | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("verso: {}", hint::message(&e));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The workspace named with `-C DIR`, or the one around the current directory.
fn open(dir: Option<PathBuf>) -> Result<Workspace> {
    Ok(match dir {
        Some(dir) => Workspace::open(&dir)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    })
}
