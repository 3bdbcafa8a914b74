//! `verso sync` killed with SIGKILL at any moment of its run, on the corpus: every store is whole
//! (absent or its new bytes for a first sync, its old or its new bytes afterwards), only verso's
//! temporary files are left besides, and the next sync finishes the work exactly as an
//! uninterrupted one.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LANGUAGES: [&str; 3] = ["fr", "de", "it"];

/// How many kills per phase, spread over the length of an uninterrupted run.
const KILLS: u32 = 8;

fn verso(ws: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_verso"));
    command
        .arg("-C")
        .arg(ws)
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Every file under the store directories, with its bytes.
fn stores(ws: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for lang in LANGUAGES {
        let dir = ws.join("translations").join(lang);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    files
}

fn is_temporary(path: &Path) -> bool {
    verso_store::write::is_temporary(path.file_name().unwrap())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Whether the sync started renaming: a store that was not there, or whose size changed.
fn renaming(ws: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> bool {
    LANGUAGES.iter().any(|lang| {
        fs::read_dir(ws.join("translations").join(lang)).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let path = e.path();
                !is_temporary(&path)
                    && before
                        .get(&path)
                        .is_none_or(|old| e.metadata().is_ok_and(|m| m.len() != old.len() as u64))
            })
        })
    })
}

/// Kills a sync of `ws` (whose stores are `before`) `KILLS` times, each right after the moment
/// it started renaming (or, for odd attempts, at a moment spread over `length`,
/// planning included), checks what each kill left against `before` and `after` (an
/// uninterrupted sync's stores, by file name), then puts `before` back. Returns how many kills
/// caught the sync between its first and its last rename.
fn kill_repeatedly(
    ws: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    length: Duration,
) -> u32 {
    let mut halfway = 0;
    for i in 1..=KILLS {
        let mut child = verso(ws).spawn().unwrap();
        if i % 2 == 1 {
            std::thread::sleep(length.mul_f64(f64::from(i) / f64::from(KILLS)));
        } else {
            while child.try_wait().unwrap().is_none() && !renaming(ws, before) {}
            std::thread::sleep(Duration::from_micros(u64::from(i - 2) * 50));
        }
        let _ = child.kill();
        child.wait().unwrap();
        let found = stores(ws);
        let (mut old, mut new) = (0, 0);
        for (path, bytes) in &found {
            if is_temporary(path) {
                continue;
            }
            let expected = after
                .get(path)
                .unwrap_or_else(|| panic!("kill {i}: unexpected file {}", path.display()));
            if bytes == expected {
                new += 1;
            } else {
                assert_eq!(
                    Some(bytes),
                    before.get(path),
                    "kill {i}: {} is neither its old nor its new version",
                    path.display()
                );
                old += 1;
            }
        }
        let missing = after.keys().filter(|p| !found.contains_key(*p)).count();
        assert!(
            missing == 0 || before.is_empty(),
            "kill {i}: {missing} stores vanished"
        );
        if (old > 0 || missing > 0) && new > 0 {
            halfway += 1;
        }
        // Back to `before`, temporary files included away, for the next kill.
        for path in found.keys() {
            fs::remove_file(path).unwrap();
        }
        for (path, bytes) in before {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let _ = fs::remove_dir_all(ws.join(".verso"));
    }
    halfway
}

#[test]
fn a_killed_sync_leaves_every_store_whole_and_the_next_one_finishes() {
    let Some(corpus) = verso_testkit::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&corpus.join("en"), &ws.join("translations/en"));
    fs::write(
        ws.join("verso.toml"),
        "languages = [\"fr\", \"de\", \"it\"]\n",
    )
    .unwrap();
    let reference = dir.path().join("reference");
    copy_dir(&ws, &reference);

    // Phase 1: the first sync creates 240 stores.
    let start = Instant::now();
    assert!(verso(&reference).status().unwrap().success());
    let length = start.elapsed();
    let created = stores(&reference);
    assert_eq!(created.len(), 80 * LANGUAGES.len());
    let rebase = |stores: &BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
        stores
            .iter()
            .map(|(p, b)| (ws.join(p.strip_prefix(&reference).unwrap()), b.clone()))
            .collect()
    };
    let first = rebase(&created);
    let halfway_first = kill_repeatedly(&ws, &BTreeMap::new(), &first, length);

    // Phase 2: every issue edited, so every store changes.
    for entry in fs::read_dir(ws.join("translations/en")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\nA paragraph added to see the sync killed.\n");
        fs::write(&path, &text).unwrap();
        let name = path.file_name().unwrap();
        fs::write(reference.join("translations/en").join(name), &text).unwrap();
    }
    for (path, bytes) in &first {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let start = Instant::now();
    assert!(verso(&reference).status().unwrap().success());
    let length = start.elapsed();
    let second = rebase(&stores(&reference));
    assert!(
        first.iter().all(|(p, b)| second[p] != *b),
        "every store changes"
    );
    let halfway_second = kill_repeatedly(&ws, &first, &second, length);

    // A sync after a kill finishes the work: the stores of an uninterrupted sync, no
    // temporary file left.
    let mut child = verso(&ws).spawn().unwrap();
    std::thread::sleep(length.mul_f64(0.9));
    let _ = child.kill();
    child.wait().unwrap();
    assert!(verso(&ws).status().unwrap().success());
    assert_eq!(stores(&ws), second);
    eprintln!(
        "kills between the first and the last rename: {halfway_first} of {KILLS} (first sync), \
         {halfway_second} of {KILLS} (after edits)"
    );
}
