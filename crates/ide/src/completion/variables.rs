//! `$NAME` completion in `run` commands and `environment` values: CircleCI's built-in
//! variables, the variable names `env_var_name` parameters in scope default to, the keys of
//! `environment` mappings in the file, and names the file already uses.

use std::collections::HashSet;
use syntax::text::references::variable_at;

use super::{CompletionItem, CompletionKind};
use crate::cursor::{CursorContext, Slot};
use crate::FeatureContext;
use analysis::model::index::{param_info, ParamType};
use knowledge::environment::BUILTIN_VARIABLES;
use syntax::yaml::{Node, NodeKind, Span};

/// Nesting deeper than this is not walked.
const MAX_DEPTH: usize = 64;

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    if !in_shell_or_environment(cursor) {
        return Vec::new();
    }
    let text = ctx.text();
    let Some(name) = variable_at(text, ctx.offset) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |label: &str, detail: String, doc: Option<&str>, rank: char| {
        if !seen.insert(label.to_string()) {
            return;
        }
        let mut item = CompletionItem::new(label, CompletionKind::Variable, name).detail(detail);
        if let Some(doc) = doc {
            item = item.documentation(format!("**`${label}`** · set by CircleCI\n\n{doc}"));
        }
        item.sort_text = Some(format!("{rank}{label}"));
        items.push(item);
    };
    for (var, doc) in BUILTIN_VARIABLES {
        push(var, "set by CircleCI".to_string(), Some(doc), '0');
    }
    let model = ctx.analysis.model();
    if let Some(owner) = model.owner_at(ctx.offset) {
        for p in model
            .def(owner)
            .map(|d| d.params.clone())
            .unwrap_or_default()
        {
            let Some(def) = model.def(p) else {
                continue;
            };
            let info = param_info(def.node);
            if info.ty != ParamType::EnvVarName {
                continue;
            }
            if let Some(default) = info.default.and_then(Node::as_str).filter(|d| is_name(d)) {
                push(
                    default,
                    format!("default of env_var_name parameter `{}`", def.name),
                    None,
                    '1',
                );
            }
        }
    }
    let mut keys = Vec::new();
    if let Some(root) = ctx.best_root() {
        environment_keys(root, &mut keys, 0);
    }
    for key in keys {
        push(
            &key,
            "set in an `environment` mapping".to_string(),
            None,
            '1',
        );
    }
    for used in names_used(text, name) {
        push(&used, "used in this file".to_string(), None, '2');
    }
    items
}

fn in_shell_or_environment(cursor: &CursorContext) -> bool {
    let Slot::Value { key } = &cursor.slot else {
        return false;
    };
    let keys = cursor.path_keys();
    key == "run"
        || (key == "command" && keys.last() == Some(&"run"))
        || keys.last() == Some(&"environment")
}

fn is_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Keys of every `environment` mapping in the config.
fn environment_keys(node: &Node, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in &m.entries {
                if e.key.as_str() == Some("environment") {
                    if let Some(env) = e.value.as_mapping() {
                        out.extend(env.keys().filter(|k| is_name(k)).map(str::to_string));
                    }
                }
                environment_keys(&e.value, out, depth + 1);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &s.items {
                environment_keys(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `$NAME` and `${NAME}` written anywhere in the text, except at `typing`.
fn names_used(text: &str, typing: Span) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let mut start = i + 1;
        if bytes.get(start) == Some(&b'{') {
            start += 1;
        }
        let mut end = start;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            end += 1;
        }
        if end > start && start != typing.start {
            if let Some(name) = text.get(start..end).filter(|n| is_name(n)) {
                out.push(name.to_string());
            }
        }
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Fixture;

    fn labels(fixture: &str) -> Vec<String> {
        let fixture = Fixture::new(fixture);
        let ctx = fixture.ctx();
        let cursor = CursorContext::at(&fixture.text, fixture.offset);
        complete(&ctx, &cursor)
            .into_iter()
            .map(|i| format!("{} ({})", i.label, i.detail.unwrap_or_default()))
            .collect()
    }

    const CONFIG: &str = "version: 2.1
jobs:
  deploy:
    parameters:
      token:
        type: env_var_name
        default: DEPLOY_TOKEN
    docker:
      - image: cimg/base:2024.01
    environment:
      STAGE: prod
    steps:
      - run: echo $OLD_NAME
";

    #[test]
    fn in_a_run_command() {
        let items = labels(&format!("{CONFIG}      - run: echo $CIRCLE_B$0\n"));
        assert!(
            items.contains(&"CIRCLE_BRANCH (set by CircleCI)".to_string()),
            "{items:?}"
        );
        assert!(
            items.contains(&"DEPLOY_TOKEN (default of env_var_name parameter `token`)".to_string())
        );
        assert!(items.contains(&"STAGE (set in an `environment` mapping)".to_string()));
        assert!(items.contains(&"OLD_NAME (used in this file)".to_string()));
    }

    #[test]
    fn in_a_block_script_and_braces() {
        let items = labels(&format!(
            "{CONFIG}      - run:\n          command: |\n            echo \"${{CIRCLE_S$0}}\"\n"
        ));
        assert!(
            items.iter().any(|i| i.starts_with("CIRCLE_SHA1 ")),
            "{items:?}"
        );
    }

    #[test]
    fn in_environment_values_only_after_a_dollar() {
        let items = labels(&format!("{CONFIG}    environment:\n      URL: $CIR$0\n"));
        assert!(
            items.iter().any(|i| i.starts_with("CIRCLE_JOB ")),
            "{items:?}"
        );
        assert!(labels(&format!("{CONFIG}      - run: echo CIRCLE$0\n")).is_empty());
        // A `$` outside scripts and environment values is not a variable here.
        assert!(labels("version: 2.1\njobs:\n  a:\n    working_directory: $HO$0\n").is_empty());
    }

    #[test]
    fn variable_spans() {
        let text = "echo ${CIRCLE_SHA1} $HOME";
        assert_eq!(
            variable_at(text, 10).map(|s| s.text(text)),
            Some("CIRCLE_SHA1")
        );
        assert_eq!(variable_at(text, 25).map(|s| s.text(text)), Some("HOME"));
        assert_eq!(variable_at(text, 3), None);
    }
}
