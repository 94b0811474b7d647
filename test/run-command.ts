/**
 * Runs the package's command from source (`tools/cli.ts`, what `npm run preview` and `npm run
 * audit` run) in a child process at the repository root, as a user's shell would.
 */
import { spawn } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** How the command ended and what it printed. */
export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `ecr-replication <args...>` from source, cwd the repository root. */
export function runCommand(...args: string[]): Promise<Outcome> {
  const child = spawn(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), "tools/cli.ts", ...args],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on("close", (status) => resolve({ status, stdout, stderr })),
  );
}
