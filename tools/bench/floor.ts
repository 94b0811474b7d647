/**
 * The floor: an empty policy pack (a `PolicyPack` with no policies), booted and driven exactly as
 * the packs it is compared with. What it costs is what `@pulumi/policy` and `@pulumi/pulumi` cost
 * alone (node start, module loading, the gRPC server, decoding each request), so a pack's ratio to
 * it is what the pack's own policies cost (issue 13: cold start of the installed pack at most
 * 1.15x the floor, AnalyzeStack at most 1.3x, Analyze throughput at least 0.9x).
 *
 * Written into `node_modules/.cache/ecr-replication-bench/floor/` as plain JavaScript (nothing to
 * compile, like our compiled pack); `@pulumi/policy` and `@pulumi/pulumi` resolve from this
 * repository's node_modules, as they do for our in-repository pack.
 */
import * as path from "path";
import { writeTinyPack } from "./tiny-pack";

/** The floor pack's directory (written, or rewritten, by `writeFloorPack`). */
export function floorPackDir(root: string): string {
  return path.join(root, "node_modules", ".cache", "ecr-replication-bench", "floor");
}

/** The floor pack's program: the pack constructor and nothing else. */
export const FLOOR_PACK_PROGRAM =
  'const { PolicyPack } = require("@pulumi/policy");\n\nnew PolicyPack("floor", { policies: [] });\n';

/** Writes the empty pack (idempotent) and returns its directory. */
export function writeFloorPack(root: string): string {
  const dir = floorPackDir(root);
  writeTinyPack(dir, {
    name: "floor-bench",
    description: "The floor: a policy pack with no policies",
    program: FLOOR_PACK_PROGRAM,
  });
  return dir;
}
