//! Completion that flows: what the whole completion (every source together) offers.

use super::{complete, CompletionItem};
use crate::test_support::Fixture;

fn items(fixture: &str) -> Vec<CompletionItem> {
    let fixture = Fixture::new(fixture);
    let mut items = complete(&fixture.ctx());
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
    items
}

fn item<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
    items
        .iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

/// Where `label` is in the sorted list.
fn position(items: &[CompletionItem], label: &str) -> usize {
    items
        .iter()
        .position(|i| i.label == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn keys_with_nothing_to_fill_are_plain_and_reopen_suggestions() {
    let auth = items(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n        auth:\n          $0\n",
    );
    let username = item(&auth, "username");
    assert!(!username.is_snippet);
    assert_eq!(username.insert_text, "username: ");
    assert!(username.retrigger);
    let job = items("version: 2.1\njobs:\n  build:\n    $0\n    steps: [checkout]\n");
    let class = item(&job, "resource_class");
    assert_eq!(
        (class.insert_text.as_str(), class.is_snippet),
        ("resource_class: ", false)
    );
    assert!(class.retrigger);
    // Nothing to suggest after `working_directory: `; a choice snippet shows its own list.
    let dir = item(&job, "working_directory");
    assert_eq!(dir.insert_text, "working_directory: ");
    assert!(!dir.retrigger);
    let ty = item(&job, "type");
    assert!(ty.is_snippet && !ty.retrigger);
    // A block keeps its snippet.
    assert!(item(&job, "environment").is_snippet);
}

/// Issue 19: every credentials block is valid on any image, so each is offered; the one the
/// image's registry takes comes first (it was the only one offered).
#[test]
fn every_credentials_block_is_offered_the_registrys_first() {
    let hub = items(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n        $0\n",
    );
    let auth = item(&hub, "auth");
    assert!(auth.preselect);
    assert!(auth
        .insert_text
        .contains("username: ${1:\\$DOCKERHUB_USERNAME}"));
    assert!(auth
        .insert_text
        .contains("password: ${2:\\$DOCKERHUB_PASSWORD}"));
    assert_eq!(
        labels(&hub)
            .iter()
            .filter(|l| l.starts_with("aws_auth"))
            .count(),
        1,
        "{:?}",
        labels(&hub)
    );
    assert!(position(&hub, "auth") < position(&hub, "aws_auth"));
    assert!(!item(&hub, "aws_auth").preselect);
    let ecr = items(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1\n        $0\n",
    );
    assert!(position(&ecr, "aws_auth") < position(&ecr, "auth"));
    // The blocks the registry does not take come after every other key.
    assert_eq!(
        labels(&ecr).get(labels(&ecr).len().saturating_sub(2)..),
        Some(&["auth", "gcp_auth"][..]),
        "{:?}",
        labels(&ecr)
    );
    let aws = item(&ecr, "aws_auth");
    assert!(aws.preselect && !item(&ecr, "auth").preselect);
    assert!(aws.insert_text.contains("aws_access_key_id"));
    let gar = items(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: us-docker.pkg.dev/project/repo/app:1\n        $0\n",
    );
    assert!(item(&gar, "gcp_auth").preselect);
    assert!(position(&gar, "gcp_auth") < position(&gar, "auth"));
    // A config that already logs in through an OIDC role gets that form.
    let oidc = items(
        "version: 2.1\nexecutors:\n  e:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1\n        aws_auth:\n          oidc_role_arn: $ROLE\njobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1\n        $0\n",
    );
    let aws = item(&oidc, "aws_auth");
    assert!(
        aws.insert_text.contains("oidc_role_arn"),
        "{}",
        aws.insert_text
    );
    // Once one block is written, the others are still offered, last and not preselected.
    let written = items(
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n        aws_auth:\n          oidc_role_arn: $ROLE\n        $0\n",
    );
    assert_eq!(
        labels(&written).get(labels(&written).len().saturating_sub(2)..),
        Some(&["auth", "gcp_auth"][..]),
        "{:?}",
        labels(&written)
    );
    assert!(!written.iter().any(|i| i.preselect));
}

#[test]
fn password_values_are_password_variables() {
    let found = items(
        "version: 2.1\njobs:\n  a:\n    docker:\n      - image: cimg/node:20\n        auth:\n          username: $DOCKERHUB_USERNAME\n          password: $0\n",
    );
    let names = labels(&found);
    assert!(names.contains(&"$DOCKERHUB_PASSWORD"), "{names:?}");
    assert!(!names.contains(&"$DOCKERHUB_USERNAME"), "{names:?}");
}

#[test]
fn steps_by_use_with_details_that_say_something() {
    let found = items(
        "version: 2.1\ncommands:\n  setup:\n    description: Installs the toolchain.\n    steps: [checkout]\njobs:\n  build:\n    machine:\n      image: ubuntu-2404:current\n    steps:\n      - $0\n",
    );
    let names = labels(&found);
    assert_eq!(
        names.get(..3),
        Some(&["checkout", "run", "setup"][..]),
        "{names:?}"
    );
    assert_eq!(
        item(&found, "setup").detail.as_deref(),
        Some("Installs the toolchain.")
    );
    for i in &found {
        let detail = i.detail.as_deref().unwrap_or("");
        assert!(
            !detail.is_empty() && !detail.contains(&format!("`{}`", i.label)),
            "{i:?}"
        );
    }
}

/// Issue 21: an orb job's parameters complete like built-in keys: `name: ` goes in with the
/// name, enum and boolean values are suggested next, and the invoked job's own parameters
/// (required ones first) sort before the keys every workflow entry takes (they sorted after
/// them and went in bare, a syntax error at once).
#[test]
fn orb_parameters_complete_like_keys_and_come_first() {
    let found = items(
        "version: 2.1\norbs:\n  ecr: circleci/aws-ecr@9.8.1\n  node: circleci/node@7.2.1\nworkflows:\n  main:\n    jobs:\n      - ecr/build_and_push_image:\n          $0\n",
    );
    let names = labels(&found);
    assert_eq!(names.get(..2), Some(&["auth", "repo"][..]), "{names:?}");
    // An optional parameter still sorts before the keys of every entry.
    assert!(
        position(&found, "account_id") < position(&found, "requires"),
        "{names:?}"
    );
    let repo = item(&found, "repo");
    assert_eq!(repo.insert_text, "repo: ");
    assert!(repo
        .detail
        .as_deref()
        .is_some_and(|d| d.contains("(required)")));
    let node = items(
        "version: 2.1\norbs:\n  node: circleci/node@7.2.1\nworkflows:\n  main:\n    jobs:\n      - node/test:\n          $0\n",
    );
    let manager = item(&node, "pkg-manager");
    assert_eq!(
        (
            manager.insert_text.as_str(),
            manager.is_snippet,
            manager.retrigger
        ),
        ("pkg-manager: ", false, true)
    );
    // Accepting it leaves the cursor where its values are offered.
    let values = items(
        "version: 2.1\norbs:\n  node: circleci/node@7.2.1\nworkflows:\n  main:\n    jobs:\n      - node/test:\n          pkg-manager: $0\n",
    );
    assert!(labels(&values).contains(&"pnpm"), "{:?}", labels(&values));
}

/// A snippet as a client inserts it with every placeholder left at its default.
fn expand(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                let body: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let body = body.trim_start_matches(|c: char| c.is_ascii_digit());
                let default = match body.strip_prefix('|') {
                    Some(choices) => choices.split([',', '|']).next().unwrap_or(""),
                    None => body.strip_prefix(':').unwrap_or(""),
                };
                out.push_str(&default.replace('\\', ""));
            }
            '$' => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The fixture's text after accepting `label` at `$0`.
fn accept(fixture: &str, label: &str) -> String {
    let found = items(fixture);
    let chosen = item(&found, label);
    let (text, _) = analysis::test_support::cursor(fixture);
    let new = if chosen.is_snippet {
        expand(&chosen.insert_text)
    } else {
        chosen.insert_text.clone()
    };
    let line_start = text[..chosen.replace.start]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    // Clients indent every inserted line like the cursor's line.
    let new = new.replace('\n', &format!("\n{indent}"));
    format!(
        "{}{new}{}",
        &text[..chosen.replace.start],
        &text[chosen.replace.end..]
    )
}

/// Issue 21: after Enter on `- image: …` editors leave the cursor under the `- `; the keys of
/// the image are offered there and go in two columns further, where they belong (nothing was
/// offered, and the editor's word completion left a syntax error).
#[test]
fn keys_typed_under_a_list_items_dash_go_where_they_belong() {
    let image = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n      au$0\n    steps: [checkout]\n";
    let found = items(image);
    assert!(item(&found, "auth").preselect, "{:?}", labels(&found));
    assert!(!labels(&found).contains(&"image"), "{:?}", labels(&found));
    let done = accept(image, "auth");
    assert_eq!(
        done,
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n        auth:\n          username: $DOCKERHUB_USERNAME\n          password: $DOCKERHUB_PASSWORD\n    steps: [checkout]\n"
    );
    assert!(syntax::yaml::parse(&done).errors.is_empty(), "{done}");
    // Under the one key of a step or a workflow entry (where Enter after `- run:` or
    // `- build:` leaves the cursor), the keys of its mapping.
    let step = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n    steps:\n      - run:\n        na$0\n";
    assert_eq!(
        accept(step, "name"),
        "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n    steps:\n      - run:\n          name: \n"
    );
    let entry = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20\n    steps: [checkout]\n  test:\n    docker:\n      - image: cimg/node:20\n    steps: [checkout]\nworkflows:\n  main:\n    jobs:\n      - build\n      - test:\n        req$0\n";
    let done = accept(entry, "requires");
    assert!(
        done.ends_with("      - test:\n          requires:\n            - \n"),
        "{done}"
    );
    // A list written right under its key: a key at the dash's column is the owner's.
    let unindented = "version: 2.1\njobs:\n  build:\n    steps:\n    - run: make\n    dock$0\n";
    assert!(labels(&items(unindented)).contains(&"docker"));
}
