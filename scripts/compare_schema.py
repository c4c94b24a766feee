#!/usr/bin/env python3
"""Side-by-side comparison: circleci-ls vs. JSON-schema validation with the CircleCI schema.

yaml-language-server validates a CircleCI config by draft-07 JSON-schema validation against the
CircleCI schema. This script emulates that with Python's `jsonschema` (Draft7Validator), reading
YAML with YAML 1.2 core scalar rules (as yaml-language-server does) while keeping line numbers.
It runs both on every corpus config plus deterministic mutations of a few corpus configs, matches
each schema error to circleci-ls findings by line, and prints (or writes) a markdown report.

Usage:
    python3 scripts/compare_schema.py                  # print the report
    python3 scripts/compare_schema.py --write-doc      # also write docs/comparison.md
    python3 scripts/compare_schema.py --verbose        # list every schema error and its match
"""

import argparse
import collections
import difflib
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CORPUS = os.environ.get("CORPUS", os.path.join(SHARED, "corpus"))
SCHEMA = os.environ.get("SCHEMA", os.path.join(SHARED, "schema", "circleciconfig.json"))
BINARY = os.path.join(ROOT, "target", "release", "circleci-ls")
MUTATION_DIR = os.path.join(ROOT, "target", "compare-mutations")

# Findings whose subject is never a schema-expressible shape problem; they do not count as
# covering a schema error even when they sit on the same line.
ORTHOGONAL_CODES = {
    "docker-hub-rate-limit",
    "literal-secret",
    "ecr-needs-aws-auth",
    "ecr-region",
    "docker-login-password-arg",
    "unused-job",
    "unused-command",
    "unused-executor",
    "unused-orb",
    "unused-parameter",
    "unused-anchor",
}

WINDOW = 2

# ---------------------------------------------------------------------------------------------
# Mutations: (name, base corpus file, what it breaks, regex, replacement). Only the first match is
# replaced, so the set is deterministic; a regex that no longer matches stops the script.
# ---------------------------------------------------------------------------------------------
A = "007-CircleCI-Public-circleci-cli.yml"
B = "034-launchdarkly-go-server-sdk.yml"
C = "044-mozilla-services-autograph.yml"

MUTATIONS = [
    ("misspelt-top-level-key", A, "`workflows:` spelt `workflow:`",
     r"^workflows:", "workflow:"),
    ("unknown-top-level-key", A, "an unknown top-level key",
     r"^version: 2.1\n", "version: 2.1\nfoo: bar\n"),
    ("misspelt-job-key", A, "`executor` spelt `executer` in a job",
     r"  check:\n    executor: linux", "  check:\n    executer: linux"),
    ("steps-string", A, "a string where the steps list is expected",
     r"  check:\n    executor: linux\n    steps:\n      - setup\n      - run: task ci:check\n      - store_results\n",
     "  check:\n    executor: linux\n    steps: setup\n"),
    ("job-without-steps", A, "a job with no `steps`",
     r"  check:\n    executor: linux\n    steps:\n      - setup\n      - run: task ci:check\n      - store_results\n",
     "  check:\n    executor: linux\n"),
    ("invalid-when", A, "run `when: on_succes` (not an allowed value)",
     r"when: on_success", "when: on_succes"),
    ("resource-class-list", A, "`resource_class` given a list",
     r"resource_class: large.gen3", "resource_class: [large]"),
    ("invalid-parameter-type", A, "pipeline parameter `type: strin`",
     r"    type: string\n    default: 1.26.4", "    type: strin\n    default: 1.26.4"),
    ("misspelt-run-key", A, "`name` spelt `nmae` in a run step",
     r"name: Install go-task", "nmae: Install go-task"),
    ("undefined-requires", A, "`requires` names a job that does not exist",
     r"mark-release:\n          requires:\n            - ok-to-deploy",
     "mark-release:\n          requires:\n            - ok-to-deplyo"),
    ("filters-only-map", A, "branch filter `only` given a mapping",
     r"              only: main\n\n      - mark", "              only: {a: 1}\n\n      - mark"),
    ("store-artifacts-no-path", A, "`store_artifacts` without `path`",
     r"store_artifacts:\n          path: dist", "store_artifacts:\n          destination: dist"),
    ("machine-image-list", A, "machine `image` given a list",
     r"image: ubuntu-2604:current", "image: [ubuntu-2604]"),
    ("macos-without-xcode", A, "macos executor without `xcode`",
     r"xcode: 26.5.0", "xcode_version: 26.5.0"),
    ("version-3", A, "`version: 3`",
     r"^version: 2.1", "version: 3"),
    ("job-type-enum", A, "job `type: noop` (not `no-op`)",
     r"type: no-op", "type: noop"),
    ("serial-group-list", A, "`serial-group` given a list",
     r"serial-group: << pipeline.project.slug >>/deploy", "serial-group: [deploy]"),
    ("context-mapping", A, "`context` given a mapping",
     r"context:\n            - devex-release\n            - macos-codesigning",
     "context: {a: b}"),
    ("run-command-list", A, "run shorthand given a list",
     r"- run: go version", "- run: [go, version]"),
    ("parallelism-string", A, "`parallelism: many`",
     r"  check:\n    executor: linux\n", "  check:\n    executor: linux\n    parallelism: many\n"),
    ("undefined-executor", A, "a job uses an executor that is not declared",
     r"  check:\n    executor: linux", "  check:\n    executor: linuxx"),
    ("undefined-pipeline-parameter", A, "`<< pipeline.parameters.x >>` not declared",
     r"<< pipeline.parameters.go_version_with_patch >>", "<< pipeline.parameters.go_versoin >>"),
    ("schedule-without-cron", A, "a scheduled trigger without `cron`",
     r"^workflows:\n  ci:\n    jobs:",
     "workflows:\n  ci:\n    triggers:\n      - schedule:\n          filters: {branches: {only: main}}\n    jobs:"),
    ("duplicate-key", A, "a job key written twice",
     r"  check:\n    executor: linux", "  check:\n    executor: linux\n    executor: macos"),
    ("save-cache-without-key", A, "`save_cache` without `key`",
     r"      - run: task ci:check\n", "      - run: task ci:check\n      - save_cache:\n          paths: [a]\n"),
    ("ssh-fingerprints-string", A, "`add_ssh_keys.fingerprints` given a string",
     r"      - run: task ci:check\n", "      - run: task ci:check\n      - add_ssh_keys:\n          fingerprints: abc\n"),
    ("working-directory-list", A, "`working_directory` given a list",
     r"  check:\n    executor: linux\n", "  check:\n    executor: linux\n    working_directory: [a]\n"),
    ("misspelt-builtin-step", B, "`checkout` spelt `chekout`",
     r"    steps:\n      - checkout\n\n", "    steps:\n      - chekout\n\n"),
    ("boolean-default-string", B, "boolean parameter with `default: maybe`",
     r"      run-lint:\n        type: boolean\n        default: false",
     "      run-lint:\n        type: boolean\n        default: maybe"),
    ("when-without-condition", B, "`when` step without `condition`",
     r"condition: <<parameters.run-lint>>", "conditon: <<parameters.run-lint>>"),
    ("docker-image-misspelt", B, "docker entry with `imag` instead of `image`",
     r"- image: <<parameters.docker-image>>", "- imag: <<parameters.docker-image>>"),
    ("environment-value-list", B, "environment variable given a list",
     r"CIRCLE_TEST_REPORTS: /tmp/circle-reports", "CIRCLE_TEST_REPORTS: [a]"),
    ("orb-value-list", B, "orb declared with a list",
     r"win: circleci/windows@2.4.0", "win: [circleci/windows]"),
    ("checkout-unknown-param", B, "`checkout` with an unknown parameter",
     r"    steps:\n      - checkout\n\n", "    steps:\n      - checkout:\n          pathh: src\n\n"),
    ("missing-job-parameter", B, "a required job parameter not passed",
     r"          name: Go 1.18\n          docker-image: cimg/go:1.18\n", "          name: Go 1.18\n"),
    ("auth-without-password", C, "docker `auth` without `password`",
     r"  unit-test:\n(.*\n){3}        auth:\n          username: \$DOCKER_USER\n          password: \$DOCKER_PASS\n",
     "  unit-test:\n    # based on the official golang image with more docker stuff\n    docker:\n      - image: cimg/go:1.22\n"
     "        auth:\n          username: $DOCKER_USER\n"),
    ("docker-mapping", C, "`docker` given a mapping instead of a list",
     r"      - image: golangci/golangci-lint:v1.60.1-alpine", "      image: golangci/golangci-lint:v1.60.1-alpine"),
    ("docker-image-number", C, "docker `image` given a number",
     r"      - image: golangci/golangci-lint:v1.60.1-alpine", "      - image: 42"),
    ("step-unknown-builtin-key", C, "`setup_remote_docker` with an unknown key",
     r"      - checkout\n      - setup_remote_docker\n", "      - checkout\n      - setup_remote_docker:\n          versoin: default\n"),
]


def make_mutations():
    """Write mutated configs; returns {path: (name, base, description, changed lines)}."""
    os.makedirs(MUTATION_DIR, exist_ok=True)
    out = {}
    for name, base, desc, pattern, repl in MUTATIONS:
        with open(os.path.join(CORPUS, base), encoding="utf-8") as f:
            text = f.read()
        new, n = re.subn(pattern, lambda _m: repl, text, count=1, flags=re.M)
        if n != 1:
            sys.exit(f"mutation {name}: pattern does not match in {base}")
        changed = changed_lines(text, new)
        path = os.path.join(MUTATION_DIR, f"mut-{name}.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        out[path] = (name, base, desc, changed)
    return out


def changed_lines(old, new):
    """1-based line numbers in `new` that differ from `old`, widened by one line each side."""
    lines = set()
    sm = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    for tag, _i1, _i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        for j in range(max(j1, 1) - 1, max(j2, j1 + 1) + 1):
            lines.add(j + 1)
    return sorted(lines)


# ---------------------------------------------------------------------------------------------
# YAML 1.2 core loading with positions.
# ---------------------------------------------------------------------------------------------
INT_RE = re.compile(r"^[-+]?[0-9]+$")
OCT_RE = re.compile(r"^0o[0-7]+$")
HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def scalar_value(node):
    """Resolves a scalar node with the YAML 1.2 core schema, as yaml-language-server does."""
    v = node.value
    if node.style is not None:
        return v
    if v in ("", "~", "null", "Null", "NULL"):
        return None
    if v in ("true", "True", "TRUE"):
        return True
    if v in ("false", "False", "FALSE"):
        return False
    if INT_RE.match(v):
        return int(v)
    if OCT_RE.match(v):
        return int(v[2:], 8)
    if HEX_RE.match(v):
        return int(v[2:], 16)
    if FLOAT_RE.match(v):
        return float(v)
    if v in (".inf", "+.inf", ".Inf", "+.Inf", ".INF", "+.INF"):
        return float("inf")
    if v in ("-.inf", "-.Inf", "-.INF"):
        return float("-inf")
    if v in (".nan", ".NaN", ".NAN"):
        return float("nan")
    return v


class Loc:
    """Where a JSON path lives in the text: the key line and the value's line range (1-based)."""

    def __init__(self, key_line, start, end):
        self.key_line = key_line
        self.start = start
        self.end = end
        self.also = set()  # Lines where the node is used (alias or merge), besides where written.


def node_range(node):
    end = node.end_mark.line + 1
    # A block node's end mark sits at column 0 of the next line.
    if node.end_mark.column == 0 and end > node.start_mark.line + 1:
        end -= 1
    return node.start_mark.line + 1, end


class Loader(yaml.SafeLoader):
    """SafeLoader that lets an anchor be defined again (YAML allows it; aliases use the latest
    definition, and yaml-language-server accepts it), where PyYAML would stop."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


def load(text):
    """Returns (data, locs, yaml_errors); locs maps a path tuple to a Loc."""
    locs = {}
    yaml_errors = []
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        yaml_errors.append({"line": line, "message": f"YAML syntax: {getattr(e, 'problem', e)}"})
        return None, locs, yaml_errors

    def build(node, path, key_line, use_line):
        start, end = node_range(node)
        loc = Loc(key_line if key_line else start, start, end)
        if use_line and use_line != loc.key_line:
            loc.also.add(use_line)
        if path not in locs:
            locs[path] = loc
        if isinstance(node, yaml.ScalarNode):
            return scalar_value(node)
        if isinstance(node, yaml.SequenceNode):
            return [build(item, path + (i,), None, use_line) for i, item in enumerate(node.value)]
        result = {}
        for k, v, merged_at in flatten(node):
            key = scalar_value(k) if isinstance(k, yaml.ScalarNode) else str(k.value)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                if merged_at is None:
                    yaml_errors.append({"line": k.start_mark.line + 1, "message": f"duplicate key `{key}`"})
                continue
            result[key] = build(v, path + (key,), k.start_mark.line + 1, merged_at or use_line)
        return result

    def is_merge(k):
        return isinstance(k, yaml.ScalarNode) and k.value == "<<" and k.style is None

    def flatten(node, merged_at=None, depth=0):
        """(key, value, line of the `<<` that brought it in) with written keys first, then merged
        ones in order, so the first occurrence of a key is the one that counts."""
        own, merged = [], []
        for k, v in node.value:
            if is_merge(k) and depth < 50:
                at = merged_at or k.start_mark.line + 1
                sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
                for src in sources:
                    if isinstance(src, yaml.MappingNode):
                        merged.extend(flatten(src, at, depth + 1))
            else:
                own.append((k, v, merged_at))
        return own + merged

    if root is None:
        return None, locs, yaml_errors
    data = build(root, (), 1, None)
    return data, locs, yaml_errors


def find_loc(locs, path):
    """The Loc of `path`, or of its nearest recorded ancestor."""
    path = tuple(path)
    while path not in locs and path:
        path = path[:-1]
    return locs.get(path, Loc(1, 1, 1))


# ---------------------------------------------------------------------------------------------
# Schema validation.
# ---------------------------------------------------------------------------------------------
def leaves(error):
    """Descends oneOf/anyOf into the branch that fits best, as yaml-language-server reports the
    problems of the closest alternative: branches whose root type is wrong are dropped, then the
    branch whose errors sit deepest (then the fewest errors) wins."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches = collections.defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)

    def root_type_wrong(errs):
        return any(e.validator in ("type", "const", "enum") and not e.relative_path for e in errs)

    cands = [b for b in branches.values() if not root_type_wrong(b)] or list(branches.values())
    if len(cands) != 1 and all(root_type_wrong(b) for b in branches.values()):
        return [error]
    best = max(cands, key=lambda b: (max(len(e.relative_path) for e in b), -len(b)))
    out = []
    for e in best:
        out.extend(leaves(e))
    return out


def schema_errors(validator, data, locs):
    out = []
    for err in (leaf for top in validator.iter_errors(data) for leaf in leaves(top)):
        path = tuple(err.absolute_path)
        spath = "/".join(str(p) for p in err.absolute_schema_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            patterns = [re.compile(p) for p in err.schema.get("patternProperties", {})]
            extras = [k for k in err.instance if k not in allowed and not any(p.search(k) for p in patterns)]
            for k in extras or [None]:
                p = path + ((k,) if k is not None else ())
                out.append(record(err, p, locs, spath, f"unknown property `{k}`"))
            continue
        if err.validator == "propertyNames":
            # The offending property name is the instance; point at that key.
            p = path + (err.instance,) if isinstance(err.instance, str) else path
            out.append(record(err, p, locs, spath, f"property name `{err.instance}`: {err.message}"))
            continue
        out.append(record(err, path, locs, spath, short(err.message)))
    return out


def short(msg):
    msg = msg.replace("\n", " ")
    return msg if len(msg) <= 140 else msg[:137] + "..."


def record(err, path, locs, spath, message):
    loc = find_loc(locs, path)
    lines = {loc.key_line} | loc.also
    return {
        "path": "/".join(str(p) for p in path),
        "validator": err.validator,
        "schema_path": spath,
        "message": message,
        "line": loc.key_line,
        "lines": sorted(lines),
        "range": (loc.start, loc.end),
    }


# ---------------------------------------------------------------------------------------------
# Hand classification of schema errors circleci-ls does not report. Each rule: (file regex,
# JSON path regex, validator regex) -> (kind, reason). Kinds: "schema-false-positive" or "gap".
# ---------------------------------------------------------------------------------------------
FP = "schema-false-positive"
IN_USE = "the file is a current or recent snapshot of a repository that builds on CircleCI with it"
CLASSIFY = [
    (r".", r"^version$", r"^enum$", FP,
     "the schema allows only 2.1; CircleCI still runs `version: 2` configs (the reference covers 2.0/2)"),
    (r".", r"resource_class$", r"^pattern$", FP,
     "Windows (`windows.medium` .. `windows.2xlarge`) and newer machine classes (`large.gen3`) are missing "
     "from the schema's enum; " + IN_USE),
    (r".", r"/when$", r"^enum$", FP,
     "the value is a `<< parameters.x >>` reference, resolved before CircleCI checks the enum"),
    (r"^010-", r"steps/0$", r"^maxProperties$", FP,
     "legacy step form (`type: shell`, `name`, `command`, `pwd` in one mapping); " + IN_USE),
    (r"^044-", r"run/name$", r"^type$", FP, "an empty `name:` (null) is treated as absent; " + IN_USE),
    (r"^050-", r"persist_to_workspace/paths$", r"^type$", FP,
     "a single path string where the reference shows a list; " + IN_USE),
    (r"^055-", r"no_output_timeout$", r"^type$", FP,
     "a bare number for `no_output_timeout`; " + IN_USE),
    (r"^060-", r"^jobs$", r"^pattern$", FP,
     "job names with dots in a `version: 2` config; the schema's 2.1 name pattern does not apply; " + IN_USE),
    (r"^053-", r"workflows/[^/]+/jobs$", r"^minItems$", "gap",
     "a workflow with `jobs: []` runs nothing; circleci-ls says nothing on that line (only `unused-job` hints on "
     "the jobs); whether CircleCI rejects it is not documented"),
    (r"^mut-docker-image-number", r"docker/0/image$", r"^type$", "gap",
     "`image: 42`: the reference types `image` as a string; circleci-ls accepts any scalar there"),
]


def classify(file, err):
    for fre, pre, vre, kind, reason in CLASSIFY:
        if re.search(fre, file) and re.search(pre, err["path"]) and re.search(vre, err["validator"]):
            return kind, reason
    return "unreviewed", ""


# ---------------------------------------------------------------------------------------------
def run_ls(paths):
    if not os.path.exists(BINARY):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    res = subprocess.run([BINARY, "check", "--format", "json", *paths], capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"circleci-ls failed ({res.returncode}): {res.stderr}")
    by_file = collections.defaultdict(list)
    for f in json.loads(res.stdout or "[]"):
        by_file[f["path"]].append(f)
    return by_file


def covering(err, findings, strict=True):
    """Findings that cover a schema error: within WINDOW lines of where it points, or inside the
    offending node when that node is small (at most 2*WINDOW+1 lines)."""
    out = []
    lo, hi = err["range"]
    small = hi - lo <= 2 * WINDOW
    for f in findings:
        if strict and f["code"] in ORTHOGONAL_CODES:
            continue
        ln = f["line"]
        if any(abs(ln - l) <= WINDOW for l in err["lines"]) or (small and lo <= ln <= hi):
            out.append(f)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-doc", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", help="write raw results to this file")
    args = ap.parse_args()

    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)

    corpus = sorted(os.path.join(CORPUS, n) for n in os.listdir(CORPUS) if n.endswith(".yml"))
    mutations = make_mutations()
    files = corpus + sorted(mutations)
    ls = run_ls(files)

    results = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        data, locs, yaml_errors = load(text)
        errs = []
        for ye in yaml_errors:
            errs.append({"path": "", "validator": "yaml", "schema_path": "", "message": ye["message"],
                         "line": ye["line"], "lines": [ye["line"]], "range": (ye["line"], ye["line"])})
        if data is not None:
            errs.extend(schema_errors(validator, data, locs))
        # jsonschema's error order depends on set iteration; sort for a stable report.
        errs.sort(key=lambda e: (e["line"], e["path"], str(e["validator"]), e["message"]))
        findings = ls.get(path, [])
        used = set()
        for e in errs:
            cov = covering(e, findings, strict=True)
            e["covered_by"] = sorted({f["code"] for f in cov})
            e["covered_loose"] = bool(covering(e, findings, strict=False))
            for f in cov:
                used.add(id(f))
            kind, reason = classify(os.path.basename(path), e) if not cov else ("covered", "")
            e["kind"], e["reason"] = kind, reason
        # Findings near no schema error are what the schema cannot express.
        near = set()
        for f in findings:
            for e in errs:
                if covering(e, [f], strict=False):
                    near.add(id(f))
                    break
        extra = [f for f in findings if id(f) not in near]
        results.append({"file": path, "mutation": mutations.get(path), "errors": errs,
                        "findings": findings, "extra": extra})

    # A mutated file inherits its base file's schema errors; those are counted with the corpus.
    base_keys = {os.path.basename(r["file"]): {(e["path"], e["validator"], e["message"]) for e in r["errors"]}
                 for r in results if not r["mutation"]}
    for r in results:
        if r["mutation"]:
            inherited = base_keys.get(r["mutation"][1], set())
            r["errors"] = [e for e in r["errors"] if (e["path"], e["validator"], e["message"]) not in inherited]

    report = render(results)
    print(report)
    if args.verbose:
        for r in results:
            for e in r["errors"]:
                print(f"{os.path.basename(r['file'])}:{e['line']} [{e['validator']}] {e['path']} "
                      f"{e['message']} -> {e['covered_by'] or e['kind']}", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, default=list)
    if args.write_doc:
        doc = os.path.join(ROOT, "docs", "comparison.md")
        head = ""
        if os.path.exists(doc):
            with open(doc, encoding="utf-8") as f:
                head = f.read().split(RESULTS_MARKER)[0]
        with open(doc, "w", encoding="utf-8") as f:
            f.write(head + RESULTS_MARKER + "\n\n" + report)


RESULTS_MARKER = "<!-- results: generated by scripts/compare_schema.py --write-doc -->"


def render(results):
    out = []
    corpus = [r for r in results if not r["mutation"]]
    muts = [r for r in results if r["mutation"]]
    for title, group in (("Corpus", corpus), ("Mutations", muts), ("All inputs", results)):
        errs = [e for r in group for e in r["errors"]]
        cov = [e for e in errs if e["kind"] == "covered"]
        fp = [e for e in errs if e["kind"] == "schema-false-positive"]
        gap = [e for e in errs if e["kind"] == "gap"]
        unrev = [e for e in errs if e["kind"] == "unreviewed"]
        out.append(f"### {title}: {len(group)} files\n")
        out.append("| schema errors | covered by circleci-ls | schema false positives | real gaps | unreviewed |")
        out.append("|---:|---:|---:|---:|---:|")
        out.append(f"| {len(errs)} | {len(cov)} | {len(fp)} | {len(gap)} | {len(unrev)} |\n")

    out.append("### Mutations one by one\n")
    out.append("| mutation | base | schema errors | schema errors covered | circleci-ls codes on the changed lines |")
    out.append("|---|---|---:|---:|---|")
    for r in muts:
        name, base, desc, changed = r["mutation"]
        errs = r["errors"]
        cov = sum(1 for e in errs if e["kind"] == "covered")
        codes = sorted({f["code"] for f in r["findings"]
                        if any(abs(f["line"] - c) <= 1 for c in changed) and f["code"] not in ORTHOGONAL_CODES})
        out.append(f"| `{name}`: {desc} | {base[:3]} | {len(errs)} | {cov} | {', '.join(codes) or '—'} |")
    out.append("")

    out.append("### Schema errors circleci-ls does not report\n")
    out.append("| file:line | JSON path | schema says | classification | reason |")
    out.append("|---|---|---|---|---|")
    for r in results:
        for e in r["errors"]:
            if e["kind"] == "covered":
                continue
            out.append(f"| {os.path.basename(r['file'])}:{e['line']} | `{e['path']}` | "
                       f"{e['message'].replace('|', '/')} | {e['kind']} | {e['reason']} |")
    out.append("")

    out.append("### Which circleci-ls codes covered schema errors\n")
    out.append("| schema keyword | errors | covering codes (count) |")
    out.append("|---|---:|---|")
    by_v = collections.defaultdict(list)
    for r in results:
        for e in r["errors"]:
            by_v[str(e["validator"] or "false-schema")].append(e)
    for v in sorted(by_v):
        c = collections.Counter(code for e in by_v[v] for code in e["covered_by"])
        out.append(f"| {v} | {len(by_v[v])} | {', '.join(f'{k} ({n})' for k, n in c.most_common())} |")
    out.append("")

    out.append("### circleci-ls findings the schema does not express (not near any schema error)\n")
    out.append("| code | corpus | mutations |")
    out.append("|---|---:|---:|")
    cc = collections.Counter(f["code"] for r in corpus for f in r["extra"])
    mc = collections.Counter(f["code"] for r in muts for f in r["extra"])
    for code in sorted(set(cc) | set(mc), key=lambda k: (-(cc[k] + mc[k]), k)):
        out.append(f"| {code} | {cc[code]} | {mc[code]} |")
    out.append(f"| **total** | {sum(cc.values())} | {sum(mc.values())} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
