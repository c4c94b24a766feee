use crate::features::hover::HoverResult;
use crate::features::FeatureContext;

pub fn hover(_ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    None
}
