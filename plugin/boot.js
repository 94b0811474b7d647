/**
 * The component package's `main` (package.json): what `@pulumi/pulumi/cmd/run-plugin` loads when
 * the Pulumi CLI starts this folder as a plugin. It exports the components of `index.ts`, bundled
 * in memory by esbuild (about 0.2 s; the components and their model, every npm package left
 * external, so they resolve from the repository's node_modules: the one @pulumi/pulumi run-plugin
 * serves them with). Nothing is type-checked at start (`npm test` does that); loading `index.ts`
 * through the ts-node run-plugin registers type-checks it, about 5 s more on every start.
 *
 * The schema is not read from here: the provider host's analyzer reads the TypeScript, `index.ts`
 * and what it imports, with this folder's tsconfig.json (it looks for `boot.ts`, then `index.ts`).
 *
 * Without esbuild (dependencies installed without the development ones) or with
 * `ECR_REPLICATION_PLUGIN_FROM_SOURCE=1`, it loads `index.ts` through that ts-node instead.
 */
"use strict";
const Module = require("module");
const path = require("path");

/** The exports of `index.ts`, bundled and compiled as one module of this folder. */
function bundled() {
  const esbuild = require("esbuild");
  const entry = path.join(__dirname, "index.ts");
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // The classes keep their names: run-plugin serves each under its `name`, the type token's.
    keepNames: true,
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  const filename = path.join(__dirname, "index.bundle.js");
  const bundle = new Module(filename, module);
  bundle.filename = filename;
  bundle.paths = Module._nodeModulePaths(__dirname);
  bundle._compile(result.outputFiles[0].text, filename);
  return bundle.exports;
}

function load() {
  if (process.env.ECR_REPLICATION_PLUGIN_FROM_SOURCE === "1") {
    return require("./index.ts");
  }
  try {
    return bundled();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`components not bundled (${reason}): loading index.ts under ts-node\n`);
    return require("./index.ts");
  }
}

module.exports = load();
