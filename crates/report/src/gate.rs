//! The coverage gate: a minimum share of units done per language (`verso status --min`).

use crate::LanguageStatus;

/// The minimum share of units done (translated or reviewed), in percent, per language.
/// Languages without one always pass.
///
/// ```
/// use verso_report::Minimums;
///
/// let languages = ["fr".to_string(), "de".to_string()];
/// let minimums = Minimums::parse(&["90".into(), "fr=100".into()], &languages).unwrap();
/// assert_eq!(minimums.of("fr"), Some(100.0));
/// assert_eq!(minimums.of("de"), Some(90.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Minimums {
    /// (language, percent); a language appears at most once.
    minimums: Vec<(String, f64)>,
}

/// A minimum that cannot be read. The message is about the value alone; [`MinimumError::value`]
/// is the whole value, for the caller to say where it came from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MinimumError {
    /// `LANG=` names a language the workspace does not have.
    #[error("`{language}` is not a language of this workspace ({})", known.join(", "))]
    UnknownLanguage {
        /// The whole value, such as `es=10`.
        value: String,
        /// The language it names.
        language: String,
        /// The languages of the workspace.
        known: Vec<String>,
    },
    /// The percentage is not a number from 0 to 100.
    #[error("`{percent}` is not a percentage between 0 and 100")]
    NotAPercentage {
        /// The whole value, such as `fr=120`.
        value: String,
        /// The part that should be a percentage.
        percent: String,
    },
}

impl MinimumError {
    /// The value that could not be read, as given.
    pub fn value(&self) -> &str {
        match self {
            MinimumError::UnknownLanguage { value, .. }
            | MinimumError::NotAPercentage { value, .. } => value,
        }
    }
}

impl Minimums {
    /// Reads minimums such as `fr=100` (one language) or `90` (every language in `languages`);
    /// a later value for a language replaces an earlier one. A `%` after the number is allowed.
    pub fn parse(values: &[String], languages: &[String]) -> Result<Minimums, MinimumError> {
        let mut minimums: Vec<(String, f64)> = Vec::new();
        for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            let (langs, percent) = match value.split_once('=') {
                Some((lang, percent)) => {
                    let lang = lang.trim();
                    if !languages.iter().any(|l| l == lang) {
                        return Err(MinimumError::UnknownLanguage {
                            value: value.to_string(),
                            language: lang.to_string(),
                            known: languages.to_vec(),
                        });
                    }
                    (vec![lang.to_string()], percent)
                }
                None => (languages.to_vec(), value),
            };
            let percent: f64 = match percent.trim().trim_end_matches('%').parse() {
                Ok(p) if (0.0..=100.0).contains(&p) => p,
                _ => {
                    return Err(MinimumError::NotAPercentage {
                        value: value.to_string(),
                        percent: percent.to_string(),
                    });
                }
            };
            for lang in langs {
                minimums.retain(|(l, _)| *l != lang);
                minimums.push((lang, percent));
            }
        }
        Ok(Minimums { minimums })
    }

    /// The minimum of `language`, if it has one.
    pub fn of(&self, language: &str) -> Option<f64> {
        self.minimums
            .iter()
            .find(|(l, _)| l == language)
            .map(|(_, p)| *p)
    }

    /// Whether `language` has at least its minimum share of units done.
    pub fn meets(&self, language: &LanguageStatus) -> bool {
        self.of(&language.language)
            .is_none_or(|min| language.total.units.percent() >= min)
    }

    /// How many percentage points `language` is under its minimum; `None` when it meets it
    /// (or has none).
    pub fn shortfall(&self, language: &LanguageStatus) -> Option<f64> {
        let min = self.of(&language.language)?;
        let percent = language.total.units.percent();
        (percent < min).then_some(min - percent)
    }

    /// Whether every language meets its minimum.
    pub fn all_met(&self, languages: &[LanguageStatus]) -> bool {
        languages.iter().all(|l| self.meets(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_refused() {
        let languages = ["fr".to_string()];
        let err = Minimums::parse(&["es=10".into()], &languages).unwrap_err();
        assert_eq!(err.value(), "es=10");
        assert_eq!(
            err.to_string(),
            "`es` is not a language of this workspace (fr)"
        );
        let err = Minimums::parse(&["fr=120".into()], &languages).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`120` is not a percentage between 0 and 100"
        );
        assert!(Minimums::parse(&["fr=50%".into()], &languages).is_ok());
    }
}
