// VS Code client for circleci-ls. The server does the work; this file finds
// the binary, starts it for CircleCI configs only and forwards settings.

import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { ConfiguredPathError, resolveServer } from "./serverPath";

const SECTION = "circleci-ls";
const INSTALL_DOCS =
  "https://github.com/circleci-ls/circleci-ls/blob/main/editors/README.md";

// CircleCI reads `.circleci/config.yml`; other files in that folder are often
// split configs or orb sources, so every YAML file there is handed over.
const CIRCLECI_FILTER = {
  scheme: "file",
  language: "yaml",
  pattern: "**/.circleci/*.{yml,yaml}",
};
// An orb's unpacked source (`src/@orb.yml`, `src/commands/*.yml`, ...): the server
// checks each file as part of its orb.
const ORB_SOURCE_FILTER = {
  scheme: "file",
  language: "yaml",
  pattern: "**/src/{@orb,commands/*,jobs/*,executors/*,examples/*}.{yml,yaml}",
};
const DOCUMENT_SELECTOR = [CIRCLECI_FILTER, ORB_SOURCE_FILTER];

type RuleLevel = "off" | "hint" | "info" | "warning" | "error";

interface ServerSettings {
  rules: Record<string, RuleLevel>;
  orbDirs: string[];
  inlayHints: { orbVersions: boolean };
}

let client: LanguageClient | undefined;
let clientStarting: Promise<void> | undefined;
let outputChannel: vscode.LogOutputChannel | undefined;
let extensionPath = "";
// The error for a missing binary is shown once per session, not per file.
let missingBinaryReported = false;

function readSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const rules = config.get<Record<string, RuleLevel>>("rules") ?? {};
  // Relative orb directories are read from the first workspace folder.
  const folder = firstWorkspaceFolder();
  const orbDirs = (config.get<string[]>("orbDirs") ?? []).map((dir) =>
    folder !== undefined && !path.isAbsolute(dir) ? path.join(folder, dir) : dir,
  );
  const orbVersions = config.get<boolean>("inlayHints.orbVersions") ?? true;
  return { rules: { ...rules }, orbDirs, inlayHints: { orbVersions } };
}

export function isCircleCiDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function reportMissingBinary(message: string): Promise<void> {
  outputChannel?.error(message);
  if (missingBinaryReported) {
    return;
  }
  missingBinaryReported = true;
  const openSettings = "Open Settings";
  const showDocs = "Installation Guide";
  const choice = await vscode.window.showErrorMessage(message, openSettings, showDocs);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.path`);
  } else if (choice === showDocs) {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_DOCS));
  }
}

function createClient(): LanguageClient | undefined {
  const config = vscode.workspace.getConfiguration(SECTION);
  let server;
  try {
    server = resolveServer({
      configuredPath: config.get<string>("path") ?? "",
      extensionPath,
      workspaceFolder: firstWorkspaceFolder(),
      envPath: process.env.PATH,
      platform: process.platform,
    });
  } catch (err) {
    if (err instanceof ConfiguredPathError) {
      void reportMissingBinary(
        `CircleCI: ${err.message} Fix the setting or clear it to use the bundled or PATH binary.`,
      );
      return undefined;
    }
    throw err;
  }
  if (server === undefined) {
    void reportMissingBinary(
      "CircleCI: the circleci-ls language server was not found. Install it with " +
        "\"cargo install --path .\" in a circleci-ls checkout (so that it is on PATH), " +
        "or set \"circleci-ls.path\" to the executable.",
    );
    return undefined;
  }
  outputChannel?.info(`Starting ${server.command} (found via ${server.source})`);

  const args = config.get<string[]>("args") ?? [];
  const serverOptions: ServerOptions = {
    run: { command: server.command, args },
    debug: { command: server.command, args },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    traceOutputChannel: outputChannel,
    // Settings are read fresh on every (re)start. After a key such as `password: `
    // is accepted, the server asks VS Code to open the value suggestions at once.
    initializationOptions: () => ({
      ...readSettings(),
      completion: { retriggerCommand: "editor.action.triggerSuggest" },
    }),
  };
  return new LanguageClient(SECTION, "CircleCI Language Server", serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  if (client !== undefined || clientStarting !== undefined) {
    return clientStarting;
  }
  const created = createClient();
  if (created === undefined) {
    return;
  }
  client = created;
  clientStarting = created.start().then(
    () => {
      clientStarting = undefined;
    },
    (err: unknown) => {
      clientStarting = undefined;
      outputChannel?.error(`circleci-ls failed to start: ${String(err)}`);
      void vscode.window.showErrorMessage(
        `CircleCI: circleci-ls failed to start (${String(err)}). See the output channel for details.`,
      );
    },
  );
  return clientStarting;
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (clientStarting !== undefined) {
    await clientStarting;
  }
  if (running !== undefined && running.state !== State.Stopped) {
    await running.stop();
  }
}

async function restartClient(): Promise<void> {
  await stopClient();
  missingBinaryReported = false;
  await startClient();
}

function startIfNeeded(document: vscode.TextDocument): void {
  if (client === undefined && isCircleCiDocument(document)) {
    void startClient();
  }
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (
    event.affectsConfiguration(`${SECTION}.path`) ||
    event.affectsConfiguration(`${SECTION}.args`)
  ) {
    if (client !== undefined || vscode.workspace.textDocuments.some(isCircleCiDocument)) {
      await restartClient();
    }
    return;
  }
  if (
    (event.affectsConfiguration(`${SECTION}.rules`) ||
      event.affectsConfiguration(`${SECTION}.orbDirs`) ||
      event.affectsConfiguration(`${SECTION}.inlayHints`)) &&
    client?.state === State.Running
  ) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: readSettings(),
    });
  }
}

export function activate(context: vscode.ExtensionContext): void {
  extensionPath = context.extensionPath;
  outputChannel = vscode.window.createOutputChannel("CircleCI Language Server", { log: true });
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand(`${SECTION}.restartServer`, restartClient),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => outputChannel?.show()),
    vscode.workspace.onDidOpenTextDocument(startIfNeeded),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  // The server only starts once a CircleCI config is open, so plain YAML
  // work never pays for it.
  for (const document of vscode.workspace.textDocuments) {
    startIfNeeded(document);
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
