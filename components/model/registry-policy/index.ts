/**
 * The destination registry's permissions policy: building it from typed grants (./builder.ts, with
 * grant merging, statement packing, rendering, what fits, extra statements) and the
 * registry-specific checks every registry policy must pass (./checks.ts). Imports ../core and
 * ../iam. The face exports the builder's entry points and types, not its internal steps.
 */
export * from "./builder";
export * from "./checks";
export * from "./extra-statements";
export * from "./greedy-cover";
export * from "./normal-form";
export * from "./statement-packing";
