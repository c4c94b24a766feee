//! Docker image access: image references, registries, credentials and their rules.

pub mod completion;
pub mod hover;
pub mod image_ref;
pub mod shell;
pub mod source_map;
pub mod vars;
