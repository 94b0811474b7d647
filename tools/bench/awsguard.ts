/**
 * `@pulumi/awsguard`, the comparison pack, installed on first use into a scratch folder so that
 * `npm ci` stays lean: `node_modules/.cache/ecr-replication-bench/awsguard-<version>/` (inside
 * this clone's node_modules, so the pack resolves the same TypeScript and ts-node as ours when
 * run-policy-pack registers them; `npm ci` wipes it with the rest).
 *
 * Versions: awsguard 0.3.1 is the only release (it needs @pulumi/aws ^4 and aws-sdk 2, which it
 * brings); @pulumi/pulumi and @pulumi/policy pinned to this project's (3.248.0 is the last for
 * Node 20). Installed with --ignore-scripts: @pulumi/aws 4's install script would download its
 * provider plugin, which a policy pack never uses.
 *
 * The pack program is the one `pulumi policy new awsguard-typescript` writes, with every policy
 * mandatory, as plain JavaScript (index.js): like our compiled pack, nothing to type-check.
 */
import * as fs from "fs";
import * as path from "path";
import { writeTinyPack } from "./tiny-pack";
import { npm } from "./npm";

export const AWSGUARD_VERSION = "0.3.1";
const PULUMI_VERSION = "3.248.0";
const POLICY_VERSION = "1.21.0";

/** The scratch folder of this version. */
export function awsguardDir(root: string): string {
  return path.join(
    root,
    "node_modules",
    ".cache",
    "ecr-replication-bench",
    `awsguard-${AWSGUARD_VERSION}`,
  );
}

/** The pack directory within it. */
function packDir(dir: string): string {
  return path.join(dir, "pack");
}

/** What preparing awsguard gave: its pack directory, or why there is none. */
export type AwsguardPack =
  | { available: true; packDir: string; installedNow: boolean; installMs?: number }
  | { available: false; reason: string };

/**
 * The awsguard pack directory, installing awsguard first if this version is not installed yet.
 * Never throws: a failed install is reported as unavailable with the reason.
 */
export async function prepareAwsguard(
  root: string,
  log: (line: string) => void,
): Promise<AwsguardPack> {
  const dir = awsguardDir(root);
  const marker = path.join(dir, "installed.json");
  try {
    writePack(dir);
    if (fs.existsSync(marker)) {
      return { available: true, packDir: packDir(dir), installedNow: false };
    }
    log(
      `installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${path.relative(root, dir)} (first run only)...`,
    );
    const started = Date.now();
    fs.writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify(
        {
          name: "ecr-replication-bench-awsguard",
          version: "0.0.0",
          private: true,
          description: "Scratch install of @pulumi/awsguard for npm run bench",
          dependencies: {
            "@pulumi/awsguard": AWSGUARD_VERSION,
            "@pulumi/policy": POLICY_VERSION,
            "@pulumi/pulumi": PULUMI_VERSION,
          },
        },
        null,
        2,
      )}\n`,
    );
    await npm(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"], dir);
    const installMs = Date.now() - started;
    fs.writeFileSync(marker, `${JSON.stringify({ awsguard: AWSGUARD_VERSION, installMs })}\n`);
    return { available: true, packDir: packDir(dir), installedNow: true, installMs };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Writes the tiny pack program (idempotent). */
function writePack(dir: string): void {
  writeTinyPack(packDir(dir), {
    name: "awsguard-bench",
    description: "AWSGuard, every policy mandatory",
    program:
      'const { AwsGuard } = require("@pulumi/awsguard");\n\nnew AwsGuard({ all: "mandatory" });\n',
  });
}
