//! Inside values: names that refer to definitions, `<< parameters.x >>` templates and
//! `$VAR` variables.

use super::{NameKind, TokenType, Walk, MODIFIER_DEFAULT_LIBRARY, MODIFIER_DEPRECATED};
use crate::outline_config::{inner_span, is_builtin_step, is_deprecated_step, split_orb_ref};
use syntax::text::lines::lines_with_starts;
use syntax::text::template::{templates, Reach, Template};
use syntax::yaml::{Node, ScalarStyle, Span};

impl Walk<'_> {
    /// A name standing for a job, command or executor: built-in steps are keywords, `orb/x`
    /// is a namespace and a member, anything with a template inside is only scanned.
    pub(super) fn reference(&mut self, node: &Node, kind: Option<NameKind>, modifiers: u32) {
        let (Some(name), Some(span)) = (node.as_str(), inner_span(node, self.text)) else {
            self.values(node);
            return;
        };
        if name.contains("<<") || name.contains('$') || span.len() != name.len() {
            self.scalar(node);
            return;
        }
        let kind = kind.unwrap_or(NameKind::Command);
        if kind == NameKind::Command && is_builtin_step(name) {
            let deprecated = if is_deprecated_step(name) {
                MODIFIER_DEPRECATED
            } else {
                0
            };
            self.push(span, TokenType::Keyword, deprecated);
        } else if let Some((orb, _)) = split_orb_ref(name) {
            let slash = span.start + orb.len();
            self.push(Span::new(span.start, slash), TokenType::Namespace, 0);
            self.push(Span::new(slash + 1, span.end), kind.token_type(), modifiers);
        } else {
            self.push(span, kind.token_type(), modifiers);
        }
    }

    /// Templates and variables inside a scalar value, line by line.
    pub(super) fn scalar(&mut self, node: &Node) {
        let Some(scalar) = node.as_scalar() else {
            return;
        };
        if !node.is_written_here() {
            return;
        }
        let raw = node.span.text(self.text);
        if !raw.contains(['$', '<']) {
            return;
        }
        let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
        for (i, (start, line)) in lines_with_starts(raw).enumerate() {
            // A block scalar's first line is its header, where `#` starts a comment.
            if !(block && i == 0) {
                self.scan_line(line, node.span.start + start);
            }
        }
    }

    pub(super) fn scan_line(&mut self, line: &str, base: usize) {
        let bytes = line.as_bytes();
        let templates = templates(line, Reach::OneLine);
        let mut templates = templates.iter().peekable();
        let mut i = 0;
        while i < bytes.len() {
            // Templates a variable ran over are behind us.
            while templates.next_if(|t| t.whole.start < i).is_some() {}
            if let Some(t) = templates.next_if(|t| t.whole.start == i) {
                i = self.template(line, base, t).unwrap_or(i + 2);
                continue;
            }
            match bytes.get(i) {
                Some(b'$') => i = self.variable(line, base, i),
                _ => i += 1,
            }
        }
    }

    /// `<< parameters.x >>`, `<< pipeline.parameters.x >>` or `<< pipeline.git.branch >>`;
    /// returns where scanning goes on, or `None` when it is none of these.
    pub(super) fn template(&mut self, line: &str, base: usize, t: &Template) -> Option<usize> {
        let at = t.whole.start;
        let close = t.inner.len();
        let inner = line.get(t.inner.clone())?;
        let expr_off = inner.len() - inner.trim_start().len();
        let expr = inner.trim();
        let prefix = ["parameters.", "pipeline.parameters.", "pipeline."]
            .into_iter()
            .find(|p| expr.starts_with(p))?;
        let name = expr.get(prefix.len()..)?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        let expr_start = base + at + 2 + expr_off;
        let name_start = expr_start + prefix.len();
        let name_type = if prefix == "pipeline." {
            TokenType::Variable
        } else {
            TokenType::Parameter
        };
        let name_mods = if prefix == "pipeline." {
            MODIFIER_DEFAULT_LIBRARY
        } else {
            0
        };
        let end = base + at + 2 + close + 2;
        self.push(Span::new(base + at, name_start), TokenType::Macro, 0);
        self.push(
            Span::new(name_start, name_start + name.len()),
            name_type,
            name_mods,
        );
        self.push(Span::new(name_start + name.len(), end), TokenType::Macro, 0);
        Some(at + 2 + close + 2)
    }

    /// `$NAME` or `${NAME}` at `at`; `$$`, `$1`, `$(…)` and `\$` are left alone.
    pub(super) fn variable(&mut self, line: &str, base: usize, at: usize) -> usize {
        let bytes = line.as_bytes();
        if at > 0 && bytes.get(at - 1) == Some(&b'\\') {
            return at + 1;
        }
        let braced = bytes.get(at + 1) == Some(&b'{');
        let name_start = at + 1 + usize::from(braced);
        let name_len = bytes
            .get(name_start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let starts_well = bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if name_len == 0 || !starts_well {
            return at + 1 + usize::from(bytes.get(at + 1) == Some(&b'$'));
        }
        let mut end = name_start + name_len;
        if braced && bytes.get(end) == Some(&b'}') {
            end += 1;
        }
        let name = line.get(name_start..name_start + name_len).unwrap_or("");
        let mods = if name.starts_with("CIRCLE_") {
            MODIFIER_DEFAULT_LIBRARY
        } else {
            0
        };
        self.push(Span::new(base + at, base + end), TokenType::Variable, mods);
        end
    }
}
