//! Docker image access: image references, registries, credentials and their rules.

pub(crate) mod check;
pub mod command;
mod credential_blocks;
mod ecr;
pub mod fixes;
pub mod image_pins;
pub mod image_ref;
mod known_vars;
pub mod orb_interfaces;
mod orb_jobs;
pub mod rate_limit;
pub mod resolve;
pub mod rules;
pub mod shell;
mod step_checks;

pub use rate_limit::{DockerHubSettings, RateLimitScope, RATE_LIMIT_NUMBERS};
pub use rules::RULES;

pub use check::check;

#[cfg(test)]
mod orb_executor_tests;
#[cfg(test)]
mod rate_limit_tests;
#[cfg(test)]
mod tests;
