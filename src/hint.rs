//! What to do next: the hints the command line adds to library errors. Library messages say
//! what is wrong; only the command line knows its flags and commands.

use verso_workspace::Error;

/// The message printed after `verso: ` for `error`, with a hint where one helps.
pub fn message(error: &anyhow::Error) -> String {
    let hint = match error.downcast_ref::<Error>() {
        Some(Error::NoWorkspace { .. }) => Some("run verso inside a workspace or pass -C DIR"),
        Some(Error::UnknownIssue { known, .. }) if !known.is_empty() => {
            // The hint goes inside the parentheses that name the latest issue.
            let text = format!("{error:#}");
            if let Some(text) = text.strip_suffix(')') {
                return format!("{text}; `verso status` lists them all)");
            }
            None
        }
        _ => None,
    };
    match hint {
        Some(hint) => format!("{error:#}; {hint}"),
        None => format!("{error:#}"),
    }
}
