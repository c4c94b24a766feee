//! A whole text with its literal secrets shown as `••••`, for `fix --diff`: the spans the
//! findings name and those the detectors find. Line breaks inside a secret stay, so the
//! diff's lines still line up with the file's.

use analysis::diagnostics::Finding;
use analysis::docker::rules::LITERAL_SECRET;
use analysis::secrets::redact::{secret_spans, REDACTED};
use syntax::yaml::Span;

pub fn mask_secrets(text: &str, findings: &[Finding]) -> String {
    let mut spans: Vec<Span> = findings
        .iter()
        .filter(|f| f.code == LITERAL_SECRET.code)
        .map(|f| f.span)
        .collect();
    spans.extend(secret_spans(text));
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        let (start, end) = (span.start.max(at), span.end.min(text.len()));
        let (Some(before), Some(secret)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        for (i, part) in secret.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !part.trim_end_matches('\r').is_empty() {
                out.push_str(REDACTED);
            }
            if part.ends_with('\r') {
                out.push('\r');
            }
        }
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_and_lines_kept() {
        let text = "a: ghp_abcdefghijklmnopqrstuvwxyz0123456789\nb: 1\n";
        assert_eq!(mask_secrets(text, &[]), "a: ••••\nb: 1\n");
    }
}
