// Finds the circleci-ls executable. Kept free of the `vscode` module so that
// the lookup order can be unit-tested with plain Node.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where the executable came from, shown in the output channel. */
export type ServerSource = "setting" | "bundled" | "PATH";

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export interface LookupInput {
  /** The `circleci-ls.path` setting; empty when unset. */
  configuredPath: string;
  /** The extension's install folder; a platform VSIX ships `server/<binary>`. */
  extensionPath: string;
  /** The first workspace folder, used to resolve a relative configured path. */
  workspaceFolder?: string;
  /** The `PATH` value to search. */
  envPath: string | undefined;
  platform: NodeJS.Platform;
}

/** Thrown when the configured path does not point to an executable file. */
export class ConfiguredPathError extends Error {
  constructor(readonly configuredPath: string, readonly resolvedPath: string) {
    super(
      `The circleci-ls.path setting points to "${resolvedPath}", which is not an executable file.`,
    );
  }
}

export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "circleci-ls.exe" : "circleci-ls";
}

/** Expands `~` and resolves a relative path against the workspace folder. */
export function expandConfiguredPath(
  configured: string,
  workspaceFolder: string | undefined,
): string {
  let p = configured.trim();
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(os.homedir(), p.slice(1));
  }
  if (!path.isAbsolute(p) && workspaceFolder !== undefined) {
    p = path.resolve(workspaceFolder, p);
  }
  return p;
}

function isExecutableFile(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    // Windows has no execute bit; a file with the right name is enough.
    if (platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Searches `PATH` the way a shell would, first match wins. */
export function findOnPath(
  envPath: string | undefined,
  platform: NodeJS.Platform,
): string | undefined {
  if (!envPath) {
    return undefined;
  }
  const separator = platform === "win32" ? ";" : ":";
  const name = binaryName(platform);
  for (const dir of envPath.split(separator)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate, platform)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * Lookup order: the `circleci-ls.path` setting, then the binary bundled in a
 * platform-specific VSIX, then `PATH`. Returns undefined when nothing is found.
 * A configured path that does not exist is an error rather than a silent
 * fallback, so that a typo in the setting is noticed.
 */
export function resolveServer(input: LookupInput): ResolvedServer | undefined {
  if (input.configuredPath.trim() !== "") {
    const resolved = expandConfiguredPath(input.configuredPath, input.workspaceFolder);
    if (!isExecutableFile(resolved, input.platform)) {
      throw new ConfiguredPathError(input.configuredPath, resolved);
    }
    return { command: resolved, source: "setting" };
  }
  const bundled = path.join(input.extensionPath, "server", binaryName(input.platform));
  if (isExecutableFile(bundled, input.platform)) {
    return { command: bundled, source: "bundled" };
  }
  const onPath = findOnPath(input.envPath, input.platform);
  if (onPath !== undefined) {
    return { command: onPath, source: "PATH" };
  }
  return undefined;
}
