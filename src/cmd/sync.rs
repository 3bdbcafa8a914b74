//! `verso sync`: bring the stores up to date, and say what changed in each.
//!
//! Output goes through `anstream`, which drops the colours when stdout is not a terminal or
//! `NO_COLOR` is set; the lines read the same without them.

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use verso_workspace::{Plan, Workspace};

#[derive(clap::Args)]
pub struct Args {
    /// Issues to sync, by name (2026-11-05-newsletter) or path; default: all.
    issues: Vec<String>,
    /// Languages to sync (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    /// Show what would change without writing anything.
    #[arg(long)]
    dry_run: bool,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();

pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    let plan = ws.plan(&issues, &languages)?;
    super::print_warnings(&plan.warnings);
    if !args.dry_run {
        plan.write()?;
    }
    report(&mut anstream::stdout().lock(), &plan, args.dry_run)?;
    Ok(ExitCode::SUCCESS)
}

/// One line per store: what the sync did (or would do) to it.
fn report(out: &mut impl Write, plan: &Plan, dry_run: bool) -> io::Result<()> {
    let (mut written, mut unchanged) = (0, 0);
    let width = plan.items.iter().map(|i| i.issue.len()).max().unwrap_or(0);
    for item in &plan.items {
        let what = match (item.up_to_date, item.exists, dry_run) {
            (true, ..) => "unchanged",
            (false, false, false) => "created",
            (false, true, false) => "updated",
            (false, false, true) => "would create",
            (false, true, true) => "would update",
        };
        if item.up_to_date {
            unchanged += 1;
        } else {
            written += 1;
        }
        let c = item.changes;
        let mut details = Vec::new();
        if !item.exists {
            details.push(format!("{} units", item.store.units.len()));
        } else {
            if c.fuzzy > 0 {
                details.push(format!("{YELLOW}{} fuzzy{YELLOW:#}", c.fuzzy));
            }
            if c.new > 0 {
                details.push(format!("{} new", c.new));
            }
            if c.restored > 0 {
                details.push(format!("{} restored from obsolete", c.restored));
            }
            if c.retired > 0 {
                details.push(format!("{} retired to obsolete", c.retired));
            }
        }
        if c.filled > 0 {
            details.push(format!("{GREEN}{} from memory{GREEN:#}", c.filled));
        }
        if c.suggested > 0 && !item.up_to_date {
            details.push(format!("{} with a suggestion", c.suggested));
        }
        if !item.up_to_date && item.exists && details.is_empty() {
            details.push("rewritten in canonical form".into());
        }
        let style = if item.up_to_date { DIM } else { BOLD };
        let what = match details.is_empty() {
            true => what.to_string(),
            false => format!("{what:<12} {}", details.join(", ")),
        };
        writeln!(
            out,
            "{:<4} {:<width$}  {style}{what}{style:#}",
            item.language, item.issue
        )?;
        // Where the translator goes next.
        if !item.up_to_date && c.fuzzy > 0 {
            writeln!(
                out,
                "     {DIM}{}{DIM:#}",
                item.path.to_string_lossy().replace('\\', "/")
            )?;
        }
    }
    let stores = |n: usize| if n == 1 { "store" } else { "stores" };
    if dry_run {
        writeln!(
            out,
            "{written} {} would be written, {unchanged} unchanged (dry run: nothing written).",
            stores(written)
        )
    } else {
        writeln!(
            out,
            "{written} {} written, {unchanged} unchanged.",
            stores(written)
        )
    }
}
