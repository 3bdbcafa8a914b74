//! `verso sync`: bring the stores up to date, and say what changed in each.
//!
//! Output goes through `anstream`, which drops the colours when stdout is not a terminal or
//! `NO_COLOR` is set; the lines read the same without them.

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use verso_workspace::{Orphan, Outline, Plan, Workspace};

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
    /// Write nothing; list the stores a sync would change and exit with status 1 if there are
    /// any (for CI: an English change that nobody synced).
    #[arg(long, conflicts_with = "dry_run")]
    check: bool,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();

pub fn run(ws: &Workspace, args: &Args) -> Result<ExitCode> {
    let issues = ws.select_issues(&args.issues)?;
    let languages = ws.select_languages(&args.lang)?;
    // Where the cache says every store is up to date (and there is nothing to warn about and
    // no orphaned store), there is nothing to plan or write.
    let probe = ws.probe(&issues, &languages)?;
    if !args.check
        && let Some(outline) = probe.outlines()
        && outline.iter().all(|item| item.up_to_date)
    {
        let mut out = crate::report_stdout();
        report(&mut out, &outline, &[], args.dry_run)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let plan = ws.plan(&issues, &languages)?;
    super::print_warnings(&plan.warnings);
    // One write for the whole report, not one per store.
    let out = &mut crate::report_stdout();
    if args.check {
        let in_sync = check(out, &plan)?;
        out.flush()?;
        return Ok(match in_sync {
            true => ExitCode::SUCCESS,
            false => ExitCode::from(1),
        });
    }
    let outline = plan.outline();
    if !args.dry_run {
        plan.write()?;
    }
    if outline.iter().all(|item| item.up_to_date) {
        // Nothing was written: what the plan found is what the next run will find.
        ws.remember(&probe, &plan, &outline);
    }
    report(out, &outline, &plan.orphans, args.dry_run)?;
    out.flush()?;
    // The process ends here: freeing every store and document one by one only costs time
    // (some 10% of a no-op sync).
    std::mem::forget(plan);
    Ok(ExitCode::SUCCESS)
}

/// `--check`: the stores whose content a sync would change, one per line; whether there are
/// none. A store that a sync would only lay out anew does not count.
fn check(out: &mut impl Write, plan: &Plan) -> io::Result<bool> {
    let stale: Vec<_> = plan.items.iter().filter(|i| !i.same_content).collect();
    for item in &stale {
        let why = match (&item.renamed_from, item.exists) {
            (Some(renamed), _) => format!("would move from {}", slashes(&renamed.path)),
            (None, false) => "would be created".to_string(),
            (None, true) => "would change".to_string(),
        };
        writeln!(out, "{}  {YELLOW}{why}{YELLOW:#}", slashes(&item.path))?;
    }
    orphans(out, &plan.orphans)?;
    match stale.len() {
        0 => writeln!(out, "{GREEN}Every store is in sync.{GREEN:#}")?,
        n => writeln!(
            out,
            "{n} {} out of sync with the English; run `verso sync`.",
            if n == 1 { "store is" } else { "stores are" }
        )?,
    }
    Ok(stale.is_empty())
}

/// The stores whose English issue is gone.
fn orphans(out: &mut impl Write, orphans: &[Orphan]) -> io::Result<()> {
    for orphan in orphans {
        writeln!(
            out,
            "{}  {YELLOW}orphaned{YELLOW:#}: its English issue {} is gone; kept, and still used \
             as translation memory",
            slashes(&orphan.path),
            slashes(&orphan.english)
        )?;
    }
    Ok(())
}

fn slashes(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// One line per store: what the sync did (or would do) to it.
fn report(
    out: &mut impl Write,
    outline: &[Outline],
    orphaned: &[Orphan],
    dry_run: bool,
) -> io::Result<()> {
    let (mut written, mut unchanged) = (0, 0);
    let width = outline.iter().map(|i| i.issue.len()).max().unwrap_or(0);
    for item in outline {
        let what = match (item.up_to_date, item.exists, dry_run) {
            (true, ..) => "unchanged",
            // A valid hand edit laid out differently: rewritten, quietly.
            (false, true, _) if item.same_content => "unchanged",
            (false, false, false) if item.renamed_from.is_some() => "moved",
            (false, false, true) if item.renamed_from.is_some() => "would move",
            (false, false, false) => "created",
            (false, true, false) => "updated",
            (false, false, true) => "would create",
            (false, true, true) => "would update",
        };
        if item.up_to_date || item.same_content {
            unchanged += 1;
        } else {
            written += 1;
        }
        let c = item.changes;
        let mut details = Vec::new();
        if let Some(renamed) = &item.renamed_from {
            details.push(format!(
                "from {}, the English issue's old name",
                slashes(renamed)
            ));
        }
        if !item.exists && item.renamed_from.is_none() {
            details.push(format!("{} units", item.counts.units.total));
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
        if item.same_content {
            // Only the layout changes: said as "unchanged", nothing more.
            details.clear();
        }
        let style = if item.up_to_date || item.same_content {
            DIM
        } else {
            BOLD
        };
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
    orphans(out, orphaned)?;
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
