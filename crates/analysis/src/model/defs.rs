//! What the model records: kinds of definitions and references, invocations, workflow entries
//! and parameter declarations, with the small helpers that read them.

use knowledge::schema::KeyRole;
use syntax::yaml::{Entry, Mapping, Node, NodeKind, ScalarStyle, Span};

/// Whether a step name is one CircleCI provides (`run`, `checkout`, `when`, …); any other
/// step name must be a command. The knowledge table is the one list of them.
pub fn is_builtin_step(name: &str) -> bool {
    knowledge::builtin_step(name).is_some()
}

/// Whether a key of a workflow job entry configures the workflow rather than passes a
/// parameter. The knowledge table is the one list of them.
pub fn is_workflow_job_key(name: &str) -> bool {
    knowledge::job_invocation_key(name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefKind {
    Orb,
    Command,
    Executor,
    Job,
    JobGroup,
    Workflow,
    Parameter,
    PipelineParameter,
    Anchor,
}

impl DefKind {
    /// The word a message uses for this kind.
    pub fn noun(self) -> &'static str {
        match self {
            DefKind::Orb => "orb",
            DefKind::Command => "command",
            DefKind::Executor => "executor",
            DefKind::Job => "job",
            DefKind::JobGroup => "job group",
            DefKind::Workflow => "workflow",
            DefKind::Parameter => "parameter",
            DefKind::PipelineParameter => "pipeline parameter",
            DefKind::Anchor => "anchor",
        }
    }

    /// The same word, capitalised for the start of a sentence.
    pub fn title(self) -> &'static str {
        match self {
            DefKind::Orb => "Orb",
            DefKind::Command => "Command",
            DefKind::Executor => "Executor",
            DefKind::Job => "Job",
            DefKind::JobGroup => "Job group",
            DefKind::Workflow => "Workflow",
            DefKind::Parameter => "Parameter",
            DefKind::PipelineParameter => "Pipeline parameter",
            DefKind::Anchor => "Anchor",
        }
    }
}

pub type DefId = usize;

#[derive(Clone, Debug)]
pub struct Definition<'a> {
    pub kind: DefKind,
    pub name: String,
    /// The name as written (the key without quotes; for anchors, `name` after `&`).
    pub name_span: Span,
    /// The whole definition: key and value.
    pub span: Span,
    /// The definition's value: the job's mapping, the parameter's declaration, the orb's
    /// reference or inline body. `None` for anchors.
    pub node: Option<&'a Node>,
    /// A parameter's job, command or executor; an inline orb member's orb.
    pub parent: Option<DefId>,
    /// Parameters declared by a job, command or executor, in order.
    pub params: Vec<DefId>,
    /// A job's or command's own steps, in order (nested ones are under their step).
    pub steps: Vec<StepId>,
    /// Where a job or executor runs.
    pub runs: Option<Runs<'a>>,
    /// The name was brought in by an alias or `<<` merge rather than written for this
    /// definition alone.
    pub copied: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// A workflow or job group entry naming a job (or job group).
    Job,
    /// A step naming a command or built-in step.
    Command,
    Executor,
    /// The `orb` part of `orb/member`.
    Orb,
    /// A `requires` entry naming another entry of the same workflow.
    Requires,
    /// `<< parameters.x >>`.
    Parameter,
    /// `<< pipeline.parameters.x >>`.
    PipelineParameter,
    /// `<< pipeline.git.branch >>` and other built-in pipeline values.
    PipelineValue,
    /// `<< matrix.x >>`.
    Matrix,
    /// A key passing a value to a parameter of an invoked job, command or executor.
    Argument,
    /// `*alias`.
    Anchor,
    /// A context name in a workflow job entry.
    Context,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Def(DefId),
    /// A member of a declared orb whose source is not in this file.
    OrbMember {
        orb: DefId,
    },
    /// A built-in step.
    BuiltIn,
    /// Needs no definition: an approval job, a matrix-generated name, a pipeline value, a
    /// context.
    Implicit,
    Undefined,
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: RefKind,
    /// The name as written: `build`, `node/test`, the `x` of `<< parameters.x >>`.
    pub name: String,
    /// The part a rename replaces: the member part of `orb/member`, the name itself otherwise.
    pub span: Span,
    /// The whole written name (`node/test`).
    pub full_span: Span,
    pub target: Target,
    /// For parameters and arguments: the job, command or executor whose parameters are meant.
    /// For `requires`: the workflow or job group.
    pub owner: Option<DefId>,
    /// The inline orb whose body holds the reference; `None` at the top level.
    pub orb_scope: Option<DefId>,
    /// For `requires`: the workflow job entry it names.
    pub entry: Option<usize>,
    /// Reached through an alias or merge rather than written at this place.
    pub copied: bool,
    /// False for references guessed from values passed to orb members: they count as uses
    /// but are never reported as undefined.
    pub strict: bool,
}

impl Reference {
    pub(super) fn new(kind: RefKind, name: &str, span: Span, target: Target) -> Reference {
        Reference {
            kind,
            name: name.to_string(),
            span,
            full_span: span,
            target,
            owner: None,
            orb_scope: None,
            entry: None,
            copied: false,
            strict: true,
        }
    }
}

/// What an invocation passes: its arguments and its `matrix.parameters` entries.
#[derive(Clone, Debug, Default)]
pub struct Passed<'a> {
    /// Arguments passed (workflow keys such as `requires` excluded).
    pub args: Vec<&'a Entry>,
    /// `matrix.parameters` entries: each passes a list of values.
    pub matrix: Vec<&'a Entry>,
    /// False when some arguments cannot be known here (`matrix.parameters` given by a
    /// template, an unresolved `<<` merge): nothing is said about missing ones then.
    pub known: bool,
}

impl<'a> Passed<'a> {
    pub fn new(args: Vec<&'a Entry>, matrix: Vec<&'a Entry>, known: bool) -> Passed<'a> {
        Passed {
            args,
            matrix,
            known,
        }
    }

    /// Nothing passed, and so nothing unknown.
    pub fn known(mut self) -> Passed<'a> {
        self.known = true;
        self
    }

    /// The arguments and matrix entries alike.
    pub fn entries(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.args.iter().chain(&self.matrix).copied()
    }

    /// The names of the parameters given.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries().filter_map(|e| e.key.as_str())
    }

    /// Each argument with the values it passes: its value, or for a `matrix.parameters` entry
    /// each value listed (`None` when the entry is not a list).
    pub fn values(&self) -> Vec<(&'a Entry, Option<Vec<&'a Node>>)> {
        let plain = self.args.iter().map(|a| (*a, Some(vec![&a.value])));
        let listed = self.matrix.iter().map(|a| {
            let values = a.value.as_sequence().map(|s| s.items.iter().collect());
            (*a, values)
        });
        plain.chain(listed).collect()
    }
}

/// A job, command or executor defined in this file, invoked with arguments.
#[derive(Clone, Debug)]
pub struct Invocation<'a> {
    /// The reference naming the invoked definition.
    pub reference: usize,
    pub target: DefId,
    pub passed: Passed<'a>,
    /// The job, command or executor whose body holds the invocation (`None` in a workflow).
    pub owner: Option<DefId>,
    pub copied: bool,
}

/// A job, command or executor of a registry orb, invoked with arguments. Its parameters are
/// not in this file; the orb checks read them from the orb data.
#[derive(Clone, Debug)]
pub struct OrbCall<'a> {
    /// The reference naming the member (`node/test`).
    pub reference: usize,
    pub orb: DefId,
    pub passed: Passed<'a>,
}

/// A job, command or executor named through a template (`install-<< parameters.os >>`),
/// resolved once every invocation is known.
#[derive(Clone, Debug)]
pub(super) struct DynamicName {
    pub(super) kind: RefKind,
    pub(super) name: String,
    pub(super) span: Span,
    pub(super) owner: Option<DefId>,
    pub(super) scope: Option<DefId>,
    pub(super) copied: bool,
}

pub type StepId = usize;

/// What holds a steps list, and so the step's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOwner {
    /// A job's or command's own steps (any key the table gives the steps role).
    Body(DefId),
    /// The default of a `steps` parameter (the parameter).
    Default(DefId),
    /// An argument passed to a `steps` parameter (the parameter).
    Argument(DefId),
    /// `pre-steps`/`post-steps` of a workflow or job group entry (its index in `entries`).
    Entry(usize),
    /// A value passed to an orb member, whose parameter types are not known here.
    OrbArgument,
}

/// One step, wherever steps are written: a job's or command's `steps`, a `when`/`unless`
/// block, a workflow entry's `pre-steps`/`post-steps`, a steps parameter's default or argument.
/// A step copied through an alias is recorded at every place it is copied to; its `item` span
/// is where it is written.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    /// The list item.
    pub item: &'a Node,
    /// The step's type or command: `run` for `- run: …`, `checkout` for `- checkout`.
    pub name: &'a str,
    /// The value of the step's one key: its settings or arguments (`None` for a bare word).
    pub args: Option<&'a Node>,
    /// What holds the list the step is in; a nested step has its enclosing step's owner.
    pub owner: StepOwner,
    /// The job, command or executor whose body holds the step (`None` in a workflow); its
    /// parameters are the ones `<< parameters.x >>` in the step names.
    pub within: Option<DefId>,
    /// Steps written inside this one (a `when`/`unless` block, a `steps` splice), in order.
    pub nested: Vec<StepId>,
    /// The command of this config (or of an inline orb) the step invokes.
    pub invokes: Option<DefId>,
    /// The step was copied in through an alias or `<<` merge rather than written here.
    pub copied: bool,
}

impl<'a> Step<'a> {
    /// Reads a steps-list item: `- checkout` or `- run: …` (its first key names the step).
    pub fn read(item: &'a Node, owner: StepOwner) -> Option<Step<'a>> {
        let (name, args) = match &item.kind {
            NodeKind::Scalar(s) => (s.value.as_str(), None),
            NodeKind::Mapping(m) => {
                let first = m.entries.first()?;
                (first.key.as_str()?, Some(&first.value))
            }
            _ => return None,
        };
        Some(Step {
            item,
            name,
            args,
            owner,
            within: None,
            nested: Vec::new(),
            invokes: None,
            copied: false,
        })
    }

    /// The step's type or command, read from a steps-list item.
    pub fn name_of(item: &Node) -> Option<&str> {
        Step::read(item, StepOwner::OrbArgument).map(|s| s.name)
    }
}

/// An executor where one is named: its name (`x`, `orb/x`) or a mapping with `name` and the
/// executor's arguments. The one reader of that shape.
#[derive(Clone, Copy, Debug)]
pub struct ExecutorUse<'a> {
    /// The scalar naming the executor.
    pub name_node: &'a Node,
    /// The mapping that holds `name` and the arguments, when the executor is written so.
    pub args: Option<&'a Node>,
}

impl<'a> ExecutorUse<'a> {
    pub fn read(value: &'a Node) -> Option<ExecutorUse<'a>> {
        match &value.kind {
            NodeKind::Scalar(_) => Some(ExecutorUse {
                name_node: value,
                args: None,
            }),
            NodeKind::Mapping(m) => Some(ExecutorUse {
                name_node: m.get("name")?,
                args: Some(value),
            }),
            _ => None,
        }
    }

    /// The executor's name as written, when it is a string.
    pub fn name(&self) -> Option<&'a str> {
        self.name_node.as_str()
    }

    /// The arguments: the entries of the mapping other than `name`.
    pub fn arguments(&self) -> Vec<&'a Entry> {
        self.args
            .and_then(Node::as_mapping)
            .map(|m| {
                m.entries
                    .iter()
                    .filter(|e| e.key.as_str() != Some("name"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Where a job or executor runs: the first execution environment key written, in the
/// knowledge table's order (`docker`, `machine`, `macos`, `executor`). The one resolution the
/// outline, hover and the Docker index read.
#[derive(Clone, Debug)]
pub enum Runs<'a> {
    /// `docker:`: the list of image entries.
    Docker(&'a Node),
    /// `machine:`: `true` or a mapping with `image`.
    Machine(&'a Node),
    /// `macos:`: a mapping with `xcode`.
    Macos(&'a Node),
    /// `executor:`, with what the name means (`None` while it is built from a template).
    Executor(ExecutorUse<'a>, Option<Target>),
}

impl<'a> Runs<'a> {
    /// Reads a job's or executor's body; an executor's target is filled in by the walk.
    pub fn read(body: &'a Node) -> Option<Runs<'a>> {
        let job = &knowledge::table::JOB;
        knowledge::table::JOB_EXECUTOR_KEYS.iter().find_map(|key| {
            let value = body.get(key)?;
            Some(match *key {
                _ if job.role_of(key) == KeyRole::Executor => {
                    Runs::Executor(ExecutorUse::read(value)?, None)
                }
                "machine" => Runs::Machine(value),
                "macos" => Runs::Macos(value),
                _ => Runs::Docker(value),
            })
        })
    }

    /// The images a `docker:` list names, in order (`None` for an entry without a string image).
    pub fn docker_images(&self) -> Vec<Option<&'a str>> {
        let Runs::Docker(list) = self else {
            return Vec::new();
        };
        list.as_sequence()
            .map(|s| {
                s.items
                    .iter()
                    .map(|i| i.get("image").and_then(Node::as_str))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The one value that says most about the environment: the first Docker image, the
    /// machine image, the Xcode version or the executor's name.
    pub fn headline(&self) -> Option<&'a str> {
        match self {
            Runs::Docker(_) => self.docker_images().first().copied().flatten(),
            Runs::Machine(m) => m.get("image").and_then(Node::as_str),
            Runs::Macos(m) => m.get("xcode").and_then(Node::as_str),
            Runs::Executor(e, _) => e.name(),
        }
    }
}

/// One entry of a workflow's (or job group's) `jobs` list.
#[derive(Clone, Debug)]
pub struct WorkflowEntry<'a> {
    /// The workflow or job group.
    pub container: DefId,
    pub job: &'a str,
    pub job_span: Span,
    /// The scalar naming the job.
    pub job_node: &'a Node,
    /// The reference naming the job.
    pub job_ref: Option<usize>,
    /// The `name:` the job runs under in this workflow.
    pub name: Option<(&'a str, Span)>,
    pub matrix: bool,
    /// Names that require every instance of a matrix job.
    pub matrix_aliases: Vec<String>,
    /// The names matrix instances get, with `*` for the generated part.
    pub matrix_pattern: Option<String>,
    pub args: Option<&'a Mapping>,
    pub copied: bool,
    /// `requires` references of this entry.
    pub requires: Vec<usize>,
    /// Steps the entry adds before the job's own steps (`pre-steps`).
    pub before: Vec<StepId>,
    /// Steps the entry adds after them (`post-steps`).
    pub after: Vec<StepId>,
}

impl WorkflowEntry<'_> {
    /// The name other entries require this one by.
    pub fn effective_name(&self) -> &str {
        self.name.map_or(self.job, |(n, _)| n)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamType {
    String,
    Boolean,
    Integer,
    Enum(Vec<String>),
    Executor,
    Steps,
    EnvVarName,
    /// A `type` CircleCI does not know (reported by structural validation).
    Unknown(String),
    /// No `type` given.
    Unspecified,
}

impl ParamType {
    pub fn label(&self) -> String {
        match self {
            ParamType::String => "string".to_string(),
            ParamType::Boolean => "boolean".to_string(),
            ParamType::Integer => "integer".to_string(),
            ParamType::Enum(values) => format!("enum [{}]", values.join(", ")),
            ParamType::Executor => "executor".to_string(),
            ParamType::Steps => "steps".to_string(),
            ParamType::EnvVarName => "env_var_name".to_string(),
            ParamType::Unknown(t) => t.clone(),
            ParamType::Unspecified => "untyped".to_string(),
        }
    }
}

/// What a parameter declaration says.
#[derive(Clone, Debug)]
pub struct ParamInfo<'a> {
    pub ty: ParamType,
    /// `Some` when the declaration has a `default` key (even an empty one).
    pub default: Option<&'a Node>,
    pub description: Option<&'a str>,
}

impl ParamInfo<'_> {
    pub fn required(&self) -> bool {
        self.default.is_none()
    }
}

/// The values the `enum:` list of a parameter declaration names, as written.
pub fn enum_values(list: Option<&Node>) -> Vec<String> {
    list.and_then(Node::as_sequence)
        .map(|s| {
            s.items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn param_info(node: Option<&Node>) -> ParamInfo<'_> {
    let Some(m) = node.and_then(Node::as_mapping) else {
        return ParamInfo {
            ty: ParamType::Unspecified,
            default: None,
            description: None,
        };
    };
    let ty = match m.get("type").and_then(Node::as_str) {
        None => ParamType::Unspecified,
        Some("string") => ParamType::String,
        Some("boolean") => ParamType::Boolean,
        Some("integer") => ParamType::Integer,
        Some("executor") => ParamType::Executor,
        Some("steps") => ParamType::Steps,
        Some("env_var_name") => ParamType::EnvVarName,
        Some("enum") => ParamType::Enum(enum_values(m.get("enum"))),
        Some(other) => ParamType::Unknown(other.to_string()),
    };
    ParamInfo {
        ty,
        default: m.get("default"),
        description: m.get("description").and_then(Node::as_str),
    }
}

/// The span of a scalar's value in the text: the scalar without its quotes (or a block
/// scalar's header), and whether that is exact. Falls back to the whole node.
pub fn value_span(node: &Node, text: &str) -> (Span, bool) {
    let Some(s) = node.as_scalar() else {
        return (node.span, false);
    };
    let raw = node.span.text(text);
    if raw == s.value {
        return (node.span, true);
    }
    match s.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            if raw.len() >= 2 && raw.get(1..raw.len() - 1) == Some(s.value.as_str()) {
                return (Span::new(node.span.start + 1, node.span.end - 1), true);
            }
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            let wanted = s.value.trim();
            let body = syntax::text::lines::next_line_start(raw, 0);
            if !wanted.is_empty() && !wanted.contains('\n') {
                if let Some(i) = raw.get(body..).and_then(|b| b.find(wanted)) {
                    let start = node.span.start + body + i;
                    return (Span::new(start, start + wanted.len()), true);
                }
            }
        }
        ScalarStyle::Plain => {}
    }
    (node.span, false)
}

/// Where `<< parameters.x >>` names are looked up while scanning templates.
#[derive(Clone, Copy, Debug)]
pub(super) enum ParamScope {
    /// Inside a job, command or executor.
    Def(DefId),
    /// Inside a workflow job entry invoking this job (`None`: an orb's job).
    Entry(Option<DefId>),
    /// Elsewhere: no `parameters` are in scope.
    Outside,
}

/// Glob match where `*` stands for any run of characters.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Replaces every `<< … >>` in a name with `*`.
pub(super) fn template_pattern(name: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for t in syntax::text::template::templates(name, syntax::text::template::Reach::Folded) {
        out.push_str(name.get(at..t.whole.start).unwrap_or(""));
        out.push('*');
        at = t.whole.end;
    }
    out.push_str(name.get(at..).unwrap_or(""));
    out
}
