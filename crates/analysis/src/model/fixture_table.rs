//! A fixture knowledge table for tests that show a consumer follows the table's roles rather
//! than key names: its jobs take a made-up `finally` key of the steps role beside `steps`;
//! its commands are the real table's.

use knowledge::schema::{
    closed, key, KeyRole, MapRole, MapSchema, NameKind, Names, Other, StepOrder, Ty,
};
use knowledge::table::{COMMANDS, DOCKER_IMAGE, STEP_ITEM};

/// The fixture config's type.
pub static FIXTURE_TY: Ty = Ty::Map(&FIXTURE_CONFIG);

/// A config of `version`, `commands` and `jobs`, whose jobs run `steps`, then `finally`.
pub static FIXTURE_CONFIG: MapSchema = MapSchema {
    what: "a fixture config",
    keys: &[
        key("version", Ty::Str, ""),
        key("commands", Ty::Map(&COMMANDS), ""),
        key("jobs", Ty::Map(&JOBS), ""),
    ],
    other: Other::Free,
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Config,
};

static DOCKER_IMAGE_TY: Ty = Ty::Map(&DOCKER_IMAGE);

/// A fixture job's type: `docker`, `steps` and `finally`.
pub static FIXTURE_JOB_TY: Ty = Ty::Map(&JOB);

static JOBS: MapSchema = names(&JOB_NAMES);
static JOB_NAMES: Names = Names {
    kind: NameKind::Job,
    ty: Ty::Map(&JOB),
    doc: "",
};
static JOB: MapSchema = closed(
    "a fixture job",
    &[
        key("docker", Ty::List(&DOCKER_IMAGE_TY), ""),
        key("steps", Ty::List(&STEP_ITEM), "").with_role(KeyRole::Steps(StepOrder::Own)),
        // The one entry a new key that holds steps needs.
        key("finally", Ty::List(&STEP_ITEM), "").with_role(KeyRole::Steps(StepOrder::Own)),
    ],
);

const fn names(names: &'static Names) -> MapSchema {
    MapSchema {
        what: "fixture names",
        keys: &[],
        other: Other::Names(names),
        one_of_required: &[],
        exclusive: &[],
        role: MapRole::Plain,
    }
}
