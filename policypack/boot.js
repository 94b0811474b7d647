/**
 * The pack's `main` (package.json): what run-policy-pack loads when the Pulumi CLI, or the offline
 * preview, boots this directory as an analyzer. It runs the pack from JavaScript compiled by
 * `compile.js`, compiling first when the sources changed since the last build (the one slow boot:
 * a type-check, as every boot under ts-node used to be).
 *
 * `ECR_POLICYPACK_FROM_SOURCE=1` runs `index.ts` itself instead, through the ts-node that
 * run-policy-pack registers (type-checked at each boot): the way the pack booted before, kept for
 * comparison (`npm run bench`) and for a read-only checkout where nothing can be written.
 */
"use strict";

if (process.env.ECR_POLICYPACK_FROM_SOURCE === "1") {
  require("./index.ts");
} else {
  require(require("./compile").ensureBuilt().entry);
}
