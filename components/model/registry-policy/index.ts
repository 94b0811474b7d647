/**
 * The destination registry's permissions policy: building it from typed grants (statement packing,
 * extra statements) and the registry-specific checks every registry policy must pass. Imports
 * ../core and ../iam.
 */
export * from "./builder";
export * from "./checks";
export * from "./extra-statements";
export * from "./statement-packing";
