/**
 * Analysis of planned or deployed resources: where a registry singleton lives, a registry policy
 * resource read once, who can replicate what (route analysis), and whether names lie within
 * allowed prefixes. Imports every other wing.
 */
export * from "./allowed-prefixes";
export * from "./location";
export * from "./registry-policy-resource";
export * from "./route-analysis";
