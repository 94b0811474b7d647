/** The directory the user typed the command in: command-line paths are relative to it. */
import * as path from "path";

/**
 * The directory the command was typed in. `npm run` starts scripts in the package root and keeps
 * the typed directory in `INIT_CWD` (as `npx` does, from the typed directory itself); anything else
 * starts us where it was typed.
 */
export function typedDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const cwd = process.cwd();
  const startedByNpm =
    env.INIT_CWD !== undefined &&
    env.npm_config_local_prefix !== undefined &&
    path.resolve(env.npm_config_local_prefix) === cwd;
  return startedByNpm ? path.resolve(env.INIT_CWD as string) : cwd;
}
