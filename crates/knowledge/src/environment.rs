//! The environment variables CircleCI sets in every job, with what each holds. Written for
//! this project from the "Project values and variables" reference
//! (<https://circleci.com/docs/reference/variables/>).

/// A built-in variable: its name and what it holds (markdown).
pub static BUILTIN_VARIABLES: &[(&str, &str)] = &[
    ("CI", "Always `true`: the job runs in a CI environment."),
    ("CIRCLECI", "Always `true`: the job runs on CircleCI."),
    ("CIRCLE_BRANCH", "The Git branch being built. Not set for tag pipelines."),
    ("CIRCLE_BUILD_NUM", "The number of this job, counting up per project."),
    ("CIRCLE_BUILD_URL", "The URL of this job in the CircleCI web app."),
    ("CIRCLE_JOB", "The name of the current job, as it runs in the workflow."),
    ("CIRCLE_NODE_INDEX", "With `parallelism`, the index of this copy of the job, from `0` to `CIRCLE_NODE_TOTAL - 1`."),
    ("CIRCLE_NODE_TOTAL", "With `parallelism`, how many copies of the job run; `1` otherwise."),
    ("CIRCLE_OIDC_TOKEN", "An OpenID Connect ID token for this job, for signing in to cloud providers without stored secrets (needs a context)."),
    ("CIRCLE_OIDC_TOKEN_V2", "An OpenID Connect ID token with the v2 claims format (needs a context)."),
    ("CIRCLE_PR_NUMBER", "The pull request number, only for pull requests from forks."),
    ("CIRCLE_PR_REPONAME", "The repository name of a pull request from a fork."),
    ("CIRCLE_PR_USERNAME", "The user or organisation of a pull request from a fork."),
    ("CIRCLE_PROJECT_REPONAME", "The repository's name."),
    ("CIRCLE_PROJECT_USERNAME", "The repository's owner: a user or organisation."),
    ("CIRCLE_PULL_REQUEST", "The URL of the pull request for this branch, if there is one (the first, when there are several)."),
    ("CIRCLE_PULL_REQUESTS", "The URLs of every pull request for this branch, separated by commas."),
    ("CIRCLE_REPOSITORY_URL", "The repository's Git URL."),
    ("CIRCLE_SHA1", "The SHA-1 of the commit being built."),
    ("CIRCLE_TAG", "The Git tag, when the pipeline was triggered by pushing a tag."),
    ("CIRCLE_USERNAME", "The user who triggered the pipeline."),
    ("CIRCLE_WORKFLOW_ID", "The unique id of the current workflow instance, shared by its jobs."),
    ("CIRCLE_WORKFLOW_JOB_ID", "The unique id of the current job."),
    ("CIRCLE_WORKFLOW_WORKSPACE_ID", "The id of the workflow's workspace; the same across reruns of the workflow."),
    ("CIRCLE_WORKING_DIRECTORY", "The job's `working_directory` (`~/project` by default)."),
    ("CIRCLE_INTERNAL_TASK_DATA", "Where CircleCI keeps the job's internal data. Do not modify."),
    ("BASH_ENV", "A file sourced by the shell of every later `run` step: append `export NAME=value` lines to share variables between steps."),
];

/// The documentation of a built-in variable.
pub fn builtin_variable(name: &str) -> Option<&'static str> {
    BUILTIN_VARIABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, doc)| *doc)
}
