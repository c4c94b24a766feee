//! What a setup config's `run` scripts say about the config they continue with: the YAML
//! files they read (fragments merged into it), the files they write, the trees they pack
//! with `circleci config pack`, and whether they call the continuation API by hand.
//!
//! Only what is written out is read: a path built from a variable or produced by a program
//! is unknown, and the project view stays quiet about the files it might be.

/// What the scripts of one config say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptFacts {
    /// YAML paths (relative to the repository root, globs allowed) a script reads.
    pub reads: Vec<String>,
    /// Paths a script writes (`> x`, `tee x`, `-o x`).
    pub writes: Vec<String>,
    /// Folders a script packs with `circleci config pack`.
    pub packs: Vec<String>,
    /// A script calls the pipeline continuation API itself.
    pub continues: bool,
}

/// Words after which the next word is a file a command writes.
const WRITERS: &[&str] = &[">", ">>", "tee", "-o", "--output", "--output-file"];

impl ScriptFacts {
    /// Adds what `script` says.
    pub fn read(&mut self, script: &str) {
        if script.contains("pipeline/continue") || script.contains("CIRCLE_CONTINUATION_KEY") {
            self.continues = true;
        }
        let words = words(&without_templates(script));
        for (i, word) in words.iter().enumerate() {
            let before = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .map(String::as_str);
            let two_before = i
                .checked_sub(2)
                .and_then(|j| words.get(j))
                .map(String::as_str);
            if before == Some("pack") && two_before == Some("config") && is_path(word) {
                push_once(&mut self.packs, word);
            } else if before.is_some_and(|b| WRITERS.contains(&b)) && is_path(word) {
                push_once(&mut self.writes, word);
            } else if is_yaml_path(word) && !word.starts_with('/') {
                push_once(&mut self.reads, word);
            }
        }
        // A file written by one command and read by the next is not a fragment.
        self.reads.retain(|r| !self.writes.contains(r));
    }
}

/// `script` with every `<< … >>` template left standing as an unknown word.
fn without_templates(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(open) = rest.find("<<") {
        let Some(close) = rest.get(open..).and_then(|r| r.find(">>")) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or(""));
        out.push_str("$TEMPLATE");
        rest = rest.get(open + close + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn push_once(list: &mut Vec<String>, word: &str) {
    let word = word.strip_prefix("./").unwrap_or(word);
    if !list.iter().any(|w| w == word) {
        list.push(word.to_string());
    }
}

/// A word that can be a path: no variable, template, URL or option.
fn is_path(word: &str) -> bool {
    !word.is_empty()
        && !word.starts_with('-')
        && !word.contains(['$', '`', '='])
        && !word.contains("<<")
        && !word.contains("://")
}

fn is_yaml_path(word: &str) -> bool {
    is_path(word) && (word.ends_with(".yml") || word.ends_with(".yaml"))
}

/// The words of a shell script, roughly as the shell splits them: quotes removed, `>` and
/// `>>` as words of their own, `;`, `|`, `&`, `(` and `)` as separators.
fn words(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '>') => {
                flush(&mut word, &mut out);
                let redirect = if chars.peek() == Some(&'>') {
                    chars.next();
                    ">>"
                } else {
                    ">"
                };
                out.push(redirect.to_string());
            }
            (None, c) if c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')') => {
                flush(&mut word, &mut out);
            }
            (None, c) => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

fn flush(word: &mut String, out: &mut Vec<String>) {
    if !word.is_empty() {
        out.push(std::mem::take(word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(script: &str) -> ScriptFacts {
        let mut f = ScriptFacts::default();
        f.read(script);
        f
    }

    #[test]
    fn reads_writes_packs_and_api_calls() {
        let f = facts(
            "yq eval-all '. as $i ireduce ({}; . * $i)' .circleci/base.yml \".circleci/workflows/*.yml\" > /tmp/generated.yml",
        );
        assert_eq!(f.reads, [".circleci/base.yml", ".circleci/workflows/*.yml"]);
        assert_eq!(f.writes, ["/tmp/generated.yml"]);
        assert!(!f.continues);

        let f = facts("circleci config pack .circleci/src > .circleci/packed.yml");
        assert_eq!(f.packs, [".circleci/src"]);
        assert_eq!(f.writes, [".circleci/packed.yml"]);
        assert!(f.reads.is_empty());

        let f = facts("cat a.yml | tee ./out.yml\ncurl -X POST https://circleci.com/api/v2/pipeline/continue -d @body.json");
        assert_eq!(f.reads, ["a.yml"]);
        assert_eq!(f.writes, ["out.yml"]);
        assert!(f.continues);
    }

    #[test]
    fn paths_built_at_run_time_are_unknown() {
        let f = facts("python gen.py $DIR/x.yml --out=${OUT}.yml << parameters.p >>.yml");
        assert!(f.reads.is_empty(), "{f:?}");
    }
}
