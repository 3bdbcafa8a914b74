//! Synthetic archives made from the corpus, and the untimed steps that prepare each job.
//!
//! At scale N every English issue of the corpus appears under N names: the issue itself, then
//! N - 1 copies with small deterministic edits (about a quarter of the long lines outside front
//! matter and code get a few words appended), so that the translation memory finds both repeats
//! and misses, and fuzzy matching has real work. An issue with an edit history in the corpus
//! (`history/ISSUE/v1.md..vN.md`) starts at v1 in every copy; the "sync after edits" job moves
//! every copy to vN, the real edits of the newsletter's authors.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};

/// One English issue of the corpus.
pub struct Source {
    pub name: String,
    /// The first version: the issue itself, or `v1.md` of its history.
    pub first: String,
    /// The last version, when the issue has an edit history.
    pub last: Option<String>,
}

/// Reads the corpus's English issues and their histories, sorted by name.
pub fn load(corpus: &Path) -> Result<Vec<Source>> {
    let english = corpus.join("en");
    ensure!(
        english.is_dir(),
        "the corpus is not at {}: no en/ directory there; pass its path with --corpus DIR",
        corpus.display()
    );
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&english)? {
        let path = entry?.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".md"))
        else {
            continue;
        };
        let history = versions(&corpus.join("history").join(name))?;
        let (first, last) = match (history.first(), history.last()) {
            (Some(first), Some(last)) if history.len() > 1 => (read(first)?, Some(read(last)?)),
            _ => (read(&path)?, None),
        };
        sources.push(Source {
            name: name.to_string(),
            first,
            last,
        });
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    ensure!(!sources.is_empty(), "no .md file in {}", english.display());
    Ok(sources)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// `v1.md`, `v2.md`, … of an issue's history directory, in numeric order (none if absent).
fn versions(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let number = path.file_name().and_then(|n| n.to_str()).and_then(|n| {
            n.strip_prefix('v')?
                .strip_suffix(".md")?
                .parse::<u32>()
                .ok()
        });
        if let Some(number) = number {
            versions.push((number, path));
        }
    }
    versions.sort();
    Ok(versions.into_iter().map(|(_, path)| path).collect())
}

/// The name of copy `copy` (0 is the issue itself).
pub fn copy_name(name: &str, copy: usize) -> String {
    if copy == 0 {
        name.to_string()
    } else {
        format!("{name}-copy{copy:03}")
    }
}

/// Writes the English issues of the archive at `scale` into `dir`, each at its first version;
/// returns their names, sorted.
pub fn write_first(sources: &[Source], scale: usize, dir: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for source in sources {
        for copy in 0..scale {
            let name = copy_name(&source.name, copy);
            std::fs::write(dir.join(format!("{name}.md")), vary(&source.first, copy))?;
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Moves every copy of the issues with a history to their last version; returns how many
/// files changed.
pub fn write_last(sources: &[Source], scale: usize, dir: &Path) -> Result<usize> {
    let mut changed = 0;
    for source in sources {
        let Some(last) = &source.last else { continue };
        for copy in 0..scale {
            let path = dir.join(format!("{}.md", copy_name(&source.name, copy)));
            std::fs::write(&path, vary(last, copy))?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// The text of copy `copy`: long plain lines outside front matter and code blocks get
/// ` (edition N)` appended when a hash of the line picks them, so the same line is edited the
/// same way in every version of an issue.
pub fn vary(text: &str, copy: usize) -> String {
    if copy == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_front_matter = false;
    let mut in_code = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if number == 0 && (content == "---" || content == "+++") {
            in_front_matter = true;
        } else if in_front_matter && (content == "---" || content == "+++") {
            in_front_matter = false;
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        let plain = !in_front_matter
            && !in_code
            && content.len() >= 40
            && content.starts_with(|c: char| c.is_ascii_alphabetic());
        if plain && (fnv1a(content) as usize + copy).is_multiple_of(4) {
            out.push_str(content);
            out.push_str(&format!(" (edition {copy})"));
            out.push_str(&line[content.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// FNV-1a, 64 bits: a hash that does not change between Rust versions.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A gettext PO file with every untranslated message translated as `⟦msgid⟧` (plural forms
/// and the header left alone) and its `fuzzy` flags removed, as verso's stores are in the
/// benchmark.
pub fn pseudo_translate_po(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for block in text.split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&translate_block(block));
    }
    out
}

fn translate_block(block: &str) -> String {
    let lines: Vec<&str> = block.lines().collect();
    // The msgid's quoted strings, and where the msgstr starts and ends.
    let mut msgid: Vec<&str> = Vec::new();
    let mut msgstr = None;
    let mut current = "";
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("msgid ") {
            current = "msgid";
            msgid.push(rest);
        } else if line.starts_with("msgstr ") {
            current = "msgstr";
            msgstr = Some((i, i + 1));
        } else if line.starts_with('"') {
            match current {
                "msgid" => msgid.push(line),
                "msgstr" => {
                    if let Some((_, end)) = &mut msgstr {
                        *end = i + 1;
                    }
                }
                _ => {}
            }
        } else if !line.starts_with('#') {
            current = "";
        }
    }
    let empty_id = msgid.iter().all(|s| *s == "\"\"");
    let Some((start, end)) = msgstr else {
        return block.to_string();
    };
    let untranslated = end == start + 1 && lines[start] == "msgstr \"\"";
    if empty_id || !untranslated {
        return block.to_string();
    }
    let mut out = Vec::new();
    for line in &lines[..start] {
        if *line == "#, fuzzy" || line.starts_with("#|") {
            continue;
        }
        out.push(line.replace(", fuzzy", ""));
    }
    // gettext wants a msgstr to start and end with a newline when its msgid does.
    let first = msgid.iter().find(|s| **s != "\"\"").copied().unwrap_or("");
    let last = msgid.last().copied().unwrap_or("");
    let newline = |yes: bool| if yes { "\\n" } else { "" };
    out.push(format!(
        "msgstr \"{}⟦\"",
        newline(first.starts_with("\"\\n"))
    ));
    out.extend(msgid.iter().map(|s| s.to_string()));
    out.push(format!("\"⟧{}\"", newline(last.ends_with("\\n\""))));
    out.extend(lines[end..].iter().map(|s| s.to_string()));
    let mut text = out.join("\n");
    if block.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn po_messages_are_pseudo_translated_and_the_header_is_kept() {
        let po = "\
msgid \"\"
msgstr \"\"
\"Language: fr\\n\"

#: a.md:1
#, fuzzy
msgid \"\"
\"Hello \"
\"world\"
msgstr \"\"

msgid \"Done\"
msgstr \"Fait\"

msgid \"\\nA line\\n\"
msgstr \"\"
";
        assert_eq!(
            pseudo_translate_po(po),
            "\
msgid \"\"
msgstr \"\"
\"Language: fr\\n\"

#: a.md:1
msgid \"\"
\"Hello \"
\"world\"
msgstr \"⟦\"
\"\"
\"Hello \"
\"world\"
\"⟧\"

msgid \"Done\"
msgstr \"Fait\"

msgid \"\\nA line\\n\"
msgstr \"\\n⟦\"
\"\\nA line\\n\"
\"⟧\\n\"
"
        );
    }

    #[test]
    fn copies_edit_the_same_lines_in_every_version() {
        let v1 = "---\ntitle: A long title that is not a paragraph at all, really\n---\n\
            First paragraph line that is long enough to be edited maybe.\n\n\
            Second paragraph line that is long enough to be edited maybe.\n";
        assert_eq!(vary(v1, 0), v1);
        let copies: Vec<String> = (1..9).map(|copy| vary(v1, copy)).collect();
        assert!(copies.iter().any(|c| c.contains("(edition")));
        assert!(
            copies
                .iter()
                .all(|c| c.contains("title: A long title that is not")
                    && !c.lines().nth(1).unwrap().contains("(edition"))
        );
        let v2 = v1.replace("First", "The first");
        for copy in 1..9 {
            let second = |text: &str| text.lines().last().unwrap().to_string();
            assert_eq!(second(&vary(v1, copy)), second(&vary(&v2, copy)));
        }
    }
}
