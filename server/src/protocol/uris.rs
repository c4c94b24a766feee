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

    /// Escapes the invalid URIs in `params`; true when any was changed.
    pub fn escape(&self, params: &mut Value) -> bool {
        match params {
            Value::Object(map) => {
                let mut changed = false;
                for (key, value) in map.iter_mut() {
                    if let Value::String(s) = value {
                        if URI_KEYS.contains(&key.as_str()) && s.parse::<Uri>().is_err() {
                            let escaped = percent_escape(s);
                            if escaped.parse::<Uri>().is_ok() {
                                let mut map = self.lock();
                                if map.len() < MAX_REMEMBERED || map.contains_key(&escaped) {
                                    map.insert(escaped.clone(), s.clone());
                                    *s = escaped;
                                    changed = true;
                                }
                            }
                        }
                    } else {
                        changed |= self.escape(value);
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

/// Percent-encodes every byte RFC 3986 does not allow as it stands.
pub fn percent_escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
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
    fn valid_uris_are_left_alone() {
        let map = UriMap::default();
        let mut params = json!({"textDocument": {"uri": "file:///p/.circleci/a%20b.yml"}});
        assert!(!map.escape(&mut params));
        let body = b"{\"uri\":\"file:///x\"}".to_vec();
        assert_eq!(map.restore(body.clone()), body);
    }
}
