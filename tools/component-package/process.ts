/**
 * Starts the component package (plugin/) the way the Pulumi CLI does, and nothing more: the
 * Node.js language host's `RunPlugin` resolves `@pulumi/pulumi/cmd/run-plugin` from the plugin's
 * directory and runs `node <run-plugin> <plugin directory> <args...>` (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `RunPlugin`, `defaultRunPluginPath`).
 * run-plugin requires the directory, finds the `ComponentResource` classes it exports, names the
 * provider after the package.json `name` (without an npm scope) and serves them with
 * `componentProviderHost`, which prints its gRPC port on the first line of stdout.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The component package of this repository. */
export const PLUGIN_DIR = path.resolve(__dirname, "..", "..", "plugin");

/** A component package process that printed its port. */
export interface PluginProcess {
  child: ChildProcess;
  port: number;
  /** Milliseconds from the spawn to the port. */
  startMs: number;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** Stops the process; resolves once it has exited. */
  stop: () => Promise<void>;
}

// Every plugin process still alive, killed if this process exits without stopping them.
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) {
    child.kill("SIGKILL");
  }
});

/** Starts the component package in `pluginDir` and waits (at most `timeoutMs`) for its port. */
export function startComponentPackage(
  pluginDir: string = PLUGIN_DIR,
  timeoutMs = 120_000,
): Promise<PluginProcess> {
  const directory = path.resolve(pluginDir);
  if (!fs.existsSync(path.join(directory, "PulumiPlugin.yaml"))) {
    return Promise.reject(new Error(`${directory} has no PulumiPlugin.yaml: not a plugin`));
  }
  let runPlugin: string;
  try {
    runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [directory] });
  } catch {
    return Promise.reject(
      new Error(
        `${directory} cannot resolve @pulumi/pulumi/cmd/run-plugin: run npm ci in the repository first`,
      ),
    );
  }
  const started = Date.now();
  const child = spawn(process.execPath, [runPlugin, directory], {
    cwd: directory,
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
  const stop = (): Promise<void> => {
    child.kill("SIGTERM");
    return exited;
  };

  return new Promise<PluginProcess>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const output = stderr.trim() === "" ? "(no stderr)" : stderr.trim();
      reject(new Error(`component package ${directory} ${reason}:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${signal ?? `code ${code}`}) before printing its port`);
    child.once("exit", onExit);
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.includes("\n")) {
        return; // the port was read; later output is the components' own
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
      resolve({ child, port, startMs: Date.now() - started, stderr: () => stderr, stop });
    });
  });
}
