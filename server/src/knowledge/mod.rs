//! What CircleCI configuration keys exist, their types, allowed values and docs.

pub mod completion;
pub mod hover;
