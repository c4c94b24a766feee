//! Hover from the orb data: `$0` marks the cursor.

use expect_test::{expect, Expect};

use crate::test_support::Fixture;

fn check(fixture: &str, expected: Expect) {
    let f = Fixture::new(fixture);
    let out = match super::orbs::hover(&f.ctx()) {
        Some(h) => format!("[{}]\n{}\n", h.span.text(&f.text), h.markdown),
        None => "none\n".to_string(),
    };
    expected.assert_eq(&out);
}

const CONFIG: &str = "version: 2.1
orbs:
  node: circleci/node@7.2.1
  old: circleci/node@5.1.0
  gone: circleci/node@99.0.0
jobs:
  build:
    executor: node/default
    steps:
      - node/install:
          install-yarn: true
workflows:
  main:
    jobs:
      - build
      - old/test
      - gone/test
";

fn at(marker: &str) -> String {
    CONFIG.replacen(&marker.replace('|', ""), &marker.replace('|', "$0"), 1)
}

#[test]
fn member_shows_signature_parameters_and_release() {
    check(
        &at("node/ins|tall"),
        expect![[r#"
            [node/install]
            **orb command** `node/install` · `circleci/node@7.2.1`

            No required parameters; 9 optional, described on the [orb page](https://circleci.com/developer/orbs/orb/circleci/node#commands-install).
        "#]],
    );
}

#[test]
fn member_read_from_a_stand_in_release() {
    check(
        &at("old/te|st"),
        expect![[r#"
            [old/test]
            **orb job** `old/test` · `circleci/node@5.3.0` (for `@5.1.0`)

            Runs in `cimg/node:lts` (Docker Hub, pulled without credentials).

            No required parameters; 10 optional, described on the [orb page](https://circleci.com/developer/orbs/orb/circleci/node#jobs-test).

            ---

            The orb's job takes no `auth`; to authenticate, pass it an executor of yours with an `auth` block, when it has an `executor` parameter. Docker Hub limits pulls without credentials per IP address; pulls through CircleCI are mostly exempt today.
        "#]],
    );
}

#[test]
fn executor_shows_its_images() {
    check(
        &at("node/def|ault"),
        expect![[r#"
            [node/default]
            **orb executor** `node/default` · `circleci/node@7.2.1`

            Runs in `cimg/node:lts` (Docker Hub, pulled without credentials).

            No required parameters; 2 optional, described on the [orb page](https://circleci.com/developer/orbs/orb/circleci/node#executors-default).

            ---

            An orb executor takes no `auth`; to authenticate, use a `docker:` executor with this image and an `auth` block. Docker Hub limits pulls without credentials per IP address; pulls through CircleCI are mostly exempt today.
        "#]],
    );
}

#[test]
fn argument_shows_its_parameter() {
    check(
        &at("install-ya|rn"),
        expect![[r#"
        [install-yarn]
        **parameter** `install-yarn` of orb member `node/install`

        Type: boolean

        Default: `false`
    "#]],
    );
}

#[test]
fn orb_reference_lists_known_releases() {
    check(
        &at("circleci/node@7.|2.1"),
        expect![[r#"
        [circleci/node@7.2.1]
        **orb** `circleci/node@7.2.1`

        Release 7.2.1 is known to circleci-ls.

        Known releases (newest first, as of 2026-07-01): `7.2.1`, `6.3.0`, `5.3.0`, `4.9.0`. [Orb page](https://circleci.com/developer/orbs/orb/circleci/node)
    "#]],
    );
    check(
        &at("circleci/node@99|.0.0"),
        expect![[r#"
        [circleci/node@99.0.0]
        **orb** `circleci/node@99.0.0`

        This major is not in circleci-ls's data, so what the config uses from it is not checked.

        Known releases (newest first, as of 2026-07-01): `7.2.1`, `6.3.0`, `5.3.0`, `4.9.0`. [Orb page](https://circleci.com/developer/orbs/orb/circleci/node)
    "#]],
    );
}

#[test]
fn unknown_major_member_has_no_orb_hover() {
    check(
        &at("gone/te|st"),
        expect![[r#"
        none
    "#]],
    );
}

const VALUES: &str = "version: 2.1
orbs:
  node: circleci/node@7.2.1
jobs:
  build:
    executor:
      name: node/default
      resource_class: $0VALUE
    steps:
      - node/install:
          install-yarn: BOOL
workflows:
  main:
    jobs: [build]
";

fn values(resource_class: &str, install_yarn: &str) -> String {
    VALUES
        .replace("VALUE", resource_class)
        .replace("BOOL", install_yarn)
}

#[test]
fn enum_value_shows_the_allowed_values_and_the_default() {
    check(
        &values("medium", "true"),
        expect![[r#"
            [medium]
            **`medium`** · value of enum parameter `resource_class` of orb member `node/default`

            - `small`
            - `medium` (this value)
            - `medium+`
            - `large` (default)
            - `xlarge`
            - `2xlarge`
            - `2xlarge+`
            - `arm.medium`
            - `arm.large`
            - `arm.xlarge`
            - `arm.2xlarge`
        "#]],
    );
}

#[test]
fn enum_value_that_is_not_allowed_says_so() {
    check(
        &values("huge", "true"),
        expect![[r#"
        [huge]
        **`huge`** · value of enum parameter `resource_class` of orb member `node/default`

        - `small`
        - `medium`
        - `medium+`
        - `large` (default)
        - `xlarge`
        - `2xlarge`
        - `2xlarge+`
        - `arm.medium`
        - `arm.large`
        - `arm.xlarge`
        - `arm.2xlarge`

        `huge` is not one of these.
    "#]],
    );
}

#[test]
fn boolean_value_shows_the_default() {
    let fixture = values("medium", "true")
        .replace("$0", "")
        .replace("install-yarn: true", "install-yarn: $0no");
    check(
        &fixture,
        expect![[r#"
        [no]
        **`no`** · value of boolean parameter `install-yarn` of orb member `node/install`

        - `true`
        - `false` (this value, default)

        This is the default: the argument can be left out.
    "#]],
    );
}

#[test]
fn templated_values_are_left_alone() {
    check(
        &values("<< pipeline.parameters.size >>", "true"),
        expect![[r#"
            none
        "#]],
    );
}

#[test]
fn orb_executor_hover_shows_the_images_it_runs_in() {
    let fixture = values("medium", "true").replace("$0", "").replace(
        "name: node/default",
        "name: node/def$0ault\n      tag: \"20.11\"",
    );
    check(
        &fixture,
        expect![[r#"
            [node/default]
            **orb executor** `node/default` · `circleci/node@7.2.1`

            Runs in `cimg/node:20.11` (Docker Hub, pulled without credentials).

            No required parameters; 2 optional, described on the [orb page](https://circleci.com/developer/orbs/orb/circleci/node#executors-default).

            ---

            An orb executor takes no `auth`; to authenticate, use a `docker:` executor with this image and an `auth` block. Docker Hub limits pulls without credentials per IP address; pulls through CircleCI are mostly exempt today.
        "#]],
    );
}

#[test]
fn an_argument_that_names_an_orb_executor_image_shows_the_image() {
    let fixture = values("medium", "true").replace("$0", "").replace(
        "name: node/default",
        "name: node/default\n      tag: \"20.$011\"",
    );
    let f = Fixture::new(&fixture);
    let h = super::hover(&f.ctx()).map(|h| (h.span.text(&f.text).to_string(), h.markdown));
    let (span, markdown) = h.unwrap_or_default();
    assert_eq!(span, "20.11");
    assert!(
        markdown.starts_with("**`cimg/node:20.11`** · Docker image of orb executor `node/default`"),
        "{markdown}"
    );
}

#[test]
fn an_orb_job_run_from_a_workflow_shows_the_images_it_runs_in() {
    let f = Fixture::new(&at("- old/|test"));
    let markdown = super::orbs::hover(&f.ctx())
        .map(|h| h.markdown)
        .unwrap_or_default();
    let runs = markdown.split("\n\n").nth(1).unwrap_or_default();
    expect!["Runs in `cimg/node:lts` (Docker Hub, pulled without credentials)."].assert_eq(runs);
    let advice = markdown.split("\n\n---\n\n").nth(1).unwrap_or_default();
    expect!["The orb's job takes no `auth`; to authenticate, pass it an executor of yours with an `auth` block, when it has an `executor` parameter. Docker Hub limits pulls without credentials per IP address; pulls through CircleCI are mostly exempt today."].assert_eq(advice);
}
