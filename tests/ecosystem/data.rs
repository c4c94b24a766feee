//! The shared data beside the repository (`../shared`, or `$CIRCLECI_LS_SHARED`): the corpus
//! of real configs, the CircleCI JSON schema, the SARIF schema and the packed orb sources; and
//! the one list of error-level findings in the corpus that CircleCI reports too.
//!
//! Missing data fails the test that needs it, with where to get it: this suite never passes on
//! nothing.

use std::path::{Path, PathBuf};

/// One config of the corpus.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    /// The file name, e.g. `001-angular-angular-cli.yml`.
    pub name: String,
    pub text: String,
    /// False when `SOURCES.tsv` says a strict YAML loader rejects the file, so a syntax error
    /// in it is right.
    pub parses: bool,
}

/// An error-level finding in the corpus that is a real mistake CircleCI reports too.
pub struct KnownTrueError {
    pub file: &'static str,
    /// 1-based line of the finding's start.
    pub line: usize,
    pub code: &'static str,
    pub why: &'static str,
}

/// Every error-level finding in the corpus that is right, checked by hand. Every corpus test
/// that fails on error-level findings reads this list; `tests/corpus.rs` also checks that each
/// entry is still reported.
pub const KNOWN_TRUE_ERRORS: &[KnownTrueError] = &[
    KnownTrueError {
        file: "036-ministryofjustice-cfe-civil.yml",
        line: 365,
        code: "undefined-job",
        // `end2end_tests` requires `build_and_push_uat`, which no entry of `deploy_branch` runs.
        // CircleCI rejects it: "requires job \"x\" but \"x\" is not part of this workflow".
        why: "a `requires` names a job that is not in that workflow",
    },
    KnownTrueError {
        file: "043-mne-tools-mne-python.yml",
        line: 299,
        code: "literal-secret",
        // A Codecov upload token written into a step's `environment`.
        why: "anyone who reads the repository can upload coverage reports for the project",
    },
];

/// Whether an error-level finding at `line` (1-based) of corpus file `file` is a known true one.
pub fn is_known_true_error(file: &str, line: usize, code: &str) -> bool {
    KNOWN_TRUE_ERRORS
        .iter()
        .any(|e| e.file == file && e.line == line && e.code == code)
}

/// 1-based line of `offset` in `text`, counting `\r\n`, `\r` and `\n` line ends.
pub fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count() + 1
}

/// `$CIRCLECI_LS_SHARED`, else `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("CIRCLECI_LS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// `$CIRCLECI_LS_CORPUS`, else the shared folder's `corpus`.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("CIRCLECI_LS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_dir().join("corpus"))
}

/// `$CIRCLECI_LS_SCHEMA`, else the shared folder's `schema/circleciconfig.json`.
pub fn schema_path() -> PathBuf {
    std::env::var_os("CIRCLECI_LS_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_dir().join("schema/circleciconfig.json"))
}

/// Every `.yml`/`.yaml` config of the corpus, sorted by name. Panics when the corpus is
/// missing or empty.
pub fn corpus() -> Vec<CorpusFile> {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        missing(&format!("the corpus folder {}", dir.display()))
    };
    let not_parsing = not_parsing(&dir);
    let mut files = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if !path.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => panic!("cannot read corpus file {}: {e}", path.display()),
        };
        let parses = !not_parsing.contains(&name);
        files.push(CorpusFile { name, text, parses });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    if files.is_empty() {
        missing(&format!("configs in {}", dir.display()));
    }
    files
}

/// The CircleCI JSON schema's text; missing like [`corpus`].
pub fn schema() -> String {
    let path = schema_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) => missing(&format!("the schema {}", path.display())),
    }
}

/// File names `SOURCES.tsv` marks as not parsing with a strict YAML loader.
fn not_parsing(dir: &Path) -> Vec<String> {
    let Ok(tsv) = std::fs::read_to_string(dir.join("SOURCES.tsv")) else {
        return Vec::new();
    };
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let Some(col) = header.iter().position(|h| *h == "parses") else {
        return Vec::new();
    };
    lines
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let name = cells.first()?;
            (cells.get(col) == Some(&"no")).then(|| name.to_string())
        })
        .collect()
}

fn missing(what: &str) -> ! {
    panic!(
        "{what} is missing. This suite needs the shared test data beside the repository \
         (../shared: corpus, schema, orbs-minors) or CIRCLECI_LS_SHARED pointing at it; \
         `cargo test` alone does not need it"
    );
}
