//! Coverage of translation stores, the gate on it, and the reports about it.
//!
//! [`coverage`] counts units and words by state, per language and issue, from stores that the
//! caller has read (this crate reads no files). [`Minimums`] is the `--min` policy: parsed from
//! `fr=100` or `90`, evaluated on the counts. [`status`] writes the counts as a table, Markdown
//! or JSON; the JSON shape is defined here, not by `Serialize` on library types. [`findings`]
//! writes the findings of `verso check` as text, Markdown or JSON.

mod coverage;
mod findings;
mod gate;
mod render;

pub use coverage::{
    Counts, FindingCounts, IssueStatus, LanguageStatus, StoreCoverage, Tally, coverage,
};
pub use findings::{FindingRow, findings};
pub use gate::{MinimumError, Minimums};
pub use render::{Format, Problem, ProblemKind, StatusReport, status};
