/**
 * Starts the component package (plugin/) the way the Pulumi CLI does, and nothing more: the
 * Node.js language host's `RunPlugin` resolves `@pulumi/pulumi/cmd/run-plugin` from the plugin's
 * directory and runs `node <run-plugin> <plugin directory> <args...>` (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `RunPlugin`, `defaultRunPluginPath`).
 * run-plugin requires the directory, finds the `ComponentResource` classes it exports, names the
 * provider after the package.json `name` (without an npm scope) and serves them with
 * `componentProviderHost`, which prints its gRPC port on the first line of stdout.
 */
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { spawnForPort } from "../analyzer/plugin-port";

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
  return spawnForPort({
    args: [runPlugin, directory],
    cwd: directory,
    label: `component package ${directory}`,
    timeoutMs,
  }).then(({ child, port, stderr, exited }) => ({
    child,
    port,
    startMs: Date.now() - started,
    stderr,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  }));
}
