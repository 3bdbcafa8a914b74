//! `cargo xtask fuzz [--cases N] [--seconds S] [--seed S] [--corpus DIR]`: checks the promises
//! of segmentation (see `crates/segment/tests/oracle`) on documents made from a seed: windows
//! of the real corpus files, mutated, and generated Markdown (nested lists and quotes, tables
//! with escapes, HTML, footnotes, setext headings, reference links, shortcodes, front matter in
//! every style, CRLF and CR, a BOM, deep nesting, long lines), each translated with a generated
//! addition (backslashes, pipes, quotes, new lines, markup).
//!
//! It runs on stable Rust with no fuzzing engine: a small deterministic generator (SplitMix64)
//! makes case `i` of seed `s` the same on every machine. A failing case (a panic included) is
//! minimized by dropping lines, then characters, while the same check still fails, and saved
//! as `crates/segment/tests/fuzz-regressions/NAME.md` (with `NAME.extra`, the addition), which
//! the segment tests replay.

#[path = "../../crates/segment/tests/oracle/mod.rs"]
mod oracle;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A failing run stops saving cases after this many.
const MAX_FAILURES: usize = 5;

/// SplitMix64: tiny, fast and good enough to pick among choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True once in `n` times.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Args {
    cases: Option<u64>,
    seconds: Option<u64>,
    seed: u64,
    /// None where the corpus is absent.
    corpus: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let mut parsed = Args {
        cases: None,
        seconds: None,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        corpus: None,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .with_context(|| format!("{flag} {value}: not a whole number"))
        };
        match flag.as_str() {
            "--cases" => parsed.cases = Some(number()?),
            "--seconds" => parsed.seconds = Some(number()?),
            "--seed" => parsed.seed = number()?,
            "--corpus" => parsed.corpus = Some(PathBuf::from(value)),
            _ => bail!("unknown fuzz option {flag}\n{}", crate::USAGE),
        }
    }
    if parsed.corpus.is_none() {
        // Prints `SKIPPED: …` when the corpus is absent.
        parsed.corpus = verso_testkit::corpus();
    }
    if parsed.cases.is_none() && parsed.seconds.is_none() {
        parsed.cases = Some(10_000);
    }
    Ok(parsed)
}

pub fn main(args: &[String]) -> Result<()> {
    if let [flag, path] = args
        && flag == "--replay"
    {
        return replay(Path::new(path));
    }
    let args = parse_args(args)?;
    let corpus = args.corpus.as_deref().map(corpus_files).unwrap_or_default();
    if corpus.is_empty() {
        eprintln!("SKIPPED: no corpus files; fuzzing generated Markdown only");
    }
    let limit = match (args.cases, args.seconds) {
        (Some(n), Some(s)) => format!("{n} cases or {s} s"),
        (Some(n), None) => format!("{n} cases"),
        (None, Some(s)) => format!("{s} s"),
        (None, None) => unreachable!("a default is set"),
    };
    eprintln!(
        "fuzz: seed {}, {limit}, {} corpus files",
        args.seed,
        corpus.len()
    );
    // Panics are failures to report, not noise on stderr.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let start = Instant::now();
    let deadline = args.seconds.map(|s| start + Duration::from_secs(s));
    let mut seeds = Rng(args.seed);
    let mut cases = 0u64;
    let mut failures = Vec::new();
    let mut next_report = Instant::now() + Duration::from_secs(60);
    while args.cases.is_none_or(|n| cases < n) && deadline.is_none_or(|d| Instant::now() < d) {
        let case_seed = seeds.next();
        let (source, extra) = make_case(case_seed, &corpus);
        cases += 1;
        if let Err(failure) = run_case(&source, &extra.concat()) {
            let (source, extra) = minimize(&source, extra, failure.check);
            let name = format!("seed{}-case{}", args.seed, cases - 1);
            let saved = save(&name, &source, &extra)?;
            eprintln!(
                "fuzz: case {} (seed {case_seed:#x}) fails {failure}\n      minimized to {} bytes, saved as {}",
                cases - 1,
                source.len(),
                saved.display()
            );
            failures.push(name);
            if failures.len() >= MAX_FAILURES {
                break;
            }
        }
        if Instant::now() >= next_report {
            eprintln!(
                "fuzz: {cases} cases in {:.0} s",
                start.elapsed().as_secs_f64()
            );
            next_report += Duration::from_secs(60);
        }
    }
    std::panic::set_hook(default_hook);
    let elapsed = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz: seed {}, {cases} cases in {elapsed:.1} s ({:.0} cases/s), {} failures",
        args.seed,
        cases as f64 / elapsed.max(1e-9),
        failures.len()
    );
    if !failures.is_empty() {
        bail!(
            "fuzzing found {} failing cases, saved under crates/segment/tests/fuzz-regressions/: {}",
            failures.len(),
            failures.join(", ")
        );
    }
    Ok(())
}

/// Checks a saved case (`NAME.md`, with `NAME.extra` when present) and says how it fails.
fn replay(path: &Path) -> Result<()> {
    let source = std::fs::read_to_string(path)?;
    let extra = std::fs::read_to_string(path.with_extension("extra")).unwrap_or_default();
    match run_case(&source, &extra) {
        Ok(()) => {
            eprintln!("fuzz: {} keeps every promise", path.display());
            Ok(())
        }
        Err(failure) => bail!(
            "{}: {failure}
source: {source:?}
extra: {extra:?}",
            path.display()
        ),
    }
}

/// Checks one case; a panic is a failure too.
fn run_case(source: &str, extra: &str) -> Result<(), oracle::Failure> {
    match catch_unwind(AssertUnwindSafe(|| oracle::check(source, extra))) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            Err(oracle::Failure {
                check: "panic",
                detail: message,
            })
        }
    }
}

/// The smallest case found, by dropping chunks of lines, then of characters, from the source,
/// and pieces of the extra (characters would make additions the oracle does not expect, such
/// as a lone `]`), that still fails the same check.
fn minimize(source: &str, mut extra: Vec<String>, check: &str) -> (String, String) {
    let fails = |source: &str, extra: &str| {
        run_case(source, extra).is_err_and(|failure| failure.check == check)
    };
    let mut budget = 20_000usize;
    let mut source: Vec<String> = source.split_inclusive('\n').map(String::from).collect();
    let joined = |parts: &[String]| parts.concat();
    // Lines, then characters, of the source; then characters of the extra.
    shrink(&mut source, &mut budget, |s| {
        fails(&joined(s), &joined(&extra))
    });
    let mut chars: Vec<String> = joined(&source).chars().map(String::from).collect();
    shrink(&mut chars, &mut budget, |s| {
        fails(&joined(s), &joined(&extra))
    });
    let source = joined(&chars);
    shrink(&mut extra, &mut budget, |e| fails(&source, &joined(e)));
    (source, joined(&extra))
}

/// Delta debugging, simplified: removes chunks of `parts` (halving the chunk size down to one)
/// as long as `fails` holds without them.
fn shrink(parts: &mut Vec<String>, budget: &mut usize, fails: impl Fn(&[String]) -> bool) {
    let mut chunk = (parts.len() / 2).max(1);
    loop {
        let mut at = 0;
        while at < parts.len() && *budget > 0 {
            *budget -= 1;
            let mut candidate = parts.clone();
            candidate.drain(at..(at + chunk).min(parts.len()));
            if fails(&candidate) {
                *parts = candidate;
            } else {
                at += chunk;
            }
        }
        if chunk == 1 || *budget == 0 {
            return;
        }
        chunk /= 2;
    }
}

/// Saves a failing case where the segment tests replay it.
fn save(name: &str, source: &str, extra: &str) -> Result<PathBuf> {
    let dir = crate::root().join("crates/segment/tests/fuzz-regressions");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.md"));
    std::fs::write(&path, source)?;
    if !extra.is_empty() {
        std::fs::write(dir.join(format!("{name}.extra")), extra)?;
    }
    Ok(path)
}

/// The Markdown files of the corpus, read once (none when it is absent).
fn corpus_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// The source and the extra of the case with seed `seed`.
fn make_case(seed: u64, corpus: &[String]) -> (String, Vec<String>) {
    let mut rng = Rng(seed);
    let source = if !corpus.is_empty() && rng.one_in(3) {
        mutate_corpus(&mut rng, corpus)
    } else {
        generate_document(&mut rng)
    };
    let extra = generate_extra(&mut rng);
    (source, extra)
}

/// What translations add to units: the characters that need escaping somewhere, markup, line
/// breaks and blanks that are not ASCII.
const EXTRA_PIECES: &[&str] = &[
    " word",
    " mot",
    " 言葉",
    "\\",
    "\\\\",
    "|",
    "\\|",
    "\\\\|",
    "\"",
    "\\\"",
    "'",
    "''",
    "(",
    ")",
    "*",
    "**b**",
    "_",
    "_i_",
    "`code`",
    "[link](https://example.org/x)",
    "&",
    "&amp;",
    "#",
    " #",
    " # no comment",
    ": ",
    "<",
    ">",
    "<b>",
    "\n",
    "\nnext line",
    "\n- item",
    "\n# heading",
    "\n> quote",
    "  \nhard break",
    "\\\nbreak",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{feff}",
    "\t",
    "  ",
    "{#id}",
    "[^1]",
    "%}}",
    ">}}",
    "«»",
    "---",
    "+++",
];

fn generate_extra(rng: &mut Rng) -> Vec<String> {
    (0..rng.below(7))
        .map(|_| rng.pick(EXTRA_PIECES).to_string())
        .collect()
}

const WORDS: &[&str] = &[
    "XMPP",
    "news",
    "server",
    "client",
    "release",
    "été",
    "日本語",
    "🎉",
    "Gajim",
    "2.4",
    "XEP-0001",
    "a",
    "the",
    "of",
    "und",
    "über",
];

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| *rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One piece of inline content.
fn inline_piece(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    let w = words(rng, n);
    match rng.below(24) {
        0 => format!("*{w}*"),
        1 => format!("**{w}**"),
        2 => format!("`{w}`"),
        3 => "`a|b`".into(),
        4 => format!("[{w}](https://example.org/{})", rng.below(9)),
        5 => format!("[{w}][ref{}]", rng.below(3)),
        6 => "<https://xmpp.org>".into(),
        7 => format!("![{w}](/img/{}.png \"{w}\")", rng.below(9)),
        8 => format!("[^{}]", 1 + rng.below(2)),
        9 => format!("<span>{w}</span>"),
        10 => rng
            .pick(&["\\*", "\\\\", "\\|", "\\\\|", "\\_", "\\[", "\\#"])
            .to_string(),
        11 => "&amp; &#35; &nbsp;".into(),
        12 => "|".into(),
        13 => format!("\"{w}\" '{w}'"),
        14 => format!("{{{{< mention name=\"{w}\" >}}}}"),
        15 => format!("~~{w}~~"),
        16 => "word ".repeat(1 + rng.below(2_000)),
        17 => format!("[{w}](https://example.org/a_(b) \"t (x)\")"),
        18 => format!("[{w}](<a b> '{w}')"),
        _ => w,
    }
}

fn inline(rng: &mut Rng) -> String {
    (0..1 + rng.below(5))
        .map(|_| inline_piece(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shortcode(rng: &mut Rng) -> String {
    let caption = match rng.below(6) {
        0 => "With \\\"quotes\\\"".to_string(),
        1 => "a \\| pipe".to_string(),
        2 => "a | bare pipe".to_string(),
        3 => "back\\\\slash".to_string(),
        _ => words(rng, 3),
    };
    match rng.below(4) {
        0 => format!(
            "{{{{< figure src=\"/i/{}.png\" caption=\"{caption}\" >}}}}",
            rng.below(9)
        ),
        1 => format!(
            "{{{{< figure src=\"/i.png\" alt=\"{}\" title=`{}` >}}}}",
            words(rng, 2),
            words(rng, 2)
        ),
        2 => "{{< newsletter-subscribe >}}".into(),
        _ => format!("{{{{% figure caption=\"{caption}\" %}}}}"),
    }
}

fn table(rng: &mut Rng) -> Vec<String> {
    let columns = 1 + rng.below(5);
    let cell = |rng: &mut Rng| match rng.below(8) {
        0 => String::new(),
        1 => shortcode(rng).replace('|', "\\|"),
        2 => "x \\\\| y".into(),
        _ => inline(rng).replace('|', "\\|"),
    };
    let outer = rng.one_in(2);
    let row = |cells: Vec<String>| {
        let body = cells.join(" | ");
        if outer { format!("| {body} |") } else { body }
    };
    let mut lines = Vec::new();
    let header: Vec<String> = (0..columns).map(|_| cell(rng)).collect();
    lines.push(row(header));
    let delimiter: Vec<String> = (0..columns)
        .map(|_| rng.pick(&["---", ":--", "--:", ":-:", "-"]).to_string())
        .collect();
    lines.push(row(delimiter));
    for _ in 0..rng.below(4) {
        let cells: Vec<String> = (0..columns).map(|_| cell(rng)).collect();
        lines.push(row(cells));
    }
    lines
}

/// A block's lines (without line endings), at nesting `depth`.
fn block(rng: &mut Rng, depth: usize) -> Vec<String> {
    let choice = if depth > 4 {
        rng.below(8)
    } else {
        rng.below(22)
    };
    match choice {
        0..=3 => (0..1 + rng.below(3)).map(|_| inline(rng)).collect(),
        4 => vec![format!(
            "{} {}{}",
            "#".repeat(1 + rng.below(6)),
            inline(rng),
            if rng.one_in(3) { " {#anchor}" } else { "" }
        )],
        5 => vec![inline(rng), rng.pick(&["===", "---", "-"]).to_string()],
        6 => vec![shortcode(rng)],
        7 => vec![format!(
            "![{}](/i.png \"{}\")",
            words(rng, 2),
            words(rng, 2)
        )],
        8..=10 => {
            let marker = rng.pick(&["- ", "* ", "+ ", "1. ", "2) "]).to_string();
            let indent = " ".repeat(marker.len());
            let mut lines = Vec::new();
            for item in 0..1 + rng.below(3) {
                if item > 0 && rng.one_in(3) {
                    lines.push(String::new());
                }
                let mut children = Vec::new();
                for n in 0..1 + rng.below(2) {
                    if n > 0 {
                        children.push(String::new());
                    }
                    children.extend(block(rng, depth + 1));
                }
                if rng.one_in(6) {
                    children.push(format!(
                        "{{{{< figure src=\"/f.png\" caption=\"{}\" >}}}}",
                        words(rng, 2)
                    ));
                }
                for (i, line) in children.into_iter().enumerate() {
                    lines.push(if i == 0 {
                        format!("{marker}{line}")
                    } else if line.is_empty() {
                        line
                    } else if rng.one_in(8) {
                        // A lazy continuation line.
                        line
                    } else {
                        format!("{indent}{line}")
                    });
                }
            }
            lines
        }
        11..=12 => {
            let prefix = rng.pick(&["> ", ">", "> > "]).to_string();
            block(rng, depth + 1)
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    if i > 0 && rng.one_in(6) {
                        line
                    } else {
                        format!("{prefix}{line}")
                    }
                })
                .collect()
        }
        13..=14 => table(rng),
        15 => {
            let fence = rng.pick(&["```", "~~~", "````"]).to_string();
            vec![
                format!("{fence}xml"),
                "<message>|not| *text*</message>".into(),
                fence,
            ]
        }
        16 => vec!["    indented code".into(), "    more".into()],
        17 => rng
            .pick(&[
                &["<div class=\"x\">", "HTML *block*", "</div>"][..],
                &["<!-- a comment", "over lines -->"][..],
                &[
                    "<details><summary>Sum</summary>",
                    "",
                    "Inner text.",
                    "",
                    "</details>",
                ][..],
            ])
            .iter()
            .map(|s| s.to_string())
            .collect(),
        18 => vec![format!("[^{}]: {}", 1 + rng.below(2), inline(rng))],
        19 => vec![format!(
            "[ref{}]: https://example.org/r \"{}\"",
            rng.below(3),
            words(rng, 2)
        )],
        20 => vec![words(rng, 2), format!(": {}", inline(rng))],
        _ => vec![rng.pick(&["---", "***", "- - -"]).to_string()],
    }
}

fn front_matter(rng: &mut Rng) -> String {
    let title = match rng.below(14) {
        0 => "title: Plain title # comment".to_string(),
        1 => "title: 'It''s here'".into(),
        2 => "title: \"Say \\\"hi\\\" \\u00e9\"".into(),
        3 => "title: >\n  Folded\n  title".into(),
        4 => "title: |\n  Literal".into(),
        5 => "\"title\": Quoted key".into(),
        6 => "title: !!str Tagged".into(),
        7 => "title: &t Anchored\nog: *t".into(),
        8 => "name: &n Named\ntitle: *n".into(),
        9 => "title: plain\n  continued".into(),
        10 => "title: 2024".into(),
        11 => "title: Trailing\u{a0}".into(),
        _ => format!("title: {}", words(rng, 3)),
    };
    match rng.below(3) {
        0 => format!(
            "+++\ntitle = {}\ndate = 2024-01-01\n+++\n",
            rng.pick(&[
                "\"The \\\"XMPP\\\" News\"",
                "'Literal'",
                "'''Multi\nline'''",
                "42"
            ])
        ),
        _ => format!(
            "---\n{title}\ndescription: {}\ndate: 2024-01-05\ntags: [xmpp, news]\n---\n",
            words(rng, 3)
        ),
    }
}

fn generate_document(rng: &mut Rng) -> String {
    let mut text = String::new();
    if rng.one_in(20) {
        text.push('\u{feff}');
    }
    if !rng.one_in(4) {
        text.push_str(&front_matter(rng));
    }
    if rng.one_in(25) {
        // Deep nesting.
        let depth = 20 + rng.below(400);
        let marker = *rng.pick(&["> ", ">", "- ", "* ", "1. ", "> - "]);
        text.push_str(&format!("{}{}\n", marker.repeat(depth), inline(rng)));
    }
    for _ in 0..1 + rng.below(8) {
        text.push('\n');
        for line in block(rng, 0) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    line_endings(rng, text)
}

/// Sometimes turns the line endings into CRLF, CR or a mix.
fn line_endings(rng: &mut Rng, text: String) -> String {
    match rng.below(12) {
        0 => text.replace('\n', "\r\n"),
        1 => text.replace('\n', "\r"),
        2 => text
            .split_inclusive('\n')
            .map(|line| match rng.below(3) {
                0 => line.replace('\n', "\r\n"),
                1 => line.replace('\n', "\r"),
                _ => line.to_string(),
            })
            .collect(),
        _ => text,
    }
}

/// Snippets a mutation inserts.
const SNIPPETS: &[&str] = &[
    "|",
    "\\|",
    "\\\\|",
    ">",
    "> ",
    "- ",
    "1. ",
    "    ",
    "\t",
    "```",
    "<div>",
    "</div>",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\\",
    "  \n",
    "---\n",
    "===\n",
    "# ",
    "[^1]",
    "[x]: /u\n",
    "*",
    "_",
    "`",
    "\"",
    "{{< figure caption=\"c\" >}}",
    "{{<",
    ">}}",
    "<!--",
    "-->",
    "&",
    "\u{a0}",
    "\u{2028}",
    "|-|-|\n",
    ": ",
    "\n  ",
    "![a](b \"c\")",
];

fn mutate_corpus(rng: &mut Rng, corpus: &[String]) -> String {
    let file = rng.pick(corpus);
    let lines: Vec<&str> = file.split_inclusive('\n').collect();
    let (start, len) = if rng.one_in(30) {
        (0, lines.len())
    } else {
        let len = 5 + rng.below(60);
        let start = if rng.one_in(3) {
            0
        } else {
            rng.below(lines.len().max(1))
        };
        (start, len)
    };
    let mut lines: Vec<String> = lines
        .iter()
        .skip(start)
        .take(len)
        .map(|s| s.to_string())
        .collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            break;
        }
        let at = rng.below(lines.len());
        match rng.below(8) {
            0 => {
                let end = (at + 1 + rng.below(4)).min(lines.len());
                lines.drain(at..end);
            }
            1 => {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            2 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            3 => {
                let mut block_text = String::new();
                for line in block(rng, 0) {
                    block_text.push_str(&line);
                    block_text.push('\n');
                }
                lines.insert(at, block_text);
            }
            4 | 5 => {
                let line = &mut lines[at];
                let cut = char_boundary(rng, line);
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())];
                line.insert_str(cut, snippet);
            }
            6 => {
                let line = &mut lines[at];
                let cut = char_boundary(rng, line);
                if let Some(c) = line[cut..].chars().next() {
                    line.replace_range(cut..cut + c.len_utf8(), "");
                }
            }
            _ => {
                let prefix = *rng.pick(&["> ", "  ", "- ", "    ", "| "]);
                for line in lines.iter_mut().skip(at).take(1 + rng.below(5)) {
                    line.insert_str(0, prefix);
                }
            }
        }
    }
    let mut text: String = lines.concat();
    if rng.one_in(20) {
        text.insert(0, '\u{feff}');
    }
    line_endings(rng, text)
}

/// A random character boundary of `s`.
fn char_boundary(rng: &mut Rng, s: &str) -> usize {
    let mut at = rng.below(s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}
