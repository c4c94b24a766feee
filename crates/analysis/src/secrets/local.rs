//! Credentials that configure containers the job starts itself: a test database's password
//! is not an account's secret. Decided by the config's structure: a value written in a
//! service container's `environment` (any image after the first in a `docker` list) is local
//! wherever the config repeats it, so `DATABASE_PASSWORD: sekret` beside a
//! `cimg/postgres` image with `POSTGRES_PASSWORD: sekret` is a test credential whatever the
//! variable is called.

use std::collections::HashSet;

use syntax::yaml::{Node, NodeKind};

/// What the config says about the containers it starts.
#[derive(Default)]
pub struct LocalServices {
    /// Literal values written in service containers' environments.
    values: HashSet<String>,
    /// Whether any job starts containers of its own: a service image beside the primary one,
    /// or a machine where `docker compose` may run them.
    starts_containers: bool,
}

impl LocalServices {
    pub fn read(roots: &[&Node]) -> LocalServices {
        let mut out = LocalServices::default();
        for root in roots {
            out.visit(root, 0);
        }
        out
    }

    /// True when `value` configures a service container of this config.
    pub fn holds(&self, value: &str) -> bool {
        self.values.contains(value.trim())
    }

    /// True when a variable named for a local service (`POSTGRES_PASSWORD`) can configure one:
    /// the config starts containers. Without them such a name points at a remote database.
    pub fn named_service_is_local(&self) -> bool {
        self.starts_containers
    }

    fn visit(&mut self, node: &Node, depth: usize) {
        // Configs nest a few levels; a bound keeps a hostile tree from recursing deeply.
        if depth > 64 {
            return;
        }
        match &node.kind {
            NodeKind::Mapping(map) => {
                for entry in map.entries.iter() {
                    match entry.key.as_str() {
                        Some("docker") => self.docker(&entry.value),
                        Some("machine") => self.starts_containers = true,
                        _ => {}
                    }
                    self.visit(&entry.value, depth + 1);
                }
            }
            NodeKind::Sequence(seq) => {
                for item in seq.items.iter() {
                    self.visit(item, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The service images of a `docker` list: every image after the first.
    fn docker(&mut self, list: &Node) {
        let Some(seq) = list.as_sequence() else {
            return;
        };
        for image in seq.items.iter().skip(1) {
            self.starts_containers = true;
            let Some(env) = image.get("environment").and_then(Node::as_mapping) else {
                continue;
            };
            for entry in env.entries.iter() {
                if let Some(v) = entry
                    .value
                    .as_str()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                {
                    self.values.insert(v.to_string());
                }
            }
        }
    }
}
