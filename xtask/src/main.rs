//! Developer tasks: `cargo xtask ci` runs what CI runs; `cargo xtask bench` times the tool on
//! the real corpus (`--pathological`: on generated hostile inputs; `--scale`: beside its peers
//! on archives made from the corpus, `bench.rs`); `cargo xtask fuzz` checks
//! segmentation's promises on mutated and generated documents; `cargo xtask man` writes the man
//! page.

mod bench;
mod fuzz;
mod man;
mod pathological;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail, ensure};

fn usage() -> String {
    format!("{USAGE}\n{}", bench::USAGE)
}

pub(crate) const USAGE: &str = "\
usage: cargo xtask <ci|bench|fuzz|man>
  ci                 formatting, lints, the whole test suite, then a short fuzz run
  man                the man page, written to target/man/verso.1
  bench [CORPUS]     time the release `verso` (sync, status, build) on the 80 English issues
                     (default CORPUS: ../shared/corpus/xmpp-newsletter next to the repository)
  bench --pathological
                     time the release `verso segment` on hostile inputs at 1x, 10x, 100x
  fuzz [--cases N] [--seconds S] [--seed S] [--corpus DIR] | fuzz --replay CASE.md
                     check segmentation on mutated corpus files and generated Markdown;
                     failures are minimized into crates/segment/tests/fuzz-regressions/";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["ci"] => ci(),
        [bench::run::LAUNCH, ..] => bench::run::launch(&args[1..]),
        ["man"] => man::man().map(drop),
        ["bench", "--pathological"] => pathological::run(&release_verso()?),
        ["fuzz", ..] => fuzz::main(&args[1..]),
        ["bench"] => bench_corpus(&root().join("../shared/corpus/xmpp-newsletter")),
        ["bench", corpus] if !corpus.starts_with("--") => bench_corpus(Path::new(corpus)),
        // The preparation of the large archives is slow in a debug build: run in release.
        ["bench", ..] if cfg!(debug_assertions) => bench::rerun_in_release(&args, &root()),
        ["bench", ..] => bench::main(&args[1..], &root(), &release_verso()?),
        _ => {
            eprintln!("{}", usage());
            std::process::exit(2);
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `cargo` with `args` in the workspace root, failing when it fails.
fn cargo(args: &[&str]) -> Result<()> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Formatting, lints, then every test of the workspace.
fn ci() -> Result<()> {
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace", "--locked"])?;
    // The test harness hides what passing tests print, so say it here.
    let corpus = root().join("../shared/corpus/xmpp-newsletter");
    if !corpus.join("en").is_dir() {
        eprintln!(
            "SKIPPED: the corpus tests found no corpus at {}; they passed without checking it",
            corpus.display()
        );
    }
    // A fixed seed, so that CI is reproducible; the time bound keeps it short on slow machines.
    fuzz::main(&["--seed".into(), "1".into(), "--seconds".into(), "40".into()])
}

pub(crate) const LANGUAGES: [&str; 3] = ["fr", "de", "it"];
const RUNS: usize = 5;
/// How many English issues step d edits, and the word it appends to their paragraphs.
const EDITED_ISSUES: usize = 10;
const APPENDED: &str = " indeed";

/// One timed step of the benchmark.
struct Row {
    step: String,
    runs: usize,
    median: Duration,
    /// Largest peak resident set size of the runs, in KiB (None where it cannot be measured).
    peak_kib: Option<u64>,
    facts: String,
}

/// Times the release binary on a workspace of the corpus's English issues in three languages.
fn bench_corpus(corpus: &Path) -> Result<()> {
    let english = corpus.join("en");
    ensure!(
        english.is_dir(),
        "the corpus is not at {}: no en/ directory there; pass its path: cargo xtask bench CORPUS",
        corpus.display()
    );
    let verso = release_verso()?;

    let temp = tempfile::Builder::new().prefix("verso-bench-").tempdir()?;
    let ws = temp.path().join("ws");
    std::fs::create_dir_all(ws.join("en"))?;
    // The example workspace's outlets and Fluent files, for `verso build`.
    let example = std::fs::read_to_string(root().join("verso.toml"))?;
    let outlets = &example[example
        .find("\n[translators]")
        .context("the example verso.toml has no [translators]")?..];
    std::fs::write(
        ws.join("verso.toml"),
        format!(
            "english = \"en\"\nlanguages = [\"fr\", \"de\", \"it\"]\nstores = \"{{lang}}/{{issue}}.toml\"\n{outlets}"
        ),
    )?;
    copy_dir(&root().join("l10n"), &ws.join("l10n"))?;
    let mut issues = Vec::new();
    for entry in std::fs::read_dir(&english)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") && path.is_file() {
            std::fs::copy(&path, ws.join("en").join(path.file_name().unwrap()))?;
            issues.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    issues.sort();
    ensure!(!issues.is_empty(), "no .md file in {}", english.display());
    let stderr_log = temp.path().join("stderr.log");
    let bench = Bench {
        verso: &verso,
        ws: &ws,
        stderr_log: &stderr_log,
    };
    let mut rows = Vec::new();

    // a. First sync: every store is created.
    let (time, rss) = bench.run(&["sync"])?;
    let stores = store_files(&ws)?;
    ensure!(
        stores.len() == issues.len() * LANGUAGES.len(),
        "first sync made {} stores, expected {}",
        stores.len(),
        issues.len() * LANGUAGES.len()
    );
    let entries: usize = stores
        .iter()
        .map(|p| read_store(p).map(|s| s.units.len()))
        .sum::<Result<usize>>()?;
    let store_facts = format!(
        "{} issues, {} stores, {} units per language",
        issues.len(),
        stores.len(),
        entries / LANGUAGES.len()
    );
    rows.push(Row {
        step: "a. first sync (creates every store)".into(),
        runs: 1,
        median: time,
        peak_kib: rss,
        facts: store_facts.clone(),
    });

    // b. Status, as JSON.
    rows.push(bench.repeat(
        "b. status --format json",
        &["status", "--format", "json"],
        || Ok(store_facts.clone()),
    )?);

    // c. A sync with nothing to do writes nothing.
    let before = snapshot(&ws)?;
    rows.push(bench.repeat("c. no-op sync", &["sync"], || {
        let after = snapshot(&ws)?;
        if let Some(path) = changed(&before, &after) {
            bail!("the no-op sync changed {}", path.display());
        }
        Ok(format!(
            "{} files checked unchanged (mtime, bytes)",
            after.len()
        ))
    })?);

    // d. Everything translated, then 10 English issues edited: the fuzzy path.
    for path in &stores {
        let mut store = read_store(path)?;
        for entry in &mut store.units {
            entry.target = format!("⟦{}⟧", entry.english);
            entry.state = verso_store::State::Translated;
        }
        store.write(path)?;
    }
    let step = (issues.len() / EDITED_ISSUES).max(1);
    let mut edited = 0;
    for issue in issues.iter().step_by(step).take(EDITED_ISSUES) {
        edited += append_word(&ws.join("en").join(format!("{issue}.md")))?;
    }
    let (time, rss) = bench.run(&["sync"])?;
    let mut fuzzy = 0;
    for path in &stores {
        let store = read_store(path)?;
        fuzzy += store
            .units
            .iter()
            .filter(|e| e.state == verso_store::State::Fuzzy)
            .count();
    }
    ensure!(
        fuzzy == edited * LANGUAGES.len(),
        "after editing {edited} paragraphs, {fuzzy} entries are fuzzy, expected {}",
        edited * LANGUAGES.len()
    );
    rows.push(Row {
        step: "d. sync after edits (fuzzy path)".into(),
        runs: 1,
        median: time,
        peak_kib: rss,
        facts: format!(
            "all translated; {edited} paragraphs of {EDITED_ISSUES} issues edited -> {fuzzy} fuzzy"
        ),
    });

    // e. Status again, on translated stores.
    rows.push(bench.repeat(
        "e. status --format json",
        &["status", "--format", "json"],
        || Ok(format!("{fuzzy} fuzzy, the rest translated")),
    )?);

    // f. Every issue, language and outlet built, on the translated stores: first writing every
    // file, then again with every file up to date (nothing written).
    let outputs = ws.join("build");
    let count_outputs = || -> Result<usize> {
        let mut files = 0;
        let mut stack = vec![outputs.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    files += 1;
                }
            }
        }
        let expected = issues.len() * (LANGUAGES.len() + 3);
        ensure!(
            files == expected,
            "build wrote {files} Markdown files, expected {expected}"
        );
        Ok(files)
    };
    let (time, rss) = bench.run(&["build"])?;
    let files = count_outputs()?;
    rows.push(Row {
        step: "f. build (every outlet, writes all)".into(),
        runs: 1,
        median: time,
        peak_kib: rss,
        facts: format!("{files} outputs: xmpp-org x 3 languages, linuxfr, anoxinon, nicfab"),
    });
    rows.push(
        bench.repeat("f. build again (all up to date)", &["build"], || {
            Ok(format!("{} outputs built, none written", count_outputs()?))
        })?,
    );

    // g. Import the whole archive of real translations, one command per language, into a
    // fresh workspace of the same English issues.
    let import_ws = temp.path().join("import");
    std::fs::create_dir_all(&import_ws)?;
    std::fs::write(
        import_ws.join("verso.toml"),
        "english = \"../ws/en\"\nlanguages = [\"fr\", \"de\", \"it\"]\nstores = \"{lang}/{issue}.toml\"\n",
    )?;
    let importer = Bench {
        verso: &verso,
        ws: &import_ws,
        stderr_log: &stderr_log,
    };
    let mut imported_files = 0;
    let mut total = Duration::ZERO;
    let mut peak = None;
    for language in ["de", "fr", "it", "es", "pt-br"] {
        let dir = corpus.join(language);
        let mut files: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "md") {
                files.push(path.to_string_lossy().into_owned());
            }
        }
        files.sort();
        let mut args = vec!["import", language, "--add-language"];
        args.extend(files.iter().map(String::as_str));
        let (time, rss) = importer.run(&args)?;
        imported_files += files.len();
        total += time;
        peak = peak.max(rss);
    }
    let mut imported_stores = 0;
    for language in ["de", "fr", "it", "es", "pt-br"] {
        imported_stores += std::fs::read_dir(import_ws.join(language))?.count();
    }
    ensure!(
        imported_stores == imported_files,
        "importing {imported_files} files made {imported_stores} stores"
    );
    rows.push(Row {
        step: "g. import the archive (5 commands)".into(),
        runs: 1,
        median: total,
        peak_kib: peak,
        facts: format!(
            "{imported_files} translated files of 5 languages -> {imported_stores} stores"
        ),
    });

    // h. Check every translated unit of the archive, with the repository's glossaries.
    copy_glossary(&ws)?;
    let report = temp.path().join("check.json");
    rows.push(bench.repeat(
        "h. check --format json",
        &["check", "--format", "json"],
        || {
            let out = Command::new(&verso)
                .arg("-C")
                .arg(&ws)
                .args(["check", "--format", "json"])
                .output()?;
            std::fs::write(&report, &out.stdout)?;
            let json: serde_json::Value = serde_json::from_slice(&out.stdout)
                .context("verso check --format json printed no JSON")?;
            Ok(format!(
                "{} units checked: {} errors, {} warnings",
                entries, json["errors"], json["warnings"]
            ))
        },
    )?);

    print_table(&rows);
    if std::env::var_os("XTASK_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        eprintln!(
            "kept the benchmark workspace in {}",
            kept.join("ws").display()
        );
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// Builds the release `verso`; its path.
fn release_verso() -> Result<PathBuf> {
    cargo(&["build", "--release", "--locked", "-p", "verso"])?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let verso = target.join("release/verso");
    ensure!(verso.is_file(), "no binary at {}", verso.display());
    Ok(verso)
}

/// Runs the release binary in the benchmark workspace.
struct Bench<'a> {
    verso: &'a Path,
    ws: &'a Path,
    stderr_log: &'a Path,
}

impl Bench<'_> {
    /// Runs `verso -C WS ARGS` once, its output discarded: wall time and peak RSS.
    fn run(&self, args: &[&str]) -> Result<(Duration, Option<u64>)> {
        let log = std::fs::File::create(self.stderr_log)?;
        let start = Instant::now();
        let child = Command::new(self.verso)
            .arg("-C")
            .arg(self.ws)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot run {}", self.verso.display()))?;
        let Exit {
            success, peak_kib, ..
        } = wait(child)?;
        let time = start.elapsed();
        if !success {
            let stderr = std::fs::read_to_string(self.stderr_log).unwrap_or_default();
            bail!("verso {} failed:\n{stderr}", args.join(" "));
        }
        Ok((time, peak_kib))
    }

    /// Runs a repeatable step `RUNS` times, checking after each run; the median time.
    fn repeat(
        &self,
        step: &str,
        args: &[&str],
        mut check: impl FnMut() -> Result<String>,
    ) -> Result<Row> {
        let mut times = Vec::new();
        let mut peak_kib = None;
        let mut facts = String::new();
        for _ in 0..RUNS {
            let (time, rss) = self.run(args)?;
            times.push(time);
            peak_kib = peak_kib.max(rss);
            facts = check()?;
        }
        times.sort();
        Ok(Row {
            step: step.into(),
            runs: RUNS,
            median: times[RUNS / 2],
            peak_kib,
            facts,
        })
    }
}

/// How a child process ended and what it used.
pub(crate) struct Exit {
    pub success: bool,
    /// Peak resident set size in KiB, where it can be measured.
    pub peak_kib: Option<u64>,
    /// User plus system CPU time, where it can be measured.
    pub cpu: Option<Duration>,
}

/// Waits for the child: whether it succeeded, its peak resident set size and CPU time.
#[allow(unsafe_code)]
#[cfg(target_os = "linux")]
pub(crate) fn wait(child: std::process::Child) -> Result<Exit> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet reaped (std only reaps on wait); the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        return Err(std::io::Error::last_os_error()).context("wait4");
    }
    // Reaped: the Child must not wait again; dropping it only closes its handles.
    drop(child);
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Exit {
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        // On Linux ru_maxrss is in KiB.
        peak_kib: Some(usage.ru_maxrss as u64),
        cpu: Some(seconds(usage.ru_utime) + seconds(usage.ru_stime)),
    })
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn wait(mut child: std::process::Child) -> Result<Exit> {
    Ok(Exit {
        success: child.wait()?.success(),
        peak_kib: None,
        cpu: None,
    })
}

/// Copies the repository's `glossary/` into the benchmark workspace.
fn copy_glossary(ws: &Path) -> Result<()> {
    let dir = ws.join("glossary");
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(root().join("glossary"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap()))?;
        }
    }
    Ok(())
}

/// The store files of the workspace (`LANG/*.toml`), sorted.
pub(crate) fn store_files(ws: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for lang in LANGUAGES {
        let dir = ws.join(lang);
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

pub(crate) fn read_store(path: &Path) -> Result<verso_store::Store> {
    verso_store::Store::read(path)?.with_context(|| format!("{} vanished", path.display()))
}

/// Every file under `dir` with its modification time and bytes.
fn snapshot(dir: &Path) -> Result<BTreeMap<PathBuf, (SystemTime, Vec<u8>)>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                let modified = entry.metadata()?.modified()?;
                files.insert(path.clone(), (modified, std::fs::read(&path)?));
            }
        }
    }
    Ok(files)
}

/// A file that differs between two snapshots (added, removed or changed).
fn changed<'a>(
    before: &'a BTreeMap<PathBuf, (SystemTime, Vec<u8>)>,
    after: &'a BTreeMap<PathBuf, (SystemTime, Vec<u8>)>,
) -> Option<&'a Path> {
    let paths: HashSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .find(|p| before.get(*p) != after.get(*p))
        .map(PathBuf::as_path)
}

/// Appends a word to every third paragraph of eight words or more (long enough that the edit
/// stays above the fuzzy threshold); returns how many were edited.
fn append_word(path: &Path) -> Result<usize> {
    let document = verso_segment::Document::read(path, &verso_segment::Options::default())?;
    let mut edited = HashSet::new();
    let long = document
        .units()
        .iter()
        .filter(|u| u.kind == verso_segment::Kind::Paragraph && u.words() >= 8);
    for unit in long.step_by(3) {
        edited.insert(unit.id.clone());
    }
    let text = document.reassemble_with(|unit| {
        edited
            .contains(&unit.id)
            .then(|| format!("{}{APPENDED}", unit.text).into())
    })?;
    std::fs::write(path, text)?;
    Ok(edited.len())
}

fn print_table(rows: &[Row]) {
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
    println!();
    println!("machine: nproc {cpus}, {model}");
    let width = rows.iter().map(|r| r.step.len()).max().unwrap_or(0);
    println!(
        "{:width$}  {:>4}  {:>10}  {:>13}  details",
        "step", "runs", "median ms", "peak RSS MiB"
    );
    for row in rows {
        let rss = row.peak_kib.map_or_else(
            || "n/a".to_string(),
            |k| format!("{:.1}", k as f64 / 1024.0),
        );
        println!(
            "{:width$}  {:>4}  {:>10.1}  {:>13}  {}",
            row.step,
            row.runs,
            row.median.as_secs_f64() * 1000.0,
            rss,
            row.facts
        );
    }
}
