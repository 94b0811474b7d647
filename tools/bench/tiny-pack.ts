/**
 * A one-file JavaScript policy pack written for the benchmark (the floor, awsguard): what the
 * Pulumi CLI needs to boot a Node.js pack, `PulumiPolicy.yaml`, a `package.json` and its `main`.
 */
import * as fs from "fs";
import * as path from "path";

/** Writes (or rewrites: idempotent) the pack `name` into `dir`, its `index.js` being `program`. */
export function writeTinyPack(
  dir: string,
  pack: { name: string; description: string; program: string },
): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "PulumiPolicy.yaml"),
    `runtime: nodejs\ndescription: ${pack.description}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: pack.name, version: "0.0.0", private: true, main: "index.js" }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "index.js"), pack.program);
}
