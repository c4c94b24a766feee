//! A string that shares the document's text instead of owning a copy.
//!
//! Most YAML scalars read exactly as they are written, so the tree's scalar values point into
//! the one shared text: no allocation per scalar, and an alias copy costs a reference count.
//! Values that differ from their source (escapes, folded lines, block scalars) own their text.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

/// `len` meaning "to the end of `text`": an owned value, or a slice too far into a text of
/// more than 4 GiB for `u32` offsets.
const TO_END: u32 = u32::MAX;

/// An immutable string: a range of a shared text, or a text of its own. Compares, hashes,
/// orders and prints as the `str` it holds.
#[derive(Clone)]
pub struct SharedStr {
    text: Arc<str>,
    start: u32,
    len: u32,
}

impl SharedStr {
    /// `text[range]`, sharing `text`. A range outside `text` or off a character boundary
    /// gives the empty string.
    pub fn slice(text: &Arc<str>, range: Range<usize>) -> SharedStr {
        let Some(value) = text.get(range.clone()) else {
            return SharedStr::from("");
        };
        match (u32::try_from(range.start), u32::try_from(value.len())) {
            (Ok(start), Ok(len)) if len != TO_END => SharedStr {
                text: text.clone(),
                start,
                len,
            },
            _ => SharedStr::from(value),
        }
    }

    /// The same string for a new version of the text: a slice of `from` becomes the slice of
    /// `to` at the offset `map` gives; any other value is shared as it is. A slice that would
    /// not fit `to` becomes a value of its own.
    pub fn rebased(
        &self,
        from: &Arc<str>,
        to: &Arc<str>,
        map: impl Fn(usize) -> usize,
    ) -> SharedStr {
        if self.len == TO_END || !Arc::ptr_eq(&self.text, from) {
            return self.clone();
        }
        let start = map(self.start as usize);
        let end = start + self.len as usize;
        if to.get(start..end) == Some(self.as_str()) {
            SharedStr::slice(to, start..end)
        } else {
            SharedStr::from(self.as_str())
        }
    }

    /// Whether this is a slice of `text` (not a value of its own or a slice of another text).
    pub fn shares(&self, text: &Arc<str>) -> bool {
        self.len != TO_END && Arc::ptr_eq(&self.text, text)
    }

    /// The string. Inlined across crates: rules compare keys through it all the time.
    #[inline]
    pub fn as_str(&self) -> &str {
        let start = self.start as usize;
        let end = if self.len == TO_END {
            self.text.len()
        } else {
            start + self.len as usize
        };
        debug_assert!(self.text.get(start..end).is_some());
        // SAFETY: `slice` keeps only a range that `str::get` accepted on this same text (in
        // bounds, on character boundaries), an owned value covers its whole text, and neither
        // the text nor the range changes after construction. Unchecked because rules compare
        // keys through here all the time and the checks showed in profiles.
        unsafe { self.text.get_unchecked(start..end) }
    }
}

impl Deref for SharedStr {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr::from("")
    }
}

impl From<&str> for SharedStr {
    fn from(value: &str) -> SharedStr {
        SharedStr {
            text: Arc::from(value),
            start: 0,
            len: TO_END,
        }
    }
}

impl From<String> for SharedStr {
    fn from(value: String) -> SharedStr {
        SharedStr {
            text: Arc::from(value),
            start: 0,
            len: TO_END,
        }
    }
}

impl From<SharedStr> for String {
    fn from(value: SharedStr) -> String {
        value.as_str().to_string()
    }
}

impl PartialEq for SharedStr {
    #[inline]
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// Equality with the other string types, both ways round.
macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for SharedStr {
            #[inline]
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SharedStr> for $other {
            #[inline]
            fn eq(&self, other: &SharedStr) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_with!(str, &str, String);

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_the_text() {
        let text: Arc<str> = Arc::from("key: value");
        let value = SharedStr::slice(&text, 5..10);
        assert_eq!(value, "value");
        assert_eq!(value.as_str(), "value");
        assert_eq!(Arc::strong_count(&text), 2);
        let copy = value.clone();
        assert_eq!(Arc::strong_count(&text), 3);
        assert_eq!(copy, value);
        assert_eq!(format!("{copy:?} {copy}"), "\"value\" value");
    }

    #[test]
    fn bad_ranges_give_the_empty_string() {
        let text: Arc<str> = Arc::from("日本");
        assert_eq!(SharedStr::slice(&text, 1..3), "");
        assert_eq!(SharedStr::slice(&text, 3..99), "");
        assert_eq!(SharedStr::slice(&text, 3..6), "本");
    }

    #[test]
    fn rebased_slices_share_the_new_text() {
        let old: Arc<str> = Arc::from("a: one\nb: two");
        let new: Arc<str> = Arc::from("a: one!\nb: two");
        let two = SharedStr::slice(&old, 10..13);
        let moved = two.rebased(&old, &new, |o| o + 1);
        assert_eq!(moved, "two");
        assert!(moved.shares(&new) && !moved.shares(&old));
        // A slice of another text, or a value of its own, stays as it is.
        let owned = SharedStr::from("two");
        assert!(!owned.rebased(&old, &new, |o| o + 1).shares(&new));
        // A map that lands elsewhere makes a value of its own rather than a wrong slice.
        let wrong = two.rebased(&old, &new, |o| o);
        assert_eq!(wrong, "two");
        assert!(!wrong.shares(&new));
    }

    #[test]
    fn owned_values_compare_like_strings() {
        let owned = SharedStr::from("a\nb".to_string());
        assert_eq!(owned, *"a\nb");
        assert_eq!("a\nb", owned);
        assert_eq!(String::from("a\nb"), owned);
        let (a, b) = (SharedStr::from("a"), SharedStr::from("b"));
        assert_eq!(a.cmp(&b), std::cmp::Ordering::Less);
        assert_eq!(SharedStr::default(), "");
        let set: std::collections::HashSet<SharedStr> = [SharedStr::from("x")].into();
        assert!(set.contains("x"));
    }
}
