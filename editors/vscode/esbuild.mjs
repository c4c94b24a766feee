// Bundles the extension (and, with --tests, the unit tests) with esbuild.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
};

const options = tests
  ? {
      ...common,
      entryPoints: ["test/serverPath.test.ts"],
      outdir: "out/test",
      sourcemap: "inline",
    }
  : {
      ...common,
      entryPoints: ["src/extension.ts"],
      outfile: "dist/extension.js",
      // The vscode module is provided by the editor at run time.
      external: ["vscode"],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
    };

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
