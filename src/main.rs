//! `verso`: translation management for the XMPP Newsletter.
//!
//! This crate is the command line only: clap, one module per command (`cmd/`), the hints added
//! to library errors (`hint.rs`) and exit codes. The work is done by the libraries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use verso_workspace::Workspace;

mod cmd;
mod hint;

/// mimalloc: a cold run allocates about a million small strings (store entries, units) on every
/// core. Without transparent huge pages, whose zeroing made a run's time vary by half again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit statuses, shown at the end of `verso --help` and in the README.
const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  a check failed: `status --min` found a language under its minimum, or `sync --check`
     found stores out of sync with the English
  2  an error: a store or issue that does not parse, a file that cannot be read or written,
     bad arguments";

const EXAMPLES: &str = "\
Examples:
  verso sync                            bring every store up to date with the English
  verso todo --lang fr                  what is left to translate in French, fuzzy first
  verso diff --lang fr                  what changed in the English of each fuzzy unit
  verso status --min fr=100,de=90       coverage, failing when a language is under
  verso sync --check                    in CI: fail when a store is out of sync";

#[derive(Parser)]
#[command(
    name = "verso",
    version,
    about = "Translation management for the XMPP Newsletter",
    after_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
)]
struct Cli {
    /// Run in the workspace at DIR (default: the nearest directory with a verso.toml).
    #[arg(short = 'C', long = "workspace", value_name = "DIR", global = true)]
    workspace: Option<PathBuf>,
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
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
    #[command(after_help = "\
Examples:
  verso sync                        every issue, every language
  verso sync 2026-11-05-newsletter --lang fr
  verso sync --dry-run              say what would change, write nothing
  verso sync --check                exit status 1 when a store is out of sync (for CI)")]
    Sync(cmd::sync::Args),
    /// Show how much of each issue is translated, per language.
    ///
    /// Counts are those the stores will have once synced. With --min, exits with status 1 when
    /// a language has a smaller share of its units translated or reviewed.
    #[command(after_help = "\
Examples:
  verso status --lang fr
  verso status --summary                  language totals only
  verso status --min fr=100,de=90 --format markdown")]
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
    /// List what to translate next: fuzzy units first, then untranslated ones and drafts.
    ///
    /// Each line is `store:line  state  kind  first words`; the line is that of the unit's
    /// `target`, where the translation is typed.
    #[command(after_help = "\
Examples:
  verso todo --lang fr
  verso todo 2026-11-05-newsletter --lang fr --review")]
    Todo(cmd::todo::Args),
    /// Show, word by word, what changed in the English of each fuzzy unit, with its target.
    #[command(after_help = "\
Examples:
  verso diff --lang fr
  verso diff 2026-11-05-newsletter --lang fr --format json")]
    Diff(cmd::diff::Args),
    /// Print a shell completion script for SHELL (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  verso completions bash > ~/.local/share/bash-completion/completions/verso
  verso completions zsh > ~/.zfunc/_verso")]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff); `cargo xtask man` writes it to target/man/verso.1.
    #[command(hide = true)]
    Man,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let workspace = cli.workspace;
    let result = match cli.command {
        Command::Segment(args) => {
            inside(workspace).and_then(|ws| cmd::segment::run(&args, ws.as_ref()))
        }
        Command::Sync(args) => open(workspace).and_then(|ws| cmd::sync::run(&ws, &args)),
        Command::Status(args) => open(workspace).and_then(|ws| cmd::status::run(&ws, &args)),
        Command::Check(args) => open(workspace).and_then(|ws| cmd::check::run(&ws, &args)),
        Command::Import(args) => open(workspace).and_then(|ws| cmd::import::run(&ws, &args)),
        Command::Build(args) => open(workspace).and_then(|ws| cmd::build::run(&ws, args)),
        Command::Todo(args) => open(workspace).and_then(|ws| cmd::todo::run(&ws, &args)),
        Command::Diff(args) => open(workspace).and_then(|ws| cmd::diff::run(&ws, &args)),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "verso", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map(|()| ExitCode::SUCCESS)
                .map_err(Into::into)
        }
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

/// The workspace named with `-C DIR` or around the current directory, if there is one.
fn inside(dir: Option<PathBuf>) -> Result<Option<Workspace>> {
    match open(dir) {
        Ok(ws) => Ok(Some(ws)),
        Err(e)
            if matches!(
                e.downcast_ref::<verso_workspace::Error>(),
                Some(verso_workspace::Error::NoWorkspace { .. })
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The workspace named with `-C DIR`, or the one around the current directory.
fn open(dir: Option<PathBuf>) -> Result<Workspace> {
    Ok(match dir {
        Some(dir) => Workspace::open(&dir)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    })
}

/// Stdout for a command's report: colours dropped as `anstream::stdout()` drops them, but
/// written in 64 KiB blocks instead of line by line (Rust's stdout is line-buffered, and a
/// status table at 100x has 24,000 lines). Call `flush` at the end to see write errors.
pub fn report_stdout() -> anstream::AutoStream<Box<dyn std::io::Write>> {
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    let buffered = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    anstream::AutoStream::new(Box::new(buffered), choice)
}

/// The width of the terminal stdout is, if it is one; else `COLUMNS` when set (for pipes and
/// tests); else no limit.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(width), _)) = terminal_size::terminal_size()
    {
        return Some(usize::from(width));
    }
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}
