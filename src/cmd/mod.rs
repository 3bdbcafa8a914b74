//! One module per command: its arguments, the library calls, and what it prints.

pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod segment;
pub mod status;
pub mod sync;
pub mod todo;

/// Warnings on stderr, one format for all (`verso: PATH:LINE: warning: MESSAGE`): files the
/// workspace skipped, what segmenting a document found. The command goes on.
pub fn print_warnings(warnings: &[verso_workspace::Warning]) {
    for warning in warnings {
        eprintln!("verso: {warning}");
    }
}
