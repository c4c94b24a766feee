use crate::features::completion::CompletionItem;
use crate::features::cursor::CursorContext;
use crate::features::FeatureContext;

pub fn complete(_ctx: &FeatureContext<'_>, _cursor: &CursorContext) -> Vec<CompletionItem> {
    Vec::new()
}
