//! Which plain words are booleans. CircleCI reads configs with a YAML 1.1 parser, so `yes`,
//! `on` and their capitalised forms are booleans too, not only `true` and `false`.
//! See <https://yaml.org/type/bool.html> and <https://circleci.com/docs/reusing-config/#boolean>.

/// The boolean a plain word means in YAML 1.1 as CircleCI's parser reads it: the lower-case,
/// capitalised and upper-case forms of `true`, `yes`, `on` and their opposites. Mixed case
/// (`tRue`) is a string, and so are `y` and `n`, as in common YAML 1.1 parsers.
pub fn yaml11_bool(word: &str) -> Option<bool> {
    match word {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// The boolean a word means where CircleCI expects one (a boolean key or parameter): the
/// YAML 1.1 booleans plus the short `y` and `n` its documentation lists.
pub fn circleci_bool(word: &str) -> Option<bool> {
    match word {
        "y" | "Y" => Some(true),
        "n" | "N" => Some(false),
        _ => yaml11_bool(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for w in [
            "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
        ] {
            assert_eq!(yaml11_bool(w), Some(true), "{w}");
        }
        for w in [
            "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF",
        ] {
            assert_eq!(yaml11_bool(w), Some(false), "{w}");
        }
        for w in ["tRue", "yES", "y", "n", "1", "", "truthy"] {
            assert_eq!(yaml11_bool(w), None, "{w}");
        }
        assert_eq!(circleci_bool("y"), Some(true));
        assert_eq!(circleci_bool("N"), Some(false));
        assert_eq!(circleci_bool("off"), Some(false));
        assert_eq!(circleci_bool("nO"), None);
    }
}
