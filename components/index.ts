/**
 * Typed Amazon ECR cross-account replication for Pulumi: the components, and the pure model
 * functions behind them (build and validate documents without creating resources).
 */
export * from "./cross-account-replication";
export * from "./registry-replication";
export * from "./registry-replication-policy";
export {
  buildRegistryPolicy,
  COMPACT_SID,
  registryPolicyLength,
  REPLICATION_SID,
} from "./model/registry-policy-builder";
export type {
  BuiltRegistryPolicy,
  RegistryGrant,
  RegistryPolicyDocument,
  RegistryPolicyOptions,
  ReplicationStatement,
} from "./model/registry-policy-builder";
export { buildReplicationRules, packReplicationRules } from "./model/replication-builder";
export type {
  ReplicationDestination,
  ReplicationRoute,
  ReplicationRule,
  RepositoryFilter,
} from "./model/replication-builder";
export {
  crossAccountRegistries,
  destinationRegistryGrants,
  planCrossAccountReplication,
  replicationRoutes,
} from "./model/routes";
export type {
  CrossAccountReplicationPlan,
  CrossAccountRoute,
  DestinationRegistryGrants,
  ReplicationRouteSummary,
} from "./model/routes";
export type { RegistryLocation } from "./model/registry-location";
export type { RegistryPolicyScope } from "./model/registry-policy-checks";
export { parseRegistryPolicy } from "./model/policy-document";
export type {
  ConditionBlock,
  NormalizedPolicy,
  NormalizedStatement,
  PrincipalSet,
} from "./model/policy-document";
export { checkRegistryPolicy, validateRegistryPolicy } from "./model/registry-policy-checks";
export type { RegistryPolicyCheckOptions } from "./model/registry-policy-checks";
export { coversPrefix, evaluateAccess, prefixCoverage } from "./model/access";
export type {
  AccessDecision,
  AccessRequest,
  Decision,
  PrefixCoverage,
  PrincipalActionQuery,
} from "./model/access";
export { formatProblems, ValidationError } from "./model/problems";
export type { Problem } from "./model/problems";
