//! `verso todo`: what to translate next, one unit per line, with the place to type it.
//!
//! `store:line  state  kind  first words`, where `line` is the line of the unit's `target` in
//! the store as `verso sync` writes it: fuzzy units first (a translation to fix), then
//! untranslated ones, then drafts. With `--review`, the translated units nobody reviewed yet,
//! those filled from memory or imported included.

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use verso_store::{Entry, State};
use verso_workspace::{Planned, Workspace};

#[derive(clap::Args)]
pub struct Args {
    /// Issues to look at, by name or path; default: all.
    issues: Vec<String>,
    /// Languages to look at (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    /// List the translated units not reviewed yet instead.
    #[arg(long)]
    review: bool,
}

const DIM: Style = Style::new().dimmed();
const YELLOW: Style = AnsiColor::Yellow.on_default();

/// How many characters of the English a line shows.
const FIRST_WORDS: usize = 60;

/// What a unit waits for, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Task {
    Fuzzy,
    Untranslated,
    Draft,
    /// Translated by hand, not reviewed.
    Review,
    /// Filled from another issue's translation, not reviewed.
    ReviewMemory,
    /// Imported from a translated Markdown file, not reviewed.
    ReviewImport,
}

impl Task {
    fn of(entry: &Entry, review: bool) -> Option<Task> {
        match (entry.state, review) {
            (State::Fuzzy, false) => Some(Task::Fuzzy),
            (State::Untranslated, false) if entry.has_target() => Some(Task::Draft),
            (State::Untranslated, false) => Some(Task::Untranslated),
            (State::Translated, true) => Some(match entry.origin.as_deref() {
                Some(origin) if origin.starts_with("import:") => Task::ReviewImport,
                Some(_) => Task::ReviewMemory,
                None => Task::Review,
            }),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Task::Fuzzy => "fuzzy",
            Task::Untranslated => "untranslated",
            Task::Draft => "draft",
            Task::Review => "translated",
            Task::ReviewMemory => "from memory",
            Task::ReviewImport => "imported",
        }
    }
}

/// One line of the list.
struct Line<'a> {
    task: Task,
    location: String,
    entry: &'a Entry,
}

pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    let plan = ws.plan(&issues, &languages)?;
    super::print_warnings(&plan.warnings);
    let mut err = anstream::stderr().lock();
    for item in plan.items.iter().filter(|i| !i.up_to_date) {
        writeln!(
            err,
            "{YELLOW}note{YELLOW:#}: {} is not synced; lines are those after `verso sync`",
            slashes(item)
        )?;
    }
    print(&mut anstream::stdout().lock(), &plan.items, args.review)?;
    Ok(ExitCode::SUCCESS)
}

fn slashes(item: &Planned) -> String {
    item.path.to_string_lossy().replace('\\', "/")
}

fn print(out: &mut impl Write, items: &[Planned], review: bool) -> io::Result<()> {
    let mut lines = Vec::new();
    for item in items {
        let (_, target_lines) = item.store.to_toml_with_lines();
        let path = slashes(item);
        for (entry, line) in item.store.units.iter().zip(target_lines) {
            if let Some(task) = Task::of(entry, review) {
                lines.push(Line {
                    task,
                    location: format!("{path}:{line}"),
                    entry,
                });
            }
        }
    }
    // Stable: within a task, stores and units keep their order.
    lines.sort_by_key(|l| l.task);
    let width = lines.iter().map(|l| l.location.len()).max().unwrap_or(0);
    for l in &lines {
        let style = match l.task {
            Task::Fuzzy => YELLOW,
            _ => Style::new(),
        };
        writeln!(
            out,
            "{:<width$}  {style}{:<12}{style:#}  {DIM}{:<12}{DIM:#}  {}",
            l.location,
            l.task.label(),
            l.entry.kind.as_str(),
            first_words(&l.entry.english)
        )?;
    }
    let count = |task: Task| lines.iter().filter(|l| l.task == task).count();
    let parts: Vec<String> = if review {
        vec![format!("{} to review", lines.len())]
    } else {
        [
            (Task::Fuzzy, "fuzzy", "fuzzy"),
            (Task::Untranslated, "untranslated", "untranslated"),
            (Task::Draft, "draft", "drafts"),
        ]
        .iter()
        .map(|&(task, one, many)| match count(task) {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        })
        .collect()
    };
    match lines.is_empty() {
        true if review => writeln!(out, "Nothing to review."),
        true => writeln!(out, "Nothing to translate."),
        false => writeln!(out, "{}.", parts.join(", ")),
    }
}

/// The start of the English on one line: line breaks as spaces, cut at a word.
fn first_words(english: &str) -> String {
    let text = english.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= FIRST_WORDS {
        return text;
    }
    let cut: String = text.chars().take(FIRST_WORDS).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > FIRST_WORDS / 2 => &cut[..space],
        _ => &cut,
    };
    format!("{cut}…")
}
