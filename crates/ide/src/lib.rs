//! Editor features. Each returns plain Rust types with byte spans; `protocol` converts them.

pub mod code_actions;
pub mod completion;
pub mod cursor;
pub mod fix_all;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
#[cfg(any(test, feature = "test-support"))]
pub mod invariants;
pub mod links;
pub mod navigation;
pub mod orb_source;
pub(crate) mod outline_config;
pub mod selection;
pub mod semantic_tokens;
pub mod symbols;

#[cfg(test)]
mod inline_orb_navigation_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

use analysis::Analysis;

/// What a request handler hands a feature: the current analysis, and the last one that parsed
/// without errors (its spans refer to its own text, not the current one).
pub struct FeatureContext<'a> {
    pub analysis: &'a Analysis,
    pub last_good: Option<&'a Analysis>,
    pub offset: usize,
}

impl FeatureContext<'_> {
    pub fn text(&self) -> &str {
        &self.analysis.text
    }

    /// The tree to read names and definitions from: the current one when it parsed, else the
    /// last good one, else whatever part of the current one was parsed.
    pub fn best_root(&self) -> Option<&syntax::yaml::Node> {
        if self.analysis.yaml.is_complete() {
            return self.analysis.root();
        }
        self.last_good
            .and_then(|a| a.root())
            .or_else(|| self.analysis.root())
    }
}
