//! Image values checked offline: malformed digests of Docker images and macOS Xcode versions
//! outside the compiled-in list.

use crate::diagnostics::Finding;
use crate::knowledge::schema::is_template;
use crate::knowledge::table::XCODE_VERSIONS;
use crate::yaml::{Node, NodeKind};

use super::rules::INVALID_VALUE;

/// Nesting deeper than this is not walked.
const MAX_DEPTH: usize = 64;

pub fn check(root: &Node, findings: &mut Vec<Finding>) {
    docker_lists(root, findings, 0);
}

/// Every `docker:` list of images, however nested (jobs, executors, inline orbs).
fn docker_lists(node: &Node, findings: &mut Vec<Finding>, depth: usize) {
    if depth > MAX_DEPTH || !node.is_written_here() {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in m.own_entries() {
                if let (Some("docker"), Some(items)) = (e.key.as_str(), e.value.as_sequence()) {
                    for item in &items.items {
                        if let Some(image) = item.get("image").filter(|i| i.is_written_here()) {
                            digest(image, findings);
                        }
                    }
                }
                docker_lists(&e.value, findings, depth + 1);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &s.items {
                docker_lists(item, findings, depth + 1);
            }
        }
        _ => {}
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
            format!("Malformed image digest: {problem}."),
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
}
