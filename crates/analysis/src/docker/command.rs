//! The docker CLI as far as the rules need it: which verb a command runs, which of its options
//! take values, and what a `login`, `pull`, `run`, `create`, `build` or `tag` names. The words
//! come from the shell lexer in `shell.rs`.

use super::shell::Word;
use syntax::yaml::Span;

/// An option's value: the next word (`-p x`) or the rest of the flag's word (`--password=x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionValue {
    pub text: String,
    /// The raw value in the script, quotes included.
    pub span: Span,
    /// Where `text` is written verbatim, if it is.
    pub text_span: Option<Span>,
}

impl OptionValue {
    /// True when the value is written out: no `$VAR`, `$(…)`, backtick or `<< … >>` in it.
    pub fn is_literal(&self) -> bool {
        !self.text.contains('$')
            && !self.text.contains('`')
            && syntax::text::references::is_literal(&self.text)
    }
}

/// A flag with a value, as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagArg {
    /// The flag as written, without its value (`-p`, `--password`).
    pub flag: String,
    /// From the flag's first byte to the value's last.
    pub span: Span,
    pub value: OptionValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockerVerb {
    Login,
    Pull,
    Run,
    Create,
    /// `docker build`, `docker buildx build`: makes the images named by `-t` local.
    Build,
    /// `docker tag SOURCE TARGET`: makes TARGET local.
    Tag,
    /// `docker load`: makes images of unknown names local.
    Load,
}

impl DockerVerb {
    pub fn as_str(self) -> &'static str {
        match self {
            DockerVerb::Login => "login",
            DockerVerb::Pull => "pull",
            DockerVerb::Run => "run",
            DockerVerb::Create => "create",
            DockerVerb::Build => "build",
            DockerVerb::Tag => "tag",
            DockerVerb::Load => "load",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginArgs {
    /// The registry server argument; Docker Hub when absent.
    pub server: Option<Word>,
    pub username: Option<FlagArg>,
    pub password: Option<FlagArg>,
    pub password_stdin: bool,
}

/// A `docker` command found in a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerCommand {
    pub verb: DockerVerb,
    /// From the command's first word after shell keywords (`sudo`, `VAR=x` included) to its
    /// last word: where `echo … |` would go in front of it.
    pub span: Span,
    /// The image of `pull`, `run` and `create`.
    pub image: Option<Word>,
    pub login: Option<LoginArgs>,
    /// Where the command's standard input comes from (`echo "$P" | docker login …` reads a pipe).
    pub stdin: Stdin,
    /// `run`/`create` with `--pull never`: the image must already be local.
    pub pull_never: bool,
    /// Image names a `build` (`-t`) or `tag` (target) command creates locally.
    pub local_tags: Vec<String>,
}

/// Where a command's standard input comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdin {
    /// The script's own input.
    Inherited,
    /// The previous command's output (`a | docker …`).
    Pipe,
}

/// Words that may precede a command without changing which program runs.
const PREFIX_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "time", "exec", "command", "nohup",
    "{", "}",
];

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !name.as_bytes().first().is_some_and(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

pub(super) fn docker_command(words: &[Word], stdin: Stdin) -> Option<DockerCommand> {
    let start_word = words
        .iter()
        .take_while(|w| PREFIX_KEYWORDS.contains(&w.text.as_str()))
        .count();
    let mut k = skip_assignments_and_sudo(words, start_word)?;
    let program = &words.get(k)?.text;
    if program != "docker" && !program.ends_with("/docker") {
        return None;
    }
    k = skip_global_options(words, k + 1);
    let (verb, used) = verb_of(words.get(k..).unwrap_or(&[]))?;
    let first = words.get(start_word)?;
    let last = words.last()?;
    let mut cmd = DockerCommand {
        verb,
        span: Span::new(first.span.start, last.span.end),
        image: None,
        login: None,
        stdin,
        pull_never: false,
        local_tags: Vec::new(),
    };
    let rest = words.get(k + used..).unwrap_or(&[]);
    match verb {
        DockerVerb::Build => cmd.local_tags = build_tags(rest),
        DockerVerb::Tag => {
            let mut positionals = rest.iter().filter(|w| !w.text.starts_with('-'));
            if let Some(target) = positionals.nth(1) {
                cmd.local_tags.push(target.text.clone());
            }
        }
        DockerVerb::Load => {}
        DockerVerb::Login => cmd.login = Some(login_args(parse_args(rest, verb))),
        _ => image_args(&mut cmd, parse_args(rest, verb)),
    }
    Some(cmd)
}

/// The index of the first word after `VAR=value` assignments and `sudo` with its options.
fn skip_assignments_and_sudo(words: &[Word], mut k: usize) -> Option<usize> {
    loop {
        let w = words.get(k)?;
        if is_assignment(&w.text) {
            k += 1;
        } else if w.text == "sudo" {
            k += 1;
            while let Some(flag) = words.get(k).filter(|w| w.text.starts_with('-')) {
                let takes_value = matches!(flag.text.as_str(), "-u" | "-g" | "-C" | "-h" | "-p");
                k += if takes_value { 2 } else { 1 };
            }
        } else {
            return Some(k);
        }
    }
}

/// The index of the first word after docker's global options (`-H host`, `--config dir`).
fn skip_global_options(words: &[Word], mut k: usize) -> usize {
    while let Some(w) = words.get(k).filter(|w| w.text.starts_with('-')) {
        let takes_value = !w.text.contains('=')
            && matches!(
                w.text.as_str(),
                "-H" | "--host"
                    | "--config"
                    | "-c"
                    | "--context"
                    | "-l"
                    | "--log-level"
                    | "--tlscacert"
                    | "--tlscert"
                    | "--tlskey"
            );
        k += if takes_value { 2 } else { 1 };
    }
    k
}

/// The verb of a subcommand (`pull`, `image pull`, `buildx build`, `container run`) and how
/// many words it takes.
fn verb_of(words: &[Word]) -> Option<(DockerVerb, usize)> {
    let sub = words.first()?.text.as_str();
    let next = words.get(1).map(|w| w.text.as_str());
    let verb = match (sub, next) {
        ("login", _) => DockerVerb::Login,
        ("pull", _) => DockerVerb::Pull,
        ("run", _) => DockerVerb::Run,
        ("create", _) => DockerVerb::Create,
        ("build", _) => DockerVerb::Build,
        ("tag", _) => DockerVerb::Tag,
        ("load", _) => DockerVerb::Load,
        ("image", Some("pull")) => return Some((DockerVerb::Pull, 2)),
        ("image" | "buildx" | "builder", Some("build")) => return Some((DockerVerb::Build, 2)),
        ("image", Some("tag")) => return Some((DockerVerb::Tag, 2)),
        ("image", Some("load")) => return Some((DockerVerb::Load, 2)),
        ("container", Some("run")) => return Some((DockerVerb::Run, 2)),
        ("container", Some("create")) => return Some((DockerVerb::Create, 2)),
        _ => return None,
    };
    Some((verb, 1))
}

/// The server, user name and password of a `docker login`.
fn login_args(args: Vec<Arg>) -> LoginArgs {
    let mut login = LoginArgs::default();
    for arg in args {
        match arg {
            Arg::Positional(w) if login.server.is_none() => login.server = Some(w),
            Arg::Positional(_) => {}
            Arg::Flag { name, value } => match (name.as_str(), value) {
                ("-u" | "--username", Some(v)) => login.username = Some(v),
                ("-p" | "--password", Some(v)) => login.password = Some(v),
                ("--password-stdin", _) => login.password_stdin = true,
                _ => {}
            },
        }
    }
    login
}

/// The image of `pull`, `run` or `create` (the first positional word), and `--pull never`.
fn image_args(cmd: &mut DockerCommand, args: Vec<Arg>) {
    for arg in args {
        match arg {
            Arg::Positional(w) => {
                cmd.image = Some(w);
                break;
            }
            Arg::Flag {
                name,
                value: Some(v),
            } if name == "--pull" => cmd.pull_never = v.value.text == "never",
            Arg::Flag { .. } => {}
        }
    }
}

/// The `-t`/`--tag` values of a build command.
fn build_tags(words: &[Word]) -> Vec<String> {
    let mut tags = Vec::new();
    let mut k = 0;
    while let Some(w) = words.get(k) {
        k += 1;
        let t = w.text.as_str();
        if t == "-t" || t == "--tag" {
            if let Some(v) = words.get(k) {
                tags.push(v.text.clone());
                k += 1;
            }
        } else if let Some(v) = t.strip_prefix("--tag=") {
            tags.push(v.to_string());
        } else if let Some(v) = t
            .strip_prefix("-t")
            .filter(|v| !v.is_empty() && !t.starts_with("--"))
        {
            tags.push(v.trim_start_matches('=').to_string());
        }
    }
    tags
}

enum Arg {
    Flag {
        /// `-p`, `--password`: the flag without any inline value.
        name: String,
        value: Option<FlagArg>,
    },
    Positional(Word),
}

/// Long options of `docker run`/`create` that take a value (from `docker run --help`).
const RUN_LONG_WITH_VALUE: &[&str] = &[
    "--add-host",
    "--annotation",
    "--attach",
    "--blkio-weight",
    "--blkio-weight-device",
    "--cap-add",
    "--cap-drop",
    "--cgroup-parent",
    "--cgroupns",
    "--cidfile",
    "--cpu-count",
    "--cpu-percent",
    "--cpu-period",
    "--cpu-quota",
    "--cpu-rt-period",
    "--cpu-rt-runtime",
    "--cpu-shares",
    "--cpus",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--detach-keys",
    "--device",
    "--device-cgroup-rule",
    "--device-read-bps",
    "--device-read-iops",
    "--device-write-bps",
    "--device-write-iops",
    "--dns",
    "--dns-option",
    "--dns-search",
    "--domainname",
    "--entrypoint",
    "--env",
    "--env-file",
    "--expose",
    "--gpus",
    "--group-add",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-start-interval",
    "--health-start-period",
    "--health-timeout",
    "--hostname",
    "--ip",
    "--ip6",
    "--ipc",
    "--isolation",
    "--kernel-memory",
    "--label",
    "--label-file",
    "--link",
    "--link-local-ip",
    "--log-driver",
    "--log-opt",
    "--mac-address",
    "--memory",
    "--memory-reservation",
    "--memory-swap",
    "--memory-swappiness",
    "--mount",
    "--name",
    "--net",
    "--net-alias",
    "--network",
    "--network-alias",
    "--oom-score-adj",
    "--pid",
    "--pids-limit",
    "--platform",
    "--publish",
    "--pull",
    "--restart",
    "--runtime",
    "--security-opt",
    "--shm-size",
    "--stop-signal",
    "--stop-timeout",
    "--storage-opt",
    "--sysctl",
    "--tmpfs",
    "--ulimit",
    "--user",
    "--userns",
    "--uts",
    "--volume",
    "--volume-driver",
    "--volumes-from",
    "--workdir",
];

/// Short options of `docker run`/`create` that take a value.
const RUN_SHORT_WITH_VALUE: &[u8] = b"acehlmpuvw";

fn takes_value(verb: DockerVerb, long: Option<&str>, short: Option<u8>) -> bool {
    match verb {
        DockerVerb::Login => {
            matches!(long, Some("--username" | "--password" | "--email"))
                || matches!(short, Some(b'u' | b'p' | b'e'))
        }
        DockerVerb::Pull => long == Some("--platform"),
        DockerVerb::Build | DockerVerb::Tag | DockerVerb::Load => false,
        DockerVerb::Run | DockerVerb::Create => {
            long.is_some_and(|l| RUN_LONG_WITH_VALUE.contains(&l))
                || short.is_some_and(|s| RUN_SHORT_WITH_VALUE.contains(&s))
        }
    }
}

/// Splits arguments into flags and positionals; `run`/`create` stop at the image (what follows
/// is the container's command).
fn parse_args(words: &[Word], verb: DockerVerb) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut k = 0;
    let stop_at_positional = verb != DockerVerb::Login;
    let mut options_done = false;
    while let Some(w) = words.get(k) {
        k += 1;
        let t = w.text.as_str();
        if options_done || !t.starts_with('-') || t == "-" {
            out.push(Arg::Positional(w.clone()));
            if stop_at_positional {
                break;
            }
            continue;
        }
        if t == "--" {
            options_done = true;
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (format!("--{n}"), true),
                None => (t.to_string(), false),
            };
            let value = if inline {
                inline_value(w, name.len() + 1, name.len())
            } else if takes_value(verb, Some(&name), None) {
                let v = words.get(k).map(|next| next_word_value(w, next));
                k += 1;
                v
            } else {
                None
            };
            out.push(Arg::Flag { name, value });
            continue;
        }
        // A cluster of short flags (`-dit`); the first one taking a value takes the rest of
        // the word (`-pSECRET`, `-u=name`) or else the next word.
        let cluster = t.as_bytes();
        let mut idx = 1;
        while let Some(&c) = cluster.get(idx) {
            let name = format!("-{}", char::from(c));
            if takes_value(verb, None, Some(c)) {
                let rest = idx + 1;
                let value = if rest < cluster.len() {
                    let skip_eq = usize::from(cluster.get(rest) == Some(&b'='));
                    inline_value(w, rest + skip_eq, rest)
                } else {
                    let v = words.get(k).map(|next| next_word_value(w, next));
                    k += 1;
                    v
                };
                // Only the flag itself counts as the flag when it is alone in its word.
                let name = if idx == 1 { name } else { t.to_string() };
                out.push(Arg::Flag { name, value });
                break;
            }
            out.push(Arg::Flag { name, value: None });
            idx += 1;
        }
    }
    out
}

/// The value glued to its flag (`--password=x`, `-px`): `text[value_at..]` of the word.
fn inline_value(word: &Word, value_at: usize, flag_len: usize) -> Option<FlagArg> {
    let text = word.text.get(value_at..)?.to_string();
    // The raw value starts right after the last flag byte in the raw word, so a quoted value
    // keeps its quotes.
    let raw_start = value_at
        .checked_sub(1)
        .and_then(|i| word.positions.get(i))
        .map_or(word.span.start, |p| p + 1);
    let span = Span::new(raw_start, word.span.end);
    let text_span = word.text_span_of(Span::new(value_at, word.text.len()));
    Some(FlagArg {
        flag: word.text.get(..flag_len).unwrap_or("").to_string(),
        span: word.span,
        value: OptionValue {
            text,
            span,
            text_span,
        },
    })
}

fn next_word_value(flag: &Word, value: &Word) -> FlagArg {
    FlagArg {
        flag: flag.text.clone(),
        span: Span::new(flag.span.start, value.span.end),
        value: OptionValue {
            text: value.text.clone(),
            span: value.span,
            text_span: value.text_span(),
        },
    }
}
