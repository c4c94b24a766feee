// Unit tests for the server lookup order: setting, bundled binary, PATH.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";

import {
  ConfiguredPathError,
  expandConfiguredPath,
  findOnPath,
  resolveServer,
} from "../src/serverPath";

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "circleci-ls-lookup-"));
  tempDirs.push(dir);
  return dir;
}

function writeExecutable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("the configured path wins over the bundled binary and PATH", () => {
  const root = tempDir();
  const configured = writeExecutable(path.join(root, "custom", "circleci-ls"));
  writeExecutable(path.join(root, "ext", "server", "circleci-ls"));
  const bin = path.join(root, "bin");
  writeExecutable(path.join(bin, "circleci-ls"));
  assert.deepEqual(
    resolveServer({
      configuredPath: configured,
      extensionPath: path.join(root, "ext"),
      envPath: bin,
      platform: "linux",
    }),
    { command: configured, source: "setting" },
  );
});

test("a relative configured path is resolved against the workspace folder", () => {
  const root = tempDir();
  const binary = writeExecutable(path.join(root, "target", "release", "circleci-ls"));
  assert.deepEqual(
    resolveServer({
      configuredPath: "target/release/circleci-ls",
      extensionPath: path.join(root, "ext"),
      workspaceFolder: root,
      envPath: "",
      platform: "linux",
    }),
    { command: binary, source: "setting" },
  );
});

test("a configured path that is missing is an error, not a fallback", () => {
  const root = tempDir();
  const bin = path.join(root, "bin");
  writeExecutable(path.join(bin, "circleci-ls"));
  assert.throws(
    () =>
      resolveServer({
        configuredPath: path.join(root, "nope"),
        extensionPath: path.join(root, "ext"),
        envPath: bin,
        platform: "linux",
      }),
    ConfiguredPathError,
  );
});

test("the bundled binary wins over PATH", () => {
  const root = tempDir();
  const bundled = writeExecutable(path.join(root, "ext", "server", "circleci-ls"));
  const bin = path.join(root, "bin");
  writeExecutable(path.join(bin, "circleci-ls"));
  assert.deepEqual(
    resolveServer({
      configuredPath: "  ",
      extensionPath: path.join(root, "ext"),
      envPath: bin,
      platform: "linux",
    }),
    { command: bundled, source: "bundled" },
  );
});

test("PATH is searched in order and skips non-executable files", () => {
  const root = tempDir();
  const first = path.join(root, "first");
  fs.mkdirSync(first);
  fs.writeFileSync(path.join(first, "circleci-ls"), "not executable");
  const second = writeExecutable(path.join(root, "second", "circleci-ls"));
  const third = writeExecutable(path.join(root, "third", "circleci-ls"));
  const envPath = ["", first, path.dirname(second), path.dirname(third)].join(":");
  assert.equal(findOnPath(envPath, "linux"), second);
  assert.deepEqual(
    resolveServer({
      configuredPath: "",
      extensionPath: path.join(root, "ext"),
      envPath,
      platform: "linux",
    }),
    { command: second, source: "PATH" },
  );
});

test("nothing found gives undefined", () => {
  const root = tempDir();
  assert.equal(
    resolveServer({
      configuredPath: "",
      extensionPath: path.join(root, "ext"),
      envPath: path.join(root, "empty"),
      platform: "linux",
    }),
    undefined,
  );
  assert.equal(findOnPath(undefined, "linux"), undefined);
});

test("a leading tilde expands to the home folder", () => {
  assert.equal(
    expandConfiguredPath("~/bin/circleci-ls", "/ws"),
    path.join(os.homedir(), "bin", "circleci-ls"),
  );
  assert.equal(expandConfiguredPath("/abs/circleci-ls", "/ws"), "/abs/circleci-ls");
});
