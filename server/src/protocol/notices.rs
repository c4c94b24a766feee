//! Problems shown to the user at most once each. A broken project file touched by a storm of
//! watched-file events, or named again by every document opened below it, is one message,
//! not one per event: a problem is shown when it is new or its message changed, and
//! forgotten once the file it is about reads fine again.

use std::collections::HashMap;

/// A problem with one input, for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Problem {
    /// What it is about (a file's path); one message per subject is showing at a time.
    pub about: String,
    pub message: String,
}

/// Subjects remembered at most; beyond that the oldest knowledge is dropped, so memory stays
/// bounded and a problem is at worst shown again.
const MAX_SUBJECTS: usize = 1_000;

/// The message showing for each subject.
#[derive(Debug, Default)]
pub(super) struct Notices {
    showing: HashMap<String, String>,
}

impl Notices {
    /// Whether `problem` should be shown now: it is new, or its message changed.
    pub(super) fn first_time(&mut self, problem: &Problem) -> bool {
        if self.showing.get(&problem.about) == Some(&problem.message) {
            return false;
        }
        if self.showing.len() >= MAX_SUBJECTS {
            self.showing.clear();
        }
        self.showing
            .insert(problem.about.clone(), problem.message.clone());
        true
    }

    /// The subject has no problem now; a later one is shown again.
    pub(super) fn resolved(&mut self, about: &str) {
        self.showing.remove(about);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_shown_once_until_it_changes_or_goes_away() {
        let mut notices = Notices::default();
        let broken = Problem {
            about: "/p/circleci-ls.toml".to_string(),
            message: "line 2: unknown level".to_string(),
        };
        assert!(notices.first_time(&broken));
        for _ in 0..1_000 {
            assert!(!notices.first_time(&broken));
        }
        let other = Problem {
            message: "line 3: unknown rule".to_string(),
            ..broken.clone()
        };
        assert!(notices.first_time(&other));
        notices.resolved(&broken.about);
        assert!(notices.first_time(&broken));
    }
}
