//! `<< parameters.x >>`, `<< pipeline.parameters.x >>`, `<< pipeline.git.branch >>` and
//! `<< matrix.x >>` templates inside scalars, with the span of each name in the document.
//!
//! See <https://circleci.com/docs/reusing-config/#using-parameters-in-executors> and
//! <https://circleci.com/docs/pipeline-variables/>.

use syntax::text::template::{templates, Reach};
use syntax::yaml::{Node, NodeKind, ScalarStyle, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// `<< parameters.name >>`: a parameter of the enclosing job, command or executor.
    Parameter,
    /// `<< pipeline.parameters.name >>`: a parameter declared at the top level.
    PipelineParameter,
    /// `<< pipeline.git.branch >>` and the other values CircleCI provides; `name` is the part
    /// after `pipeline.`.
    PipelineValue,
    /// `<< matrix.name >>` inside a workflow job's `name` or `requires`.
    Matrix,
}

/// One template found in a scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRef {
    pub kind: TemplateKind,
    pub name: String,
    /// The name itself in the document; the whole scalar when the scalar's source text could
    /// not be matched to its value (escapes in a quoted scalar, a template broken over lines).
    pub span: Span,
    /// Whether `span` is exactly the name.
    pub exact: bool,
}

/// A template found in a string: its kind, the byte range of its name and of the whole
/// `<< … >>` in the string.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    kind: TemplateKind,
    name: std::ops::Range<usize>,
    whole: std::ops::Range<usize>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Splits an expression such as `pipeline.parameters.x` into its kind and the offset of the name.
fn classify(expr: &str) -> Option<(TemplateKind, usize)> {
    let valid_name = |s: &str| !s.is_empty() && s.chars().all(is_name_char);
    if let Some(rest) = expr.strip_prefix("parameters.") {
        return valid_name(rest).then_some((TemplateKind::Parameter, "parameters.".len()));
    }
    if let Some(rest) = expr.strip_prefix("pipeline.parameters.") {
        return valid_name(rest).then_some((
            TemplateKind::PipelineParameter,
            "pipeline.parameters.".len(),
        ));
    }
    if let Some(rest) = expr.strip_prefix("pipeline.") {
        let ok = !rest.is_empty() && rest.split('.').all(valid_name) && rest != "parameters";
        return ok.then_some((TemplateKind::PipelineValue, "pipeline.".len()));
    }
    if let Some(rest) = expr.strip_prefix("matrix.") {
        return valid_name(rest).then_some((TemplateKind::Matrix, "matrix.".len()));
    }
    None
}

/// Finds the templates in `s`. A template does not span lines, and `\<<` is CircleCI's escape
/// for a literal `<<`. Anything between `<<` and `>>` that is not one of the known forms (a shell
/// heredoc, a bit shift) is skipped.
fn scan(s: &str) -> Vec<Found> {
    scan_with(s, Reach::OneLine)
}

/// Like [`scan`]; with `folded`, a template may cross line breaks, as in the source of a plain
/// or quoted scalar, whose line breaks fold into spaces.
fn scan_with(s: &str, reach: Reach) -> Vec<Found> {
    let mut found = Vec::new();
    for t in templates(s, reach) {
        let Some(inner) = s.get(t.inner.clone()) else {
            continue;
        };
        // Mustache-style sections: `<<# parameters.x >>…<</ parameters.x >>` and `<<^ … >>`.
        let section = usize::from(inner.starts_with(['#', '^', '/']));
        let inner = inner.get(section..).unwrap_or("");
        let lead = section + inner.len() - inner.trim_start().len();
        let expr = inner.trim();
        if let Some((kind, name_offset)) = classify(expr) {
            let name_start = t.inner.start + lead + name_offset;
            found.push(Found {
                kind,
                name: name_start..t.inner.start + lead + expr.len(),
                whole: t.whole,
            });
        }
    }
    found
}

pub use syntax::text::template::has_template;

/// The templates in a scalar, with document spans.
///
/// The name spans come from the scalar's source text: plain, single-quoted and block scalars
/// write a template exactly as their value holds it (block scalars only strip indentation and
/// plain scalars only fold line breaks). When the source and the value disagree (escapes in a
/// double-quoted scalar), each template falls back to the whole scalar's span.
pub fn scalar_templates(node: &Node, text: &str) -> Vec<TemplateRef> {
    let NodeKind::Scalar(scalar) = &node.kind else {
        return Vec::new();
    };
    if !syntax::text::template::has_double_open(&scalar.value) {
        return Vec::new();
    }
    let in_value = scan(&scalar.value);
    if in_value.is_empty() {
        return Vec::new();
    }
    let raw = node.span.text(text);
    // A block scalar's header line (`|-  # comment`) is not content.
    let body_offset = match scalar.style {
        ScalarStyle::Literal | ScalarStyle::Folded => syntax::text::lines::next_line_start(raw, 0),
        _ => 0,
    };
    let reach = match scalar.style {
        ScalarStyle::Literal | ScalarStyle::Folded => Reach::OneLine,
        _ => Reach::Folded,
    };
    let in_source = scan_with(raw.get(body_offset..).unwrap_or(""), reach);
    let name_of = |s: &str, f: &Found| s.get(f.name.clone()).unwrap_or("").to_string();
    let body = raw.get(body_offset..).unwrap_or("");
    let same = in_source.len() == in_value.len()
        && in_source
            .iter()
            .zip(&in_value)
            .all(|(a, b)| a.kind == b.kind && name_of(body, a) == name_of(&scalar.value, b));
    if same {
        let base = node.span.start + body_offset;
        in_source
            .iter()
            .map(|f| TemplateRef {
                kind: f.kind,
                name: name_of(body, f),
                span: Span::new(base + f.name.start, base + f.name.end),
                exact: true,
            })
            .collect()
    } else {
        in_value
            .iter()
            .map(|f| TemplateRef {
                kind: f.kind,
                name: name_of(&scalar.value, f),
                span: node.span,
                exact: false,
            })
            .collect()
    }
}

/// A piece of a name that may hold templates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'s> {
    Text(&'s str),
    Template(TemplateKind, &'s str),
    /// A `<< … >>` of a form this module does not know.
    Unknown,
}

/// Splits a string into literal text and templates, in order.
pub fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for f in scan(s) {
        let (open, close) = (f.whole.start, f.whole.end);
        if let Some(text) = s.get(at..open).filter(|t| !t.is_empty()) {
            out.push(Piece::Text(text));
        }
        out.push(Piece::Template(f.kind, s.get(f.name).unwrap_or("")));
        at = close;
    }
    if let Some(rest) = s.get(at..).filter(|t| !t.is_empty()) {
        if has_template(rest) {
            out.push(Piece::Unknown);
        } else {
            out.push(Piece::Text(rest));
        }
    }
    out
}

/// The templates in a plain string (no document spans), for tests.
#[cfg(test)]
pub fn templates_in(s: &str) -> Vec<(TemplateKind, String)> {
    scan(s)
        .into_iter()
        .map(|f| (f.kind, s.get(f.name).unwrap_or("").to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<(TemplateKind, String)> {
        templates_in(s)
    }

    #[test]
    fn finds_every_form() {
        assert_eq!(
            names("a << parameters.x >> b <<pipeline.parameters.y-z>> << pipeline.git.branch >> << matrix.os >>"),
            vec![
                (TemplateKind::Parameter, "x".to_string()),
                (TemplateKind::PipelineParameter, "y-z".to_string()),
                (TemplateKind::PipelineValue, "git.branch".to_string()),
                (TemplateKind::Matrix, "os".to_string()),
            ]
        );
    }

    #[test]
    fn reads_mustache_sections() {
        assert_eq!(
            names("<<# parameters.snap >>--snap<</ parameters.snap >> <<^matrix.p>>x<</matrix.p>>"),
            vec![
                (TemplateKind::Parameter, "snap".to_string()),
                (TemplateKind::Parameter, "snap".to_string()),
                (TemplateKind::Matrix, "p".to_string()),
                (TemplateKind::Matrix, "p".to_string()),
            ]
        );
    }

    #[test]
    fn splits_names_into_pieces() {
        assert_eq!(
            pieces("install-<< parameters.os >>-x"),
            vec![
                Piece::Text("install-"),
                Piece::Template(TemplateKind::Parameter, "os"),
                Piece::Text("-x"),
            ]
        );
        assert_eq!(
            pieces("<< parameters.e >>"),
            vec![Piece::Template(TemplateKind::Parameter, "e")]
        );
    }

    #[test]
    fn skips_heredocs_shifts_escapes_and_unknown_forms() {
        assert!(names("cat <<EOF\nhello\nEOF\necho x >> out").is_empty());
        assert!(names("echo $((1 << 2)) >> f").is_empty());
        assert!(names("\\<< parameters.x >>").is_empty());
        assert!(names("<< include(scripts/a.sh) >>").is_empty());
        assert!(names("<< parameters. >>").is_empty());
        assert!(names("<< pipeline.parameters >>").is_empty());
        // A heredoc before a real template does not hide it.
        assert_eq!(
            names("cat <<EOF > f << parameters.x >>"),
            vec![(TemplateKind::Parameter, "x".to_string())]
        );
    }

    fn scalar(value: &str, style: ScalarStyle, span: Span) -> Node {
        Node {
            kind: NodeKind::Scalar(syntax::yaml::Scalar {
                value: value.into(),
                style,
            }),
            span,
            anchor: None,
            tag: None,
            via_alias: None,
        }
    }

    #[test]
    fn maps_names_into_block_scalars() {
        let text =
            "run: |  # << parameters.no >>\n  echo << parameters.a >>\n  echo <<parameters.b>>\n";
        let start = text.find('|').unwrap_or(0);
        let node = scalar(
            "echo << parameters.a >>\necho <<parameters.b>>\n",
            ScalarStyle::Literal,
            Span::new(start, text.len()),
        );
        let refs = scalar_templates(&node, text);
        let spans: Vec<&str> = refs.iter().map(|r| r.span.text(text)).collect();
        assert_eq!(spans, vec!["a", "b"]);
        assert!(refs.iter().all(|r| r.exact));
    }

    #[test]
    fn falls_back_to_the_scalar_when_escapes_differ() {
        let text = r#"x: "\x3c< parameters.a >>""#;
        let node = scalar(
            "<< parameters.a >>",
            ScalarStyle::DoubleQuoted,
            Span::new(3, text.len()),
        );
        let refs = scalar_templates(&node, text);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].span, Span::new(3, text.len()));
        assert!(!refs[0].exact);
    }

    #[test]
    fn maps_a_template_folded_across_lines() {
        let text = "name: Deploy to <<\n    parameters.environment >>\n";
        let node = scalar(
            "Deploy to << parameters.environment >>",
            ScalarStyle::Plain,
            Span::new(6, text.len() - 1),
        );
        let refs = scalar_templates(&node, text);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].span.text(text), "environment");
        assert!(refs[0].exact);
    }

    #[test]
    fn maps_names_in_folded_plain_scalars() {
        let text = "command: echo\n  << parameters.a >> done\n";
        let node = scalar(
            "echo << parameters.a >> done",
            ScalarStyle::Plain,
            Span::new(9, text.len() - 1),
        );
        let refs = scalar_templates(&node, text);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].span.text(text), "a");
    }
}
