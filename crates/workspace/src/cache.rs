//! The outline cache: what `verso status` and a no-op `verso sync` report, kept under
//! `.verso/cache/` so that a workspace where nothing changed is not planned (nor checked) again.
//!
//! One file per language holds the [`Outline`] of every store of a full plan (all issues),
//! under a key that hashes everything the plan read or depends on: the cache format, verso's
//! version, the configuration (every option of `verso.toml`, as parsed), the language, and the
//! path and bytes of every English issue, of every store file of the language (absent ones
//! included) and of the glossaries `verso check` reads (`glossary/LANG.toml`,
//! `glossary/names.toml`). Any change to any of them gives
//! another key, and the plan runs again. The directory is safe to delete, holds a `.gitignore`
//! that ignores it, and a cache file that cannot be read or parsed counts as absent: any doubt
//! falls back to the full plan.
//!
//! ```text
//! verso outline cache 4
//! key 5f0c…
//! 2026-11-05-newsletter → fr/2026-11-05-newsletter.toml → 1 1 1 → 12 0 10 1 1 0 → 310 0 280 20 10 0 → 12 0 0 0 0 0 0 → 0 3
//! end
//! ```
//! (Fields separated by tabs, shown as `→`: issue, store path, exists / up to date / same
//! content, units and words by state — total, reviewed, translated, fuzzy, untranslated,
//! suggested —, the changes of the sync: kept, fuzzy, new, filled, suggested, restored,
//! retired, and the error and warning findings of `verso check`, `-` when the plan that saved
//! the outline did not check: a sync's.)
//!
//! A run with an empty cache reads each file once: the probe, having nothing to compare a key
//! with, reads no issue or store; the plan hashes each file as it reads it (see `Seen`), the
//! key of those bytes is the one the outline is saved under, and it is saved only if a probe
//! made afterwards finds that same key on disk (a file saved meanwhile keeps it out).
//!
//! Beside it, `check-LANG` holds the findings themselves, under the same key, saved by every
//! plan that checked (`verso check`, and `verso status`, which counts them): a `verso check`
//! where nothing changed prints them without planning. One line per store (`store`, issue,
//! path, up to date), per entry with findings (`entry`, id, line) and per finding (`finding`,
//! severity, kind, message, English and translated fragments), fields separated by tabs, with
//! `\`, tab, line feed and carriage return escaped (`\\`, `\t`, `\n`, `\r`), then `end`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use verso_check::{CheckKind, Finding, Severity};
use verso_report::{Counts, FindingCounts, Tally};
use verso_sync::Changes;
use xxhash_rust::xxh3::Xxh3;

use crate::{CheckedEntry, StoreFindings};

/// The directory of the cache, relative to the workspace root.
pub const CACHE_DIR: &str = ".verso";
/// Changed whenever the file's layout or meaning changes.
const FORMAT: &str = "verso outline cache 4";

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
    /// The findings of `verso check` on its translations, when the plan was checked.
    pub findings: Option<FindingCounts>,
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

/// The key of one language: the files it covers, in order, each with the hash of its bytes
/// (`None` when it is absent).
pub(crate) fn language_key(
    config: &[u8],
    language: &str,
    files: impl IntoIterator<Item = (impl AsRef<Path>, Option<u128>)>,
) -> u128 {
    let mut key = KeyBuilder::new(config, language);
    for (path, hash) in files {
        key.file(path.as_ref(), hash);
    }
    key.finish()
}

/// What a plan read of the files a key covers, so that its outline can be saved under the key
/// of those very bytes without reading them again: for each file (relative to the root), the
/// hash of its bytes and, when it had settled, the stamp taken before it was read (see
/// [`Stamp`]); `None` for a file that was not there.
#[derive(Debug, Default)]
pub(crate) struct Seen(std::sync::Mutex<HashMap<PathBuf, SeenFile>>);

/// A file as a plan read it: the hash of its bytes and its settled stamp; `None` when absent.
type SeenFile = Option<(u128, Option<Stamp>)>;

impl Seen {
    /// Records the bytes read from `path`, whose metadata before the read was `meta`; returns
    /// their hash.
    pub(crate) fn read(&self, path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> u128 {
        let stamp = Stamp::of(meta).filter(Stamp::is_settled);
        let hash = content_hash(bytes);
        if let Ok(mut seen) = self.0.lock() {
            seen.insert(path.to_owned(), Some((hash, stamp)));
        }
        hash
    }

    /// Records that there was no file at `path`.
    pub(crate) fn absent(&self, path: &Path) {
        if let Ok(mut seen) = self.0.lock() {
            seen.insert(path.to_owned(), None);
        }
    }

    /// The hash of what was read at `path` (`Some(None)`: absent); `None` when it was not
    /// looked at.
    pub(crate) fn hash(&self, path: &Path) -> Option<Option<u128>> {
        let seen = self.0.lock().ok()?;
        seen.get(path).map(|read| read.map(|(hash, _)| hash))
    }

    /// The stamps of the files read that had settled, to add to the recorded ones.
    pub(crate) fn stamps(&self) -> Stamps {
        let Ok(seen) = self.0.lock() else {
            return Stamps::new();
        };
        seen.iter()
            .filter_map(|(path, read)| {
                let (hash, stamp) = (*read)?;
                Some((path.clone(), (stamp?, hash)))
            })
            .collect()
    }
}

/// A file's metadata that any change of its bytes changes: size, modification and status
/// change times (the status change time cannot be set back by any tool), inode and device.
/// Under the same stamp, a file is taken to hold the bytes it held when it was hashed, as git
/// does for its index; a stamp is only recorded when the file had not changed for two seconds
/// before (so that no later write can fall within the same clock tick). Elsewhere than Unix
/// there are no stamps, and every file is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp([i64; 7]);

/// The stamps and hashes of files (paths relative to the root), as recorded.
pub(crate) type Stamps = HashMap<PathBuf, (Stamp, u128)>;

impl Stamp {
    #[cfg(unix)]
    pub(crate) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp([
            meta.len() as i64,
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
            meta.ino() as i64,
            meta.dev() as i64,
        ]))
    }

    #[cfg(not(unix))]
    pub(crate) fn of(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file's last change is at least two seconds old.
    pub(crate) fn is_settled(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.0[1].max(self.0[3]) + 2 <= now
    }
}

fn stamps_file(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join("cache").join("stamps")
}

/// The recorded stamps; none when the file is absent or not understood.
pub(crate) fn load_stamps(root: &Path) -> Stamps {
    let Ok(text) = std::fs::read_to_string(stamps_file(root)) else {
        return Stamps::new();
    };
    // Written without a flush: a file cut short by a crash lacks its last line.
    let Some(text) = text.strip_suffix("end\n") else {
        return Stamps::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        return Stamps::new();
    }
    let parse = |line: &str| -> Option<(PathBuf, (Stamp, u128))> {
        let (path, rest) = line.split_once('\t')?;
        let (hash, stamp) = rest.split_once(' ')?;
        Some((
            PathBuf::from(path),
            (Stamp(numbers(stamp)?), u128::from_str_radix(hash, 16).ok()?),
        ))
    };
    lines
        .map(parse)
        .collect::<Option<Stamps>>()
        .unwrap_or_default()
}

/// Saves `stamps`; like the outlines, failing to save is not an error.
pub(crate) fn save_stamps(root: &Path, stamps: &Stamps) {
    let mut text = format!("{FORMAT}\n");
    let mut sorted: Vec<_> = stamps.iter().collect();
    // In the order of their bytes: any fixed order will do, and comparing paths component
    // by component costs a tenth of a warm status at 100x.
    sorted.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    for (path, (stamp, hash)) in sorted {
        let path = path.to_string_lossy();
        if path.contains(['\t', '\n', '\r']) {
            continue;
        }
        let numbers: Vec<String> = stamp.0.iter().map(i64::to_string).collect();
        let _ = writeln!(text, "{path}\t{hash:032x} {}", numbers.join(" "));
    }
    text.push_str("end\n");
    let _ = write(root, &stamps_file(root), &text);
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
    // Written without a flush: a file cut short by a crash lacks its last line.
    let text = text.strip_suffix("end\n")?;
    let mut lines = text.lines();
    if lines.next()? != FORMAT {
        return None;
    }
    if lines.next()? != format!("key {key:032x}") {
        return None;
    }
    lines.map(|line| parse_line(language, line)).collect()
}

/// Exactly `N` fields of `text` separated by `separator`; `None` for more or fewer.
fn fields<const N: usize>(text: &str, separator: char) -> Option<[&str; N]> {
    let mut parts = text.split(separator);
    let mut out = [""; N];
    for slot in &mut out {
        *slot = parts.next()?;
    }
    parts.next().is_none().then_some(out)
}

/// Exactly `N` numbers separated by spaces.
fn numbers<const N: usize, T: std::str::FromStr + Copy + Default>(text: &str) -> Option<[T; N]> {
    let mut out = [T::default(); N];
    for (slot, field) in out.iter_mut().zip(fields::<N>(text, ' ')?) {
        *slot = field.parse().ok()?;
    }
    Some(out)
}

fn parse_line(language: &str, line: &str) -> Option<Outline> {
    let [issue, path, flags, units, words, changes, findings] = fields(line, '\t')?;
    let tally = |text: &str| -> Option<Tally> {
        let [total, reviewed, translated, fuzzy, untranslated, suggested] = numbers(text)?;
        Some(Tally {
            total,
            reviewed,
            translated,
            fuzzy,
            untranslated,
            suggested,
        })
    };
    let [exists, up_to_date, same_content] = numbers::<3, u8>(flags)?;
    let [kept, fuzzy, new, filled, suggested, restored, retired] = numbers(changes)?;
    let findings = match findings {
        "-" => None,
        _ => {
            let [errors, warnings] = numbers(findings)?;
            Some(FindingCounts { errors, warnings })
        }
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
        findings,
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
        let findings = match outline.findings {
            Some(f) => format!("{} {}", f.errors, f.warnings),
            None => "-".into(),
        };
        let _ = writeln!(
            text,
            "{}\t{path}\t{} {} {}\t{}\t{}\t{} {} {} {} {} {} {}\t{findings}",
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
    text.push_str("end\n");
    let file = file_of(root, language);
    let _ = write(root, &file, &text);
}

/// Changed whenever the layout or meaning of the findings file changes.
const FINDINGS_FORMAT: &str = "verso check cache 1";

/// Whether the cache holds anything for `language` (outlines or findings, whatever their key).
pub(crate) fn present(root: &Path, language: &str) -> bool {
    file_of(root, language).exists() || findings_file_of(root, language).exists()
}

fn findings_file_of(root: &Path, language: &str) -> PathBuf {
    root.join(CACHE_DIR)
        .join("cache")
        .join(format!("check-{language}"))
}

/// `text` on one line: `\`, tab, line feed and carriage return written as `\\`, `\t`, `\n`,
/// `\r`.
fn escape(text: &str, out: &mut String) {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// The text [`escape`] wrote; `None` for an escape it does not write.
fn unescape(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// The cached findings of `verso check` on the stores of `language` under `key` (saved by
/// [`save_findings`]), or `None` when there are none (absent, stale, unreadable or not
/// understood).
pub(crate) fn load_findings(root: &Path, language: &str, key: u128) -> Option<Vec<StoreFindings>> {
    let text = std::fs::read_to_string(findings_file_of(root, language)).ok()?;
    // A file cut short (which an atomic write never leaves, but a disk may) reads as absent.
    let body = text.strip_suffix("\nend\n")?;
    let mut lines = body.split('\n');
    if lines.next()? != FINDINGS_FORMAT {
        return None;
    }
    if lines.next()? != format!("key {key:032x}") {
        return None;
    }
    let mut stores: Vec<StoreFindings> = Vec::new();
    for line in lines {
        let (tag, rest) = line.split_once('\t')?;
        match tag {
            "store" => {
                let [issue, path, up_to_date] = fields::<3>(rest, '\t')?;
                stores.push(StoreFindings {
                    language: language.to_string(),
                    issue: unescape(issue)?,
                    path: PathBuf::from(unescape(path)?),
                    up_to_date: match up_to_date {
                        "1" => true,
                        "0" => false,
                        _ => return None,
                    },
                    entries: Vec::new(),
                });
            }
            "entry" => {
                let [id, line] = fields::<2>(rest, '\t')?;
                stores.last_mut()?.entries.push(CheckedEntry {
                    id: unescape(id)?,
                    line: line.parse().ok()?,
                    findings: Vec::new(),
                });
            }
            "finding" => {
                let [severity, kind, message, english, target] = fields::<5>(rest, '\t')?;
                let severity = match severity {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => return None,
                };
                let finding = Finding {
                    severity,
                    kind: kind.parse::<CheckKind>().ok()?,
                    message: unescape(message)?,
                    english_fragment: unescape(english)?,
                    target_fragment: unescape(target)?,
                };
                stores
                    .last_mut()?
                    .entries
                    .last_mut()?
                    .findings
                    .push(finding);
            }
            _ => return None,
        }
    }
    Some(stores)
}

/// Saves the findings of `verso check` on the stores of `language` (every store of a full
/// plan, in plan order) under `key`. Failing to save is not an error: the cache is only ever
/// a shortcut. Nothing is saved when a store path is not Unicode.
pub(crate) fn save_findings(root: &Path, language: &str, key: u128, stores: &[&StoreFindings]) {
    let mut text = format!("{FINDINGS_FORMAT}\nkey {key:032x}\n");
    for store in stores {
        let Some(path) = store.path.to_str() else {
            return;
        };
        text.push_str("store\t");
        escape(&store.issue, &mut text);
        text.push('\t');
        escape(path, &mut text);
        text.push_str(if store.up_to_date { "\t1\n" } else { "\t0\n" });
        for entry in &store.entries {
            text.push_str("entry\t");
            escape(&entry.id, &mut text);
            let _ = writeln!(text, "\t{}", entry.line);
            for f in &entry.findings {
                let _ = write!(text, "finding\t{}\t{}\t", f.severity, f.kind);
                escape(&f.message, &mut text);
                text.push('\t');
                escape(&f.english_fragment, &mut text);
                text.push('\t');
                escape(&f.target_fragment, &mut text);
                text.push('\n');
            }
        }
    }
    text.push_str("end\n");
    let file = findings_file_of(root, language);
    let _ = write(root, &file, &text);
}

fn write(root: &Path, file: &Path, text: &str) -> std::io::Result<()> {
    let dir = root.join(CACHE_DIR);
    std::fs::create_dir_all(file.parent().unwrap_or(&dir))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# verso's cache: safe to delete.\n*\n")?;
    }
    // Atomic, but not flushed: after a crash a cache file may be cut short (each one ends
    // with a line that says it is whole) or gone, and is then made again. A flush per file
    // cost a no-op sync some 30 ms.
    verso_store::write::replace_unflushed(file, text.as_bytes())
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
            findings: Some(FindingCounts {
                errors: 1,
                warnings: 4,
            }),
        };
        save(root.path(), "fr", 7, &[&outline]);
        assert_eq!(load(root.path(), "fr", 7), Some(vec![outline.clone()]));
        let unchecked = Outline {
            findings: None,
            ..outline
        };
        save(root.path(), "fr", 7, &[&unchecked]);
        let unchecked_two = unchecked.clone();
        assert_eq!(load(root.path(), "fr", 7), Some(vec![unchecked]));
        assert_eq!(load(root.path(), "fr", 8), None);
        assert_eq!(load(root.path(), "de", 7), None);
        let ignore = std::fs::read_to_string(root.path().join(".verso/.gitignore")).unwrap();
        assert!(ignore.ends_with("*\n"));
        let bad = format!("{FORMAT}\nkey {:032x}\nbad\n", 7);
        std::fs::write(file_of(root.path(), "fr"), bad).unwrap();
        assert_eq!(load(root.path(), "fr", 7), None);
        // Cut short by a crash (the files are not flushed), even at a line break: nothing.
        let two = [&unchecked_two, &unchecked_two];
        save(root.path(), "fr", 7, &two);
        let whole = std::fs::read_to_string(file_of(root.path(), "fr")).unwrap();
        assert_eq!(load(root.path(), "fr", 7).map(|o| o.len()), Some(2));
        let cut = &whole[..whole[..whole.len() - "end\n".len()].rfind('\n').unwrap() + 1];
        std::fs::write(file_of(root.path(), "fr"), cut).unwrap();
        assert_eq!(load(root.path(), "fr", 7), None);
    }

    #[test]
    fn stamps_cut_short_read_as_none() {
        let root = tempfile::tempdir().unwrap();
        let meta = std::fs::metadata(root.path()).unwrap();
        let Some(stamp) = Stamp::of(&meta) else {
            return;
        };
        let stamps: Stamps = [("a".into(), (stamp, 1)), ("b".into(), (stamp, 2))].into();
        save_stamps(root.path(), &stamps);
        assert_eq!(load_stamps(root.path()), stamps);
        let whole = std::fs::read_to_string(stamps_file(root.path())).unwrap();
        let cut = whole.strip_suffix("end\n").unwrap();
        std::fs::write(stamps_file(root.path()), cut).unwrap();
        assert!(load_stamps(root.path()).is_empty());
    }

    #[test]
    fn findings_read_back_as_written_whatever_their_text() {
        let root = tempfile::tempdir().unwrap();
        let finding = |kind: CheckKind, message: &str, english: &str, target: &str| Finding {
            severity: kind.severity(),
            kind,
            message: message.into(),
            english_fragment: english.into(),
            target_fragment: target.into(),
        };
        let stores = vec![
            StoreFindings {
                language: "fr".into(),
                issue: "2026-11-05\tnewsletter".into(),
                path: PathBuf::from("fr/a\\b\nc.toml"),
                up_to_date: true,
                entries: vec![
                    CheckedEntry {
                        id: "e1232e16".into(),
                        line: 12,
                        findings: vec![
                            finding(CheckKind::NewLink, "a `\\t` and a \\n", "", "l\nb\r\tc\\"),
                            finding(CheckKind::Numbers, "", "1 2\n\n", "end\n"),
                        ],
                    },
                    CheckedEntry {
                        id: "7a6dc474".into(),
                        line: 40,
                        findings: vec![finding(CheckKind::Allow, "é\\\\t", "\\", "\t")],
                    },
                ],
            },
            StoreFindings {
                language: "fr".into(),
                issue: "2026-10-05-newsletter".into(),
                path: PathBuf::from("fr/2026-10-05-newsletter.toml"),
                up_to_date: false,
                entries: Vec::new(),
            },
        ];
        let all: Vec<&StoreFindings> = stores.iter().collect();
        save_findings(root.path(), "fr", 7, &all);
        assert_eq!(load_findings(root.path(), "fr", 7), Some(stores));
        assert_eq!(load_findings(root.path(), "fr", 8), None);
        assert_eq!(load_findings(root.path(), "de", 7), None);
        // Cut short anywhere, or with an unknown escape: no cache.
        let file = findings_file_of(root.path(), "fr");
        let text = std::fs::read_to_string(&file).unwrap();
        for cut in [1, 4, text.len() / 2] {
            std::fs::write(&file, &text[..text.len() - cut]).unwrap();
            assert_eq!(load_findings(root.path(), "fr", 7), None, "{cut}");
        }
        std::fs::write(&file, text.replace("\\t", "\\q")).unwrap();
        assert_eq!(load_findings(root.path(), "fr", 7), None);
        save_findings(root.path(), "fr", 7, &[]);
        assert_eq!(load_findings(root.path(), "fr", 7), Some(Vec::new()));
    }
}
