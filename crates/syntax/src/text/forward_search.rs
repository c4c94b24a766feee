//! Repeated forward searches for one pattern in one text in amortised linear time: a scanner
//! that looks for the `>>` closing each `<<` it meets would otherwise search the rest of the
//! text again for every unclosed `<<`.

/// The next occurrence of a pattern at or after a position that only moves forward.
#[derive(Debug)]
pub struct NextMatch<'s> {
    text: &'s str,
    pattern: &'s str,
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl<'s> NextMatch<'s> {
    pub fn new(text: &'s str, pattern: &'s str) -> NextMatch<'s> {
        NextMatch {
            text,
            pattern,
            last: None,
        }
    }

    /// The byte offset of the first occurrence that starts at or after `from`. Searches again
    /// only when `from` is past the last occurrence found, so every byte is searched once when
    /// `from` never decreases.
    pub fn at_or_after(&mut self, from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.last {
            if from >= searched_from && found.is_none_or(|f| f >= from) {
                return found;
            }
        }
        let found = self
            .text
            .get(from..)
            .and_then(|rest| rest.find(self.pattern))
            .map(|p| from + p);
        self.last = Some((from, found));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::NextMatch;

    #[test]
    fn matches_a_fresh_search_from_every_position() {
        let text = "a >> b << c >>>> d <<";
        for pattern in [">>", "<<", "\n", "d"] {
            let mut next = NextMatch::new(text, pattern);
            for from in 0..=text.len() + 1 {
                let fresh = text
                    .get(from..)
                    .and_then(|r| r.find(pattern))
                    .map(|p| from + p);
                assert_eq!(next.at_or_after(from), fresh, "{pattern:?} from {from}");
            }
        }
        // Going back is answered too, by a new search.
        let mut next = NextMatch::new(text, ">>");
        assert_eq!(next.at_or_after(10), Some(12));
        assert_eq!(next.at_or_after(0), Some(2));
    }
}
