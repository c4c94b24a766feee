//! Feedback while the YAML is broken. A syntax error cuts the tree short, so most rules see
//! nothing after it; while it stands, the findings of the last text that parsed are kept for
//! the lines the edits did not touch, moved to where those lines are now.

use std::borrow::Cow;

use crate::Analysis;
use syntax::yaml::Span;

use crate::diagnostics::{Finding, INTERNAL_ERROR, YAML_SYNTAX};

/// The lines that differ between two texts: everything between their common prefix and
/// common suffix, widened to whole lines. `old` and `new` are the same region's byte ranges
/// in each text; the text before them is identical, and so is the text after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangedLines {
    pub old: Span,
    pub new: Span,
}

impl ChangedLines {
    pub fn between(old: &str, new: &str) -> ChangedLines {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let max_suffix = a.len().min(b.len()) - prefix;
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_suffix)
            .take_while(|(x, y)| x == y)
            .count();
        // Widen to whole lines, line breaks included. The prefix and suffix hold the same
        // bytes in both texts, so the widening is the same in both.
        let is_break = |c: &u8| *c == b'\n' || *c == b'\r';
        let start = a[..prefix].iter().rposition(is_break).map_or(0, |p| p + 1);
        let (old_tail, new_tail) = (a.len() - suffix, b.len() - suffix);
        let at_line_start = |t: &[u8], i: usize| i == 0 || t.get(i - 1).is_some_and(is_break);
        let after = if at_line_start(a, old_tail) && at_line_start(b, new_tail) {
            0
        } else {
            let rest = &a[old_tail..];
            match rest.iter().position(is_break) {
                Some(p) if rest.get(p..p + 2) == Some(b"\r\n") => p + 2,
                Some(p) => p + 1,
                None => rest.len(),
            }
        };
        ChangedLines {
            old: Span::new(start, old_tail + after),
            new: Span::new(start, new_tail + after),
        }
    }

    /// Where an old span is in the new text, or `None` when it touches the changed lines.
    pub fn map(&self, span: Span) -> Option<Span> {
        if span.end <= self.old.start {
            return Some(span);
        }
        if span.start >= self.old.end {
            let shift = |o: usize| o - self.old.end + self.new.end;
            return Some(Span::new(shift(span.start), shift(span.end)));
        }
        None
    }
}

/// The findings to show while `new_text` does not parse: its own findings, plus those of the
/// last good text outside the changed lines, moved to their new place. A kept finding drops
/// its fixes (their edits were made for the old text) and any related location that moved
/// into the changed lines. Both lists come sorted by position; so does the result.
pub fn carry_over(
    good_text: &str,
    good_findings: &[Finding],
    new_text: &str,
    new_findings: &[Finding],
) -> Vec<Finding> {
    let changed = ChangedLines::between(good_text, new_text);
    let mut out: Vec<Finding> = new_findings.to_vec();
    let reported: std::collections::HashSet<(&str, Span)> =
        new_findings.iter().map(|f| (f.code, f.span)).collect();
    for f in good_findings {
        // Neither is about the lines around it: a syntax error of the old text, or a failed
        // check of the whole file.
        if f.code == YAML_SYNTAX.code || f.code == INTERNAL_ERROR.code {
            continue;
        }
        let Some(span) = changed.map(f.span) else {
            continue;
        };
        if reported.contains(&(f.code, span)) {
            continue;
        }
        let mut kept = f.clone();
        kept.span = span;
        kept.fixes.clear();
        kept.related = f
            .related
            .iter()
            .filter_map(|r| {
                changed.map(r.span).map(|span| crate::diagnostics::Related {
                    span,
                    message: r.message.clone(),
                })
            })
            .collect();
        out.push(kept);
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// The findings to show for `analysis`. A complete analysis is shown as it is; a broken one
/// gets the findings of the last good analysis (`good`) outside the lines the edits touched.
pub fn while_broken<'a>(analysis: &'a Analysis, good: Option<&Analysis>) -> Cow<'a, [Finding]> {
    match good {
        Some(good) if !analysis.yaml.is_complete() => Cow::Owned(carry_over(
            &good.text,
            &good.findings,
            &analysis.text,
            &analysis.findings,
        )),
        _ => Cow::Borrowed(&analysis.findings),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analyze;
    use crate::settings::Settings;

    fn lines(old: &str, new: &str) -> (String, String) {
        let c = ChangedLines::between(old, new);
        (
            old[c.old.start..c.old.end].to_string(),
            new[c.new.start..c.new.end].to_string(),
        )
    }

    #[test]
    fn the_changed_region_is_whole_lines() {
        assert_eq!(
            lines("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 22\nc: 3\n"),
            ("b: 2\n".into(), "b: 22\n".into())
        );
        assert_eq!(
            lines("a: 1\nc: 3\n", "a: 1\nb:\nc: 3\n"),
            ("".into(), "b:\n".into())
        );
        assert_eq!(lines("a\r\nb\r\n", "a\r\nb\r\n"), ("".into(), "".into()));
        assert_eq!(lines("", "x"), ("".into(), "x".into()));
        assert_eq!(lines("a\nc", "a\nbc"), ("c".into(), "bc".into()));
        assert_eq!(
            lines("x: é\r\ny\r\n", "x: è\r\ny\r\n"),
            ("x: é\r\n".into(), "x: è\r\n".into())
        );
    }

    #[test]
    fn spans_before_keep_after_shift_touching_drop() {
        let c = ChangedLines::between("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 2\nbb:\nc: 3\n");
        assert_eq!(c.map(Span::new(0, 1)), Some(Span::new(0, 1)));
        assert_eq!(c.map(Span::new(10, 11)), Some(Span::new(14, 15)));
        assert_eq!(c.map(Span::new(5, 6)), Some(Span::new(5, 6)));
        let c = ChangedLines::between("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 2x\nc: 3\n");
        assert_eq!(c.map(Span::new(5, 6)), None);
        assert_eq!(c.map(Span::new(8, 9)), None);
        assert_eq!(c.map(Span::new(10, 11)), Some(Span::new(11, 12)));
    }

    /// Every kept span covers the same text in the new text as in the old, for an insertion
    /// and a deletion at every offset of a sample.
    #[test]
    fn kept_spans_cover_the_same_text() {
        let old = "a: 1\r\nbb: [x, y]\nc:\n  - dé\n";
        let spans: Vec<Span> = (0..old.len())
            .flat_map(|s| (s..=old.len()).map(move |e| Span::new(s, e)))
            .filter(|s| old.is_char_boundary(s.start) && old.is_char_boundary(s.end))
            .collect();
        for at in (0..=old.len()).filter(|i| old.is_char_boundary(*i)) {
            let next = old[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let edits = [
                format!("{}z:\n{}", &old[..at], &old[at..]),
                format!("{}{}", &old[..at], &old[next..]),
            ];
            for new in &edits {
                let c = ChangedLines::between(old, new);
                for s in &spans {
                    if let Some(m) = c.map(*s) {
                        assert_eq!(
                            new.get(m.start..m.end),
                            old.get(s.start..s.end),
                            "{new:?} {s:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn while_broken_adds_the_last_good_findings_only_while_broken() {
        let settings = Settings::default();
        let good_text = "version: 2.1\njobs:\n  a:\n    docker:\n      - image: redis:7\n";
        let broken = analyze(
            Arc::from("version: 2.1\njobs: [\n  a:\n    docker:\n      - image: redis:7\n"),
            &settings,
        );
        let whole = analyze(Arc::from(good_text), &settings);
        assert!(!broken.yaml.is_complete() && whole.yaml.is_complete());
        let shown = while_broken(&whole, Some(&whole));
        assert_eq!(shown.len(), whole.findings.len());
        let shown = while_broken(&broken, Some(&whole));
        assert!(shown.len() > broken.findings.len(), "{shown:?}");
        let alone = while_broken(&broken, None);
        assert_eq!(alone.len(), broken.findings.len());
    }

    #[test]
    fn a_failed_check_is_not_carried_over() {
        let good = "a: 1\nb: 2\n";
        let failed = Finding::new(&INTERNAL_ERROR, Span::new(0, 0), "failed");
        let kept = carry_over(good, &[failed], "a: 1\nb: [\n", &[]);
        assert!(kept.is_empty(), "{kept:?}");
    }

    /// The case: typing `auth:` at the indentation the editor gives breaks the YAML;
    /// the literal password further down is still reported, where it now is.
    #[test]
    fn findings_survive_a_syntax_error_elsewhere() {
        let good = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n      - image: quay.io/acme/db:1\n        auth:\n          username: robot\n          password: hunter2\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs: [build]\n";
        let broken = good.replace(
            "      - image: redis:7\n",
            "      - image: redis:7\n      auth:\n",
        );
        let settings = Settings::default();
        let a = analyze(Arc::from(good), &settings);
        let b = analyze(Arc::from(broken.as_str()), &settings);
        assert!(!b.yaml.is_complete());
        let secret_before = a.findings.iter().find(|f| f.code == "literal-secret");
        assert!(secret_before.is_some(), "{:?}", a.findings);
        assert!(
            !b.findings.iter().any(|f| f.code == "literal-secret"),
            "the broken tree should hide it, or this test proves nothing"
        );
        let merged = carry_over(good, &a.findings, &broken, &b.findings);
        let secret = merged
            .iter()
            .find(|f| f.code == "literal-secret")
            .expect("kept");
        assert_eq!(secret.span.text(&broken), "hunter2");
        assert!(secret.fixes.is_empty());
        assert_eq!(merged.iter().filter(|f| f.code == "yaml-syntax").count(), 1);
        // The rate-limit finding on the image line above the edit stays once.
        let on_redis = merged
            .iter()
            .filter(|f| f.span.text(&broken) == "redis:7")
            .count();
        assert_eq!(on_redis, 1, "{merged:?}");
        for f in &merged {
            assert!(f.span.end <= broken.len());
        }
    }
}
