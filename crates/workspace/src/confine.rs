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
}
