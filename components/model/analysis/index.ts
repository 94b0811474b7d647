/**
 * Analysis of planned or deployed resources: where a registry singleton lives, a registry policy
 * resource read once, who can replicate what (route analysis: finding the routes, judging each
 * destination and its registry policy, describing an analysed route; routes other stacks export
 * into this stack's registries, read through stack references), whether names lie within allowed
 * prefixes, and replication chains (which never carry images on). Imports every other wing. The
 * face exports the route analysis's entry point and what it reports, not its judging steps.
 */
export * from "./allowed-prefixes";
export * from "./analysed-route";
export * from "./creation-template-resource";
export * from "./location";
export * from "./referenced-routes";
export * from "./registry-policy-resource";
export * from "./replication-chains";
export * from "./route-analysis";
export * from "./route-creation";
