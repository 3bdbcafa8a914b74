//! Shared by the build tests: the corpus, a pseudo-translation that changes every word (so
//! translated headings get other automatic anchors), stores and the example outlets.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use verso_build::l10n::{Messages, Variables};
use verso_build::{
    AnchorRule, Boilerplate, Choices, ExtraValue, Facts, FrontMatterMode, Input, Outlet, Output,
    ShortcodeMode,
};
use verso_segment::{Document, Options};
use verso_store::{Entry, State, Store};

/// The real archive, or `None` after a loud `SKIPPED:` line.
pub fn corpus() -> Option<PathBuf> {
    verso_testkit::corpus()
}

/// The English issues of the corpus, by name, with their documents.
pub fn english_issues(corpus: &Path) -> Vec<(String, Document)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus.join("en"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Document::read(&path, &Options::default()).unwrap())
        })
        .collect()
}

/// `⟦...⟧` around the English, with every lowercase vowel of its prose accented: links, code,
/// HTML, shortcodes and bare URLs stay as they are.
pub fn pseudo(english: &str) -> String {
    let protected = protected_ranges(english);
    let mut out = String::with_capacity(english.len() + 8);
    out.push('⟦');
    for (i, c) in english.char_indices() {
        let keep = !protected.iter().any(|r| r.0 <= i && i < r.1);
        out.push(match c {
            'a' if keep => 'á',
            'e' if keep => 'é',
            'i' if keep => 'í',
            'o' if keep => 'ó',
            'u' if keep => 'ú',
            c => c,
        });
    }
    out.push('⟧');
    out
}

/// Byte ranges of `text` that are not prose.
fn protected_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut prose = Vec::new();
    let mut autolink = 0;
    for (event, range) in Parser::new_ext(text, verso_segment::cmark_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => autolink += 1,
            Event::End(TagEnd::Link) if autolink > 0 => autolink -= 1,
            Event::Text(t) if autolink == 0 && text[range.clone()] == *t => {
                prose.push((range.start, range.end))
            }
            _ => {}
        }
    }
    // Everything outside prose, plus shortcodes and URL-like words inside it.
    let mut protected = Vec::new();
    let mut at = 0;
    for (start, end) in &prose {
        protected.push((at, *start));
        at = *end;
    }
    protected.push((at, text.len()));
    let mut from = 0;
    while let Some(n) = text[from..].find("{{") {
        let start = from + n;
        let end = text[start..]
            .find("}}")
            .map_or(text.len(), |m| start + m + 2);
        protected.push((start, end));
        from = end;
    }
    let mut word_start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), word_start) {
            (false, None) => word_start = Some(i),
            (true, Some(s)) => {
                let word = &text[s..i];
                if word.contains("://")
                    || word.contains('@')
                    || word.contains("www.")
                    || word.contains('/')
                {
                    protected.push((s, i));
                }
                word_start = None;
            }
            _ => {}
        }
    }
    protected
}

/// A store of `document` whose every unit is translated by `translate`.
pub fn store(document: &Document, language: &str, translate: impl Fn(&str) -> String) -> Store {
    let mut store = Store::new(language, "translations/en/issue.md");
    for unit in document.units() {
        let mut entry = Entry::new(&unit.id, unit.kind, &unit.text);
        entry.target = translate(&unit.text);
        entry.state = State::Translated;
        store.units.push(entry);
    }
    store
}

pub const FTL: &str = "\
header = HEADER { $month } <{ $url }>.
credits = CREDITS { $translators }.
footer = FOOTER.
shortcode-newsletter-subscribe = SUBSCRIBE.
";

pub fn messages(language: &str) -> Messages {
    Messages::parse(language, FTL, Path::new("l10n/test.ftl")).unwrap()
}

/// The outlets of the example workspace's verso.toml.
pub fn outlets() -> Vec<Outlet> {
    let xmpp_org = Outlet::new("xmpp-org", "content/blog/newsletter/{issue}.{lang}.md");
    let mut linuxfr = Outlet::new("linuxfr", "linuxfr/{issue}.md");
    linuxfr.languages = vec!["fr".into()];
    linuxfr.front_matter = FrontMatterMode::None;
    linuxfr.shortcodes = ShortcodeMode::Markdown;
    linuxfr.absolutize = Some("https://xmpp.org".into());
    linuxfr.anchors = AnchorRule::Linuxfr;
    linuxfr.header = Some("header".into());
    linuxfr.credits = Some("credits".into());
    linuxfr.footer = Some("footer".into());
    let mut blogs = Vec::new();
    for (name, lang) in [("anoxinon", "de"), ("nicfab", "it")] {
        let mut blog = Outlet::new(name, &format!("{name}/{{date}}.md"));
        blog.languages = vec![lang.into()];
        blog.front_matter = FrontMatterMode::Replace;
        blog.shortcodes = ShortcodeMode::Markdown;
        blog.absolutize = Some("https://xmpp.org".into());
        blog.header = Some("header".into());
        blog.credits = Some("credits".into());
        blog.extra_front_matter = vec![
            ("categories".into(), ExtraValue::List(vec!["XMPP".into()])),
            (
                "translators".into(),
                ExtraValue::List(vec!["{translators}".into()]),
            ),
            ("original".into(), ExtraValue::Text("{url}".into())),
        ];
        blogs.push(blog);
    }
    let mut all = vec![xmpp_org, linuxfr];
    all.extend(blogs);
    all
}

/// Builds `document` with `store` for `outlet`.
pub fn build(
    issue: &str,
    document: &Document,
    store: Option<&Store>,
    outlet: &Outlet,
    language: &str,
) -> Output {
    build_with(issue, document, store, outlet, language, None)
}

/// Like [`build`], reusing the choices made for `store`.
pub fn build_with(
    issue: &str,
    document: &Document,
    store: Option<&Store>,
    outlet: &Outlet,
    language: &str,
    choices: Option<&Choices>,
) -> Output {
    let english = messages("en");
    let messages = messages(language);
    let mut facts = Facts::of(issue, language, document);
    facts.outlet = outlet.name.clone();
    facts.translators = vec!["Ada".into(), "Grace".into()];
    facts.url = format!("https://xmpp.org/{issue}/");
    let input = Input {
        document,
        store,
        store_path: "translations/xx/issue.toml",
        outlet,
        facts: &facts,
        boilerplate: Boilerplate {
            messages: &messages,
            english: &english,
            variables: Variables {
                month: "MONTH".into(),
                url: facts.url.clone(),
                translators: facts.translators.clone(),
                issue: issue.into(),
                outlet: outlet.name.clone(),
            },
        },
    };
    match choices {
        Some(choices) => verso_build::build_with(&input, choices).unwrap(),
        None => verso_build::build(&input).unwrap(),
    }
}
