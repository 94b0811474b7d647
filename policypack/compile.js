// @ts-check
/**
 * The pack compiled to JavaScript, on demand: `boot.js` (the pack's `main`) asks for an up-to-date
 * build and requires its JavaScript, so a `pulumi preview --policy-pack policypack` does not
 * type-check the pack's TypeScript at every boot (ts-node with `typeCheck: true`, which
 * run-policy-pack registers, takes about 5 s here; loading the JavaScript a fraction of that).
 *
 * A build is the TypeScript program rooted at `policypack/index.ts` (its import graph: the
 * policies, their support, the components/model files they use), type-checked and emitted into
 * `policypack/bin/<hash>/` with the repository root as rootDir, so relative imports and
 * `node_modules` resolution stay as in the sources. `bin/current.json` names the build and the
 * content hash of every source file and tsconfig that went into it: a build is up to date when
 * every one of them still has the same content (about 3 ms to check). A type error fails the
 * build, and so the boot, as it does under ts-node.
 *
 * Safe to run from several processes at once: each emits into its own temporary directory and
 * renames it into place (a rename is atomic); `current.json` is replaced the same way.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. `node policypack/compile.js`
 * builds (`npm run build:policypack`).
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** The pack directory. */
const PACK_DIR = __dirname;
/** Where builds go (ignored by git: `bin/`). */
const OUT_DIR = path.join(PACK_DIR, "bin");
/** The pointer to the current build. */
const CURRENT = path.join(OUT_DIR, "current.json");
/** The root of the emitted tree: the repository, so `../../components/model` imports hold. */
const ROOT_DIR = path.resolve(PACK_DIR, "..");
/** The pack's entry file, the root of the program. */
const ENTRY = path.join(PACK_DIR, "index.ts");
/** Bumped when the build's layout or options change, so older builds count as stale. */
const BUILD_FORMAT = 1;
/** Builds kept besides the current one (a process may still be loading one). */
const KEPT_BUILDS = 2;

/** @returns {typeof import("typescript")} TypeScript as the pack resolves it. */
function loadTypeScript() {
  return require(require.resolve("typescript", { paths: [PACK_DIR] }));
}

/** @returns {string} the version of that TypeScript, without loading the compiler. */
function typeScriptVersion() {
  return require(require.resolve("typescript/package.json", { paths: [PACK_DIR] })).version;
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
 * @typedef {{ format: number, typescript: string, dir: string, sources: Record<string, string> }} Manifest
 * `sources`: repository-relative path -> sha256 of each file the build read.
 */

/** @returns {Manifest | undefined} the current build's manifest, if there is one. */
function readCurrent() {
  try {
    return JSON.parse(fs.readFileSync(CURRENT, "utf8"));
  } catch {
    return undefined;
  }
}

/** @param {Manifest} manifest @returns {string} the compiled entry file of a build. */
function entryOf(manifest) {
  return path.join(OUT_DIR, manifest.dir, path.relative(ROOT_DIR, ENTRY).replace(/\.ts$/, ".js"));
}

/**
 * Why the current build cannot be used, or undefined if it can.
 * @param {Manifest | undefined} manifest
 * @param {string} typescriptVersion
 * @returns {string | undefined}
 */
function staleReason(manifest, typescriptVersion) {
  if (manifest === undefined) {
    return "no build";
  }
  if (manifest.format !== BUILD_FORMAT || manifest.typescript !== typescriptVersion) {
    return "built by another TypeScript or build format";
  }
  if (!fs.existsSync(entryOf(manifest))) {
    return "the build's files are missing";
  }
  for (const [file, hash] of Object.entries(manifest.sources)) {
    if (hashFile(path.join(ROOT_DIR, file)) !== hash) {
      return `${file} changed`;
    }
  }
  return undefined;
}

/** @param {string} file @param {string} text writes a file atomically (temp file + rename). */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** @param {string} keep removes older builds, keeping `keep` and the newest few. */
function pruneBuilds(keep) {
  const builds = fs
    .readdirSync(OUT_DIR, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && entry.name !== keep && /^[0-9a-f]{16}$/.test(entry.name),
    )
    .map((entry) => ({
      dir: path.join(OUT_DIR, entry.name),
      mtime: fs.statSync(path.join(OUT_DIR, entry.name)).mtimeMs,
    }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const build of builds.slice(KEPT_BUILDS)) {
    fs.rmSync(build.dir, { recursive: true, force: true });
  }
}

/**
 * Type-checks and emits the pack; returns the new build's manifest. Throws, listing every
 * diagnostic, if the pack does not type-check.
 * @returns {Manifest}
 */
function build() {
  const ts = loadTypeScript();
  const tsconfig = path.join(PACK_DIR, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) {
    throw new Error(`cannot read ${tsconfig}`);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const temporary = fs.mkdtempSync(path.join(OUT_DIR, "tmp-"));
  try {
    const options = {
      ...parsed.options,
      rootDir: ROOT_DIR,
      outDir: temporary,
      noEmit: false,
      declaration: false,
      sourceMap: true,
      incremental: false,
      composite: false,
    };
    const program = ts.createProgram({ rootNames: [ENTRY], options });
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      throw new Error(
        `the policy pack does not compile:\n${ts.formatDiagnostics(errors, {
          getCanonicalFileName: (name) => name,
          getCurrentDirectory: () => ROOT_DIR,
          getNewLine: () => "\n",
        })}`,
      );
    }
    /** @type {Record<string, string>} */
    const sources = {};
    /** @type {import("typescript").TsConfigSourceFile | undefined} */
    const configFile = /** @type {any} */ (parsed.options.configFile);
    const read = [
      ...program
        .getSourceFiles()
        .map((file) => file.fileName)
        .filter((file) => !file.includes("/node_modules/")),
      // the configs that decided the options (tsconfig.json and what it extends)
      tsconfig,
      ...(configFile?.extendedSourceFiles ?? []),
    ];
    for (const file of read) {
      const hash = hashFile(file);
      if (hash !== undefined) {
        sources[path.relative(ROOT_DIR, path.resolve(file)).split(path.sep).join("/")] = hash;
      }
    }
    const id = crypto
      .createHash("sha256")
      .update(JSON.stringify([BUILD_FORMAT, ts.version, sources]))
      .digest("hex")
      .slice(0, 16);
    const dir = path.join(OUT_DIR, id);
    try {
      fs.renameSync(temporary, dir);
    } catch (error) {
      // Another process finished the same build first: its output is the same.
      if (!fs.existsSync(dir)) {
        throw error;
      }
      fs.rmSync(temporary, { recursive: true, force: true });
    }
    /** @type {Manifest} */
    const manifest = { format: BUILD_FORMAT, typescript: ts.version, dir: id, sources };
    writeAtomically(CURRENT, `${JSON.stringify(manifest, null, 2)}\n`);
    pruneBuilds(id);
    return manifest;
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * The compiled entry file of an up-to-date build, building first if the sources changed.
 * @returns {{ entry: string, built: boolean, reason?: string }} `built`: whether this call built.
 */
function ensureBuilt() {
  const current = readCurrent();
  const reason = staleReason(current, typeScriptVersion());
  if (current !== undefined && reason === undefined) {
    return { entry: entryOf(current), built: false };
  }
  return { entry: entryOf(build()), built: true, reason };
}

module.exports = { ensureBuilt, build, OUT_DIR };

if (require.main === module) {
  const started = Date.now();
  const result = ensureBuilt();
  const where = path.relative(process.cwd(), result.entry);
  console.log(
    result.built
      ? `policy pack compiled (${result.reason}) in ${Date.now() - started} ms: ${where}`
      : `policy pack already up to date: ${where}`,
  );
}
