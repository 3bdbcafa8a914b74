//! Running one timed command: wall time, peak memory, and a time limit.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// How one timed command ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It succeeded: wall time, processor time (user and system, its whole tree) and peak
    /// resident set size in KiB (of the largest process of its tree, as `wait4` reports it to
    /// the launcher, see [`launch`]).
    Done {
        time: Duration,
        cpu: Duration,
        peak_kib: u64,
    },
    /// It exited with an error; the end of what it printed.
    Failed { message: String },
    /// It was killed at the time limit.
    TimedOut { limit: Duration },
}

/// Runs `command` in its own process group with stdin closed and both outputs in `log`,
/// killing the whole group after `limit`.
pub fn measure(command: Command, log: &Path, limit: Duration) -> Result<Outcome> {
    measure_with(command, log, limit, &[0])
}

/// [`measure`], where any exit status in `ok` is a success (`verso check` exits with 1 when it
/// finds errors, which is its job done).
#[allow(unsafe_code)]
pub fn measure_with(command: Command, log: &Path, limit: Duration, ok: &[i32]) -> Result<Outcome> {
    let log_file = std::fs::File::create(log)?;
    // Untimed: what the bench or an earlier run left unwritten goes to disk first, so that a
    // run that makes its own writes durable (verso's `syncfs`) pays for those writes only.
    // SAFETY: plain syscall, no arguments.
    unsafe { libc::sync() };
    // The command runs under a launcher (this program, started afresh) that reports its
    // status and usage: Linux counts in a child's peak memory the memory of the process that
    // forked it (the copy made by the fork), and this one holds the archives' preparation
    // (hundreds of MB at 100x), which would hide the peak of a small run.
    let usage_file = log.with_extension("usage");
    let _ = std::fs::remove_file(&usage_file);
    let mut launcher = Command::new(std::env::current_exe().context("cannot find xtask")?);
    launcher
        .arg(LAUNCH)
        .arg(&usage_file)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        launcher.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => launcher.env(key, value),
            None => launcher.env_remove(key),
        };
    }
    let mut command = launcher;
    command
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .process_group(0);
    let start = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("cannot run {command:?}"))?;
    let pid = child.id() as libc::pid_t;
    // A watchdog kills the group at the limit unless told that the child ended.
    let (ended, wait_for_end) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if wait_for_end.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
            // SAFETY: plain syscall; the group is ours and its leader is not yet reaped.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            true
        } else {
            false
        }
    });
    let (launcher_status, ..) = wait(pid)?;
    let launched = start.elapsed();
    // The command's own status and usage, as the launcher wrote them (its wall time without
    // the launcher's start).
    let reported = std::fs::read_to_string(&usage_file).ok().and_then(|text| {
        let numbers: Vec<u64> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        match numbers[..] {
            [status, wall_us, cpu_us, peak_kib] => Some((
                status as i32,
                Duration::from_micros(wall_us),
                Duration::from_micros(cpu_us),
                peak_kib,
            )),
            _ => None,
        }
    });
    let (status, time, cpu, peak_kib) =
        reported.unwrap_or((launcher_status, launched, Duration::ZERO, 0));
    // Reaped: the Child must not wait again; dropping it only closes its handles.
    drop(child);
    let _ = ended.send(());
    let killed = watchdog.join().unwrap_or(false);
    if killed {
        return Ok(Outcome::TimedOut { limit });
    }
    if libc::WIFEXITED(status) && ok.contains(&libc::WEXITSTATUS(status)) {
        Ok(Outcome::Done {
            time,
            cpu,
            peak_kib,
        })
    } else {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Ok(Outcome::Failed {
            message: format!("exit status {status}:\n{}", tail.join("\n")),
        })
    }
}

/// The first argument of this program that makes it the launcher of [`measure_with`].
pub const LAUNCH: &str = "__launch";

/// The launcher: `USAGE_FILE PROGRAM ARGS...` runs the program (same outputs, process group
/// and environment) and writes its wait status, processor time in microseconds and peak
/// resident set size in KiB to USAGE_FILE; exits with 0, or 1 when the program could not run.
pub fn launch(args: &[String]) -> Result<()> {
    let [usage_file, program, args @ ..] = args else {
        anyhow::bail!("usage: {LAUNCH} USAGE_FILE PROGRAM [ARGS...]");
    };
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .spawn()
        .with_context(|| format!("cannot run {program}"))?;
    let (status, cpu, peak_kib) = wait(child.id() as libc::pid_t)?;
    let time = start.elapsed();
    // Reaped: the Child must not wait again.
    drop(child);
    std::fs::write(
        usage_file,
        format!(
            "{status} {} {} {peak_kib}\n",
            time.as_micros(),
            cpu.as_micros()
        ),
    )?;
    Ok(())
}

/// Waits for the child `pid`: its wait status, processor time and peak resident set size in KiB.
#[allow(unsafe_code)]
fn wait(pid: libc::pid_t) -> Result<(i32, Duration, u64)> {
    let mut status = 0;
    // SAFETY: rusage is plain data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child, not yet reaped (std only reaps on wait); the pointers are
        // valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error).context("wait4");
        }
    }
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    // On Linux ru_maxrss is in KiB.
    Ok((status, cpu, usage.ru_maxrss as u64))
}
