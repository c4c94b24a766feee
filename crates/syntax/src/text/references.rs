//! References inside config strings that are filled in later: environment variables (`$VAR`,
//! `${VAR}`) expanded at run time, and `<< parameters.x >>` / `<< pipeline.parameters.x >>`
//! expanded when the config is processed.
//!
//! A value holding any reference is not a literal: the rules never call it a secret and never
//! guess which registry it names.

use super::span::Span;
use crate::text::forward_search::NextMatch;
use crate::text::template::{templates, Reach};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `$NAME` or `${NAME}`; `name` is `NAME`.
    EnvVar { name: String },
    /// `<< parameters.x >>`, `<< pipeline.parameters.x >>` or any other `<< … >>`; `expr` is the
    /// text between the brackets, trimmed.
    Parameter { expr: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Byte span inside the scanned string, `$`/`<<` and closing brackets included.
    pub span: Span,
    pub kind: ReferenceKind,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every reference in `s`, in order. `$$` is a literal dollar sign, not a reference.
pub fn find_references(s: &str) -> Vec<Reference> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut templates = templates(s, Reach::OneLine).into_iter().peekable();
    // Each `}` is searched for once, however many `${` stay unclosed.
    let mut braces = NextMatch::new(s, "}");
    let mut i = 0;
    while i < bytes.len() {
        // The next template, which ends the stretch scanned for variables.
        let limit = templates.peek().map_or(bytes.len(), |t| t.whole.start);
        // A `$` that also prefixes a parameter (`$<< parameters.var >>`) builds a variable
        // name from a parameter: the whole thing is one reference.
        let dollar_prefix = i + 1 == limit && bytes.get(i) == Some(&b'$');
        if i == limit || dollar_prefix {
            match templates.next() {
                Some(t) => {
                    let expr = s.get(t.inner).unwrap_or("").trim().to_string();
                    out.push(Reference {
                        span: Span::new(i, t.whole.end),
                        kind: ReferenceKind::Parameter { expr },
                    });
                    i = t.whole.end;
                }
                // A `$` at the very end, with no template after it.
                None => i += 1,
            }
            continue;
        }
        if bytes.get(i) != Some(&b'$') {
            // On to the next `$`, or to the template that ends this stretch.
            let stretch = bytes.get(i..limit).unwrap_or_default();
            i = memchr::memchr(b'$', stretch).map_or(limit, |p| i + p);
            continue;
        }
        match bytes.get(i + 1).filter(|_| i + 1 < limit) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                let Some(close) = braces.at_or_after(i + 2).filter(|&c| c < limit) else {
                    i += 1;
                    continue;
                };
                let inner = s.get(i + 2..close).unwrap_or("");
                // `${VAR:-default}` and similar shell forms still name `VAR` first.
                let name: String = inner
                    .bytes()
                    .take_while(|b| is_name_char(*b))
                    .map(char::from)
                    .collect();
                let end = close + 1;
                if name.as_bytes().first().is_some_and(|b| is_name_start(*b)) {
                    out.push(Reference {
                        span: Span::new(i, end),
                        kind: ReferenceKind::EnvVar { name },
                    });
                }
                i = end;
            }
            Some(b) if is_name_start(*b) => {
                let mut end = i + 1;
                while end < limit && bytes.get(end).is_some_and(|b| is_name_char(*b)) {
                    end += 1;
                }
                out.push(Reference {
                    span: Span::new(i, end),
                    kind: ReferenceKind::EnvVar {
                        name: s.get(i + 1..end).unwrap_or("").to_string(),
                    },
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// True when `s` contains a `$VAR`, `${VAR}` or `<< … >>` reference.
pub fn has_reference(s: &str) -> bool {
    // Most values have neither a `$` nor a `<<`: no need to scan them for references.
    (memchr::memchr(b'$', s.as_bytes()).is_some() || super::template::has_double_open(s))
        && !find_references(s).is_empty()
}

/// True when `s` is a value written out in the config: not empty, and no reference anywhere in
/// it (a partly templated value is treated as a reference, never as a secret).
pub fn is_literal(s: &str) -> bool {
    !s.trim().is_empty() && !has_reference(s)
}

/// The variable name when the whole of `s` is one `$VAR` or `${VAR}` reference.
pub fn whole_env_var(s: &str) -> Option<String> {
    if !s.starts_with('$') {
        return None;
    }
    let refs = find_references(s);
    match refs.as_slice() {
        [Reference {
            span,
            kind: ReferenceKind::EnvVar { name },
        }] if span.start == 0 && span.end == s.len() => Some(name.clone()),
        _ => None,
    }
}

/// `s` with every reference's bytes replaced by `x`, so that structural characters inside a
/// reference (`.`, `:`, `/`, spaces) do not count. Byte offsets are unchanged.
pub fn mask_references(s: &str, refs: &[Reference]) -> String {
    let mut bytes = s.as_bytes().to_vec();
    for r in refs {
        for b in bytes
            .get_mut(r.span.start..r.span.end)
            .into_iter()
            .flatten()
        {
            *b = b'x';
        }
    }
    // Masking whole references keeps every other byte, and references end on ASCII bytes, so
    // the result is valid UTF-8; fall back to the input otherwise.
    String::from_utf8(bytes).unwrap_or_else(|_| s.to_string())
}

/// True when `span` overlaps any reference.
pub fn overlaps_reference(refs: &[Reference], span: Span) -> bool {
    refs.iter().any(|r| {
        r.span.start < span.end && span.start < r.span.end
            || (span.is_empty() && r.span.start <= span.start && span.start < r.span.end)
    })
}

/// The name being typed after `$` or `${` at `offset`: its whole span in the text.
pub fn variable_at(text: &str, offset: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = offset.min(bytes.len());
    while start > 0 && bytes.get(start - 1).is_some_and(|b| is_name_byte(*b)) {
        start -= 1;
    }
    let dollar = matches!(
        (
            start.checked_sub(1).and_then(|i| bytes.get(i)),
            start.checked_sub(2).and_then(|i| bytes.get(i)),
        ),
        (Some(b'$'), _) | (Some(b'{'), Some(b'$'))
    );
    if !dollar {
        return None;
    }
    let mut end = offset.min(bytes.len());
    while bytes.get(end).is_some_and(|b| is_name_byte(*b)) {
        end += 1;
    }
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Vec<String> {
        find_references(s)
            .into_iter()
            .map(|r| {
                let kind = match r.kind {
                    ReferenceKind::EnvVar { name } => format!("env {name}"),
                    ReferenceKind::Parameter { expr } => format!("param {expr}"),
                };
                format!("{} {}", r.span, kind)
            })
            .collect()
    }

    #[test]
    fn finds_env_vars_and_parameters() {
        assert_eq!(show("$DOCKER_PASS"), ["0..12 env DOCKER_PASS"]);
        assert_eq!(show("${DOCKER_PASS}"), ["0..14 env DOCKER_PASS"]);
        assert_eq!(show("${X:-y}z"), ["0..7 env X"]);
        assert_eq!(show("<< parameters.tag >>"), ["0..20 param parameters.tag"]);
        assert_eq!(
            show("a<<pipeline.parameters.x>>b$Y"),
            ["1..26 param pipeline.parameters.x", "27..29 env Y"]
        );
        assert_eq!(
            show("$<<parameters.docker_username>>"),
            ["0..31 param parameters.docker_username"]
        );
    }

    #[test]
    fn dollars_that_are_not_references() {
        assert!(show("pa$$word").is_empty());
        assert!(show("cost: 5$").is_empty());
        assert!(show("$1abc").is_empty());
        assert!(show("${}").is_empty());
        assert!(show("<< unterminated").is_empty());
        assert!(show("${unterminated").is_empty());
    }

    /// Templates are found by the one scanner: escapes, heredocs and line ends as it reads them.
    #[test]
    fn parameters_follow_the_template_scanner() {
        assert_eq!(show("echo \\<< not >> $A"), ["16..18 env A"]);
        assert_eq!(
            show("cat <<EOF << parameters.x >>"),
            ["10..28 param parameters.x"]
        );
        assert!(show("<< a\nb >>").is_empty());
        assert_eq!(show("x$"), Vec::<String>::new());
        assert_eq!(show("$$<< parameters.p >>"), ["2..20 param parameters.p"]);
        assert_eq!(
            show("$A<< parameters.p >>"),
            ["0..2 env A", "2..20 param parameters.p"]
        );
    }

    /// The scan before it jumped from `$` to `$`, as the reference.
    fn find_references_bytewise(s: &str) -> Vec<Reference> {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut templates = templates(s, Reach::OneLine).into_iter().peekable();
        // Each `}` is searched for once, however many `${` stay unclosed.
        let mut braces = NextMatch::new(s, "}");
        let mut i = 0;
        while i < bytes.len() {
            // The next template, which ends the stretch scanned for variables.
            let limit = templates.peek().map_or(bytes.len(), |t| t.whole.start);
            // A `$` that also prefixes a parameter (`$<< parameters.var >>`) builds a variable
            // name from a parameter: the whole thing is one reference.
            let dollar_prefix = i + 1 == limit && bytes.get(i) == Some(&b'$');
            if i == limit || dollar_prefix {
                match templates.next() {
                    Some(t) => {
                        let expr = s.get(t.inner).unwrap_or("").trim().to_string();
                        out.push(Reference {
                            span: Span::new(i, t.whole.end),
                            kind: ReferenceKind::Parameter { expr },
                        });
                        i = t.whole.end;
                    }
                    // A `$` at the very end, with no template after it.
                    None => i += 1,
                }
                continue;
            }
            if bytes.get(i) != Some(&b'$') {
                i += 1;
                continue;
            }
            match bytes.get(i + 1).filter(|_| i + 1 < limit) {
                Some(b'$') => i += 2,
                Some(b'{') => {
                    let Some(close) = braces.at_or_after(i + 2).filter(|&c| c < limit) else {
                        i += 1;
                        continue;
                    };
                    let inner = s.get(i + 2..close).unwrap_or("");
                    // `${VAR:-default}` and similar shell forms still name `VAR` first.
                    let name: String = inner
                        .bytes()
                        .take_while(|b| is_name_char(*b))
                        .map(char::from)
                        .collect();
                    let end = close + 1;
                    if name.as_bytes().first().is_some_and(|b| is_name_start(*b)) {
                        out.push(Reference {
                            span: Span::new(i, end),
                            kind: ReferenceKind::EnvVar { name },
                        });
                    }
                    i = end;
                }
                Some(b) if is_name_start(*b) => {
                    let mut end = i + 1;
                    while end < limit && bytes.get(end).is_some_and(|b| is_name_char(*b)) {
                        end += 1;
                    }
                    out.push(Reference {
                        span: Span::new(i, end),
                        kind: ReferenceKind::EnvVar {
                            name: s.get(i + 1..end).unwrap_or("").to_string(),
                        },
                    });
                    i = end;
                }
                _ => i += 1,
            }
        }
        out
    }

    #[test]
    fn jumping_between_dollars_finds_the_same_references() {
        let alphabet = ['$', '<', '>', '{', '}', 'a', '\n'];
        let mut texts = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..6 {
            level = level
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        for text in &texts {
            let found = find_references(text);
            assert_eq!(found, find_references_bytewise(text), "{text:?}");
            assert_eq!(has_reference(text), !found.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn literals() {
        assert!(is_literal("hunter2"));
        assert!(is_literal("pa$$word"));
        assert!(!is_literal(""));
        assert!(!is_literal("  "));
        assert!(!is_literal("$DOCKERHUB_PASSWORD"));
        assert!(!is_literal("prefix-${X}"));
        assert!(!is_literal("<< parameters.password >>"));
        assert!(!is_literal("<< pipeline.parameters.password >>"));
    }

    #[test]
    fn whole_variable() {
        assert_eq!(whole_env_var("$A_B").as_deref(), Some("A_B"));
        assert_eq!(whole_env_var("${A_B}").as_deref(), Some("A_B"));
        assert_eq!(whole_env_var("x$A_B"), None);
        assert_eq!(whole_env_var("$A $B"), None);
        assert_eq!(whole_env_var("<< parameters.a >>"), None);
    }

    #[test]
    fn masking_keeps_offsets() {
        let s = "cimg/node:<< parameters.v >>";
        let refs = find_references(s);
        let masked = mask_references(s, &refs);
        assert_eq!(masked.len(), s.len());
        assert_eq!(masked, "cimg/node:xxxxxxxxxxxxxxxxxx");
        let s = "ü/${X}";
        let masked = mask_references(s, &find_references(s));
        assert_eq!(masked, "ü/xxxx");
    }
}
