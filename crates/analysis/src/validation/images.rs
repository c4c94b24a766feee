//! Image values checked offline: malformed digests of Docker images and macOS Xcode versions
//! outside the compiled-in list.

use std::collections::HashSet;

use crate::diagnostics::Finding;
use crate::model::{DefKind, Model};
use knowledge::schema::is_template;
use knowledge::table::XCODE_VERSIONS;
use syntax::yaml::Node;

use super::rules::INVALID_VALUE;

/// The images of every job and executor the model knows (inline orbs' too). An image copied
/// in through an alias is judged once, at the place it is written.
pub fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    let images = model
        .defs
        .iter()
        .filter(|d| matches!(d.kind, DefKind::Job | DefKind::Executor))
        .filter_map(|d| d.node?.get("docker")?.as_sequence())
        .flat_map(|list| &list.items)
        .filter_map(|item| item.get("image"));
    for image in images {
        if seen.insert(image.span) {
            digest(image, findings);
        }
    }
}

/// A digest is `algorithm:hex`; Docker refuses to pull anything else, and `sha256` takes
/// exactly 64 lowercase hex digits (OCI image spec, "Digests").
fn digest(image: &Node, findings: &mut Vec<Finding>) {
    let Some(value) = image.as_str() else {
        return;
    };
    if is_template(value) || value.contains('$') {
        return;
    }
    let Some((_, digest)) = value.split_once('@') else {
        return;
    };
    if let Some(problem) = digest_problem(digest) {
        findings.push(Finding::new(
            &INVALID_VALUE,
            image.span,
            format!("Fix the image digest: {problem}."),
        ));
    }
}

fn digest_problem(digest: &str) -> Option<&'static str> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Some("it needs an algorithm, as in `sha256:<64 hex digits>`");
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c));
    if !algorithm_ok {
        return Some("the algorithm is not a lowercase name such as `sha256`");
    }
    match algorithm {
        "sha256" if hex.len() != 64 => Some("a `sha256` digest has 64 hex digits"),
        "sha512" if hex.len() != 128 => Some("a `sha512` digest has 128 hex digits"),
        "sha256" | "sha512"
            if !hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) =>
        {
            Some("it may only have the hex digits `0-9` and `a-f`")
        }
        _ if hex.is_empty() => Some("the part after `:` is empty"),
        _ => None,
    }
}

/// Why an Xcode version is not one CircleCI offers, or `None` when it is (or may be: newer
/// than the compiled-in list, or a template).
pub fn unknown_xcode(value: &str) -> Option<String> {
    if is_template(value) || value.contains('$') {
        return None;
    }
    // YAML reads `xcode: 15.4` as a number; CircleCI means `15.4.0`.
    let full = if value.matches('.').count() == 1 {
        format!("{value}.0")
    } else {
        value.to_string()
    };
    if XCODE_VERSIONS.iter().any(|(v, _)| *v == full) {
        return None;
    }
    let major = |v: &str| v.split('.').next().and_then(|m| m.parse::<u32>().ok());
    let newest = XCODE_VERSIONS
        .first()
        .and_then(|(v, _)| major(v))
        .unwrap_or(0);
    if major(&full).is_some_and(|m| m > newest) {
        return None;
    }
    let newest = XCODE_VERSIONS.first().map_or("", |(v, _)| *v);
    Some(format!(
        "No CircleCI macOS image has it; the newest known is `{newest}`."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests() {
        let hex = "a".repeat(64);
        assert_eq!(digest_problem(&format!("sha256:{hex}")), None);
        assert!(digest_problem("sha256:abc").is_some());
        assert!(digest_problem(&hex).is_some());
        assert!(digest_problem(&format!("SHA256:{hex}")).is_some());
        assert!(digest_problem(&format!("sha256:{}", "g".repeat(64))).is_some());
        assert_eq!(digest_problem("blake3:abcd"), None);
    }

    #[test]
    fn xcode_versions() {
        assert_eq!(unknown_xcode("16.2.0"), None);
        assert_eq!(unknown_xcode("15.4"), None);
        assert_eq!(unknown_xcode("99.0.0"), None, "newer than the list");
        assert_eq!(unknown_xcode("<< parameters.xcode >>"), None);
        assert!(unknown_xcode("12.5.1").is_some());
        assert!(unknown_xcode("16.9.0").is_some());
    }

    /// An image anchored once and used by two jobs is reported once, where it is written.
    #[test]
    fn images_copied_through_aliases_are_judged_once() {
        let text = "version: 2.1\nreferences:\n  image: &image\n    - image: cimg/base@sha256:abc\njobs:\n  one:\n    docker: *image\n    steps: [checkout]\n  two:\n    docker: *image\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [one, two]\n";
        let analysis = crate::analyze(
            std::sync::Arc::from(text),
            &crate::settings::Settings::default(),
        );
        let digests: Vec<&str> = analysis
            .findings
            .iter()
            .filter(|f| f.message.starts_with("Fix the image digest"))
            .map(|f| f.span.text(text))
            .collect();
        assert_eq!(digests, ["cimg/base@sha256:abc"]);
    }
}
