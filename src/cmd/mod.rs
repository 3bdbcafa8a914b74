//! One module per command.

pub mod build;
