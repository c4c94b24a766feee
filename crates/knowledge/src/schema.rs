//! The small schema language the knowledge table is written in.
//!
//! A [`Ty`] describes what a value may be; a [`MapSchema`] lists the keys a mapping takes and
//! what other keys (user-chosen names) it accepts. Completion, hover and validation all walk
//! these same values, so every key is described exactly once.

use syntax::yaml::PathSegment;

/// What a value may be.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Anything: free-form data CircleCI passes on (parameter arguments, matrix values).
    Any,
    /// A scalar read as text. Numbers and booleans are accepted because CircleCI turns them
    /// into strings (`xcode: 15.4`).
    Str,
    /// `true` or `false` (YAML 1.1 spellings such as `yes` and `on` included).
    Bool,
    /// An integer within `min..=max`.
    Int { min: i64, max: i64 },
    /// One of a fixed set of words.
    Enum(&'static [Choice]),
    /// A string with a shape checked by code (durations, resource classes).
    Format(Format),
    /// A list whose items all have the given type.
    List(&'static Ty),
    /// A mapping with known keys.
    Map(&'static MapSchema),
    /// Any of the alternatives; the value's YAML kind picks the one that applies.
    OneOf(&'static [Ty]),
    /// Environment variables: a mapping of names to scalars, or a list of `NAME=value`
    /// strings or single-entry mappings.
    Env,
}

/// One allowed value of an enum, with its own documentation.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    pub value: &'static str,
    pub doc: &'static str,
    /// Why the value should no longer be used, if it should not.
    pub deprecated: Option<&'static str>,
    /// What a mapping with this value must also write (a job's `type` decides its keys).
    pub requires: &'static [Requirement],
}

/// Keys of which a mapping must write at least one, and what to say when it writes none.
#[derive(Clone, Copy, Debug)]
pub struct Requirement {
    pub any_of: &'static [&'static str],
    /// The message; `{name}` stands for the mapping's name (the job's).
    pub message: &'static str,
}

pub const fn choice(value: &'static str, doc: &'static str) -> Choice {
    Choice {
        value,
        doc,
        deprecated: None,
        requires: &[],
    }
}

impl Choice {
    pub const fn deprecated(mut self, why: &'static str) -> Choice {
        self.deprecated = Some(why);
        self
    }

    pub const fn requires(mut self, requires: &'static [Requirement]) -> Choice {
        self.requires = requires;
        self
    }
}

/// String shapes that need code to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A duration such as `20m`, `1.5h` or `90s`.
    Duration,
    /// `auto_rerun_delay`: `1m`..`10m` or a number of seconds up to ten minutes.
    RerunDelay,
    /// A retention period in days, such as `7d`.
    RetentionDays,
    /// A resource class: a known size or a self-hosted runner's `namespace/name`.
    ResourceClass,
    /// A machine executor image such as `ubuntu-2204:current`.
    MachineImage,
    /// The remote Docker engine version for `setup_remote_docker`.
    DockerVersion,
    /// A five-field cron schedule.
    Cron,
    /// An orb reference: `namespace/name@version` or an `https://` URL.
    OrbRef,
    /// The Xcode version of a macOS executor, such as `16.2.0`.
    XcodeVersion,
}

/// How a mapping treats keys it does not list.
#[derive(Clone, Copy, Debug)]
pub enum Other {
    /// Unknown keys are errors: CircleCI rejects them ("extraneous key").
    Closed,
    /// Unknown keys are warnings: real configs carry them and CircleCI runs them (step
    /// settings, filters), but they do nothing.
    Lenient,
    /// Any key is accepted (the config root, where anchors are parked under free keys), but a
    /// key that is a near miss of a known one is probably a typo.
    Free,
    /// User-chosen names (job names, command invocations) whose values have one type.
    Names(&'static Names),
}

/// User-chosen names in a mapping and the type of their values.
#[derive(Clone, Copy, Debug)]
pub struct Names {
    pub kind: NameKind,
    pub ty: Ty,
    /// Markdown shown when such a name is completed or hovered.
    pub doc: &'static str,
}

/// What a user-chosen key names. The model module resolves these; knowledge only needs to
/// know that any name is acceptable here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Orb,
    Command,
    Executor,
    Job,
    JobGroup,
    Workflow,
    /// A parameter declaration (`parameters:` of a job, command, executor or the pipeline).
    ParameterDeclaration,
    /// An argument passed to a parameterised job, command or executor.
    ParameterArgument,
    /// A command invocation used as a step: a local command or `orb/command`.
    StepInvocation,
    /// A job invoked from a workflow or a job group.
    JobInvocation,
    /// A job named in `requires` with the statuses it must reach.
    RequiredJob,
    /// A matrix parameter and the values it takes.
    MatrixParameter,
    /// An orb usage example (orb authoring).
    OrbExample,
    /// An environment variable name.
    EnvironmentVariable,
}

/// The keys a mapping takes.
#[derive(Debug)]
pub struct MapSchema {
    /// What the mapping is, for messages: "a job", "the `run` step".
    pub what: &'static str,
    pub keys: &'static [Key],
    pub other: Other,
    /// Groups of keys of which at least one must be written.
    pub one_of_required: &'static [&'static [&'static str]],
    /// Keys of which at most one may be written (the executor kinds of a job).
    pub exclusive: &'static [&'static str],
    /// What the mapping stands for in CircleCI, when rules treat it specially.
    pub role: MapRole,
}

/// What a mapping stands for, for the rules that need more than its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapRole {
    /// Only its keys matter.
    Plain,
    /// The config root: its `version` is reported on its own, with a fix.
    Config,
    /// A job: which keys it needs depends on its `type`.
    Job,
    /// A step: one key, a built-in step or a command of the config.
    Step,
    /// A workflow or job group entry: one key, the job it invokes.
    JobInvocation,
    /// A logic statement (`and`, `or`, `not`, `equal`, `matches`).
    Logic,
}

impl MapRole {
    /// Mappings with exactly one key, whose name is the thing invoked.
    pub fn single_key(self) -> bool {
        matches!(self, MapRole::Step | MapRole::JobInvocation)
    }
}

impl MapSchema {
    pub const fn role(mut self, role: MapRole) -> MapSchema {
        self.role = role;
        self
    }

    /// Whether `ty` is a step, or a step item of a list (a name or a step mapping).
    pub fn is_step(ty: &Ty) -> bool {
        first_map(ty).is_some_and(|m| m.role == MapRole::Step)
    }

    pub fn key(&self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// The role of key `name`, `Plain` for keys the mapping does not list.
    pub fn role_of(&self, name: &str) -> KeyRole {
        self.key(name).map_or(KeyRole::Plain, |k| k.role)
    }

    /// The keys of this mapping that hold steps, in table order.
    pub fn step_keys(&self) -> impl Iterator<Item = (&'static str, StepOrder)> + '_ {
        self.keys.iter().filter_map(|k| match k.role {
            KeyRole::Steps(order) => Some((k.name, order)),
            _ => None,
        })
    }

    /// The mapping its user-chosen names hold (a job's body under `jobs:`), if any.
    pub fn names_map(&self) -> Option<&'static MapSchema> {
        match self.other {
            Other::Names(names) => first_map(&names.ty),
            _ => None,
        }
    }
}

/// One known key.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// The default CircleCI uses when the key is left out, as text for docs.
    pub default: Option<&'static str>,
    /// Why the key should no longer be used, and what replaces it.
    pub deprecated: Option<&'static str>,
    /// Only accepted with `version: 2.1`.
    pub since_2_1: bool,
    /// Markdown documentation written for this project.
    pub doc: &'static str,
    /// An LSP snippet inserted on completion; derived from the type when absent.
    pub snippet: Option<&'static str>,
    /// The deprecation is reported as information rather than a warning; see
    /// [`Key::deprecated_info`].
    pub deprecation_is_info: bool,
    /// What the key's value is, when another module checks it in depth.
    pub role: KeyRole,
    /// The value `true` is an old short form that should no longer be used (`machine: true`).
    pub deprecated_true: Option<TrueDeprecation>,
}

/// Why a key's `true` form is deprecated and the mapping written in its place.
#[derive(Clone, Copy, Debug)]
pub struct TrueDeprecation {
    pub message: &'static str,
    /// Flow-mapping text that replaces `true`, offered as a fix.
    pub replacement: &'static str,
    pub fix_title: &'static str,
}

/// What a key's value is, for the rules that need more than its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRole {
    Plain,
    /// A Docker image reference (`image:` of a Docker executor).
    Image,
    /// Docker registry credentials (`auth`, `aws_auth`), which the docker module validates.
    DockerCredentials,
    /// A list of steps, and when it runs beside the job's own steps. The model's walk, the
    /// Docker index, completion, the outline and semantic tokens follow every key of this
    /// role, so a new key that holds steps is one table entry.
    Steps(StepOrder),
    /// Names an executor: its name (`x`, `orb/x`) or a mapping with `name` and arguments.
    Executor,
    /// A shell script run by a step, when the value is text (`run: make`, `command: …`).
    Script,
}

/// When the steps of a [`KeyRole::Steps`] key run, beside the steps of the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOrder {
    /// Before the job's own steps (`pre-steps` of a workflow entry).
    Before,
    /// As the job's or command's own steps, or nested in a step (`when`'s `steps`).
    Own,
    /// After the job's own steps (`post-steps`).
    After,
}

pub const fn key(name: &'static str, ty: Ty, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: false,
        default: None,
        deprecated: None,
        since_2_1: false,
        doc,
        snippet: None,
        deprecation_is_info: false,
        role: KeyRole::Plain,
        deprecated_true: None,
    }
}

impl Key {
    pub const fn required(mut self) -> Key {
        self.required = true;
        self
    }

    pub const fn default(mut self, default: &'static str) -> Key {
        self.default = Some(default);
        self
    }

    pub const fn deprecated(mut self, why: &'static str) -> Key {
        self.deprecated = Some(why);
        self
    }

    /// Deprecated, reported as information: the replacement lives outside the config (in the
    /// project settings), so nothing in the file can be changed to follow it.
    pub const fn deprecated_info(mut self, why: &'static str) -> Key {
        self.deprecated = Some(why);
        self.deprecation_is_info = true;
        self
    }

    pub const fn deprecated_true(mut self, why: TrueDeprecation) -> Key {
        self.deprecated_true = Some(why);
        self
    }

    pub const fn with_role(mut self, role: KeyRole) -> Key {
        self.role = role;
        self
    }

    pub const fn v21(mut self) -> Key {
        self.since_2_1 = true;
        self
    }

    pub const fn snippet(mut self, snippet: &'static str) -> Key {
        self.snippet = Some(snippet);
        self
    }
}

pub const fn closed(what: &'static str, keys: &'static [Key]) -> MapSchema {
    MapSchema {
        what,
        keys,
        other: Other::Closed,
        one_of_required: &[],
        exclusive: &[],
        role: MapRole::Plain,
    }
}

pub const fn lenient(what: &'static str, keys: &'static [Key]) -> MapSchema {
    MapSchema {
        what,
        keys,
        other: Other::Lenient,
        one_of_required: &[],
        exclusive: &[],
        role: MapRole::Plain,
    }
}

/// A type as words for messages and hovers: "a string", "a list of strings".
pub fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Any => "any value".to_string(),
        Ty::Str => "a string".to_string(),
        Ty::Bool => "a boolean".to_string(),
        Ty::Int { min, max } => {
            if *min == i64::MIN && *max == i64::MAX {
                "an integer".to_string()
            } else if *max == i64::MAX {
                format!("an integer of at least {min}")
            } else {
                format!("an integer from {min} to {max}")
            }
        }
        Ty::Enum(choices) => {
            let words: Vec<String> = choices.iter().map(|c| format!("`{}`", c.value)).collect();
            format!("one of {}", words.join(", "))
        }
        Ty::Format(f) => match f {
            Format::Duration => "a duration such as `20m`".to_string(),
            Format::RerunDelay => "a delay such as `30s` or `2m` (at most 10 minutes)".to_string(),
            Format::RetentionDays => "a number of days such as `7d`".to_string(),
            Format::ResourceClass => "a resource class".to_string(),
            Format::MachineImage => "a machine image".to_string(),
            Format::DockerVersion => "a Docker version".to_string(),
            Format::Cron => "a cron expression".to_string(),
            Format::OrbRef => "an orb reference".to_string(),
            Format::XcodeVersion => "an Xcode version such as `16.2.0`".to_string(),
        },
        Ty::List(item) => match item {
            Ty::Str => "a list of strings".to_string(),
            // Items that are a name or a mapping (steps, job invocations) are named by the
            // mapping.
            other => match maps_of(other).first() {
                Some(m) => format!("a list of {}", plural_what(m.what)),
                None => format!("a list of {}", strip_article(&describe(other))),
            },
        },
        Ty::Map(m) => m.what.to_string(),
        Ty::OneOf(alts) => {
            let words: Vec<String> = alts.iter().map(describe).collect();
            join_or(&words)
        }
        Ty::Env => "a mapping of environment variables".to_string(),
    }
}

fn strip_article(s: &str) -> String {
    s.strip_prefix("a ")
        .or_else(|| s.strip_prefix("an "))
        .unwrap_or(s)
        .to_string()
}

fn plural_what(what: &str) -> String {
    let bare = strip_article(what);
    if bare.ends_with('s') {
        bare
    } else if let Some(stem) = bare.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{bare}s")
    }
}

fn join_or(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The first mapping alternative of a type, without collecting them all.
pub fn first_map(ty: &Ty) -> Option<&'static MapSchema> {
    match ty {
        Ty::Map(m) => Some(m),
        Ty::OneOf(alts) => alts.iter().find_map(first_map),
        _ => None,
    }
}

/// The mapping schemas a type offers keys from (every mapping alternative of a `OneOf`).
pub fn maps_of(ty: &Ty) -> Vec<&'static MapSchema> {
    let mut out = Vec::new();
    collect_maps(ty, &mut out);
    out
}

fn collect_maps(ty: &Ty, out: &mut Vec<&'static MapSchema>) {
    match ty {
        Ty::Map(m) => out.push(m),
        Ty::OneOf(alts) => {
            for alt in alts.iter() {
                collect_maps(alt, out);
            }
        }
        _ => {}
    }
}

/// The item type of a list type (or of a `OneOf` list alternative).
pub fn item_of(ty: &Ty) -> Option<Ty> {
    match ty {
        Ty::List(item) => Some(**item),
        Ty::OneOf(alts) => alts.iter().find_map(item_of),
        Ty::Env => Some(Ty::OneOf(&ENV_LIST_ITEM)),
        _ => None,
    }
}

static ENV_LIST_ITEM: [Ty; 2] = [Ty::Str, Ty::Map(&ENV_ITEM)];

/// Environment list items written as single-entry mappings (`- NAME: value`).
static ENV_ITEM: MapSchema = MapSchema {
    what: "an environment variable",
    keys: &[],
    other: Other::Names(&Names {
        kind: NameKind::EnvironmentVariable,
        ty: Ty::Str,
        doc: "An environment variable name and its value.",
    }),
    one_of_required: &[],
    exclusive: &[],
    role: MapRole::Plain,
};

/// What the value under `key` in a mapping of type `ty` has for a type, with the key's
/// description when it is a known key.
pub fn child_of(ty: &Ty, key: &str) -> Option<(Ty, Option<&'static Key>)> {
    if matches!(ty, Ty::Any) {
        return Some((Ty::Any, None));
    }
    if matches!(ty, Ty::Env) {
        return Some((Ty::Str, None));
    }
    // Every value is typed through here: the mapping alternatives are searched in place
    // rather than collected.
    if let Some(k) = known_key(ty, key) {
        return Some((k.ty, Some(k)));
    }
    other_keys(ty).map(|ty| (ty, None))
}

/// Key `name` of the first mapping alternative of `ty` that lists it.
fn known_key(ty: &Ty, name: &str) -> Option<&'static Key> {
    match ty {
        Ty::Map(m) => m.key(name),
        Ty::OneOf(alts) => alts.iter().find_map(|alt| known_key(alt, name)),
        _ => None,
    }
}

/// The type of keys the first mapping alternative of `ty` that takes other keys gives them.
fn other_keys(ty: &Ty) -> Option<Ty> {
    match ty {
        Ty::Map(m) => match m.other {
            Other::Names(names) => Some(names.ty),
            Other::Free => Some(Ty::Any),
            Other::Closed | Other::Lenient => None,
        },
        Ty::OneOf(alts) => alts.iter().find_map(other_keys),
        _ => None,
    }
}

/// The type found by following `path` from the config root.
pub fn resolve(root: &Ty, path: &[PathSegment]) -> Option<Ty> {
    let mut ty = *root;
    for seg in path {
        ty = match seg {
            PathSegment::Key(k) => child_of(&ty, k)?.0,
            PathSegment::Index(_) => {
                if matches!(ty, Ty::Any) {
                    Ty::Any
                } else {
                    item_of(&ty)?
                }
            }
        };
    }
    Some(ty)
}

/// True when the scalar text holds a `<< ... >>` template (a parameter, pipeline value or
/// expression), whose value is only known when CircleCI compiles the config.
pub fn is_template(text: &str) -> bool {
    syntax::text::template::has_template(text)
}
