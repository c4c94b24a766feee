//! Which variable and parameter names hold credentials, and which literal values are only
//! placeholders.

use crate::diagnostics::Severity;

/// What a credential-named variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credential {
    pub what: &'static str,
    pub severity: Severity,
}

/// Name endings that mark a credential, longest first, with what they hold. An access key id
/// only names a key, so it is a warning, as in `aws_auth`.
const ENDINGS: &[(&str, &str, Severity)] = &[
    ("ACCESS_KEY_ID", "AWS access key id", Severity::Warning),
    ("SECRET_ACCESS_KEY", "secret access key", Severity::Error),
    ("CLIENT_SECRET", "client secret", Severity::Error),
    ("PRIVATE_KEY", "private key", Severity::Error),
    ("SECRET_KEY", "secret key", Severity::Error),
    ("ACCESS_KEY", "access key", Severity::Error),
    ("ACCESS_TOKEN", "access token", Severity::Error),
    ("AUTH_TOKEN", "token", Severity::Error),
    ("API_TOKEN", "API token", Severity::Error),
    ("API_KEY", "API key", Severity::Error),
    ("APIKEY", "API key", Severity::Error),
    ("PASSWORD", "password", Severity::Error),
    ("PASSWD", "password", Severity::Error),
    ("PASS", "password", Severity::Error),
    ("TOKEN", "token", Severity::Error),
    ("SECRET", "secret", Severity::Error),
];

/// Name prefixes of throwaway local services (a database in a service container, a test
/// cluster): their passwords configure a container the job starts itself, not an account.
const LOCAL_SERVICE_PREFIXES: &[&str] = &[
    "POSTGRES",
    "PG",
    "MYSQL",
    "MARIADB",
    "MONGO",
    "REDIS",
    "DB_",
    "DATABASE",
    "MINIO",
    "RABBITMQ",
    "OPENSEARCH",
    "ELASTIC",
    "MSSQL",
    "SA_PASSWORD",
    "NEO4J",
    "CLICKHOUSE",
    "COUCHDB",
    "KEYCLOAK",
];

/// `name` in the shape credential names are compared in: upper case, `-` and `.` as `_`.
pub fn normalise(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '-' | '.' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The credential a variable or parameter named `name` holds, if its name says it holds one.
/// An ending counts as a whole word (`DOCKER_PASS`, not `BYPASS`), except the unambiguous
/// `PASSWORD`, `TOKEN` and `SECRET` (`PGPASSWORD`, `NPMTOKEN`).
pub fn credential(name: &str) -> Option<Credential> {
    let n = normalise(name);
    ENDINGS.iter().find_map(|(ending, what, severity)| {
        let head = n.strip_suffix(ending)?;
        let whole_word = head.is_empty() || head.ends_with('_');
        let glued_ok = matches!(*ending, "PASSWORD" | "TOKEN" | "SECRET");
        (whole_word || glued_ok).then_some(Credential {
            what,
            severity: *severity,
        })
    })
}

/// True when `name` configures a local service container (`POSTGRES_PASSWORD`) or names a
/// test credential (`APP_TEST_S3_SECRET_KEY`): its value is not an account's secret.
pub fn is_local_service(name: &str) -> bool {
    is_service_name(name) || is_test_name(name)
}

/// True when `name` is one a database or other service image reads (`POSTGRES_PASSWORD`).
pub fn is_service_name(name: &str) -> bool {
    let n = normalise(name);
    LOCAL_SERVICE_PREFIXES.iter().any(|p| n.starts_with(p))
}

/// True when `name` says it is for tests (`APP_TEST_S3_SECRET_KEY`).
pub fn is_test_name(name: &str) -> bool {
    normalise(name)
        .split('_')
        .any(|word| word == "TEST" || word == "TESTS")
}

/// Words a value is made of when it only stands in for a secret.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "dummy",
    "fake",
    "notreal",
    "placeholder",
    "changeme",
    "redacted",
    "sample",
    "xxxx",
    "****",
    "••••",
];

/// Whole values that are not secrets: YAML booleans and nulls, and common stand-ins.
const PLACEHOLDER_VALUES: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "~", "none", "test", "testing", "secret",
    "password", "token", "pass", "root", "admin", "guest", "default", "unset", "empty", "key",
    "user", "username",
];

/// True when `value`, written for a credential-named variable, is not a secret to report: a
/// stand-in (`dummy`, `<your-token>`), a boolean, a sentence or command (it has spaces), or
/// the name of another variable (`DOCKER_TOKEN`, which a parameter of type `env_var_name`
/// or a tool reads indirectly).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.is_empty()
        || v.chars().any(char::is_whitespace)
        || v.starts_with('<')
        || PLACEHOLDER_VALUES.contains(&lower.as_str())
        || PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
        || looks_like_variable_name(v)
}

/// `DOCKER_TOKEN`: upper case letters, digits and underscores, with at least one underscore.
pub fn looks_like_variable_name(v: &str) -> bool {
    v.contains('_')
        && v.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The environment variable a fix stores a parameter's or key's value in: `docker-password`
/// → `DOCKER_PASSWORD`.
pub fn variable_for(name: &str) -> String {
    let n: String = normalise(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if n.bytes().next().is_some_and(|b| b.is_ascii_digit()) || n.is_empty() {
        format!("SECRET_{n}")
    } else {
        n
    }
}
