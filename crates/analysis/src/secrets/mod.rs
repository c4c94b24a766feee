//! Literal secrets anywhere in a config: credential-named environment variables, shell
//! assignments and `aws configure set` in scripts, parameter defaults, and well-known token
//! shapes in any value. The same detectors drive the `literal-secret` findings and the
//! redaction of every text the server echoes (outline labels, hover, completion).
//!
//! Registry credentials (`auth`, `aws_auth`, `docker login -p`) are the docker rules' part;
//! this module skips what they already report.

mod check;
mod local;
pub mod names;
pub mod redact;
pub mod script;
pub mod shapes;

pub use check::check;
pub use redact::{redact, redact_named};

use crate::diagnostics::Severity;
use syntax::yaml::Span;

/// A literal secret inside one string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte span of the secret inside the scanned string.
    pub span: Span,
    /// What it is, for messages: "GitHub token", "password".
    pub what: &'static str,
    /// The variable that should hold it instead.
    pub var: String,
    pub severity: Severity,
}

#[cfg(test)]
mod tests;
