//! Keeping verso inside its workspace.
//!
//! `verso.toml` is part of the repository, so a pull request can change it, and CI runs
//! `verso sync` on the result. Whatever it says, verso reads and writes only below the
//! workspace root: the paths it names are relative and never climb (`..`), and every path is
//! checked again once symbolic links are resolved, so a link committed to the repository cannot
//! lead a write out either. Language codes become path components, so they are checked too.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path from `verso.toml` is refused before any file is looked at.
pub(crate) fn relative_inside(key: &str, value: &str) -> Result<(), String> {
    let path = Path::new(value);
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                return Err(format!(
                    "`{key}` is an absolute path; it must be relative to the workspace root"
                ));
            }
            Component::ParentDir => {
                return Err(format!(
                    "`{key}` climbs out with `..`; it must stay inside the workspace"
                ));
            }
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    Ok(())
}

/// Why a `stores` template is refused: it must be a relative path inside the workspace, end
/// with `.toml`, hold `{lang}` somewhere and `{issue}` in the file name (so that each language
/// has its stores and each issue its own file), and no other `{…}`.
pub(crate) fn store_template(value: &str) -> Result<(), String> {
    relative_inside("stores", value)?;
    for placeholder in ["{lang}", "{issue}"] {
        if !value.contains(placeholder) {
            return Err(format!("`stores` must contain {placeholder}"));
        }
    }
    let file_name = value.rsplit('/').next().unwrap_or(value);
    if !file_name.contains("{issue}") {
        return Err(
            "`stores` must have {issue} in the file name, as in `translations/{lang}/{issue}.toml`"
                .into(),
        );
    }
    if !value.ends_with(".toml") {
        return Err("`stores` must end with `.toml`".into());
    }
    let rest = value.replace("{lang}", "").replace("{issue}", "");
    if rest.contains(['{', '}']) {
        return Err("`stores` knows only the placeholders {lang} and {issue}".into());
    }
    Ok(())
}

/// Why a language code is refused. Codes look like BCP 47 tags: 2 to 8 letters, then parts of
/// 1 to 8 letters or digits after `-` (`fr`, `pt-br`, `zh-hant`, `es-419`).
pub(crate) fn language_code(code: &str) -> Result<(), String> {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    let valid = (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{code}` is not a language code such as `fr` or `pt-br` (letters, then parts of \
             letters and digits after `-`)"
        ))
    }
}

/// A path that leads outside the workspace once symbolic links are resolved.
#[derive(Debug)]
pub struct Outside {
    /// Where the path really leads (absolute), or why that cannot be known.
    pub resolved: Result<PathBuf, io::Error>,
}

/// Resolves `relative` (below `root`) through every symbolic link and checks that it stays
/// below `root`; returns the resolved absolute path.
///
/// A path need not exist: its longest existing beginning is resolved and the rest appended
/// (which holds no link and no `..`, as it does not exist yet). A link that leads nowhere, or a
/// loop of links, is refused, as writing through it would create a file nobody chose.
pub fn resolve_inside(root: &Path, relative: &Path) -> Result<PathBuf, Outside> {
    let outside = |resolved| Outside { resolved };
    let root = std::fs::canonicalize(root).map_err(|e| outside(Err(e)))?;
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside(Ok(root.join(relative))));
    }
    let resolved = resolve_existing_beginning(&root.join(relative)).map_err(|e| outside(Err(e)))?;
    if resolved.starts_with(&root) {
        Ok(resolved)
    } else {
        Err(outside(Ok(resolved)))
    }
}

/// [`resolve_inside`] for the many paths of one workspace: each directory is resolved once,
/// and a file that is no symbolic link is its resolved directory joined with its name (one
/// `lstat`, instead of a `readlink` for every component of the root and of the path). Anything
/// else (a link, a missing file, a path that is not plain) takes [`resolve_inside`].
#[derive(Debug, Default)]
pub struct Resolver {
    /// Directories, as given relative to the root, resolved inside it.
    dirs: std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>,
}

impl Resolver {
    /// [`resolve_inside`]`(root, relative)`; `root` must be the same on every call.
    pub fn resolve_inside(&self, root: &Path, relative: &Path) -> Result<PathBuf, Outside> {
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        // A file that is no link, or that is not there at all (not even as a dangling link),
        // is where its directory leads.
        let unlinked = || match std::fs::symlink_metadata(root.join(relative)) {
            Ok(meta) => !meta.is_symlink(),
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        };
        if plain
            && let (Some(parent), Some(name)) = (relative.parent(), relative.file_name())
            && unlinked()
            // A directory that leads out: the full resolution says where the file leads.
            && let Ok(directory) = self.directory(root, parent)
        {
            return Ok(directory.join(name));
        }
        resolve_inside(root, relative)
    }

    /// [`Resolver::resolve_inside`] for a directory entry whose type, read with the directory,
    /// is a regular file (not a link): where its directory leads, with no system call once the
    /// directory is known.
    pub fn resolve_entry(&self, root: &Path, relative: &Path) -> Result<PathBuf, Outside> {
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if plain
            && let (Some(parent), Some(name)) = (relative.parent(), relative.file_name())
            && let Ok(directory) = self.directory(root, parent)
        {
            return Ok(directory.join(name));
        }
        resolve_inside(root, relative)
    }

    /// The resolved directory; only one that exists is remembered (one made later could be a
    /// link).
    fn directory(&self, root: &Path, relative: &Path) -> Result<PathBuf, Outside> {
        if let Ok(dirs) = self.dirs.lock()
            && let Some(resolved) = dirs.get(relative)
        {
            return Ok(resolved.clone());
        }
        // A directory that is not there at all (a language without stores yet) is where its
        // parent leads.
        if let Err(e) = std::fs::symlink_metadata(root.join(relative))
            && e.kind() == io::ErrorKind::NotFound
            && let (Some(parent), Some(name)) = (relative.parent(), relative.file_name())
        {
            return Ok(self.directory(root, parent)?.join(name));
        }
        let resolved = resolve_inside(root, relative)?;
        if resolved.is_dir()
            && let Ok(mut dirs) = self.dirs.lock()
        {
            dirs.insert(relative.to_owned(), resolved.clone());
        }
        Ok(resolved)
    }
}

fn resolve_existing_beginning(path: &Path) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut resolved) => {
                resolved.extend(rest.iter().rev());
                return Ok(resolved);
            }
            // Not there at all (not even as a dangling link): resolve its parent.
            Err(e)
                if e.kind() == io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(existing).is_err() =>
            {
                let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
                    return Err(e);
                };
                rest.push(name);
                existing = parent;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(io::Error::new(
                    e.kind(),
                    "a symbolic link on the way leads to nothing",
                ));
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for good in ["fr", "de", "pt-br", "pt-BR", "zh-hant", "es-419", "FR"] {
            assert!(language_code(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "f",
            "../x",
            "fr/x",
            "..",
            "fr_",
            "fr-",
            "-fr",
            "f r",
            "français",
            "x1",
        ] {
            assert!(language_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn store_templates() {
        assert!(store_template("translations/{lang}/{issue}.toml").is_ok());
        assert!(store_template("l10n/{issue}.{lang}.toml").is_ok());
        for (bad, needle) in [
            ("/tmp/{lang}/{issue}.toml", "absolute"),
            ("../{lang}/{issue}.toml", "`..`"),
            ("translations/{lang}/../../{issue}.toml", "`..`"),
            ("translations/{issue}/{lang}.toml", "file name"),
            ("translations/{lang}.toml", "{issue}"),
            ("translations/{lang}/{issue}.txt", ".toml"),
            (
                "translations/{language}/{issue}.{lang}.toml",
                "placeholders",
            ),
        ] {
            let message = store_template(bad).unwrap_err();
            assert!(message.contains(needle), "{bad}: {message}");
        }
    }

    /// The resolver's shortcut gives what `resolve_inside` gives, path by path, whatever the
    /// links on the way: a plain file, a file in a linked directory, links to a file inside
    /// and outside, a linked directory leading out, a dangling link, a missing file.
    #[cfg(unix)]
    #[test]
    fn the_resolver_agrees_with_resolve_inside() {
        use std::os::unix::fs::symlink;
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        let outside = outer.path().join("outside");
        for dir in ["fr", "real", "x"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::create_dir_all(&outside).unwrap();
        for file in ["fr/a.toml", "real/b.toml", "x/c.toml"] {
            std::fs::write(root.join(file), "").unwrap();
        }
        std::fs::write(outside.join("secret.toml"), "").unwrap();
        symlink(root.join("real"), root.join("de")).unwrap();
        symlink(&outside, root.join("it")).unwrap();
        symlink(root.join("x/c.toml"), root.join("fr/inside.toml")).unwrap();
        symlink(outside.join("secret.toml"), root.join("fr/out.toml")).unwrap();
        symlink(root.join("fr/nowhere"), root.join("fr/dangling.toml")).unwrap();
        let resolver = Resolver::default();
        let paths = [
            "fr/a.toml",
            "de/b.toml",
            "it/secret.toml",
            "fr/inside.toml",
            "fr/out.toml",
            "fr/dangling.toml",
            "fr/missing.toml",
            "es/missing.toml",
            "es/deeper/missing.toml",
            "it/deeper/missing.toml",
            "de/missing.toml",
            "it/missing.toml",
            "fr/dangling.toml/x.toml",
            "fr/a.toml",
            "it/secret.toml",
        ];
        let shown = |r: Result<PathBuf, Outside>| match r {
            Ok(path) => format!("inside {}", path.display()),
            Err(Outside { resolved: Ok(p) }) => format!("outside {}", p.display()),
            Err(Outside { resolved: Err(e) }) => format!("unresolved {:?}", e.kind()),
        };
        for path in paths {
            let expected = shown(resolve_inside(&root, Path::new(path)));
            assert_eq!(
                shown(resolver.resolve_inside(&root, Path::new(path))),
                expected,
                "{path}"
            );
        }
        assert!(
            shown(resolver.resolve_inside(&root, Path::new("it/secret.toml")))
                .starts_with("outside")
        );
    }
}
