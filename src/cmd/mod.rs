//! One module per command: its arguments, the library calls, and what it prints.

pub mod build;
pub mod check;
pub mod import;
pub mod segment;
pub mod status;
pub mod sync;
