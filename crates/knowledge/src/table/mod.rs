//! The CircleCI configuration (versions 2, 2.0 and 2.1) as data.
//!
//! Written for this project from the public configuration reference
//! (<https://circleci.com/docs/reference/configuration-reference/>) and the reusable config
//! reference. Each key appears once; completion, hover and validation read these tables.

use super::schema::{
    choice, closed, key, lenient, Choice, Format, KeyRole, MapRole, MapSchema, NameKind, Names,
    Other, Requirement, StepOrder, TrueDeprecation, Ty,
};

/// The type of a whole config file.
pub static CONFIG_TY: Ty = Ty::Map(&CONFIG);

const STR_OR_LIST: Ty = Ty::OneOf(&[Ty::Str, Ty::List(&Ty::Str)]);

mod executors;
mod jobs;
mod parameters;
mod steps;
mod top_level;
mod values;
mod workflows;

pub use executors::*;
pub use jobs::*;
pub use parameters::*;
pub use steps::*;
pub use top_level::*;
pub use values::*;
pub use workflows::*;
