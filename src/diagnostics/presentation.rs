//! How long what users read may be: a diagnostic message has to fit a Problems panel line or
//! Neovim's inline text, a quick-fix title a lightbulb menu. The long explanation of a rule goes
//! to hover and docs/rules.md.

/// The most characters a diagnostic message should have.
pub const MESSAGE_MAX_CHARS: usize = 120;

/// The most characters a quick-fix title should have.
pub const FIX_TITLE_MAX_CHARS: usize = 60;

/// `long` when it fits a diagnostic message, else `short` (a message naming long variables or
/// paths falls back to a generic wording rather than being cut).
pub fn fit_message(long: String, short: &str) -> String {
    if long.chars().count() <= MESSAGE_MAX_CHARS {
        long
    } else {
        short.to_string()
    }
}

/// `long` when it fits a quick-fix title, else `short`.
pub fn fit_title(long: String, short: &str) -> String {
    if long.chars().count() <= FIX_TITLE_MAX_CHARS {
        long
    } else {
        short.to_string()
    }
}

/// A user-written name shortened for a title or message: the start and an ellipsis.
pub fn short_name(name: &str, max_chars: usize) -> String {
    if name.chars().count() <= max_chars {
        return name.to_string();
    }
    let mut out: String = name.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// What is wrong with a message's presentation, if anything (checked by tests).
#[cfg(test)]
pub fn message_problem(message: &str) -> Option<String> {
    let n = message.chars().count();
    (n > MESSAGE_MAX_CHARS).then(|| format!("message of {n} characters: {message}"))
}

/// What is wrong with a quick-fix title, if anything: too long, or markdown backticks that
/// clients show as they are (checked by tests).
#[cfg(test)]
pub fn fix_title_problem(title: &str) -> Option<String> {
    let n = title.chars().count();
    if n > FIX_TITLE_MAX_CHARS {
        return Some(format!("title of {n} characters: {title}"));
    }
    title
        .contains('`')
        .then(|| format!("title with backticks: {title}"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::*;
    use crate::analysis::{analyze, Analysis};
    use crate::features::code_actions::code_actions;
    use crate::rule_registry::all_rules;
    use crate::settings::Settings;

    /// Every message and every action title of an analysis that breaks the limits.
    fn problems(name: &str, analysis: &Analysis, out: &mut BTreeSet<String>) {
        for f in &analysis.findings {
            if let Some(p) = message_problem(&f.message) {
                out.insert(format!("{name}: {} {p}", f.code));
            }
            for a in code_actions(analysis, f.span) {
                if let Some(p) = fix_title_problem(&a.fix.title) {
                    out.insert(format!("{name}: {} {p}", a.finding.code));
                }
            }
        }
    }

    #[test]
    fn rule_examples_have_short_messages_and_titles() {
        let mut out = BTreeSet::new();
        for rule in all_rules() {
            for example in [rule.bad, rule.good] {
                let a = analyze(Arc::from(example), &Settings::default());
                problems(rule.code, &a, &mut out);
            }
        }
        assert!(out.is_empty(), "{}", Vec::from_iter(out).join("\n"));
    }

    #[test]
    fn corpus_has_short_messages_and_titles() {
        let Some(files) = crate::test_support::corpus() else {
            return;
        };
        let mut out = BTreeSet::new();
        for crate::test_support::CorpusFile { name, text, .. } in &files {
            let a = analyze(Arc::from(text.as_str()), &Settings::default());
            problems(name, &a, &mut out);
        }
        // One line per distinct problem; the file names show where to look.
        let mut seen = BTreeSet::new();
        let distinct: Vec<String> = out
            .into_iter()
            .filter(|l| seen.insert(l.split_once(": ").map_or(l.clone(), |(_, r)| r.to_string())))
            .collect();
        assert!(distinct.is_empty(), "{}", distinct.join("\n"));
    }
}
