//! Writing files safely: stage a temporary file next to the file it replaces, then rename.
//!
//! A write is split in two so that a caller can write many files all or nothing: [`stage`]
//! does everything that can fail for want of space, permission or a directory (create the
//! directory, write the bytes, flush them to disk, give the file its mode), and
//! [`Staged::commit`] only renames. A caller stages every file first, and renames only when all
//! of them are staged; dropping a [`Staged`] removes its temporary file.
//!
//! - **Names.** The temporary file of `dir/NAME` is `dir/.NAME.verso-tmp-XXXXXX` (hidden, and
//!   recognised by [`is_temporary`]), so that the temporary files of a killed run are never
//!   taken for stores or issues, can be ignored by git (`.*.verso-tmp-*`) and are removed by
//!   [`remove_stale_temporaries`].
//! - **Modes.** A replaced file keeps its permission bits; a new file gets `0666` minus the
//!   umask, as any program that creates a file with `open(2)` would give it.
//! - **Symlinks.** A file reached through a symbolic link is written through it: the link's
//!   final target is replaced (atomically, in the target's own directory), and the link stays.
//!   A link whose target is missing or that loops is an error, not a file to create. Whether a
//!   target may be written at all (it may lie outside a workspace) is the caller's decision:
//!   [`resolve`] says where a write will land before anything is staged.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What names a temporary file: `.NAME` followed by this and random characters.
pub const TEMPORARY_MARKER: &str = ".verso-tmp-";

/// Whether a file name is one of verso's temporary files (`.NAME.verso-tmp-XXXXXX`).
///
/// ```
/// use std::ffi::OsStr;
/// use verso_store::write::is_temporary;
/// assert!(is_temporary(OsStr::new(".2026-11-05-newsletter.toml.verso-tmp-a1B2c3")));
/// assert!(!is_temporary(OsStr::new("2026-11-05-newsletter.toml")));
/// ```
pub fn is_temporary(file_name: &OsStr) -> bool {
    let name = file_name.as_encoded_bytes();
    name.starts_with(b".")
        && name
            .windows(TEMPORARY_MARKER.len())
            .any(|w| w == TEMPORARY_MARKER.as_bytes())
}

/// The file a write to `path` replaces: `path` itself, or, when `path` is a symbolic link
/// (possibly through further links), the final target of the link.
///
/// A link whose target does not exist, or a loop of links, is an error: writing through it
/// would create a file in a place nobody chose.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("it is a symbolic link that leads nowhere ({e})"),
            )
        }),
        _ => Ok(path.to_owned()),
    }
}

/// The bytes of one file, written to a temporary file next to the file they replace, waiting
/// for [`Staged::commit`]. Dropping it removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    /// The file the rename replaces (the final target when the path given was a link).
    target: PathBuf,
    /// `None` once renamed.
    temporary: Option<PathBuf>,
}

/// Writes `bytes` to a temporary file in the directory of the file that `path` names (see
/// [`resolve`]), creating the directory if needed, and gives it the mode the file will have.
///
/// Errors are those of the system call that failed, without a path: the caller knows which
/// store it was writing.
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let file_name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let existing = match std::fs::metadata(&target) {
        // Found now rather than when the rename fails, after other files were replaced.
        Ok(meta) if !meta.is_file() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "not a file (a directory?)",
            ));
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (temporary, mut file) = create_temporary(dir, file_name)?;
    // From here on, dropping `staged` removes the temporary file.
    let staged = Staged {
        target,
        temporary: Some(temporary),
    };
    file.write_all(bytes)?;
    if let Some(permissions) = existing {
        // Set explicitly, so that the umask does not apply: the file keeps exactly its mode.
        file.set_permissions(permissions)?;
    }
    file.sync_all()?;
    Ok(staged)
}

/// Creates `dir/.NAME.verso-tmp-XXXXXXXX`, new, with mode `0666` minus the umask (as for any
/// file a program creates with `open(2)`).
fn create_temporary(dir: &Path, file_name: &OsStr) -> io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut last_error = None;
    for _ in 0..64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mix = (nanos ^ u64::from(std::process::id()) << 32)
            .wrapping_add(count.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut name = std::ffi::OsString::from(".");
        name.push(file_name);
        name.push(TEMPORARY_MARKER);
        name.push(format!("{:08x}", mix as u32 ^ (mix >> 32) as u32));
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.expect("the loop ran"))
}

impl Staged {
    /// The file that [`Staged::commit`] replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file holding the new bytes.
    pub fn temporary(&self) -> &Path {
        self.temporary
            .as_deref()
            .expect("a staged file is not yet renamed")
    }

    /// Renames the temporary file over the target: readers see the old file or the new one,
    /// never a part.
    pub fn commit(mut self) -> io::Result<()> {
        let temporary = self
            .temporary
            .take()
            .expect("a staged file is not yet renamed");
        if let Err(e) = std::fs::rename(&temporary, &self.target) {
            let _ = std::fs::remove_file(&temporary);
            return Err(e);
        }
        sync_directory_of(&self.target);
        Ok(())
    }
}

impl Staged {
    /// Like [`Staged::commit`], but only when the target does not exist: a file that appeared
    /// since it was found missing (a translator created it meanwhile) is never replaced, and
    /// the error is [`io::ErrorKind::AlreadyExists`]. A hard link, which refuses to replace,
    /// then the removal of the temporary name.
    pub fn commit_new(mut self) -> io::Result<()> {
        let temporary = self
            .temporary
            .take()
            .expect("a staged file is not yet renamed");
        let linked = std::fs::hard_link(&temporary, &self.target);
        let _ = std::fs::remove_file(&temporary);
        linked?;
        sync_directory_of(&self.target);
        Ok(())
    }
}

/// Flushes the directory of `path`, so that a rename in it survives a crash. Best effort: the
/// file is already in place, so a failure here is no reason to report one.
fn sync_directory_of(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(temporary) = self.temporary.take() {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so that readers see
/// the old file or the new one, never a part (see the module documentation for modes and
/// symbolic links).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// Removes the temporary files that runs killed between [`stage`] and [`Staged::commit`] left in
/// `dir`; returns their paths. A directory that does not exist has none.
///
/// Meant for the start of a run that writes: a run staging its own files in `dir` at the same
/// moment would lose them (and say so when it commits).
pub fn remove_stale_temporaries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        if !is_temporary(&entry.file_name()) || !entry.file_type()?.is_file() {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed.push(entry.path()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staged_file_is_hidden_until_committed_and_removed_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, "old").unwrap();
        let staged = stage(&path, b"new").unwrap();
        let temporary = staged.temporary().to_owned();
        let name = temporary.file_name().unwrap();
        assert!(
            name.to_str().unwrap().starts_with(".x.toml.verso-tmp-"),
            "{name:?}"
        );
        assert!(is_temporary(name));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        drop(staged);
        assert_eq!(names(dir.path()), ["x.toml"]);

        stage(&path, b"new").unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["x.toml"]);
    }

    #[test]
    fn commit_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        let staged = stage(&path, b"mine").unwrap();
        std::fs::write(&path, "theirs").unwrap();
        let err = staged.commit_new().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"theirs");
        assert_eq!(names(dir.path()), ["x.toml"]);
        std::fs::remove_file(&path).unwrap();
        stage(&path, b"mine").unwrap().commit_new().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        assert_eq!(names(dir.path()), ["x.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        for mode in [0o644, 0o664, 0o600, 0o440] {
            std::fs::write(&path, "old").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            write_atomic(&path, b"new").unwrap();
            let found = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(found, mode, "{mode:o} became {found:o}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_through_and_the_link_stays() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/x.toml");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("x.toml");
        std::os::unix::fs::symlink("real/x.toml", &link).unwrap();
        // A link to a link, too.
        let link2 = dir.path().join("y.toml");
        std::os::unix::fs::symlink("x.toml", &link2).unwrap();

        write_atomic(&link2, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(&link2)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(names(&dir.path().join("real")), ["x.toml"]);
        assert_eq!(names(dir.path()), ["real", "x.toml", "y.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn dangling_and_looping_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let dangling = dir.path().join("d.toml");
        std::os::unix::fs::symlink("missing/d.toml", &dangling).unwrap();
        let err = write_atomic(&dangling, b"new").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        let looping = dir.path().join("l.toml");
        std::os::unix::fs::symlink("l.toml", &looping).unwrap();
        let err = write_atomic(&looping, b"new").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(names(dir.path()), ["d.toml", "l.toml"]);
    }

    #[test]
    fn stale_temporaries_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "x.toml",
            ".x.toml.verso-tmp-AbC123",
            ".y.toml.verso-tmp-zzz",
            "x.toml.verso-tmp-not-hidden",
            ".hidden.toml",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let removed = remove_stale_temporaries(dir.path()).unwrap();
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert_eq!(
            names(dir.path()),
            [".hidden.toml", "x.toml", "x.toml.verso-tmp-not-hidden"]
        );
        assert!(
            remove_stale_temporaries(&dir.path().join("missing"))
                .unwrap()
                .is_empty()
        );
    }
}
