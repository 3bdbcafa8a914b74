//! Developer tasks, one module each: `cargo xtask ci` runs what CI runs; `cargo xtask bench`
//! times the tool and its peers on archives made from the real corpus.

mod bench;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

fn usage() -> String {
    format!(
        "usage: cargo xtask <ci|bench>\n  ci                 formatting, lints and the whole test suite\n{}",
        bench::USAGE
    )
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ci") if args.len() == 1 => ci(),
        Some("bench") => {
            let verso = build_release()?;
            bench::main(&args[1..], &root(), &verso)
        }
        _ => {
            eprintln!("{}", usage());
            std::process::exit(2);
        }
    }
}

/// Builds the release `verso`; its path.
fn build_release() -> Result<PathBuf> {
    cargo(&["build", "--release", "--locked", "-p", "verso"])?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let verso = target.join("release/verso");
    ensure!(verso.is_file(), "no binary at {}", verso.display());
    Ok(verso)
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `cargo` with `args` in the workspace root, failing when it fails.
fn cargo(args: &[&str]) -> Result<()> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Formatting, lints, then every test of the workspace.
fn ci() -> Result<()> {
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace", "--locked"])?;
    // The test harness hides what passing tests print, so say it here.
    let corpus = root().join("../shared/corpus/xmpp-newsletter");
    if !corpus.join("en").is_dir() {
        eprintln!(
            "SKIPPED: the corpus tests found no corpus at {}; they passed without checking it",
            corpus.display()
        );
    }
    Ok(())
}
