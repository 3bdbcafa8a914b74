//! What to do next: the hints the command line adds to library errors. Library messages say
//! what is wrong; only the command line knows its flags and commands.

use verso_workspace::Error;

/// The message printed after `verso: ` for `error`, with a hint where one helps.
pub fn message(error: &anyhow::Error) -> String {
    match error.downcast_ref::<Error>() {
        Some(Error::NoWorkspace { .. }) => {
            format!("{error:#}; run verso inside a workspace or pass -C DIR")
        }
        Some(
            Error::Store(verso_store::StoreError::ChangedMeanwhile { .. })
            | Error::ChangedWhileWriting { .. },
        ) => format!(
            "{error:#}: somebody saved it while verso synced; run `verso sync` again to take \
             the edit in"
        ),
        Some(Error::NoEnglishIssue { .. }) => format!("{error:#}; name it with --issue"),
        Some(Error::UnknownIssue {
            name,
            english_dir,
            known,
        }) if !known.is_empty() => format!(
            "no issue `{name}` in {} (the latest is `{}`; `verso status` lists them all)",
            english_dir.display(),
            known[known.len() - 1]
        ),
        Some(Error::NoOutlet { .. }) => format!(
            "{error:#}; add one to say where and how translations are published (the README's \
             \"The publisher's loop\" shows the newsletter's outlets)"
        ),
        Some(Error::UnknownOutlet { .. }) => {
            format!("{error:#}; pass one of them to --outlet, or leave it out for all")
        }
        _ => format!("{error:#}"),
    }
}
