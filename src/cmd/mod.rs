//! One module per command: its arguments, the library calls, and what it prints.

pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod segment;
pub mod status;
pub mod sync;
pub mod todo;

/// Files the workspace skipped, on stderr; the command goes on.
pub fn print_warnings(warnings: &[verso_workspace::Warning]) {
    for warning in warnings {
        eprintln!("verso: warning: {warning}");
    }
}
