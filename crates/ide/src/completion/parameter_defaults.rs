//! `default:` of a parameter declaration completes the values its type allows: `true` and
//! `false` for a boolean, the listed values for an enum.

use super::{CompletionItem, CompletionKind};
use crate::cursor::{CursorContext, Slot};
use crate::FeatureContext;
use analysis::model::index::{param_info, ParamType};
use knowledge::schema::{maps_of, NameKind, Other, Ty};
use syntax::yaml::PathSegment;

pub fn complete(ctx: &FeatureContext<'_>, cursor: &CursorContext) -> Vec<CompletionItem> {
    let Slot::Value { key } = &cursor.slot else {
        return Vec::new();
    };
    if key != "default" || !declares_parameter(&cursor.path) {
        return Vec::new();
    }
    let Some(declaration) = ctx.best_root().and_then(|root| cursor.node_in(root)) else {
        return Vec::new();
    };
    let values: Vec<String> = match param_info(Some(declaration)).ty {
        ParamType::Boolean => vec!["true".to_string(), "false".to_string()],
        ParamType::Enum(values) => values,
        _ => Vec::new(),
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let mut item = CompletionItem::new(v, CompletionKind::Value, cursor.replace)
                .detail("a value the parameter's type allows");
            item.sort_text = Some(format!("0{i:03}"));
            item
        })
        .collect()
}

/// Whether `path` ends at a parameter declaration: a name in a mapping of parameter
/// declarations, as the knowledge table says; where the table gives no type (declarations
/// parked under a free key for an anchor), under a key the table names a parameters key.
fn declares_parameter(path: &[PathSegment]) -> bool {
    let Some((_, parent)) = path.split_last() else {
        return false;
    };
    match knowledge::type_at(parent) {
        Some(Ty::Any) | None => matches!(
            parent.last(),
            Some(PathSegment::Key(k)) if knowledge::parameter_key_names().contains(&k.as_str())
        ),
        Some(ty) => maps_of(&ty).iter().any(
            |m| matches!(m.other, Other::Names(n) if n.kind == NameKind::ParameterDeclaration),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Fixture;

    fn labels(fixture: &str) -> Vec<String> {
        let fixture = Fixture::new(fixture);
        let cursor = CursorContext::at(&fixture.text, fixture.offset);
        complete(&fixture.ctx(), &cursor)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn boolean_and_enum_defaults() {
        assert_eq!(
            labels("version: 2.1\ncommands:\n  c:\n    parameters:\n      flag:\n        type: boolean\n        default: $0\n    steps: [checkout]\n"),
            ["true", "false"]
        );
        assert_eq!(
            labels("version: 2.1\nparameters:\n  env:\n    type: enum\n    enum: [dev, prod]\n    default: d$0\n"),
            ["dev", "prod"]
        );
        assert!(
            labels("version: 2.1\nparameters:\n  n:\n    type: string\n    default: $0\n")
                .is_empty()
        );
        // Declarations parked under a free key for an anchor.
        assert_eq!(
            labels("aliases:\n  - &job\n    parameters:\n      edge:\n        type: boolean\n        default: $0\n"),
            ["true", "false"]
        );
    }

    #[test]
    fn type_comes_first_in_a_new_parameter() {
        let fixture = Fixture::new("version: 2.1\nparameters:\n  env:\n    $0\n");
        let cursor = CursorContext::at(&fixture.text, fixture.offset);
        let mut items = crate::completion::keys::complete(&fixture.ctx(), &cursor);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        assert_eq!(items.first().map(|i| i.label.as_str()), Some("type"));
    }
}
