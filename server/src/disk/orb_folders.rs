//! User orb folders (`--orb-dir`, `orbDirs`, `orb-dirs`): packed orbs laid out as
//! `NAMESPACE/NAME/VERSION.yml`, as `circleci orb source` writes them. Read here for the
//! workspace, and by `gen_orbs` to write the compiled-in data file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::orbs::generate::{self, Descriptions};
use analysis::orbs::resolve::Version;
use analysis::orbs::user::OrbReleaseText;
use analysis::workspace::Change;
use analysis::FilePath;

use super::{read, read_text, Cap};

/// A packed orb larger than this is not read.
const CAP: Cap = Cap {
    bytes: 16 * 1024 * 1024,
    too_large: "larger than 16 MB; not read",
};

/// Every packed orb file under `dir`, as (`namespace/name`, version, path), sorted by orb
/// and then newest version first.
pub fn list_orb_files(dir: &Path) -> Vec<(String, String, PathBuf)> {
    list(dir).0
}

/// The packed orb files under `dir`, with the folders that could not be listed.
fn list(dir: &Path) -> (Vec<(String, String, PathBuf)>, Vec<String>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for ns in subdirs(dir, &mut problems) {
        let Some(ns_name) = file_name(&ns) else {
            continue;
        };
        // `LICENSES/` and other folders without orb folders below them are skipped.
        for orb in subdirs(&ns, &mut problems) {
            let Some(orb_name) = file_name(&orb) else {
                continue;
            };
            for (version, path) in versions(&orb, &mut problems) {
                found.push((format!("{ns_name}/{orb_name}"), version, path));
            }
        }
    }
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| Version::parse(&b.1).cmp(&Version::parse(&a.1)))
    });
    (found, problems)
}

/// The entries of a folder, or none with a problem said.
fn entries(dir: &Path, problems: &mut Vec<String>) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            problems.push(format!("{}: {}", dir.display(), read::problem(&e)));
            Vec::new()
        }
    }
}

fn subdirs(dir: &Path, problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = entries(dir, problems)
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
}

/// The `VERSION.yml` files of one orb's folder.
fn versions(orb: &Path, problems: &mut Vec<String>) -> Vec<(String, PathBuf)> {
    entries(orb, problems)
        .into_iter()
        .filter_map(|path| {
            let name = file_name(&path)?;
            let version = name
                .strip_suffix(".yml")
                .or_else(|| name.strip_suffix(".yaml"))?;
            Version::parse(version)?;
            Some((version.to_string(), path))
        })
        .collect()
}

/// The packed orbs of `dir` as texts, with the files that could not be read; `None` when
/// `dir` is not a directory.
pub fn read(dir: &Path) -> (Option<Vec<OrbReleaseText>>, Vec<String>) {
    if !dir.is_dir() {
        return (None, Vec::new());
    }
    let mut releases = Vec::new();
    let (files, mut problems) = list(dir);
    for (orb, version, path) in files {
        match read_text(&path, CAP) {
            Ok(text) => releases.push(OrbReleaseText {
                orb,
                version,
                text: Arc::from(text),
            }),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    (Some(releases), problems)
}

/// The change that gives the workspace the folders `dirs` (as `orb_dirs_wanted` names them),
/// and the files in them that could not be read.
pub fn read_wanted(dirs: &[FilePath]) -> (Change, Vec<String>) {
    let mut change = Change::new();
    let mut problems = Vec::new();
    for dir in dirs {
        let (texts, mut p) = read(&super::std_path(dir));
        problems.append(&mut p);
        change.set_orb_folder(dir.clone(), texts);
    }
    (change, problems)
}

/// The date the sources' README gives for the newest tagged commit used.
fn sources_date(dir: &Path) -> Result<String, String> {
    let cap = Cap {
        bytes: 1024 * 1024,
        too_large: "larger than 1 MB; not a README",
    };
    let readme = read_text(&dir.join("README.md"), cap)
        .map_err(|e| format!("{}: {e}", dir.join("README.md").display()))?;
    let re = regex::Regex::new(r"newest tagged commit used is from\s+(\d{4}-\d{2}-\d{2})")
        .map_err(|e| e.to_string())?;
    re.captures(&readme)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .ok_or_else(|| "README.md does not say the date of the newest source".to_string())
}

/// The compiled-in data file for the packed orbs in `dir` (descriptions dropped: they are
/// the orb authors' prose).
pub fn generate(dir: &Path) -> Result<String, String> {
    let date = sources_date(dir)?;
    let (texts, problems) = read(dir);
    if let Some(p) = problems.first() {
        return Err(p.clone());
    }
    let mut releases = Vec::new();
    for t in texts.unwrap_or_default() {
        releases.push(generate::read_release(
            &t.orb,
            &t.version,
            &t.text,
            Descriptions::Drop,
        )?);
    }
    if releases.is_empty() {
        return Err(format!("no packed orbs under {}", dir.display()));
    }
    generate::data_file(&date, &releases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_packed_orbs_by_version_and_a_missing_one_is_none() {
        let dir = std::env::temp_dir().join(format!("circleci-ls-orb-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let orb = dir.join("acme").join("tools");
        std::fs::create_dir_all(&orb).expect("folders");
        std::fs::create_dir_all(dir.join("LICENSES")).expect("folders");
        for v in ["1.2.0", "1.10.0", "notes"] {
            std::fs::write(orb.join(format!("{v}.yml")), "version: 2.1\n").expect("write");
        }
        let (texts, problems) = read(&dir);
        assert!(problems.is_empty(), "{problems:?}");
        let versions: Vec<String> = texts
            .unwrap_or_default()
            .into_iter()
            .map(|t| format!("{}@{}", t.orb, t.version))
            .collect();
        assert_eq!(versions, ["acme/tools@1.10.0", "acme/tools@1.2.0"]);
        assert!(read(&dir.join("missing")).0.is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
