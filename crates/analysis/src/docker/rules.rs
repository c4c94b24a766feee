//! The docker rules' descriptions. `docs/rules.md` is generated from this table.

use crate::diagnostics::{FixSafety, Rule, Severity};

pub const DOCKER_HUB_RATE_LIMIT: Rule = Rule {
    code: "docker-hub-rate-limit",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Warning,
    summary: "A Docker Hub image is pulled without credentials.",
    explanation: "Docker Hub limits pulls that carry no credentials per IP address: 10 pulls per hour unauthenticated, 100 per hour with a free Docker account, unlimited on paid plans (as of April 2025). What that means depends on where the pull happens:\n\n- Images of Docker executors on CircleCI cloud are not rate-limited today: CircleCI's arrangement with Docker spares them, with few exceptions, but CircleCI recommends authenticating because the limits may apply to CircleCI users in the future. A warning by default.\n- `docker pull`, `docker run` and `docker create` in `run` steps (machine executors, or after `setup_remote_docker`) and the Docker orb's `docker/pull` are limited now: the job pulls from its own address. A warning.\n- On self-hosted runners and CircleCI server every pull is limited now.\n- Images of a registry orb's executor (`executor: node/default`, with its `tag` or other parameters filled in) cannot be given `auth` in the config: only the orb can. On CircleCI cloud they are executor images like any other, not limited today, and are not reported (hover on the executor shows each image and whether it is pulled with credentials). With `selfHosted`, a Docker Hub image of an orb executor is a warning on the executor's name: to authenticate, use a `docker:` executor with the same image and an `auth` block. A registry orb job a workflow runs (`- node/test`) runs in its executor's images (or its own), the workflow's arguments filled in; images not known before CircleCI compiles the config (templated or matrix arguments, an executor of another orb) are left out. It is reported the same way, on the job's name in the workflow: to authenticate, pass it an executor of yours whose image has `auth` when the job takes an `executor` parameter, or run the orb's commands in a job of your own.\n\nThe rule looks at docker executor images without an `auth` block, the Docker orb's pull steps (`docker/pull`) with no earlier login step (`docker/check`) in the job, read from the orb data for the release the config declares (which member logs in, which parameter names the registry and what it defaults to), and `docker pull|run|create` commands with no earlier `docker login` in the job. Images and pulls of jobs and executors that no workflow uses are not reported (`unused-job` and `unused-executor` are). Two settings adapt it: `\"dockerHub\": {\"selfHosted\": true}` for teams on self-hosted runners or server (every case a warning that says the limit applies now), and `\"dockerHub\": {\"cloudExecutorImages\": \"info\"}` to lower (or switch `off`) the cloud executor-image case.\n\nFix it with an `auth` block whose password comes from a context or project environment variable (a Docker Hub access token works as the password), a `docker/check` step, or `echo \"$DOCKERHUB_PASSWORD\" | docker login -u \"$DOCKERHUB_USERNAME\" --password-stdin` before the pull.",
    bad: "jobs:\n  build:\n    docker:\n      - image: cimg/node:20.11\n    steps:\n      - checkout\n",
    good: "jobs:\n  build:\n    docker:\n      - image: cimg/node:20.11\n        auth:\n          username: $DOCKERHUB_USERNAME\n          password: $DOCKERHUB_PASSWORD\n    steps:\n      - checkout\n",
};

pub const LITERAL_SECRET: Rule = Rule {
    code: "literal-secret",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Error,
    summary: "A password, token or key is written into the config.",
    explanation: "Anyone who can read the repository can read a password written in `.circleci/config.yml`, and it stays in the Git history. Put the value in a context or a project environment variable and reference it (`$DOCKERHUB_PASSWORD`); CircleCI fills it in when the job runs and masks it in the output.\n\nChecked: `auth.password`, `aws_auth.aws_secret_access_key` (error), `aws_auth.aws_access_key_id` (warning: an access key id is not a secret by itself, but it names the key), and a password given to `docker login -p`/`--password`. A `$VAR`, `${VAR}`, `<< parameters.x >>` or `<< pipeline.parameters.x >>` is a reference, not a literal. A literal `username` is fine.\n\nAlso checked: `environment` variables whose names mark a credential (`AWS_SECRET_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `GITHUB_TOKEN`, `*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_API_KEY`, …), `export NAME=value` or `NAME=value cmd` for such a name and `aws configure set aws_secret_access_key value` in `run` scripts, string parameter defaults for such a name, and, in any value, AWS access key ids (`AKIA…`, `ASIA…`), GitHub tokens (`ghp_…`, `github_pat_…`), Slack tokens (`xoxb-…`) and webhook URLs (`https://hooks.slack.com/services/…`), passwords inside URLs (`postgres://user:pass@db.example.com`), PEM private keys, and passwords given on a command line to `curl -u user:pass`, `mysql -pPASS` and `sshpass -p PASS`. Not reported: test credentials of containers the job starts — a value written in a service container's `environment` (an image after the first), wherever the config repeats it (`DATABASE_PASSWORD: sekret` beside `POSTGRES_PASSWORD: sekret`), a service's own variable (`POSTGRES_PASSWORD`) where the config starts containers (a service image or a machine), and a URL to `localhost` or a one-word host such as a compose service —, names with a `TEST` word, stand-ins (`dummy`, `key`, `<token>`, values with spaces, names of other variables) and AWS's documented example keys. `environment` values are not expanded by CircleCI, so the fix there removes the variable: define it in a context or project settings instead.\n\nThe quick-fix is the editor's preferred one, but it is unsafe: the value leaves the file, and the build fails until someone defines the variable. `circleci-ls fix` applies it only with `--unsafe-fixes`, and then lists each variable to define and where it is used.\n\nOrb parameters that carry credentials are checked too, using the orb data: a string parameter named like a password, token or secret key (aws-cli `setup`'s `aws_secret_access_key`) with a literal value, and a credential parameter of type `env_var_name` (the Docker orb's `docker-password`) given something that is not a variable name. The fix puts a `$VAR` reference, or the variable's name where the parameter wants a name.",
    bad: "jobs:\n  build:\n    docker:\n      - image: acme-private/private-image:321\n        auth:\n          username: mydockerhub-user\n          password: hunter2\n",
    good: "jobs:\n  build:\n    docker:\n      - image: acme-private/private-image:321\n        auth:\n          username: mydockerhub-user\n          password: $DOCKERHUB_PASSWORD\n",
};

pub const INVALID_AUTH: Rule = Rule {
    code: "invalid-auth",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "An image's `auth` or `aws_auth` block is incomplete or malformed.",
    explanation: "`auth` is a mapping with both `username` and `password`. `aws_auth` is a mapping with either both `aws_access_key_id` and `aws_secret_access_key`, or `oidc_role_arn` alone; the two styles cannot be mixed. An image takes `auth` or `aws_auth`, not both: use `aws_auth` for private Amazon ECR images and `auth` for every other registry. CircleCI rejects the config otherwise.",
    bad: "jobs:\n  build:\n    docker:\n      - image: quay.io/project/image:tag\n        auth:\n          username: $QUAY_USERNAME\n",
    good: "jobs:\n  build:\n    docker:\n      - image: quay.io/project/image:tag\n        auth:\n          username: $QUAY_USERNAME\n          password: $QUAY_PASSWORD\n",
};

pub const ECR_NEEDS_AWS_AUTH: Rule = Rule {
    code: "ecr-needs-aws-auth",
    fix: FixSafety::Unsafe,
    default_severity: Severity::Warning,
    summary: "A private Amazon ECR image has no `aws_auth`.",
    explanation: "CircleCI fetches a fresh ECR token for every job when the image has `aws_auth` (access keys or `oidc_role_arn`). Without it, the pull only works when the project defines the standard `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` environment variables, which the config does not show. An `auth` block with a token from `aws ecr get-login-password` stops working after 12 hours, when the token expires.",
    bad: "jobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1\n",
    good: "jobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1\n        aws_auth:\n          aws_access_key_id: $AWS_ACCESS_KEY_ID\n          aws_secret_access_key: $AWS_SECRET_ACCESS_KEY\n",
};

pub const ECR_REGION: Rule = Rule {
    code: "ecr-region",
    fix: FixSafety::None,
    default_severity: Severity::Info,
    summary: "A private ECR image is pulled from a region other than us-east-1.",
    explanation: "CircleCI's job execution infrastructure is in the us-east-1 region. Pulls from ECR in any region work, but a copy of the image in us-east-1 makes the environment start faster. Replicate the repository to us-east-1 and use that image for the docker executor.",
    bad: "jobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/org/repo:0.1\n        aws_auth:\n          oidc_role_arn: $ECR_ROLE_ARN\n",
    good: "jobs:\n  build:\n    docker:\n      - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1\n        aws_auth:\n          oidc_role_arn: $ECR_ROLE_ARN\n",
};

pub const DOCKER_LOGIN_PASSWORD_ARG: Rule = Rule {
    code: "docker-login-password-arg",
    fix: FixSafety::Safe,
    default_severity: Severity::Warning,
    summary: "`docker login` gets its password as a command-line argument.",
    explanation: "A password passed with `-p` or `--password` is visible to other processes (`ps`) and can end up in logs and shell history; Docker itself warns about it. Pipe it in instead: `echo \"$DOCKERHUB_PASSWORD\" | docker login -u \"$DOCKERHUB_USERNAME\" --password-stdin`.",
    bad: "jobs:\n  build:\n    machine: true\n    steps:\n      - run: docker login -u $DOCKER_USER -p $DOCKER_PASS\n",
    good: "jobs:\n  build:\n    machine: true\n    steps:\n      - run: echo \"$DOCKER_PASS\" | docker login -u $DOCKER_USER --password-stdin\n",
};

pub const UNPINNED_IMAGE: Rule = Rule {
    code: "unpinned-image",
    default_severity: Severity::Hint,
    fix: FixSafety::Unsafe,
    summary: "A Docker executor image has no version tag, or uses `latest`.",
    explanation: "An image without a tag is pulled as `latest`, which moves whenever a new version is pushed: a job that passed yesterday can fail today with nothing changed in the repository. Pin a version tag (`cimg/node:20.11`) or a digest (`@sha256:…`). When the same file already pins the same image, a quick fix uses that version. Images named through variables or parameters are not judged. The images of registry orb executors are checked with their parameters filled in: a `tag: latest` argument is reported where it is written, an orb default of `latest` on the executor's name (pass it a version). For an orb job a workflow runs, a `latest` argument the workflow passes is reported where it is written; the orb's own choice of image, when the workflow passes nothing that goes into it, is not.",
    bad: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: quay.io/org/app\n    steps:\n      - checkout\n",
    good: "version: 2.1\njobs:\n  build:\n    docker:\n      - image: quay.io/org/app:1.2\n    steps:\n      - checkout\n",
};

/// The docker rules, in documentation order.
pub const RULES: &[Rule] = &[
    DOCKER_HUB_RATE_LIMIT,
    LITERAL_SECRET,
    INVALID_AUTH,
    ECR_NEEDS_AWS_AUTH,
    ECR_REGION,
    DOCKER_LOGIN_PASSWORD_ARG,
    UNPINNED_IMAGE,
];
