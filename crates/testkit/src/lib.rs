//! Test helpers shared by verso's tests (a dev-dependency only, never linked into `verso`).
//!
//! - [`corpus`]: where the real newsletter archive is, or a loud `SKIPPED:` line and `None`.
//! - [`pseudo_translation`] and [`translate_all`]: translations whose English can be read back.
//! - [`TempWorkspace`]: a workspace in a temporary directory, empty or a copy of the example
//!   workspace of the repository.
//! - [`git`], [`git_ok`], [`has_git`]: running git in a fixture repository.
//! - [`line_of`]: the line of a needle, to pin the `file:line` of error messages.
//! - [`verso`], [`expect_exit`], [`transcript`]: running the `verso` binary as the end-to-end
//!   tests do; [`OCTOBER`]: the small English issue they share.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use verso_store::{State, Store};

/// The root of the verso repository (where the example `verso.toml` is).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The real newsletter archive, `../shared/corpus/xmpp-newsletter` relative to the repository
/// root, exactly as in CI. When it is absent, prints `SKIPPED: the corpus is not at …` (the test
/// harness shows it with `--nocapture`; `cargo xtask ci` says so too) and returns `None`.
pub fn corpus() -> Option<PathBuf> {
    let dir = repository_root().join("../shared/corpus/xmpp-newsletter");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the corpus is not at {}", dir.display());
        None
    }
}

/// The files of the corpus folder `dir` (`de`, `en`, `history/ISSUE`, …), sorted by path.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The pseudo-translation of an English text: `⟦english⟧`, recognisable and reversible.
///
/// ```
/// assert_eq!(verso_testkit::pseudo_translation("News"), "⟦News⟧");
/// ```
pub fn pseudo_translation(english: &str) -> String {
    format!("⟦{english}⟧")
}

/// Translates every unit of `store` with `translate` (given the English) and marks it translated.
pub fn translate_all(store: &mut Store, translate: impl Fn(&str) -> String) {
    for entry in &mut store.units {
        entry.target = translate(&entry.english);
        entry.state = State::Translated;
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
///
/// ```
/// assert_eq!(verso_testkit::line_of("a\nb\n<<<<<<< HEAD\n", "<<<<<<<"), 3);
/// ```
///
/// # Panics
/// When `needle` is not in `text`.
#[track_caller]
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {text:?}"));
    verso_text::LineIndex::new(text).line(at)
}

/// A verso workspace in a temporary directory, removed when dropped.
pub struct TempWorkspace {
    dir: tempfile::TempDir,
}

impl TempWorkspace {
    /// A workspace with this `verso.toml` and an empty `translations/en`.
    pub fn new(config: &str) -> TempWorkspace {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("verso.toml"), config).unwrap();
        fs::create_dir_all(dir.path().join("translations/en")).unwrap();
        TempWorkspace { dir }
    }

    /// A copy of the repository's example workspace (`verso.toml`, `translations/` and the
    /// Fluent files of `l10n/`).
    pub fn example() -> TempWorkspace {
        let repo = repository_root();
        let dir = tempfile::tempdir().unwrap();
        fs::copy(repo.join("verso.toml"), dir.path().join("verso.toml")).unwrap();
        copy_dir(&repo.join("translations"), &dir.path().join("translations"));
        if repo.join("l10n").is_dir() {
            copy_dir(&repo.join("l10n"), &dir.path().join("l10n"));
        }
        TempWorkspace { dir }
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The English issue `name` (`translations/en/NAME.md`).
    pub fn issue_path(&self, name: &str) -> PathBuf {
        self.root().join(format!("translations/en/{name}.md"))
    }

    /// Writes the English issue `name`.
    pub fn write_issue(&self, name: &str, text: &str) {
        fs::write(self.issue_path(name), text).unwrap();
    }

    /// The store of `issue` in `lang` (`translations/LANG/ISSUE.toml`).
    pub fn store_path(&self, lang: &str, issue: &str) -> PathBuf {
        self.root()
            .join(format!("translations/{lang}/{issue}.toml"))
    }

    /// Reads the store of `issue` in `lang`, which must exist.
    pub fn store(&self, lang: &str, issue: &str) -> Store {
        Store::read(&self.store_path(lang, issue)).unwrap().unwrap()
    }

    /// Writes the store of `issue` in `lang`.
    pub fn write_store(&self, lang: &str, issue: &str, store: &Store) {
        store.write(&self.store_path(lang, issue)).unwrap();
    }

    /// Every store file under `translations/`, with its path relative to the root, in path
    /// order: a whole-output snapshot of the stores.
    pub fn stores_text(&self) -> String {
        let mut files: Vec<PathBuf> = Vec::new();
        for lang in fs::read_dir(self.root().join("translations")).unwrap() {
            let dir = lang.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
        }
        files.sort();
        let mut text = String::new();
        for path in files {
            let name = path.strip_prefix(self.root()).unwrap().to_string_lossy();
            text.push_str(&format!("======= {name} =======\n"));
            text.push_str(&fs::read_to_string(&path).unwrap());
        }
        text
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Whether git can run; prints `SKIPPED: git is not installed` when it cannot.
pub fn has_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIPPED: git is not installed");
    }
    found
}

/// Runs git in `dir` with a fixed identity, branch name and no signing, ignoring the
/// environment's `GIT_DIR`.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs")
}

/// Runs git like [`git`], failing the test with git's output when it fails.
#[track_caller]
pub fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A small English issue (front matter, headings, a paragraph, a list with links) that the
/// end-to-end tests put in their workspaces as `2026-10-05-newsletter`.
pub const OCTOBER: &str = "\
---
title: \"Newsletter: October\"
date: 2026-10-05
---

## Welcome

Welcome to the newsletter! Here is what happened in October.

- [Dino](https://dino.im) 0.5 is out.
- [Gajim](https://gajim.org) fixed many bugs.

## Thanks

Thanks to all our translators and to everyone who wrote for this issue.
";

impl TempWorkspace {
    /// A workspace with this `verso.toml` and [`OCTOBER`] as `2026-10-05-newsletter`.
    pub fn october(config: &str) -> TempWorkspace {
        let ws = TempWorkspace::new(config);
        ws.write_issue("2026-10-05-newsletter", OCTOBER);
        ws
    }
}

/// The `verso` binary (of the package whose tests run), to run in `dir` as the end-to-end
/// tests do: without colours, and without the terminal width (`COLUMNS`) or forced colours
/// (`CLICOLOR_FORCE`) of the shell that runs the tests.
pub fn verso(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("verso").expect("the verso binary");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE");
    command
}

/// The stdout and stderr of a run that had to exit with `code`; otherwise panics with both
/// and `what` (the command line).
#[track_caller]
pub fn expect_exit(output: &Output, code: i32, what: &str) -> (String, String) {
    let stdout = String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8");
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

/// What a run printed, for a snapshot: `exit: CODE`, stdout, then stderr after a marker line
/// (when there is any).
///
/// ```
/// let output = std::process::Command::new("sh")
///     .args(["-c", "echo out; echo err >&2; exit 3"])
///     .output()
///     .unwrap();
/// assert_eq!(
///     verso_testkit::transcript(&output),
///     "exit: 3\nout\n------- stderr -------\nerr\n"
/// );
/// ```
pub fn transcript(output: &Output) -> String {
    let mut text = format!("exit: {}\n", output.status.code().unwrap_or(-1));
    text.push_str(std::str::from_utf8(&output.stdout).expect("stdout is UTF-8"));
    if !output.stderr.is_empty() {
        text.push_str("------- stderr -------\n");
        text.push_str(std::str::from_utf8(&output.stderr).expect("stderr is UTF-8"));
    }
    text
}
