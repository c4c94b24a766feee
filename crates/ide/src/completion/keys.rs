//! Completion of keys and values from the knowledge table.
//!
//! The cursor's place comes from [`CursorContext`] (the text's indentation), so completion
//! works while the YAML is half-typed. Snippets use indentation relative to the cursor's line;
//! editors add that line's leading whitespace to every following line.

use crate::completion::definitions::best_analysis;
use crate::completion::place;
use crate::completion::{CompletionItem, CompletionKind};
use crate::cursor::{CursorContext, Slot};
use crate::FeatureContext;
use knowledge::docs;
use knowledge::schema::{describe, item_of, maps_of, Format, Key, KeyRole, MapSchema, Ty};
use knowledge::table;
use knowledge::{config_version, ConfigVersion};
use syntax::yaml::{PathSegment, Span};

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    if cursor.in_block_scalar {
        return Vec::new();
    }
    let version = ctx
        .best_root()
        .map(config_version)
        .unwrap_or(ConfigVersion::V21);
    if untyped(&cursor.path) && is_step_by_model(ctx, cursor) {
        // A step in a place the table gives no type (steps passed to a steps parameter,
        // written under a free key for an anchor): the model says it is one.
        return step_items(cursor.replace, version);
    }
    match &cursor.slot {
        Slot::Key => key_items(
            &cursor.path,
            &cursor.sibling_keys,
            cursor.replace,
            version,
            KeyPlace::at(ctx.text(), cursor.replace.start),
        ),
        Slot::Value { key } => value_items(&cursor.path, key, cursor.replace),
        Slot::Item => item_items(&cursor.path, cursor.replace, version),
    }
}

/// Whether the table gives no type to the place at `path`.
fn untyped(path: &[PathSegment]) -> bool {
    matches!(knowledge::type_at(path), None | Some(Ty::Any))
}

/// Whether the model recorded a step's name at the cursor.
fn is_step_by_model(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> bool {
    if matches!(cursor.slot, Slot::Value { .. }) {
        return false;
    }
    let model = best_analysis(ctx).model();
    place::model_place(model, ctx.text(), cursor) == Some(place::Place::StepName)
}

/// Keys of the mapping at `path` that are not written yet.
fn key_items(
    path: &[PathSegment],
    siblings: &[String],
    replace: Span,
    version: ConfigVersion,
    place: KeyPlace,
) -> Vec<CompletionItem> {
    let Some(ty) = knowledge::type_at(path) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for map in maps_of(&ty) {
        if is_single_key(map) && !siblings.is_empty() {
            // A step or workflow job entry has one key; a second one is never right.
            continue;
        }
        let taken_exclusive = map
            .exclusive
            .iter()
            .any(|k| siblings.iter().any(|s| s == k));
        for key in map.keys {
            if siblings.iter().any(|s| s == key.name) {
                continue;
            }
            if taken_exclusive && map.exclusive.contains(&key.name) {
                continue;
            }
            if key.since_2_1 && version == ConfigVersion::V20 {
                continue;
            }
            items.push(key_item(key, replace, place));
        }
    }
    items
}

/// Where a completed key is written, which decides how far its snippet's children are
/// indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyPlace {
    /// At the start of its line (after the indentation).
    LineStart,
    /// Right after a `- ` list marker: its children sit two columns further in than the
    /// line's indentation suggests.
    AfterDash,
}

impl KeyPlace {
    pub(crate) fn at(text: &str, offset: usize) -> KeyPlace {
        if after_dash(text, offset) {
            KeyPlace::AfterDash
        } else {
            KeyPlace::LineStart
        }
    }

    /// The indentation of the key's children relative to the line.
    pub(crate) fn child_pad(self) -> &'static str {
        match self {
            KeyPlace::LineStart => "  ",
            KeyPlace::AfterDash => "    ",
        }
    }
}

/// True when the word at `offset` directly follows a `- ` list marker on its line.
fn after_dash(text: &str, offset: usize) -> bool {
    let line_start = syntax::text::lines::line_start(text, offset);
    text.get(line_start..offset)
        .is_some_and(|before| before.trim_end().ends_with('-'))
}

/// Keys few configs need (orb authoring, legacy settings); listed after the others.
const RARE_KEYS: &[&str] = &["experimental", "display", "examples", "windows"];

fn is_single_key(map: &MapSchema) -> bool {
    map.role.single_key()
}

fn key_item(key: &'static Key, replace: Span, place: KeyPlace) -> CompletionItem {
    let mut snippet = key_snippet(key);
    if place == KeyPlace::AfterDash {
        snippet = snippet.replace('\n', "\n  ");
    }
    let mut item = CompletionItem::new(key.name, CompletionKind::Key, replace)
        .detail(detail(key))
        .documentation(docs::key_markdown(key));
    if snippet != key.name {
        item = item.snippet(snippet);
    }
    item.deprecated = key.deprecated.is_some();
    // Scalars with a list of values: suggest them as soon as the key is in.
    item.retrigger =
        !item.insert_text.contains('\n') && (has_values(&key.ty) || key.role == KeyRole::Executor);
    let rank = if key.deprecated.is_some() {
        '9'
    } else if RARE_KEYS.contains(&key.name) {
        '8'
    } else if key.required {
        '0'
    } else {
        '1'
    };
    // A declaration's `type` decides what its other keys may hold, so it is offered first.
    let first = if key.required && key.name == "type" {
        '0'
    } else {
        '1'
    };
    item.sort_text = Some(format!("{rank}{first}{}", key.name));
    item.filter_text = Some(key.name.to_string());
    item
}

fn detail(key: &Key) -> String {
    let mut d = describe(&key.ty);
    if key.required {
        d.push_str(" (required)");
    }
    if key.deprecated.is_some() {
        d.push_str(" (deprecated)");
    }
    d
}

/// The text inserted for a key: the table's snippet, or one derived from the key's type.
pub fn key_snippet(key: &Key) -> String {
    if let Some(s) = key.snippet {
        return s.to_string();
    }
    let name = key.name;
    match &key.ty {
        Ty::Map(_) => {
            let required = docs::required_keys(&key.ty);
            if required.is_empty() {
                format!("{name}:\n  $0")
            } else {
                let lines: Vec<String> = required
                    .iter()
                    .enumerate()
                    .map(|(i, k)| format!("  {k}: ${}", i + 1))
                    .collect();
                format!("{name}:\n{}", lines.join("\n"))
            }
        }
        Ty::List(item) => match docs::required_keys(item).first() {
            Some(first) => format!("{name}:\n  - {first}: $1"),
            None => format!("{name}:\n  - $0"),
        },
        Ty::Env => format!("{name}:\n  ${{1:NAME}}: $2"),
        Ty::Enum(choices) => {
            let words: Vec<String> = choices.iter().map(|c| escape_choice(c.value)).collect();
            format!("{name}: ${{1|{}|}}", words.join(","))
        }
        Ty::Bool => format!("{name}: ${{1|true,false|}}"),
        _ => format!("{name}: $0"),
    }
}

fn escape_choice(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if matches!(c, '$' | '}' | '\\' | ',' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Values for `key` in the mapping at `path`: enum words, booleans, resource classes and
/// machine images.
fn value_items(path: &[PathSegment], key: &str, replace: Span) -> Vec<CompletionItem> {
    let Some(parent) = knowledge::type_at(path) else {
        return Vec::new();
    };
    let Some((ty, _)) = knowledge::schema::child_of(&parent, key) else {
        return Vec::new();
    };
    values_of(&ty, replace)
}

/// The first sentence of a doc text, without markdown code marks, for a detail line.
fn first_sentence(doc: &str) -> String {
    let end = doc.find(". ").map_or(doc.len(), |i| i + 1);
    let sentence = doc[..end].replace('`', "");
    // A detail is one line beside the label; the documentation has the rest.
    if sentence.chars().count() <= 80 {
        return sentence;
    }
    let mut cut: String = sentence.chars().take(79).collect();
    cut.push('…');
    cut
}

/// True when [`values_of`] has something to offer for `ty`.
fn has_values(ty: &Ty) -> bool {
    match ty {
        Ty::Enum(_)
        | Ty::Format(Format::ResourceClass | Format::MachineImage | Format::DockerVersion) => true,
        Ty::OneOf(alts) => alts.iter().any(has_values),
        _ => false,
    }
}

fn values_of(ty: &Ty, replace: Span) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    // `machine: true` is deprecated; where a mapping is allowed it is the better completion.
    let booleans = if maps_of(ty).is_empty() {
        Booleans::Offer
    } else {
        Booleans::Skip
    };
    collect_values(ty, replace, booleans, &mut items);
    items
}

/// Whether `true` and `false` are offered for a boolean type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Booleans {
    Offer,
    Skip,
}

fn collect_values(ty: &Ty, replace: Span, booleans: Booleans, items: &mut Vec<CompletionItem>) {
    match ty {
        Ty::Enum(choices) => {
            for (i, c) in choices.iter().enumerate() {
                let mut item = CompletionItem::new(c.value, CompletionKind::Value, replace)
                    .documentation(docs::choice_markdown(c));
                item.deprecated = c.deprecated.is_some();
                // Keep the table's order, which puts the usual value first.
                item.sort_text = Some(format!("{}{i:03}", if item.deprecated { '9' } else { '0' }));
                items.push(item);
            }
        }
        Ty::Bool if booleans == Booleans::Offer => {
            for value in ["true", "false"] {
                items.push(CompletionItem::new(value, CompletionKind::Value, replace));
            }
        }
        Ty::Format(Format::ResourceClass) => {
            for (i, class) in table::RESOURCE_CLASSES.iter().enumerate() {
                let mut item = CompletionItem::new(class.name, CompletionKind::Value, replace)
                    .detail(class.doc)
                    .documentation(docs::resource_class_markdown(class));
                item.deprecated = class.deprecated.is_some();
                item.sort_text = Some(format!("{}{i:03}", if item.deprecated { '9' } else { '0' }));
                items.push(item);
            }
        }
        Ty::Format(Format::MachineImage) => {
            for (i, (name, doc)) in table::MACHINE_IMAGES.iter().enumerate() {
                let mut item = CompletionItem::new(*name, CompletionKind::Value, replace)
                    .detail(*doc)
                    .documentation(format!("**`{name}`** — machine image\n\n{doc}"));
                item.sort_text = Some(format!("0{i:03}"));
                items.push(item);
            }
        }
        Ty::Format(Format::XcodeVersion) => {
            for (i, (name, doc)) in table::XCODE_VERSIONS.iter().enumerate() {
                let mut item = CompletionItem::new(*name, CompletionKind::Value, replace)
                    .detail(*doc)
                    .documentation(format!("**Xcode `{name}`**\n\n{doc}"));
                item.sort_text = Some(format!("0{i:03}"));
                items.push(item);
            }
        }
        Ty::Format(Format::DockerVersion) => {
            for (name, doc) in table::DOCKER_VERSIONS {
                items.push(
                    CompletionItem::new(*name, CompletionKind::Value, replace)
                        .detail(*doc)
                        .documentation(format!("**`{name}`**\n\n{doc}")),
                );
            }
        }
        Ty::OneOf(alts) => {
            for alt in alts.iter() {
                collect_values(alt, replace, booleans, items);
            }
        }
        _ => {}
    }
}

/// A new list item at `- |`: bare step names and step snippets in `steps`, the first key of
/// a mapping item elsewhere, and enum words for lists of words.
fn item_items(path: &[PathSegment], replace: Span, version: ConfigVersion) -> Vec<CompletionItem> {
    let Some(list) = knowledge::type_at(path) else {
        return Vec::new();
    };
    let Some(item) = item_of(&list) else {
        return Vec::new();
    };
    if MapSchema::is_step(&item) {
        return step_items(replace, version);
    }
    let mut items = values_of(&item, replace);
    let mut item_path = path.to_vec();
    item_path.push(PathSegment::Index(0));
    items.extend(key_items(
        &item_path,
        &[],
        replace,
        version,
        KeyPlace::AfterDash,
    ));
    items
}

fn step_items(replace: Span, version: ConfigVersion) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    for key in table::STEP.keys {
        if key.since_2_1 && version == ConfigVersion::V20 {
            continue;
        }
        let mut item = key_item(key, replace, KeyPlace::AfterDash);
        if table::BARE_STEPS.contains(&key.name) {
            // These steps need no settings; the bare word is what people write.
            item.insert_text = key.name.to_string();
            item.is_snippet = false;
        }
        // What the step does says more than "the `checkout` step".
        item.detail = Some(first_sentence(key.doc));
        // By use: nearly every job checks out and runs; the file's own commands come next
        // (sorted `1…` by the definitions source), then the other built-in steps.
        let rank = match key.name {
            _ if key.deprecated.is_some() => "9".to_string(),
            "checkout" => "0a".to_string(),
            "run" => "0b".to_string(),
            _ => format!("2{}", key.name),
        };
        item.sort_text = Some(rank);
        items.push(item);
    }
    items
}

#[cfg(test)]
mod tests {

    use expect_test::{expect, Expect};

    use crate::cursor::CursorContext;

    /// Completion at `$0`: one line per item, `label [kind] detail => insert text`.
    fn complete(fixture: &str) -> String {
        let fixture = crate::test_support::Fixture::new(fixture);
        let ctx = fixture.ctx();
        let cursor = CursorContext::at(&fixture.text, fixture.offset);
        let mut items = super::complete(&ctx, &cursor);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
        items
            .iter()
            .map(|i| {
                let mut line = format!("{} [{:?}]", i.label, i.kind);
                if let Some(d) = &i.detail {
                    line.push_str(&format!(" {d}"));
                }
                if i.deprecated {
                    line.push_str(" ~deprecated~");
                }
                if i.insert_text != i.label {
                    line.push_str(&format!(" => {:?}", i.insert_text));
                }
                line.push('\n');
                line
            })
            .collect()
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&complete(fixture));
    }

    #[test]
    fn job_keys_minus_written_ones_and_other_executors() {
        check(
            "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    $0\n    steps: []\n",
            expect![[r#"
                circleci_ip_ranges [Key] a boolean => "circleci_ip_ranges: ${1|true,false|}"
                description [Key] a string => "description: $0"
                environment [Key] a mapping of environment variables => "environment:\n  ${1:NAME}: $2"
                key [Key] a string => "key: $0"
                parallelism [Key] an integer of at least 1 => "parallelism: $0"
                parameters [Key] the parameter declarations => "parameters:\n  $0"
                plan_name [Key] a string => "plan_name: $0"
                resource_class [Key] a resource class => "resource_class: $0"
                retention [Key] the retention settings => "retention:\n  $0"
                shell [Key] a string or a list of strings => "shell: $0"
                type [Key] one of `build`, `approval`, `no-op`, `release`, `lock`, `unlock` => "type: ${1|build,approval,no-op,release,lock,unlock|}"
                working_directory [Key] a string => "working_directory: $0"
                branches [Key] a branch filter (deprecated) ~deprecated~ => "branches:\n  $0"
            "#]],
        );
    }

    #[test]
    fn xcode_versions_of_a_macos_executor() {
        let items = complete("version: 2.1\njobs:\n  ios:\n    macos:\n      xcode: $0\n");
        let first = items.lines().next().unwrap_or("");
        assert!(first.starts_with("16.4.0 [Value]"), "{items}");
        assert!(items.contains("15.4.0 [Value]"), "{items}");
    }

    #[test]
    fn keys_of_a_run_step_while_typing() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          name: x\n          com$0\n",
            expect![[r#"
                command [Key] a string (required) => "command: $0"
                auto_rerun_delay [Key] a delay such as `30s` or `2m` (at most 10 minutes) => "auto_rerun_delay: $0"
                background [Key] a boolean => "background: ${1|true,false|}"
                environment [Key] a mapping of environment variables => "environment:\n  ${1:NAME}: $2"
                max_auto_reruns [Key] an integer from 1 to 5 => "max_auto_reruns: $0"
                no_output_timeout [Key] a duration such as `20m` => "no_output_timeout: $0"
                shell [Key] a string => "shell: $0"
                when [Key] one of `on_success`, `always`, `on_fail` => "when: ${1|on_success,always,on_fail|}"
                working_directory [Key] a string => "working_directory: $0"
            "#]],
        );
    }

    #[test]
    fn steps_after_a_dash() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n      - $0\n",
            expect![[r#"
                checkout [Key] Checks out the project's source code into the working directory (or path).
                run [Key] Runs a shell command. => "run:\n    name: $1\n    command: $2"
                add_ssh_keys [Key] Installs SSH keys added in the project settings into the container and configur…
                attach_workspace [Key] Downloads the workspace persisted by upstream jobs into a directory. => "attach_workspace:\n    at: ${1:.}"
                persist_to_workspace [Key] Adds files to the workflow's workspace so that downstream jobs can attach_works… => "persist_to_workspace:\n    root: $1\n    paths:\n      - $2"
                restore_cache [Key] Restores a cache saved earlier, looking keys up as prefixes and taking the most… => "restore_cache:\n    keys:\n      - $1"
                save_cache [Key] Saves files or directories (dependencies, build outputs) under a cache key for … => "save_cache:\n    key: ${1:v1-deps-{{ checksum \"$2\" \\}\\}}\n    paths:\n      - $3"
                setup_remote_docker [Key] Creates a remote Docker engine for a Docker-executor job, so that docker build …
                steps [Key] Inserts a list of steps here, typically a steps parameter: - steps: << paramete… => "steps:\n    - $0"
                store_artifacts [Key] Uploads a file or directory as job artifacts, visible in the web app and throug… => "store_artifacts:\n    path: $1"
                store_test_results [Key] Uploads JUnit XML test results, for the Tests tab, insights and timing-based te… => "store_test_results:\n    path: $1"
                unless [Key] Runs the nested steps only when condition is false. => "unless:\n    condition: $1\n    steps:\n      - $2"
                when [Key] Runs the nested steps only when condition is true. => "when:\n    condition: $1\n    steps:\n      - $2"
                deploy [Key] A run step that ran only on the last container of a parallel job. ~deprecated~ => "deploy: $0"
            "#]],
        );
    }

    #[test]
    fn enum_values() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          command: x\n          when: $0\n",
            expect![[r#"
                on_success [Value]
                always [Value]
                on_fail [Value]
            "#]],
        );
        check(
            "version: 2.1\ncommands:\n  c:\n    parameters:\n      p:\n        type: $0\n",
            expect![[r#"
                string [Value]
                boolean [Value]
                integer [Value]
                enum [Value]
                executor [Value]
                steps [Value]
                env_var_name [Value]
            "#]],
        );
    }

    #[test]
    fn resource_classes_are_offered_with_sizes() {
        let out = complete("version: 2.1\njobs:\n  build:\n    resource_class: $0\n");
        assert!(
            out.contains("large [Value] Docker: 4 vCPU, 8 GB. Machine: 4 vCPU, 15 GB.\n"),
            "{out}"
        );
        assert!(
            out.contains("macos.x86.medium.gen2 [Value] macOS on Intel. ~deprecated~"),
            "{out}"
        );
    }

    #[test]
    fn top_level_keys_and_docker_item_keys() {
        check(
            "version: 2.1\n$0\n",
            expect![[r#"
            commands [Key] the commands mapping => "commands:\n  $0"
            executors [Key] the executors mapping => "executors:\n  $0"
            job-groups [Key] the job groups mapping => "job-groups:\n  $0"
            jobs [Key] the jobs mapping => "jobs:\n  $0"
            orbs [Key] the orbs mapping => "orbs:\n  $0"
            parameters [Key] the pipeline parameters => "parameters:\n  $0"
            setup [Key] a boolean => "setup: true"
            workflows [Key] the workflows mapping => "workflows:\n  $0"
            display [Key] the orb display links => "display:\n  $0"
            examples [Key] the orb examples => "examples:\n  $0"
            experimental [Key] the experimental settings => "experimental:\n  $0"
        "#]],
        );
        check(
            "version: 2.1\njobs:\n  build:\n    docker:\n      - $0\n",
            expect![[r#"
                image [Key] a string (required) => "image: $0"
                auth [Key] the registry credentials => "auth:\n    username: $1\n    password: \\$${2:DOCKERHUB_PASSWORD}"
                aws_auth [Key] the AWS ECR credentials => "aws_auth:\n    oidc_role_arn: $1"
                command [Key] a string or a list of strings => "command: $0"
                entrypoint [Key] a string or a list of strings => "entrypoint: $0"
                environment [Key] a mapping of environment variables => "environment:\n    ${1:NAME}: $2"
                gcp_auth [Key] the Google Artifact Registry credentials => "gcp_auth:\n    oidc_service_account: $1\n    workload_identity_pool: $2\n    workload_identity_provider: $3"
                name [Key] a string => "name: $0"
                user [Key] a string => "user: $0"
            "#]],
        );
    }

    #[test]
    fn first_key_of_a_list_item_gets_deeper_snippet_lines() {
        let out = complete("version: 2.1\njobs:\n  build:\n    docker:\n      - au$0: x\n");
        assert!(
            out.contains(r#"auth [Key] the registry credentials => "auth:\n    username: $1"#),
            "{out}"
        );
    }

    #[test]
    fn version_2_0_configs_get_no_2_1_keys() {
        let out = complete("version: 2\njobs:\n  build:\n    $0\n");
        assert!(!out.contains("executor ["), "{out}");
        assert!(out.contains("docker ["), "{out}");
    }

    #[test]
    fn nothing_inside_block_scalars_or_unknown_places() {
        check(
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run: |\n          echo $0\n",
            expect![[""]],
        );
        check("version: 2.1\nreferences:\n  x:\n    $0\n", expect![[""]]);
    }
}
