//! Finds `docker login` and `docker pull|run|create` in the shell script of a `run` step.
//!
//! This is a small POSIX-shell word splitter, not a shell: it knows quotes, escapes, `\`
//! line continuations, `$(…)`, backticks, `${…}`, CircleCI's `<< parameters.x >>`, comments
//! and the operators that separate commands (`;`, `&&`, `||`, `|`, `&`, newlines). Offsets are
//! bytes into the script string (the `run` value); `source_map` turns them into document
//! offsets.

use super::command::{docker_command, Stdin};
pub use super::command::{DockerCommand, DockerVerb};
use syntax::text::template::{templates, Reach, Template};
use syntax::yaml::Span;

/// One shell word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal and escapes; `$VAR`, `$(…)` and `<< … >>` kept as written.
    pub text: String,
    /// The raw word in the script, quotes included.
    pub span: Span,
    /// The script offset of each byte of `text`.
    pub(super) positions: Vec<usize>,
}

impl Word {
    /// Where `text[range]` is written verbatim and contiguously in the script, if it is.
    pub fn text_span_of(&self, range: Span) -> Option<Span> {
        if range.is_empty() {
            return None;
        }
        let first = *self.positions.get(range.start)?;
        for (k, i) in (range.start..range.end).enumerate() {
            if self.positions.get(i) != Some(&(first + k)) {
                return None;
            }
        }
        Some(Span::new(first, first + range.len()))
    }

    /// Where the whole `text` is written verbatim in the script (`"redis"` → inside quotes).
    pub fn text_span(&self) -> Option<Span> {
        self.text_span_of(Span::new(0, self.text.len()))
    }
}

/// Every docker command in `script`, in order; commands inside `$(…)` included.
pub fn find_docker_commands(script: &str) -> Vec<DockerCommand> {
    // Most scripts never mention docker; lexing them is most of this module's cost.
    if !script.contains("docker") {
        return Vec::new();
    }
    // Found once for the whole script, in order and honouring `\<<`: looking for a `>>`
    // after each `<<` again cost quadratic time on a line of unclosed `<<`.
    let templates = templates(script, Reach::OneLine);
    let mut out = Vec::new();
    scan(script, &templates, 0, script.len(), &mut out, 0);
    out.sort_by_key(|c| c.span.start);
    out
}

fn scan(
    script: &str,
    templates: &[Template],
    from: usize,
    to: usize,
    out: &mut Vec<DockerCommand>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let lexed = lex(script, templates, from, to);
    let mut words: Vec<Word> = Vec::new();
    let mut stdin = Stdin::Inherited;
    for token in lexed.tokens {
        match token {
            Token::Word(w) => words.push(w),
            Token::Sep(sep) => {
                if let Some(cmd) = docker_command(&words, stdin) {
                    out.push(cmd);
                }
                words.clear();
                stdin = if sep == Sep::Pipe {
                    Stdin::Pipe
                } else {
                    Stdin::Inherited
                };
            }
        }
    }
    if let Some(cmd) = docker_command(&words, stdin) {
        out.push(cmd);
    }
    for inner in lexed.substitutions {
        scan(script, templates, inner.start, inner.end, out, depth + 1);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    Pipe,
    Other,
}

enum Token {
    Word(Word),
    Sep(Sep),
}

struct Lexed {
    tokens: Vec<Token>,
    /// Inner ranges of `$(…)` and backtick substitutions.
    substitutions: Vec<Span>,
}

fn lex(script: &str, templates: &[Template], from: usize, to: usize) -> Lexed {
    let bytes = script.as_bytes();
    let to = to.min(bytes.len());
    let mut tokens = Vec::new();
    let mut substitutions = Vec::new();
    let mut skip_next_word = false;
    let mut i = from;
    while i < to {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if matches!(bytes.get(i + 1), Some(b'\n')) => i += 2,
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'\n' | b';' | b'(' | b')' => {
                tokens.push(Token::Sep(Sep::Other));
                i += 1;
            }
            b'&' | b'|' => {
                let double = bytes.get(i + 1) == Some(&b);
                let sep = if b == b'|' && !double {
                    Sep::Pipe
                } else {
                    Sep::Other
                };
                tokens.push(Token::Sep(sep));
                i += if double { 2 } else { 1 };
            }
            b'#' => {
                while i < to && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'>' => {
                i += 1;
                while i < to && matches!(bytes[i], b'>' | b'&' | b'|') {
                    i += 1;
                }
                skip_next_word = true;
            }
            b'<' if template_end(templates, i, to).is_none() => {
                i += 1;
                while i < to && matches!(bytes[i], b'<' | b'&' | b'-') {
                    i += 1;
                }
                skip_next_word = true;
            }
            b'0'..=b'9' if is_fd_redirect(bytes, i, to) => {
                while i < to && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            _ => {
                let word = lex_word(script, templates, i, to, &mut substitutions);
                i = word.span.end.max(i + 1);
                if skip_next_word {
                    skip_next_word = false;
                } else {
                    tokens.push(Token::Word(word));
                }
            }
        }
    }
    Lexed {
        tokens,
        substitutions,
    }
}

/// `2>&1`, `1>/dev/null`: digits directly followed by a redirection.
fn is_fd_redirect(bytes: &[u8], i: usize, to: usize) -> bool {
    let mut j = i;
    while j < to && bytes[j].is_ascii_digit() {
        j += 1;
    }
    j < to && matches!(bytes[j], b'>' | b'<')
}

/// Where the `<< parameters.x >>` opening at `i` ends, if one does before `to`: CircleCI
/// fills it in before the shell sees the script.
fn template_end(templates: &[Template], i: usize, to: usize) -> Option<usize> {
    let k = templates.binary_search_by_key(&i, |t| t.whole.start).ok()?;
    templates
        .get(k)
        .map(|t| t.whole.end)
        .filter(|&end| end <= to)
}

/// A command substitution, `$(...)` or `` `...` ``, starting at a word's byte `i`.
struct Substitution {
    /// The command inside, scanned again for docker commands.
    inner: Span,
    /// The word keeps the substitution's text up to here.
    copy_end: usize,
    /// Where the word goes on.
    next: usize,
}

fn substitution_at(bytes: &[u8], i: usize, to: usize) -> Option<Substitution> {
    match bytes.get(i)? {
        b'$' if bytes.get(i + 1) == Some(&b'(') => {
            let end = skip_substitution(bytes, i + 2, to);
            Some(Substitution {
                inner: Span::new(i + 2, end.saturating_sub(1).max(i + 2)),
                copy_end: end,
                next: end,
            })
        }
        b'`' => {
            let end = find_byte(bytes, i + 1, to, b'`').unwrap_or(to);
            Some(Substitution {
                inner: Span::new(i + 1, end),
                copy_end: (end + 1).min(to),
                next: end + 1,
            })
        }
        _ => None,
    }
}

fn lex_word(
    script: &str,
    templates: &[Template],
    start: usize,
    to: usize,
    substitutions: &mut Vec<Span>,
) -> Word {
    let mut lexer = WordLexer {
        bytes: script.as_bytes(),
        templates,
        to,
        text: Vec::new(),
        positions: Vec::new(),
        substitutions,
    };
    let mut i = start;
    while i < to {
        match lexer.step(i) {
            Some(next) => i = next,
            None => break,
        }
    }
    let end = i.min(to);
    Word {
        text: String::from_utf8_lossy(&lexer.text).into_owned(),
        span: Span::new(start, end),
        positions: lexer.positions,
    }
}

/// One word being read: its unquoted text, where each byte of it is written, and the
/// command substitutions met on the way.
struct WordLexer<'s, 'v> {
    bytes: &'s [u8],
    templates: &'s [Template],
    to: usize,
    text: Vec<u8>,
    positions: Vec<usize>,
    substitutions: &'v mut Vec<Span>,
}

impl WordLexer<'_, '_> {
    fn push(&mut self, at: usize) {
        if let Some(&b) = self.bytes.get(at) {
            self.text.push(b);
            self.positions.push(at);
        }
    }

    fn copy(&mut self, from: usize, end: usize) {
        for at in from..end {
            self.push(at);
        }
    }

    /// A `$(…)` or backquoted substitution at `i`, copied whole; the offset after it.
    fn substitution(&mut self, i: usize) -> Option<usize> {
        let sub = substitution_at(self.bytes, i, self.to)?;
        self.substitutions.push(sub.inner);
        self.copy(i, sub.copy_end);
        Some(sub.next)
    }

    /// Reads what starts at `i`; the offset after it, or `None` where the word ends.
    fn step(&mut self, i: usize) -> Option<usize> {
        if let Some(next) = self.substitution(i) {
            return Some(next);
        }
        let (bytes, to) = (self.bytes, self.to);
        match bytes.get(i)? {
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')' | b'>' => None,
            b'<' => {
                let end = template_end(self.templates, i, to)?;
                self.copy(i, end);
                Some(end)
            }
            b'\\' => {
                if bytes.get(i + 1) != Some(&b'\n') {
                    self.push(i + 1);
                }
                Some(i + 2)
            }
            b'\'' => {
                let end = find_byte(bytes, i + 1, to, b'\'').unwrap_or(to);
                self.copy(i + 1, end);
                Some(end + 1)
            }
            b'"' => Some(self.double_quoted(i + 1) + 1),
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let end = find_byte(bytes, i + 2, to, b'}').map_or(to, |p| p + 1);
                self.copy(i, end);
                Some(end)
            }
            _ => {
                self.push(i);
                Some(i + 1)
            }
        }
    }

    /// The inside of a double-quoted string from `i`; the offset of its closing quote.
    fn double_quoted(&mut self, mut i: usize) -> usize {
        while i < self.to && self.bytes.get(i) != Some(&b'"') {
            if let Some(next) = self.substitution(i) {
                i = next;
                continue;
            }
            let escaped = self.bytes.get(i + 1);
            if self.bytes.get(i) == Some(&b'\\')
                && matches!(escaped, Some(b'$' | b'`' | b'"' | b'\\' | b'\n'))
            {
                if escaped != Some(&b'\n') {
                    self.push(i + 1);
                }
                i += 2;
            } else {
                self.push(i);
                i += 1;
            }
        }
        i
    }
}

fn find_byte(bytes: &[u8], from: usize, to: usize, needle: u8) -> Option<usize> {
    bytes
        .get(from..to)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| from + p)
}

/// From just inside `$(`, the offset just after the matching `)`.
fn skip_substitution(bytes: &[u8], from: usize, to: usize) -> usize {
    let mut depth = 1;
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'\\' => i += 1,
            b'\'' => i = find_byte(bytes, i + 1, to, b'\'').unwrap_or(to),
            b'"' => {
                let mut j = i + 1;
                while j < to && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                i = j;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(script: &str) -> Vec<String> {
        find_docker_commands(script)
            .into_iter()
            .map(|c| {
                let mut s = format!(
                    "{} [{}]",
                    c.verb.as_str(),
                    &script[c.span.start..c.span.end]
                );
                if c.stdin == Stdin::Pipe {
                    s.push_str(" piped");
                }
                if let Some(img) = &c.image {
                    s.push_str(&format!(" image={}", img.text));
                    if let Some(ts) = img.text_span() {
                        assert_eq!(&script[ts.start..ts.end], img.text);
                        s.push_str(&format!("@{ts}"));
                    }
                }
                if let Some(l) = &c.login {
                    if let Some(server) = &l.server {
                        s.push_str(&format!(" server={}", server.text));
                    }
                    if let Some(u) = &l.username {
                        s.push_str(&format!(" user={}", u.value.text));
                    }
                    if let Some(p) = &l.password {
                        s.push_str(&format!(
                            " {}[{}]={}{}",
                            p.flag,
                            &script[p.span.start..p.span.end],
                            &script[p.value.span.start..p.value.span.end],
                            if p.value.is_literal() { " literal" } else { "" }
                        ));
                    }
                    if l.password_stdin {
                        s.push_str(" stdin");
                    }
                }
                s
            })
            .collect()
    }

    #[test]
    fn seed_cli_example() {
        let script = "docker login -u $DOCKER_USER -p $DOCKER_PASS\ndocker run -d --name db company/proprietary-db:1.2.3\n";
        assert_eq!(
            show(script),
            [
                "login [docker login -u $DOCKER_USER -p $DOCKER_PASS] user=$DOCKER_USER -p[-p $DOCKER_PASS]=$DOCKER_PASS",
                "run [docker run -d --name db company/proprietary-db:1.2.3] image=company/proprietary-db:1.2.3@69..97"
            ]
        );
    }

    #[test]
    fn flags_before_the_image() {
        assert_eq!(
            show("docker run --rm -e X=1 -e 'Y=2 3' -p 80:80 -v /a:/b -it redis:7 redis-cli ping"),
            ["run [docker run --rm -e X=1 -e 'Y=2 3' -p 80:80 -v /a:/b -it redis:7 redis-cli ping] image=redis:7@56..63"]
        );
        assert_eq!(
            show("docker create --name=db --network host postgres"),
            ["create [docker create --name=db --network host postgres] image=postgres@39..47"]
        );
        assert_eq!(
            show("docker pull --platform linux/amd64 -q ubuntu:22.04"),
            ["pull [docker pull --platform linux/amd64 -q ubuntu:22.04] image=ubuntu:22.04@38..50"]
        );
        assert_eq!(
            show("docker run -dp 80:80 nginx"),
            ["run [docker run -dp 80:80 nginx] image=nginx@21..26"]
        );
        assert_eq!(
            show("docker run -- nginx"),
            ["run [docker run -- nginx] image=nginx@14..19"]
        );
    }

    #[test]
    fn separators_and_continuations() {
        assert_eq!(
            show("set -e && docker pull redis; docker pull \"quay.io/a/b:1\" || true"),
            [
                "pull [docker pull redis] image=redis@22..27",
                "pull [docker pull \"quay.io/a/b:1\"] image=quay.io/a/b:1@42..55"
            ]
        );
        assert_eq!(
            show("docker run \\\n  -d \\\n  --name db \\\n  mysql:8 \\\n  --default-auth=x"),
            ["run [docker run \\\n  -d \\\n  --name db \\\n  mysql:8 \\\n  --default-auth=x] image=mysql:8@36..43"]
        );
        assert_eq!(
            show("if docker pull redis >/dev/null 2>&1; then echo ok; fi"),
            ["pull [docker pull redis] image=redis@15..20"]
        );
        assert_eq!(
            show("sudo -E FOO=1 docker pull a/b # docker pull c/d\n  # docker pull e/f"),
            ["pull [sudo -E FOO=1 docker pull a/b] image=a/b@26..29"]
        );
        assert_eq!(
            show("docker image pull x/y; docker container run -d x/z; /usr/bin/docker --config /c pull w"),
            [
                "pull [docker image pull x/y] image=x/y@18..21",
                "run [docker container run -d x/z] image=x/z@47..50",
                "pull [/usr/bin/docker --config /c pull w] image=w@85..86"
            ]
        );
    }

    #[test]
    fn command_substitutions() {
        assert_eq!(
            show("ID=$(docker create app/x:1) && docker cp $ID:/a ."),
            ["create [docker create app/x:1] image=app/x:1@19..26"]
        );
        assert_eq!(
            show("echo \"$(docker pull a/b)\""),
            ["pull [docker pull a/b] image=a/b@20..23"]
        );
    }

    #[test]
    fn login_forms() {
        assert_eq!(
            show("echo \"$DOCKER_PASS\" | docker login -u \"$DOCKER_USER\" --password-stdin"),
            ["login [docker login -u \"$DOCKER_USER\" --password-stdin] piped user=$DOCKER_USER stdin"]
        );
        assert_eq!(
            show("docker login --username=\"${QUAY_USER}\" --password=\"${QUAY_PASS}\" quay.io"),
            ["login [docker login --username=\"${QUAY_USER}\" --password=\"${QUAY_PASS}\" quay.io] server=quay.io user=${QUAY_USER} --password[--password=\"${QUAY_PASS}\"]=\"${QUAY_PASS}\""]
        );
        assert_eq!(
            show("docker login -u me -p hunter2"),
            ["login [docker login -u me -p hunter2] user=me -p[-p hunter2]=hunter2 literal"]
        );
        assert_eq!(
            show("docker login -u=\"${DOCKER_USER}\" -p'hunter 2' registry.example.com"),
            ["login [docker login -u=\"${DOCKER_USER}\" -p'hunter 2' registry.example.com] server=registry.example.com user=${DOCKER_USER} -p[-p'hunter 2']='hunter 2' literal"]
        );
        assert_eq!(
            show("docker login -e '.' -u \"$QUAY_USER\" -p \"$QUAY_PASSWORD\" quay.io"),
            ["login [docker login -e '.' -u \"$QUAY_USER\" -p \"$QUAY_PASSWORD\" quay.io] server=quay.io user=$QUAY_USER -p[-p \"$QUAY_PASSWORD\"]=\"$QUAY_PASSWORD\""]
        );
        assert_eq!(
            show("docker login -u x -p $(cat /tmp/p)"),
            ["login [docker login -u x -p $(cat /tmp/p)] user=x -p[-p $(cat /tmp/p)]=$(cat /tmp/p)"]
        );
        assert_eq!(
            show("docker login -u x --password=<< parameters.pw >>"),
            ["login [docker login -u x --password=<< parameters.pw >>] user=x --password[--password=<< parameters.pw >>]=<< parameters.pw >>"]
        );
    }

    #[test]
    fn parameters_in_images() {
        assert_eq!(
            show("docker pull << parameters.image >>:<< parameters.tag >>"),
            ["pull [docker pull << parameters.image >>:<< parameters.tag >>] image=<< parameters.image >>:<< parameters.tag >>@12..55"]
        );
        assert_eq!(
            show("docker run cimg/node:<<parameters.v>> node -v"),
            ["run [docker run cimg/node:<<parameters.v>> node -v] image=cimg/node:<<parameters.v>>@11..37"]
        );
    }

    #[test]
    fn local_images_and_pull_policy() {
        let cmds = find_docker_commands(
            "docker build -t app:dev --tag=app:ci -f Dockerfile . && docker buildx build -tx/y --load .\ndocker tag app:dev localhost/app\ndocker run --pull=never a/b\ndocker run --pull always a/c\ndocker load -i img.tar",
        );
        let summary: Vec<String> = cmds
            .iter()
            .map(|c| format!("{} {:?} {}", c.verb.as_str(), c.local_tags, c.pull_never))
            .collect();
        assert_eq!(
            summary,
            [
                "build [\"app:dev\", \"app:ci\"] false",
                "build [\"x/y\"] false",
                "tag [\"localhost/app\"] false",
                "run [] true",
                "run [] false",
                "load [] false"
            ]
        );
    }

    #[test]
    fn not_docker() {
        assert!(show("echo docker pull redis").is_empty());
        assert!(show("docker-compose pull").is_empty());
        assert!(show("'docker pull' x").is_empty());
        assert!(show("cat <<EOF\nhello\nEOF").is_empty());
    }

    #[test]
    fn heredocs_escapes_and_unclosed_templates() {
        // The `>>` closes the template, not the heredoc's `<<` before it.
        assert_eq!(
            show("docker run <<EOF << parameters.image >>"),
            ["run [docker run <<EOF << parameters.image >>] image=<< parameters.image >>@17..39"]
        );
        // `\<<` is a literal `<` and a redirection, not a template.
        assert_eq!(
            show("docker pull redis:7 \\<< not >>"),
            ["pull [docker pull redis:7 \\<] image=redis:7@12..19"]
        );
        // Many unclosed `<<` on one line: each is a redirection, and lexing stays linear.
        let many = "docker pull << parameters. ".repeat(20_000);
        let found = show(&many);
        assert_eq!(found.len(), 1, "{:?}", found.first());
    }

    #[test]
    fn broken_scripts_never_panic() {
        for s in [
            "docker",
            "docker run",
            "docker login -p",
            "docker run -e",
            "\"unterminated docker",
            "docker pull 'x",
            "$(docker pull",
            "`docker pull a",
            "docker pull \\",
            "ü docker pull ö",
            "docker pull ${X",
            "docker login --password=",
            "docker run -d\\\r\n redis",
            "<<",
            "docker pull <<",
            ">>",
            "2>",
            "docker pull a >",
            "docker login -u",
        ] {
            let _ = show(s);
        }
        assert_eq!(
            show("docker pull ö/ü"),
            ["pull [docker pull ö/ü] image=ö/ü@12..17"]
        );
    }
}
