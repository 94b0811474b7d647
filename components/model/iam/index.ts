/**
 * The IAM reader: name sets (exact sets of strings from globs), repository ARNs, principals, the
 * policy document parser, ECR's action catalogue, and the effective-access model (who may do what
 * to which repositories: ./access.ts, with statement matching and prefix coverage). Imports only
 * ../core. The face exports the access model's entry points and types, not statement matching.
 */
export * from "./access";
export * from "./arn";
export * from "./ecr-action-catalogue";
export * from "./ecr-actions";
export * from "./name-set";
export * from "./policy-document";
export * from "./prefix-coverage";
export * from "./principal";
export * from "./principal-conditions";
export * from "./request-context";
