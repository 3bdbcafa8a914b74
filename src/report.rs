//! What `verso sync` and `verso status` print.
//!
//! Output goes through `anstream`, which drops the colours when stdout is not a terminal or
//! `NO_COLOR` is set; the tables read the same without them.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use anyhow::{Result, bail};
use verso_workspace::Plan;
use verso_workspace::status::{IssueStatus, LanguageStatus, Tally};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned table with coverage bars, for people.
    Table,
    /// JSON, for scripts.
    Json,
    /// A Markdown table, for pull requests and issues.
    Markdown,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();

/// One line per store: what the sync did (or would do) to it.
pub fn sync(out: &mut impl Write, plan: &Plan, dry_run: bool) -> io::Result<()> {
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

/// `--min` values: `fr=100`, or a bare `90` for every language.
pub fn parse_minimums(args: &[String], languages: &[String]) -> Result<Vec<(String, f64)>> {
    let mut minimums: Vec<(String, f64)> = Vec::new();
    for arg in args.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        let (langs, percent) = match arg.split_once('=') {
            Some((lang, percent)) => {
                let lang = lang.trim();
                if !languages.iter().any(|l| l == lang) {
                    bail!(
                        "--min {arg}: `{lang}` is not a language of this workspace ({})",
                        languages.join(", ")
                    );
                }
                (vec![lang.to_string()], percent)
            }
            None => (languages.to_vec(), arg),
        };
        let percent: f64 = match percent.trim().trim_end_matches('%').parse() {
            Ok(p) if (0.0..=100.0).contains(&p) => p,
            _ => bail!("--min {arg}: `{percent}` is not a percentage between 0 and 100"),
        };
        for lang in langs {
            minimums.retain(|(l, _)| *l != lang);
            minimums.push((lang, percent));
        }
    }
    Ok(minimums)
}

fn minimum_of(minimums: &[(String, f64)], lang: &str) -> Option<f64> {
    minimums.iter().find(|(l, _)| l == lang).map(|(_, p)| *p)
}

/// Prints the coverage; returns whether every language meets its minimum.
pub fn status(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &[(String, f64)],
    format: Format,
) -> io::Result<bool> {
    let meets = |l: &LanguageStatus| {
        minimum_of(minimums, &l.language).is_none_or(|min| l.total.units.percent() >= min)
    };
    let ok = languages.iter().all(meets);
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Language<'a> {
                #[serde(flatten)]
                status: &'a LanguageStatus,
                percent: f64,
                minimum: Option<f64>,
                meets_minimum: bool,
            }
            #[derive(serde::Serialize)]
            struct Report<'a> {
                languages: Vec<Language<'a>>,
                ok: bool,
            }
            let report = Report {
                languages: languages
                    .iter()
                    .map(|l| Language {
                        status: l,
                        percent: round1(l.total.units.percent()),
                        minimum: minimum_of(minimums, &l.language),
                        meets_minimum: meets(l),
                    })
                    .collect(),
                ok,
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Markdown => markdown(out, languages, minimums)?,
        Format::Table => table(out, languages, minimums)?,
    }
    Ok(ok)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn markdown(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &[(String, f64)],
) -> io::Result<()> {
    writeln!(
        out,
        "| Language | Issue | Translated | Units done | Reviewed | Fuzzy | Untranslated | Words done |"
    )?;
    writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|")?;
    let row = |out: &mut dyn Write, lang: &str, issue: &str, units: &Tally, words: &Tally| {
        writeln!(
            out,
            "| {lang} | {issue} | {:.0}% | {} / {} | {} | {} | {} | {} / {} |",
            units.percent().floor(),
            units.done(),
            units.total,
            units.reviewed,
            units.fuzzy,
            units.untranslated,
            words.done(),
            words.total
        )
    };
    for l in languages {
        for i in &l.issues {
            row(out, &l.language, &i.issue, &i.counts.units, &i.counts.words)?;
        }
        let total = match minimum_of(minimums, &l.language) {
            Some(min) => format!("**all issues** (minimum {min}%)"),
            None => "**all issues**".to_string(),
        };
        row(out, &l.language, &total, &l.total.units, &l.total.words)?;
    }
    Ok(())
}

const BAR: usize = 20;

/// A bar of `BAR` cells: translated in green, fuzzy in yellow, the rest dim.
fn bar(units: &Tally) -> String {
    if units.total == 0 {
        return format!("{GREEN}{}{GREEN:#}", "█".repeat(BAR));
    }
    let cells = |n: usize| (n * BAR + units.total / 2) / units.total;
    let done = cells(units.done());
    let fuzzy = cells(units.done() + units.fuzzy).saturating_sub(done);
    let rest = BAR.saturating_sub(done + fuzzy);
    format!(
        "{GREEN}{}{GREEN:#}{YELLOW}{}{YELLOW:#}{DIM}{}{DIM:#}",
        "█".repeat(done),
        "▒".repeat(fuzzy),
        "░".repeat(rest)
    )
}

fn table(
    out: &mut impl Write,
    languages: &[LanguageStatus],
    minimums: &[(String, f64)],
) -> io::Result<()> {
    let width = languages
        .iter()
        .flat_map(|l| l.issues.iter().map(|i| i.issue.len()))
        .chain(["all issues".len()])
        .max()
        .unwrap_or(0);
    let mut first = true;
    for l in languages {
        if !first {
            writeln!(out)?;
        }
        first = false;
        let min = minimum_of(minimums, &l.language);
        let verdict = match min {
            Some(min) if l.total.units.percent() >= min => {
                format!("  {GREEN}meets its minimum of {min}%{GREEN:#}")
            }
            Some(min) => format!("  {RED}under its minimum of {min}%{RED:#}"),
            None => String::new(),
        };
        writeln!(out, "{BOLD}{}{BOLD:#}{verdict}", l.language)?;
        writeln!(
            out,
            "  {DIM}{:<width$}  {:<BAR$}  {:>5}  {:>9}  {:>5}  {:>5}  {:>11}{DIM:#}",
            "issue", "translated", "", "units", "fuzzy", "todo", "words"
        )?;
        let row = |out: &mut dyn Write, name: &str, units: &Tally, words: &Tally, note: &str| {
            let percent = units.percent();
            let style = match min {
                Some(min) if percent < min => RED,
                _ => Style::new(),
            };
            writeln!(
                out,
                "  {name:<width$}  {}  {style}{:>4.0}%{style:#}  {:>9}  {:>5}  {:>5}  {:>11}{note}",
                bar(units),
                percent.floor(),
                format!("{}/{}", units.done(), units.total),
                units.fuzzy,
                units.untranslated,
                format!("{}/{}", words.done(), words.total),
            )
        };
        for IssueStatus {
            issue,
            counts,
            needs_sync,
        } in &l.issues
        {
            let note = if *needs_sync {
                format!("  {YELLOW}needs verso sync{YELLOW:#}")
            } else {
                String::new()
            };
            row(out, issue, &counts.units, &counts.words, &note)?;
        }
        if l.issues.len() > 1 {
            row(
                out,
                &format!("{BOLD}{:<width$}{BOLD:#}", "all issues"),
                &l.total.units,
                &l.total.words,
                "",
            )?;
        }
    }
    Ok(())
}
