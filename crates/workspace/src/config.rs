//! `verso.toml`: where the English issues and the stores are, and which languages exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use verso_build::{AnchorRule, ExtraValue, FrontMatterMode, Outlet, ShortcodeMode};

use crate::confine;

/// The name of the configuration file at the workspace root.
pub const CONFIG_FILE: &str = "verso.toml";

/// The workspace configuration. Every key has a default, so an empty `verso.toml` is valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Directory of the English issues (`*.md`), relative to the root: the key `english`
    /// (`source` is read too).
    pub english_dir: PathBuf,
    /// Language codes, in the order reports list them.
    pub languages: Vec<String>,
    /// Where a store goes, relative to the root, with `{lang}` and `{issue}` placeholders.
    pub stores: String,
    /// Front-matter keys whose values are translated.
    pub front_matter_keys: Vec<String>,
    /// How similar (0 to 1, `similar`'s ratio) a changed unit must be to its old version for the
    /// old translation to be kept as fuzzy.
    pub fuzzy_threshold: f32,
    /// How similar (0 to 1) an earlier English must be to an untranslated unit's for its
    /// translation to be offered as a suggestion.
    pub suggest_threshold: f32,
    /// Where `verso build` writes, relative to the root.
    pub build_dir: PathBuf,
    /// The Fluent file of a language, relative to the root, with `{lang}`.
    pub l10n: String,
    /// The published English issue, for "the original is at": a template of
    /// [`Outlet::expand`].
    pub original_url: String,
    /// The translators credited in each language.
    pub translators: BTreeMap<String, Vec<String>>,
    /// The sites that publish translations, by name.
    pub outlets: Vec<Outlet>,
    /// Where `english`, `stores`, `out` and `l10n` are in `verso.toml`, for errors found after
    /// parsing.
    lines: KeyLines,
}

/// The 1-based lines of the keys whose values are checked against the file system.
#[derive(Debug, Clone, Default)]
struct KeyLines {
    english: Option<usize>,
    stores: Option<usize>,
    out: Option<usize>,
    l10n: Option<usize>,
}

/// Where a key was written is not part of what the configuration says: two files that say the
/// same thing give equal configurations.
impl PartialEq for KeyLines {
    fn eq(&self, _: &KeyLines) -> bool {
        true
    }
}

/// The defaults of every key. The shipped `verso.toml` and the README's block spell them out,
/// and `tests/defaults.rs` checks that they agree with this.
impl Default for Config {
    fn default() -> Self {
        Config {
            english_dir: PathBuf::from("translations/en"),
            languages: vec!["fr".into(), "de".into(), "it".into()],
            stores: "translations/{lang}/{issue}.toml".into(),
            // The stages own their defaults.
            front_matter_keys: verso_segment::Options::default().front_matter_keys,
            fuzzy_threshold: verso_sync::DEFAULT_FUZZY_THRESHOLD,
            suggest_threshold: verso_sync::DEFAULT_SUGGEST_THRESHOLD,
            build_dir: PathBuf::from("build"),
            l10n: "l10n/{lang}/outlets.ftl".into(),
            original_url: "https://xmpp.org/{year}/{month}/{slug}/".into(),
            translators: BTreeMap::new(),
            outlets: Vec::new(),
            lines: KeyLines::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(alias = "source")]
    english: Option<toml::Spanned<String>>,
    languages: Option<toml::Spanned<Vec<String>>>,
    stores: Option<toml::Spanned<String>>,
    #[serde(default)]
    segment: RawSegment,
    #[serde(default)]
    sync: RawSync,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    translators: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    outlet: BTreeMap<String, toml::Spanned<RawOutlet>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    out: Option<toml::Spanned<String>>,
    l10n: Option<toml::Spanned<String>>,
    original_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOutlet {
    #[serde(default)]
    languages: Vec<String>,
    path: toml::Spanned<String>,
    title_path: Option<toml::Spanned<String>>,
    front_matter: Option<toml::Spanned<String>>,
    #[serde(default)]
    extra_front_matter: BTreeMap<String, toml::Spanned<toml::Value>>,
    shortcodes: Option<toml::Spanned<String>>,
    absolutize: Option<toml::Spanned<String>>,
    anchors: Option<toml::Spanned<String>>,
    header: Option<String>,
    credits: Option<String>,
    footer: Option<String>,
    min: Option<toml::Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSegment {
    front_matter_keys: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSync {
    fuzzy_threshold: Option<toml::Spanned<f32>>,
    suggest_threshold: Option<toml::Spanned<f32>>,
}

/// A configuration that cannot be used; the message names the file and line.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct ConfigError {
    /// The file, as the caller named it.
    pub path: PathBuf,
    /// 1-based line of the key at fault.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A BCP 47-like code, safe in a path (see `confine::language_code`).
pub(crate) fn is_language_code(code: &str) -> bool {
    confine::language_code(code).is_ok()
}

/// The text of the `verso.toml` at `path` with `language` appended to its `languages`, keeping
/// its comments and layout; a file without `languages` gets the default list and the language.
pub(crate) fn with_language(path: &Path, language: &str) -> Result<String, crate::Error> {
    let text = verso_text::read_utf8(path)?;
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| {
            let line = e
                .span()
                .map_or(1, |s| verso_text::LineIndex::new(&text).line(s.start));
            ConfigError {
                path: path.to_owned(),
                line,
                message: e.message().trim_end().to_string(),
            }
        })?;
    match document
        .get_mut("languages")
        .and_then(|item| item.as_array_mut())
    {
        Some(languages) => languages.push(language),
        None => {
            let mut languages = toml_edit::Array::new();
            for code in Config::default().languages {
                languages.push(code);
            }
            languages.push(language);
            // After the top-level keys, before the first table.
            document.insert("languages", toml_edit::value(languages));
        }
    }
    Ok(document.to_string())
}

impl Config {
    /// Parses `verso.toml`; `path` only names the file in errors.
    ///
    /// ```
    /// use std::path::Path;
    /// use verso_workspace::Config;
    ///
    /// let config = Config::parse("languages = [\"fr\"]\n", Path::new("verso.toml")).unwrap();
    /// assert_eq!(config.english_dir, Path::new("translations/en"));
    ///
    /// let error = Config::parse("\n[sync]\nfuzzy-threshold = 2.0\n", Path::new("verso.toml"));
    /// assert_eq!(
    ///     error.unwrap_err().to_string(),
    ///     "verso.toml:3: `fuzzy-threshold` is 2; it must be between 0 and 1"
    /// );
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let lines = verso_text::LineIndex::new(text);
        let line_of = |span: std::ops::Range<usize>| lines.line(span.start);
        let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_owned(),
            line: span.map_or(1, line_of),
            message,
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| error(e.span(), e.message().trim_end().to_string()))?;
        let mut config = Config::default();
        if let Some(english) = raw.english {
            if english.get_ref().trim().is_empty() {
                return Err(error(Some(english.span()), "`english` is empty".into()));
            }
            confine::relative_inside("english", english.get_ref())
                .map_err(|message| error(Some(english.span()), message))?;
            config.lines.english = Some(line_of(english.span()));
            config.english_dir = PathBuf::from(english.into_inner());
        }
        if let Some(languages) = raw.languages {
            let span = languages.span();
            let languages = languages.into_inner();
            if languages.is_empty() {
                return Err(error(Some(span), "`languages` lists no language".into()));
            }
            for (i, lang) in languages.iter().enumerate() {
                confine::language_code(lang)
                    .map_err(|message| error(Some(span.clone()), message))?;
                // Codes name directories, and `fr` and `FR` are one directory on macOS and
                // Windows: two codes that differ only in case are one language listed twice.
                if let Some(first) = languages[..i].iter().find(|l| l.eq_ignore_ascii_case(lang)) {
                    let also = if first == lang {
                        String::new()
                    } else {
                        format!(" (as `{first}`; codes ignore case)")
                    };
                    return Err(error(
                        Some(span.clone()),
                        format!("`{lang}` is listed twice{also}"),
                    ));
                }
            }
            config.languages = languages;
        }
        if let Some(stores) = raw.stores {
            confine::store_template(stores.get_ref())
                .map_err(|message| error(Some(stores.span()), message))?;
            config.lines.stores = Some(line_of(stores.span()));
            config.stores = stores.into_inner();
        }
        if let Some(keys) = raw.segment.front_matter_keys {
            config.front_matter_keys = keys;
        }
        for (key, threshold, field) in [
            (
                "fuzzy-threshold",
                raw.sync.fuzzy_threshold,
                &mut config.fuzzy_threshold,
            ),
            (
                "suggest-threshold",
                raw.sync.suggest_threshold,
                &mut config.suggest_threshold,
            ),
        ] {
            let Some(threshold) = threshold else { continue };
            let value = *threshold.get_ref();
            if !(0.0..=1.0).contains(&value) {
                return Err(error(
                    Some(threshold.span()),
                    format!("`{key}` is {value}; it must be between 0 and 1"),
                ));
            }
            *field = value;
        }
        if let Some(out) = raw.build.out {
            if out.get_ref().trim().is_empty() {
                return Err(error(Some(out.span()), "`out` is empty".into()));
            }
            confine::relative_inside("out", out.get_ref())
                .map_err(|message| error(Some(out.span()), message))?;
            config.lines.out = Some(line_of(out.span()));
            config.build_dir = PathBuf::from(out.into_inner());
        }
        if let Some(l10n) = raw.build.l10n {
            if !l10n.get_ref().contains("{lang}") {
                return Err(error(
                    Some(l10n.span()),
                    "`l10n` must contain {lang}".into(),
                ));
            }
            confine::relative_inside("l10n", l10n.get_ref())
                .map_err(|message| error(Some(l10n.span()), message))?;
            config.lines.l10n = Some(line_of(l10n.span()));
            config.l10n = l10n.into_inner();
        }
        if let Some(url) = raw.build.original_url {
            config.original_url = url;
        }
        config.translators = raw.translators;
        // In the order the file lists them (a TOML table does not keep it).
        let mut raw_outlets: Vec<_> = raw.outlet.into_iter().collect();
        raw_outlets.sort_by_key(|(_, o)| o.span().start);
        for (name, raw_outlet) in raw_outlets {
            let span = raw_outlet.span();
            let outlet = outlet(&name, raw_outlet.into_inner(), &config.languages)
                .map_err(|(at, message)| error(Some(at.unwrap_or(span)), message))?;
            config.outlets.push(outlet);
        }
        Ok(config)
    }

    /// The Fluent file of `lang`, relative to the root.
    pub fn l10n_path(&self, lang: &str) -> PathBuf {
        PathBuf::from(self.l10n.replace("{lang}", lang))
    }

    /// The store path of `issue` in `lang`, relative to the root.
    pub fn store_path(&self, lang: &str, issue: &str) -> PathBuf {
        PathBuf::from(
            self.stores
                .replace("{lang}", lang)
                .replace("{issue}", issue),
        )
    }

    /// Checks that the English directory, each language's store directory, the build's output
    /// directory and each language's Fluent directory stay inside the workspace at `root` once
    /// symbolic links are resolved; `path` (the `verso.toml` read)
    /// names the file in errors, at the line of the key.
    pub fn check_confined(&self, root: &Path, path: &Path) -> Result<(), ConfigError> {
        let error = |line: Option<usize>, what: String, outside: confine::Outside| ConfigError {
            path: path.to_owned(),
            line: line.unwrap_or(1),
            message: match outside.resolved {
                Ok(resolved) => format!(
                    "{what} leads outside the workspace (to {}); verso reads and writes only \
                     inside it",
                    resolved.display()
                ),
                Err(e) => format!("{what} cannot be resolved: {e}"),
            },
        };
        confine::resolve_inside(root, &self.english_dir).map_err(|outside| {
            let what = format!("`english` ({})", self.english_dir.display());
            error(self.lines.english, what, outside)
        })?;
        for lang in &self.languages {
            let store = self.store_path(lang, "ISSUE");
            let dir = store.parent().unwrap_or(Path::new(""));
            confine::resolve_inside(root, dir).map_err(|outside| {
                let what = format!("`stores` for `{lang}` ({})", dir.display());
                error(self.lines.stores, what, outside)
            })?;
        }
        confine::resolve_inside(root, &self.build_dir).map_err(|outside| {
            let what = format!("`out` ({})", self.build_dir.display());
            error(self.lines.out, what, outside)
        })?;
        for lang in std::iter::once("en").chain(self.languages.iter().map(String::as_str)) {
            let file = self.l10n_path(lang);
            confine::resolve_inside(root, &file).map_err(|outside| {
                let what = format!("`l10n` for `{lang}` ({})", file.display());
                error(self.lines.l10n, what, outside)
            })?;
        }
        Ok(())
    }

    /// The segmentation options this configuration asks for.
    pub fn segment_options(&self) -> verso_segment::Options {
        verso_segment::Options {
            front_matter_keys: self.front_matter_keys.clone(),
            ..verso_segment::Options::default()
        }
    }
}

type Spanned<T> = Result<T, (Option<std::ops::Range<usize>>, String)>;

/// One `[outlet.NAME]` table; errors carry the span of the offending value.
fn outlet(name: &str, raw: RawOutlet, languages: &[String]) -> Spanned<Outlet> {
    let choice = |value: &Option<toml::Spanned<String>>, key: &str, allowed: &[&str]| match value {
        None => Ok(None),
        Some(v) if allowed.contains(&v.get_ref().as_str()) => Ok(Some(v.get_ref().clone())),
        Some(v) => Err((
            Some(v.span()),
            format!(
                "`{key}` of outlet `{name}` is `{}`; it must be one of {}",
                v.get_ref(),
                allowed.join(", ")
            ),
        )),
    };
    for lang in &raw.languages {
        if !languages.contains(lang) {
            return Err((
                None,
                format!(
                    "outlet `{name}` publishes `{lang}`, which is not in `languages` ({})",
                    languages.join(", ")
                ),
            ));
        }
    }
    let path = raw.path.get_ref();
    // A template that climbs out is refused here; the values put into it (a title, a date)
    // are checked once filled in, when the build is planned.
    for (key, template) in
        std::iter::once(("path", &raw.path)).chain(raw.title_path.iter().map(|t| ("title-path", t)))
    {
        confine::relative_inside(key, template.get_ref()).map_err(|_| {
            (
                Some(template.span()),
                format!(
                    "the `{key}` of outlet `{name}` must stay inside the output directory \
                     (relative, without `..`)"
                ),
            )
        })?;
    }
    if !path.contains("{issue}") && !path.contains("{date}") {
        return Err((
            Some(raw.path.span()),
            format!("the `path` of outlet `{name}` must contain {{issue}} or {{date}}"),
        ));
    }
    let mut outlet = Outlet::new(name, path);
    outlet.languages = raw.languages;
    outlet.title_path = raw.title_path.map(toml::Spanned::into_inner);
    outlet.front_matter = match choice(
        &raw.front_matter,
        "front-matter",
        &["keep", "replace", "none"],
    )?
    .as_deref()
    {
        Some("replace") => FrontMatterMode::Replace,
        Some("none") => FrontMatterMode::None,
        _ => FrontMatterMode::Keep,
    };
    outlet.shortcodes =
        match choice(&raw.shortcodes, "shortcodes", &["keep", "markdown"])?.as_deref() {
            Some("markdown") => ShortcodeMode::Markdown,
            _ => ShortcodeMode::Keep,
        };
    outlet.anchors = match choice(&raw.anchors, "anchors", &["hugo", "linuxfr"])?.as_deref() {
        Some("linuxfr") => AnchorRule::Linuxfr,
        _ => AnchorRule::Hugo,
    };
    if let Some(base) = raw.absolutize {
        if !base.get_ref().starts_with("https://") && !base.get_ref().starts_with("http://") {
            return Err((
                Some(base.span()),
                format!("`absolutize` of outlet `{name}` must be an http(s) URL"),
            ));
        }
        outlet.absolutize = Some(base.into_inner());
    }
    for (key, value) in raw.extra_front_matter {
        let valid_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let extra = match value.get_ref() {
            toml::Value::String(s) if valid_key => ExtraValue::Text(s.clone()),
            toml::Value::Array(items) if valid_key => {
                let mut list = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) => list.push(s.clone()),
                        _ => {
                            return Err((
                                Some(value.span()),
                                format!("`{key}`: front-matter lists hold strings only"),
                            ));
                        }
                    }
                }
                ExtraValue::List(list)
            }
            _ if !valid_key => {
                return Err((
                    Some(value.span()),
                    format!("`{key}` is not a plain front-matter key (letters, digits, `-`, `_`)"),
                ));
            }
            _ => {
                return Err((
                    Some(value.span()),
                    format!("`{key}`: a front-matter value is a string or a list of strings"),
                ));
            }
        };
        outlet.extra_front_matter.push((key, extra));
    }
    outlet.header = raw.header;
    outlet.credits = raw.credits;
    outlet.footer = raw.footer;
    if let Some(min) = raw.min {
        let value = *min.get_ref();
        if !(0.0..=100.0).contains(&value) {
            return Err((
                Some(min.span()),
                format!("`min` of outlet `{name}` is {value}; it must be a percentage (0 to 100)"),
            ));
        }
        outlet.min = Some(value);
    }
    Ok(outlet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_the_defaults() {
        let config = Config::parse("", Path::new("verso.toml")).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(
            config.store_path("fr", "2026-11-05-newsletter"),
            Path::new("translations/fr/2026-11-05-newsletter.toml")
        );
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
english = "content/en"
languages = ["es", "pt-br"]
stores = "l10n/{issue}.{lang}.toml"

[segment]
front-matter-keys = ["title", "summary"]

[sync]
fuzzy-threshold = 0.7
suggest-threshold = 0.9
"#;
        let config = Config::parse(text, Path::new("verso.toml")).unwrap();
        assert_eq!(config.english_dir, Path::new("content/en"));
        assert_eq!(config.languages, ["es", "pt-br"]);
        assert_eq!(config.store_path("es", "x"), Path::new("l10n/x.es.toml"));
        assert_eq!(config.front_matter_keys, ["title", "summary"]);
        assert_eq!(config.fuzzy_threshold, 0.7);
        assert_eq!(config.suggest_threshold, 0.9);
    }

    #[test]
    fn the_old_key_source_still_names_the_english_directory() {
        let config = Config::parse("source = \"content/en\"\n", Path::new("verso.toml")).unwrap();
        assert_eq!(config.english_dir, Path::new("content/en"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("languages = [\"fr\"]\nlanguage = 1\n", 2, "unknown field"),
            (
                "\n\nlanguages = [\"fr\", \"../x\"]\n",
                3,
                "not a language code",
            ),
            ("languages = [\"fr\", \"fr\"]\n", 1, "listed twice"),
            (
                "\nlanguages = [\"FR\", \"de\", \"fr\"]\n",
                2,
                "`fr` is listed twice (as `FR`; codes ignore case)",
            ),
            ("languages = [\"fr/x\"]\n", 1, "not a language code"),
            ("languages = [\"..\"]\n", 1, "not a language code"),
            (
                "\nsource = \"../../x\"\n",
                2,
                "`english` climbs out with `..`",
            ),
            ("source = \"/etc\"\n", 1, "`english` is an absolute path"),
            ("stores = \"/tmp/{lang}/{issue}.toml\"\n", 1, "absolute"),
            ("stores = \"x/../../{lang}/{issue}.toml\"\n", 1, "`..`"),
            (
                "stores = \"{issue}/{lang}.toml\"\n",
                1,
                "{issue} in the file name",
            ),
            ("stores = \"translations/{lang}.toml\"\n", 1, "{issue}"),
            ("[sync]\nfuzzy-threshold = 1.5\n", 2, "between 0 and 1"),
            (
                "[sync]\n\nsuggest-threshold = -1\n",
                3,
                "`suggest-threshold` is -1",
            ),
            ("source = \n", 1, ""),
        ];
        for (text, line, needle) in cases {
            let err = Config::parse(text, Path::new("ws/verso.toml")).unwrap_err();
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("ws/verso.toml:{line}: ")),
                "{text:?}: {message}"
            );
            assert!(message.contains(needle), "{text:?}: {message}");
        }
    }

    #[test]
    fn outlets_are_read_in_file_order() {
        let text = r#"
[translators]
fr = ["Ada"]

[outlet.zeta]
path = "z/{issue}.{lang}.md"

[outlet.alpha]
languages = ["fr"]
path = "a/{issue}.md"
title-path = "a/{issue}.title"
front-matter = "none"
shortcodes = "markdown"
absolutize = "https://xmpp.org"
anchors = "linuxfr"
header = "header"
min = 80
extra-front-matter = { original = "{url}", authors = ["{translators}"] }
"#;
        let config = Config::parse(text, Path::new("verso.toml")).unwrap();
        let names: Vec<&str> = config.outlets.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"]);
        let alpha = &config.outlets[1];
        assert_eq!(alpha.front_matter, FrontMatterMode::None);
        assert_eq!(alpha.shortcodes, ShortcodeMode::Markdown);
        assert_eq!(alpha.anchors, AnchorRule::Linuxfr);
        assert_eq!(alpha.min, Some(80.0));
        assert_eq!(alpha.absolutize.as_deref(), Some("https://xmpp.org"));
        assert_eq!(
            alpha.extra_front_matter,
            [
                (
                    "authors".to_string(),
                    ExtraValue::List(vec!["{translators}".into()])
                ),
                ("original".to_string(), ExtraValue::Text("{url}".into())),
            ]
        );
        assert_eq!(config.translators["fr"], ["Ada"]);
        assert!(config.outlets[0].serves("it") && !alpha.serves("it"));
    }

    #[test]
    fn outlet_errors_name_file_and_line() {
        let cases = [
            (
                "[outlet.x]
path = \"x.md\"\n",
                2,
                "must contain {issue}",
            ),
            (
                "[outlet.x]\npath = \"../{issue}.md\"\n",
                2,
                "inside the output directory",
            ),
            (
                "[outlet.x]\npath = \"{issue}.md\"\nanchors = \"gitlab\"\n",
                3,
                "one of hugo, linuxfr",
            ),
            (
                "[outlet.x]\npath = \"{issue}.md\"\nmin = 120\n",
                3,
                "percentage",
            ),
            (
                "\n[outlet.x]\nlanguages = [\"es\"]\npath = \"{issue}.md\"\n",
                2,
                "not in `languages`",
            ),
            (
                "[outlet.x]\npath = \"{issue}.md\"\nabsolutize = \"xmpp.org\"\n",
                3,
                "http(s) URL",
            ),
            (
                "[outlet.x]\npath = \"{issue}.md\"\nextra-front-matter = { \"a b\" = \"c\" }\n",
                3,
                "plain front-matter key",
            ),
            (
                "[outlet.x]\npath = \"{issue}.md\"\nfrontmatter = \"keep\"\n",
                3,
                "unknown field",
            ),
            ("[build]\nl10n = \"l10n.ftl\"\n", 2, "{lang}"),
            (
                "[outlet.x]\npath = \"{issue}.md\"\ntitle-path = \"/tmp/{issue}\"\n",
                3,
                "`title-path` of outlet `x` must stay inside the output directory",
            ),
            (
                "[outlet.x]\npath = \"/srv/{issue}.md\"\n",
                2,
                "`path` of outlet `x` must stay inside the output directory",
            ),
            (
                "[build]\nl10n = \"../{lang}.ftl\"\n",
                2,
                "`l10n` climbs out with `..`",
            ),
            (
                "\n[build]\nout = \"/var/www\"\n",
                3,
                "`out` is an absolute path",
            ),
            ("[build]\nout = \"site/../..\"\n", 2, "`out` climbs out"),
        ];
        for (text, line, needle) in cases {
            let err = Config::parse(text, Path::new("ws/verso.toml")).unwrap_err();
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("ws/verso.toml:{line}: ")),
                "{text:?}: {message}"
            );
            assert!(message.contains(needle), "{text:?}: {message}");
        }
    }
}
