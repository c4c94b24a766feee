//! "Did you mean" suggestions for misspelt keys, values and names.
//!
//! One search with two policies: keys and values of the knowledge table ignore case and `-`
//! versus `_` and accept a unique abbreviation (`env` for `environment`); names the config
//! defines count a case or separator difference as one edit and give nothing when two names
//! are equally close. Distances are optimal string alignment (a swap of neighbours is one
//! edit), from strsim.

use std::collections::HashSet;

/// How close a candidate must be, and what counts as a slip.
struct Policy {
    /// The largest distance accepted for a word of this many characters.
    limit: fn(usize) -> usize,
    /// Compare case- and separator-folded words (a difference there costs nothing).
    fold: bool,
    /// A candidate that is the only one starting with the word is a good guess too.
    abbreviations: bool,
    /// Two equally close candidates give no suggestion.
    unique: bool,
}

const KEYS: Policy = Policy {
    limit: |chars| match chars {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    },
    fold: true,
    abbreviations: true,
    unique: false,
};

const NAMES: Policy = Policy {
    limit: |chars| (chars / 3).clamp(1, 3),
    fold: false,
    abbreviations: false,
    unique: true,
};

/// The key or value closest to `word`, if it is close enough to be a likely typo: the same
/// word in another case or with `-` for `_`, within a small edit distance, or a unique
/// abbreviation.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(word, candidates, &KEYS)
}

/// The name (of a job, command, parameter ...) closest to `name`, if exactly one is within a
/// typo's distance.
pub fn suggest_name<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(name, candidates, &NAMES)
}

fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    policy: &Policy,
) -> Option<&'a str> {
    let normal = normalize(word);
    let compared = if policy.fold { normal.as_str() } else { word };
    let limit = (policy.limit)(compared.chars().count());
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    let mut prefixed: Vec<&'a str> = Vec::new();
    let mut seen = HashSet::new();
    for candidate in candidates {
        if !seen.insert(candidate) {
            continue;
        }
        let folded = normalize(candidate);
        if policy.abbreviations
            && normal.len() >= 3
            && folded.starts_with(&normal)
            && candidate != word
        {
            prefixed.push(candidate);
        }
        if candidate == word {
            continue;
        }
        let distance = if policy.fold {
            strsim::osa_distance(&normal, &folded)
        } else if folded == normal {
            1
        } else {
            strsim::osa_distance(word, candidate)
        };
        if distance > limit {
            continue;
        }
        match best {
            Some((d, _)) if distance > d => {}
            Some((d, _)) if distance == d => tie = true,
            _ => {
                best = Some((distance, candidate));
                tie = false;
            }
        }
    }
    if tie && policy.unique {
        return None;
    }
    best.map(|(_, c)| c).or(match prefixed.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

fn normalize(word: &str) -> String {
    word.to_ascii_lowercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses() {
        let keys = [
            "resource_class",
            "working_directory",
            "steps",
            "docker",
            "environment",
        ];
        assert_eq!(suggest("resource-class", keys), Some("resource_class"));
        assert_eq!(suggest("enviroment", keys), Some("environment"));
        assert_eq!(suggest("step", keys), Some("steps"));
        assert_eq!(suggest("dokcer", keys), Some("docker"));
        assert_eq!(suggest("Steps", keys), Some("steps"));
        assert_eq!(suggest("image", keys), None);
        assert_eq!(suggest("env", keys), Some("environment"));
        assert_eq!(suggest("wor", ["working_directory", "workflows"]), None);
        assert_eq!(suggest("steps", keys), None);
    }

    #[test]
    fn names_must_be_unambiguous() {
        assert_eq!(suggest_name("biuld", ["build", "test"]), Some("build"));
        assert_eq!(suggest_name("Build", ["build"]), Some("build"));
        assert_eq!(suggest_name("build_x", ["build-x"]), Some("build-x"));
        // Two names one edit away: no guess.
        assert_eq!(suggest_name("tst", ["test", "tsx"]), None);
        assert_eq!(suggest_name("deploy", ["build", "test"]), None);
        assert_eq!(suggest_name("build", ["build"]), None);
    }
}
