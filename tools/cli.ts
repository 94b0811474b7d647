#!/usr/bin/env node
/**
 * `ecr-replication`: the package's command.
 *
 *   ecr-replication preview [flags]   preview the Pulumi project here offline, checked by the pack
 *   ecr-replication audit [flags] DIR  audit the AWS CLI output of an organisation's registries
 *
 * `ecr-replication <command> --help` prints the command's usage.
 */
import { auditCommand, AUDIT_USAGE } from "./audit";
import { previewCommand, PREVIEW_USAGE } from "./preview";

const USAGE = `usage: ecr-replication <command> [flags]

commands:
  preview   preview the Pulumi project here offline (mock runtime), checked by the policy pack
  audit     audit (or adopt, --emit typescript) the AWS CLI output of an organisation's registries

${PREVIEW_USAGE}
${AUDIT_USAGE}`;

/** Each command: its usage, and what runs it (resolving with the exit status). */
const COMMANDS: Record<string, { usage: string; run(args: readonly string[]): Promise<number> }> = {
  preview: { usage: PREVIEW_USAGE, run: previewCommand },
  audit: { usage: AUDIT_USAGE, run: auditCommand },
};

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`error: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
