// Test-only extension. When CIRCLECI_LS_E2E_RESULT is set it opens the
// fixture files named in CIRCLECI_LS_E2E_EXPECT, waits for circleci-ls to
// answer, and writes the diagnostics, hover and completion it got to the
// result file. The test driver (vscode.test.mjs) makes the assertions.
"use strict";

const fs = require("node:fs");
const vscode = require("vscode");

const SOURCE = "circleci-ls";
const TIMEOUT_MS = 60_000;

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function plainDiagnostic(d) {
  return {
    source: d.source,
    code: typeof d.code === "object" && d.code !== null ? String(d.code.value) : d.code,
    severity: ["error", "warning", "info", "hint"][d.severity],
    message: d.message,
    // Set when the server sent codeDescription: the code is then a link to the rule's docs.
    codeTarget: typeof d.code === "object" && d.code !== null ? String(d.code.target) : undefined,
    range: {
      start: { line: d.range.start.line, character: d.range.start.character },
      end: { line: d.range.end.line, character: d.range.end.character },
    },
  };
}

// Resolves with the document's circleci-ls diagnostics once `accept` likes
// them, or with `timedOut: true` after the time limit.
function waitForDiagnostics(uri, accept, timeoutMs = TIMEOUT_MS) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (timedOut) => {
      if (done) {
        return;
      }
      done = true;
      subscription.dispose();
      clearTimeout(timer);
      resolve({ timedOut, diagnostics: ours(uri).map(plainDiagnostic) });
    };
    const check = () => {
      if (accept(ours(uri))) {
        finish(false);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => finish(true), timeoutMs);
    check();
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function open(uri) {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function hoverText(hovers) {
  const parts = [];
  for (const hover of hovers ?? []) {
    for (const content of hover.contents) {
      parts.push(typeof content === "string" ? content : content.value);
    }
  }
  return parts;
}

function completionItems(list) {
  return Array.isArray(list) ? list : (list?.items ?? []);
}

function completionLabels(list) {
  const items = Array.isArray(list) ? list : (list?.items ?? []);
  return items.map((item) => (typeof item.label === "string" ? item.label : item.label.label));
}

// Hover and completion are retried briefly: the server may still be starting
// when the valid file is opened.
async function retry(fn, ok, attempts = 20) {
  let value;
  for (let i = 0; i < attempts; i++) {
    value = await fn();
    if (ok(value)) {
      return value;
    }
    await sleep(500);
  }
  return value;
}

// Issue 12 in the editor: a line typed at the list's indentation breaks the YAML for a
// moment (the findings must stay, the syntax error must read well), then an `auth:` block
// is completed with a plain `username: ` that reopens the suggestions.
async function flow(spec, uri, result, step) {
  const f = spec.flow;
  const document = await vscode.workspace.openTextDocument(uri);
  const at = new vscode.Position(f.breakAt.line, f.breakAt.character);
  const edit = async (range, text) => {
    const e = new vscode.WorkspaceEdit();
    e.replace(uri, range, text);
    await vscode.workspace.applyEdit(e);
  };
  step("break the YAML with a typed line");
  await edit(new vscode.Range(at, at), f.breakText);
  result.flowBroken = await waitForDiagnostics(uri, (ds) => ds.some((d) => plainDiagnostic(d).code === "yaml-syntax"));
  step("replace it with an auth block and complete inside it");
  const lineEnd = new vscode.Position(f.breakAt.line + 1, 0);
  await edit(new vscode.Range(at, lineEnd), f.authText);
  result.flowFixed = await waitForDiagnostics(uri, (ds) => !ds.some((d) => plainDiagnostic(d).code === "yaml-syntax"));
  const completeAt = new vscode.Position(f.completion.line, f.completion.character);
  result.flowCompletion = await retry(
    async () =>
      completionItems(await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", uri, completeAt))
        .filter((item) => (typeof item.label === "string" ? item.label : item.label.label) === f.plainKey.label)
        .map((item) => ({
          insertText: typeof item.insertText === "string" ? item.insertText : item.insertText?.value,
          snippet: typeof item.insertText === "object" && item.insertText !== null,
          command: item.command?.command,
        })),
    (items) => items.length > 0,
  );
  // Leave the file as it was on disk.
  await vscode.commands.executeCommand("workbench.action.files.revert");
  result.flowDocumentVersion = document.version;
}

function inlayHintLabels(hints) {
  return (hints ?? []).map((h) => ({
    position: { line: h.position.line, character: h.position.character },
    label: typeof h.label === "string" ? h.label : h.label.map((part) => part.value).join(""),
  }));
}

// Issue 21 in the editor: a line with a warning and a hint, hover on the flagged image, the
// inlay hint after a partial orb pin, and the extension's setting that turns it off.
async function signal(spec, root, result, step) {
  const sig = spec.signal;
  const uri = vscode.Uri.joinPath(root, sig.file);
  await open(uri);
  result.signal = await waitForDiagnostics(uri, (ds) =>
    [sig.shown, sig.hidden].every((code) => ds.some((d) => plainDiagnostic(d).code === code)),
  );
  const hoverAt = new vscode.Position(sig.hover.line, sig.hover.character);
  result.signalHover = await retry(
    async () => hoverText(await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, hoverAt)),
    (parts) => parts.length > 0,
  );
  const { start, end } = sig.inlayHintRange;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const hints = async () =>
    inlayHintLabels(await vscode.commands.executeCommand("vscode.executeInlayHintProvider", uri, range));
  result.inlayHints = await retry(hints, (h) => h.length > 0);
  step("turn the orb version inlay hints off");
  const config = vscode.workspace.getConfiguration("circleci-ls");
  await config.update("inlayHints.orbVersions", false, vscode.ConfigurationTarget.Global);
  result.inlayHintsOff = await retry(hints, (h) => h.length === 0);
  await config.update("inlayHints.orbVersions", undefined, vscode.ConfigurationTarget.Global);
}

async function run(resultPath, spec) {
  const result = { steps: [] };
  const step = (name) => result.steps.push(`${new Date().toISOString()} ${name}`);
  try {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (root === undefined) {
      throw new Error("no workspace folder is open");
    }
    result.extensionInstalled = vscode.extensions.getExtension("circleci-ls.circleci-ls") !== undefined;

    step("open broken config");
    const brokenUri = vscode.Uri.joinPath(root, spec.broken.file);
    const broken = await open(brokenUri);
    result.brokenLanguageId = broken.languageId;
    result.broken = await waitForDiagnostics(brokenUri, (ds) => ds.length > 0);

    step("open a YAML file outside .circleci");
    const otherUri = vscode.Uri.joinPath(root, spec.notCircleci.file);
    await open(otherUri);
    // Give a wrongly attached server ample time to publish.
    await sleep(3000);
    result.notCircleci = { diagnostics: ours(otherUri).map(plainDiagnostic) };

    const config = vscode.workspace.getConfiguration("circleci-ls");
    const code = spec.broken.code;
    step(`set ${code} to warning`);
    await config.update("rules", { [code]: "warning" }, vscode.ConfigurationTarget.Global);
    result.asWarning = await waitForDiagnostics(
      brokenUri,
      (ds) => ds.some((d) => plainDiagnostic(d).code === code && d.severity === vscode.DiagnosticSeverity.Warning),
    );
    step(`set ${code} to off`);
    await config.update("rules", { [code]: "off" }, vscode.ConfigurationTarget.Global);
    result.asOff = await waitForDiagnostics(brokenUri, (ds) => !ds.some((d) => plainDiagnostic(d).code === code));
    await config.update("rules", undefined, vscode.ConfigurationTarget.Global);
    result.restored = await waitForDiagnostics(
      brokenUri,
      (ds) => ds.some((d) => plainDiagnostic(d).code === code && d.severity === vscode.DiagnosticSeverity.Error),
    );

    step("restart the server");
    await vscode.commands.executeCommand("circleci-ls.restartServer");
    result.afterRestart = await waitForDiagnostics(brokenUri, (ds) => ds.some((d) => plainDiagnostic(d).code === code));

    step("hover and completion on the valid config");
    const validUri = vscode.Uri.joinPath(root, spec.valid.file);
    await open(validUri);
    const findingCode = spec.valid.finding.code;
    result.valid = await waitForDiagnostics(validUri, (ds) => ds.some((d) => plainDiagnostic(d).code === findingCode));
    const hoverAt = new vscode.Position(spec.valid.hover.line, spec.valid.hover.character);
    result.hover = await retry(
      async () => hoverText(await vscode.commands.executeCommand("vscode.executeHoverProvider", validUri, hoverAt)),
      (parts) => parts.length > 0,
    );
    const completeAt = new vscode.Position(spec.valid.completion.line, spec.valid.completion.character);
    result.completion = await retry(
      async () =>
        completionLabels(
          await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", validUri, completeAt),
        ),
      (labels) => labels.includes(spec.valid.completion.includes),
    );

    await flow(spec, validUri, result, step);
    step("a line with a warning and a hint, hover and inlay hints");
    await signal(spec, root, result, step);
    step("done");
  } catch (err) {
    result.error = err instanceof Error ? `${err.message}\n${err.stack}` : String(err);
  }
  // Written through a temporary name so the driver never reads half a file.
  fs.writeFileSync(`${resultPath}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${resultPath}.tmp`, resultPath);
}

function activate() {
  const resultPath = process.env.CIRCLECI_LS_E2E_RESULT;
  const specPath = process.env.CIRCLECI_LS_E2E_EXPECT;
  if (!resultPath || !specPath) {
    return;
  }
  const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
  void run(resultPath, spec);
}

module.exports = { activate, deactivate() {} };
