/** The analyzer client: boot a policy pack as the Pulumi CLI does and call it over gRPC. */
export { AnalyzerClient, startPolicyPack } from "./client";
export type { StackContext } from "./client";
export { fillConfigDefaults, parsePolicyPackConfig, PolicyConfigError } from "./config";
export type { UserPolicyConfig } from "./config";
export { bootPolicyPack } from "./process";
export type { BootOptions, PackProcess } from "./process";
export * from "./types";
export * from "./values";
