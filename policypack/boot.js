/**
 * The pack's `main` (package.json): what run-policy-pack loads when the Pulumi CLI, or the offline
 * preview, boots this directory as an analyzer. It runs the pack from JavaScript compiled by
 * `compile.js`, compiling first when the sources changed since the last build (the one slow boot:
 * a type-check, as every boot under ts-node used to be).
 *
 * If no build can be made (a read-only checkout, a type error), it runs `index.ts` itself through
 * the ts-node that run-policy-pack registers, as the pack booted before: type errors then fail the
 * boot with ts-node's report, as they always did. `ECR_POLICYPACK_FROM_SOURCE=1` always does that
 * (for comparison: `npm run bench`).
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
    process.stderr.write(`policy pack not compiled (${reason}): running index.ts under ts-node\n`);
    return "./index.ts";
  }
}

require(entry());
