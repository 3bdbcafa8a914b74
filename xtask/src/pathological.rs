//! `cargo xtask bench --pathological`: times the release `verso segment` on generated inputs
//! that once cost quadratic time or memory (wide tables, deep nesting, long lines, many units),
//! each at 1x, 10x and 100x its base size, so that growth is plain to see: linear growth
//! shows as about 10 times the time and memory (beyond the process's fixed cost) per step.
//! Time is CPU time (user + system), which other processes on a shared machine do not change.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, bail};

/// One kind of hostile input: its name, what it is, and its text at a given multiple of its
/// base size.
struct Case {
    name: &'static str,
    what: &'static str,
    make: fn(usize) -> String,
}

const CASES: [Case; 10] = [
    Case {
        name: "wide-table",
        what: "3 rows of 8,000 columns per 1x (48 KB)",
        make: |n| {
            let columns = 8_000 * n;
            format!(
                "{}\n{}\n{}\n",
                "a|".repeat(columns),
                "-|".repeat(columns),
                "b|".repeat(columns)
            )
        },
    },
    Case {
        name: "nested-quotes",
        what: "one line of 10,000 `>` per 1x",
        make: |n| format!("{} deep\n", ">".repeat(10_000 * n)),
    },
    Case {
        name: "quote-ladder",
        what: "1,000 lines of up to 100 `>` each, per 1x",
        make: |n| {
            (0..1_000 * n)
                .map(|i| format!("{} line {i}\n", ">".repeat(1 + i % 100)))
                .collect()
        },
    },
    Case {
        name: "nested-lists",
        what: "one line of 5,000 `- ` per 1x",
        make: |n| format!("{}deep\n", "- ".repeat(5_000 * n)),
    },
    Case {
        name: "nested-images",
        what: "2,000 images nested in each other's alt text per 1x",
        make: |n| {
            let depth = 2_000 * n;
            format!("{}alt{}\n", "![".repeat(depth), "](/i.png)".repeat(depth))
        },
    },
    Case {
        name: "long-line",
        what: "one paragraph line of 10,000 words per 1x",
        make: |n| format!("{}\n", "word ".repeat(10_000 * n)),
    },
    Case {
        name: "many-lines",
        what: "one paragraph of 5,000 lines per 1x",
        make: |n| "a line of the paragraph\n".repeat(5_000 * n),
    },
    Case {
        name: "many-units",
        what: "5,000 paragraphs per 1x",
        make: |n| {
            (0..5_000 * n)
                .map(|i| format!("Paragraph number {i}.\n\n"))
                .collect()
        },
    },
    Case {
        name: "lone-cr-units",
        what: "2,500 list items, each before a fence-like line, lone CR endings, an LF every 1,000 items, per 1x",
        // pulldown-cmark 0.13.6 reads each fence's info string up to the next `\n`, past lone
        // CRs (pulldown-cmark#1106), so its time is quadratic in a stretch without `\n`;
        // verso refuses a stretch over `verso_segment::LONE_CR_STRETCH_LIMIT` (256 KiB) and
        // this case's stretches (~39 KB) stay under it: growth must be linear, and verso's
        // lone-CR bookkeeping must not cost a scan per unit.
        make: |n| {
            (0..2_500 * n)
                .map(|i| {
                    let end = if i % 1_000 == 999 { "\n" } else { "\r" };
                    format!("- item number {i} `x`\r\r```\rcode {i}`\r{end}")
                })
                .collect()
        },
    },
    Case {
        name: "tall-table",
        what: "a table of 2,000 rows of 4 cells per 1x",
        make: |n| {
            let mut s = String::from("| a | b | c | d |\n|---|---|---|---|\n");
            for i in 0..2_000 * n {
                s.push_str(&format!("| x{i} | y \\| z | ![alt](/i.png \"t\") | w |\n"));
            }
            s
        },
    },
];

const SIZES: [usize; 3] = [1, 10, 100];

pub fn run(verso: &Path) -> Result<()> {
    let temp = tempfile::Builder::new()
        .prefix("verso-pathological-")
        .tempdir()?;
    println!();
    println!(
        "{:14}  {:>4}  {:>10}  {:>10}  {:>12}  {:>7}  details",
        "input", "size", "bytes", "CPU ms", "peak RSS MiB", "x time"
    );
    for case in &CASES {
        let mut previous: Option<Duration> = None;
        for size in SIZES {
            let path = temp.path().join(format!("{}-{size}x.md", case.name));
            let text = (case.make)(size);
            std::fs::write(&path, &text)?;
            let (time, peak_kib) = segment(verso, &path)?;
            let growth = previous.map_or_else(String::new, |p| {
                format!("{:.1}", time.as_secs_f64() / p.as_secs_f64().max(1e-6))
            });
            previous = Some(time);
            println!(
                "{:14}  {:>3}x  {:>10}  {:>10.1}  {:>12}  {:>7}  {}",
                case.name,
                size,
                text.len(),
                time.as_secs_f64() * 1000.0,
                peak_kib.map_or_else(|| "n/a".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
                growth,
                case.what
            );
            std::fs::remove_file(&path)?;
        }
    }
    println!("(x time: the time over the time of the size before; linear is about 10)");
    Ok(())
}

/// Runs `verso segment --format json PATH` twice, its output discarded: the smaller CPU time
/// (user + system; wall time where it cannot be measured) and its peak RSS.
fn segment(verso: &Path, path: &Path) -> Result<(Duration, Option<u64>)> {
    let mut best: Option<(Duration, Option<u64>)> = None;
    for _ in 0..2 {
        let start = std::time::Instant::now();
        let child = std::process::Command::new(verso)
            .args(["segment", "--format", "json"])
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()?;
        let exit = crate::wait(child)?;
        let time = exit.cpu.unwrap_or_else(|| start.elapsed());
        if !exit.success {
            bail!("verso segment {} failed", path.display());
        }
        if best.is_none_or(|(t, _)| time < t) {
            best = Some((time, exit.peak_kib));
        }
    }
    Ok(best.expect("two runs"))
}
