//! The files the server asks the client to watch: project files, whose settings apply to
//! open documents, the files of orb source trees, which each file of the orb reads, and
//! config files, which the other files of their config read.

use tower_lsp_server::ls_types as lsp;

/// Project files anywhere.
const PROJECT_FILES: &str = "**/{circleci-ls,.circleci-ls}.toml";
/// The files of an orb's unpacked source: what packing reads and what it includes.
const ORB_SOURCES: &str =
    "**/src/{@orb.yml,@orb.yaml,commands/*,jobs/*,executors/*,examples/*,scripts/**}";
/// Config files: a file is analysed with the rest of its config (setup and continuation
/// configs, fragments, packed trees).
const CONFIG_FILES: &str = "**/.circleci/**/*.{yml,yaml}";

/// Whether the client can register file watchers at run time.
pub(super) fn can_watch(params: &lsp::InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        == Some(true)
}

/// The registration that asks the client to report changes to those files.
pub(super) fn registration() -> lsp::Registration {
    let watcher = |glob: &str| lsp::FileSystemWatcher {
        glob_pattern: lsp::GlobPattern::String(glob.to_string()),
        kind: None,
    };
    let options = lsp::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![
            watcher(PROJECT_FILES),
            watcher(ORB_SOURCES),
            watcher(CONFIG_FILES),
        ],
    };
    lsp::Registration {
        id: "circleci-ls-project-config".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}
