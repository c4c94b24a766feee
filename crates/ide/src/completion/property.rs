//! The property completion holds wherever a user edits: with the cursor at the start, inside
//! or at the end of a built-in key or a reference that is already written, completion offers
//! that very token, replacing all of it, and inserts no second `: ` where the colon is there.
//! The unit tests check it on fixtures of each completion context; the ecosystem suite on
//! every real config of ../shared/corpus.

use std::collections::BTreeMap;

use analysis::model::index::{RefKind, Reference, Target};
use analysis::Analysis;
use knowledge::schema::{child_of, item_of, maps_of, Ty};
use syntax::yaml::{Node, NodeKind, Span};

use crate::FeatureContext;

/// A written token completion must offer again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What is written there, exactly.
    pub span: Span,
    /// The label completion must offer: the written text.
    pub label: String,
    /// What the token is: `key`, or the reference's kind.
    pub what: &'static str,
}

/// A written token the property does not hold for, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exempt {
    pub span: Span,
    pub reason: &'static str,
}

/// The built-in keys and references of `analysis`'s config, each written token once, and the
/// ones exempt with their reason.
pub fn tokens(analysis: &Analysis) -> (Vec<Token>, Vec<Exempt>) {
    let mut found = BTreeMap::new();
    let mut exempt = Vec::new();
    if let Some(root) = analysis.root() {
        built_in_keys(
            &analysis.text,
            root,
            knowledge::config_ty(),
            &mut found,
            &mut exempt,
        );
    }
    let model = analysis.model();
    for r in &model.refs {
        match reference_token(&analysis.text, &model.refs, r) {
            Ok(token) => {
                found.entry(token.span.start).or_insert(token);
            }
            Err(reason) => exempt.push(Exempt {
                span: r.span,
                reason,
            }),
        }
    }
    // A span exempt for one reason but tested as another token (a copied reference at the
    // place its text is written) is tested.
    exempt.retain(|e| !found.values().any(|t| t.span == e.span));
    exempt.sort_by_key(|e| (e.span.start, e.reason));
    exempt.dedup();
    (found.into_values().collect(), exempt)
}

/// Keys the knowledge table lists at the place they are written.
fn built_in_keys(
    text: &str,
    node: &Node,
    ty: &Ty,
    found: &mut BTreeMap<usize, Token>,
    exempt: &mut Vec<Exempt>,
) {
    // A copy brought in through an alias is walked where it is written.
    if node.via_alias.is_some() || matches!(ty, Ty::Any) {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(m) => {
            let maps = maps_of(ty);
            for e in m.entries.iter().filter(|e| e.merged_from.is_none()) {
                let Some(name) = e.key.as_str() else {
                    continue;
                };
                if maps.iter().any(|m| m.key(name).is_some()) {
                    if e.key.span.text(text) == name {
                        found.entry(e.key.span.start).or_insert(Token {
                            span: e.key.span,
                            label: name.to_string(),
                            what: "key",
                        });
                    } else {
                        exempt.push(Exempt {
                            span: e.key.span,
                            reason: "a quoted key: completion replaces words, not quoted text",
                        });
                    }
                }
                if let Some((child, _)) = child_of(ty, name) {
                    built_in_keys(text, &e.value, &child, found, exempt);
                }
            }
        }
        NodeKind::Sequence(s) => {
            if let Some(item) = item_of(ty) {
                for i in s.items.iter() {
                    built_in_keys(text, i, &item, found, exempt);
                }
            }
        }
        _ => {}
    }
}

/// The token of reference `r`, or why it is exempt.
fn reference_token(text: &str, refs: &[Reference], r: &Reference) -> Result<Token, &'static str> {
    if r.kind == RefKind::Requires && r.target == Target::Undefined {
        return Err("a `requires` naming no entry of its workflow: CircleCI rejects it, a finding says so, and no entry's name is right there");
    }
    if r.kind == RefKind::Job && r.target == Target::Implicit {
        return Err("an approval (or other non-build) entry: its name is defined there");
    }
    let span = match r.kind {
        // The orb part of `orb/member`: completion offers the whole member name.
        RefKind::Orb => refs
            .iter()
            .find(|m| m.kind != RefKind::Orb && m.full_span.start == r.span.start)
            .map(|m| m.full_span)
            .ok_or("an orb named inside a template: the member name is not written")?,
        _ => r.full_span,
    };
    let label = text.get(span.start..span.end).unwrap_or("");
    if label.is_empty() || label.contains("<<") {
        return Err("a name built from a template: there is no one name to offer");
    }
    Ok(Token {
        span,
        label: label.to_string(),
        what: kind_word(r.kind),
    })
}

fn kind_word(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Job => "job",
        RefKind::Command => "command",
        RefKind::Executor => "executor",
        RefKind::Orb => "orb member",
        RefKind::Requires => "requires",
        RefKind::Parameter => "parameter",
        RefKind::PipelineParameter => "pipeline parameter",
        RefKind::PipelineValue => "pipeline value",
        RefKind::Matrix => "matrix parameter",
        RefKind::Argument => "argument",
        RefKind::Anchor => "anchor",
        RefKind::Context => "context",
    }
}

/// The offsets the property is checked at: the token's start, two characters in (one for a
/// short token), and its end.
pub fn offsets(token: &Token) -> Vec<usize> {
    let Span { start, end } = token.span;
    let mut at = vec![start];
    let mut inside = (start + 2).min(end.saturating_sub(1)).max(start + 1);
    let label = token.label.as_str();
    while inside < end && !label.is_char_boundary(inside - start) {
        inside += 1;
    }
    if inside < end {
        at.push(inside);
    }
    at.push(end);
    at
}

/// Checks the property for `token` with the cursor at `offset`: `Err` says what completion
/// offered instead.
pub fn check(analysis: &Analysis, token: &Token, offset: usize) -> Result<(), String> {
    let ctx = FeatureContext {
        analysis,
        last_good: Some(analysis),
        offset,
    };
    let items = super::complete(&ctx);
    let text = &analysis.text;
    let colon_after = text
        .get(token.span.end..)
        .is_some_and(|t| t.starts_with(':'));
    let same: Vec<_> = items.iter().filter(|i| i.label == token.label).collect();
    let Some(item) = same.first() else {
        let labels: Vec<&str> = items.iter().take(8).map(|i| i.label.as_str()).collect();
        return Err(format!("not offered ({} items: {labels:?})", items.len()));
    };
    if item.replace != token.span {
        return Err(format!(
            "replaces {:?} instead",
            text.get(item.replace.start..item.replace.end)
                .unwrap_or("?")
        ));
    }
    if colon_after && (item.insert_text != token.label || item.is_snippet) {
        return Err(format!(
            "inserts {:?} before the colon that is there",
            item.insert_text
        ));
    }
    Ok(())
}
