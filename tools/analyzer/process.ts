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
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The engine address handed to the pack: unused by run-policy-pack (see above), but required. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

/** A pack process that printed its port. */
export interface PackProcess {
  child: ChildProcess;
  port: number;
  /** Everything the pack wrote to stderr so far (kept up to date). */
  stderr: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Options for booting a pack. */
export interface BootOptions {
  /** Extra environment variables for the pack process (for example `PULUMI_CONFIG`). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the port; default 60 000 (compiling a pack takes seconds). */
  timeoutMs?: number;
}

// Every pack process still alive, killed if this process exits without closing them.
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) {
    child.kill("SIGKILL");
  }
});

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
  const child = spawn(process.execPath, [runPolicyPack, UNUSED_ENGINE_ADDRESS, "."], {
    cwd: directory,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let stderr = "";
  let stdout = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      live.delete(child);
      resolve();
    });
  });

  return new Promise<PackProcess>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const output = stderr.trim() === "" ? "(no stderr)" : stderr.trim();
      reject(new Error(`policy pack ${directory} ${reason}:\n${output}`));
    };
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${signal ?? `code ${code}`}) before printing its port`);
    child.once("exit", onExit);
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.includes("\n")) {
        return; // the port was read; later output is the pack's own console output
      }
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) {
        return;
      }
      const line = stdout.slice(0, newline).trim();
      const port = Number(line);
      if (!/^\d+$/.test(line) || port <= 0 || port > 65535) {
        fail(`printed ${JSON.stringify(line)} where its gRPC port was expected`);
        return;
      }
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve({ child, port, stderr: () => stderr, exited });
    });
  });
}
