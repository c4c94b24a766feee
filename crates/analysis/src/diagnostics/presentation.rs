//! How long what users read may be: a diagnostic message has to fit a Problems panel line or
//! Neovim's inline text, a quick-fix title a lightbulb menu. The long explanation of a rule goes
//! to hover and docs/rules.md.

/// The most characters a diagnostic message should have.
pub const MESSAGE_MAX_CHARS: usize = 120;

/// How much of a message a narrow panel shows before cutting it (VS Code's Problems panel at
/// its usual width shows about this many characters). A longer message starts with what to
/// do, so the cut leaves the action.
pub const PANEL_CHARS: usize = 60;

/// The words a message longer than [`PANEL_CHARS`] starts with: what to do.
pub const ACTIONS: &[&str] = &[
    "Add",
    "Authenticate",
    "Change",
    "Choose",
    "Create",
    "Declare",
    "Define",
    "Delete",
    "Drop",
    "Fix",
    "Give",
    "Indent",
    "Invoke",
    "Keep",
    "List",
    "Log",
    "Make",
    "Merge",
    "Move",
    "Name",
    "Pass",
    "Pin",
    "Put",
    "Quote",
    "Raise",
    "Remove",
    "Rename",
    "Replace",
    "Report",
    "Require",
    "Run",
    "Set",
    "Split",
    "Store",
    "Update",
    "Use",
    "Write",
];

/// Whether `message` starts with one of the [`ACTIONS`].
pub fn starts_with_action(message: &str) -> bool {
    let first = message
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ACTIONS.contains(&first)
}

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
#[cfg(any(test, feature = "test-support"))]
pub fn message_problem(message: &str) -> Option<String> {
    let n = message.chars().count();
    if n > MESSAGE_MAX_CHARS {
        return Some(format!("message of {n} characters: {message}"));
    }
    (n > PANEL_CHARS && !starts_with_action(message))
        .then(|| format!("message of {n} characters not starting with what to do: {message}"))
}

/// What is wrong with a quick-fix title, if anything: too long, or markdown backticks that
/// clients show as they are (checked by tests).
#[cfg(any(test, feature = "test-support"))]
pub fn fix_title_problem(title: &str) -> Option<String> {
    let n = title.chars().count();
    if n > FIX_TITLE_MAX_CHARS {
        return Some(format!("title of {n} characters: {title}"));
    }
    title
        .contains('`')
        .then(|| format!("title with backticks: {title}"))
}
