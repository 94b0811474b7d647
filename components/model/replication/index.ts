/**
 * The source registry's replication configuration: ECR's replication rules and limits, each once
 * (ecr-rules), building rules from routes (rule packing), reading a configuration as the engine
 * hands it over, its checks, and the cross-account plan that joins routes to the destination
 * registries' grants, and routes out (the `ecrReplicationRoutes` output a source stack exports, and
 * the sources a destination stack reads from it). Imports ../core, ../iam and ../registry-policy.
 */
export * from "./builder";
export * from "./checks";
export * from "./creation-template-checks";
export * from "./creation-template-plan";
export * from "./creation-template-prefixes";
export * from "./creation-template-rules";
export * from "./creation-template-settings";
export * from "./cross-account-plan";
export * from "./ecr-rules";
export * from "./over-limits";
export * from "./refusal";
export * from "./rule-packing";
export * from "./rules";
export * from "./routes-output";
