//! Hover on known keys, enum values, bare built-in steps and pipeline values.
//!
//! The node under the cursor is found in the parsed tree. A node copied in through an alias
//! or a `<<` merge keeps the spans of its anchor, so the anchor's text is documented by the
//! context it is used in. When the tree does not reach the cursor (broken YAML), the
//! indentation-based cursor context answers instead.

use crate::cursor::{CursorContext, Slot};
use crate::hover::HoverResult;
use crate::FeatureContext;
use knowledge::docs;
use knowledge::schema::{child_of, Ty};
use syntax::yaml::{Entry, Node, NodeKind, PathSegment, Span};

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let offset = ctx.offset;
    if let Some(root) = ctx.analysis.root() {
        // First only where the cursor is; then everywhere, for text that is an anchor used
        // elsewhere.
        let mut any_found = false;
        let mut aliases: Vec<Span> = ctx
            .analysis
            .yaml
            .documents
            .first()
            .map(|d| d.aliases.iter().map(|a| a.span).collect())
            .unwrap_or_default();
        aliases.sort_unstable();
        for everywhere in [false, true] {
            let mut found = Vec::new();
            let search = Search {
                offset,
                everywhere,
                aliases: &aliases,
            };
            locate(root, &search, &mut Vec::new(), &mut found, 0);
            if let Some(result) = found
                .iter()
                .find_map(|t| describe_target(ctx.text(), t, offset))
            {
                return Some(result);
            }
            any_found |= !found.is_empty();
        }
        if any_found {
            return None;
        }
    }
    from_cursor(ctx.text(), offset)
}

/// Something under the cursor, with the path of the mapping or list that holds it.
enum Target<'a> {
    Key {
        parent: Vec<PathSegment>,
        name: &'a str,
        span: Span,
    },
    Value {
        parent: Vec<PathSegment>,
        /// The key the value belongs to, or `None` for a list item.
        key: Option<&'a str>,
        node: &'a Node,
    },
}

/// How deep aliases may nest before the search gives up; trees are finite, this only bounds
/// the work on pathological inputs.
const MAX_DEPTH: usize = 64;

/// Collects every key or scalar whose span touches `offset`. With `everywhere` the whole tree
/// is walked: a copy brought in through an alias or a `<<` merge carries its anchor's spans,
/// so the text under the cursor may be found again in a place whose context is known.
/// Where `locate` looks.
struct Search<'s> {
    offset: usize,
    everywhere: bool,
    /// Where `*alias`es are written, sorted.
    aliases: &'s [Span],
}

impl Search<'_> {
    /// Whether `node` can hold something at the offset: it touches it, or (searching
    /// everywhere) it is written text containing an alias, whose copy may.
    fn worth(&self, node: &Node) -> bool {
        if node.span.touches(self.offset) {
            return true;
        }
        if !self.everywhere || !node.is_written_here() {
            return false;
        }
        let first = self.aliases.partition_point(|a| a.start < node.span.start);
        self.aliases
            .get(first)
            .is_some_and(|a| a.end <= node.span.end)
    }
}

fn locate<'a>(
    node: &'a Node,
    search: &Search<'_>,
    path: &mut Vec<PathSegment>,
    found: &mut Vec<Target<'a>>,
    depth: usize,
) {
    // Below the root, only collections that may hold the offset are searched.
    if depth > MAX_DEPTH || (depth > 0 && !search.worth(node)) {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in &m.entries {
                if let Some(name) = e.key.as_str() {
                    locate_entry(e, name, search, path, found, depth);
                }
            }
        }
        NodeKind::Sequence(s) => {
            for (i, item) in s.items.iter().enumerate() {
                path.push(PathSegment::Index(i));
                if item.as_scalar().is_none() {
                    locate(item, search, path, found, depth + 1);
                } else if item.span.touches(search.offset) {
                    found.push(Target::Value {
                        parent: path.clone(),
                        key: None,
                        node: item,
                    });
                }
                path.pop();
            }
        }
        _ => {}
    }
}

/// A mapping entry: its key, its scalar value, or what is inside its value.
fn locate_entry<'a>(
    e: &'a Entry,
    name: &'a str,
    search: &Search<'_>,
    path: &mut Vec<PathSegment>,
    found: &mut Vec<Target<'a>>,
    depth: usize,
) {
    if e.key.span.touches(search.offset) {
        found.push(Target::Key {
            parent: path.clone(),
            name,
            span: e.key.span,
        });
    } else if e.value.as_scalar().is_none() {
        path.push(PathSegment::Key(name.to_string()));
        locate(&e.value, search, path, found, depth + 1);
        path.pop();
    } else if e.value.span.touches(search.offset) {
        found.push(Target::Value {
            parent: path.clone(),
            key: Some(name),
            node: &e.value,
        });
    }
}

fn describe_target(text: &str, target: &Target<'_>, offset: usize) -> Option<HoverResult> {
    match target {
        Target::Key { parent, name, span } => key_hover(parent, name, *span),
        Target::Value { parent, key, node } => {
            let value = node.as_str()?;
            let span = node.span;
            if let Some(md) = pipeline_value_at(text, span, offset) {
                return Some(md);
            }
            let ty = match key {
                Some(k) => child_of(&knowledge::type_at(parent)?, k)?.0,
                // `parent` ends at the item's index here.
                None => knowledge::type_at(parent)?,
            };
            if key.is_none() && is_step_item(&ty) {
                return docs::bare_step_markdown(value)
                    .map(|markdown| HoverResult { span, markdown });
            }
            docs::value_markdown(&ty, value).map(|markdown| HoverResult { span, markdown })
        }
    }
}

fn key_hover(parent: &[PathSegment], name: &str, span: Span) -> Option<HoverResult> {
    if let Some(key) = knowledge::key_at(parent, name) {
        return Some(HoverResult {
            span,
            markdown: docs::key_markdown(key),
        });
    }
    // A name the user chose: say what such a name stands for. Definitions (jobs, commands,
    // executors, parameters) are answered earlier with their own details.
    let doc = knowledge::name_doc_at(parent)?;
    Some(HoverResult {
        span,
        markdown: format!("**`{}`**\n\n{doc}", name.replace('`', "'")),
    })
}

fn is_step_item(ty: &Ty) -> bool {
    knowledge::schema::MapSchema::is_step(ty)
}

/// The documentation of a `pipeline.*` value named at `offset` inside a `<< ... >>` template.
fn pipeline_value_at(text: &str, span: Span, offset: usize) -> Option<HoverResult> {
    let raw = span.text(text);
    let rel = offset.checked_sub(span.start)?;
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let start = raw
        .get(..rel)?
        .rfind(|c: char| !is_name(c))
        .map_or(0, |i| i + 1);
    let end = raw
        .get(rel..)?
        .find(|c: char| !is_name(c))
        .map_or(raw.len(), |i| rel + i);
    let word = raw.get(start..end)?;
    if !word.starts_with("pipeline.") || word.starts_with("pipeline.parameters.") {
        return None;
    }
    // Only inside a template.
    let inside = syntax::text::template::templates(raw, syntax::text::template::Reach::Folded)
        .iter()
        .any(|t| t.inner.start <= start && end <= t.inner.end);
    if !inside {
        return None;
    }
    let doc = knowledge::pipeline_value(word)?;
    Some(HoverResult {
        span: Span::new(span.start + start, span.start + end),
        markdown: format!("**`{word}`** — pipeline value\n\n{doc}"),
    })
}

/// Hover from the text's indentation when the tree does not reach the cursor.
fn from_cursor(text: &str, offset: usize) -> Option<HoverResult> {
    let cursor = CursorContext::at(text, offset);
    if cursor.in_block_scalar {
        return None;
    }
    let word = cursor.replace.text(text).trim();
    if word.is_empty() {
        return None;
    }
    match &cursor.slot {
        Slot::Key => key_hover(&cursor.path, word, cursor.replace),
        Slot::Value { key } => {
            let ty = child_of(&knowledge::type_at(&cursor.path)?, key)?.0;
            docs::value_markdown(&ty, word).map(|markdown| HoverResult {
                span: cursor.replace,
                markdown,
            })
        }
        Slot::Item => {
            let mut item_path = cursor.path.clone();
            item_path.push(PathSegment::Index(0));
            let ty = knowledge::type_at(&item_path)?;
            if is_step_item(&ty) {
                return docs::bare_step_markdown(word).map(|markdown| HoverResult {
                    span: cursor.replace,
                    markdown,
                });
            }
            docs::value_markdown(&ty, word).map(|markdown| HoverResult {
                span: cursor.replace,
                markdown,
            })
        }
    }
}

#[cfg(test)]
mod tests {

    use expect_test::{expect, Expect};

    fn hover(fixture: &str) -> String {
        let fixture = crate::test_support::Fixture::new(fixture);
        match super::hover(&fixture.ctx()) {
            Some(h) => format!("[{}]\n{}", h.span.text(&fixture.text), h.markdown),
            None => "(none)".to_string(),
        }
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&hover(fixture));
    }

    #[test]
    fn job_key() {
        check(
            "version: 2.1\njobs:\n  build:\n    resource_cl$0ass: large\n",
            expect![[r#"
                [resource_class]
                **`resource_class`** — a resource class

                The CPU and memory of the job's execution environment (`small`, `medium`, `large`, `arm.medium`, `m4pro.medium`, ...), or a self-hosted runner as `namespace/name`. Without it CircleCI picks a default that may change."#]],
        );
    }

    #[test]
    fn run_setting_with_allowed_values_and_default() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          command: x\n          wh$0en: always\n",
            expect![[r#"
                [when]
                **`when`** — one of `on_success`, `always`, `on_fail`

                When the step runs, depending on how the earlier steps went: `on_success` (default), `always` or `on_fail`."#]],
        );
    }

    #[test]
    fn enum_value_and_resource_class() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          command: x\n          when: on_f$0ail\n",
            expect![[r#"
                [on_fail]
                **`on_fail`**

                Run only if an earlier step failed, for example to save diagnostics or send an alert."#]],
        );
        check(
            "version: 2.1\njobs:\n  build:\n    resource_class: arm.lar$0ge\n",
            expect![[r#"
                [arm.large]
                **`arm.large`** — resource class

                Arm (Docker or machine): 4 vCPU, 16 GB."#]],
        );
    }

    #[test]
    fn bare_step_and_step_key() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - check$0out\n",
            expect![[r#"
                [checkout]
                **`checkout`** — the `checkout` step

                Checks out the project's source code into the working directory (or `path`). Submodules are not checked out."#]],
        );
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - save_ca$0che:\n          key: k\n          paths: [a]\n",
            expect![[r#"
                [save_cache]
                **`save_cache`** — the `save_cache` step

                Saves files or directories (dependencies, build outputs) under a cache `key` for later jobs. A key is written once; later saves to the same key are skipped."#]],
        );
    }

    #[test]
    fn deprecated_key() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - depl$0oy:\n          command: x\n",
            expect![[r#"
                [deploy]
                **`deploy`** — a string or the `run` step

                A `run` step that ran only on the last container of a parallel job.

                **Deprecated.** The `deploy` step is deprecated; use `run` (with a job of parallelism 1 for deployments)."#]],
        );
    }

    #[test]
    fn pipeline_value_inside_a_template() {
        check(
            "version: 2.1\njobs:\n  build:\n    environment:\n      BRANCH: << pipeline.git.bra$0nch >>\n",
            expect![[r#"
                [pipeline.git.branch]
                **`pipeline.git.branch`** — pipeline value

                The git branch the pipeline runs for."#]],
        );
    }

    #[test]
    fn anchor_text_is_documented_through_its_use() {
        check(
            "version: 2.1\ndefaults: &defaults\n  working_dir$0ectory: ~/app\njobs:\n  build:\n    <<: *defaults\n    docker:\n      - image: cimg/base:current\n    steps: [checkout]\n",
            expect![[r#"
                [working_directory]
                **`working_directory`** — a string

                The directory steps run in, created when missing. Default: `~/project`. The path is not expanded, so `$VARIABLES` in it are taken literally."#]],
        );
    }

    #[test]
    fn user_names_say_what_they_name_and_unknown_places_have_no_hover() {
        check(
            "version: 2.1\njobs:\n  bu$0ild:\n    steps: []\n",
            expect![[r#"
                [build]
                **`build`**

                A job: an execution environment and the steps to run in it."#]],
        );
        check(
            "version: 2.1\nworkflows:\n  ma$0in:\n    jobs: [a]\n",
            expect![[r#"
                [main]
                **`main`**

                A workflow: the jobs to run and their order."#]],
        );
        check(
            "version: 2.1\nworkflows:\n  w:\n    jobs:\n      - a:\n          matrix:\n            parameters:\n              ver$0sion: [\"1\", \"2\"]\n",
            expect![[r#"
                [version]
                **`version`**

                A job parameter and the values the matrix runs it with."#]],
        );
        check("version: 2.1\nreferences:\n  fo$0o: 1\n", expect!["(none)"]);
    }

    #[test]
    fn broken_yaml_falls_back_to_indentation() {
        check(
            "version: 2.1\njobs:\n  build:\n    docker:\n      - image: x\n        au$0th:\n    steps: [\n",
            expect![[r#"
                [auth]
                **`auth`** — the registry credentials

                Registry credentials (`docker login` style) to pull the image with. Keep the password in a context or project environment variable."#]],
        );
    }
}
