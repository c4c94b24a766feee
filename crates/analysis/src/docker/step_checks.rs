//! The docker rules for steps: pulls from Docker Hub with no login before them, and
//! `docker login` passwords given as arguments.

use super::check::Checker;
use super::command::Stdin;
use super::fixes;
use super::image_ref::Registry;
use super::known_vars::Field;
use super::resolve::{PullKind, ShellLogin, StepPull};
use super::rules::{DOCKER_HUB_RATE_LIMIT, DOCKER_LOGIN_PASSWORD_ARG, LITERAL_SECRET};
use super::shell::DockerVerb;
use crate::diagnostics::presentation::{fit_message, fit_title};
use crate::diagnostics::{Finding, Fix, FixSafety, TextEdit};
use syntax::text::lines::LineIndex;
use syntax::yaml::source_map::ScalarMap;
use syntax::yaml::{Node, ScalarStyle, Span};

impl Checker<'_> {
    pub(super) fn step_pull(&self, pull: &StepPull<'_>, out: &mut Vec<Finding>) {
        if pull.image.registry != Registry::DockerHub {
            return;
        }
        let map = self.maps.get(self.text, pull.node);
        let span = map
            .as_ref()
            .and_then(|m| m.span(pull.value_span))
            .unwrap_or(pull.node.span);
        out.push(match pull.kind {
            PullKind::OrbPull => self.orb_pull(pull, span),
            PullKind::Shell(verb) => self.shell_pull(pull, span, verb, map.as_deref()),
        });
    }

    /// The Docker orb's pull step with no login before it; the fix inserts the orb's login step.
    fn orb_pull(&self, pull: &StepPull<'_>, span: Span) -> Finding {
        let written = pull.step_item.and_then(step_name).unwrap_or("docker/pull");
        let message = match &pull.login_step {
            Some(login) => fit_message(
                format!(
                    "Add `{login}` before `{written}`: it pulls from Docker Hub, rate-limited now, without logging in."
                ),
                "Add a login step before this Docker Hub pull: it is rate-limited now without one.",
            ),
            None => fit_message(
                format!(
                    "`{written}` pulls from Docker Hub, rate-limited now, with no login before it; run `docker login` first."
                ),
                "Docker Hub pull, rate-limited now, with no earlier login in this job; run `docker login` first.",
            ),
        };
        let f = Finding::new(&DOCKER_HUB_RATE_LIMIT, span, message);
        let Some((login, edit)) = pull.login_step.as_ref().and_then(|login| {
            let item = pull.step_item?;
            let edit = fixes::insert_step_before(self.text, self.lines, item, login)?;
            Some((login, edit))
        }) else {
            return f;
        };
        f.with_fix(fixes::titled(
            format!("Insert a {login} step before the pull"),
            "Insert a login step before the pull",
            vec![edit],
            true,
        ))
    }

    /// `docker pull|run|create` with no login before it; the fix logs in on the line before.
    fn shell_pull(
        &self,
        pull: &StepPull<'_>,
        span: Span,
        verb: DockerVerb,
        map: Option<&ScalarMap>,
    ) -> Finding {
        let f = Finding::new(
            &DOCKER_HUB_RATE_LIMIT,
            span,
            format!(
                "Log in before `docker {}`: Docker Hub rate-limits this pull now, and no `docker login` precedes it.",
                verb.as_str()
            ),
        );
        let (Some(map), Some(cmd)) = (map, &pull.command) else {
            return f;
        };
        if cmd.stdin == Stdin::Pipe {
            return f;
        }
        let user = self.vars.name(&Registry::DockerHub, Field::Username);
        let pass = self.vars.name(&Registry::DockerHub, Field::Password);
        let login = format!("echo \"${pass}\" | docker login -u \"${user}\" --password-stdin");
        let start = cmd.span.start;
        let edit = insert_line_before_command(self.text, self.lines, pull.node, map, start, &login)
            .or_else(|| insert_login_inline(pull.node, map, start, &login));
        match edit {
            Some(edit) => f.with_fix(Fix {
                title: "Log in to Docker Hub before this command".to_string(),
                edits: vec![edit],
                preferred: true,
            }),
            None => f,
        }
    }

    pub(super) fn login(&self, login: &ShellLogin<'_>, out: &mut Vec<Finding>) {
        let Some(args) = &login.command.login else {
            return;
        };
        let Some(password) = &args.password else {
            return;
        };
        let map = self.maps.get(self.text, login.node);
        let to_source = |s: Span| {
            map.as_ref()
                .and_then(|m| m.span(s))
                .unwrap_or(login.node.span)
        };
        let literal = password.value.is_literal();
        let var = if literal {
            self.vars.name(&login.registry, Field::Password)
        } else {
            String::new()
        };
        let fix = self.password_stdin_fix(login, literal.then_some(var.as_str()));
        let registry_name = login.registry.display_name();
        let mut arg = Finding::new(
            &DOCKER_LOGIN_PASSWORD_ARG,
            to_source(password.span),
            format!(
                "Use `--password-stdin`: `docker login` gets the {registry_name} password as an argument (`{}`), which others can see.",
                password.flag
            ),
        );
        if let Some(fix) = fix.clone() {
            arg = arg.with_fix(fix);
        }
        if literal {
            // Piping the password in also moves the literal into a variable.
            arg = arg.with_fix_safety(FixSafety::Unsafe);
        }
        out.push(arg);
        if literal {
            let mut f = Finding::new(
                &LITERAL_SECRET,
                to_source(password.value.span),
                fit_message(
                    format!(
                        "Store the password in a variable such as `{var}` and use `--password-stdin`: `docker login` is given a literal."
                    ),
                    "Store the password in a variable and use `--password-stdin`: `docker login` is given a literal.",
                ),
            );
            if let Some(fix) = fix {
                f = f.with_fix(fix);
            }
            out.push(f);
        }
    }

    /// `docker login … -p X` → `echo "X" | docker login … --password-stdin`; a literal `X`
    /// becomes `$VAR`.
    fn password_stdin_fix(&self, login: &ShellLogin<'_>, literal_var: Option<&str>) -> Option<Fix> {
        let args = login.command.login.as_ref()?;
        let password = args.password.as_ref()?;
        if login.command.stdin == Stdin::Pipe || args.password_stdin {
            return None;
        }
        let map = self.maps.get(self.text, login.node)?;
        if !map.is_contiguous(password.span) {
            return None;
        }
        let flag_span = map.span(password.span)?;
        let insert_at = map.offset(login.command.span.start)?;
        let echoed = match literal_var {
            Some(var) => format!("${var}"),
            None => {
                let t = &password.value.text;
                if t.contains('"') || t.contains('\\') {
                    return None;
                }
                t.clone()
            }
        };
        let quote = match login.node.as_scalar().map(|s| s.style) {
            Some(ScalarStyle::DoubleQuoted) => "\\\"",
            _ => "\"",
        };
        // A plain scalar must not start with characters YAML reads as syntax.
        let edits = vec![
            TextEdit {
                span: Span::empty(insert_at),
                new_text: format!("echo {quote}{echoed}{quote} | "),
            },
            TextEdit {
                span: flag_span,
                new_text: "--password-stdin".to_string(),
            },
        ];
        let title = match literal_var {
            Some(var) => fit_title(
                format!("Pipe ${var} in with --password-stdin"),
                "Pipe the password in with --password-stdin",
            ),
            None => "Pipe the password in with --password-stdin".to_string(),
        };
        Some(Fix {
            title,
            edits,
            preferred: true,
        })
    }
}

/// A login line above a shell command that starts a line of a literal block script.
fn insert_line_before_command(
    text: &str,
    lines: &LineIndex,
    node: &Node,
    map: &ScalarMap,
    command_start: usize,
    line: &str,
) -> Option<TextEdit> {
    if node.as_scalar()?.style != ScalarStyle::Literal {
        return None;
    }
    let value = node.as_str()?;
    // The command must be the first thing on its script line.
    let line_start_in_value = value.get(..command_start)?.rfind('\n').map_or(0, |p| p + 1);
    if !value
        .get(line_start_in_value..command_start)?
        .trim()
        .is_empty()
    {
        return None;
    }
    let at = map.offset(command_start)?;
    let src_line_start = lines.start_at(at);
    let indent = text.get(src_line_start..at)?;
    if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    let eol = lines.break_at(at);
    // Exactly as long as the line: a script may hold 100,000 pulls, each with this fix.
    let mut new_text = String::with_capacity(indent.len() + line.len() + eol.len());
    new_text.push_str(indent);
    new_text.push_str(line);
    new_text.push_str(eol);
    Some(TextEdit {
        span: Span::empty(src_line_start),
        new_text,
    })
}

/// `<login> && ` in front of a command in the middle of a script line.
fn insert_login_inline(
    node: &Node,
    map: &ScalarMap,
    command_start: usize,
    login: &str,
) -> Option<TextEdit> {
    let at = map.offset(command_start)?;
    let text = match node.as_scalar()?.style {
        ScalarStyle::DoubleQuoted => login.replace('"', "\\\""),
        ScalarStyle::SingleQuoted => login.replace('\'', "''"),
        _ => login.to_string(),
    };
    Some(TextEdit {
        span: Span::empty(at),
        new_text: format!("{text} && "),
    })
}

fn step_name(item: &Node) -> Option<&str> {
    crate::model::index::Step::name_of(item)
}
