//! URIs that are not valid RFC 3986, as some clients send them (a raw space, raw Unicode).
//!
//! tower-lsp-server's `Uri` type rejects them, which would drop the message. The guard escapes
//! such URIs before the server sees them and remembers the client's spelling; the output relay
//! puts that spelling back, so every answer names the document as the client did.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

/// Fields of LSP params that hold a URI.
const URI_KEYS: &[&str] = &[
    "uri",
    "rootUri",
    "scopeUri",
    "targetUri",
    "baseUri",
    "oldUri",
    "newUri",
];

/// At most this many spellings are remembered; later invalid URIs are passed on unescaped.
const MAX_REMEMBERED: usize = 10_000;

/// Escaped URI → the client's spelling, shared by the guard and the output relay.
#[derive(Clone, Default)]
pub struct UriMap(Arc<Mutex<HashMap<String, String>>>);

impl UriMap {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Escapes the invalid URIs in `params`; true when any was changed. A URI that stays
    /// invalid is logged with the reason (the server cannot take the message).
    pub fn escape(&self, params: &mut Value) -> bool {
        match params {
            Value::Object(map) => {
                let mut changed = false;
                for (key, value) in map.iter_mut() {
                    match value {
                        Value::String(s) if URI_KEYS.contains(&key.as_str()) => {
                            changed |= self.escape_one(key, s);
                        }
                        Value::String(_) => {}
                        _ => changed |= self.escape(value),
                    }
                }
                changed
            }
            Value::Array(items) => {
                // Every item is visited: `any` would stop at the first change.
                let mut changed = false;
                for item in items {
                    changed |= self.escape(item);
                }
                changed
            }
            _ => false,
        }
    }

    /// Escapes one URI field if it needs it; true when it was changed.
    fn escape_one(&self, key: &str, s: &mut String) -> bool {
        let Err(error) = s.parse::<Uri>() else {
            return false;
        };
        let escaped = percent_escape(s);
        if let Err(still) = escaped.parse::<Uri>() {
            tracing::warn!(
                field = key,
                uri = %shown(s),
                reason = %reason(s, &error, &still),
                "a URI the server cannot read; the message is dropped"
            );
            return false;
        }
        let mut map = self.lock();
        if map.len() >= MAX_REMEMBERED && !map.contains_key(&escaped) {
            tracing::warn!(
                field = key,
                "too many URIs needed escaping; this one is passed on as the client sent it"
            );
            return false;
        }
        map.insert(escaped.clone(), s.clone());
        *s = escaped;
        true
    }

    /// Puts the client's spelling back into an outgoing message body.
    pub fn restore(&self, body: Vec<u8>) -> Vec<u8> {
        let map = self.lock();
        if map.is_empty() || !map.keys().any(|k| contains(&body, k.as_bytes())) {
            return body;
        }
        let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        restore_value(&mut value, &map);
        serde_json::to_vec(&value).unwrap_or(body)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn restore_value(value: &mut Value, map: &HashMap<String, String>) {
    match value {
        Value::String(s) => {
            if let Some(original) = map.get(s.as_str()) {
                *s = original.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| restore_value(v, map)),
        Value::Object(obj) => {
            // Workspace edits key their changes by URI.
            let renamed: Vec<(String, String)> = obj
                .keys()
                .filter_map(|k| map.get(k).map(|o| (k.clone(), o.clone())))
                .collect();
            for (escaped, original) in renamed {
                if let Some(v) = obj.remove(&escaped) {
                    obj.insert(original, v);
                }
            }
            obj.values_mut().for_each(|v| restore_value(v, map));
        }
        _ => {}
    }
}

/// Percent-encodes every byte RFC 3986 does not allow as it stands. `[` and `]` are
/// allowed only in the authority (an IPv6 host); in a path they are escaped.
pub fn percent_escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let authority = authority(s);
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let bracket = b == b'[' || b == b']';
        let allowed = b.is_ascii_alphanumeric()
            || b"-._~:/?#@!$&'()*+,;=".contains(&b)
            || (bracket && authority.contains(&i));
        let escape_sequence = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if allowed || escape_sequence {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The byte range of a URI's authority (after `scheme://`, up to the path).
fn authority(s: &str) -> std::ops::Range<usize> {
    let Some(start) = s.find("://").map(|i| i + 3) else {
        return 0..0;
    };
    let len = s
        .get(start..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .unwrap_or(s.len() - start);
    start..start + len
}

/// Why a URI cannot be read, for the log.
fn reason(s: &str, error: &dyn std::fmt::Display, escaped: &dyn std::fmt::Display) -> String {
    let scheme = s
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '\\']));
    if !scheme {
        return "no scheme: a path must be sent as a `file://` URI".to_string();
    }
    format!("{error}; escaped, still: {escaped}")
}

/// A URI for the log: control characters escaped, at most 200 characters.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(200).collect();
    syntax::text::escape::escape_controls(&cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_uris_are_escaped_and_restored() {
        let map = UriMap::default();
        let original = "file:///srv/me/my project/.circleci/cönfig.yml";
        let mut params = json!({"textDocument": {"uri": original, "text": "a b"}});
        assert!(map.escape(&mut params));
        let escaped = params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            escaped,
            "file:///srv/me/my%20project/.circleci/c%C3%B6nfig.yml"
        );
        assert_eq!(params["textDocument"]["text"], json!("a b"));
        let out = json!({"uri": escaped, "changes": {escaped.clone(): []}});
        let back: Value =
            serde_json::from_slice(&map.restore(serde_json::to_vec(&out).unwrap_or_default()))
                .unwrap_or_default();
        assert_eq!(back, json!({"uri": original, "changes": {original: []}}));
    }

    #[test]
    fn brackets_in_a_path_are_escaped_and_kept_in_a_host() {
        let map = UriMap::default();
        let original = "file:///srv/app[1]/.circleci/config.yml";
        let mut params = json!({"textDocument": {"uri": original}});
        assert!(map.escape(&mut params));
        assert_eq!(
            params["textDocument"]["uri"],
            json!("file:///srv/app%5B1%5D/.circleci/config.yml")
        );
        assert_eq!(
            percent_escape("http://[::1]:8080/a[b]"),
            "http://[::1]:8080/a%5Bb%5D"
        );
    }

    #[test]
    fn a_bare_path_is_left_and_its_reason_named() {
        let map = UriMap::default();
        let mut params = json!({"textDocument": {"uri": "/srv/p/.circleci/config.yml"}});
        assert!(!map.escape(&mut params));
        let error = "/srv/p".parse::<Uri>().err();
        let reason = error.map(|e| reason("/srv/p", &e, &e)).unwrap_or_default();
        assert!(reason.starts_with("no scheme"), "{reason}");
    }

    #[test]
    fn valid_uris_are_left_alone() {
        let map = UriMap::default();
        let mut params = json!({"textDocument": {"uri": "file:///p/.circleci/a%20b.yml"}});
        assert!(!map.escape(&mut params));
        let body = b"{\"uri\":\"file:///x\"}".to_vec();
        assert_eq!(map.restore(body.clone()), body);
    }
}
