//! Parameter declarations of jobs, commands and executors, and pipeline parameters.

use super::*;

pub static PARAMETER_TYPES: &[Choice] = &[
    choice("string", "Text. Quote values that YAML would otherwise read as a boolean or a number. An empty string is falsy in `when` conditions."),
    choice("boolean", "`true` or `false` (YAML 1.1 spellings such as `yes`/`no` and `on`/`off` are accepted too). Handy for `when` and `unless` conditions."),
    choice("integer", "A whole number, for example to set `parallelism`."),
    choice("enum", "One value from the list given under `enum`; the `default` must be in that list."),
    choice("executor", "An executor: its name, or a mapping with `name` and the executor's own parameters. Lets the caller choose where a job runs."),
    choice("steps", "A list of steps the caller passes in; use it as `- steps: << parameters.name >>`."),
    choice("env_var_name", "The name of an environment variable (letters, digits and underscores, not starting with a digit), so the caller can say which variable holds a value."),
];

pub static PIPELINE_PARAMETER_TYPES: &[Choice] = &[
    choice(
        "string",
        "Text. Quote values that YAML would otherwise read as a boolean or a number.",
    ),
    choice(
        "boolean",
        "`true` or `false`; handy for `when` and `unless` conditions on workflows.",
    ),
    choice("integer", "A whole number."),
    choice("enum", "One value from the list given under `enum`."),
];

pub(super) static PARAMETER_DECLARATIONS: MapSchema = MapSchema {
    what: "the parameter declarations",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::ParameterDeclaration,
        ty: Ty::Map(&PARAMETER_DECLARATION),
        doc: "A parameter, read as `<< parameters.name >>` inside the job, command or executor that declares it.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static PARAMETER_DECLARATION: MapSchema = closed(
    "a parameter declaration",
    &[
        key("type", Ty::Enum(PARAMETER_TYPES), "The parameter's type: `string`, `boolean`, `integer`, `enum`, `executor`, `steps` or `env_var_name`.")
            .required(),
        key("default", Ty::OneOf(&[Ty::Str, Ty::List(&STEP_ITEM), Ty::Map(&EXECUTOR_INVOCATION)]), "The value used when the caller passes none: a scalar, a list of steps for `steps` parameters, or an executor for `executor` parameters. Without a default the parameter is required."),
        key("description", Ty::Str, "What the parameter does; shown in orb documentation and hovers."),
        key("enum", Ty::List(&Ty::Str), "For `type: enum`: the values the parameter may take.")
            .snippet("enum: [$1]"),
    ],
);

pub(super) static PIPELINE_PARAMETERS: MapSchema = MapSchema {
    what: "the pipeline parameters",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::ParameterDeclaration,
        ty: Ty::Map(&PIPELINE_PARAMETER_DECLARATION),
        doc: "A pipeline parameter, read anywhere as `<< pipeline.parameters.name >>`.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

static PIPELINE_PARAMETER_DECLARATION: MapSchema = closed(
    "a pipeline parameter declaration",
    &[
        key(
            "type",
            Ty::Enum(PIPELINE_PARAMETER_TYPES),
            "The parameter's type: `string`, `boolean`, `integer` or `enum`.",
        )
        .required(),
        key(
            "default",
            Ty::Str,
            "The value used when the trigger sets none. Pipeline parameters must have a default.",
        )
        .required(),
        key("description", Ty::Str, "What the parameter does."),
        key(
            "enum",
            Ty::List(&Ty::Str),
            "For `type: enum`: the values the parameter may take.",
        )
        .snippet("enum: [$1]"),
    ],
);
