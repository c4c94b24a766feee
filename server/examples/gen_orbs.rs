//! Writes data/orbs.json from packed orb sources (default: ../shared/orbs-minors, the newest
//! patch of every minor of every major).
//!
//! `cargo run --example gen_orbs [SOURCES_DIR]`; scripts/gen-orbs.sh wraps it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let sources = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/orbs-minors"));
    let out = root.join("crates/analysis/data/orbs.json");
    match circleci_ls::disk::orb_folders::generate(&sources) {
        Ok(data) => match circleci_ls::disk::write::replace(
            &out,
            &data,
            circleci_ls::disk::write::Expect::Anything,
        ) {
            Ok(()) => {
                eprintln!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot write {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("cannot read the orb sources in {}: {e}", sources.display());
            ExitCode::FAILURE
        }
    }
}
