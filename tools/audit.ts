/**
 * `ecr-replication audit` (and the repository's `npm run audit`): audit what is deployed across an
 * organisation, with the policy pack's own rules, from the AWS CLI's output; or adopt it as a
 * Pulumi program.
 *
 *   ecr-replication audit [--policy-pack DIR] [--policy-pack-config FILE] [--json] [--diagram FILE] DIR
 *   ecr-replication audit --emit typescript DIR
 *
 * Paths are relative to where the command was typed; the pack is the one shipped beside the
 * command (the package's, or the repository's `policypack/`) unless `--policy-pack` names another.
 * DIR holds `<account>/<region>/` folders of AWS CLI output (tools/audit/layout.ts; collected by
 * tools/collect-registries.sh). Exit status: 0 when clean; 1 with a mandatory violation, a broken
 * route or input that could not be read (for --emit: anything not reproduced exactly); 2 when
 * nothing could be read, or the pack, its config or the command line fails (message on stderr).
 */
import * as fs from "fs";
import * as path from "path";
import { renderMermaid } from "./preview/render-mermaid";
import { typedDirectory } from "./preview/typed-directory";
import { adoptOrganisation } from "./audit/adopt";
import { emitTypeScript } from "./audit/emit-typescript";
import { renderAuditText } from "./audit/render-text";
import { auditExitStatus } from "./audit/report";
import { AuditFailure, AuditOptions, readAuditedOrganisation, runAudit } from "./audit/run-audit";

/** The pack shipped beside this command: `policypack/` in the repository, `bin/policypack/` in the package. */
const SHIPPED_PACK = path.resolve(__dirname, "..", "policypack");

export const AUDIT_USAGE = `usage: ecr-replication audit [--policy-pack DIR] [--policy-pack-config FILE] [--json] [--diagram FILE] DIR
       ecr-replication audit --emit typescript DIR`;
const USAGE = AUDIT_USAGE;

/** The languages `--emit` writes. */
const EMIT_LANGUAGES = ["typescript"];

/** The command line, parsed. */
interface CommandLine extends AuditOptions {
  json: boolean;
  diagramFile?: string;
  emit?: string;
}

function parseCommandLine(args: readonly string[], base: string): CommandLine {
  let directory: string | undefined;
  const options: Omit<CommandLine, "directory"> = {
    policyPackDirectory: SHIPPED_PACK,
    json: false,
  };
  const given = new Set<string>();
  const valueFlags: Record<string, (value: string) => void> = {
    "--policy-pack": (value) => (options.policyPackDirectory = path.resolve(base, value)),
    "--policy-pack-config": (value) => (options.policyPackConfigFile = path.resolve(base, value)),
    "--diagram": (value) => (options.diagramFile = path.resolve(base, value)),
    "--emit": (value) => {
      if (!EMIT_LANGUAGES.includes(value)) {
        throw new AuditFailure(
          `--emit writes ${EMIT_LANGUAGES.join(", ")}, got '${value}'\n${USAGE}`,
        );
      }
      options.emit = value;
    },
  };
  for (let index = 0; index < args.length; index++) {
    const [flag, inline] = args[index].split(/=(.*)/s, 2);
    if (flag === "--json" && inline === undefined) {
      options.json = true;
      given.add(flag);
    } else if (flag in valueFlags) {
      const value = inline ?? args[++index];
      if (value === undefined || value === "") {
        throw new AuditFailure(`${flag} needs a value\n${USAGE}`);
      }
      valueFlags[flag](value);
      given.add(flag);
    } else if (!args[index].startsWith("-") && directory === undefined) {
      directory = path.resolve(base, args[index]);
    } else {
      throw new AuditFailure(`unknown argument '${args[index]}'\n${USAGE}`);
    }
  }
  if (directory === undefined) {
    throw new AuditFailure(`the folder to audit is missing\n${USAGE}`);
  }
  const beside = [...given].filter((flag) => flag !== "--emit");
  if (options.emit !== undefined && beside.length > 0) {
    throw new AuditFailure(
      `--emit prints a program and runs no policy pack: it takes no ${beside.join(", ")}\n${USAGE}`,
    );
  }
  return { ...options, directory };
}

/** `npm run audit -- --emit typescript DIR`: the program on stdout, what it cannot reproduce on stderr. */
function emit(commandLine: CommandLine): number {
  const organisation = readAuditedOrganisation(commandLine.directory);
  const adoption = adoptOrganisation(organisation);
  process.stdout.write(emitTypeScript(adoption));
  for (const line of adoption.notReproduced) {
    process.stderr.write(`not reproduced: ${line}\n`);
  }
  return adoption.notReproduced.length > 0 ? 1 : 0;
}

/** Runs the audit command with `args` (what follows `audit`); returns the exit status. */
export async function auditCommand(args: readonly string[]): Promise<number> {
  try {
    const commandLine = parseCommandLine(args, typedDirectory());
    if (commandLine.emit !== undefined) {
      return emit(commandLine);
    }
    const { report } = await runAudit(commandLine);
    process.stdout.write(
      commandLine.json ? `${JSON.stringify(report, null, 2)}\n` : renderAuditText(report),
    );
    if (commandLine.diagramFile !== undefined) {
      try {
        fs.writeFileSync(commandLine.diagramFile, renderMermaid(report));
      } catch (error) {
        throw new AuditFailure(
          `--diagram ${commandLine.diagramFile} cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    return auditExitStatus(report);
  } catch (error) {
    // Our own failures carry a complete message; anything else is a bug worth its stack.
    const message =
      error instanceof AuditFailure ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`error: ${message}\n`);
    return 2;
  }
}

if (require.main === module) {
  void auditCommand(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
