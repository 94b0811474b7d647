/**
 * "ours, installed": the pack as an organisation's stacks get it. `npm run pack:policypack` writes
 * the tarball `pulumi policy publish` would upload and prints its path as its last stdout line;
 * the bench extracts it and installs it as the CLI installs a required pack
 * (`npm install --omit=dev`, here `--prefer-offline` too), into
 * `node_modules/.cache/ecr-replication-bench/installed-<sha256 of the tarball>/package/`, once per
 * tarball. Until the script exists, or if any step fails, the row says why instead.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { npm } from "./npm";

/** The script that builds the tarball (issue 13 item 1). */
export const PACK_SCRIPT = "pack:policypack";

/** The installed pack's directory, or why there is none. */
export type InstalledPack =
  | { available: true; packDir: string; installedNow: boolean }
  | { available: false; reason: string };

/** The tarball path a pack script printed: its last non-empty stdout line, resolved from `root`. */
export function tarballFromOutput(root: string, stdout: string): string | undefined {
  const last = stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .pop();
  return last === undefined ? undefined : path.resolve(root, last);
}

/** Whether the repository's package.json has the pack script. */
function hasPackScript(root: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts?.[PACK_SCRIPT] !== undefined;
}

/**
 * Builds the tarball, extracts and installs it (unless this very tarball is installed already),
 * and returns the pack directory. Never throws: a failure is reported as unavailable with the
 * reason.
 */
export async function prepareInstalledPack(
  root: string,
  log: (line: string) => void,
): Promise<InstalledPack> {
  try {
    if (!hasPackScript(root)) {
      return {
        available: false,
        reason: `no \`npm run ${PACK_SCRIPT}\` in package.json yet (issue 13 item 1): no tarball to install`,
      };
    }
    log(`npm run ${PACK_SCRIPT}...`);
    const { stdout } = await npm(["run", "--silent", PACK_SCRIPT], root);
    const tarball = tarballFromOutput(root, stdout);
    if (tarball === undefined || !fs.existsSync(tarball)) {
      return {
        available: false,
        reason: `npm run ${PACK_SCRIPT} printed no tarball path as its last line (got ${JSON.stringify(tarball ?? "")})`,
      };
    }
    const digest = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex");
    const dir = path.join(
      root,
      "node_modules",
      ".cache",
      "ecr-replication-bench",
      `installed-${digest.slice(0, 12)}`,
    );
    const packDir = path.join(dir, "package");
    const marker = path.join(dir, "installed.json");
    if (fs.existsSync(marker)) {
      return { available: true, packDir, installedNow: false };
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // npm's tarballs hold one folder, package/.
    execFileSync("tar", ["-xzf", tarball, "-C", dir]);
    log(`installing ${path.basename(tarball)} into ${path.relative(root, packDir)}...`);
    await npm(["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], packDir);
    fs.writeFileSync(marker, `${JSON.stringify({ tarball: path.basename(tarball), digest })}\n`);
    return { available: true, packDir, installedNow: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { available: false, reason };
  }
}
