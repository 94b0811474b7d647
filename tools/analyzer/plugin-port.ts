/**
 * Starts a Pulumi plugin process (a policy pack through run-policy-pack, a component package
 * through run-plugin) and waits for the gRPC port it prints on the first line of stdout, as the
 * CLI does. Processes still alive when this process exits are killed.
 */
import { ChildProcess, spawn } from "child_process";

/** A plugin process that printed its port. */
export interface PortedProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote to stderr so far (kept up to date). */
  stderr: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** How to start the process, and what to call it in errors. */
export interface PortedSpawn {
  /** Arguments to `node`. */
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Names the process in errors: `policy pack /dir`, `component package /dir`. */
  label: string;
  timeoutMs: number;
}

// Every plugin process still alive, killed if this process exits without closing them.
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) {
    child.kill("SIGKILL");
  }
});

/** Spawns `node ...args` and resolves once it printed a port; rejects naming `label` otherwise. */
export function spawnForPort(how: PortedSpawn): Promise<PortedProcess> {
  const child = spawn(process.execPath, how.args, {
    cwd: how.cwd,
    env: how.env ?? process.env,
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

  return new Promise<PortedProcess>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const output = stderr.trim() === "" ? "(no stderr)" : stderr.trim();
      reject(new Error(`${how.label} ${reason}:\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`printed no port within ${how.timeoutMs} ms`),
      how.timeoutMs,
    );
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${signal ?? `code ${code}`}) before printing its port`);
    child.once("exit", onExit);
    child.once("error", (error) => fail(`could not be started (${error.message})`));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.includes("\n")) {
        return; // the port was read; later output is the plugin's own console output
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
