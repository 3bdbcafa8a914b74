//! `verso build`: writes each translated issue for its outlets.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use verso_workspace::Workspace;
use verso_workspace::publish::{BuildRequest, Built};

/// The arguments of `verso build`.
#[derive(clap::Args)]
pub struct Args {
    /// Issues to build, by name (2026-11-05-newsletter) or path; default: all.
    issues: Vec<String>,
    /// Languages to build (repeat or separate with commas); default: all.
    #[arg(short, long = "lang", value_name = "LANG", value_delimiter = ',')]
    lang: Vec<String>,
    /// Outlets to build for (repeat or separate with commas); default: all.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    outlet: Vec<String>,
    /// Output directory (default: `out` of [build] in verso.toml, `build`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Refuse to write a file with a smaller share of units translated (percent); overrides
    /// each outlet's `min`.
    #[arg(long, value_name = "PERCENT")]
    min: Option<f64>,
    /// Show what would be written without writing anything.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ws: &Workspace, args: Args) -> Result<ExitCode> {
    if let Some(min) = args.min
        && !(0.0..=100.0).contains(&min)
    {
        anyhow::bail!("--min {min}: give a percentage between 0 and 100");
    }
    let request = BuildRequest {
        issues: args.issues,
        languages: args.lang,
        outlets: args.outlet,
        min: args.min,
    };
    let plan = ws.build_plan(&request)?;
    super::print_warnings(&plan.warnings);
    let out_dir = args
        .out
        .unwrap_or_else(|| ws.root().join(&ws.config().build_dir));
    let (files_written, unchanged) = if args.dry_run {
        (0, 0)
    } else {
        plan.write(&out_dir)?
    };
    let shown_dir = out_dir
        .strip_prefix(std::env::current_dir().unwrap_or_default())
        .unwrap_or(&out_dir)
        .to_path_buf();
    let mut out = anstream::stdout().lock();
    let mut refused_files = 0;
    for built in &plan.outputs {
        if !built.allowed() {
            refused_files += 1;
        }
        print_one(&mut out, &shown_dir, built, args.dry_run)?;
    }
    let allowed = plan.outputs.iter().filter(|b| b.allowed()).count();
    let files = if args.dry_run {
        String::new()
    } else {
        format!(" ({files_written} files written, {unchanged} already up to date)")
    };
    let refused = if refused_files > 0 {
        format!("; {refused_files} refused as under their minimum share")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} {allowed} of {} outputs under {}{files}{refused}",
        if args.dry_run { "would write" } else { "built" },
        plan.outputs.len(),
        shown_dir.display(),
    )?;
    Ok(if refused_files > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_one(
    out: &mut impl Write,
    dir: &std::path::Path,
    built: &Built,
    dry_run: bool,
) -> Result<()> {
    let report = &built.output.report;
    let path = dir.join(&built.path);
    let status = if !built.allowed() {
        format!(
            "  REFUSED: under the minimum of {}%",
            built.min.unwrap_or_default()
        )
    } else if dry_run {
        "  (dry run)".to_string()
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}  {:.0}% translated, {} fuzzy, {} refused{status}",
        path.display(),
        report.percent_translated().floor(),
        report.fuzzy.len(),
        report.refused.len(),
    )?;
    let store = built.store_path.display();
    for refusal in &report.refused {
        writeln!(
            out,
            "  refused: {store}: unit {} (English line {}): {}; the English is published",
            refusal.id, refusal.line, refusal.reason
        )?;
    }
    for dangling in &report.dangling {
        writeln!(
            out,
            "  dead link: #{} (line {}) matches no heading",
            dangling.fragment, dangling.line
        )?;
    }
    for name in &report.dropped_shortcodes {
        writeln!(
            out,
            "  dropped shortcode `{name}` (this outlet has no shortcodes)"
        )?;
    }
    for warning in &report.warnings {
        writeln!(out, "  warning: {warning}")?;
    }
    Ok(())
}
