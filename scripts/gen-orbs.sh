#!/usr/bin/env bash
# Regenerates data/orbs.json from packed orb sources (default: ../shared/orbs-minors).
# Deterministic: running it twice on the same sources writes the same file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run --quiet --example gen_orbs -- "$@"
