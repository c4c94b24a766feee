//! "Did you mean" suggestions for misspelt keys, values and names.
//!
//! One search with two policies: keys and values of the knowledge table ignore case and `-`
//! versus `_` and accept a unique abbreviation (`env` for `environment`); names the config
//! defines count a case or separator difference as one edit and give nothing when two names
//! are equally close. Distances are optimal string alignment (a swap of neighbours is one
//! edit), computed only as far as the limit needs.

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

/// Every candidate is screened without allocating: only one within the length difference the
/// limit allows, or an abbreviation, is compared in full. A mapping with thousands of unknown
/// keys asks this once per key.
fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    policy: &Policy,
) -> Option<&'a str> {
    let normal = normalize(word);
    let compared = if policy.fold { normal.as_str() } else { word };
    let compared_chars = compared.chars().count();
    let limit = (policy.limit)(compared_chars);
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    let mut prefixed: Vec<&'a str> = Vec::new();
    let mut seen = HashSet::new();
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let abbreviation =
            policy.abbreviations && normal.len() >= 3 && folded_starts_with(candidate, &normal);
        // Folding keeps the character count, and an edit distance is at least the difference
        // in length.
        let near = candidate.chars().count().abs_diff(compared_chars) <= limit;
        if !(abbreviation || near) || !seen.insert(candidate) {
            continue;
        }
        if abbreviation {
            prefixed.push(candidate);
        }
        let Some(distance) = near
            .then(|| distance(word, &normal, candidate, policy, limit))
            .flatten()
        else {
            continue;
        };
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

/// The edit distance between `word` (folded: `normal`) and `candidate` under `policy`, or
/// `None` when it is over `limit`.
fn distance(
    word: &str,
    normal: &str,
    candidate: &str,
    policy: &Policy,
    limit: usize,
) -> Option<usize> {
    if policy.fold {
        osa_within(normal, &normalize(candidate), limit)
    } else if normalize(candidate) == normal {
        Some(1)
    } else {
        osa_within(word, candidate, limit)
    }
}

/// The optimal string alignment distance (insertions, deletions, substitutions and swaps of
/// neighbours, counted in characters), or `None` as soon as it must exceed `limit`.
fn osa_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return osa_slices(a.as_bytes(), b.as_bytes(), limit);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_slices(&a, &b, limit)
}

/// Row by row over `a`, keeping the two rows before: a row whose every cell is over `limit`
/// after one that is too means no later row can come back under it.
fn osa_slices<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    let (mut before, mut last, mut row) = (0, width, 2 * width);
    for (j, cell) in rows[last..last + width].iter_mut().enumerate() {
        *cell = j;
    }
    let mut last_over = false;
    for (i, ca) in a.iter().enumerate() {
        rows[row] = i + 1;
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (rows[last + j] + cost)
                .min(rows[last + j + 1] + 1)
                .min(rows[row + j] + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                d = d.min(rows[before + j - 1] + 1);
            }
            rows[row + j + 1] = d;
            row_min = row_min.min(d);
        }
        let over = row_min > limit;
        if over && last_over {
            return None;
        }
        last_over = over;
        (before, last, row) = (last, row, before);
    }
    let d = rows[last + b.len()];
    (d <= limit).then_some(d)
}

fn normalize(word: &str) -> String {
    word.to_ascii_lowercase().replace('-', "_")
}

/// `normalize(candidate).starts_with(normal)`, without building the normalized string.
fn folded_starts_with(candidate: &str, normal: &str) -> bool {
    let fold = |b: u8| {
        if b == b'-' {
            b'_'
        } else {
            b.to_ascii_lowercase()
        }
    };
    candidate.len() >= normal.len()
        && candidate
            .bytes()
            .zip(normal.bytes())
            .all(|(c, n)| fold(c) == n)
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

    /// The search before candidates were screened by length, as the reference.
    fn closest_unscreened<'a>(
        word: &str,
        candidates: &[&'a str],
        policy: &Policy,
    ) -> Option<&'a str> {
        let normal = normalize(word);
        let compared = if policy.fold { normal.as_str() } else { word };
        let limit = (policy.limit)(compared.chars().count());
        let mut best: Option<(usize, &'a str)> = None;
        let mut tie = false;
        let mut prefixed = Vec::new();
        let mut seen = HashSet::new();
        for &candidate in candidates {
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

    #[test]
    fn screening_by_length_changes_no_answer() {
        let candidates = [
            "resource_class",
            "working_directory",
            "steps",
            "docker",
            "environment",
            "env",
            "Build-X",
            "build_x",
            "test",
            "tsx",
            "tst",
            "parallelism",
            "machine",
            "macos",
            "steps",
            "environment",
            "ünïcode",
            "a",
            "",
        ];
        let mut words: Vec<String> = Vec::new();
        for c in candidates {
            words.push(c.to_string());
            words.push(c.to_uppercase());
            for cut in 0..c.len() {
                if let (Some(a), Some(b)) = (c.get(..cut), c.get(cut + 1..)) {
                    words.push(format!("{a}{b}"));
                    words.push(format!("{a}x{b}"));
                    words.push(format!("{a}-{b}xy"));
                }
                if let Some(a) = c.get(..cut) {
                    words.push(a.to_string());
                }
            }
        }
        for word in &words {
            for policy in [&KEYS, &NAMES] {
                assert_eq!(
                    closest(word, candidates, policy),
                    closest_unscreened(word, &candidates, policy),
                    "{word:?}"
                );
            }
        }
    }

    #[test]
    fn bounded_distance_matches_strsim() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "kitten",
            "sitting",
            "ca",
            "abc",
            "steps",
            "step",
            "spets",
            "working_directory",
            "wokring_directroy",
            "日本語",
            "日語本",
            "ünïcode",
        ];
        for a in words {
            for b in words {
                let full = strsim::osa_distance(a, b);
                for limit in 0..5 {
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(osa_within(a, b, limit), expected, "{a:?} {b:?} {limit}");
                }
            }
        }
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
