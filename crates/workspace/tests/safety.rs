//! Hostile workspaces on a real file system: paths and symbolic links that lead out, stores
//! that are links, stale temporary files, issue files that cannot be issues.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use verso_workspace::{Error, Workspace};

const ISSUE: &str = "\
---
title: \"Newsletter: October\"
---

## Welcome

Welcome to the newsletter!
";

/// A workspace `ws/` inside a temporary directory, so that `outside/` is next to it.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(config: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("ws/translations/en")).unwrap();
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        let fixture = Fixture { dir };
        fixture.write("verso.toml", config);
        fixture.write("translations/en/2026-10-05-newsletter.md", ISSUE);
        fixture
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn open(&self) -> Result<Workspace, Error> {
        Workspace::open(&self.root())
    }

    /// `verso sync`: plans every issue and language, then writes.
    fn sync(&self) -> Result<Vec<PathBuf>, Error> {
        let ws = self.open()?;
        let plan = ws.plan(&ws.issues()?, &ws.config().languages)?;
        Ok(plan.write()?.iter().map(|p| p.path.clone()).collect())
    }

    /// Every file below `dir` (not following links) and its bytes.
    fn files(&self, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                files.extend(self.files(&path));
            } else if meta.is_file() {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
        files.sort();
        files
    }
}

#[track_caller]
fn assert_config_error(result: Result<Workspace, Error>, line: usize, needle: &str) {
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains(&format!("verso.toml:{line}: ")),
        "{message}"
    );
    assert!(message.contains(needle), "{message}");
}

#[test]
fn a_symlinked_english_directory_that_leads_out_is_a_config_error() {
    let fixture = Fixture::new("languages = [\"fr\"]\n\nsource = \"content/en\"\n");
    symlink(fixture.outside(), fixture.path("content")).unwrap();
    assert_config_error(
        fixture.open(),
        3,
        "`english` (content/en) leads outside the workspace",
    );
}

#[test]
fn a_symlinked_store_directory_that_leads_out_is_a_config_error() {
    let fixture =
        Fixture::new("languages = [\"fr\", \"de\"]\nstores = \"l10n/{lang}/{issue}.toml\"\n");
    fs::create_dir_all(fixture.path("l10n")).unwrap();
    symlink(fixture.outside(), fixture.path("l10n/de")).unwrap();
    assert_config_error(
        fixture.open(),
        2,
        "`stores` for `de` (l10n/de) leads outside the workspace",
    );
    // The default template, through a link on the way.
    let fixture = Fixture::new("languages = [\"fr\"]\n");
    symlink("../../outside", fixture.path("translations/fr")).unwrap();
    assert_config_error(fixture.open(), 1, "`stores` for `fr`");
    assert!(fixture.sync().is_err());
    assert!(fixture.files(&fixture.outside()).is_empty());
}

#[test]
fn links_that_stay_inside_the_workspace_are_followed() {
    let fixture = Fixture::new("languages = [\"fr\"]\nsource = \"english\"\n");
    symlink("translations/en", fixture.path("english")).unwrap();
    fs::create_dir_all(fixture.path("shared/fr")).unwrap();
    symlink("../shared/fr", fixture.path("translations/fr")).unwrap();
    assert_eq!(
        fixture.sync().unwrap(),
        [Path::new("translations/fr/2026-10-05-newsletter.toml")]
    );
    assert!(
        fixture
            .path("shared/fr/2026-10-05-newsletter.toml")
            .is_file()
    );
}

#[test]
fn a_symlinked_store_is_written_through_when_it_stays_inside() {
    let fixture = Fixture::new("languages = [\"fr\"]\n");
    fixture.sync().unwrap();
    let store = "translations/fr/2026-10-05-newsletter.toml";
    fs::create_dir_all(fixture.path("elsewhere")).unwrap();
    fs::rename(fixture.path(store), fixture.path("elsewhere/store.toml")).unwrap();
    symlink("../../elsewhere/store.toml", fixture.path(store)).unwrap();
    fixture.write(
        "translations/en/2026-10-05-newsletter.md",
        &ISSUE.replace("Welcome to", "Hello and welcome to"),
    );
    assert_eq!(fixture.sync().unwrap(), [Path::new(store)]);
    assert!(
        fs::symlink_metadata(fixture.path(store))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = fs::read_to_string(fixture.path("elsewhere/store.toml")).unwrap();
    assert!(text.contains("Hello and welcome"), "{text}");
}

#[test]
fn a_symlinked_store_that_leads_out_is_refused_before_anything_is_written() {
    let fixture = Fixture::new("languages = [\"fr\", \"de\"]\n");
    fixture.sync().unwrap();
    fixture.write(
        "translations/en/2026-10-05-newsletter.md",
        &ISSUE.replace("Welcome to", "Hello and welcome to"),
    );
    let outside = fixture.outside().join("victim.toml");
    fs::write(&outside, "precious").unwrap();
    let store = "translations/de/2026-10-05-newsletter.toml";
    fs::remove_file(fixture.path(store)).unwrap();
    symlink(&outside, fixture.path(store)).unwrap();
    let before = fixture.files(&fixture.root());

    let message = fixture.sync().unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{store}: leads outside the workspace (to ")),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
    assert_eq!(fixture.files(&fixture.root()), before);

    // A link that leads nowhere is refused too, rather than created.
    fs::remove_file(fixture.path(store)).unwrap();
    symlink("missing/store.toml", fixture.path(store)).unwrap();
    let message = fixture.sync().unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{store}: cannot be resolved: ")),
        "{message}"
    );
    assert_eq!(fixture.files(&fixture.root()), before);
}

#[test]
fn a_rewritten_store_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let fixture = Fixture::new("languages = [\"fr\"]\n");
    fixture.sync().unwrap();
    let store = fixture.path("translations/fr/2026-10-05-newsletter.toml");
    for (i, mode) in [0o664, 0o640, 0o444].into_iter().enumerate() {
        fs::set_permissions(&store, fs::Permissions::from_mode(mode)).unwrap();
        fixture.write(
            "translations/en/2026-10-05-newsletter.md",
            &ISSUE.replace("Welcome to", &format!("Welcome {i} to")),
        );
        assert_eq!(fixture.sync().unwrap().len(), 1);
        let found = fs::metadata(&store).unwrap().permissions().mode() & 0o7777;
        assert_eq!(found, mode, "{mode:o} became {found:o}");
    }
}

#[test]
fn stale_temporary_files_are_ignored_and_removed_by_the_next_sync() {
    let fixture = Fixture::new("languages = [\"fr\", \"de\"]\n");
    fixture.sync().unwrap();
    // What `kill -9` in the middle of a sync leaves, with content that does not parse.
    let stale = [
        "translations/fr/.2026-10-05-newsletter.toml.verso-tmp-Ab12Cd",
        "translations/de/.2026-10-05-newsletter.toml.verso-tmp-xYz789",
        "translations/en/.2026-10-05-newsletter.md.verso-tmp-Ab12Cd",
    ];
    for path in stale {
        fixture.write(path, "<<<<<<< torn");
    }
    let ws = fixture.open().unwrap();
    let (issues, warnings) = ws.scan_issues().unwrap();
    assert_eq!(issues.len(), 1);
    assert!(warnings.is_empty(), "{warnings:?}");
    // Nothing to write, but the stale files of the store directories go.
    assert!(fixture.sync().unwrap().is_empty());
    assert!(!fixture.path(stale[0]).exists());
    assert!(!fixture.path(stale[1]).exists());
    // verso writes no issue, so it leaves the English directory alone.
    assert!(fixture.path(stale[2]).exists());
}

#[test]
fn issue_files_that_cannot_be_issues_are_warnings_naming_the_file() {
    use std::os::unix::ffi::OsStrExt;
    let fixture = Fixture::new("languages = [\"fr\"]\n");
    let en = fixture.path("translations/en");
    fs::write(en.join(".md"), ISSUE).unwrap();
    fs::write(en.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")), ISSUE).unwrap();
    symlink("loop.md", en.join("loop.md")).unwrap();
    symlink("missing.md", en.join("gone.md")).unwrap();
    fs::write(fixture.outside().join("secret.md"), ISSUE).unwrap();
    symlink("../../../outside/secret.md", en.join("secret.md")).unwrap();
    fs::create_dir(en.join("folder.md")).unwrap();
    // Not warned about: hidden files, other extensions, links that stay inside.
    fs::write(en.join(".draft.md"), ISSUE).unwrap();
    fs::write(en.join("notes.txt"), "").unwrap();
    symlink("2026-10-05-newsletter.md", en.join("latest.md")).unwrap();

    let ws = fixture.open().unwrap();
    let (issues, warnings) = ws.scan_issues().unwrap();
    let names: Vec<&str> = issues.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["2026-10-05-newsletter", "latest"]);
    let warnings: Vec<String> = warnings
        .iter()
        .map(|w| {
            w.to_string().replace(
                &fixture
                    .dir
                    .path()
                    .canonicalize()
                    .unwrap()
                    .display()
                    .to_string(),
                "TMP",
            )
        })
        .collect();
    let expected = [
        "translations/en/.md: warning: a file named `.md` names no issue; skipped",
        "translations/en/caf\u{fffd}.md: warning: the file name is not valid UTF-8; skipped",
        "translations/en/folder.md: warning: not a file; skipped",
        "translations/en/gone.md: warning: cannot be resolved (a symbolic link on the way leads to nothing); skipped",
        "translations/en/loop.md: warning: cannot be resolved (Too many levels of symbolic links (os error 40)); skipped",
        "translations/en/secret.md: warning: leads outside the workspace (to TMP/outside/secret.md); skipped",
    ];
    assert_eq!(warnings, expected);
    // The plan carries them for the command to print.
    let plan = ws.plan(&issues, &ws.config().languages).unwrap();
    assert_eq!(plan.warnings.len(), expected.len());
}

#[test]
fn languages_on_the_command_line_ignore_case() {
    let fixture = Fixture::new("languages = [\"fr\", \"pt-br\"]\n");
    let ws = fixture.open().unwrap();
    assert_eq!(ws.select_languages(&["PT-BR".into()]).unwrap(), ["pt-br"]);
    assert!(ws.select_languages(&["es".into()]).is_err());
}

#[test]
fn a_store_that_became_a_directory_after_the_plan_stops_the_write_before_any_rename() {
    let fixture = Fixture::new("languages = [\"fr\", \"de\"]\n");
    fixture.sync().unwrap();
    fixture.write(
        "translations/en/2026-10-05-newsletter.md",
        &ISSUE.replace("Welcome to", "Hello and welcome to"),
    );
    let ws = fixture.open().unwrap();
    let plan = ws
        .plan(&ws.issues().unwrap(), &ws.config().languages)
        .unwrap();
    // Between the plan and the write, the German store becomes a directory.
    let store = "translations/de/2026-10-05-newsletter.toml";
    fs::remove_file(fixture.path(store)).unwrap();
    fixture.write(&format!("{store}/inside"), "");
    let before = fixture.files(&fixture.root());

    let message = plan.write().unwrap_err().to_string();
    assert_eq!(
        message,
        format!("{store}: cannot write: not a file (a directory?)")
    );
    assert_eq!(fixture.files(&fixture.root()), before);
}

#[test]
fn an_import_that_adds_a_language_writes_verso_toml_and_its_stores_all_or_nothing() {
    let config = "# Our languages.\nlanguages = [\"fr\"]\n";
    let fixture = Fixture::new(config);
    let translated = fixture.outside().join("2026-10-05-newsletter.md");
    fs::write(&translated, ISSUE.replace("Welcome to", "Bienvenido a")).unwrap();
    let ws = fixture.open().unwrap();
    let plan = ws
        .plan_import("es", std::slice::from_ref(&translated), None, false, true)
        .unwrap();
    assert!(plan.adds_language);
    // Between the plan and the write, the new store's place is taken by a directory.
    let store = "translations/es/2026-10-05-newsletter.toml";
    fixture.write(&format!("{store}/inside"), "");
    let before = fixture.files(&fixture.root());
    let message = plan.write().unwrap_err().to_string();
    assert_eq!(
        message,
        format!("{store}: cannot write: not a file (a directory?)")
    );
    assert_eq!(fixture.files(&fixture.root()), before);

    fs::remove_dir_all(fixture.path(store)).unwrap();
    assert_eq!(plan.write().unwrap(), [Path::new(store)]);
    let config = fs::read_to_string(fixture.path("verso.toml")).unwrap();
    assert!(config.starts_with("# Our languages.\n"), "{config}");
    assert_eq!(fixture.open().unwrap().config().languages, ["fr", "es"]);

    // `ES` is the language now configured, not one more to add.
    let ws = fixture.open().unwrap();
    let plan = ws
        .plan_import("ES", std::slice::from_ref(&translated), None, false, true)
        .unwrap();
    assert!(!plan.adds_language);
    assert_eq!(plan.language, "es");
}

/// `verso build` with every issue, language and outlet.
fn build(ws: &Workspace) -> Result<verso_workspace::publish::BuildPlan, Error> {
    ws.build_plan(&verso_workspace::publish::BuildRequest::default())
}

const OUTLET: &str = "\n[outlet.site]\npath = \"{lang}/{issue}.md\"\n";

#[test]
fn build_output_and_fluent_directories_that_lead_out_are_config_errors() {
    // Written as paths, they are refused when the file is read.
    for (config, line, needle) in [
        (
            "[build]\nout = \"/var/www\"\n",
            2,
            "`out` is an absolute path",
        ),
        (
            "\n[build]\nout = \"../site\"\n",
            3,
            "`out` climbs out with `..`",
        ),
        (
            "[build]\nl10n = \"../{lang}.ftl\"\n",
            2,
            "`l10n` climbs out",
        ),
        (
            "[outlet.x]\npath = \"../{issue}.md\"\n",
            2,
            "`path` of outlet `x` must stay inside the output directory",
        ),
        (
            "[outlet.x]\npath = \"{issue}.md\"\ntitle-path = \"/tmp/{issue}\"\n",
            3,
            "`title-path` of outlet `x` must stay inside the output directory",
        ),
    ] {
        let fixture = Fixture::new(&format!("languages = [\"fr\"]\n{config}"));
        assert_config_error(fixture.open(), line + 1, needle);
    }
    // Through links committed in the workspace, when the workspace is opened.
    let fixture = Fixture::new("languages = [\"fr\"]\n[build]\nout = \"site\"\n");
    symlink(fixture.outside(), fixture.path("site")).unwrap();
    assert_config_error(
        fixture.open(),
        3,
        "`out` (site) leads outside the workspace",
    );
    let fixture = Fixture::new("languages = [\"fr\"]\n\n[build]\nl10n = \"l10n/{lang}/o.ftl\"\n");
    symlink(fixture.outside(), fixture.path("l10n")).unwrap();
    assert_config_error(
        fixture.open(),
        4,
        "`l10n` for `en` (l10n/en/o.ftl) leads outside the workspace",
    );
}

#[test]
fn a_fluent_file_that_links_out_is_not_read() {
    let fixture = Fixture::new(&format!("languages = [\"fr\"]\n{OUTLET}"));
    fs::write(fixture.outside().join("secret.ftl"), "secret = s3cr3t\n").unwrap();
    fs::create_dir_all(fixture.path("l10n/fr")).unwrap();
    let ws = fixture.open().unwrap();
    symlink(
        fixture.outside().join("secret.ftl"),
        fixture.path("l10n/fr/outlets.ftl"),
    )
    .unwrap();
    // Committed before verso starts, the link is a config error (the default `l10n`).
    assert_config_error(
        fixture.open(),
        1,
        "`l10n` for `fr` (l10n/fr/outlets.ftl) leads outside the workspace",
    );
    // Made after the workspace was opened, it is refused when the file is read.
    let message = build(&ws).unwrap_err().to_string();
    assert!(
        message.starts_with("l10n/fr/outlets.ftl: leads outside the workspace"),
        "{message}"
    );
}

#[test]
fn an_output_path_filled_in_with_a_climbing_value_is_refused() {
    let fixture = Fixture::new(
        "languages = [\"fr\"]\n\n[outlet.site]\npath = \"{lang}/{english-title}/{issue}.md\"\n",
    );
    fixture.write(
        "translations/en/2026-10-05-newsletter.md",
        &ISSUE.replace("Newsletter: October", "../../../outside"),
    );
    let ws = fixture.open().unwrap();
    let message = build(&ws).unwrap_err().to_string();
    assert_eq!(
        message,
        "2026-10-05-newsletter (fr, outlet site): the output file \
         `fr/../../../outside/2026-10-05-newsletter.md` leaves the output directory; verso \
         build writes only inside it"
    );
}

#[test]
fn two_outputs_with_one_path_are_refused() {
    let fixture =
        Fixture::new("languages = [\"fr\", \"de\"]\n\n[outlet.site]\npath = \"{issue}.md\"\n");
    let ws = fixture.open().unwrap();
    let message = build(&ws).unwrap_err().to_string();
    assert_eq!(
        message,
        "`2026-10-05-newsletter.md` would be written twice, for 2026-10-05-newsletter (fr, \
         outlet site) and for 2026-10-05-newsletter (de, outlet site); make the outlets' `path` \
         templates tell them apart (with {lang}, {issue})"
    );
}

#[test]
fn a_link_in_the_output_directory_that_leads_out_is_refused_before_anything_is_written() {
    let fixture = Fixture::new(&format!("languages = [\"de\", \"fr\"]\n{OUTLET}"));
    fs::create_dir_all(fixture.path("build")).unwrap();
    symlink(fixture.outside(), fixture.path("build/fr")).unwrap();
    let ws = fixture.open().unwrap();
    let plan = build(&ws).unwrap();
    let before = fixture.files(fixture.dir.path());
    let message = plan.write(&fixture.path("build")).unwrap_err().to_string();
    assert!(
        message.starts_with(
            "2026-10-05-newsletter (fr, outlet site): the output file \
             `fr/2026-10-05-newsletter.md` leaves the output directory (to "
        ),
        "{message}"
    );
    // Neither the German output (planned first) nor anything outside was written.
    assert_eq!(fixture.files(fixture.dir.path()), before);
}

#[test]
fn a_build_is_all_or_nothing() {
    let fixture = Fixture::new(&format!("languages = [\"de\", \"fr\", \"it\"]\n{OUTLET}"));
    let ws = fixture.open().unwrap();
    let out = fixture.path("build");
    build(&ws).unwrap().write(&out).unwrap();
    let built = fixture.files(&out);
    assert_eq!(built.len(), 3);
    // The English changes; the Italian output's place becomes a directory meanwhile.
    fixture.write(
        "translations/en/2026-10-05-newsletter.md",
        &ISSUE.replace("Welcome to", "Hello and welcome to"),
    );
    let ws = fixture.open().unwrap();
    let plan = build(&ws).unwrap();
    fs::remove_file(out.join("it/2026-10-05-newsletter.md")).unwrap();
    fixture.write("build/it/2026-10-05-newsletter.md/inside", "");
    let before = fixture.files(&fixture.root());
    let message = plan.write(&out).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "{}: cannot write: not a file (a directory?)",
            out.join("it/2026-10-05-newsletter.md").display()
        )
    );
    // The German and French outputs, staged before, were not put in place.
    assert_eq!(fixture.files(&fixture.root()), before);
    assert!(
        fs::read_to_string(out.join("de/2026-10-05-newsletter.md"))
            .unwrap()
            .contains("Welcome to the newsletter!")
    );
    // Once the place is free, everything is written, and a second write changes nothing.
    fs::remove_dir_all(out.join("it/2026-10-05-newsletter.md")).unwrap();
    assert_eq!(plan.write(&out).unwrap(), (3, 0));
    assert!(
        fs::read_to_string(out.join("de/2026-10-05-newsletter.md"))
            .unwrap()
            .contains("Hello and welcome to")
    );
    assert_eq!(plan.write(&out).unwrap(), (0, 3));
}
