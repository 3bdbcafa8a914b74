//! The peers: other tools doing verso's jobs on the same English issues, each in its own
//! directory, each the way its documentation suggests (one process per language at most, so
//! that process start-up does not count against them).
//!
//! - mdbook-i18n-helpers: `mdbook-xgettext` extracts one catalog of the whole archive, then
//!   gettext's `msginit` (first sync) or `msgmerge` (sync) makes one PO file per language, and
//!   `msgfmt --statistics` reports. The render context that `mdbook` would pipe to the renderer
//!   is written before each run, untimed.
//! - translate-toolkit: `md2po` extracts one template per issue, `pot2po` makes (first sync) or
//!   updates (sync, with the old PO files as template) one PO file per issue and language, and
//!   `pocount` reports.
//! - po4a: one configuration listing every issue; `po4a --no-translations` extracts and merges
//!   one PO file per language. It has no report of its own (gettext's is in the first column).
//!
//! The later jobs, on the translated PO files the sync jobs left:
//!
//! - build (translated Markdown of every issue and language): translate-toolkit `po2md` (one
//!   run per language, the English directory as template); po4a `po4a --no-update --keep 0`
//!   (every document of every language, PO files untouched). mdbook-i18n-helpers'
//!   `mdbook-gettext` would be the third, but 0.x panics in `polib` on the headers `msginit`
//!   writes, so it has no build column.
//! - check: gettext `msgfmt -c` on each language's PO file (the mdbook column);
//!   translate-toolkit `pofilter` (its default checks) on every PO file. po4a has none.
//! - import (translated Markdown aligned with its English into translation files, one
//!   language: the French files verso built, `$TR`): translate-toolkit `md2po -t` (English
//!   as template, the translation as input: a bilingual PO per issue; one process per issue,
//!   as with a directory it finds no template, 3.x); po4a
//!   `po4a-gettextize` (one process per issue, as its documentation shows). gettext has none.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::LANGUAGES;

/// A job as a peer does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Create the translation files of every issue and language.
    FirstSync,
    /// Bring existing translation files up to date with the English.
    Sync,
    /// Report per-language (or per-file) coverage.
    Status,
    /// Write the translated Markdown of every issue and language.
    Build,
    /// Check every translation.
    Check,
    /// Turn the translated Markdown of one language (`$TR`) into translation files.
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Mdbook,
    TranslateToolkit,
    Po4a,
}

pub struct Peer {
    /// The column title.
    pub name: &'static str,
    /// The programs it needs on PATH.
    pub programs: &'static [&'static str],
    tool: Tool,
}

pub fn all() -> Vec<Peer> {
    vec![
        Peer {
            name: "mdbook-xgettext+gettext",
            programs: &["mdbook-xgettext", "msginit", "msgmerge", "msgfmt"],
            tool: Tool::Mdbook,
        },
        Peer {
            name: "translate-toolkit",
            programs: &["md2po", "pot2po", "pocount"],
            tool: Tool::TranslateToolkit,
        },
        Peer {
            name: "po4a",
            programs: &["po4a"],
            tool: Tool::Po4a,
        },
    ]
}

impl Peer {
    /// The programs that are not on PATH.
    pub fn missing(&self) -> Vec<&'static str> {
        self.programs
            .iter()
            .copied()
            .filter(|program| find_program(program).is_none())
            .collect()
    }

    /// The untimed preparation before a run: what the tool's driver would hand it.
    pub fn prepare(&self, dir: &Path, english: &Path, names: &[String]) -> Result<()> {
        std::fs::create_dir_all(dir.join("po"))?;
        match self.tool {
            Tool::Mdbook => {
                let src = dir.join("book/src");
                std::fs::create_dir_all(&src)?;
                let mut summary = String::from("# Summary\n\n");
                let mut items = Vec::new();
                for name in names {
                    summary.push_str(&format!("- [{name}]({name}.md)\n"));
                    let content = std::fs::read_to_string(english.join(format!("{name}.md")))?;
                    items.push(serde_json::json!({ "Chapter": {
                        "name": name,
                        "content": content,
                        "number": null,
                        "sub_items": [],
                        "path": format!("{name}.md"),
                        "source_path": format!("{name}.md"),
                        "parent_names": [],
                    }}));
                }
                std::fs::write(src.join("SUMMARY.md"), summary)?;
                let context = serde_json::json!({
                    "version": "0.5.0",
                    "root": dir.join("book"),
                    "book": { "items": items },
                    "config": {
                        "book": { "title": "XMPP Newsletter" },
                        "output": { "xgettext": {} },
                    },
                    "destination": dir.join("pot"),
                });
                std::fs::write(dir.join("context.json"), serde_json::to_vec(&context)?)?;
            }
            Tool::TranslateToolkit => {}
            Tool::Po4a => {
                let mut config = format!(
                    "[po4a_langs] {}\n[po4a_paths] pot/newsletter.pot $lang:po/$lang.po\n\
                     [options] opt:\"-o markdown -o yfm_lenient\"\n",
                    LANGUAGES.join(" ")
                );
                for name in names {
                    let md = english.join(format!("{name}.md"));
                    config.push_str(&format!(
                        "[type: text] {} $lang:out/$lang/{name}.md\n",
                        md.display()
                    ));
                }
                std::fs::write(dir.join("po4a.cfg"), config)?;
            }
        }
        Ok(())
    }

    /// The shell script doing `job` in the peer's directory (`$EN` is the English directory,
    /// `$LANGS` the languages), or `None` when the tool has no such job.
    pub fn script(&self, job: Job) -> Option<&'static str> {
        Some(match (self.tool, job) {
            (Tool::Mdbook, Job::FirstSync) => {
                "mdbook-xgettext < context.json
                 for l in $LANGS; do msginit --no-translator -l $l -i pot/messages.pot -o po/$l.po; done"
            }
            (Tool::Mdbook, Job::Sync) => {
                "mdbook-xgettext < context.json
                 for l in $LANGS; do msgmerge --quiet --update --backup=none po/$l.po pot/messages.pot; done"
            }
            (Tool::Mdbook, Job::Status) => {
                "for l in $LANGS; do msgfmt --statistics -o /dev/null po/$l.po; done"
            }
            (Tool::TranslateToolkit, Job::FirstSync) => {
                "md2po --progress=none --pot -i \"$EN\" -o pot
                 for l in $LANGS; do pot2po --progress=none -i pot -o po/$l; done"
            }
            (Tool::TranslateToolkit, Job::Sync) => {
                "rm -rf pot
                 md2po --progress=none --pot -i \"$EN\" -o pot
                 for l in $LANGS; do
                   pot2po --progress=none -t po/$l -i pot -o po/$l.new
                   rm -rf po/$l; mv po/$l.new po/$l
                 done"
            }
            (Tool::TranslateToolkit, Job::Status) => "pocount po",
            (Tool::Po4a, Job::FirstSync | Job::Sync) => "po4a --no-translations po4a.cfg",
            (Tool::Po4a, Job::Status) => return None,
            (Tool::Mdbook, Job::Build) => return None,
            (Tool::Mdbook, Job::Check) => {
                "for l in $LANGS; do msgfmt -c -o /dev/null po/$l.po; done"
            }
            (Tool::Mdbook, Job::Import) => return None,
            (Tool::TranslateToolkit, Job::Build) => {
                "rm -rf out; mkdir out
                 for l in $LANGS; do po2md --progress=none -t \"$EN\" -i po/$l -o out/$l; done"
            }
            (Tool::TranslateToolkit, Job::Check) => {
                "rm -rf filtered
                 pofilter --progress=none -i po -o filtered"
            }
            (Tool::TranslateToolkit, Job::Import) => {
                "rm -rf imported; mkdir imported
                 for f in \"$TR\"/*.md; do
                   n=${f##*/}
                   md2po --progress=none -t \"$EN/$n\" -i \"$f\" -o imported/${n%.md}.po
                 done"
            }
            (Tool::Po4a, Job::Build) => "po4a --no-update --keep 0 po4a.cfg",
            (Tool::Po4a, Job::Check) => return None,
            (Tool::Po4a, Job::Import) => {
                "rm -rf imported; mkdir imported
                 for f in \"$TR\"/*.md; do
                   n=${f##*/}
                   po4a-gettextize -f text -o markdown -o yfm_lenient -M UTF-8 -L UTF-8 \\
                     -m \"$EN/$n\" -l \"$f\" -p imported/${n%.md}.po
                 done"
            }
        })
    }

    /// Translates every message of the peer's PO files as verso's stores are (untimed).
    pub fn translate(&self, dir: &Path) -> Result<usize> {
        let mut files = 0;
        let mut pending = vec![dir.join("po")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "po") {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    std::fs::write(&path, super::archive::pseudo_translate_po(&text))?;
                    files += 1;
                }
            }
        }
        Ok(files)
    }
}

/// Where `program` is on PATH.
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
