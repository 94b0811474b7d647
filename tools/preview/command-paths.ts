/** Which project and stack the preview command works on when the command line does not say. */
import * as fs from "fs";
import * as path from "path";
import { PreviewFailure } from "./run-preview";

/** The nearest directory at or above `start` with a `Pulumi.yaml`, as the Pulumi CLI looks. */
export function findProjectDirectory(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, "Pulumi.yaml"))) {
      return directory;
    }
    if (path.dirname(directory) === directory) {
      throw new PreviewFailure(
        `no Pulumi.yaml in ${start} or above it: run the command in a Pulumi project, or name one with --cwd`,
      );
    }
  }
}

/**
 * The stack when `--stack` is not given (there is no selected stack offline): the only
 * `Pulumi.<stack>.yaml`, else `dev` when there is none or `Pulumi.dev.yaml` is one of several.
 */
export function chooseStack(projectDirectory: string): string {
  const stacks = fs
    .readdirSync(projectDirectory)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
  if (stacks.length === 1) {
    return stacks[0];
  }
  if (stacks.length === 0 || stacks.includes("dev")) {
    return "dev";
  }
  throw new PreviewFailure(
    `${projectDirectory} has several stacks (${stacks.join(", ")}): name one with --stack`,
  );
}
