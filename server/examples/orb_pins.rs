//! Prints how the registry orb pins of a folder of configs (default: ../shared/corpus) resolve
//! against the compiled-in orb data: each pin with its fit, then the counts.
//!
//! `cargo run --example orb_pins [CONFIG_DIR]`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use analysis::orbs::data::Catalog;
use analysis::orbs::declared::declared_orbs;
use analysis::orbs::resolve::{pin_fit, PinFit};
use analysis::settings::Settings;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let files = match configs(&dir) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    let mut counts: BTreeMap<PinFit, usize> = BTreeMap::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {}", path.display());
            return ExitCode::FAILURE;
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for (fit, pin) in pins(&text) {
            println!("{}\t{}\t{pin}", fit.label(), name.as_deref().unwrap_or(""));
            *counts.entry(fit).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    let parts: Vec<String> = [
        PinFit::Exact,
        PinFit::SameMinor,
        PinFit::Partial,
        PinFit::Newer,
        PinFit::Unknown,
    ]
    .iter()
    .map(|f| format!("{} {}", f.label(), counts.get(f).copied().unwrap_or(0)))
    .collect();
    println!("{total} pins: {}", parts.join(", "));
    ExitCode::SUCCESS
}

/// The `.yml` files of `dir`, sorted.
fn configs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Each registry orb pin of a config with how it fares.
fn pins(text: &str) -> Vec<(PinFit, String)> {
    let analysis = analysis::analyze(Arc::from(text), &Settings::default());
    declared_orbs(analysis.model(), Catalog::compiled_in())
        .iter()
        .map(|d| (pin_fit(d.resolved.as_ref(), &d.version), d.reference()))
        .collect()
}
