//! Findings: what the rules report, independent of LSP.
//!
//! A rule produces [`Finding`]s with byte spans; the protocol layer turns them into LSP
//! diagnostics and the CLI prints them. Each rule is described once in a [`Rule`] table.

pub(crate) mod cci_ignore;
pub mod presentation;
pub mod suppress;

use serde::{Deserialize, Serialize};
use syntax::yaml::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule's description: one entry per stable code.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The kebab-case id shown as the diagnostic `code`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One sentence: what is wrong.
    pub summary: &'static str,
    /// Markdown: why it matters and how to fix it. Feeds docs/rules.md.
    pub explanation: &'static str,
    /// A minimal YAML snippet that triggers the rule.
    pub bad: &'static str,
    /// The same snippet, fixed.
    pub good: &'static str,
    /// Whether `circleci-ls fix` and "fix all" may apply the finding's preferred fix unasked.
    pub fix: FixSafety,
}

/// How far a rule's preferred fix can be trusted without a person looking at it, as ruff
/// means it: a safe fix leaves CircleCI running exactly the same thing and takes no
/// information out of the file; every other fix is unsafe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// The rule offers no fix that can be applied unasked.
    None,
    /// CircleCI runs the same thing afterwards and nothing leaves the file: applied by
    /// default (`circleci-ls fix`, the editor's fix-all on save).
    Safe,
    /// The fix changes what runs (another orb release, credentials added) or moves a value
    /// out of the file (a literal into `$VAR`, which someone must then define): applied only
    /// with `--unsafe-fixes`, or by a person choosing the quick-fix.
    Unsafe,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::None => "none",
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
        }
    }
}

/// A text replacement: `span` of the current text becomes `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

impl TextEdit {
    /// `text` with `edits` applied (for the CLI and tests); overlapping edits are left out.
    pub fn apply_all(text: &str, edits: &[TextEdit]) -> String {
        syntax::text::edits::apply_all(
            text,
            edits
                .iter()
                .map(|e| (e.span.start..e.span.end, e.new_text.as_str())),
        )
    }
}

/// A quick-fix attached to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// The fix an editor may apply on its own ("fix all", save actions).
    pub preferred: bool,
}

/// A secondary location that explains a finding (the other duplicate key, the cycle's edge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
    /// Marks code that can be shown faded (unused) or struck through (deprecated).
    pub tags: Vec<FindingTag>,
    /// How far this finding's preferred fix can be trusted, when it is less than its rule's
    /// (a `docker login -p` fix that also moves a literal password into a variable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_safety: Option<FixSafety>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FindingTag {
    Unnecessary,
    Deprecated,
}

impl Finding {
    /// A finding with the rule's default severity.
    pub fn new(rule: &Rule, span: Span, message: impl Into<String>) -> Finding {
        let mut message = message.into();
        // `format!` leaves room to grow; a finding's message never does, and a file can
        // hold 100,000 of them. A copy of the exact size, not a shrink in place: that would
        // leave a small free remainder per finding, and malloc slows down among them.
        if message.capacity() > message.len() {
            message = message.as_str().to_owned();
        }
        Finding {
            code: rule.code,
            severity: rule.default_severity,
            span,
            message,
            fixes: Vec::new(),
            related: Vec::new(),
            tags: Vec::new(),
            fix_safety: None,
        }
    }

    /// This finding's preferred fix is only as safe as `safety`, whatever its rule says.
    pub fn with_fix_safety(mut self, safety: FixSafety) -> Finding {
        self.fix_safety = Some(safety);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    // Most findings have one fix, related place or tag: the lists grow one at a time, where a
    // first push would make room for four.
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.reserve_exact(1);
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.related.reserve_exact(1);
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_tag(mut self, tag: FindingTag) -> Finding {
        self.tags.reserve_exact(1);
        self.tags.push(tag);
        self
    }
}

pub const YAML_SYNTAX: Rule = Rule {
    code: "yaml-syntax",
    fix: FixSafety::None,
    default_severity: Severity::Error,
    summary: "The file is not valid YAML.",
    explanation: "The YAML parser stopped here; the message says what is wrong at that spot (a key at the indentation of a list's `- `, an unclosed `[`, a `: ` inside a plain value, a tab). Until it is fixed, the rest of the file is not checked again: in an editor, the findings of the last version that parsed stay on the lines the edit did not touch, and completion keeps working from the indentation.",
    bad: "jobs:\n  build:\n    docker: [\n",
    good: "jobs:\n  build:\n    docker: []\n",
};

pub const ALIAS_EXPANSION_LIMIT: Rule = Rule {
    code: "alias-expansion-limit",
    fix: FixSafety::None,
    default_severity: Severity::Warning,
    summary: "Aliases expand to too many nodes; the rest of the config is checked without them.",
    explanation: "Each `*alias` copies the anchored node. Aliases of aliases can grow exponentially (the \"billion laughs\" pattern), so the server stops expanding after 250,000 copied nodes and checks what it has. CircleCI would likely reject such a config too.",
    bad: "a: &a [x, x]\nb: &b [*a, *a]\n# ... many levels more\n",
    good: "a: &a [x, x]\nb: [*a]\n",
};

pub const FILE_TOO_LARGE: Rule = Rule {
    code: "file-too-large",
    fix: FixSafety::None,
    default_severity: Severity::Warning,
    summary: "The file is too large to check.",
    explanation: "Files over 4 MB are not analysed: checking them would take memory and time out of proportion to any real CircleCI config. Split the config or generate it.",
    bad: "",
    good: "",
};

pub const INTERNAL_ERROR: Rule = Rule {
    code: "internal-error",
    fix: FixSafety::None,
    default_severity: Severity::Warning,
    summary: "circleci-ls failed while checking the file.",
    explanation: "A bug in circleci-ls stopped the check of this file; nothing else is reported for it until it changes. The editor session goes on. Please report the bug with the file if you can share it.",
    bad: "",
    good: "",
};

/// Rules of the core itself; each domain keeps its own table and `rule_registry` joins them.
pub const CORE_RULES: &[Rule] = &[
    YAML_SYNTAX,
    ALIAS_EXPANSION_LIMIT,
    FILE_TOO_LARGE,
    INTERNAL_ERROR,
    cci_ignore::UNMATCHED_IGNORE_COMMENT,
];
