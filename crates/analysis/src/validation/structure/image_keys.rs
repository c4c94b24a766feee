//! `image` values: a scalar of another YAML type where an image reference belongs, and images
//! of the deprecated legacy `circleci/` namespace.

use crate::diagnostics::presentation::fit_title;
use crate::diagnostics::{Finding, FindingTag, Fix, TextEdit};
use knowledge::table;
use syntax::yaml::{Node, Span};

use super::super::rules::*;
use super::Checker;

impl<'a> Checker<'a, '_, '_> {
    /// `image` is typed as a string, but YAML reads `image: 42` or `image: true` as another
    /// scalar type, which CircleCI refuses.
    pub(super) fn image_reference(&mut self, node: &'a Node) {
        if node.as_scalar().is_none() || !node.is_written_here() {
            return;
        }
        let problem = if node.is_null() {
            "is empty"
        } else if node.is_number() || node.is_bool() {
            node.type_name()
        } else {
            return;
        };
        let message = if node.is_null() {
            "Give an image reference such as `cimg/base:2024.01`: `image` is empty.".to_string()
        } else {
            format!("Write an image reference such as `cimg/base:2024.01` (quote a name): this is {problem}.")
        };
        self.out
            .push(Finding::new(&INVALID_TYPE, node.span, message));
    }

    /// Images of the legacy `circleci/` namespace were deprecated at the end of 2021 in favour
    /// of the `cimg/` convenience images.
    pub(super) fn legacy_image(&mut self, node: &'a Node) {
        let Some(image) = node.as_str() else {
            return;
        };
        let Some(rest) = image.strip_prefix("circleci/") else {
            return;
        };
        let repo = rest.split([':', '@']).next().unwrap_or("");
        if !table::LEGACY_IMAGES.contains(&repo) {
            return;
        }
        let mut finding = Finding::new(
            &DEPRECATED,
            node.span,
            format!(
                "Use `cimg/{repo}` (pick a current tag): `circleci/{repo}` is a deprecated legacy image."
            ),
        )
        .with_tag(FindingTag::Deprecated);
        // Replace only the namespace so quotes and the rest of the reference stay as written.
        if let Some(at) = self
            .text
            .get(node.span.start..node.span.end)
            .and_then(|t| t.find("circleci/"))
        {
            let start = node.span.start + at;
            finding = finding.with_fix(Fix {
                title: fit_title(format!("Use cimg/{repo}"), "Use the cimg/ image"),
                edits: vec![TextEdit {
                    span: Span::new(start, start + "circleci/".len()),
                    new_text: "cimg/".to_string(),
                }],
                preferred: false,
            });
        }
        self.out.push(finding);
    }
}
