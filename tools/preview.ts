/**
 * `npm run preview`: preview a Pulumi program offline, checked by the policy pack.
 *
 *   npm run preview -- [--cwd DIR] [--stack NAME] [--policy-pack DIR]
 *                      [--policy-pack-config FILE] [--json] [--diagram FILE]
 *                      [--stack-outputs NAME=FILE.json ...]
 *
 * Exit status: 0 without a mandatory violation, 1 with one, 2 when the program, the pack or the
 * command line fails (with its message on stderr).
 */
import * as fs from "fs";
import * as path from "path";
import { renderMermaid } from "./preview/render-mermaid";
import { renderText } from "./preview/render-text";
import { exitStatusOf } from "./preview/report";
import { PreviewFailure, PreviewOptions, runPreview } from "./preview/run-preview";

/** The repository root: the defaults (example project, pack) live there. */
const REPOSITORY_ROOT = path.resolve(__dirname, "..");

const USAGE = `usage: npm run preview -- [--cwd DIR] [--stack NAME] [--policy-pack DIR]
                          [--policy-pack-config FILE] [--json] [--diagram FILE]
                          [--stack-outputs NAME=FILE.json ...]`;

/** The command line, parsed. */
interface CommandLine extends PreviewOptions {
  json: boolean;
  diagramFile?: string;
}

function parseCommandLine(args: readonly string[]): CommandLine {
  const options: CommandLine = {
    projectDirectory: REPOSITORY_ROOT,
    stack: "dev",
    policyPackDirectory: path.join(REPOSITORY_ROOT, "policypack"),
    json: false,
  };
  // No pack config unless named: the example's own would judge any project by its accounts.
  // (`npm run preview`, the example's script, names policypack/config.example.json.)
  const valueFlags: Record<string, (value: string) => void> = {
    "--cwd": (value) => (options.projectDirectory = path.resolve(value)),
    "--stack": (value) => (options.stack = value),
    "--policy-pack": (value) => (options.policyPackDirectory = path.resolve(value)),
    "--policy-pack-config": (value) => (options.policyPackConfigFile = path.resolve(value)),
    "--diagram": (value) => (options.diagramFile = path.resolve(value)),
    "--stack-outputs": (value) => (options.stackOutputs ??= []).push(value), // repeatable
  };
  for (let index = 0; index < args.length; index++) {
    const [flag, inline] = args[index].split(/=(.*)/s, 2);
    if (flag === "--json" && inline === undefined) {
      options.json = true;
    } else if (flag in valueFlags) {
      const value = inline ?? args[++index];
      if (value === undefined || value === "") {
        throw new PreviewFailure(`${flag} needs a value\n${USAGE}`);
      }
      valueFlags[flag](value);
    } else {
      throw new PreviewFailure(`unknown argument '${args[index]}'\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  try {
    const commandLine = parseCommandLine(process.argv.slice(2));
    const report = await runPreview(commandLine);
    process.stdout.write(
      commandLine.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report),
    );
    if (commandLine.diagramFile !== undefined) {
      fs.writeFileSync(commandLine.diagramFile, renderMermaid(report));
    }
    return exitStatusOf(report);
  } catch (error) {
    // Our own failures carry a complete message; anything else is a bug worth its stack.
    const message =
      error instanceof PreviewFailure ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`error: ${message}\n`);
    return 2;
  }
}

main().then((status) => {
  process.exitCode = status;
});
