// The packaged VSIX files: the universal one carries no binary, the
// linux-x64 one carries the release binary, executable, and says so in its
// manifest.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { test } from "node:test";

import { requireFile, serverBinary } from "../lib.mjs";

// Lists a zip's entries (name, unix mode, sha256) with Python's zipfile.
function entries(zipPath) {
  const script = [
    "import hashlib, json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "print(json.dumps({i.filename: {'mode': i.external_attr >> 16,",
    "  'sha256': hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()}))",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script, zipPath], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

function manifest(zipPath) {
  const run = spawnSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('extension.vsixmanifest').decode())", zipPath], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const universal = () => requireFile(process.env.CIRCLECI_LS_VSIX_UNIVERSAL ?? "", "run .ci/editors.sh");
const linux = () => requireFile(process.env.CIRCLECI_LS_VSIX ?? "", "run .ci/editors.sh");

test("the universal VSIX has the bundle and no server binary", () => {
  const files = Object.keys(entries(universal()));
  assert.ok(files.includes("extension/dist/extension.js"));
  assert.ok(files.includes("extension/package.json"));
  assert.deepEqual(files.filter((f) => f.startsWith("extension/server/")), []);
  assert.deepEqual(files.filter((f) => f.includes("node_modules") || f.startsWith("extension/src/")), []);
  assert.doesNotMatch(manifest(universal()), /TargetPlatform=/);
});

test("the linux-x64 VSIX carries the release binary, executable", () => {
  const files = entries(linux());
  const server = files["extension/server/circleci-ls"];
  assert.ok(server, `no server binary in ${Object.keys(files).join(", ")}`);
  assert.ok((server.mode & 0o111) !== 0, `server/circleci-ls has mode ${server.mode.toString(8)}`);
  const expected = createHash("sha256").update(fs.readFileSync(serverBinary)).digest("hex");
  assert.equal(server.sha256, expected, "the bundled binary is not target/release/circleci-ls");
  assert.match(manifest(linux()), /TargetPlatform="linux-x64"/);
});
