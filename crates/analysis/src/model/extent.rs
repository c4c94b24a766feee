//! How much of the config a check may trust: rules about absence stay quiet on a tree a
//! syntax error cut short.

use syntax::yaml::ParsedYaml;

/// How much of the config the model saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The YAML parsed to the end.
    Whole,
    /// A syntax error cut the tree short: definitions and references after it are missing.
    CutShort,
}

impl Extent {
    pub fn of(parsed: &ParsedYaml) -> Extent {
        if parsed.is_complete() {
            Extent::Whole
        } else {
            Extent::CutShort
        }
    }
}
