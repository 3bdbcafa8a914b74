//! `verso diff`: what changed in the English of each fuzzy unit, word by word, with the current
//! translation beside it, so that a one-word fix in a long paragraph is a one-word read.
//!
//! On a terminal the deleted words are red and struck through, the inserted ones green and
//! underlined; otherwise (or with `--color never`) they are marked `[-deleted-]` and
//! `{+inserted+}`, as `git diff --word-diff` does.

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use serde::Serialize;
use verso_store::State;
use verso_text::{DiffTag, word_diff};
use verso_workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to look at, by name or path; default: all.
    issues: Vec<String>,
    /// Languages to look at (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Word diffs, coloured on a terminal, with markers otherwise.
    Text,
    /// JSON, for scripts and editors.
    Json,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const DELETED: Style = AnsiColor::Red.on_default().strikethrough();
const INSERTED: Style = AnsiColor::Green.on_default().underline();

/// One fuzzy unit: the JSON shape, and what the text format prints.
#[derive(Serialize)]
struct FuzzyUnit {
    /// The store file and the line of the unit's `target` in it.
    store: String,
    line: usize,
    language: String,
    issue: String,
    id: String,
    kind: &'static str,
    /// The English the target was translated from.
    previous: String,
    /// The English now.
    english: String,
    target: String,
    /// From `previous` to `english`, word by word.
    diff: Vec<Piece>,
}

#[derive(Serialize)]
struct Piece {
    /// `equal`, `delete` or `insert`.
    tag: &'static str,
    text: String,
}

pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    let plan = ws.plan(&issues, &languages)?;
    super::print_warnings(&plan.warnings);
    let mut units = Vec::new();
    for item in &plan.items {
        let (_, lines) = item.store.to_toml_with_lines();
        let store = item.path.to_string_lossy().replace('\\', "/");
        for (entry, line) in item.store.units.iter().zip(lines) {
            if entry.state != State::Fuzzy {
                continue;
            }
            let previous = entry.previous.clone().unwrap_or_default();
            let diff = word_diff(&previous, &entry.english)
                .into_iter()
                .map(|(tag, text)| Piece {
                    tag: match tag {
                        DiffTag::Equal => "equal",
                        DiffTag::Delete => "delete",
                        DiffTag::Insert => "insert",
                    },
                    text,
                })
                .collect();
            units.push(FuzzyUnit {
                store: store.clone(),
                line,
                language: item.language.clone(),
                issue: item.issue.clone(),
                id: entry.id.clone(),
                kind: entry.kind.as_str(),
                previous,
                english: entry.english.clone(),
                target: entry.target.clone(),
                diff,
            });
        }
    }
    let stdout = std::io::stdout();
    let mut out = anstream::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &units)?;
            writeln!(out)?;
        }
        Format::Text => {
            let colour = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
            text(&mut out, &units, colour)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Each unit: where it is, its English diff, its target; continuation lines indented.
fn text(out: &mut impl Write, units: &[FuzzyUnit], colour: bool) -> io::Result<()> {
    const INDENT: &str = "            ";
    for unit in units {
        writeln!(
            out,
            "{BOLD}{}:{}{BOLD:#}  {DIM}{} {}{DIM:#}",
            unit.store, unit.line, unit.kind, unit.id
        )?;
        let mut diff = String::new();
        for piece in &unit.diff {
            match (piece.tag, colour) {
                ("equal", _) => diff.push_str(&piece.text),
                ("delete", true) => diff.push_str(&format!("{DELETED}{}{DELETED:#}", piece.text)),
                ("insert", true) => diff.push_str(&format!("{INSERTED}{}{INSERTED:#}", piece.text)),
                ("delete", false) => diff.push_str(&format!("[-{}-]", piece.text)),
                (_, false) => diff.push_str(&format!("{{+{}+}}", piece.text)),
                (_, true) => diff.push_str(&piece.text),
            }
        }
        let indent = |text: &str| text.replace('\n', &format!("\n{INDENT}"));
        writeln!(out, "  english   {}", indent(&diff))?;
        writeln!(out, "  target    {}", indent(&unit.target))?;
        writeln!(out)?;
    }
    match units.len() {
        0 => writeln!(out, "No fuzzy units."),
        1 => writeln!(out, "1 fuzzy unit."),
        n => writeln!(out, "{n} fuzzy units."),
    }
}
