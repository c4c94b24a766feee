//! The LSP layer: the only code that knows the protocol and its position encodings.

mod capabilities;
pub mod convert;
mod framing;
mod handlers;
mod server;

pub use capabilities::ClientCaps;
pub use server::Backend;

use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{LspService, Server};

/// CircleCI configs are recognised by path, whatever `languageId` the client sends: a
/// `.yml`/`.yaml` file inside a `.circleci` directory.
pub fn is_circleci_uri(uri: &Uri) -> bool {
    is_circleci_path(uri.as_str())
}

pub fn is_circleci_path(path: &str) -> bool {
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or(path)
        .replace('\\', "/");
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".yml") || lower.ends_with(".yaml")) {
        return false;
    }
    let dirs: Vec<&str> = path.split('/').collect();
    let parents = dirs.len().saturating_sub(1);
    dirs.iter()
        .take(parents)
        .any(|d| *d == ".circleci" || d.eq_ignore_ascii_case("%2Ecircleci"))
}

/// Serves LSP on stdin/stdout until the client sends `exit` or closes the stream.
pub async fn serve_stdio() {
    let stdin = tokio::io::stdin();
    let stdout = tokio::io::stdout();
    let (to_server, from_guard) = tokio::io::duplex(1 << 16);
    tokio::spawn(framing::sanitize(stdin, to_server));
    let (service, socket) = LspService::build(Backend::new)
        .custom_method(framing::PARSE_ERROR_METHOD, Backend::parse_error)
        .custom_method(framing::INVALID_REQUEST_METHOD, Backend::invalid_request)
        .finish();
    Server::new(from_guard, stdout, socket).serve(service).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_circleci_paths() {
        assert!(is_circleci_path("file:///home/u/proj/.circleci/config.yml"));
        assert!(is_circleci_path(
            "file:///c%3A/work/.circleci/continue.YAML"
        ));
        assert!(is_circleci_path("file:///p/.circleci/workflows/deploy.yml"));
        assert!(is_circleci_path("C:\\p\\.circleci\\config.yml"));
        assert!(!is_circleci_path("file:///p/.github/workflows/ci.yml"));
        assert!(!is_circleci_path("file:///p/.circleci/README.md"));
        assert!(!is_circleci_path("file:///p/circleci/config.yml"));
        assert!(!is_circleci_path("file:///p/.circleci.yml"));
    }
}
