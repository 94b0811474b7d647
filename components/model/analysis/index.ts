/**
 * Analysis of planned or deployed resources: where a registry singleton lives, a registry policy
 * resource read once, and who can replicate what (route analysis). Imports every other wing.
 */
export * from "./location";
export * from "./registry-policy-resource";
export * from "./route-analysis";
