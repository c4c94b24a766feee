//! The path-filtering orb's `mapping`: one line per rule, whitespace-separated,
//! `REGEX PARAMETER VALUE` or `REGEX PARAMETER VALUE CONFIG`. Read the way the orb's
//! `create-parameters.py` reads it: blank lines and lines starting with `#` are skipped, the
//! first line fixes the number of fields (3 or 4) for every line, the regex is compiled as
//! `^REGEX$` with Python's `re`, and the value is read with `json.loads`.

use serde_json::Value;
use syntax::yaml::Span;

use crate::diagnostics::presentation::fit_message;

/// One written field of a mapping line, with where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub span: Span,
}

/// A well-formed mapping line.
#[derive(Clone, Debug, PartialEq)]
pub struct MappingLine {
    pub regex: Field,
    pub parameter: Field,
    /// The value as written, and as JSON when it reads as JSON.
    pub value: Field,
    pub json: Option<Value>,
    /// The config file this line adds to the merged continuation config, when it has one.
    pub config: Option<Field>,
}

/// Something in a mapping that stops the orb's script, or a regex that cannot match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingProblem {
    pub span: Span,
    pub message: String,
}

/// A mapping as the orb reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub lines: Vec<MappingLine>,
    pub problems: Vec<MappingProblem>,
}

impl Mapping {
    /// The config files the lines name, in order, each once.
    pub fn configs(&self) -> Vec<&Field> {
        let mut seen: Vec<&Field> = Vec::new();
        for field in self.lines.iter().filter_map(|l| l.config.as_ref()) {
            if !seen.iter().any(|s| s.text == field.text) {
                seen.push(field);
            }
        }
        seen
    }
}

/// Reads `value`, the mapping text; `locate` turns a span of the value into a span of the
/// document (the whole value's span when the two cannot be lined up).
pub fn parse(value: &str, locate: &dyn Fn(Span) -> Span) -> Mapping {
    let mut mapping = Mapping::default();
    let mut columns = None;
    let mut offset = 0;
    for raw in value.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields = fields(line, line_start);
        let whole = locate(Span::new(
            line_start + (line.len() - line.trim_start().len()),
            line_start + line.trim_end().len(),
        ));
        let expected = *columns.get_or_insert(fields.len());
        if let Some(message) = count_problem(expected, fields.len()) {
            mapping.problems.push(MappingProblem {
                span: whole,
                message,
            });
            continue;
        }
        mapping
            .lines
            .push(read_line(fields, locate, &mut mapping.problems));
    }
    mapping
}

/// The orb's own words when a line has the wrong number of fields.
fn count_problem(expected: usize, found: usize) -> Option<String> {
    if !(expected == 3 || expected == 4) {
        return Some(format!(
            "Write each line as `REGEX PARAMETER VALUE [CONFIG]`: Invalid mapping length of {expected}."
        ));
    }
    (found != expected).then(|| {
        format!(
            "Give each line {expected} fields, as the first line has: Expected {expected} fields but found {found}."
        )
    })
}

/// The whitespace-separated fields of a line, with their offsets in the value.
fn fields(line: &str, line_start: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((
                    line.get(s..i).unwrap_or("").to_string(),
                    Span::new(line_start + s, line_start + i),
                ));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn read_line(
    fields: Vec<(String, Span)>,
    locate: &dyn Fn(Span) -> Span,
    problems: &mut Vec<MappingProblem>,
) -> MappingLine {
    let mut it = fields.into_iter().map(|(text, span)| Field {
        text,
        span: locate(span),
    });
    let empty = || Field {
        text: String::new(),
        span: Span::empty(0),
    };
    let regex = it.next().unwrap_or_else(empty);
    let parameter = it.next().unwrap_or_else(empty);
    let value = it.next().unwrap_or_else(empty);
    let config = it.next();
    if let Some(why) = regex_problem(&regex.text) {
        problems.push(MappingProblem {
            span: regex.span,
            message: fit_message(
                format!(
                    "Fix the regular expression `{}`: Python cannot compile it ({why}).",
                    regex.text
                ),
                "Fix the regular expression: Python cannot compile it, and the orb's script stops.",
            ),
        });
    }
    let json = serde_json::from_str::<Value>(&value.text).ok();
    if json.is_none() {
        problems.push(MappingProblem {
            span: value.span,
            message: fit_message(
                format!(
                    "Write `true`, `false`, a number or a \"string\": `{}` is not JSON, as the orb reads it.",
                    value.text
                ),
                "Write `true`, `false`, a number or a \"string\": the orb reads the value as JSON.",
            ),
        });
    }
    MappingLine {
        regex,
        parameter,
        value,
        json,
        config,
    }
}

/// Why Python's `re` would refuse `pattern`, for the mistakes Python and this parser agree
/// on. Syntax only Python knows (look-around, back-references, `\Z`) is not reported.
pub fn regex_problem(pattern: &str) -> Option<&'static str> {
    use regex_syntax::ast::ErrorKind as K;
    let error = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .err()?;
    Some(match error.kind() {
        K::GroupUnclosed => "an unclosed `(`",
        K::GroupUnopened => "a `)` without its `(`",
        K::ClassUnclosed => "an unclosed `[`",
        K::ClassRangeInvalid => "a character range whose start is after its end",
        K::RepetitionMissing => "a repetition with nothing to repeat",
        K::RepetitionCountInvalid => "a repetition whose minimum is above its maximum",
        K::EscapeUnexpectedEof => "a `\\` at the end",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str) -> Mapping {
        parse(value, &|s| s)
    }

    #[test]
    fn lines_fields_and_configs() {
        let m = read("# comment\nsrc/.* build-code true\n\n  doc/.* build-docs \"x\" \n");
        let shown: Vec<(&str, &str, &str)> = m
            .lines
            .iter()
            .map(|l| {
                (
                    l.regex.text.as_str(),
                    l.parameter.text.as_str(),
                    l.value.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("src/.*", "build-code", "true"),
                ("doc/.*", "build-docs", "\"x\"")
            ]
        );
        assert!(m.problems.is_empty(), "{:?}", m.problems);
        let doc = &m.lines[1];
        assert_eq!(doc.parameter.span, Span::new(43, 53));
        assert_eq!(doc.json, Some(Value::String("x".into())));

        let m = read("a/.* run-a true .circleci/a.yml\nb/.* run-b true .circleci/a.yml\n");
        let configs: Vec<&str> = m.configs().iter().map(|f| f.text.as_str()).collect();
        assert_eq!(configs, [".circleci/a.yml"]);
    }

    #[test]
    fn the_orbs_own_words_for_field_counts() {
        let m = read("a/.* run-a\n");
        assert!(m.problems[0]
            .message
            .ends_with("Invalid mapping length of 2."));
        let m = read("a/.* run-a true\nb/.* run-b true .circleci/b.yml\n");
        assert!(m.problems[0]
            .message
            .ends_with("Expected 3 fields but found 4."));
        assert_eq!(m.lines.len(), 1);
    }

    #[test]
    fn values_are_json_and_regexes_compile() {
        let m = read("a/( run-a yes\n");
        let messages: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("an unclosed `(`"));
        assert!(messages[1].contains("`yes` is not JSON"));
        // Python accepts look-around and back-references; they are not reported.
        for ok in [
            r"(?<!x)a/.*",
            r"(a)\1",
            r"src/.*\.py",
            r"\.(php|js)$",
            "a{x}",
        ] {
            assert_eq!(regex_problem(ok), None, "{ok}");
        }
        for bad in ["*a", "[z-a]", "a)", "[abc", "a{3,2}", "a\\"] {
            assert!(regex_problem(bad).is_some(), "{bad}");
        }
    }
}
