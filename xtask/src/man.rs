//! `cargo xtask man`: the man page, `target/man/verso.1`, rendered by `verso man` (a hidden
//! command: clap_mangen needs the command line's definition, which lives in the binary).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::root;

/// Builds `verso`, renders its man page and writes it under `target/man`; returns its path.
pub fn man() -> Result<PathBuf> {
    eprintln!("$ cargo run -q -p verso -- man");
    let output = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "verso", "--", "man"])
        .current_dir(root())
        .output()
        .context("cannot run cargo run -p verso -- man")?;
    ensure!(
        output.status.success(),
        "verso man failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = root().join("target/man");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("verso.1");
    std::fs::write(&path, &output.stdout)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {} (read it with `man {}`)",
        path.display(),
        path.display()
    );
    Ok(path)
}
