//! Syntax errors worded for people: what is wrong at that spot and what to do, in CircleCI
//! terms where the surrounding lines say what is being written. The YAML parser's own wording
//! ("while parsing a block collection, did not find expected '-' indicator") describes its state,
//! not the config.

/// The message for the parser's error `info` at byte offset `at` of `text`.
pub fn describe(text: &str, at: usize, info: &str) -> String {
    let at = floor_char_boundary(text, at);
    let line = Line::at(text, at);
    let key = line.key();
    let info_lower = info.to_ascii_lowercase();
    let has = |s: &str| info_lower.contains(s);
    if has("did not find expected '-' indicator") {
        if let Some(key) = &key {
            let (items, item) = match line.parent_key(text) {
                Some("docker") => ("images", "image"),
                Some("steps") | Some("pre-steps") | Some("post-steps") => ("steps", "step"),
                Some("jobs") => ("workflow jobs", "job"),
                _ => ("list items", "item"),
            };
            return format!(
                "`{key}` lines up with the `- ` of the {items} above; indent it 2 more spaces to set it on the {item}."
            );
        }
        return "This line lines up with the `- ` of the list above; start it with `- ` or indent it under an item."
            .to_string();
    }
    if has("while parsing a block mapping, did not find expected key")
        || has("invalid indentation")
        || has("mapping keys are not allowed")
    {
        return match &key {
            Some(key) => format!(
                "The indentation of `{key}` matches no key above it; line it up with the keys it belongs beside."
            ),
            None => "This line's indentation matches no key above it; line it up with the keys it belongs beside."
                .to_string(),
        };
    }
    if has("mapping values are not allowed") {
        return if line.parent_key(text).is_some_and(|k| k == "steps") || line.text.contains("run:")
        {
            "A `: ` inside this command reads as a new key; quote the whole command or write it as a `|` block."
                .to_string()
        } else {
            "A `: ` inside this value reads as a new key; quote the whole value.".to_string()
        };
    }
    if has("tab") {
        return "YAML does not allow a tab here; indent with spaces.".to_string();
    }
    if has("block sequence entries are not allowed") {
        return "A list item (`- `) cannot start on a key's line; put each item on its own line below, indented."
            .to_string();
    }
    if has("quoted scalar") && (has("end of stream") || has("document indicator")) {
        return "This quoted value is never closed; add the closing quote.".to_string();
    }
    if has("unexpected character") || has("cannot start any token") {
        let c = text.get(at..).and_then(|r| r.chars().next()).unwrap_or(' ');
        return format!("YAML cannot start a plain value with `{c}`; quote the value.");
    }
    if has("did not find expected node content") {
        return "A value is expected here; write one, or quote the text if it is meant as a string."
            .to_string();
    }
    if has("flow sequence") {
        return "A `[ … ]` list needs `,` between its items and a closing `]`.".to_string();
    }
    if has("flow mapping") {
        return "A `{ … }` mapping needs `,` between its entries and a closing `}`.".to_string();
    }
    if has("duplicated anchor") {
        return "This anchor name is already used; give the anchor another name.".to_string();
    }
    if has("block scalar") {
        return "A `|` or `>` block needs only a comment after it on its line; start the text on the next line."
            .to_string();
    }
    let mut raw = info.trim_end_matches('.').to_string();
    if let Some(first) = raw.get(..1) {
        raw.replace_range(..1, &first.to_ascii_uppercase());
    }
    format!("{raw}; check the indentation and quoting here.")
}

/// The line holding an offset.
struct Line<'t> {
    start: usize,
    text: &'t str,
}

impl<'t> Line<'t> {
    fn at(text: &'t str, at: usize) -> Line<'t> {
        let start = text[..at].rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let end = text[at..].find(['\n', '\r']).map_or(text.len(), |p| at + p);
        Line {
            start,
            text: &text[start..end],
        }
    }

    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// The key this line starts with (`auth` for `  auth:`), or its first word, shortened.
    fn key(&self) -> Option<String> {
        let body = self.text.trim_start_matches([' ', '\t', '-']).trim_start();
        let word = body
            .split(": ")
            .next()
            .unwrap_or("")
            .trim_end_matches(':')
            .trim();
        if word.is_empty() || word.starts_with('#') {
            return None;
        }
        // A long key would push the advice out of a one-line message.
        Some(if word.chars().count() > 30 {
            word.chars().take(29).chain(['…']).collect()
        } else {
            word.to_string()
        })
    }

    /// The key of the nearest line above that is indented less: the collection this line is in.
    fn parent_key<'a>(&self, text: &'a str) -> Option<&'a str> {
        let indent = self.indent();
        text[..self.start]
            .lines()
            .rev()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .find(|l| l.len() - l.trim_start_matches(' ').len() < indent)
            .and_then(|l| {
                let body = l.trim_start_matches([' ', '-']).trim_end();
                body.strip_suffix(':')
                    .or_else(|| body.split_once(':').map(|(k, _)| k))
            })
            .map(str::trim)
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use crate::yaml::parse;

    /// The syntax error messages of `text`.
    fn messages(text: &str) -> Vec<String> {
        parse(text).errors.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_key_at_the_list_indentation_names_the_list() {
        let text = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: redis:7\n      auth:\n    steps:\n      - checkout\n";
        assert_eq!(
            messages(text),
            ["`auth` lines up with the `- ` of the images above; indent it 2 more spaces to set it on the image."]
        );
        let steps = "jobs:\n  build:\n    steps:\n      - checkout\n      run: make\n";
        assert_eq!(
            messages(steps),
            ["`run` lines up with the `- ` of the steps above; indent it 2 more spaces to set it on the step."]
        );
    }

    #[test]
    fn common_slips_are_worded_for_people() {
        for (text, expected) in [
            (
                "jobs:\n  build:\n    docker:\n      - image: a\n        auth:\n          username: x\n         password: y\n",
                "The indentation of `password` matches no key above it; line it up with the keys it belongs beside.",
            ),
            (
                "jobs:\n  build:\n    steps:\n      - run: echo a: b\n",
                "A `: ` inside this command reads as a new key; quote the whole command or write it as a `|` block.",
            ),
            (
                "jobs:\n  build:\n\tsteps: []\n",
                "YAML does not allow a tab here; indent with spaces.",
            ),
            (
                "jobs:\n  build:\n    steps:\n      - run: \"echo\n",
                "This quoted value is never closed; add the closing quote.",
            ),
            (
                "jobs:\n  build:\n    steps: - checkout\n",
                "A list item (`- `) cannot start on a key's line; put each item on its own line below, indented.",
            ),
            (
                "jobs:\n  build:\n    steps:\n      - run: @foo\n",
                "YAML cannot start a plain value with `@`; quote the value.",
            ),
        ] {
            assert_eq!(messages(text), [expected], "{text}");
        }
    }

    #[test]
    fn no_message_keeps_the_parsers_jargon_or_gets_long() {
        for text in [
            "a:\n  - b\n  c: d\n",
            "a: [b, c\nd: e\n",
            "a: {b: c\nd: e\n",
            "a: 'x\n",
            "a: |x\n  b\n",
            "&a x: &a y\n",
            "a:\n b: c\n  d: e\n",
            "- a\nb: c\n",
            "a: b: c\n",
            "🚀:\n\t- x\n",
        ] {
            for m in messages(text) {
                assert!(
                    !m.to_ascii_lowercase().contains("while parsing"),
                    "{text:?}: {m}"
                );
                assert!(m.chars().count() <= 120, "{text:?}: {m}");
            }
        }
    }
}
