/**
 * Boots a policy pack the way the Pulumi CLI does, and nothing more: the CLI's
 * `pulumi-analyzer-policy` shim resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack's own
 * directory and runs `node <run-policy-pack> <engine-address> .` with cwd = the pack directory
 * (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`, `NewPolicyAnalyzer`). The pack
 * prints its gRPC port on the first line of stdout.
 *
 * What checking run-policy-pack 3.248 showed:
 * - The engine address is dropped (`argv._.shift()`), and the SDK's `log` only talks to an engine
 *   when `PULUMI_NODEJS_ENGINE` is set, which the CLI does not set for analyzers: no fake engine is
 *   needed; the pack's log messages go to its stderr, which we keep for error reports.
 * - TypeScript: `run.ts` registers ts-node itself, `typeCheck: true`, with `ts-node` and
 *   `typescript` resolved from @pulumi/pulumi's location (so this repo's ts-node 10 and
 *   TypeScript 5; a vendored ts-node 7 / TypeScript 3.8 only if none is found), reading
 *   compilerOptions from `tsconfig.json` in the pack directory if there is one (ts-node is told to
 *   skip project lookup otherwise). The program is the pack directory itself (`require(".")`), so
 *   Node resolves the `main` of the pack's package.json, else `index.js`, else `index.ts`: a pack
 *   with only `index.ts` runs without a build step and is type-checked on boot, as under the real
 *   CLI: a type error in a pack fails the boot.
 * - This repository's pack (policypack/) has `main: boot.js`, which runs the pack's esbuild bundle
 *   (policypack/compile.js, rebuilt in about 0.1 s when its sources change, never type-checked at
 *   boot): about 0.8 s to the port instead of about 5 s under ts-node. The published pack
 *   (`npm run pack:policypack`) is that same bundle as its `main`.
 */
import * as fs from "fs";
import * as path from "path";
import { PortedProcess, spawnForPort } from "./plugin-port";

/** The engine address handed to the pack: unused by run-policy-pack (see above), but required. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

/** A pack process that printed its port. */
export type PackProcess = PortedProcess;

/** Options for booting a pack. */
export interface BootOptions {
  /** Extra environment variables for the pack process (for example `PULUMI_CONFIG`). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the port; default 60 000 (compiling a pack takes seconds). */
  timeoutMs?: number;
}

/** Starts `run-policy-pack` for the pack in `packDir` and waits for the port it prints. */
export function bootPolicyPack(packDir: string, options: BootOptions = {}): Promise<PackProcess> {
  const directory = path.resolve(packDir);
  if (!fs.existsSync(path.join(directory, "PulumiPolicy.yaml"))) {
    return Promise.reject(
      new Error(`policy pack ${directory} has no PulumiPolicy.yaml: it is not a policy pack`),
    );
  }
  let runPolicyPack: string;
  try {
    runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [directory] });
  } catch {
    return Promise.reject(
      new Error(
        `policy pack ${directory} cannot resolve @pulumi/pulumi/cmd/run-policy-pack: are its dependencies installed?`,
      ),
    );
  }
  return spawnForPort({
    args: [runPolicyPack, UNUSED_ENGINE_ADDRESS, "."],
    cwd: directory,
    env: { ...process.env, ...options.env },
    label: `policy pack ${directory}`,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
