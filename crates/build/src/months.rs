//! The month an issue covers, and its name in each language.
//!
//! An issue's English title names the month it covers ("The XMPP Newsletter May 2025", and in
//! older issues the publication day, "The XMPP Newsletter, 28 February 2018"); the last English
//! month name in the title that a year follows wins. Without one, the issue covers the month
//! before its date (issues come out early in the next month).

/// A month of a year; `month` is 1 to 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// 1 (January) to 12.
    pub month: u32,
}

const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Month names, lowercase where the language writes them so, from the CLDR "format wide" set.
fn names(language: &str) -> Option<[&'static str; 12]> {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    Some(match primary.to_ascii_lowercase().as_str() {
        "en" => ENGLISH,
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "it" => [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "pt" => [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        _ => return None,
    })
}

impl Month {
    /// The month and year as the language writes them alone ("May 2025", "mai 2025",
    /// "Mai 2025", "maggio 2025", "mayo de 2025", "maio de 2025"); English for a language
    /// without a table.
    ///
    /// ```
    /// use verso_build::months::Month;
    /// let may = Month { year: 2025, month: 5 };
    /// assert_eq!(may.format("fr"), "mai 2025");
    /// assert_eq!(may.format("pt-br"), "maio de 2025");
    /// ```
    pub fn format(self, language: &str) -> String {
        let table = names(language).unwrap_or(ENGLISH);
        let name = table[(self.month - 1) as usize];
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        match primary {
            "es" | "pt" => format!("{name} de {}", self.year),
            _ => format!("{name} {}", self.year),
        }
    }

    /// The month an issue covers, from its English title and its date (`YYYY-MM-DD...`).
    ///
    /// ```
    /// use verso_build::months::Month;
    /// assert_eq!(Month::covered("The XMPP Newsletter May 2025", "2025-06-10"), Some(Month { year: 2025, month: 5 }));
    /// assert_eq!(Month::covered("XMPP Newsletter, 08 Nov 2019, Sprints", "2019-11-08"), Some(Month { year: 2019, month: 11 }));
    /// assert_eq!(Month::covered("Spring news", "2025-01-05"), Some(Month { year: 2024, month: 12 }));
    /// ```
    pub fn covered(title: &str, date: &str) -> Option<Month> {
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut found = None;
        for pair in words.windows(2) {
            let Ok(year) = pair[1].parse::<i32>() else {
                continue;
            };
            if !(1990..=2200).contains(&year) {
                continue;
            }
            let month = ENGLISH.iter().position(|m| {
                m.eq_ignore_ascii_case(pair[0])
                    || (pair[0].len() >= 3
                        && m.len() > pair[0].len()
                        && m[..pair[0].len()].eq_ignore_ascii_case(pair[0]))
            });
            if let Some(m) = month {
                found = Some(Month {
                    year,
                    month: m as u32 + 1,
                });
            }
        }
        found.or_else(|| {
            let year: i32 = date.get(..4)?.parse().ok()?;
            let month: u32 = date.get(5..7)?.parse().ok()?;
            if !(1..=12).contains(&month) {
                return None;
            }
            Some(if month == 1 {
                Month {
                    year: year - 1,
                    month: 12,
                }
            } else {
                Month {
                    year,
                    month: month - 1,
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_every_month() {
        let dec = Month {
            year: 2024,
            month: 12,
        };
        let cases = [
            ("en", "December 2024"),
            ("fr", "décembre 2024"),
            ("de", "Dezember 2024"),
            ("it", "dicembre 2024"),
            ("es", "diciembre de 2024"),
            ("pt-br", "dezembro de 2024"),
            ("xx", "December 2024"),
        ];
        for (language, expected) in cases {
            assert_eq!(dec.format(language), expected);
        }
        for language in ["en", "fr", "de", "it", "es", "pt-br"] {
            let table = names(language).unwrap();
            let distinct: std::collections::HashSet<_> = table.iter().collect();
            assert_eq!(distinct.len(), 12, "{language}");
        }
    }

    #[test]
    fn titles_name_the_month() {
        let cases = [
            (
                "The XMPP Newsletter, 28 February 2018",
                "2018-02-28",
                (2018, 2),
            ),
            ("XMPP@home - 9 June 2020", "2020-06-09", (2020, 6)),
            (
                "The XMPP Newsletter December 2021 & January 2022",
                "2022-02-05",
                (2022, 1),
            ),
            ("The XMPP Newsletter May 2025", "2025-06-10", (2025, 5)),
            ("Newsletter", "2025-03-14", (2025, 2)),
        ];
        for (title, date, (year, month)) in cases {
            assert_eq!(
                Month::covered(title, date),
                Some(Month { year, month }),
                "{title}"
            );
        }
    }
}
