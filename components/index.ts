/**
 * Typed Amazon ECR cross-account replication for Pulumi: the components, and the pure model
 * functions behind them (build and validate documents without creating resources).
 */
export * from "./cross-account-replication";
// The class typed with the TypeScript-only args too (shadows the class of the line above).
export { CrossAccountReplication } from "./typescript-only";
export type { ProviderFactory, ProviderSettings } from "./cross-account-provider-settings";
export * from "./registry-replication";
export * from "./registry-replication-policy";
export * from "./replication-sources";
export { RepositoryCreationTemplates } from "./repository-creation-templates";
export type {
  CreatedRepositoriesArgs,
  CreatedRepositorySettings,
  CreationTemplateRoute,
  CreationTemplateRouteArgs,
  RepositoryCreationTemplatesArgs,
} from "./repository-creation-templates";
export {
  buildRegistryPolicy,
  COMPACT_SID,
  registryPolicyLength,
  REPLICATION_SID,
} from "./model/registry-policy";
export type {
  BuiltRegistryPolicy,
  PullGrant,
  RegistryGrant,
  RegistryPolicyDocument,
  RegistryPolicyOptions,
  ReplicationStatement,
} from "./model/registry-policy";
export { buildReplicationRules, packReplicationRules } from "./model/replication";
export type {
  ReplicationDestination,
  ReplicationRoute,
  ReplicationRule,
  RepositoryFilter,
} from "./model/replication";
export {
  crossAccountRegistries,
  destinationRegistryGrants,
  planCrossAccountReplication,
  registryUrl,
  replicationRoutes,
} from "./model/replication";
export type {
  CrossAccountReplicationPlan,
  CrossAccountRoute,
  DestinationRegistryGrants,
  DestinationRegistryOutput,
  ExtraStatementsByRegistry,
  PullGrantsByRegistry,
  ReplicationRouteSummary,
} from "./model/replication";
export {
  checkReplicationRoutesOutput,
  referencedReplicationSources,
  REPLICATION_ROUTES_OUTPUT,
  replicationRoutesOutput,
} from "./model/replication";
export type {
  ReferencedRoutes,
  ReplicationRoutesOutput,
  RequestedGrant,
} from "./model/replication";
export type { RegistryLocation } from "./model/core";
// A value too (RegistryPolicyScope.V2), the component package's enum.
export { RegistryPolicyScope } from "./model/registry-policy";
export { parseRegistryPolicy } from "./model/iam";
export type {
  ConditionBlock,
  NormalizedPolicy,
  NormalizedStatement,
  PrincipalSet,
} from "./model/iam";
export {
  checkRegistryPolicy,
  checkRegistryPolicyNormalForm,
  validateRegistryPolicy,
} from "./model/registry-policy";
export type { RegistryPolicyCheckOptions } from "./model/registry-policy";
export { coversPrefix, evaluateAccess, prefixCoverage, REPLICATION_REQUEST } from "./model/iam";
export type {
  RequestContext,
  AccessDecision,
  AccessRequest,
  Decision,
  PrefixCoverage,
  PrincipalActionQuery,
} from "./model/iam";
export { planCreationTemplates, templatesDeciding } from "./model/replication";
export type {
  CreatedRepositories,
  PlannedCreationTemplate,
  RepositoryCreationSettings,
  TemplateRoute,
} from "./model/replication";
export { formatProblems, ValidationError } from "./model/core";
export type { Problem } from "./model/core";
