//! The outline cache: what a no-op `verso sync` reports, kept under `.verso/cache/` so that a
//! workspace where nothing changed is not planned again. (`verso status` also reports the
//! findings of `verso check`, which the cache does not hold: it plans.)
//!
//! One file per language holds the [`Outline`] of every store of a full plan (all issues),
//! under a key that hashes everything the plan read or depends on: the cache format, verso's
//! version, the configuration (every option of `verso.toml`, as parsed), the language, and the name, path and bytes of every English issue and
//! of every store file of the language (absent ones included). Any change to any of them gives
//! another key, and the plan runs again. The directory is safe to delete, holds a `.gitignore`
//! that ignores it, and a cache file that cannot be read or parsed counts as absent: any doubt
//! falls back to the full plan.
//!
//! ```text
//! verso outline cache 2
//! key 5f0c…
//! 2026-11-05-newsletter → fr/2026-11-05-newsletter.toml → 1 1 1 → 12 0 10 1 1 0 → 310 0 280 20 10 0 → 12 0 0 0 0 0 0
//! ```
//! (Fields separated by tabs, shown as `→`: issue, store path, exists / up to date / same
//! content, units and words by state — total, reviewed, translated, fuzzy, untranslated,
//! suggested — and the changes of the sync: kept, fuzzy, new, filled, suggested, restored,
//! retired.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use verso_report::{Counts, Tally};
use verso_sync::Changes;
use xxhash_rust::xxh3::Xxh3;

/// The directory of the cache, relative to the workspace root.
pub const CACHE_DIR: &str = ".verso";
/// Changed whenever the file's layout or meaning changes.
const FORMAT: &str = "verso outline cache 2";

/// What `status` and `sync` report of one planned store, without the store itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The store's language.
    pub language: String,
    /// The issue's name.
    pub issue: String,
    /// The store file, relative to the workspace root.
    pub path: PathBuf,
    /// Its units and words by state, once synced.
    pub counts: Counts,
    /// What the sync changes.
    pub changes: Changes,
    /// Whether the file exists.
    pub exists: bool,
    /// Whether the file already holds exactly the synced bytes.
    pub up_to_date: bool,
    /// Whether the file already holds the synced store, maybe laid out differently.
    pub same_content: bool,
    /// The store of the issue's old name that the sync moves here, when the English issue was
    /// renamed (never cached: a plan that renames is not saved).
    pub renamed_from: Option<PathBuf>,
}

/// A running hash of the inputs of one language's plan.
pub(crate) struct KeyBuilder(Xxh3);

impl KeyBuilder {
    pub(crate) fn new(config: &[u8], language: &str) -> KeyBuilder {
        let mut hasher = Xxh3::new();
        for part in [
            FORMAT.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            config,
            language.as_bytes(),
        ] {
            field(&mut hasher, part);
        }
        KeyBuilder(hasher)
    }

    /// Adds a named file: its path and the hash of its bytes (`None` when it is absent).
    pub(crate) fn file(&mut self, path: &Path, content: Option<u128>) {
        field(&mut self.0, path.to_string_lossy().as_bytes());
        match content {
            Some(hash) => field(&mut self.0, &hash.to_le_bytes()),
            None => field(&mut self.0, b"absent"),
        }
    }

    pub(crate) fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// A length-prefixed part, so that no two different sequences of parts hash alike by
/// concatenation.
fn field(hasher: &mut Xxh3, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The hash of a file's bytes.
pub(crate) fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

fn file_of(root: &Path, language: &str) -> PathBuf {
    root.join(CACHE_DIR)
        .join("cache")
        .join(format!("outline-{language}"))
}

/// The cached outlines of `language` under `key`, or `None` when there are none (absent,
/// stale, unreadable or not understood).
pub(crate) fn load(root: &Path, language: &str, key: u128) -> Option<Vec<Outline>> {
    let text = std::fs::read_to_string(file_of(root, language)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != FORMAT {
        return None;
    }
    if lines.next()? != format!("key {key:032x}") {
        return None;
    }
    lines.map(|line| parse_line(language, line)).collect()
}

fn parse_line(language: &str, line: &str) -> Option<Outline> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [issue, path, flags, units, words, changes] = fields[..] else {
        return None;
    };
    let numbers =
        |text: &str| -> Option<Vec<usize>> { text.split(' ').map(|n| n.parse().ok()).collect() };
    let tally = |text: &str| -> Option<Tally> {
        let [total, reviewed, translated, fuzzy, untranslated, suggested] = numbers(text)?[..]
        else {
            return None;
        };
        Some(Tally {
            total,
            reviewed,
            translated,
            fuzzy,
            untranslated,
            suggested,
        })
    };
    let [exists, up_to_date, same_content] = numbers(flags)?[..] else {
        return None;
    };
    let [kept, fuzzy, new, filled, suggested, restored, retired] = numbers(changes)?[..] else {
        return None;
    };
    Some(Outline {
        language: language.to_string(),
        issue: issue.to_string(),
        path: PathBuf::from(path),
        counts: Counts {
            units: tally(units)?,
            words: tally(words)?,
        },
        changes: Changes {
            kept,
            fuzzy,
            new,
            filled,
            suggested,
            restored,
            retired,
        },
        exists: exists == 1,
        up_to_date: up_to_date == 1,
        same_content: same_content == 1,
        renamed_from: None,
    })
}

/// Saves the outlines of `language` under `key`. Failing to save is not an error: the cache
/// is only ever a shortcut. Nothing is saved when a name cannot be written on one line.
pub(crate) fn save(root: &Path, language: &str, key: u128, outlines: &[&Outline]) {
    let mut text = format!("{FORMAT}\nkey {key:032x}\n");
    for outline in outlines {
        let path = outline.path.to_string_lossy();
        if [outline.issue.as_str(), &path]
            .iter()
            .any(|s| s.contains(['\t', '\n', '\r']))
        {
            return;
        }
        let tally = |t: &Tally| {
            format!(
                "{} {} {} {} {} {}",
                t.total, t.reviewed, t.translated, t.fuzzy, t.untranslated, t.suggested
            )
        };
        let c = &outline.changes;
        let _ = writeln!(
            text,
            "{}\t{path}\t{} {} {}\t{}\t{}\t{} {} {} {} {} {} {}",
            outline.issue,
            u8::from(outline.exists),
            u8::from(outline.up_to_date),
            u8::from(outline.same_content),
            tally(&outline.counts.units),
            tally(&outline.counts.words),
            c.kept,
            c.fuzzy,
            c.new,
            c.filled,
            c.suggested,
            c.restored,
            c.retired,
        );
    }
    let file = file_of(root, language);
    let _ = write(root, &file, &text);
}

fn write(root: &Path, file: &Path, text: &str) -> std::io::Result<()> {
    let dir = root.join(CACHE_DIR);
    std::fs::create_dir_all(file.parent().unwrap_or(&dir))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# verso's cache: safe to delete.\n*\n")?;
    }
    verso_store::write::write_atomic(file, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_read_back_as_written_and_a_stale_key_reads_nothing() {
        let root = tempfile::tempdir().unwrap();
        let outline = Outline {
            language: "fr".into(),
            issue: "2026-11-05-newsletter".into(),
            path: PathBuf::from("fr/2026-11-05-newsletter.toml"),
            counts: Counts {
                units: Tally {
                    total: 5,
                    reviewed: 1,
                    translated: 2,
                    fuzzy: 1,
                    untranslated: 1,
                    suggested: 1,
                },
                words: Tally {
                    total: 50,
                    reviewed: 10,
                    translated: 20,
                    fuzzy: 10,
                    untranslated: 10,
                    suggested: 5,
                },
            },
            changes: Changes {
                kept: 4,
                fuzzy: 1,
                new: 0,
                filled: 0,
                suggested: 3,
                restored: 0,
                retired: 2,
            },
            exists: true,
            up_to_date: false,
            same_content: true,
            renamed_from: None,
        };
        save(root.path(), "fr", 7, &[&outline]);
        assert_eq!(load(root.path(), "fr", 7), Some(vec![outline]));
        assert_eq!(load(root.path(), "fr", 8), None);
        assert_eq!(load(root.path(), "de", 7), None);
        let ignore = std::fs::read_to_string(root.path().join(".verso/.gitignore")).unwrap();
        assert!(ignore.ends_with("*\n"));
        let bad = format!("{FORMAT}\nkey {:032x}\nbad\n", 7);
        std::fs::write(file_of(root.path(), "fr"), bad).unwrap();
        assert_eq!(load(root.path(), "fr", 7), None);
    }
}
