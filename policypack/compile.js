// @ts-check
/**
 * The pack as ONE JavaScript file: `policypack/index.ts`, its policies, their support and the
 * components/model files they use, bundled by esbuild (CommonJS, node20) with the pack's run-time
 * dependencies left external. The same function builds the published pack
 * (`npm run pack:policypack`, tools/pack-policypack.ts) and the in-repository one (`boot.js`).
 *
 * esbuild strips the types and does not type-check (about 70 ms for the whole pack): type errors
 * are caught by `npm test` (`tsc --noEmit`), not at boot.
 *
 * In the repository, `ensureBuilt` keeps the bundle in `policypack/bin/pack.js` (gitignored) with
 * `bin/pack.json`, the sha256 of every file that went into it (the bundle's inputs, the tsconfigs
 * esbuild read, and this file): the bundle is reused while every one of them has the same content
 * (about 3 ms to check) and rebuilt otherwise. Several processes may build at once: each writes a
 * temporary file and renames it into place (a rename is atomic).
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. `node policypack/compile.js`
 * builds ahead (`npm run build:policypack`).
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** The pack directory. */
const PACK_DIR = __dirname;
/** The repository root: esbuild's working directory, the root of the inputs' paths. */
const ROOT_DIR = path.resolve(PACK_DIR, "..");
/** The pack's entry file. */
const ENTRY = path.join(PACK_DIR, "index.ts");
/** What decides the bundle besides its inputs: the tsconfigs esbuild reads, and this file. */
const SETTINGS = [
  path.join(PACK_DIR, "tsconfig.json"),
  path.join(ROOT_DIR, "tsconfig.json"),
  __filename,
];
/** The in-repository build (ignored by git: `bin/`). */
const OUT_DIR = path.join(PACK_DIR, "bin");
const BUNDLE = path.join(OUT_DIR, "pack.js");
const MANIFEST = path.join(OUT_DIR, "pack.json");

/**
 * What the bundle requires at run time, left external: the published pack's `dependencies`
 * (@pulumi/pulumi is not imported by the bundle but by run-policy-pack, which boots it).
 */
const RUNTIME_DEPENDENCIES = ["@pulumi/policy", "@pulumi/pulumi", "@aws-sdk/core"];

/**
 * The first lines of the bundle: on a Node older than 20, or with a dependency not installed, the
 * boot fails with one line naming what is missing, not a stack trace from inside a dependency.
 * Written for any Node (no syntax newer than ES5), and run before the bundle requires anything.
 * @param {string | undefined} installDir where `npm install` is to be run; the bundle's folder if undefined
 */
function guard(installDir) {
  const where = installDir === undefined ? "__dirname" : JSON.stringify(installDir);
  // "use strict" first: esbuild's own directive, after a banner, would no longer be one.
  return `"use strict";
(function () {
  var fs = require("fs"), path = require("path");
  function refuse(reason) {
    process.stderr.write("ecr-replication-policies: cannot start: " + reason + "\\n");
    process.exit(1);
  }
  var node = process.versions.node;
  if (!(Number(node.split(".")[0]) >= 20)) {
    refuse("Node.js " + node + " is older than 20, the oldest this pack runs on");
  }
  var dependencies = ${JSON.stringify(RUNTIME_DEPENDENCIES)};
  for (var i = 0; i < dependencies.length; i++) {
    var installed = (require.resolve.paths(dependencies[i]) || []).some(function (modules) {
      return fs.existsSync(path.join(modules, dependencies[i], "package.json"));
    });
    if (!installed) {
      refuse("the dependency '" + dependencies[i] + "' is not installed (run npm install in " + ${where} + ")");
    }
  }
})();`;
}

/** @param {string} file @returns {string | undefined} sha256 of a file's content, or undefined. */
function hashFile(file) {
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * Bundles the pack into `outfile`.
 * @param {{ outfile: string, installDir?: string }} options `installDir`: named by the guard's
 *   message about a missing dependency (default: the bundle's folder, as in the published pack)
 * @returns {{ inputs: string[] }} the files that decided the bundle, absolute
 */
function bundlePack(options) {
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    absWorkingDir: ROOT_DIR,
    entryPoints: [ENTRY],
    outfile: options.outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: RUNTIME_DEPENDENCIES.flatMap((name) => [name, `${name}/*`]),
    banner: { js: guard(options.installDir) },
    metafile: true,
    logLevel: "error",
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(ROOT_DIR, input));
  return { inputs: [...inputs, ...SETTINGS] };
}

/** @typedef {{ esbuild: string, sources: Record<string, string> }} Manifest */

/** @returns {string} the installed esbuild's version. */
function esbuildVersion() {
  return require("esbuild/package.json").version;
}

/** @returns {string | undefined} why the in-repository bundle cannot be used, or undefined. */
function staleReason() {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return "no build";
  }
  if (manifest.esbuild !== esbuildVersion()) {
    return "built by another esbuild";
  }
  if (!fs.existsSync(BUNDLE)) {
    return "the bundle is missing";
  }
  for (const [file, hash] of Object.entries(manifest.sources)) {
    if (hashFile(path.join(ROOT_DIR, file)) !== hash) {
      return `${file} changed`;
    }
  }
  return undefined;
}

/** @param {string} file @returns {string} a temporary name beside `file`, unique to this call. */
function temporaryBeside(file) {
  return `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
}

/** Bundles the pack into `bin/pack.js` and records its sources in `bin/pack.json`. */
function build() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const bundle = temporaryBeside(BUNDLE);
  try {
    const { inputs } = bundlePack({ outfile: bundle, installDir: ROOT_DIR });
    /** @type {Record<string, string>} */
    const sources = {};
    for (const input of inputs) {
      const hash = hashFile(input);
      if (hash !== undefined) {
        sources[path.relative(ROOT_DIR, input).split(path.sep).join("/")] = hash;
      }
    }
    fs.renameSync(bundle, BUNDLE);
    /** @type {Manifest} */
    const manifest = { esbuild: esbuildVersion(), sources };
    const temporary = temporaryBeside(MANIFEST);
    fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.renameSync(temporary, MANIFEST);
  } finally {
    fs.rmSync(bundle, { force: true });
  }
}

/**
 * The in-repository bundle, up to date: built first if a file that went into it changed.
 * @returns {{ entry: string, built: boolean, reason?: string }} `built`: whether this call built.
 */
function ensureBuilt() {
  const reason = staleReason();
  if (reason === undefined) {
    return { entry: BUNDLE, built: false };
  }
  build();
  return { entry: BUNDLE, built: true, reason };
}

module.exports = { bundlePack, ensureBuilt, RUNTIME_DEPENDENCIES, OUT_DIR };

if (require.main === module) {
  const started = Date.now();
  const result = ensureBuilt();
  const where = path.relative(process.cwd(), result.entry);
  console.log(
    result.built
      ? `policy pack bundled (${result.reason}) in ${Date.now() - started} ms: ${where}`
      : `policy pack already up to date: ${where}`,
  );
}
