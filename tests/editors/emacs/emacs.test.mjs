// Emacs test: batch Emacs (Debian's Emacs with eglot and yaml-mode) loads the
// eglot snippet exactly as editors/README.md shows it and talks to the real
// server: CircleCI files get the server and its diagnostics, the snippet's
// initializationOptions reach it, and other YAML files get no server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { freshWorkspace, removeFolder, repoRoot, requireFile, serverBinary, testsDir } from "../lib.mjs";

const emacs = process.env.EMACS ?? "/usr/bin/emacs";

test("Emacs eglot runs circleci-ls with the README snippet", () => {
  requireFile(emacs, "run .ci/editors.sh to install Emacs");
  requireFile(serverBinary, "run cargo build --release");
  const readme = fs.readFileSync(path.join(repoRoot, "editors", "README.md"), "utf8");
  const snippets = [...readme.matchAll(/```elisp\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(snippets.length, 1, "expected one elisp snippet in editors/README.md");

  const { dir, workspace } = freshWorkspace("circleci-ls-emacs-");
  const snippetPath = path.join(dir, "snippet.el");
  const resultPath = path.join(dir, "result.json");
  fs.writeFileSync(snippetPath, snippets[0]);
  // eglot finds the project through version control.
  fs.mkdirSync(path.join(workspace, ".git"));
  const run = spawnSync(emacs, ["--batch", "-l", path.join(testsDir, "emacs", "probe.el")], {
    cwd: workspace,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      ...process.env,
      HOME: dir,
      PATH: `${path.dirname(serverBinary)}:${process.env.PATH}`,
      CIRCLECI_LS_SNIPPET: snippetPath,
      CIRCLECI_LS_WORKSPACE: workspace,
      CIRCLECI_LS_E2E_RESULT: resultPath,
    },
  });
  if (!fs.existsSync(resultPath)) {
    throw new Error(`emacs wrote no result (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const result = JSON.parse(fs.readFileSync(resultPath, "utf8"));
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.brokenMode, "circleci-yaml-mode");
  assert.equal(result.brokenManaged, true);
  assert.equal(result.broken.filter((text) => text.includes("yaml-syntax")).length, 1, JSON.stringify(result.broken));
  assert.equal(result.validManaged, true);
  assert.deepEqual(result.valid, [], "docker-hub-rate-limit is off in the snippet's initializationOptions");
  assert.equal(result.otherMode, "yaml-mode");
  assert.equal(result.otherManaged, false);
  removeFolder(dir);
});
