// Shared helpers for the editor tests: where the tools are, the fixture
// workspace, and process handling.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const testsDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(testsDir, "..", "..");
export const fixturesDir = path.join(testsDir, "fixtures");
export const expectationsPath = path.join(fixturesDir, "expectations.json");
export const expectations = JSON.parse(fs.readFileSync(expectationsPath, "utf8"));

// .ci/editors.sh installs the editors here; the variable lets a developer
// point the tests at their own copies.
export const toolsDir = process.env.CIRCLECI_LS_EDITOR_TOOLS ?? "/opt/circleci-ls-editors";

export const serverBinary = path.resolve(
  process.env.CIRCLECI_LS_BIN ?? path.join(repoRoot, "target", "release", "circleci-ls"),
);

export function requireFile(file, hint) {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: ${hint}`);
  }
  return file;
}

/** Copies the fixture workspace to a fresh temporary folder. */
export function freshWorkspace(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const workspace = path.join(dir, "workspace");
  fs.cpSync(path.join(fixturesDir, "workspace"), workspace, { recursive: true });
  return { dir, workspace };
}

/** Starts a process in its own process group so that the whole tree can be stopped. */
export function startGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  return child;
}

/** Stops a process group started by startGroup and waits (a few seconds at most) for its leader to exit. */
export async function stopGroup(child) {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // The group is already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Removes a temporary folder; retried because a stopped browser may still be flushing its profile. */
export function removeFolder(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined. */
export async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(250);
  }
}

// The finding must arrive with the exact range and severity the server
// computed, converted to the editor's positions.
export function assertFinding(diagnostics, expected) {
  const found = diagnostics.filter((d) => d.code === expected.code);
  assert.equal(found.length, 1, `expected one ${expected.code}: ${JSON.stringify(diagnostics)}`);
  assert.equal(found[0].source, "circleci-ls");
  assert.equal(found[0].severity, expected.severity);
  assert.deepEqual(found[0].range, expected.range);
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
}
