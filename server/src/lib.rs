//! circleci-ls: the language server and the command line over the pure analysis crates. Every
//! file-system, process and terminal concern lives here.

pub mod cli;
pub mod disk;
pub mod document;
pub(crate) mod protocol;
