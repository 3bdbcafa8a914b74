//! One module per command: its arguments, the library calls, and what it prints.

pub mod import;
pub mod segment;
pub mod status;
pub mod sync;
