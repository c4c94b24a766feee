// Packages the extension with @vscode/vsce.
//
//   node scripts/package.mjs                       generic VSIX (server from setting or PATH)
//   node scripts/package.mjs --target linux-x64 --server ../../target/release/circleci-ls
//                                                  platform VSIX with the binary inside
//
// vsce runs the vscode:prepublish script, which builds the bundle. server/
// only exists while a platform VSIX is being packaged, so a generic VSIX never
// carries a binary.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const target = option("--target");
const serverBinary = option("--server");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const out =
  option("--out") ??
  path.join(root, `${manifest.name}-${target ? `${target}-` : ""}${manifest.version}.vsix`);
const serverDir = path.join(root, "server");

if (target && !serverBinary) {
  console.error("--target needs --server <path to the circleci-ls binary for that target>.");
  process.exit(1);
}

fs.rmSync(serverDir, { recursive: true, force: true });
try {
  if (target) {
    const name = target.startsWith("win32") ? "circleci-ls.exe" : "circleci-ls";
    fs.mkdirSync(serverDir);
    fs.copyFileSync(path.resolve(serverBinary), path.join(serverDir, name));
    fs.chmodSync(path.join(serverDir, name), 0o755);
  }
  const vsceArgs = ["package", "--no-dependencies", "--out", out];
  if (target) {
    vsceArgs.push("--target", target);
  }
  const vsce = path.join(root, "node_modules", ".bin", "vsce");
  const result = spawnSync(vsce, vsceArgs, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
  console.log(`packaged ${out}`);
} finally {
  fs.rmSync(serverDir, { recursive: true, force: true });
}
