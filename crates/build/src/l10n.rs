//! Boilerplate in Fluent: the text an outlet adds around an issue (a header naming the original,
//! translator credits, a footer), one `.ftl` file per language.
//!
//! ```ftl
//! header = Ceci est la traduction française de la lettre d'information XMPP de { $month } ;
//!     l'original est sur { $url }.
//! ```
//!
//! Messages take the variables of [`Variables`]. A message missing from a language comes from
//! the English file, with a warning; a message missing from both is left out, with a warning.

use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// An `.ftl` file that does not parse: the file, the line and Fluent's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct FtlError {
    /// The file, relative to the workspace root.
    pub path: PathBuf,
    /// 1-based line where the broken entry starts.
    pub line: usize,
    /// Fluent's message.
    pub message: String,
}

/// The messages of one language.
pub struct Messages {
    language: String,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// What messages can use: `$month` (the month the issue covers, in the language), `$url` (the
/// original issue), `$translators` (names joined by commas), `$count` (how many translators,
/// for plurals), `$issue` (the issue's name), `$outlet`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    /// The month the issue covers, written in the language.
    pub month: String,
    /// The English original.
    pub url: String,
    /// Who translated the issue.
    pub translators: Vec<String>,
    /// The issue's name.
    pub issue: String,
    /// The outlet's name.
    pub outlet: String,
}

impl Messages {
    /// Parses the `.ftl` text of `language`; `path` only names the file in errors.
    pub fn parse(language: &str, text: &str, path: &Path) -> Result<Messages, FtlError> {
        let error = |offset: usize, message: String| FtlError {
            path: path.to_owned(),
            line: verso_text::LineIndex::new(text).line(offset),
            message,
        };
        let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errors)| {
            // The line where the broken entry starts, rather than where Fluent gave up.
            let first = &errors[0];
            let at = first.slice.as_ref().map_or(first.pos.start, |s| s.start);
            error(at, first.kind.to_string())
        })?;
        let id: LanguageIdentifier = language
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default());
        let mut bundle = FluentBundle::new(vec![id]);
        // Unicode isolation marks around variables would end up in the Markdown.
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).map_err(|errors| {
            let message = errors
                .first()
                .map_or_else(|| "cannot add".to_string(), |e| e.to_string());
            error(0, message)
        })?;
        Ok(Messages {
            language: language.to_string(),
            bundle,
        })
    }

    /// No messages at all (a language without an `.ftl` file).
    pub fn empty(language: &str) -> Messages {
        let id: LanguageIdentifier = language
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default());
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        Messages {
            language: language.to_string(),
            bundle,
        }
    }

    /// The language code.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Whether the language has message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .and_then(|m| m.value())
            .is_some()
    }

    fn format(&self, id: &str, variables: &Variables, warnings: &mut Vec<String>) -> String {
        let message = self.bundle.get_message(id).and_then(|m| m.value());
        let Some(pattern) = message else {
            return String::new();
        };
        let mut args = FluentArgs::new();
        args.set("month", FluentValue::from(variables.month.as_str()));
        args.set("url", FluentValue::from(variables.url.as_str()));
        args.set(
            "translators",
            FluentValue::from(variables.translators.join(", ")),
        );
        args.set("count", FluentValue::from(variables.translators.len()));
        args.set("issue", FluentValue::from(variables.issue.as_str()));
        args.set("outlet", FluentValue::from(variables.outlet.as_str()));
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors);
        for e in errors {
            warnings.push(format!("message `{id}` of {}: {e}", self.language));
        }
        text.into_owned()
    }
}

/// Formats message `id` in `messages`, or in `english` (with a warning) when `messages` lacks
/// it; `None` (with a warning) when neither has it.
pub fn message(
    id: &str,
    messages: &Messages,
    english: &Messages,
    variables: &Variables,
    warnings: &mut Vec<String>,
) -> Option<String> {
    if messages.has(id) {
        return Some(messages.format(id, variables, warnings));
    }
    if english.has(id) {
        warnings.push(format!(
            "message `{id}` is missing from the {} messages; the English one is used",
            messages.language
        ));
        return Some(english.format(id, variables, warnings));
    }
    warnings.push(format!(
        "message `{id}` is in neither the {} nor the English messages; it is left out",
        messages.language
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables() -> Variables {
        Variables {
            month: "mai 2025".into(),
            url: "https://xmpp.org/2025/06/the-xmpp-newsletter-may-2025/".into(),
            translators: vec!["Alice".into(), "Bob".into()],
            issue: "2025-06-10-newsletter".into(),
            outlet: "linuxfr".into(),
        }
    }

    #[test]
    fn messages_take_variables_and_fall_back_to_english() {
        let fr = Messages::parse(
            "fr",
            "header = Lettre de { $month }, original : { $url }\n\
             credits = { $count ->\n    [one] Traduction : { $translators }\n   *[other] Traductions : { $translators }\n}\n",
            Path::new("l10n/fr/outlets.ftl"),
        )
        .unwrap();
        let en = Messages::parse(
            "en",
            "footer = The end.\n",
            Path::new("l10n/en/outlets.ftl"),
        )
        .unwrap();
        let mut warnings = Vec::new();
        let v = variables();
        assert_eq!(
            message("header", &fr, &en, &v, &mut warnings).unwrap(),
            "Lettre de mai 2025, original : https://xmpp.org/2025/06/the-xmpp-newsletter-may-2025/"
        );
        assert_eq!(
            message("credits", &fr, &en, &v, &mut warnings).unwrap(),
            "Traductions : Alice, Bob"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            message("footer", &fr, &en, &v, &mut warnings).unwrap(),
            "The end."
        );
        assert_eq!(message("nothing", &fr, &en, &v, &mut warnings), None);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("missing from the fr messages"));
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let err = Messages::parse(
            "de",
            "header = Gut\n\nfooter = { $unclosed\n",
            Path::new("l10n/de/outlets.ftl"),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("l10n/de/outlets.ftl:3: "),
            "{err}"
        );
    }
}
