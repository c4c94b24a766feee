// Helix drops a user's whole languages.toml when one key is unknown or has
// the wrong shape, so the snippet we ship (and the ones in the README) are
// checked against the keys and value shapes documented in the Helix book's
// languages.md ("Language configuration" and "Language Server configuration").
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { repoRoot } from "../lib.mjs";

const helixDir = path.join(repoRoot, "editors", "helix");

// Keys of a [[language]] table, from the book's table.
const LANGUAGE_KEYS = {
  name: "string",
  "language-id": "string",
  scope: "string",
  "injection-regex": "string",
  "file-types": "file-types",
  shebangs: "string[]",
  roots: "string[]",
  "auto-format": "boolean",
  "diagnostic-severity": "severity",
  "comment-tokens": "string|string[]",
  "comment-token": "string|string[]",
  "block-comment-tokens": "block-comments",
  indent: "indent",
  "language-servers": "language-servers",
  grammar: "string",
  formatter: "formatter",
  "soft-wrap": "table",
  "text-width": "integer",
  rulers: "integer[]",
  "path-completion": "boolean",
  "word-completion": "table",
  "workspace-lsp-roots": "string[]",
  "persistent-diagnostic-sources": "string[]",
};

// Keys of a [language-server.<name>] table.
const SERVER_KEYS = {
  command: "string",
  args: "string[]",
  config: "table",
  timeout: "integer",
  environment: "string-table",
  "required-root-patterns": "string[]",
};

const FEATURES = new Set([
  "format", "goto-definition", "goto-declaration", "goto-type-definition", "goto-reference",
  "goto-implementation", "signature-help", "hover", "document-highlight", "completion",
  "code-action", "workspace-command", "document-symbols", "workspace-symbols", "diagnostics",
  "rename-symbol", "inlay-hints",
]);

// Language servers defined by Helix's built-in languages.toml that a snippet may name.
const BUILT_IN_SERVERS = new Set(["yaml-language-server"]);

const isTable = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");

function checkShape(where, shape, value, problems) {
  const fail = (what) => problems.push(`${where}: expected ${what}, got ${JSON.stringify(value)}`);
  switch (shape) {
    case "string":
      if (typeof value !== "string") fail("a string");
      break;
    case "boolean":
      if (typeof value !== "boolean") fail("a boolean");
      break;
    case "integer":
      if (!Number.isInteger(value)) fail("an integer");
      break;
    case "table":
      if (!isTable(value)) fail("a table");
      break;
    case "string[]":
      if (!isStringArray(value)) fail("an array of strings");
      break;
    case "integer[]":
      if (!Array.isArray(value) || !value.every(Number.isInteger)) fail("an array of integers");
      break;
    case "string|string[]":
      if (typeof value !== "string" && !isStringArray(value)) fail("a string or an array of strings");
      break;
    case "string-table":
      if (!isTable(value) || !Object.values(value).every((x) => typeof x === "string")) fail("a table of strings");
      break;
    case "severity":
      if (!["error", "warning", "info", "hint"].includes(value)) fail("error, warning, info or hint");
      break;
    case "file-types":
      if (
        !Array.isArray(value) ||
        !value.every(
          (x) =>
            typeof x === "string" ||
            (isTable(x) && Object.keys(x).length === 1 && typeof x.glob === "string"),
        )
      ) {
        fail("an array of extensions or { glob = \"...\" } tables");
      }
      break;
    case "block-comments": {
      const pair = (x) => isTable(x) && typeof x.start === "string" && typeof x.end === "string" && Object.keys(x).length === 2;
      if (!pair(value) && !(Array.isArray(value) && value.every(pair))) fail("{ start, end } or an array of them");
      break;
    }
    case "indent":
      if (
        !isTable(value) ||
        Object.keys(value).sort().join(",") !== "tab-width,unit" ||
        !Number.isInteger(value["tab-width"]) ||
        typeof value.unit !== "string"
      ) {
        fail("{ tab-width = <integer>, unit = <string> }");
      }
      break;
    case "formatter":
      if (!isTable(value) || typeof value.command !== "string" || (value.args !== undefined && !isStringArray(value.args))) {
        fail("{ command = <string>, args = [<string>...] }");
      }
      break;
    case "language-servers":
      if (!Array.isArray(value)) {
        fail("an array");
        break;
      }
      for (const entry of value) {
        if (typeof entry === "string") continue;
        if (!isTable(entry) || typeof entry.name !== "string") {
          fail("server names or { name = ..., only-features/except-features = [...] } tables");
          continue;
        }
        for (const key of Object.keys(entry)) {
          if (!["name", "only-features", "except-features"].includes(key)) {
            problems.push(`${where}: unknown key ${key} in a language-servers entry`);
          }
        }
        if (entry["only-features"] !== undefined && entry["except-features"] !== undefined) {
          problems.push(`${where}: ${entry.name} has both only-features and except-features`);
        }
        for (const key of ["only-features", "except-features"]) {
          const features = entry[key];
          if (features === undefined) continue;
          if (!isStringArray(features)) {
            problems.push(`${where}: ${key} must be an array of strings`);
            continue;
          }
          for (const feature of features) {
            if (!FEATURES.has(feature)) problems.push(`${where}: unknown feature ${feature}`);
          }
        }
      }
      break;
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

/** Returns the problems Helix would reject the file for (empty when it is fine). */
export function validateLanguagesToml(doc, definedElsewhere = new Set()) {
  const problems = [];
  for (const key of Object.keys(doc)) {
    if (!["language", "language-server", "grammar", "use-grammars"].includes(key)) {
      problems.push(`unknown top-level key ${key}`);
    }
  }
  const servers = isTable(doc["language-server"]) ? doc["language-server"] : {};
  for (const [name, server] of Object.entries(servers)) {
    if (!isTable(server)) {
      problems.push(`language-server.${name} must be a table`);
      continue;
    }
    if (typeof server.command !== "string") problems.push(`language-server.${name} needs a command`);
    for (const [key, value] of Object.entries(server)) {
      const shape = SERVER_KEYS[key];
      if (shape === undefined) problems.push(`language-server.${name}: unknown key ${key}`);
      else checkShape(`language-server.${name}.${key}`, shape, value, problems);
    }
  }
  const languages = doc.language ?? [];
  if (!Array.isArray(languages)) problems.push("language must be an array of tables ([[language]])");
  for (const language of Array.isArray(languages) ? languages : []) {
    const where = `language ${language.name ?? "<no name>"}`;
    if (typeof language.name !== "string") problems.push(`${where}: needs a name`);
    for (const [key, value] of Object.entries(language)) {
      const shape = LANGUAGE_KEYS[key];
      if (shape === undefined) problems.push(`${where}: unknown key ${key}`);
      else checkShape(`${where}.${key}`, shape, value, problems);
    }
    for (const entry of Array.isArray(language["language-servers"]) ? language["language-servers"] : []) {
      const name = typeof entry === "string" ? entry : entry?.name;
      if (typeof name === "string" && !(name in servers) && !BUILT_IN_SERVERS.has(name) && !definedElsewhere.has(name)) {
        problems.push(`${where}: language server ${name} is not defined`);
      }
    }
  }
  return problems;
}

/** Parses TOML with Python's standard tomllib (3.11+). */
function parseToml(text) {
  const run = spawnSync(
    "python3",
    ["-c", "import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))"],
    { input: text, encoding: "utf8" },
  );
  if (run.status !== 0) {
    throw new Error(`not valid TOML:\n${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

const snippet = () => parseToml(fs.readFileSync(path.join(helixDir, "languages.toml"), "utf8"));

test("editors/helix/languages.toml uses only keys and shapes Helix accepts", () => {
  assert.deepEqual(validateLanguagesToml(snippet()), []);
});

test("the circleci language matches .circleci configs and uses both servers", () => {
  const doc = snippet();
  const circleci = doc.language.find((l) => l.name === "circleci");
  assert.ok(circleci, "no [[language]] named circleci");
  assert.equal(circleci.grammar, "yaml");
  assert.equal(circleci["language-id"], "yaml");
  assert.deepEqual(circleci["file-types"], [
    { glob: ".circleci/*.yml" },
    { glob: ".circleci/*.yaml" },
    { glob: "src/@orb.yml" },
    { glob: "src/commands/*.yml" },
    { glob: "src/jobs/*.yml" },
    { glob: "src/executors/*.yml" },
    { glob: "src/examples/*.yml" },
  ]);
  assert.deepEqual(circleci["language-servers"], ["circleci-ls", "yaml-language-server"]);
  assert.equal(doc["language-server"]["circleci-ls"].command, "circleci-ls");
  assert.deepEqual(doc["language-server"]["circleci-ls"].config, { rules: {} });
});

test("the circleci queries inherit the yaml ones", () => {
  const queries = path.join(helixDir, "runtime", "queries", "circleci");
  const files = fs.readdirSync(queries).sort();
  assert.ok(files.includes("highlights.scm"));
  for (const file of files) {
    const first = fs.readFileSync(path.join(queries, file), "utf8").split("\n")[0];
    assert.equal(first, "; inherits: yaml", `${file} does not start with '; inherits: yaml'`);
  }
});

test("every languages.toml snippet in editors/README.md is accepted too", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "editors", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const helixBlocks = blocks.filter((b) => b.includes("[[language]]") || b.includes("[language-server"));
  assert.ok(helixBlocks.length > 0, "the README has no Helix snippet");
  // A README snippet may change one table of the shipped file, so the servers
  // that file defines count as defined.
  const shipped = new Set(Object.keys(snippet()["language-server"]));
  for (const block of helixBlocks) {
    assert.deepEqual(validateLanguagesToml(parseToml(block), shipped), [], block);
  }
});

test("the validator rejects what Helix rejects", () => {
  const bad = parseToml(`
[language-server.circleci-ls]
command = "circleci-ls"
settings = {}

[[language]]
name = "circleci"
file-type = ["yml"]
indent = { width = 2 }
diagnostic-severity = "Fatal"
language-servers = ["circleci-ls", "nope", { name = "circleci-ls", only-features = ["hovers"] }]
file-types = [{ suffix = ".circleci/config.yml" }]
`);
  assert.deepEqual(validateLanguagesToml(bad), [
    "language-server.circleci-ls: unknown key settings",
    "language circleci: unknown key file-type",
    'language circleci.indent: expected { tab-width = <integer>, unit = <string> }, got {"width":2}',
    'language circleci.diagnostic-severity: expected error, warning, info or hint, got "Fatal"',
    "language circleci.language-servers: unknown feature hovers",
    'language circleci.file-types: expected an array of extensions or { glob = "..." } tables, got [{"suffix":".circleci/config.yml"}]',
    "language circleci: language server nope is not defined",
  ]);
});

test("the snippet still parses when appended to an existing languages.toml", () => {
  // Appending to the user's file is what the README tells users to do.
  const existing = '[[language]]\nname = "rust"\nauto-format = false\n\n';
  const doc = parseToml(existing + fs.readFileSync(path.join(helixDir, "languages.toml"), "utf8"));
  assert.deepEqual(validateLanguagesToml(doc), []);
  assert.deepEqual(doc.language.map((l) => l.name), ["rust", "circleci"]);
});
