//! `# circleci-ls: ignore <code>` comments.
//!
//! A comment `# circleci-ls: ignore CODE[, CODE...]` silences those rules on its own line and on
//! the line below; without codes it silences every rule there. `# circleci-ls: ignore-file
//! CODE...` silences rules in the whole file. A finding inside a multi-line scalar (a `run: |`
//! script) counts as being on the line of the key that holds the scalar, because a comment
//! inside the scalar would be part of the script.

use std::collections::{HashMap, HashSet};

use super::cci_ignore::{self, CciIgnore};
use super::Finding;
use syntax::text::lines::LineIndex;
use syntax::yaml::{Comment, Node, NodeKind, ParsedYaml, ScalarStyle, Span};

const MARKER: &str = "circleci-ls:";

/// Which rules a comment names; `None` for all of them.
type Codes = Option<HashSet<String>>;

/// The ignore comments of one document.
#[derive(Debug)]
pub struct Suppressions<'l> {
    /// Line number to the rules silenced on it.
    lines: HashMap<usize, Vec<Codes>>,
    file: Vec<Codes>,
    line_index: &'l LineIndex,
    /// Multi-line scalars and the start of the entry holding each, sorted by start.
    multiline: Vec<(Span, usize)>,
    /// The official server's `# cci-ignore` comments.
    cci: CciIgnore,
}

fn covers(codes: &Codes, code: &str) -> bool {
    codes.as_ref().is_none_or(|set| set.contains(code))
}

/// Parses `# circleci-ls: ignore a, b`; returns whether it is file-wide and the codes.
fn parse_comment(text: &str) -> Option<(bool, Codes)> {
    let body = text.trim_start_matches('#').trim();
    let rest = body.strip_prefix(MARKER)?.trim();
    let (file, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("ignore") {
        (false, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ','])) {
        return None;
    }
    // A second `#` starts a free-text reason: `# circleci-ls: ignore x # why`.
    let rest = rest.split('#').next().unwrap_or("");
    let codes: HashSet<String> = rest
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    Some((file, (!codes.is_empty()).then_some(codes)))
}

fn collect_multiline(
    text: &str,
    node: &Node,
    entry_start: usize,
    out: &mut Vec<(Span, usize)>,
    depth: usize,
) {
    if depth > 300 || !node.is_written_here() {
        return;
    }
    match &node.kind {
        NodeKind::Scalar(s) => {
            let multi = matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded)
                || node.span.text(text).contains(['\n', '\r']);
            if multi {
                out.push((node.span, entry_start));
            }
        }
        NodeKind::Mapping(m) => {
            for e in m.own_entries() {
                collect_multiline(text, &e.value, e.key.span.start, out, depth + 1);
            }
        }
        NodeKind::Sequence(s) => {
            for item in &s.items {
                collect_multiline(text, item, item.span.start, out, depth + 1);
            }
        }
        NodeKind::UnresolvedAlias(_) => {}
    }
}

impl<'l> Suppressions<'l> {
    pub fn scan_with_tree(
        text: &str,
        line_index: &'l LineIndex,
        comments: &[Comment],
        tree: Option<&ParsedYaml>,
    ) -> Suppressions<'l> {
        let cci_any = cci_ignore::any(text, comments);
        let cci = if cci_any {
            CciIgnore::scan(text, comments, |offset| line_index.line_of(offset))
        } else {
            CciIgnore::default()
        };
        let mut lines: HashMap<usize, Vec<Codes>> = HashMap::new();
        let mut file = Vec::new();
        for c in comments {
            let Some((whole_file, codes)) = parse_comment(c.span.text(text)) else {
                continue;
            };
            if whole_file {
                file.push(codes);
            } else {
                let line = line_index.line_of(c.span.start);
                lines.entry(line).or_default().push(codes.clone());
                lines.entry(line + 1).or_default().push(codes);
            }
        }
        let mut s = Suppressions {
            lines,
            file,
            line_index,
            multiline: Vec::new(),
            cci,
        };
        // Only line comments need the scalar map; most files have none.
        if !s.lines.is_empty() || cci_any {
            if let Some(tree) = tree {
                s.index_multiline(text, tree);
            }
        }
        s
    }

    /// Suppressions ready to place new comments: `anchor_line` knows every multi-line scalar.
    pub fn for_fixes(text: &str, line_index: &'l LineIndex, tree: &ParsedYaml) -> Suppressions<'l> {
        let mut s = Suppressions::scan_with_tree(text, line_index, &tree.comments, Some(tree));
        if s.multiline.is_empty() {
            s.index_multiline(text, tree);
        }
        s
    }

    fn index_multiline(&mut self, text: &str, tree: &ParsedYaml) {
        for doc in &tree.documents {
            if let Some(root) = &doc.root {
                collect_multiline(text, root, root.span.start, &mut self.multiline, 0);
            }
        }
        self.multiline.sort_unstable();
    }

    /// The line a suppression for a finding at `offset` must be on or above: the finding's own
    /// line, or the line of the key holding the multi-line scalar the finding is in.
    pub fn anchor_line(&self, offset: usize) -> usize {
        let innermost = self
            .multiline
            .iter()
            .filter(|(span, _)| span.start <= offset && offset < span.end.max(span.start + 1))
            .max_by_key(|(span, _)| span.start);
        let at = innermost.map_or(offset, |(_, entry_start)| *entry_start);
        self.line_index.line_of(at)
    }

    pub fn is_suppressed(&self, code: &str, offset: usize) -> bool {
        if self.cci.file || self.file.iter().any(|c| covers(c, code)) {
            return true;
        }
        if self.lines.is_empty() && !self.cci.has_lines() {
            return false;
        }
        let own = self.line_index.line_of(offset);
        let anchor = self.anchor_line(offset);
        [own, anchor].iter().any(|line| {
            self.cci.covers_line(*line)
                || self
                    .lines
                    .get(line)
                    .is_some_and(|list| list.iter().any(|c| covers(c, code)))
        })
    }

    /// Findings about the suppression comments themselves (an unmatched `cci-ignore-start`).
    pub fn problems(&self) -> &[Finding] {
        &self.cci.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntax::yaml::parse;

    fn suppressed(text: &str, code: &str, needle: &str) -> bool {
        let parsed = parse(text);
        let lines = LineIndex::new(text);
        let s = Suppressions::scan_with_tree(text, &lines, &parsed.comments, Some(&parsed));
        let offset = text.find(needle).expect("needle");
        s.is_suppressed(code, offset)
    }

    #[test]
    fn same_line_and_line_above() {
        let text = "a: x # circleci-ls: ignore r1\n# circleci-ls: ignore r2, r3\nb: y\nc: z\n";
        assert!(suppressed(text, "r1", "x"));
        assert!(!suppressed(text, "r2", "x"));
        assert!(suppressed(text, "r3", "y"));
        assert!(!suppressed(text, "r3", "z"));
    }

    #[test]
    fn file_wide_and_all_rules() {
        let text = "# circleci-ls: ignore-file r1\na: x\nb: y # circleci-ls: ignore\n";
        assert!(suppressed(text, "r1", "x"));
        assert!(!suppressed(text, "r2", "x"));
        assert!(suppressed(text, "r2", "y"));
    }

    #[test]
    fn findings_in_scripts_use_the_key_line() {
        let text = "steps:\n  # circleci-ls: ignore r1\n  - run: |\n      echo one\n      docker login -p x\n";
        assert!(suppressed(text, "r1", "docker login"));
        // A `#` inside the script is shell, not a suppression.
        let text = "steps:\n  - run: |\n      # circleci-ls: ignore r1\n      docker login -p x\n";
        assert!(!suppressed(text, "r1", "docker login"));
    }

    #[test]
    fn cr_only_line_ends() {
        let text = "a: x\r# circleci-ls: ignore r1\rb: y\rc: z\r";
        assert!(suppressed(text, "r1", "y"));
        assert!(!suppressed(text, "r1", "z"));
    }

    #[test]
    fn other_comments_are_ignored() {
        assert_eq!(parse_comment("# circleci-ls: ignored"), None);
        assert_eq!(parse_comment("# just words"), None);
        let (file, codes) =
            parse_comment("#circleci-ls: ignore a # because").unwrap_or((true, None));
        assert!(!file);
        assert_eq!(codes.map(|c| c.len()), Some(1));
    }
}
