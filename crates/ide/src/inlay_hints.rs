//! Inlay hints: after an orb pin that is not an exact release (`circleci/node@5`), the release
//! circleci-ls reads it as (`→ 5.3.0`) and where that release's data comes from (the orb data
//! compiled in, as of its date, or the user's orb folders). An exact pin needs no hint.

use std::sync::Arc;

use analysis::orbs::data::{Catalog, Release};
use analysis::orbs::declared::{self, DeclaredOrb};
use analysis::orbs::resolve::Fit;
use analysis::settings::InlayHintSettings;
use analysis::Analysis;
use syntax::yaml::Span;

/// A label shown at `offset`, with a longer explanation on hover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

/// The hints whose place lies in `range`.
pub fn inlay_hints(analysis: &Analysis, range: Span, options: InlayHintSettings) -> Vec<InlayHint> {
    if !options.orb_versions {
        return Vec::new();
    }
    let catalog = analysis.orbs.catalog();
    declared::declared_orbs(analysis.model(), catalog)
        .iter()
        .filter_map(|declared| orb_pin_hint(catalog, declared))
        .filter(|hint| range.touches(hint.offset))
        .collect()
}

/// `→ 5.3.0 (orb data 2026-07-01)` after `@5`; `None` for an exact pin or an orb the data
/// does not know.
fn orb_pin_hint(catalog: &Catalog, declared: &DeclaredOrb) -> Option<InlayHint> {
    let offset = declared.version_span?.end;
    let known = catalog.releases(&declared.orb);
    let newest = known.first()?;
    let written = declared.reference();
    let Some(resolved) = &declared.resolved else {
        return Some(InlayHint {
            offset,
            label: format!("→ not in {}", data_name(catalog, newest)),
            tooltip: format!(
                "No release of this major of {} is in {}, so what the config uses from it is not checked.",
                declared.orb,
                data_name(catalog, newest)
            ),
        });
    };
    if resolved.exact {
        return None;
    }
    let release = &resolved.release;
    let source = data_name(catalog, release);
    let newer = if resolved.fit == Fit::NewerThanKnown {
        " Newer releases may exist; what they add is not checked."
    } else {
        ""
    };
    // CircleCI runs an exact pin as written; an arrow would say it runs the stand-in.
    if is_exact_version(&declared.version) {
        return Some(InlayHint {
            offset,
            label: format!("checked as {} ({source})", release.version),
            tooltip: format!(
                "CircleCI runs {written}; {source} has no {}, so circleci-ls checks the config against {}@{}.{newer}",
                declared.version, release.orb, release.version
            ),
        });
    }
    Some(InlayHint {
        offset,
        label: format!("→ {} ({source})", release.version),
        tooltip: format!(
            "{written} is read as {}@{}, from {source}.{newer}",
            release.orb, release.version
        ),
    })
}

/// `1.2.3`: a whole release number, not a major or minor that CircleCI resolves.
fn is_exact_version(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Where a release's data comes from, in a few words.
fn data_name(catalog: &Catalog, release: &Arc<Release>) -> String {
    let compiled_in = Catalog::compiled_in()
        .releases(&release.orb)
        .iter()
        .any(|r| Arc::ptr_eq(r, release));
    if compiled_in {
        format!("orb data {}", catalog.date)
    } else {
        "your orb folders".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use analysis::test_support::analysis;

    fn hints(text: &str, options: InlayHintSettings) -> Vec<String> {
        let a = analysis(text);
        inlay_hints(&a, Span::new(0, text.len()), options)
            .into_iter()
            .map(|h| format!("{}|{} ({})", &text[..h.offset], h.label, h.tooltip))
            .map(|s| s.rsplit('\n').next().unwrap_or_default().to_string())
            .collect()
    }

    const ORBS: &str = "version: 2.1\norbs:\n  node: circleci/node@5\n  exact: circleci/node@7.2.1\n  minor: circleci/node@5.1\n  gone: circleci/node@99\n  private: acme/tools@1\n";

    /// An exact pin the data lacks is run as written; the hint says which release checks it.
    #[test]
    fn an_exact_pin_missing_from_the_data_says_what_checks_it() {
        let date = &Catalog::compiled_in().date;
        let five = newest("5.");
        let text = "version: 2.1\norbs:\n  node: circleci/node@5.0.999\n";
        assert_eq!(
            hints(text, InlayHintSettings::default()),
            vec![format!("  node: circleci/node@5.0.999|checked as {five} (orb data {date}) (CircleCI runs circleci/node@5.0.999; orb data {date} has no 5.0.999, so circleci-ls checks the config against circleci/node@{five}.)")]
        );
    }

    /// The newest compiled-in release of `circleci/node` whose version starts with `prefix`.
    fn newest(prefix: &str) -> String {
        let releases = Catalog::compiled_in().releases("circleci/node");
        releases
            .iter()
            .find(|r| r.version.starts_with(prefix))
            .map(|r| r.version.clone())
            .unwrap_or_default()
    }

    #[test]
    fn partial_and_missing_pins_show_the_release_they_are_read_as() {
        let date = &Catalog::compiled_in().date;
        let five = newest("5.");
        // Read as the newest release of 5.1 when the data has one, else of major 5.
        let minor = Some(newest("5.1."))
            .filter(|v| !v.is_empty())
            .unwrap_or(five.clone());
        assert!(five.starts_with("5."), "{five}");
        assert_eq!(
            hints(ORBS, InlayHintSettings::default()),
            vec![
                format!("  node: circleci/node@5|→ {five} (orb data {date}) (circleci/node@5 is read as circleci/node@{five}, from orb data {date}.)"),
                format!("  minor: circleci/node@5.1|→ {minor} (orb data {date}) (circleci/node@5.1 is read as circleci/node@{minor}, from orb data {date}.)"),
                format!("  gone: circleci/node@99|→ not in orb data {date} (No release of this major of circleci/node is in orb data {date}, so what the config uses from it is not checked.)"),
            ]
        );
    }

    #[test]
    fn a_release_from_an_orb_folder_says_so() {
        let files = crate::test_support::Files::new(
            "//- /orbs/acme/tools/1.2.0.yml orb\nversion: 2.1\ncommands:\n  hello:\n    steps: [checkout]\n//- /repo/circleci-ls.toml\norb-dirs = [\"../orbs\"]\n//- /repo/.git\n//- /repo/.circleci/config.yml open\nversion: 2.1\norbs:\n  tools: acme/tools@1\n",
        );
        let labels: Vec<String> = inlay_hints(
            &files.analysis,
            Span::new(0, files.text.len()),
            InlayHintSettings::default(),
        )
        .into_iter()
        .map(|h| h.label)
        .collect();
        assert_eq!(labels, ["→ 1.2.0 (your orb folders)"]);
    }

    #[test]
    fn the_setting_turns_them_off_and_the_range_limits_them() {
        assert!(hints(
            ORBS,
            InlayHintSettings {
                orb_versions: false
            }
        )
        .is_empty());
        let a = analysis(ORBS);
        let first_line = Span::new(0, ORBS.find("exact").unwrap_or_default());
        assert_eq!(
            inlay_hints(&a, first_line, InlayHintSettings::default()).len(),
            1
        );
    }
}
