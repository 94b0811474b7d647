/**
 * The pack's `main` (package.json): what run-policy-pack loads when the Pulumi CLI, or the offline
 * preview, boots this directory as an analyzer. It runs the pack's esbuild bundle (`compile.js`,
 * the same bundle as the published pack's), bundling first when a file that goes into it changed
 * since the last bundle (about 70 ms; nothing is type-checked at boot: `npm test` does that).
 *
 * If no bundle can be made (a read-only checkout, no esbuild, a syntax error), it runs `index.ts`
 * itself through the ts-node that run-policy-pack registers, as the pack booted before: errors then
 * fail the boot with ts-node's report. `ECR_POLICYPACK_FROM_SOURCE=1` always does that (for
 * comparison: `npm run bench`).
 *
 * In the repository the pack's dependencies resolve from the root's node_modules; the published
 * pack (`npm run pack:policypack`) declares its own in the package.json it is built with.
 */
"use strict";

function entry() {
  if (process.env.ECR_POLICYPACK_FROM_SOURCE === "1") {
    return "./index.ts";
  }
  try {
    return require("./compile").ensureBuilt().entry;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`policy pack not bundled (${reason}): running index.ts under ts-node\n`);
    return "./index.ts";
  }
}

require(entry());
