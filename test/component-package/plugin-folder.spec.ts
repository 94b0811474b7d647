/**
 * The plugin folder as the Pulumi CLI installs it: `PulumiPlugin.yaml` says Node.js, its
 * package.json names the package `ecr-replication`, starts `boot.js`, and declares every package
 * its components need at run time, at the repository's versions (so a `pulumi package add` that
 * installs the folder's own dependencies gets the ones the repository is tested with).
 */
import * as assert from "assert";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as yaml from "js-yaml";
import { isBuiltin } from "module";
import * as path from "path";
import { PLUGIN_DIR } from "../../tools/component-package/process";
import { pluginPackage } from "./served";

/** The npm package an import names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("the plugin folder", () => {
  const manifest = pluginPackage() as ReturnType<typeof pluginPackage> & {
    dependencies: Record<string, string>;
  };
  const root = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "..", "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it("is a Node.js plugin named ecr-replication, started by boot.js", () => {
    const plugin = yaml.load(fs.readFileSync(path.join(PLUGIN_DIR, "PulumiPlugin.yaml"), "utf8"));
    assert.deepStrictEqual(plugin, { runtime: "nodejs" });
    assert.strictEqual(manifest.name, "ecr-replication");
    assert.strictEqual(manifest.main, "boot.js");
  });

  it("declares every package its components import, and what starts them, at the repository's versions", () => {
    // What the bundle boot.js makes requires at run time: every package, none of the repository's files.
    const built = esbuild.buildSync({
      entryPoints: [path.join(PLUGIN_DIR, "index.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      packages: "external",
      write: false,
      logLevel: "silent",
    });
    const required = [...built.outputFiles[0].text.matchAll(/require\("([^"]+)"\)/g)].map(
      (match) => match[1],
    );
    assert.deepStrictEqual(
      required.filter((specifier) => specifier.startsWith(".")),
      [],
    );
    const imported = new Set(required.filter((specifier) => !isBuiltin(specifier)).map(packageOf));
    // boot.js bundles with esbuild; the provider host reads the schema with TypeScript (its
    // typings of node built-ins too), and run-plugin registers ts-node.
    const needed = [...imported, "esbuild", "typescript", "@types/node", "ts-node"].sort();
    assert.deepStrictEqual(Object.keys(manifest.dependencies).sort(), needed);
    const versions = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      assert.strictEqual(version, versions[name], name);
    }
  });
});
