//! The pipeline parameters a continuation config declares, and whether a value a setup
//! config passes (a JSON value of `parameters`, a mapping line's value) fits one.

use serde_json::Value;

use crate::model::index::{DefKind, Model};
use syntax::yaml::{Node, Span};

/// A pipeline parameter declared under the top-level `parameters:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    pub name: String,
    pub name_span: Span,
    /// `string`, `boolean`, `integer`, `enum`; `None` when not written.
    pub ty: Option<String>,
    /// An enum's values.
    pub values: Vec<String>,
    pub has_default: bool,
}

/// Every pipeline parameter `model` declares.
pub fn declared(model: &Model<'_>) -> Vec<Declared> {
    model
        .defs_of(DefKind::PipelineParameter, None)
        .filter(|(_, d)| !d.copied)
        .map(|(_, d)| {
            let body = d.node;
            let ty = body
                .and_then(|b| b.get("type"))
                .and_then(Node::as_str)
                .map(str::to_string);
            let values = crate::model::index::enum_values(body.and_then(|b| b.get("enum")));
            Declared {
                name: d.name.clone(),
                name_span: d.name_span,
                ty,
                values,
                has_default: body.and_then(|b| b.get("default")).is_some(),
            }
        })
        .collect()
}

/// The JSON kind of a value, as words a message can use.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Null => "null",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Why `value` does not fit `declared`, or `None` when it does (or the type is unknown).
pub fn mismatch(declared: &Declared, value: &Value) -> Option<String> {
    let fits = match declared.ty.as_deref()? {
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "string" => value.is_string(),
        "enum" => {
            let Some(s) = value.as_str() else {
                return Some(format!(
                    "`{}` is an enum of {}; {} is not one of them",
                    declared.name,
                    listed(&declared.values),
                    kind_of(value)
                ));
            };
            if declared.values.iter().any(|v| v == s) {
                return None;
            }
            return Some(format!(
                "`{}` is an enum of {}; `{s}` is not one of them",
                declared.name,
                listed(&declared.values)
            ));
        }
        _ => return None,
    };
    (!fits).then(|| {
        format!(
            "`{}` is declared `type: {}`; the value is {}",
            declared.name,
            declared.ty.as_deref().unwrap_or(""),
            kind_of(value)
        )
    })
}

fn listed(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().take(6).map(|v| format!("`{v}`")).collect();
    let more = if values.len() > 6 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decl(ty: &str, values: &[&str]) -> Declared {
        Declared {
            name: "p".into(),
            name_span: Span::empty(0),
            ty: Some(ty.into()),
            values: values.iter().map(|v| v.to_string()).collect(),
            has_default: false,
        }
    }

    #[test]
    fn json_values_against_declared_types() {
        assert_eq!(mismatch(&decl("boolean", &[]), &json!(true)), None);
        assert!(mismatch(&decl("boolean", &[]), &json!("true"))
            .is_some_and(|m| m.contains("type: boolean") && m.contains("a string")));
        assert_eq!(mismatch(&decl("integer", &[]), &json!(3)), None);
        assert!(mismatch(&decl("integer", &[]), &json!(3.5)).is_some());
        assert_eq!(mismatch(&decl("string", &[]), &json!("x")), None);
        assert!(mismatch(&decl("string", &[]), &json!(false)).is_some());
        assert_eq!(mismatch(&decl("enum", &["a", "b"]), &json!("a")), None);
        assert!(mismatch(&decl("enum", &["a", "b"]), &json!("c"))
            .is_some_and(|m| m.contains("`c` is not one of them")));
        assert_eq!(mismatch(&decl("steps", &[]), &json!(1)), None);
    }
}
