//! A real Hugo renders the xmpp-org outputs: every in-page link of the rendered pages must
//! land on an element `id`. The anchors are checked by the renderer that publishes them, not by
//! verso's own idea of Hugo's rule.
//!
//! Debian's `hugo` is installed when missing (as `.ci/run` does); the test says `SKIPPED:` only
//! when it cannot be.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const LANGUAGES: [&str; 3] = ["fr", "de", "it"];

/// Whether `hugo` runs, installing Debian's package when it is missing.
fn hugo_available() -> bool {
    let runs = || {
        Command::new("hugo")
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if runs() {
        return true;
    }
    eprintln!("hugo is missing: installing Debian's package");
    let installed = Command::new("sh")
        .args(["-c", "apt-get update -qq && apt-get install -y -qq hugo"])
        .status()
        .is_ok_and(|s| s.success());
    installed && runs()
}

/// The values of `attribute="..."` in `html`, HTML entities and percent escapes decoded.
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(n) = rest.find(&needle) {
        rest = &rest[n + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = rest[..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&quot;", "\"");
        out.push(percent_decode(&value));
        rest = &rest[end..];
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let Some(high) = bytes.get(i + 1).copied().and_then(hex)
            && let Some(low) = bytes.get(i + 2).copied().and_then(hex)
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn hugo_renders_every_in_page_link_of_the_translations_onto_a_heading() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    if !hugo_available() {
        eprintln!("SKIPPED: hugo is not installed and Debian's package could not be installed");
        return;
    }
    // The latest issues with in-page links, and one with a repeated heading text.
    let issues: Vec<_> = common::english_issues(&corpus)
        .into_iter()
        .filter(|(_, d)| d.source().contains("](#"))
        .rev()
        .take(4)
        .collect();
    assert!(issues.len() >= 3);
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        &root.join("hugo.toml"),
        r#"baseURL = "https://example.org/"
defaultContentLanguage = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.en]
weight = 1
[languages.fr]
weight = 2
[languages.de]
weight = 3
[languages.it]
weight = 4
[markup.goldmark.renderer]
unsafe = true
"#,
    );
    write(
        &root.join("layouts/_default/single.html"),
        "{{ .Content }}\n",
    );
    write(&root.join("layouts/_default/list.html"), "{{ .Title }}\n");
    write(&root.join("layouts/index.html"), "home\n");
    write(
        &root.join("layouts/shortcodes/newsletter-subscribe.html"),
        "<p>subscribe</p>\n",
    );
    let xmpp_org = &common::outlets()[0];
    let mut pages = 0;
    for (issue, document) in &issues {
        let dir = root.join("content/blog/newsletter");
        write(&dir.join(format!("{issue}.md")), document.source());
        for lang in LANGUAGES {
            let store = common::store(document, lang, common::pseudo);
            let output = common::build(issue, document, Some(&store), xmpp_org, lang);
            assert!(output.report.anchors_pinned > 0, "{issue} {lang}");
            write(&dir.join(format!("{issue}.{lang}.md")), &output.text);
            pages += 1;
        }
    }
    // A control that must fail: the first translation built without its anchors pinned (with
    // linuxfr's fragments), so that the check below is known to see dead links.
    let mut unpinned = xmpp_org.clone();
    unpinned.anchors = verso_build::AnchorRule::Linuxfr;
    let (issue, document) = &issues[0];
    let store = common::store(document, "fr", common::pseudo);
    let control = common::build(issue, document, Some(&store), &unpinned, "fr");
    write(&root.join("content/control/control.fr.md"), &control.text);
    let run = Command::new("hugo")
        .args(["--quiet", "--destination", "public"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "hugo failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let mut checked_pages = 0;
    let mut links = 0;
    let mut dead = Vec::new();
    let mut control_seen = false;
    let mut stack = vec![root.join("public")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let control = path.to_string_lossy().contains("/control/control/");
            if path.file_name().is_none_or(|n| n != "index.html")
                || !(path.to_string_lossy().contains("newsletter") || control)
            {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            let ids: BTreeSet<String> = attribute_values(&html, "id").into_iter().collect();
            let fragments: Vec<String> = attribute_values(&html, "href")
                .into_iter()
                .filter_map(|h| h.strip_prefix('#').map(str::to_string))
                .collect();
            if control {
                control_seen = true;
                let dead_here = fragments.iter().filter(|f| !ids.contains(*f)).count();
                assert!(
                    dead_here > 0,
                    "the control page has no dead link: the check sees nothing\n{fragments:?}\n{ids:?}\n{}",
                    path.display()
                );
                continue;
            }
            for fragment in fragments {
                links += 1;
                if !ids.contains(&fragment) {
                    dead.push(format!("{}: #{fragment}", path.display()));
                }
            }
            checked_pages += 1;
        }
    }
    eprintln!("hugo rendered {checked_pages} pages ({pages} translations), {links} in-page links");
    assert!(control_seen, "the control page was not rendered");
    assert_eq!(checked_pages, pages + issues.len());
    assert!(
        links >= pages,
        "too few in-page links to mean anything: {links}"
    );
    assert!(dead.is_empty(), "dead in-page links:\n{}", dead.join("\n"));
}
