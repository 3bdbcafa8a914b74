//! `verso status` and `verso sync` print the same with the outline cache (`.verso/`) and
//! without it, with one thread or two, on the example workspace (the corpus test of the cache
//! is `crates/workspace/tests/cache.rs`).

use assert_cmd::Command;
use verso_testkit::TempWorkspace;

/// Runs verso in `ws` with `threads` threads: its standard output.
fn run(ws: &TempWorkspace, threads: usize, args: &[&str]) -> String {
    let output = Command::cargo_bin("verso")
        .unwrap()
        .current_dir(ws.root())
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn outputs_are_the_same_with_and_without_the_cache_and_with_one_thread_or_two() {
    let ws = TempWorkspace::example();
    let cache = ws.root().join(".verso");
    for args in [
        &["status", "--format", "json"][..],
        &["status"],
        &["sync", "--dry-run"],
    ] {
        let mut outputs = Vec::new();
        for threads in [1, 2] {
            let _ = std::fs::remove_dir_all(&cache);
            outputs.push(run(&ws, threads, args)); // cold
            outputs.push(run(&ws, threads, args)); // warm
        }
        assert!(
            outputs.iter().all(|o| *o == outputs[0]),
            "{args:?}: {outputs:#?}"
        );
    }
    // A real sync, then the no-op sync after it: cold and warm alike.
    run(&ws, 2, &["sync"]);
    let stores = ws.stores_text();
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let _ = std::fs::remove_dir_all(&cache);
        outputs.push(run(&ws, threads, &["sync"]));
        outputs.push(run(&ws, threads, &["sync"]));
        outputs.push(run(&ws, threads, &["status", "--format", "json"]));
    }
    assert_eq!(ws.stores_text(), stores);
    assert!(cache.join("cache").is_dir());
    for chunk in outputs.chunks(3) {
        assert_eq!(chunk, &outputs[..3]);
    }
    assert!(outputs[0].contains(" unchanged."), "{}", outputs[0]);
}

/// `status` counts the findings of `verso check`, which depend on the glossaries too: the
/// cache follows an edit of `glossary/LANG.toml` or `glossary/names.toml`.
#[test]
fn status_follows_the_glossaries() {
    let ws = TempWorkspace::example();
    let cache = ws.root().join(".verso");
    run(&ws, 2, &["sync"]);
    let json = ["status", "--format", "json"];
    let before = run(&ws, 2, &json);
    assert_eq!(run(&ws, 2, &json), before); // warm
    let saved = std::fs::read_to_string(cache.join("cache/outline-fr")).unwrap();
    assert!(!saved.contains("\t-\n"), "saved without findings: {saved}");
    let glossary = ws.root().join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    let mut outputs = vec![before];
    for (file, text) in [
        (
            "fr.toml",
            "[[term]]\nterm = \"newsletter\"\ntranslation = [\"QQQ\"]\n",
        ),
        ("names.toml", "names = [\"Newsletter\"]\n"),
    ] {
        std::fs::write(glossary.join(file), text).unwrap();
        let warm = run(&ws, 2, &json);
        let _ = std::fs::remove_dir_all(&cache);
        assert_eq!(run(&ws, 1, &json), warm, "{file}");
        assert_ne!(Some(&warm), outputs.last(), "{file} changed no count");
        outputs.push(warm);
    }
}
