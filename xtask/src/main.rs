//! Developer tasks: `cargo xtask ci` runs what CI runs; `cargo xtask bench` times the tool on
//! the real corpus.

use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let task = std::env::args().nth(1);
    match task.as_deref() {
        Some("ci") => ci(),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci>\n  ci     formatting, lints and the whole test suite"
            );
            std::process::exit(2);
        }
    }
}

/// Runs `cargo` with `args` in the workspace root, failing when it fails.
fn cargo(args: &[&str]) -> Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
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
    cargo(&["test", "--workspace", "--locked"])
}
