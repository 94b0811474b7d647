/**
 * Runs a Pulumi program on the mock runtime in a child process (see `program-host.ts`): a
 * TypeScript program is compiled, and type-checked, as the Pulumi CLI compiles it
 * (`program-typescript.ts`); a program that does not compile, throws or crashes ends the child,
 * never the preview, and comes back as a {@link ProgramError} carrying the compiler's or the
 * program's own message.
 */
import { spawn } from "child_process";
import * as path from "path";
import { PulumiProject } from "./project";
import { ProgramOutcome, ProgramRequest, RecordedResource, REQUEST_ENV } from "./recorded";

/** The program failed: `message` is the program's own error (or how its process ended). */
export class ProgramError extends Error {
  /**
   * @param typeErrors the compiler's diagnostics when the program does not type-check
   */
  constructor(
    message: string,
    readonly typeErrors?: string,
  ) {
    super(message);
    this.name = "ProgramError";
  }
}

/** What the program registered, and what it printed. */
export interface ProgramRun {
  resources: RecordedResource[];
  /** The program's own stdout and stderr (console output, Pulumi log messages). */
  output: string;
}

/** Options for {@link runProgram}. */
export interface RunOptions {
  /** Milliseconds before the program is killed; default 120 000. */
  timeoutMs?: number;
  /** False to compile a TypeScript program without type-checking it (`--no-typecheck`). */
  typeCheck?: boolean;
  /** Outputs of the stacks the program references, by name (`--stack-outputs`). */
  stackOutputs?: ProgramRequest["stackOutputs"];
}

/**
 * The program host: compiled JavaScript in the package; from source (under this process's
 * transpile-only ts-node) in the repository.
 */
function hostCommand(): string[] {
  const host = path.join(__dirname, `program-host${path.extname(__filename)}`);
  return path.extname(__filename) === ".ts"
    ? [
        "-r",
        path.join(__dirname, "original-loaders.js"),
        "-r",
        require.resolve("ts-node/register/transpile-only"),
        host,
      ]
    : [host];
}

/** Runs the project's program for `stack` with `config` (as read by `readStackConfig`). */
export function runProgram(
  project: PulumiProject,
  stack: string,
  config: Record<string, string>,
  options: RunOptions = {},
): Promise<ProgramRun> {
  const request: ProgramRequest = {
    directory: project.directory,
    main: project.main,
    project: project.name,
    stack,
    config,
    typescript: project.typescript
      ? { tsconfig: project.tsconfig, typeCheck: options.typeCheck ?? true }
      : undefined,
    stackOutputs: options.stackOutputs,
  };
  const child = spawn(process.execPath, hostCommand(), {
    cwd: project.directory,
    env: { ...process.env, [REQUEST_ENV]: JSON.stringify(request) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));

  return new Promise<ProgramRun>((resolve, reject) => {
    let outcome: ProgramOutcome | undefined;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ProgramError(`the program did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("message", (message: ProgramOutcome) => {
      outcome = message;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ProgramError(`the program could not be started: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (outcome?.kind === "result") {
        resolve({ resources: outcome.resources, output });
      } else if (outcome?.kind === "error") {
        reject(new ProgramError(outcome.message));
      } else if (outcome?.kind === "type-error") {
        reject(new ProgramError("it does not type-check", outcome.diagnostics));
      } else {
        const how = signal ?? `code ${code}`;
        reject(new ProgramError(`the program exited (${how}) without a result:\n${output.trim()}`));
      }
    });
  });
}
