//! `cargo xtask bench`: the release `verso` and its peers side by side on synthetic archives
//! made from the corpus, at several scales.
//!
//! Each scale runs these jobs, in this order, on a fresh archive (see [`archive`]):
//!
//! 1. first sync: every store (or PO file) is created;
//! 2. sync after edits: everything translated (untimed), then the issues with an edit history
//!    move from their first to their last version, in every copy;
//! 3. no-op sync, with verso's cache removed before each run (cold), then kept (warm);
//! 4. status, cold then warm;
//! 5. build: every outlet's translated Markdown (the output directory removed before each run);
//! 6. check: every translated unit, with verso's cache removed before each run (cold), then
//!    kept (warm); verso's findings do not fail the run;
//! 7. import: the French files of step 5 into a fresh workspace of the same English issues.
//!
//! Under the table, cold status and check (which sync with the English first) are compared with
//! each peer doing that whole job: its no-op sync, then its status or check.
//!
//! Preparation (archives, pseudo-translation of every store, the peers' inputs) is untimed and
//! made fast: this program runs in release (a debug `cargo xtask` starts its release build),
//! stores are rewritten in parallel with plain writes (no flush: nothing is at stake).
//!
//! The peers (see [`peers`]) run when their programs are on PATH; the bench installs nothing.
//! A peer whose time at the previous scale predicts more than the budget is skipped, and one
//! still running at the budget is stopped.

mod archive;
mod peers;
pub mod run;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail, ensure};

use run::Outcome;

use crate::{LANGUAGES, read_store, store_files};

pub const USAGE: &str = "\
  bench [--scale 1,10,100] [--corpus DIR] [--budget SECONDS] [--dir DIR] [--no-peers]
                     time the release `verso` and the installed peers on synthetic archives of
                     the corpus's English issues (default: scale 1, corpus
                     ../shared/corpus/xmpp-newsletter, budget 300 s per peer and job; --dir
                     keeps the archives there)";

/// Where verso keeps its cache inside a workspace.
const CACHE_DIR: &str = ".verso";
/// The limit of one verso run.
const VERSO_LIMIT: Duration = Duration::from_secs(3600);

struct Options {
    scales: Vec<usize>,
    corpus: PathBuf,
    budget: Duration,
    dir: Option<PathBuf>,
    peers: bool,
}

fn parse(args: &[String], root: &Path) -> Result<Options> {
    let mut options = Options {
        scales: vec![1],
        corpus: root.join("../shared/corpus/xmpp-newsletter"),
        budget: Duration::from_secs(300),
        dir: None,
        peers: true,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--scale" => {
                options.scales = value()?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().ok().filter(|&n| n > 0))
                    .collect::<Option<Vec<_>>>()
                    .with_context(|| format!("--scale takes numbers above 0\n{USAGE}"))?;
            }
            "--corpus" => options.corpus = PathBuf::from(value()?),
            "--budget" => {
                let seconds: u64 = value()?.parse().context("--budget takes seconds")?;
                options.budget = Duration::from_secs(seconds);
            }
            "--dir" => options.dir = Some(PathBuf::from(value()?)),
            "--no-peers" => options.peers = false,
            _ => bail!("unknown argument {arg}\n{USAGE}"),
        }
    }
    Ok(options)
}

/// What a table cell shows for one tool and job.
#[derive(Clone)]
enum Cell {
    Measured(Outcome),
    /// Not run: the time at the previous scale predicts more than the budget.
    Skipped(String),
    NotInstalled,
    /// The tool has no such job.
    NotApplicable,
}

impl Cell {
    fn time(&self) -> Option<Duration> {
        match self {
            Cell::Measured(Outcome::Done { time, .. }) => Some(*time),
            _ => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Cell::Measured(Outcome::Done {
                time,
                cpu,
                peak_kib,
            }) => format!(
                "{} ({} cpu) {}",
                millis(*time),
                millis(*cpu),
                mib(*peak_kib)
            ),
            Cell::Measured(Outcome::Failed { .. }) => "failed".into(),
            Cell::Measured(Outcome::TimedOut { limit }) => format!(">{} s", limit.as_secs()),
            Cell::Skipped(why) => why.clone(),
            Cell::NotInstalled => "not installed".into(),
            Cell::NotApplicable => "-".into(),
        }
    }
}

fn millis(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

struct Row {
    job: &'static str,
    scale: usize,
    verso: Outcome,
    peers: Vec<Cell>,
}

/// Runs `cargo xtask ARGS` again, built in release (this program is a debug build): preparing
/// the 100x archive (24,000 stores rewritten) takes minutes in release, tens of minutes in debug.
pub fn rerun_in_release(args: &[String], root: &Path) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "run",
            "--release",
            "--locked",
            "--quiet",
            "--package",
            "xtask",
            "--",
        ])
        .args(args)
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    ensure!(
        status.success(),
        "cargo xtask {} (release): {status}",
        args.join(" ")
    );
    Ok(())
}

pub fn main(args: &[String], root: &Path, verso: &Path) -> Result<()> {
    let options = parse(args, root)?;
    let sources = archive::load(&options.corpus)?;
    let peers = if options.peers {
        peers::all()
    } else {
        Vec::new()
    };
    for peer in &peers {
        let missing = peer.missing();
        if !missing.is_empty() {
            eprintln!(
                "{}: not installed (no {} on PATH); README says how to install it",
                peer.name,
                missing.join(", ")
            );
        }
    }
    let temp = tempfile::Builder::new().prefix("verso-bench-").tempdir()?;
    let base = options
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().to_owned());
    let mut bench = Bench {
        verso,
        peers,
        budget: options.budget,
        previous: BTreeMap::new(),
        rows: Vec::new(),
        notes: Vec::new(),
        translated: None,
    };
    for &scale in &options.scales {
        let dir = base.join(format!("x{scale}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        bench.scale(&sources, scale, &dir)?;
        print_table(&bench.rows, &bench.peers, &bench.notes);
    }
    Ok(())
}

struct Bench<'a> {
    verso: &'a Path,
    peers: Vec<peers::Peer>,
    budget: Duration,
    /// (peer, job) -> (scale, time) of its last measured run, to predict the next scale.
    previous: BTreeMap<(usize, &'static str), (usize, Duration)>,
    rows: Vec<Row>,
    notes: Vec<String>,
    /// The translated Markdown the import job reads (`$TR` of the peers' scripts).
    translated: Option<PathBuf>,
}

impl Bench<'_> {
    fn scale(&mut self, sources: &[archive::Source], scale: usize, dir: &Path) -> Result<()> {
        eprintln!("== scale {scale}x in {}", dir.display());
        let ws = dir.join("verso");
        let english = ws.join("en");
        let names = archive::write_first(sources, scale, &english)?;
        std::fs::write(
            ws.join("verso.toml"),
            format!(
                "english = \"en\"\nlanguages = [{}]\nstores = \"{{lang}}/{{issue}}.toml\"\n",
                LANGUAGES.map(|l| format!("\"{l}\"")).join(", ")
            ),
        )?;
        let log = dir.join("run.log");
        // Runs at 100x take minutes each: one is enough to be far above the noise.
        let runs = match scale {
            1 => 5,
            2..=10 => 3,
            _ => 1,
        };
        let load_before = load_average();
        // Peers that can run at this scale (installed, and whose earlier jobs succeeded).
        let mut ready: Vec<bool> = self.peers.iter().map(|p| p.missing().is_empty()).collect();

        // 1. First sync.
        let verso = self.verso_run(&ws, &log, &["sync"], 1, None)?;
        let stores = store_files(&ws)?;
        ensure!(
            stores.len() == names.len() * LANGUAGES.len(),
            "first sync made {} stores, expected {}",
            stores.len(),
            names.len() * LANGUAGES.len()
        );
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "first sync",
            peers::Job::FirstSync,
            &mut ready,
            false,
        )?;
        self.rows.push(Row {
            job: "first sync",
            scale,
            verso,
            peers,
        });
        let units: usize = {
            use rayon::prelude::*;
            stores
                .par_iter()
                .map(|p| read_store(p).map(|s| s.units.len()))
                .sum::<Result<usize>>()?
        };

        // 2. Everything translated, then the real edits.
        let preparing = std::time::Instant::now();
        {
            use rayon::prelude::*;
            stores.par_iter().try_for_each(|path| -> Result<()> {
                let mut store = read_store(path)?;
                for entry in &mut store.units {
                    entry.target = format!("⟦{}⟧", entry.english);
                    entry.state = verso_store::State::Translated;
                }
                // Untimed preparation: a plain write.
                std::fs::write(path, store.to_toml())?;
                Ok(())
            })?;
        }
        for (peer, ready) in self.peers.iter().zip(&ready) {
            if *ready {
                peer.translate(&dir.join(peer.name))?;
            }
        }
        let edited = archive::write_last(sources, scale, &english)?;
        eprintln!(
            "{scale}x: every store and PO file translated, issues edited (untimed) in {:.1} s",
            preparing.elapsed().as_secs_f64()
        );
        let verso = self.verso_run(&ws, &log, &["sync"], 1, None)?;
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "sync after edits",
            peers::Job::Sync,
            &mut ready,
            false,
        )?;
        self.rows.push(Row {
            job: "sync after edits",
            scale,
            verso,
            peers,
        });
        let fuzzy: usize = {
            use rayon::prelude::*;
            stores
                .par_iter()
                .map(|path| {
                    let store = read_store(path)?;
                    let fuzzy = store.units.iter();
                    Ok(fuzzy
                        .filter(|e| e.state == verso_store::State::Fuzzy)
                        .count())
                })
                .sum::<Result<usize>>()?
        };

        // 3. No-op sync, cold then warm; it must not touch a file.
        let before = snapshot(&ws)?;
        let cold = self.verso_run(&ws, &log, &["sync"], runs, Some(&ws.join(CACHE_DIR)))?;
        let warm = self.verso_run(&ws, &log, &["sync"], runs, None)?;
        if let Some(path) = changed(&before, &snapshot(&ws)?) {
            bail!("the no-op sync changed {}", path.display());
        }
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "no-op sync",
            peers::Job::Sync,
            &mut ready,
            true,
        )?;
        self.push_cold_warm(
            ["no-op sync, cold", "no-op sync, warm"],
            scale,
            [cold, warm],
            peers,
        );

        // 4. Status, cold then warm.
        let cold = self.verso_run(&ws, &log, &["status"], runs, Some(&ws.join(CACHE_DIR)))?;
        let warm = self.verso_run(&ws, &log, &["status"], runs, None)?;
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "status",
            peers::Job::Status,
            &mut ready,
            true,
        )?;
        self.push_cold_warm(["status, cold", "status, warm"], scale, [cold, warm], peers);

        // 5. Build: one outlet, every language (set up after the status jobs, which a
        // `[build]` section would not change).
        let config = ws.join("verso.toml");
        let mut text = std::fs::read_to_string(&config)?;
        text.push_str("\n[outlet.site]\npath = \"{lang}/{issue}.md\"\n");
        std::fs::write(&config, text)?;
        let out = ws.join("build");
        let verso = self.verso_run(&ws, &log, &["build"], runs, Some(&out))?;
        let built = LANGUAGES
            .iter()
            .map(|l| std::fs::read_dir(out.join(l)).map(Iterator::count))
            .sum::<std::io::Result<usize>>()?;
        ensure!(
            built == names.len() * LANGUAGES.len(),
            "build wrote {built} files, expected {}",
            names.len() * LANGUAGES.len()
        );
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "build",
            peers::Job::Build,
            &mut ready,
            true,
        )?;
        self.rows.push(Row {
            job: "build",
            scale,
            verso,
            peers,
        });

        // 6. Check, cold then warm (both check and status keep findings in the cache).
        let cold = self.verso_run_status(
            &ws,
            &log,
            &["check"],
            runs,
            Some(&ws.join(CACHE_DIR)),
            &[0, 1],
        )?;
        let warm = self.verso_run_status(&ws, &log, &["check"], runs, None, &[0, 1])?;
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "check",
            peers::Job::Check,
            &mut ready,
            true,
        )?;
        self.push_cold_warm(["check, cold", "check, warm"], scale, [cold, warm], peers);

        // 7. Import the French files just built into a fresh workspace.
        // Its English issues are hard links to the archive's (a workspace reads only inside).
        let import_ws = dir.join("import");
        std::fs::create_dir_all(import_ws.join("en"))?;
        for name in &names {
            let file = format!("{name}.md");
            std::fs::hard_link(english.join(&file), import_ws.join("en").join(&file))?;
        }
        std::fs::write(
            import_ws.join("verso.toml"),
            "english = \"en\"\nlanguages = [\"fr\"]\nstores = \"{lang}/{issue}.toml\"\n",
        )?;
        let translated = out.join("fr");
        let mut files: Vec<String> = std::fs::read_dir(&translated)?
            .map(|e| e.map(|e| e.path().to_string_lossy().into_owned()))
            .collect::<std::io::Result<_>>()?;
        files.sort();
        let mut args = vec!["import", "fr"];
        args.extend(files.iter().map(String::as_str));
        let verso = self.verso_run(&import_ws, &log, &args, runs, Some(&import_ws.join("fr")))?;
        let imported = std::fs::read_dir(import_ws.join("fr"))?.count();
        ensure!(
            imported == files.len(),
            "import made {imported} stores of {} files",
            files.len()
        );
        self.translated = Some(translated);
        let peers = self.peer_jobs(
            dir,
            &english,
            &names,
            scale,
            "import",
            peers::Job::Import,
            &mut ready,
            false,
        )?;
        self.translated = None;
        self.rows.push(Row {
            job: "import (fr)",
            scale,
            verso,
            peers,
        });

        let english_bytes = dir_bytes(&english)?;
        let store_bytes: u64 = stores
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()))
            .sum::<std::io::Result<u64>>()?;
        self.notes.push(format!(
            "{scale}x: {} issues ({:.0} MB), {} stores ({:.0} MB), {} units per language; \
             {edited} issues edited -> {fuzzy} fuzzy entries; verso runs: median of {runs} \
             (first sync and sync after edits: 1); load average {load_before} before, {} after",
            names.len(),
            english_bytes as f64 / 1e6,
            stores.len(),
            store_bytes as f64 / 1e6,
            units / LANGUAGES.len(),
            load_average(),
        ));
        Ok(())
    }

    /// Runs `verso -C WS ARGS` `runs` times (removing `clear` before each run): the median.
    fn verso_run(
        &self,
        ws: &Path,
        log: &Path,
        args: &[&str],
        runs: usize,
        clear: Option<&Path>,
    ) -> Result<Outcome> {
        self.verso_run_status(ws, log, args, runs, clear, &[0])
    }

    /// [`Bench::verso_run`], where any exit status in `ok` is a success.
    /// Adds the rows of a job run cold (verso's cache removed) and warm, against the same
    /// peers (which keep no cache).
    fn push_cold_warm(
        &mut self,
        jobs: [&'static str; 2],
        scale: usize,
        verso: [Outcome; 2],
        peers: Vec<Cell>,
    ) {
        let [cold, warm] = verso;
        self.rows.push(Row {
            job: jobs[0],
            scale,
            verso: cold,
            peers: peers.clone(),
        });
        self.rows.push(Row {
            job: jobs[1],
            scale,
            verso: warm,
            peers,
        });
    }

    fn verso_run_status(
        &self,
        ws: &Path,
        log: &Path,
        args: &[&str],
        runs: usize,
        clear: Option<&Path>,
        ok: &[i32],
    ) -> Result<Outcome> {
        let mut outcomes = Vec::new();
        for _ in 0..runs {
            if let Some(clear) = clear
                && clear.exists()
            {
                std::fs::remove_dir_all(clear)?;
            }
            let mut command = Command::new(self.verso);
            command.arg("-C").arg(ws).args(args);
            match run::measure_with(command, log, VERSO_LIMIT, ok)? {
                Outcome::Failed { message } => {
                    let shown: Vec<&str> = args.iter().take(4).copied().collect();
                    let more = if args.len() > 4 { " ..." } else { "" };
                    bail!("verso {}{more} failed: {message}", shown.join(" "))
                }
                outcome => outcomes.push(outcome),
            }
        }
        Ok(median(outcomes))
    }

    /// Runs `job` for every peer that is ready, once (or up to three times when `repeatable`
    /// and quick).
    #[allow(clippy::too_many_arguments)]
    fn peer_jobs(
        &mut self,
        dir: &Path,
        english: &Path,
        names: &[String],
        scale: usize,
        label: &'static str,
        job: peers::Job,
        ready: &mut [bool],
        repeatable: bool,
    ) -> Result<Vec<Cell>> {
        let mut cells = Vec::new();
        for (index, peer) in self.peers.iter().enumerate() {
            let Some(script) = peer.script(job) else {
                cells.push(Cell::NotApplicable);
                continue;
            };
            if !peer.missing().is_empty() {
                cells.push(Cell::NotInstalled);
                continue;
            }
            if !ready[index] {
                cells.push(Cell::Skipped("skipped".into()));
                continue;
            }
            if let Some(&(at, time)) = self.previous.get(&(index, label)) {
                let estimate = time.mul_f64(scale as f64 / at as f64);
                if estimate > self.budget {
                    cells.push(Cell::Skipped(format!(
                        "~{:.0} s est.",
                        estimate.as_secs_f64()
                    )));
                    ready[index] = false;
                    continue;
                }
            }
            let peer_dir = dir.join(peer.name);
            let log = peer_dir.join("run.log");
            let mut outcomes = Vec::new();
            let mut spent = Duration::ZERO;
            while outcomes.len() < if repeatable { 3 } else { 1 } {
                peer.prepare(&peer_dir, english, names)?;
                let mut command = Command::new("sh");
                command
                    .args(["-e", "-c", script])
                    .current_dir(&peer_dir)
                    .env("EN", english)
                    .env("TR", self.translated.as_deref().unwrap_or(Path::new("")))
                    .env("LANGS", LANGUAGES.join(" "));
                let outcome = run::measure(command, &log, self.budget)?;
                let Outcome::Done { time, .. } = outcome else {
                    outcomes.push(outcome);
                    break;
                };
                spent += time;
                outcomes.push(outcome);
                if spent > Duration::from_secs(2) {
                    break;
                }
            }
            let outcome = median(outcomes);
            match &outcome {
                Outcome::Done { time, .. } => {
                    self.previous.insert((index, label), (scale, *time));
                }
                Outcome::Failed { message } => {
                    eprintln!("{} ({label}, {scale}x) failed: {message}", peer.name);
                    ready[index] = false;
                }
                Outcome::TimedOut { .. } => ready[index] = false,
            }
            cells.push(Cell::Measured(outcome));
        }
        Ok(cells)
    }
}

/// The median run (by time) of successful runs, or the first failure.
fn median(mut outcomes: Vec<Outcome>) -> Outcome {
    if let Some(bad) = outcomes.iter().find(|o| !matches!(o, Outcome::Done { .. })) {
        return bad.clone();
    }
    let peak = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Done { peak_kib, .. } => *peak_kib,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    outcomes.sort_by_key(|o| match o {
        Outcome::Done { time, .. } => *time,
        _ => Duration::ZERO,
    });
    match outcomes.swap_remove(outcomes.len() / 2) {
        Outcome::Done { time, cpu, .. } => Outcome::Done {
            time,
            cpu,
            peak_kib: peak,
        },
        other => other,
    }
}

fn print_table(rows: &[Row], peers: &[peers::Peer], notes: &[String]) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, m)| m.trim().to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mut header = vec![
        "job".to_string(),
        "scale".into(),
        "verso".into(),
        "verso cpu".into(),
        "verso RSS".into(),
    ];
    header.extend(peers.iter().map(|p| p.name.to_string()));
    header.push("fastest peer / verso".into());
    let mut table = vec![header];
    for row in rows {
        let (time, cpu, rss) = match &row.verso {
            Outcome::Done {
                time,
                cpu,
                peak_kib,
            } => (millis(*time), millis(*cpu), mib(*peak_kib)),
            other => (
                Cell::Measured(other.clone()).show(),
                String::new(),
                String::new(),
            ),
        };
        let mut line = vec![
            row.job.to_string(),
            format!("{}x", row.scale),
            time,
            cpu,
            rss,
        ];
        line.extend(row.peers.iter().map(Cell::show));
        let fastest = row.peers.iter().filter_map(Cell::time).min();
        let ratio = match (fastest, Cell::Measured(row.verso.clone()).time()) {
            (Some(peer), Some(verso)) => {
                let ratio = ratio(peer, verso);
                let verdict = if ratio >= 10.0 { "ok" } else { "< 10x" };
                format!("{ratio:.1}x {verdict}")
            }
            _ => "no peer".into(),
        };
        line.push(ratio);
        table.push(line);
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!();
    println!("machine: nproc {cpus}, {model}");
    for (i, line) in table.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, width))| {
                if c < 2 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        println!("| {} |", cells.join(" | "));
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
    for note in notes {
        println!("{note}");
    }
    println!("{LEGEND}");
    let whole = whole_jobs(rows);
    if !whole.is_empty() {
        println!("{WHOLE_JOBS}");
        for line in whole {
            println!("  {line}");
        }
    }
}

/// How many times faster verso is than a peer.
fn ratio(peer: Duration, verso: Duration) -> f64 {
    peer.as_secs_f64() / verso.as_secs_f64()
}

/// Heads the lines of [`whole_jobs`], under the table, whose verdicts stay as they are.
const WHOLE_JOBS: &str = "\
whole jobs: a cold status or check syncs with the English before it counts or checks; a peer
doing that too runs its no-op sync, then its status or check (fastest such pair / verso):";

/// Cold `status` and `check` bring every store up to date with the English before they count or
/// check; the peers' `status` and `check` read their PO files as they are. One line per such
/// row that some peer also did whole: the fastest peer's no-op sync plus its status or check,
/// at the same scale, over verso's time.
fn whole_jobs(rows: &[Row]) -> Vec<String> {
    let mut lines = Vec::new();
    for row in rows
        .iter()
        .filter(|r| matches!(r.job, "status, cold" | "check, cold"))
    {
        let sync = rows
            .iter()
            .find(|r| r.job == "no-op sync, cold" && r.scale == row.scale);
        let verso = Cell::Measured(row.verso.clone()).time();
        let (Some(sync), Some(verso)) = (sync, verso) else {
            continue;
        };
        let fastest = row
            .peers
            .iter()
            .zip(&sync.peers)
            .filter_map(|(job, sync)| Some(job.time()? + sync.time()?))
            .min();
        if let Some(peer) = fastest {
            let ratio = ratio(peer, verso);
            lines.push(format!(
                "{} {}x: {} / {} = {ratio:.1}x",
                row.job,
                row.scale,
                millis(peer),
                millis(verso)
            ));
        }
    }
    lines
}

/// What each peer column runs for each job (`peers.rs` has the scripts).
const LEGEND: &str = "\
peers: first sync / sync: mdbook-xgettext then msginit / msgmerge per language | md2po then
pot2po per language | po4a --no-translations. status: msgfmt --statistics | pocount | -.
build: - (mdbook-gettext panics on msginit's PO headers) | po2md per language |
po4a --no-update --keep 0. check: msgfmt -c per language | pofilter | -. import (the French
files verso built): - | md2po -t per issue | po4a-gettextize per issue. A ratio is the fastest
peer's wall time over verso's; \"ok\" when verso is at least 10 times faster.";

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn dir_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        total += entry?.metadata()?.len();
    }
    Ok(total)
}

/// Every file under `dir` (verso's cache aside) with its modification time and size.
fn snapshot(dir: &Path) -> Result<BTreeMap<PathBuf, (SystemTime, u64)>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if entry.file_name() != CACHE_DIR {
                    pending.push(path);
                }
            } else {
                let metadata = entry.metadata()?;
                files.insert(path, (metadata.modified()?, metadata.len()));
            }
        }
    }
    Ok(files)
}

/// A file that differs between two snapshots (added, removed or changed).
fn changed<'a>(
    before: &'a BTreeMap<PathBuf, (SystemTime, u64)>,
    after: &'a BTreeMap<PathBuf, (SystemTime, u64)>,
) -> Option<&'a Path> {
    before
        .keys()
        .chain(after.keys())
        .find(|p| before.get(*p) != after.get(*p))
        .map(PathBuf::as_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(millis: u64) -> Outcome {
        Outcome::Done {
            time: Duration::from_millis(millis),
            cpu: Duration::from_millis(millis),
            peak_kib: 1024,
        }
    }

    fn done(millis: u64) -> Cell {
        Cell::Measured(finished(millis))
    }

    fn row(job: &'static str, verso: u64, peers: Vec<Cell>) -> Row {
        Row {
            job,
            scale: 10,
            verso: finished(verso),
            peers,
        }
    }

    #[test]
    fn a_whole_job_adds_each_peers_sync_to_its_own_status() {
        let rows = [
            row(
                "no-op sync, cold",
                300,
                vec![done(3000), done(40_000), done(20_000)],
            ),
            // The second peer's status is faster, but its sync is not.
            row(
                "status, cold",
                400,
                vec![done(1000), done(900), Cell::NotApplicable],
            ),
            row(
                "check, cold",
                400,
                vec![Cell::NotInstalled, done(8000), Cell::NotApplicable],
            ),
            row(
                "status, warm",
                30,
                vec![done(1000), done(900), Cell::NotApplicable],
            ),
        ];
        assert_eq!(
            whole_jobs(&rows),
            [
                "status, cold 10x: 4000 ms / 400 ms = 10.0x",
                "check, cold 10x: 48000 ms / 400 ms = 120.0x",
            ]
        );
        // Without the sync row there is nothing to add.
        assert!(whole_jobs(&rows[1..]).is_empty());
    }
}
