//! Parameter values the declared types rule out, beyond literal arguments: a parameter
//! passed on through `<< parameters.q >>` or `<< pipeline.parameters.q >>` whose type does
//! not fit, an argument key with no value, a matrix parameter that is not a list, an executor
//! argument mapping without `name`, a `when`/`unless` condition read from a parameter that is
//! not a boolean, and `steps: << parameters.x >>` with `x` not of type `steps`.

use super::index::{param_info, DefId, DefKind, ExecutorUse, Model, ParamType, Step};
use super::rules::INVALID_PARAMETER_VALUE;
use crate::diagnostics::presentation::fit_message;
use crate::diagnostics::{Finding, Severity};
use knowledge::schema::KeyRole;
use syntax::text::template::whole_parameter_template as whole_template;
use syntax::yaml::Node;

pub fn check(model: &Model<'_>, findings: &mut Vec<Finding>) {
    arguments(model, findings);
    for step in model.steps.iter().filter(|s| !s.copied) {
        let in_body = step
            .within
            .and_then(|d| model.def(d))
            .is_some_and(|d| !d.copied && matches!(d.kind, DefKind::Job | DefKind::Command));
        if in_body {
            step_values(model, step, findings);
        }
    }
    for (_, def) in model.defs_of(DefKind::Workflow, None) {
        if let (false, Some(m)) = (def.copied, def.node.and_then(Node::as_mapping)) {
            for key in ["when", "unless"] {
                if let Some(value) = m.get(key) {
                    condition(model, None, key, value, findings);
                }
            }
        }
    }
}

/// The declared type of the parameter a whole-value template reads, seen from `owner`.
fn template_type(
    model: &Model<'_>,
    owner: Option<DefId>,
    value: &Node,
) -> Option<(String, ParamType)> {
    let (pipeline, q) = whole_template(value.as_str()?)?;
    let param = if pipeline {
        model.lookup(DefKind::PipelineParameter, None, q)?
    } else {
        model.lookup(DefKind::Parameter, Some(owner?), q)?
    };
    let ty = param_info(model.def(param)?.node).ty;
    let written = if pipeline {
        format!("pipeline parameter `{q}`")
    } else {
        format!("parameter `{q}`")
    };
    Some((written, ty))
}

/// Whether a value of type `source` may be passed to a parameter of type `target`. Only
/// clear mismatches count: strings and enums are left alone where CircleCI may convert.
fn fits(source: &ParamType, target: &ParamType) -> bool {
    use ParamType::*;
    match (source, target) {
        (Unknown(_) | Unspecified, _) | (_, Unknown(_) | Unspecified) => true,
        (Enum(values), Enum(allowed)) => values.iter().all(|v| allowed.contains(v)),
        (String | Enum(_) | EnvVarName, String | Enum(_) | EnvVarName) => true,
        (Boolean | Integer, String) => true,
        (Boolean, Enum(allowed)) => ["true", "false"]
            .iter()
            .all(|b| allowed.iter().any(|a| a == b)),
        (Integer, Enum(_)) => true,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn arguments(model: &Model<'_>, findings: &mut Vec<Finding>) {
    for inv in model.invocations.iter().filter(|i| !i.copied) {
        for arg in &inv.passed.args {
            let Some(name) = arg.key.as_str() else {
                continue;
            };
            if !arg.value.is_written_here() {
                continue;
            }
            let Some(param) = model.lookup(DefKind::Parameter, Some(inv.target), name) else {
                continue;
            };
            let target_ty = param_info(model.def(param).and_then(|d| d.node)).ty;
            let value = &arg.value;
            if value.is_null() && value.tag.is_none() {
                findings.push(
                    Finding::new(
                        &INVALID_PARAMETER_VALUE,
                        arg.key.span,
                        fit_message(
                            format!("Give `{name}` a value or remove it to use the default: CircleCI passes null."),
                            "Give this argument a value or remove it to use the default: CircleCI passes null.",
                        ),
                    )
                    .with_severity(Severity::Warning),
                );
                continue;
            }
            let unnamed = value.as_mapping().is_some_and(|m| {
                ExecutorUse::read(value).is_none() && !m.keys().any(|k| k == "<<")
            });
            if target_ty == ParamType::Executor && unnamed {
                findings.push(Finding::new(
                    &INVALID_PARAMETER_VALUE,
                    value.span,
                    "Add `name:` here: an executor given as a mapping needs the executor's name.",
                ));
            }
            if let Some((source, source_ty)) = template_type(model, inv.owner, value) {
                if !fits(&source_ty, &target_ty) {
                    findings.push(Finding::new(
                        &INVALID_PARAMETER_VALUE,
                        value.span,
                        fit_message(
                            format!(
                                "Pass {} to `{name}`: {} is {}.",
                                target_ty.label(),
                                source,
                                source_ty.label()
                            ),
                            "Pass a value that fits: the receiving parameter does not take this parameter's type.",
                        ),
                    ));
                }
            }
        }
        for m in &inv.passed.matrix {
            let written_as_template = m.value.as_str().is_some_and(|v| v.contains("<<"));
            if m.value.as_sequence().is_none() && !written_as_template && m.value.is_written_here()
            {
                let name = m.key.as_str().unwrap_or("");
                findings.push(Finding::new(
                    &INVALID_PARAMETER_VALUE,
                    m.value.span,
                    fit_message(
                        format!(
                            "Write `{name}: [{}]`: a matrix parameter takes a list of values.",
                            m.value.span.text(model.text).trim()
                        ),
                        "Write the value in `[ ]`: a matrix parameter takes a list of values.",
                    ),
                ));
            }
        }
    }
}

/// A step's values a parameter's type decides: the `condition` of a `when`/`unless` step, and
/// `- steps: << parameters.x >>`, whose parameter must be of type `steps`.
fn step_values(model: &Model<'_>, step: &Step<'_>, findings: &mut Vec<Finding>) {
    let Some(args) = step.args.filter(|a| a.is_written_here()) else {
        return;
    };
    let owner = step.within;
    if let Some(condition_value) = args.get("condition").filter(|c| c.is_written_here()) {
        condition(model, owner, "condition", condition_value, findings);
    }
    let splices =
        knowledge::builtin_step(step.name).is_some_and(|k| matches!(k.role, KeyRole::Steps(_)));
    if !splices {
        return;
    }
    let Some((source, ty)) = template_type(model, owner, args) else {
        return;
    };
    if !matches!(
        ty,
        ParamType::Steps | ParamType::Unknown(_) | ParamType::Unspecified
    ) {
        findings.push(Finding::new(
            &INVALID_PARAMETER_VALUE,
            args.span,
            fit_message(
                format!(
                    "Declare {source} with `type: steps`: `steps` takes steps, and it is {}.",
                    ty.label()
                ),
                "Declare this parameter with `type: steps`: `steps` takes a list of steps.",
            ),
        ));
    }
}

/// A condition read straight from a parameter of another type than boolean is true unless the
/// value is empty, `0` or null. Orbs use that on purpose ("when a tag is given"), so it is a
/// hint.
fn condition(
    model: &Model<'_>,
    owner: Option<DefId>,
    key: &str,
    value: &Node,
    findings: &mut Vec<Finding>,
) {
    let Some((source, ty)) = template_type(model, owner, value) else {
        return;
    };
    if matches!(
        ty,
        ParamType::Boolean | ParamType::Unknown(_) | ParamType::Unspecified
    ) {
        return;
    }
    findings.push(
        Finding::new(
            &INVALID_PARAMETER_VALUE,
            value.span,
            fit_message(
                format!(
                    "Use a boolean or `equal` if not meant: this `{key}` reads {source} ({}), true unless empty.",
                    ty.label()
                ),
                "Use a boolean or `equal`: this condition reads a parameter that is not one, true unless empty.",
            ),
        )
        .with_severity(Severity::Hint),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_templates() {
        assert_eq!(whole_template("<< parameters.x >>"), Some((false, "x")));
        assert_eq!(
            whole_template(" <<pipeline.parameters.run-it>> "),
            Some((true, "run-it"))
        );
        assert_eq!(whole_template("v<< parameters.x >>"), None);
        assert_eq!(whole_template("<< pipeline.git.branch >>"), None);
    }

    #[test]
    fn type_fits() {
        use ParamType::*;
        assert!(fits(&Boolean, &Boolean));
        assert!(fits(&Boolean, &String));
        assert!(!fits(&String, &Boolean));
        assert!(!fits(&Integer, &Boolean));
        assert!(!fits(&Steps, &Executor));
        assert!(fits(
            &Enum(vec!["a".into()]),
            &Enum(vec!["a".into(), "b".into()])
        ));
        assert!(!fits(&Enum(vec!["c".into()]), &Enum(vec!["a".into()])));
    }
}
