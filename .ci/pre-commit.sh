#!/usr/bin/env bash
# Runs this repository's pre-commit hook with pre-commit from PyPI on a sample repository: a
# commit with a broken CircleCI config must be refused, the same commit with it fixed accepted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
REV=$(git rev-parse HEAD)

# docs/ci.md pins a commit of main (no release is tagged yet): it must be in this repository's
# history and define the hook the example uses.
DOC_REV=$(sed -n 's/^ *rev: \([0-9a-f]\{40\}\).*/\1/p' docs/ci.md)
if [ -z "$DOC_REV" ] || ! git cat-file -e "$DOC_REV^{commit}" 2>/dev/null; then
  echo "docs/ci.md pins '$DOC_REV', which is not a commit of this repository (a shallow clone? git fetch --unshallow)" >&2
  exit 1
fi
if ! git show "$DOC_REV:.pre-commit-hooks.yaml" | grep -qx -- "- id: circleci-ls"; then
  echo "the commit docs/ci.md pins ($DOC_REV) has no circleci-ls hook" >&2
  exit 1
fi
echo "docs/ci.md's pinned commit $DOC_REV has the circleci-ls hook"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$WORK/cache"
# pre-commit builds the hook with `cargo install`; sharing the target dir reuses the
# dependencies the CI build already compiled.
export CARGO_TARGET_DIR="$REPO/target"

mkdir -p "$WORK/sample/.circleci"
cd "$WORK/sample"
git init -q
git config user.email ci@example.invalid
git config user.name "circleci-ls CI"
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $REPO
    rev: $REV
    hooks:
      - id: circleci-ls
EOF
"$WORK/venv/bin/pre-commit" install

cat > .circleci/config.yml <<'EOF'
version: 2.1
jobs:
  build:
    machine:
      image: ubuntu-2404:current
    steps: [checkout]
workflows:
  main:
    jobs: [build, deploy]
EOF
git add -A
if git commit -q -m "a config with an undefined job" > "$WORK/bad.log" 2>&1; then
  cat "$WORK/bad.log"
  echo "pre-commit: the commit with an undefined job was accepted" >&2
  exit 1
fi
grep -q "error\[undefined-job\]" "$WORK/bad.log" || { cat "$WORK/bad.log"; echo "pre-commit: no finding shown" >&2; exit 1; }

sed -i 's/jobs: \[build, deploy\]/jobs: [build]/' .circleci/config.yml
git add -A
if ! git commit -q -m "a good config" > "$WORK/good.log" 2>&1; then
  cat "$WORK/good.log"
  echo "pre-commit: the commit with a good config was refused" >&2
  exit 1
fi
echo "pre-commit hook: refused the broken commit, accepted the fixed one"
