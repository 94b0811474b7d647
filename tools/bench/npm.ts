/** Running npm for the bench's scratch installs (awsguard, the installed pack). */
import { spawn } from "child_process";

/** How long an npm command may take before it is killed. */
export const NPM_TIMEOUT_MS = 240_000;

/** What npm printed: stdout alone, and stdout and stderr interleaved. */
export interface NpmOutput {
  stdout: string;
  output: string;
}

/** Runs npm in `cwd`; resolves with its output, rejects with the tail of it. */
export function npm(args: string[], cwd: string): Promise<NpmOutput> {
  const command = process.platform === "win32" ? "npm.cmd" : "npm";
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npm ${args.join(" ")} took over ${NPM_TIMEOUT_MS / 1000} s`));
    }, NPM_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout, output });
      } else {
        const tail = output.trim().split("\n").slice(-5).join(" | ");
        reject(new Error(`npm ${args.join(" ")} exited with code ${code}: ${tail}`));
      }
    });
  });
}
