/**
 * `npm run pack:policypack`: the policy pack as it is published, a folder that starts anywhere.
 *
 * Writes `.policypack-dist/ecr-replication-policies/` (gitignored): `PulumiPolicy.yaml`, a
 * `package.json` whose `dependencies` are exactly what the bundle requires at run time (with the
 * root package.json's ranges), and `index.js`, the pack and the model it uses in one esbuild bundle
 * (policypack/compile.js `bundlePack`, the same bundle the in-repository pack boots). Then
 * `npm pack` of that folder writes the tarball beside it, and the tarball's absolute path is the
 * last line of stdout. `-- --dist <dir>` writes them into `<dir>` instead.
 *
 * The Pulumi CLI installs a published pack by extracting it, running `npm install` of its
 * `package.json` and booting it with cwd = that folder
 * (`node node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js <engine> .`): nothing in the
 * folder may import outside it, and nothing is compiled at its boot.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { bundlePack, RUNTIME_DEPENDENCIES } from "../policypack/compile";

const ROOT = path.resolve(__dirname, "..");
const PACK_SOURCE = path.join(ROOT, "policypack");
/** Where the published pack's folder and tarball are written. */
export const DIST_DIR = path.join(ROOT, ".policypack-dist");
/** The bundle, the published pack's `main`. */
const BUNDLE = "index.js";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
}

/**
 * The published pack's package.json: the pack's name, version and description
 * (policypack/package.json), and the bundle's run-time dependencies with the ranges the root
 * package.json gives them, so the pack runs on the versions this repository is tested with.
 */
export function publishedPackageJson(): Record<string, unknown> {
  const pack = readPackageJson(PACK_SOURCE);
  const root = readPackageJson(ROOT);
  const dependencies: Record<string, string> = {};
  for (const name of RUNTIME_DEPENDENCIES) {
    const range = root.dependencies?.[name] ?? root.devDependencies?.[name];
    if (range === undefined) {
      throw new Error(`package.json gives no version of '${name}', a dependency of the pack`);
    }
    dependencies[name] = range;
  }
  return {
    name: pack.name,
    version: pack.version,
    description: pack.description,
    license: root.license,
    private: true,
    main: BUNDLE,
    engines: root.engines,
    dependencies,
  };
}

/** What was built: the pack's folder and its tarball (absolute paths). */
export interface PublishedPack {
  folder: string;
  tarball: string;
}

/**
 * Writes the published pack's folder: PulumiPolicy.yaml, package.json, the bundle. The package's
 * build writes it to `bin/policypack/` too: the pack `ecr-replication preview` boots by default.
 */
export function writePublishedPack(folder: string): void {
  const manifest = publishedPackageJson();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(
    path.join(PACK_SOURCE, "PulumiPolicy.yaml"),
    path.join(folder, "PulumiPolicy.yaml"),
  );
  fs.writeFileSync(path.join(folder, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  bundlePack({ outfile: path.join(folder, BUNDLE) });
}

/** Builds the published pack's folder and `npm pack`s it into `distDir`. */
export function packPolicyPack(distDir: string = DIST_DIR): PublishedPack {
  const folder = path.join(distDir, String(publishedPackageJson().name));
  writePublishedPack(folder);
  const output = execFileSync(
    NPM,
    ["pack", "--json", "--ignore-scripts", "--pack-destination", distDir],
    { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const [packed] = JSON.parse(output) as { filename: string }[];
  return { folder, tarball: path.join(distDir, packed.filename) };
}

/** `--dist <dir>`: where to write instead of `.policypack-dist/` (tests write to a scratch folder). */
function distDirFromArgs(args: readonly string[]): string {
  const at = args.indexOf("--dist");
  if (at < 0) {
    return DIST_DIR;
  }
  if (args[at + 1] === undefined) {
    throw new Error("--dist needs a directory");
  }
  return path.resolve(args[at + 1]);
}

/** `--folder <dir>`: write only the pack's folder there (the package's build), no tarball. */
function folderFromArgs(args: readonly string[]): string | undefined {
  const at = args.indexOf("--folder");
  if (at < 0) {
    return undefined;
  }
  if (args[at + 1] === undefined || args[at + 1].startsWith("--")) {
    throw new Error("--folder needs a directory");
  }
  return path.resolve(args[at + 1]);
}

if (require.main === module && folderFromArgs(process.argv.slice(2)) !== undefined) {
  writePublishedPack(folderFromArgs(process.argv.slice(2)) as string);
} else if (require.main === module) {
  const { folder, tarball } = packPolicyPack(distDirFromArgs(process.argv.slice(2)));
  const bundleKiB = fs.statSync(path.join(folder, BUNDLE)).size / 1024;
  console.log(`policy pack folder: ${folder} (${BUNDLE}: ${bundleKiB.toFixed(0)} KiB)`);
  console.log("publish it from that folder: pulumi policy publish <org>");
  console.log(tarball);
}
