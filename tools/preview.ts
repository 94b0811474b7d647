/**
 * `ecr-replication preview` (and the repository's `npm run preview`): preview a Pulumi program
 * offline, checked by the policy pack.
 *
 *   ecr-replication preview [--cwd DIR] [--stack NAME] [--policy-pack DIR]
 *                           [--policy-pack-config FILE] [--no-typecheck] [--json] [--diagram FILE]
 *                           [--stack-outputs NAME=FILE.json ...]
 *
 * Paths are relative to where the command was typed. The project is the nearest directory at or
 * above `--cwd` (default: there) holding a `Pulumi.yaml`, as the Pulumi CLI finds it. The pack is
 * the one shipped beside this command (the package's, or the repository's `policypack/`) unless
 * `--policy-pack` names another. No pack config file is applied unless one is named.
 *
 * Exit status: 0 without a mandatory violation, 1 with one, 2 when the program, the pack or the
 * command line fails (with its message on stderr).
 */
import * as fs from "fs";
import * as path from "path";
import { closestName } from "./analyzer/closest-name";
import { chooseStack, findProjectDirectory } from "./preview/command-paths";
import { renderMermaid } from "./preview/render-mermaid";
import { renderText } from "./preview/render-text";
import { exitStatusOf } from "./preview/report";
import { PreviewFailure, PreviewOptions, runPreview } from "./preview/run-preview";
import { typedDirectory } from "./preview/typed-directory";

/** The pack shipped beside this command: `policypack/` in the repository, `bin/policypack/` in the package. */
const SHIPPED_PACK = path.resolve(__dirname, "..", "policypack");

export const PREVIEW_USAGE = `usage: ecr-replication preview [--cwd DIR] [--stack NAME] [--policy-pack DIR]
                               [--policy-pack-config FILE] [--no-typecheck] [--json]
                               [--diagram FILE] [--stack-outputs NAME=FILE.json ...]`;

/** The command line, parsed. */
interface CommandLine extends PreviewOptions {
  json: boolean;
  diagramFile?: string;
}

function parseCommandLine(args: readonly string[], base: string): CommandLine {
  let start = base;
  let stack: string | undefined;
  const options: Omit<CommandLine, "projectDirectory" | "stack"> = {
    policyPackDirectory: SHIPPED_PACK,
    json: false,
    typeCheck: true,
  };
  const valueFlags: Record<string, (value: string) => void> = {
    "--cwd": (value) => (start = path.resolve(base, value)),
    "--stack": (value) => (stack = value),
    "--policy-pack": (value) => (options.policyPackDirectory = path.resolve(base, value)),
    "--policy-pack-config": (value) => (options.policyPackConfigFile = path.resolve(base, value)),
    "--diagram": (value) => (options.diagramFile = path.resolve(base, value)),
    // Repeatable: `<name>=<file.json>`, the file relative to where the command was typed.
    "--stack-outputs": (value) => {
      const at = value.indexOf("=");
      const given =
        at > 0 ? `${value.slice(0, at + 1)}${path.resolve(base, value.slice(at + 1))}` : value;
      (options.stackOutputs ??= []).push(given);
    },
  };
  const switches: Record<string, () => void> = {
    "--json": () => (options.json = true),
    "--no-typecheck": () => (options.typeCheck = false),
  };
  for (let index = 0; index < args.length; index++) {
    const [flag, inline] = args[index].split(/=(.*)/s, 2);
    if (flag in switches && inline === undefined) {
      switches[flag]();
    } else if (flag in valueFlags) {
      const value = inline ?? args[++index];
      if (value === undefined || value === "") {
        throw new PreviewFailure(`${flag} needs a value\n${PREVIEW_USAGE}`);
      }
      valueFlags[flag](value);
    } else {
      const closest = closestName(flag, [...Object.keys(switches), ...Object.keys(valueFlags)]);
      const hint = closest === undefined ? "" : `: did you mean ${closest}?`;
      throw new PreviewFailure(`unknown argument '${args[index]}'${hint}\n${PREVIEW_USAGE}`);
    }
  }
  const projectDirectory = findProjectDirectory(start);
  return { ...options, projectDirectory, stack: stack ?? chooseStack(projectDirectory) };
}

/** Runs the preview command; resolves with its exit status. */
export async function previewCommand(args: readonly string[]): Promise<number> {
  try {
    const commandLine = parseCommandLine(args, typedDirectory());
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

if (require.main === module) {
  previewCommand(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
