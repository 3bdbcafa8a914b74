//! Writing files safely: stage a temporary file next to the file it replaces, then rename.
//!
//! A write is split in two so that a caller can write many files all or nothing: [`stage`]
//! does everything that can fail for want of space, permission or a directory (create the
//! directory, write the bytes, flush them to disk, give the file its mode), and
//! [`Staged::commit`] only renames. A caller stages every file first, and renames only when all
//! of them are staged; dropping a [`Staged`] removes its temporary file.
//!
//! - **Many files, few syncs.** [`stage`] and [`Staged::commit`] flush one file and one
//!   directory each: two syncs per file, most of the time of a sync that writes thousands of
//!   stores. [`stage_all`] and [`commit_all`] write a set of files with a number of syncs that
//!   does not grow with the number of files (see [`stage_all`] for why that is as safe).
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
    resolve_with_metadata(path).map(|(target, _)| target)
}

/// [`resolve`], with what `stat` says of the file it resolves to (an error when it is not
/// there). One `lstat` tells both for a file that is no link: a sync that writes thousands of
/// stores makes one call per store.
fn resolve_with_metadata(path: &Path) -> io::Result<(PathBuf, io::Result<std::fs::Metadata>)> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(path).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("it is a symbolic link that leads nowhere ({e})"),
                )
            })?;
            let found = std::fs::metadata(&target);
            Ok((target, found))
        }
        found => Ok((path.to_owned(), found)),
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
    let (staged, file) = stage_unsynced(path, bytes)?;
    file.sync_all()?;
    Ok(staged)
}

/// [`stage`] without the flush: the bytes may still be only in memory. Returns the open
/// temporary file too, opened before the bytes were written.
fn stage_unsynced(path: &Path, bytes: &[u8]) -> io::Result<(Staged, std::fs::File)> {
    let (target, found) = resolve_with_metadata(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let existing = match found {
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
    // The directory is made only when the temporary file cannot be created for want of it.
    let (temporary, mut file) = match create_temporary(dir, file_name) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            create_temporary(dir, file_name)?
        }
        created => created?,
    };
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
    Ok((staged, file))
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
    pub fn commit(self) -> io::Result<()> {
        let target = self.rename(false)?;
        sync_directory_of(&target);
        Ok(())
    }

    /// Like [`Staged::commit`], but only when the target does not exist: a file that appeared
    /// since it was found missing (a translator created it meanwhile) is never replaced, and
    /// the error is [`io::ErrorKind::AlreadyExists`]. A hard link, which refuses to replace,
    /// then the removal of the temporary name.
    pub fn commit_new(self) -> io::Result<()> {
        let target = self.rename(true)?;
        sync_directory_of(&target);
        Ok(())
    }

    /// Puts the temporary file in place (see [`Staged::commit`] and, when `new`,
    /// [`Staged::commit_new`]) without flushing the directory; returns the target.
    fn rename(mut self, new: bool) -> io::Result<PathBuf> {
        let temporary = self
            .temporary
            .take()
            .expect("a staged file is not yet renamed");
        let target = std::mem::take(&mut self.target);
        if new {
            let linked = std::fs::hard_link(&temporary, &target);
            let _ = std::fs::remove_file(&temporary);
            linked?;
        } else if let Err(e) = std::fs::rename(&temporary, &target) {
            let _ = std::fs::remove_file(&temporary);
            return Err(e);
        }
        Ok(target)
    }
}

/// Flushes the directory of `path`, so that a rename in it survives a crash. Best effort: the
/// file is already in place, so a failure here is no reason to report one.
fn sync_directory_of(path: &Path) {
    sync_directory(path.parent().unwrap_or(Path::new("")));
}

/// Flushes `dir` (the current directory when empty), best effort.
fn sync_directory(dir: &Path) {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = dir;
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

/// Like [`write_atomic`], readers see the old file or the new one, but nothing is flushed: a
/// crash may leave the file empty or cut short. For files that are made again when they do not
/// read back (verso's cache, whose files end with a line that says they are whole).
pub fn replace_unflushed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (staged, _file) = stage_unsynced(path, bytes)?;
    staged.rename(false).map(drop)
}

/// Files staged together by [`stage_all`], their bytes on disk, waiting for
/// [`Batch::commit`]. Dropping it removes every temporary file.
#[derive(Debug)]
pub struct Batch {
    staged: Vec<Staged>,
    /// One open file per file system the batch writes to: what `syncfs` flushes (see
    /// [`stage_all`]). Kept open until the batch is committed or dropped.
    #[cfg(target_os = "linux")]
    filesystems: Vec<std::fs::File>,
}

/// Stages `count` files as [`stage`] does, but with a number of syncs that does not grow with
/// the number of files, and in parallel: `file(i)` gives the path of file `i` and its bytes (it
/// is called once per file, in parallel, so that the bytes of all the files need not be in
/// memory at once). Returns the files in order; on an error, the index of the first file that
/// failed (every temporary file staged is removed).
///
/// **Why this is as safe as [`stage`] file by file.** What a crash must never do is leave a
/// target holding anything but its old bytes or its new bytes. A rename replaces a name
/// atomically, but a file system may write the rename to its journal before the data of the
/// renamed file (the zero-length files after a crash on ext4 or XFS): so the data of every
/// temporary file must be on disk before the first rename, and the syncs here are what ensure
/// it, whatever their number. On Linux the temporary files are written without a flush, then
/// one `syncfs(2)` per file system (almost always one) writes back every dirty page and
/// inode of that file system, the temporary files and the directories just created included,
/// and waits for the disk; it fails (since Linux 5.8) when a write-back failed since the file
/// it is called on was opened. That file is the first temporary file the batch created on
/// the file system, opened before any byte of the batch was written there (the first file is
/// staged alone, the rest in parallel), so a failure to write any of them back is reported
/// and nothing is renamed. Elsewhere each temporary file is flushed with its own `fsync`,
/// in parallel. [`Batch::commit`] then renames and flushes once more, so that the renames
/// themselves survive a crash.
pub fn stage_all<'p, F, B>(count: usize, file: F) -> Result<Batch, (usize, io::Error)>
where
    F: Fn(usize) -> (&'p Path, B) + Sync,
    B: AsRef<[u8]>,
{
    use rayon::prelude::*;
    let filesystems = std::sync::Mutex::new(Vec::new());
    let stage_one = |i: usize| -> io::Result<Staged> {
        let (path, bytes) = file(i);
        let (staged, file) = stage_unsynced(path, bytes.as_ref())?;
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let device = file.metadata()?.dev();
            let mut filesystems = filesystems.lock().unwrap_or_else(|e| e.into_inner());
            if !filesystems.iter().any(|(d, _, _)| *d == device) {
                filesystems.push((device, file, i));
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = i;
            file.sync_all()?;
        }
        Ok(staged)
    };
    let mut results = Vec::with_capacity(count);
    if count > 0 {
        results.push(stage_one(0));
    }
    if results.iter().all(Result::is_ok) {
        results.par_extend((1..count).into_par_iter().map(stage_one));
    }
    let mut staged = Vec::with_capacity(results.len());
    for (i, result) in results.into_iter().enumerate() {
        // An error drops `staged` (and the later files), which removes their temporary files.
        staged.push(result.map_err(|e| (i, e))?);
    }
    let filesystems: Vec<(u64, std::fs::File, usize)> =
        filesystems.into_inner().unwrap_or_else(|e| e.into_inner());
    #[cfg(target_os = "linux")]
    {
        for (_, file, first) in &filesystems {
            rustix::fs::syncfs(file).map_err(|e| (*first, io::Error::from(e)))?;
        }
        Ok(Batch {
            staged,
            filesystems: filesystems.into_iter().map(|(_, file, _)| file).collect(),
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        drop(filesystems);
        Ok(Batch { staged })
    }
}

impl Batch {
    /// The staged files, in the order given to [`stage_all`].
    pub fn files(&self) -> &[Staged] {
        &self.staged
    }

    /// Puts every file in place, in order: renamed over its target, or, for the files where
    /// `new(index)` holds, created only if the target still does not exist (as
    /// [`Staged::commit_new`]). Then flushes once more (one `syncfs` per file system on Linux;
    /// elsewhere one `fsync` per directory), so that the renames survive a crash. On an error,
    /// the index of the file that failed: the files before it are in place, the others' are
    /// removed.
    pub fn commit(self, new: impl Fn(usize) -> bool) -> Result<(), (usize, io::Error)> {
        self.commit_checked(new, |_| Ok(()))
    }

    /// [`Batch::commit`], calling `ready(index)` right before each file is put in place: an
    /// error there stops the commit as a failed rename does (the files before it are in place,
    /// this one's and the others' temporary files are removed). For a last look at a target
    /// that somebody may have saved since the caller last checked it.
    pub fn commit_checked(
        self,
        new: impl Fn(usize) -> bool,
        ready: impl Fn(usize) -> io::Result<()>,
    ) -> Result<(), (usize, io::Error)> {
        let Batch {
            staged,
            #[cfg(target_os = "linux")]
            filesystems,
        } = self;
        #[cfg(not(target_os = "linux"))]
        let mut directories = std::collections::BTreeSet::new();
        let mut failed = None;
        for (i, file) in staged.into_iter().enumerate() {
            if failed.is_some() {
                // Dropped: its temporary file goes.
                continue;
            }
            if let Err(e) = ready(i) {
                failed = Some((i, e));
                continue;
            }
            match file.rename(new(i)) {
                #[cfg(target_os = "linux")]
                Ok(_) => {}
                #[cfg(not(target_os = "linux"))]
                Ok(target) => {
                    directories.insert(target.parent().map(Path::to_owned).unwrap_or_default());
                }
                Err(e) => failed = Some((i, e)),
            }
        }
        // Best effort, as in `Staged::commit`: the files are in place whatever happens here.
        #[cfg(target_os = "linux")]
        for file in &filesystems {
            let _ = rustix::fs::syncfs(file);
        }
        #[cfg(not(target_os = "linux"))]
        for directory in directories {
            sync_directory(&directory);
        }
        match failed {
            Some(failed) => Err(failed),
            None => Ok(()),
        }
    }
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

    /// `n` files in two directories (one of them new), every sixth one (in `a`) existing already.
    fn batch_fixture(dir: &Path, n: usize) -> Vec<(PathBuf, Vec<u8>)> {
        std::fs::create_dir(dir.join("a")).unwrap();
        (0..n)
            .map(|i| {
                let path = dir
                    .join(if i % 2 == 0 { "a" } else { "b/c" })
                    .join(format!("{i}.toml"));
                if i % 6 == 0 {
                    std::fs::write(&path, format!("old {i}")).unwrap();
                }
                (path, format!("new {i}").into_bytes())
            })
            .collect()
    }

    fn all_names(dir: &Path) -> Vec<String> {
        let mut found = Vec::new();
        for sub in ["a", "b/c"] {
            if dir.join(sub).is_dir() {
                found.extend(
                    names(&dir.join(sub))
                        .into_iter()
                        .map(|n| format!("{sub}/{n}")),
                );
            }
        }
        found.sort();
        found
    }

    #[test]
    fn a_batch_is_hidden_until_committed_then_all_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let files = batch_fixture(dir.path(), 40);
        let before = all_names(dir.path());
        let batch = stage_all(files.len(), |i| (files[i].0.as_path(), &files[i].1)).unwrap();
        assert_eq!(batch.files().len(), 40);
        for ((path, _), staged) in files.iter().zip(batch.files()) {
            assert_eq!(staged.target(), path);
            assert!(is_temporary(staged.temporary().file_name().unwrap()));
            assert_eq!(staged.temporary().parent(), path.parent());
        }
        for (i, (path, _)) in files.iter().enumerate() {
            let old = std::fs::read(path).ok();
            assert_eq!(old, (i % 6 == 0).then(|| format!("old {i}").into_bytes()));
        }
        batch.commit(|i| i % 6 != 0).unwrap();
        for (path, bytes) in &files {
            assert_eq!(&std::fs::read(path).unwrap(), bytes);
        }
        let after = all_names(dir.path());
        assert_eq!(after.len(), 40, "{after:?}");
        assert!(after.iter().all(|n| !n.contains(TEMPORARY_MARKER)));
        assert!(before.iter().all(|n| after.contains(n)));
    }

    #[test]
    fn a_batch_that_cannot_stage_a_file_stages_none_and_names_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let files = batch_fixture(dir.path(), 40);
        // Files 17 and 29 cannot be written: their targets are directories.
        for i in [29, 17] {
            std::fs::create_dir_all(&files[i].0).unwrap();
        }
        let before = all_names(dir.path());
        let (i, error) =
            stage_all(files.len(), |i| (files[i].0.as_path(), &files[i].1)).unwrap_err();
        assert_eq!(i, 17, "{error}");
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(all_names(dir.path()), before);
        // Dropping a staged batch removes its temporary files, too.
        std::fs::remove_dir(&files[17].0).unwrap();
        std::fs::remove_dir(&files[29].0).unwrap();
        drop(stage_all(files.len(), |i| (files[i].0.as_path(), &files[i].1)).unwrap());
        let mut without = before.clone();
        without.retain(|n| n != "b/c/17.toml" && n != "b/c/29.toml");
        assert_eq!(all_names(dir.path()), without);
    }

    /// After a commit of [`batch_fixture`]'s files stopped at `stop`: the files before it are
    /// new, the ones after it as they were, and no temporary file is left.
    fn assert_stopped_at(dir: &Path, files: &[(PathBuf, Vec<u8>)], stop: usize) {
        for (i, (path, bytes)) in files.iter().enumerate() {
            let found = std::fs::read(path).ok();
            if i < stop {
                assert_eq!(found.as_ref(), Some(bytes));
            } else if i > stop {
                assert_eq!(found, (i % 6 == 0).then(|| format!("old {i}").into_bytes()));
            }
        }
        let names = all_names(dir);
        assert!(
            names.iter().all(|n| !n.contains(TEMPORARY_MARKER)),
            "{names:?}"
        );
    }

    #[test]
    fn a_batch_never_replaces_a_new_file_that_appeared_and_stops_there() {
        let dir = tempfile::tempdir().unwrap();
        let files = batch_fixture(dir.path(), 12);
        let batch = stage_all(files.len(), |i| (files[i].0.as_path(), &files[i].1)).unwrap();
        // File 5 was missing when staged; a translator creates it before the commit.
        std::fs::write(&files[5].0, "theirs").unwrap();
        let (i, error) = batch.commit(|i| i % 6 != 0).unwrap_err();
        assert_eq!((i, error.kind()), (5, io::ErrorKind::AlreadyExists));
        assert_eq!(std::fs::read(&files[5].0).unwrap(), b"theirs");
        assert_stopped_at(dir.path(), &files, 5);
    }

    #[test]
    fn a_last_look_before_each_rename_stops_the_batch_at_a_save_made_during_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let files = batch_fixture(dir.path(), 12);
        let batch = stage_all(files.len(), |i| (files[i].0.as_path(), &files[i].1)).unwrap();
        // While file 3 is put in place, a translator saves file 6 (which exists: i % 6 == 0).
        let looked = std::cell::RefCell::new(Vec::new());
        let (i, error) = batch
            .commit_checked(
                |i| i % 6 != 0,
                |i| {
                    looked.borrow_mut().push(i);
                    if i == 3 {
                        std::fs::write(&files[6].0, "saved meanwhile")?;
                    }
                    match std::fs::read(&files[i].0) {
                        Ok(bytes) if bytes == b"saved meanwhile" => {
                            Err(io::Error::other("changed"))
                        }
                        _ => Ok(()),
                    }
                },
            )
            .unwrap_err();
        assert_eq!((i, error.to_string().as_str()), (6, "changed"));
        // Each file had its look right before its rename, in order, and none after the stop.
        assert_eq!(*looked.borrow(), (0..=6).collect::<Vec<_>>());
        assert_eq!(std::fs::read(&files[6].0).unwrap(), b"saved meanwhile");
        assert_stopped_at(dir.path(), &files, 6);
    }

    #[cfg(unix)]
    #[test]
    fn a_batch_keeps_modes_and_writes_through_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/x.toml");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("x.toml");
        std::os::unix::fs::symlink("real/x.toml", &link).unwrap();
        let other = dir.path().join("y.toml");
        std::fs::write(&other, "old").unwrap();
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o604)).unwrap();
        let files = [(link.clone(), "new x"), (other.clone(), "new y")];
        let batch = stage_all(2, |i| (files[i].0.as_path(), files[i].1)).unwrap();
        assert_eq!(
            batch.files()[0].target(),
            std::fs::canonicalize(&target).unwrap()
        );
        batch.commit(|_| false).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new x");
        assert_eq!(std::fs::read(&other).unwrap(), b"new y");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!((mode(&target), mode(&other)), (0o640, 0o604));
        assert_eq!(names(dir.path()), ["real", "x.toml", "y.toml"]);
        assert_eq!(names(&dir.path().join("real")), ["x.toml"]);
    }

    #[test]
    fn an_empty_batch_does_nothing() {
        let batch = stage_all(0, |_| -> (&Path, &[u8]) { unreachable!() }).unwrap();
        assert!(batch.files().is_empty());
        batch.commit(|_| unreachable!()).unwrap();
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
