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
