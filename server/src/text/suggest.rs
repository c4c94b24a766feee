//! "Did you mean" suggestions for misspelt keys and values.

/// The candidate closest to `word`, if it is close enough to be a likely typo: the same word
/// in another case or with `-` for `_`, or within a small edit distance.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let normal = normalize(word);
    let limit = match normal.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    let mut prefixed: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        if normal.len() >= 3 && normalize(candidate).starts_with(&normal) && candidate != word {
            prefixed.push(candidate);
        }
        if candidate == word {
            continue;
        }
        let distance = edit_distance(&normal, &normalize(candidate));
        if distance > limit {
            continue;
        }
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    // An abbreviation of exactly one key (`env` for `environment`) is a good guess too.
    best.map(|(_, c)| c).or(match prefixed.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

fn normalize(word: &str) -> String {
    word.to_ascii_lowercase().replace('-', "_")
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
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
}
