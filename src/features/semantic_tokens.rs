//! Semantic tokens: what each name in the config is, for highlighting beyond YAML's grammar.
//!
//! One walk over the parts written in the document (never into copies made by aliases or
//! `<<` merges, whose text is elsewhere): CircleCI keys are keywords; jobs, commands,
//! executors, workflows, orbs and parameters are named by what they are, with the declaration
//! modifier where they are defined; `<< parameters.x >>`, `$VAR`, anchors and aliases are
//! found inside values. The result is sorted and cut so that no two tokens overlap.

use super::outline_config::{
    inner_span, is_builtin_step, is_deprecated_step, is_workflow_job_key, split_orb_ref,
};
use crate::analysis::Analysis;
use crate::model::sections::{section_kind, Place};
use crate::model::DefKind;
use crate::text::lines::lines_with_starts;
use crate::text::template::{templates, Reach, Template};
use crate::yaml::{Mapping, Node, NodeKind, ScalarStyle, Span};

/// Token types; the order is the legend the server advertises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Keyword,
    Property,
    Function,
    Class,
    Parameter,
    Variable,
    String,
    Number,
    Namespace,
    Macro,
    Comment,
    EnumMember,
    Type,
}

impl TokenType {
    pub const ALL: &'static [TokenType] = &[
        TokenType::Keyword,
        TokenType::Property,
        TokenType::Function,
        TokenType::Class,
        TokenType::Parameter,
        TokenType::Variable,
        TokenType::String,
        TokenType::Number,
        TokenType::Namespace,
        TokenType::Macro,
        TokenType::Comment,
        TokenType::EnumMember,
        TokenType::Type,
    ];
}

/// Modifier bits; the order is the legend the server advertises.
pub const MODIFIER_DECLARATION: u32 = 1;
pub const MODIFIER_DEPRECATED: u32 = 1 << 1;
pub const MODIFIER_DEFAULT_LIBRARY: u32 = 1 << 2;
pub const MODIFIER_NAMES: &[&str] = &["declaration", "deprecated", "defaultLibrary"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    /// A span on one line.
    pub span: Span,
    pub token_type: TokenType,
    pub modifiers: u32,
}

/// What a user-defined name is; each has its own token type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    Job,
    Command,
    Executor,
    Workflow,
}

impl NameKind {
    fn token_type(self) -> TokenType {
        match self {
            NameKind::Job => TokenType::Class,
            NameKind::Command => TokenType::Function,
            NameKind::Executor => TokenType::Type,
            NameKind::Workflow => TokenType::Namespace,
        }
    }
}

/// Tokens in document order, never overlapping.
pub fn tokens(analysis: &Analysis) -> Vec<SemanticToken> {
    let mut walk = Walk {
        text: &analysis.text,
        tokens: Vec::new(),
    };
    for (i, doc) in analysis.yaml.documents.iter().enumerate() {
        for anchor in &doc.anchors {
            walk.push(anchor.span, TokenType::Macro, MODIFIER_DECLARATION);
        }
        for alias in &doc.aliases {
            walk.push(alias.span, TokenType::Macro, 0);
        }
        // Only the first document is the config; later ones are only scanned.
        match (&doc.root, i) {
            (Some(root), 0) => walk.root(root, Place::Config),
            (Some(root), _) => walk.values(root),
            (None, _) => {}
        }
    }
    let mut tokens = walk.tokens;
    tokens.sort_by_key(|t| (t.span.start, t.span.end));
    let mut last_end = 0;
    tokens.retain(|t| {
        let keep = t.span.start >= last_end;
        if keep {
            last_end = t.span.end;
        }
        keep
    });
    tokens
}

struct Walk<'a> {
    text: &'a str,
    tokens: Vec<SemanticToken>,
}

/// The entries of `node` written here, with values not copied in through an alias.
fn written(node: &Node) -> impl Iterator<Item = (&Node, Option<&Node>)> {
    node.as_mapping()
        .into_iter()
        .flat_map(Mapping::own_entries)
        .map(|e| (&e.key, e.value.is_written_here().then_some(&e.value)))
}

fn written_items(node: &Node) -> impl Iterator<Item = &Node> {
    node.as_sequence()
        .into_iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| i.is_written_here())
}

impl Walk<'_> {
    fn push(&mut self, span: Span, token_type: TokenType, modifiers: u32) {
        if span.is_empty() || span.text(self.text).contains(['\n', '\r']) {
            return;
        }
        self.tokens.push(SemanticToken {
            span,
            token_type,
            modifiers,
        });
    }

    /// A key: the merge key `<<` is a macro like the alias after it.
    fn key(&mut self, key: &Node, token_type: TokenType, modifiers: u32) {
        if key.as_str() == Some("<<") {
            self.push(key.span, TokenType::Macro, 0);
        } else if key.as_scalar().is_some() {
            self.push(key.span, token_type, modifiers);
        }
    }

    /// A config, or an inline orb's body; the model's sections say what each
    /// top-level key defines.
    fn root(&mut self, root: &Node, place: Place) {
        if root.as_mapping().is_none() {
            self.values(root);
            return;
        }
        for (key, value) in written(root) {
            let section = key.as_str().and_then(|k| section_kind(k, place));
            let known = section.is_some() || matches!(key.as_str(), Some("version" | "setup"));
            if known {
                self.key(key, TokenType::Keyword, 0);
            } else if key.as_str() == Some("<<") {
                self.key(key, TokenType::Macro, 0);
            }
            let Some(value) = value else { continue };
            match section {
                Some(DefKind::Orb) => self.orbs(value),
                Some(DefKind::Command) => self.definitions(value, NameKind::Command),
                Some(DefKind::Executor) => self.definitions(value, NameKind::Executor),
                Some(DefKind::Job) => self.definitions(value, NameKind::Job),
                Some(DefKind::JobGroup) => self.workflows(value, NameKind::Job),
                Some(DefKind::Workflow) => self.workflows(value, NameKind::Workflow),
                Some(DefKind::PipelineParameter) => self.parameter_declarations(value),
                _ => self.values(value),
            }
        }
    }

    fn orbs(&mut self, orbs: &Node) {
        for (key, value) in written(orbs) {
            self.key(key, TokenType::Namespace, MODIFIER_DECLARATION);
            match value {
                // An inline orb is written like a config of its own.
                Some(v) if v.as_mapping().is_some() => self.root(v, Place::InlineOrb),
                Some(v) => self.values(v),
                None => {}
            }
        }
    }

    fn definitions(&mut self, section: &Node, kind: NameKind) {
        for (key, value) in written(section) {
            self.key(key, kind.token_type(), MODIFIER_DECLARATION);
            if let Some(body) = value {
                self.body(body);
            }
        }
    }

    /// A job, command or executor body, or any mapping of CircleCI keys.
    fn body(&mut self, body: &Node) {
        if body.as_mapping().is_none() {
            self.values(body);
            return;
        }
        for (key, value) in written(body) {
            self.key(key, TokenType::Keyword, 0);
            let Some(value) = value else { continue };
            match key.as_str() {
                Some("parameters") => self.parameter_declarations(value),
                Some("steps") => self.steps(value),
                Some("environment") => self.environment(value),
                Some("executor") => self.executor_ref(value),
                Some("docker") => self.docker(value),
                Some("machine") if value.as_bool() == Some(true) => {
                    self.push(value.span, TokenType::Keyword, MODIFIER_DEPRECATED);
                }
                _ => self.keywords(value),
            }
        }
    }

    /// Nested CircleCI keys (`filters`, `branches`, `only`, …) and their values.
    fn keywords(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Mapping(_) => {
                for (key, value) in written(node) {
                    self.key(key, TokenType::Keyword, 0);
                    let Some(value) = value else { continue };
                    match key.as_str() {
                        Some("environment") => self.environment(value),
                        Some("steps") => self.steps(value),
                        _ => self.keywords(value),
                    }
                }
            }
            NodeKind::Sequence(_) => written_items(node).for_each(|i| self.keywords(i)),
            _ => self.scalar(node),
        }
    }

    /// Values without CircleCI meaning (parameter arguments, unknown sections): only
    /// templates, variables and anchors inside them.
    fn values(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Mapping(_) => {
                for (key, value) in written(node) {
                    if key.as_str() == Some("<<") {
                        self.key(key, TokenType::Macro, 0);
                    }
                    if let Some(value) = value {
                        self.values(value);
                    }
                }
            }
            NodeKind::Sequence(_) => written_items(node).for_each(|i| self.values(i)),
            _ => self.scalar(node),
        }
    }

    fn parameter_declarations(&mut self, params: &Node) {
        for (key, value) in written(params) {
            self.key(key, TokenType::Parameter, MODIFIER_DECLARATION);
            let Some(decl) = value else { continue };
            for (key, value) in written(decl) {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    /// Arguments passed to a job, command or executor: `name: value`.
    fn arguments(&mut self, args: &Node, is_keyword: fn(&str) -> bool) {
        for (key, value) in written(args) {
            let keyword = key.as_str().is_some_and(is_keyword);
            self.key(
                key,
                if keyword {
                    TokenType::Keyword
                } else {
                    TokenType::Parameter
                },
                0,
            );
            let Some(value) = value else { continue };
            match key.as_str() {
                _ if !keyword => self.values(value),
                Some("requires") => self.requires(value),
                Some("name") => self.reference(value, Some(NameKind::Job), MODIFIER_DECLARATION),
                Some("pre-steps" | "post-steps") => self.steps(value),
                Some("matrix") => self.matrix(value),
                _ => self.keywords(value),
            }
        }
    }

    fn environment(&mut self, env: &Node) {
        if env.as_mapping().is_none() {
            self.values(env);
            return;
        }
        for (key, value) in written(env) {
            self.key(key, TokenType::Variable, MODIFIER_DECLARATION);
            if let Some(value) = value {
                self.values(value);
            }
        }
    }

    fn docker(&mut self, docker: &Node) {
        for image in written_items(docker) {
            if image.as_mapping().is_none() {
                self.values(image);
                continue;
            }
            for (key, value) in written(image) {
                self.key(key, TokenType::Keyword, 0);
                let Some(value) = value else { continue };
                match key.as_str() {
                    Some("image") => self.image(value),
                    Some("environment") => self.environment(value),
                    _ => self.keywords(value),
                }
            }
        }
    }

    /// Marks the deprecated `circleci/` image namespace (`cimg/` replaces it).
    fn image(&mut self, image: &Node) {
        if let Some(inner) = inner_span(image, self.text) {
            let raw = inner.text(self.text);
            if raw.starts_with("circleci/") {
                let repo_len = raw.find([':', '@', '<', '$']).unwrap_or(raw.len());
                self.push(
                    Span::new(inner.start, inner.start + repo_len),
                    TokenType::String,
                    MODIFIER_DEPRECATED,
                );
            }
        }
        self.scalar(image);
    }

    fn executor_ref(&mut self, executor: &Node) {
        if executor.as_mapping().is_none() {
            self.reference(executor, Some(NameKind::Executor), 0);
            return;
        }
        for (key, value) in written(executor) {
            let is_name = key.as_str() == Some("name");
            self.key(
                key,
                if is_name {
                    TokenType::Keyword
                } else {
                    TokenType::Parameter
                },
                0,
            );
            match value {
                Some(v) if is_name => self.reference(v, Some(NameKind::Executor), 0),
                Some(v) => self.values(v),
                None => {}
            }
        }
    }

    fn steps(&mut self, steps: &Node) {
        if steps.as_sequence().is_none() {
            self.values(steps);
            return;
        }
        for item in written_items(steps) {
            if item.as_sequence().is_some() {
                self.steps(item);
                continue;
            }
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Command), 0);
                continue;
            }
            let mut entries = written(item);
            let Some((name, args)) = entries.next() else {
                self.values(item);
                continue;
            };
            self.reference(name, Some(NameKind::Command), 0);
            if let Some(args) = args {
                match name.as_str() {
                    Some(step) if is_builtin_step(step) => self.keywords(args),
                    _ => self.arguments(args, |_| false),
                }
            }
            // Anything after the step's own key is a mistake other features report.
            for (key, value) in entries {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    /// Workflows, or job groups (`kind` Job: they are invoked like jobs); both list job
    /// invocations under `jobs`.
    fn workflows(&mut self, workflows: &Node, kind: NameKind) {
        for (key, value) in written(workflows) {
            if kind == NameKind::Workflow && key.as_str() == Some("version") {
                self.key(key, TokenType::Keyword, 0);
                if let Some(value) = value {
                    self.values(value);
                }
                continue;
            }
            self.key(key, kind.token_type(), MODIFIER_DECLARATION);
            let Some(body) = value else { continue };
            for (key, value) in written(body) {
                self.key(key, TokenType::Keyword, 0);
                let Some(value) = value else { continue };
                match key.as_str() {
                    Some("jobs") => self.workflow_jobs(value),
                    _ => self.keywords(value),
                }
            }
        }
    }

    fn workflow_jobs(&mut self, jobs: &Node) {
        for item in written_items(jobs) {
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Job), 0);
                continue;
            }
            for (key, value) in written(item) {
                self.reference(key, Some(NameKind::Job), 0);
                if let Some(args) = value {
                    self.arguments(args, is_workflow_job_key);
                }
            }
        }
    }

    /// `requires: [build, test]`, or with statuses: `requires: [{build: failed}]`.
    fn requires(&mut self, requires: &Node) {
        if requires.as_sequence().is_none() {
            self.reference(requires, Some(NameKind::Job), 0);
            return;
        }
        for item in written_items(requires) {
            if item.as_scalar().is_some() {
                self.reference(item, Some(NameKind::Job), 0);
                continue;
            }
            for (key, value) in written(item) {
                self.reference(key, Some(NameKind::Job), 0);
                if let Some(value) = value {
                    self.values(value);
                }
            }
        }
    }

    fn matrix(&mut self, matrix: &Node) {
        for (key, value) in written(matrix) {
            self.key(key, TokenType::Keyword, 0);
            let Some(value) = value else { continue };
            match key.as_str() {
                Some("parameters") => {
                    for (key, value) in written(value) {
                        self.key(key, TokenType::Parameter, 0);
                        if let Some(value) = value {
                            self.values(value);
                        }
                    }
                }
                Some("exclude") => {
                    for item in written_items(value) {
                        self.arguments(item, |_| false);
                    }
                }
                _ => self.values(value),
            }
        }
    }

    /// A name standing for a job, command or executor: built-in steps are keywords, `orb/x`
    /// is a namespace and a member, anything with a template inside is only scanned.
    fn reference(&mut self, node: &Node, kind: Option<NameKind>, modifiers: u32) {
        let (Some(name), Some(span)) = (node.as_str(), inner_span(node, self.text)) else {
            self.values(node);
            return;
        };
        if name.contains("<<") || name.contains('$') || span.len() != name.len() {
            self.scalar(node);
            return;
        }
        let kind = kind.unwrap_or(NameKind::Command);
        if kind == NameKind::Command && is_builtin_step(name) {
            let deprecated = if is_deprecated_step(name) {
                MODIFIER_DEPRECATED
            } else {
                0
            };
            self.push(span, TokenType::Keyword, deprecated);
        } else if let Some((orb, _)) = split_orb_ref(name) {
            let slash = span.start + orb.len();
            self.push(Span::new(span.start, slash), TokenType::Namespace, 0);
            self.push(Span::new(slash + 1, span.end), kind.token_type(), modifiers);
        } else {
            self.push(span, kind.token_type(), modifiers);
        }
    }

    /// Templates and variables inside a scalar value, line by line.
    fn scalar(&mut self, node: &Node) {
        let Some(scalar) = node.as_scalar() else {
            return;
        };
        if !node.is_written_here() {
            return;
        }
        let raw = node.span.text(self.text);
        if !raw.contains(['$', '<']) {
            return;
        }
        let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
        for (i, (start, line)) in lines_with_starts(raw).enumerate() {
            // A block scalar's first line is its header, where `#` starts a comment.
            if !(block && i == 0) {
                self.scan_line(line, node.span.start + start);
            }
        }
    }

    fn scan_line(&mut self, line: &str, base: usize) {
        let bytes = line.as_bytes();
        let templates = templates(line, Reach::OneLine);
        let mut templates = templates.iter().peekable();
        let mut i = 0;
        while i < bytes.len() {
            // Templates a variable ran over are behind us.
            while templates.next_if(|t| t.whole.start < i).is_some() {}
            if let Some(t) = templates.next_if(|t| t.whole.start == i) {
                i = self.template(line, base, t).unwrap_or(i + 2);
                continue;
            }
            match bytes.get(i) {
                Some(b'$') => i = self.variable(line, base, i),
                _ => i += 1,
            }
        }
    }

    /// `<< parameters.x >>`, `<< pipeline.parameters.x >>` or `<< pipeline.git.branch >>`;
    /// returns where scanning goes on, or `None` when it is none of these.
    fn template(&mut self, line: &str, base: usize, t: &Template) -> Option<usize> {
        let at = t.whole.start;
        let close = t.inner.len();
        let inner = line.get(t.inner.clone())?;
        let expr_off = inner.len() - inner.trim_start().len();
        let expr = inner.trim();
        let prefix = ["parameters.", "pipeline.parameters.", "pipeline."]
            .into_iter()
            .find(|p| expr.starts_with(p))?;
        let name = expr.get(prefix.len()..)?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        let expr_start = base + at + 2 + expr_off;
        let name_start = expr_start + prefix.len();
        let name_type = if prefix == "pipeline." {
            TokenType::Variable
        } else {
            TokenType::Parameter
        };
        let name_mods = if prefix == "pipeline." {
            MODIFIER_DEFAULT_LIBRARY
        } else {
            0
        };
        let end = base + at + 2 + close + 2;
        self.push(Span::new(base + at, name_start), TokenType::Macro, 0);
        self.push(
            Span::new(name_start, name_start + name.len()),
            name_type,
            name_mods,
        );
        self.push(Span::new(name_start + name.len(), end), TokenType::Macro, 0);
        Some(at + 2 + close + 2)
    }

    /// `$NAME` or `${NAME}` at `at`; `$$`, `$1`, `$(…)` and `\$` are left alone.
    fn variable(&mut self, line: &str, base: usize, at: usize) -> usize {
        let bytes = line.as_bytes();
        if at > 0 && bytes.get(at - 1) == Some(&b'\\') {
            return at + 1;
        }
        let braced = bytes.get(at + 1) == Some(&b'{');
        let name_start = at + 1 + usize::from(braced);
        let name_len = bytes
            .get(name_start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let starts_well = bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if name_len == 0 || !starts_well {
            return at + 1 + usize::from(bytes.get(at + 1) == Some(&b'$'));
        }
        let mut end = name_start + name_len;
        if braced && bytes.get(end) == Some(&b'}') {
            end += 1;
        }
        let name = line.get(name_start..name_start + name_len).unwrap_or("");
        let mods = if name.starts_with("CIRCLE_") {
            MODIFIER_DEFAULT_LIBRARY
        } else {
            0
        };
        self.push(Span::new(base + at, base + end), TokenType::Variable, mods);
        end
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::test_support::{analysis, corpus, pos, CorpusFile};

    /// Tokens must be non-empty, on one line, on character boundaries, in order and apart.
    fn check_order(text: &str, tokens: &[SemanticToken]) -> Result<(), String> {
        let mut last_end = 0;
        for t in tokens {
            let at = pos(text, t.span.start);
            if t.span.is_empty() || text.get(t.span.start..t.span.end).is_none() {
                return Err(format!("{at}: empty or not on character boundaries"));
            }
            if t.span.text(text).contains('\n') {
                return Err(format!("{at}: spans lines"));
            }
            if t.span.start < last_end {
                return Err(format!("{at}: out of order or overlapping"));
            }
            last_end = t.span.end;
        }
        Ok(())
    }

    fn check(text: &str, expect: Expect) {
        let tokens = tokens(&analysis(text));
        assert_eq!(check_order(text, &tokens), Ok(()));
        let out: String = tokens
            .iter()
            .map(|t| {
                let mods: Vec<&str> = MODIFIER_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| t.modifiers & (1 << i) != 0)
                    .map(|(_, n)| *n)
                    .collect();
                format!(
                    "{} {:?} {:?} {}\n",
                    pos(text, t.span.start),
                    t.span.text(text),
                    t.token_type,
                    mods.join(",")
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn definitions_and_references() {
        check(
            r#"version: 2.1
orbs:
  node: circleci/node@5.1.0
commands:
  greet:
    parameters:
      who: {type: string}
    steps:
      - run: echo "hi << parameters.who >> on $CIRCLE_BRANCH ${HOME}"
executors:
  small:
    docker:
      - image: cimg/base:stable
jobs:
  build:
    executor: small
    steps:
      - checkout
      - greet: {who: me}
      - node/install
  test:
    executor: {name: node/default, tag: "20"}
    steps: [checkout]
workflows:
  main:
    jobs:
      - build
      - test:
          name: test-2
          requires: [build]
          context: org
          cache: true
"#,
            expect![[r#"
                0:0 "version" Keyword 
                1:0 "orbs" Keyword 
                2:2 "node" Namespace declaration
                3:0 "commands" Keyword 
                4:2 "greet" Function declaration
                5:4 "parameters" Keyword 
                6:6 "who" Parameter declaration
                6:12 "type" Keyword 
                7:4 "steps" Keyword 
                8:8 "run" Keyword 
                8:22 "<< parameters." Macro 
                8:36 "who" Parameter 
                8:39 " >>" Macro 
                8:46 "$CIRCLE_BRANCH" Variable defaultLibrary
                8:61 "${HOME}" Variable 
                9:0 "executors" Keyword 
                10:2 "small" Type declaration
                11:4 "docker" Keyword 
                12:8 "image" Keyword 
                13:0 "jobs" Keyword 
                14:2 "build" Class declaration
                15:4 "executor" Keyword 
                15:14 "small" Type 
                16:4 "steps" Keyword 
                17:8 "checkout" Keyword 
                18:8 "greet" Function 
                18:16 "who" Parameter 
                19:8 "node" Namespace 
                19:13 "install" Function 
                20:2 "test" Class declaration
                21:4 "executor" Keyword 
                21:15 "name" Keyword 
                21:21 "node" Namespace 
                21:26 "default" Type 
                21:35 "tag" Parameter 
                22:4 "steps" Keyword 
                22:12 "checkout" Keyword 
                23:0 "workflows" Keyword 
                24:2 "main" Namespace declaration
                25:4 "jobs" Keyword 
                26:8 "build" Class 
                27:8 "test" Class 
                28:10 "name" Keyword 
                28:16 "test-2" Class declaration
                29:10 "requires" Keyword 
                29:21 "build" Class 
                30:10 "context" Keyword 
                31:10 "cache" Parameter 
            "#]],
        );
    }

    #[test]
    fn templates_variables_anchors_and_deprecations() {
        check(
            r#"parameters:
  deploy: {type: boolean, default: false}
defaults: &defaults
  machine: true
jobs:
  old:
    <<: *defaults
    environment:
      GREETING: $USER-${NAME:-x} $$ $1 \$NOT
    docker:
      - image: circleci/node:<< pipeline.parameters.tag >>
    machine: true
    steps:
      - deploy: {command: make}
      - run: |  # $NOT_A_VAR in the header comment
          cat <<EOF >> out
          << pipeline.git.branch >>
          EOF
      - when:
          condition: << pipeline.parameters.deploy >>
          steps: [checkout]
"#,
            expect![[r#"
                0:0 "parameters" Keyword 
                1:2 "deploy" Parameter declaration
                1:11 "type" Keyword 
                1:26 "default" Keyword 
                2:10 "&defaults" Macro declaration
                4:0 "jobs" Keyword 
                5:2 "old" Class declaration
                6:8 "*defaults" Macro 
                7:4 "environment" Keyword 
                8:6 "GREETING" Variable declaration
                8:16 "$USER" Variable 
                8:22 "${NAME" Variable 
                9:4 "docker" Keyword 
                10:8 "image" Keyword 
                10:15 "circleci/node" String deprecated
                10:29 "<< pipeline.parameters." Macro 
                10:52 "tag" Parameter 
                10:55 " >>" Macro 
                11:4 "machine" Keyword 
                11:13 "true" Keyword deprecated
                12:4 "steps" Keyword 
                13:8 "deploy" Keyword deprecated
                13:17 "command" Keyword 
                14:8 "run" Keyword 
                16:10 "<< pipeline." Macro 
                16:22 "git.branch" Variable defaultLibrary
                16:32 " >>" Macro 
                18:8 "when" Keyword 
                19:10 "condition" Keyword 
                19:21 "<< pipeline.parameters." Macro 
                19:44 "deploy" Parameter 
                19:50 " >>" Macro 
                20:10 "steps" Keyword 
                20:18 "checkout" Keyword 
            "#]],
        );
    }

    #[test]
    fn matrix_and_requires_with_status() {
        check(
            r#"workflows:
  w:
    jobs:
      - build:
          matrix:
            parameters:
              os: [linux, << pipeline.parameters.os >>]
            exclude:
              - os: linux
      - deploy:
          requires:
            - build: [success, failed]
"#,
            expect![[r#"
                0:0 "workflows" Keyword 
                1:2 "w" Namespace declaration
                2:4 "jobs" Keyword 
                3:8 "build" Class 
                4:10 "matrix" Keyword 
                5:12 "parameters" Keyword 
                6:14 "os" Parameter 
                6:26 "<< pipeline.parameters." Macro 
                6:49 "os" Parameter 
                6:51 " >>" Macro 
                7:12 "exclude" Keyword 
                8:16 "os" Parameter 
                9:8 "deploy" Class 
                10:10 "requires" Keyword 
                11:14 "build" Class 
            "#]],
        );
    }

    /// `job-groups:` and the group names are highlighted like jobs, and `machine: yes` (a
    /// YAML 1.1 boolean) is marked deprecated like `machine: true`.
    #[test]
    fn job_groups_and_yaml11_machine() {
        check(
            r#"job-groups:
  deploy-all:
    jobs:
      - deploy
jobs:
  deploy:
    machine: yes
workflows:
  w:
    jobs: [deploy-all]
"#,
            expect![[r#"
                0:0 "job-groups" Keyword 
                1:2 "deploy-all" Class declaration
                2:4 "jobs" Keyword 
                3:8 "deploy" Class 
                4:0 "jobs" Keyword 
                5:2 "deploy" Class declaration
                6:4 "machine" Keyword 
                6:13 "yes" Keyword deprecated
                7:0 "workflows" Keyword 
                8:2 "w" Namespace declaration
                9:4 "jobs" Keyword 
                9:11 "deploy-all" Class 
            "#]],
        );
    }

    #[test]
    fn corpus_tokens_are_ordered_single_line_and_apart() {
        let Some(files) = corpus() else { return };
        let mut count = 0;
        for CorpusFile { name, text, .. } in files {
            let tokens = tokens(&analysis(&text));
            assert_eq!(check_order(&text, &tokens), Ok(()), "{name}");
            count += tokens.len();
        }
        assert!(count > 0);
    }
}
