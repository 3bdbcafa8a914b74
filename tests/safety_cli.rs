//! `verso sync` under a real umask, real permissions and hostile `verso.toml` files.
//!
//! Permissions do not stop root, so when the tests run as root the command runs as the user
//! `nobody` (uid 65534) through `setpriv`, on a workspace given to that user.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ISSUE: &str = "\
---
title: \"Newsletter: October\"
---

## Welcome

Welcome to the newsletter!

## Thanks

Thanks to all our translators.
";

const STORE: &str = "2026-10-05-newsletter.toml";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(config: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let fixture = Fixture { dir };
        fs::create_dir_all(fixture.root().join("translations/en")).unwrap();
        fs::write(fixture.root().join("verso.toml"), config).unwrap();
        fixture.write_issue(ISSUE);
        fixture
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    fn write_issue(&self, text: &str) {
        let path = self.root().join("translations/en/2026-10-05-newsletter.md");
        fs::write(path, text).unwrap();
    }

    fn store(&self, lang: &str) -> PathBuf {
        self.root().join("translations").join(lang).join(STORE)
    }

    /// Runs `verso ARGS` in the workspace through `sh`, after `umask UMASK`.
    fn verso(&self, umask: &str, args: &str) -> Output {
        Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$VERSO\" {args}"))
            .env("VERSO", env!("CARGO_BIN_EXE_verso"))
            .env("NO_COLOR", "1")
            .current_dir(self.root())
            .output()
            .unwrap()
    }

    /// Runs `verso ARGS` as a user whom permissions stop.
    fn verso_unprivileged(&self, args: &str) -> Output {
        let mut command = if is_root() {
            give_to_nobody(&self.root());
            let mut command = Command::new("setpriv");
            command.args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                env!("CARGO_BIN_EXE_verso"),
            ]);
            command
        } else {
            Command::new(env!("CARGO_BIN_EXE_verso"))
        };
        command
            .args(args.split_whitespace())
            .env("NO_COLOR", "1")
            .current_dir(self.root())
            .output()
            .unwrap()
    }

    /// Every file below the root and its bytes and modification time.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        fn walk(dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>, std::time::SystemTime)>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let meta = fs::symlink_metadata(&path).unwrap();
                if meta.is_dir() {
                    walk(&path, files);
                } else {
                    files.push((
                        path.clone(),
                        fs::read(&path).unwrap(),
                        meta.modified().unwrap(),
                    ));
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.root(), &mut files);
        files.sort();
        files
    }
}

fn is_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

fn give_to_nobody(dir: &Path) {
    std::os::unix::fs::lchown(dir, Some(65534), Some(65534)).unwrap();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if fs::symlink_metadata(&path).unwrap().is_dir() {
            give_to_nobody(&path);
        } else {
            std::os::unix::fs::lchown(&path, Some(65534), Some(65534)).unwrap();
        }
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[track_caller]
fn assert_status(output: &Output, code: i32) -> (String, String) {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

#[test]
fn new_stores_follow_the_umask_and_rewritten_ones_keep_their_mode() {
    let fixture = Fixture::new("languages = [\"fr\", \"de\"]\n");
    assert_status(&fixture.verso("027", "sync --lang fr"), 0);
    assert_eq!(mode(&fixture.store("fr")), 0o640);
    assert_status(&fixture.verso("002", "sync --lang de"), 0);
    assert_eq!(mode(&fixture.store("de")), 0o664);

    // A rewrite under a stricter umask keeps what the file had.
    fixture.write_issue(&ISSUE.replace("Welcome to", "Hello and welcome to"));
    assert_status(&fixture.verso("077", "sync"), 0);
    assert!(
        fs::read_to_string(fixture.store("fr"))
            .unwrap()
            .contains("Hello and welcome")
    );
    assert_eq!(mode(&fixture.store("fr")), 0o640);
    assert_eq!(mode(&fixture.store("de")), 0o664);
}

#[test]
fn a_write_error_in_one_language_rewrites_no_store() {
    if is_root() && Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("SKIPPED: running as root without setpriv, so permissions stop nothing");
        return;
    }
    let fixture = Fixture::new("languages = [\"fr\", \"de\", \"it\"]\n");
    assert_status(&fixture.verso("022", "sync"), 0);
    fixture.write_issue(&ISSUE.replace("Welcome to", "Hello and welcome to"));
    let it = fixture.root().join("translations/it");
    fs::set_permissions(&it, fs::Permissions::from_mode(0o555)).unwrap();
    let before = fixture.files();

    let (stdout, stderr) = assert_status(&fixture.verso_unprivileged("sync"), 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!("verso: translations/it/{STORE}: cannot write: Permission denied (os error 13)\n")
    );
    // Not a byte changed, and no temporary file is left, in any language.
    assert_eq!(fixture.files(), before);

    fs::set_permissions(&it, fs::Permissions::from_mode(0o755)).unwrap();
    let (stdout, _) = assert_status(&fixture.verso_unprivileged("sync"), 0);
    assert!(stdout.contains("3 stores written"), "{stdout}");
    for lang in ["fr", "de", "it"] {
        let text = fs::read_to_string(fixture.store(lang)).unwrap();
        assert!(text.contains("Hello and welcome"), "{lang}: {text}");
    }
}

#[test]
fn a_verso_toml_that_leads_out_stops_with_file_and_line() {
    for (config, line, needle) in [
        (
            "languages = [\"fr\"]\nstores = \"../../x/{lang}/{issue}.toml\"\n",
            2,
            "`stores` climbs out with `..`",
        ),
        ("source = \"/etc\"\n", 1, "`english` is an absolute path"),
        (
            "languages = [\"fr\", \"FR\"]\n",
            1,
            "`FR` is listed twice (as `fr`; codes ignore case)",
        ),
    ] {
        let fixture = Fixture::new(config);
        let (stdout, stderr) = assert_status(&fixture.verso("022", "sync"), 2);
        assert_eq!(stdout, "");
        let config_path = fixture.root().join("verso.toml");
        assert!(
            stderr.starts_with(&format!(
                "verso: {}:{line}: {needle}",
                config_path.display()
            )),
            "{config}: {stderr}"
        );
        assert!(!fixture.root().join("translations/fr").exists());
    }
}

#[test]
fn skipped_issue_files_are_warned_about_on_stderr() {
    let fixture = Fixture::new("languages = [\"fr\"]\n");
    let en = fixture.root().join("translations/en");
    fs::write(en.join(".md"), ISSUE).unwrap();
    std::os::unix::fs::symlink("loop.md", en.join("loop.md")).unwrap();
    for args in ["sync", "status"] {
        let (_, stderr) = assert_status(&fixture.verso("022", args), 0);
        assert_eq!(
            stderr,
            "verso: translations/en/.md: warning: a file named `.md` names no issue; skipped\n\
             verso: translations/en/loop.md: warning: cannot be resolved (Too many levels of \
             symbolic links (os error 40)); skipped\n",
            "{args}"
        );
    }
    assert!(fixture.store("fr").is_file());
}

/// What segmenting finds (a front-matter value left untranslated) is printed by every command
/// that segments, once per file whatever the number of languages, in the one format of
/// warnings, and again on a second run (the caches of sync and status hold no warnings).
#[test]
fn document_warnings_are_printed_by_every_command_that_segments() {
    let fixture = Fixture::new(
        "languages = [\"fr\", \"de\"]\n\n[outlet.site]\npath = \"{lang}/{issue}.md\"\n",
    );
    fixture.write_issue(&ISSUE.replace(
        "title: \"Newsletter: October\"",
        "name: &t \"Newsletter: October\"\ntitle: *t",
    ));
    let expected = "verso: translations/en/2026-10-05-newsletter.md:3: warning: front-matter \
                    `title` stays untranslated: its value is an alias\n";
    for args in [
        "sync",
        "sync",
        "status",
        "status",
        "check",
        "build --dry-run",
        "todo --lang fr",
        "diff",
        "segment translations/en/2026-10-05-newsletter.md",
    ] {
        let (_, stderr) = assert_status(&fixture.verso("022", args), 0);
        assert_eq!(stderr, expected, "verso {args}");
    }
    // An import warns about the file it reads and the English issue it fills in.
    let translated = fixture.dir.path().join("2026-10-05-newsletter.md");
    fs::write(
        &translated,
        ISSUE.replace("title: \"Newsletter: October\"", "title: !!str 2024"),
    )
    .unwrap();
    let (_, stderr) = assert_status(
        &fixture.verso(
            "022",
            &format!("import fr --dry-run {}", translated.display()),
        ),
        0,
    );
    assert_eq!(
        stderr,
        format!(
            "verso: {}:2: warning: front-matter `title` stays untranslated: verso cannot \
             rewrite its value as spelled (a tag, or a style it does not read)\n{expected}",
            translated.display()
        )
    );
}
