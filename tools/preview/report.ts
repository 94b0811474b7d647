/**
 * The preview's result as one plain document: the resources, the registry policies, the
 * replication rules, who can replicate what, the policy findings and a summary. `--json` prints
 * it as is; the text and Mermaid renderers read only this.
 */
import {
  placeResource,
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
  ResourceSnapshot,
} from "../../components/model/analysis";
import { isWrappedSecret, isUnknown } from "../../components/model/core";
import { readReplicationRules } from "../../components/model/replication";
import { AnalyzerInfo, Diagnostic, EnforcementLevel } from "../analyzer";
import { displayValue, SECRET_MASK, UNKNOWN_TEXT } from "./display-values";
import { declaredResources, Plan, PlannedResource } from "./plan";

/** One resource as `pulumi preview` lists it. */
export interface ReportResource {
  urn: string;
  type: string;
  name: string;
  operation: "create" | "read";
  /** The parent's URN; null for the stack itself. */
  parent: string | null;
  /** The provider that manages it (default or explicit) with its inputs; null for components. */
  provider: { urn: string; name: string; inputs: unknown } | null;
  dependencies: string[];
  /** Inputs with secrets shown as `[secret]` and unknowns as `(known after apply)`. */
  inputs: unknown;
}

/** Where a registry singleton lives; null when the plan does not say. */
export interface ReportPlacement {
  account: string | null;
  region: string | null;
}

/** One registry permissions policy, its document parsed. */
export interface ReportRegistryPolicy extends ReportPlacement {
  urn: string;
  name: string;
  /** The parsed policy document; its text when it is not JSON; a mask for a secret or unknown. */
  policy: unknown;
}

/** One rule of a replication configuration. */
export interface ReportReplicationRule {
  rule: number;
  /** `<registry id>/<region>` per destination. */
  destinations: string[];
  /** PREFIX_MATCH filters; null when the rule has none and so replicates every repository. */
  filters: string[] | null;
}

/** One replication configuration. */
export interface ReportReplicationConfiguration extends ReportPlacement {
  urn: string;
  name: string;
  rules: ReportReplicationRule[];
}

/** One route: a replication rule's destination, with what the destination's policy allows. */
export interface ReportRoute {
  /** The URN of the replication configuration the route comes from. */
  replication: string;
  /** The rule's index in that configuration. */
  rule: number;
  source: ReportPlacement;
  destination: ReportPlacement;
  /** The repository prefixes the rule replicates; null when it replicates every repository. */
  prefixes: string[] | null;
  /** authorised: it will replicate; broken: it will fail; unverified: it cannot be told here. */
  status: "authorised" | "broken" | "unverified";
  /** Whether replicated repositories are created on arrival or must already exist; null if unknown. */
  repositories: "created on arrival" | "must pre-exist" | null;
  /** Why the route has its status: the judgements that decided it, joined. */
  reason: string;
  /**
   * For a route another stack requests into this plan's registries (its `ecrReplicationRoutes`
   * output, read through a stack reference): that stack's name. `replication` is then the stack
   * reference's URN, `rule` the grant's index in the output's list for the destination, and the
   * source's region null (the output names the source's account only).
   */
  referencedStack?: string;
  /** Which repository creation templates create its repositories at the destination, and how. */
  createdRepositories: ReportCreatedRepositories;
}

/**
 * How a route's repositories are created at the destination (components/model/analysis
 * route-creation): by which repository creation template of the destination registry, part by
 * part, or with ECR's defaults.
 */
export interface ReportCreatedRepositories {
  /**
   * judged: by the parts below; unverified: the destination's templates are not all among the
   * planned resources (or not known yet); none: the route creates no repositories.
   */
  status: "judged" | "unverified" | "none";
  /** Why it is unverified or none; null when judged. */
  reason: string | null;
  /** Filter by filter, each part of its repositories with the template that creates it. */
  parts: ReportCreationPart[];
}

/** Part of a route's repositories, created by one template or with ECR's defaults. */
export interface ReportCreationPart {
  /** The route's filter; null for a rule without filters (every repository). */
  prefix: string | null;
  /** A repository name of the part. */
  example: string;
  /** The template that creates them; null: none does, so ECR's defaults apply. */
  template: {
    urn: string;
    prefix: string | null;
    /** What it gives the repositories it creates (ECR's defaults filled in where it sets none). */
    settings: Record<string, unknown>;
    /** Settings unknown until apply. */
    unknown: string[];
  } | null;
  /** In words: `template 'shared': IMMUTABLE tags, KMS (AWS managed key)`, or `ECR defaults (mutable tags, AES-256)`. */
  text: string;
}

/** One policy finding, with the resource it is about. */
export interface ReportDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  enforcementLevel: EnforcementLevel;
  message: string;
  urn: string;
  /** The resource's type and name; null when the finding names no resource. */
  resourceType: string | null;
  resourceName: string | null;
}

/** Where the pack and its config came from, as the command line named them. */
export interface ReportSources {
  /** The policy pack's directory. */
  policyPackDirectory: string;
  /** The `--policy-pack-config` file; null when none was named (schema defaults only). */
  policyPackConfigFile: string | null;
}

/** The preview's whole result. */
export interface PreviewReport {
  project: string;
  stack: string;
  /** The pack as it reports itself, its directory, and the config file applied (null: none). */
  policyPack: { name: string; version: string; directory: string; config: string | null };
  resources: ReportResource[];
  registryPolicies: ReportRegistryPolicy[];
  replicationConfigurations: ReportReplicationConfiguration[];
  routes: ReportRoute[];
  diagnostics: ReportDiagnostic[];
  summary: {
    /** Resources the preview would create or read (the stack and explicit providers included). */
    resources: number;
    violations: { mandatory: number; advisory: number };
  };
}

/** A planned resource as the model reads it: what the analyzer is sent for it. */
export function resourceSnapshot(resource: PlannedResource): ResourceSnapshot {
  return {
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    // As AnalyzeStack sees it: a read's outputs (./plan.ts).
    props: resource.outputs ?? resource.properties,
    providerUrn: resource.provider?.urn,
    providerProps: resource.provider?.properties,
  };
}

function placementOf(resource: PlannedResource): ReportPlacement {
  // The pack's own reading: resource region, provider, then (for a policy) its Resource ARNs.
  const placement = placeResource(resourceSnapshot(resource));
  return { account: placement.account?.value ?? null, region: placement.region?.value ?? null };
}

function policyDocument(policy: unknown): unknown {
  if (isWrappedSecret(policy)) {
    return SECRET_MASK;
  }
  if (isUnknown(policy)) {
    return UNKNOWN_TEXT;
  }
  if (typeof policy !== "string") {
    return displayValue(policy);
  }
  try {
    return JSON.parse(policy) as unknown;
  } catch {
    return policy;
  }
}

function filterText(filter: unknown): string {
  return typeof filter === "string" ? filter : JSON.stringify(displayValue(filter));
}

function replicationRules(resource: PlannedResource): ReportReplicationRule[] {
  return readReplicationRules(resource.properties.replicationConfiguration).rules.map(
    (rule, index) => ({
      rule: index,
      destinations: rule.destinations.map(
        (destination) =>
          `${filterText(displayValue(destination.registryId))}/${filterText(displayValue(destination.region))}`,
      ),
      filters:
        rule.filters === undefined
          ? null
          : rule.filters.map((f) => filterText(displayValue(f.filter))),
    }),
  );
}

/** Builds the report of a plan analyzed by a pack. */
export function buildReport(
  plan: Plan,
  pack: AnalyzerInfo,
  diagnostics: readonly Diagnostic[],
  routes: readonly ReportRoute[],
  sources: ReportSources,
): PreviewReport {
  const declared = declaredResources(plan);
  const byUrn = new Map(plan.resources.map((resource) => [resource.urn, resource]));
  const reportDiagnostics = diagnostics.map((diagnostic): ReportDiagnostic => {
    const resource = byUrn.get(diagnostic.urn);
    return {
      policyName: diagnostic.policyName,
      policyPackName: diagnostic.policyPackName,
      policyPackVersion: diagnostic.policyPackVersion,
      enforcementLevel: diagnostic.enforcementLevel,
      message: diagnostic.message,
      urn: diagnostic.urn,
      resourceType: resource?.type ?? null,
      resourceName: resource?.name ?? null,
    };
  });
  const count = (level: EnforcementLevel): number =>
    diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === level).length;
  return {
    project: plan.project,
    stack: plan.stack,
    policyPack: {
      name: pack.name,
      version: pack.version,
      directory: sources.policyPackDirectory,
      config: sources.policyPackConfigFile,
    },
    resources: declared.map((resource) => ({
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      operation: resource.operation,
      parent: resource.parent ?? null,
      provider:
        resource.provider === undefined
          ? null
          : {
              urn: resource.provider.urn,
              name: resource.provider.name,
              inputs: displayValue(resource.provider.properties),
            },
      dependencies: resource.dependencies ?? [],
      inputs: displayValue(resource.properties),
    })),
    registryPolicies: declared
      .filter((resource) => resource.type === REGISTRY_POLICY_TYPE)
      .map((resource) => ({
        urn: resource.urn,
        name: resource.name,
        ...placementOf(resource),
        policy: policyDocument(resource.properties.policy),
      })),
    replicationConfigurations: declared
      .filter((resource) => resource.type === REPLICATION_CONFIGURATION_TYPE)
      .map((resource) => ({
        urn: resource.urn,
        name: resource.name,
        ...placementOf(resource),
        rules: replicationRules(resource),
      })),
    routes: [...routes],
    diagnostics: reportDiagnostics,
    summary: {
      resources: declared.length,
      violations: { mandatory: count("mandatory"), advisory: count("advisory") },
    },
  };
}

/** The exit status of a report: 1 with a mandatory violation, else 0. */
export function exitStatusOf(report: PreviewReport): 0 | 1 {
  return report.summary.violations.mandatory > 0 ? 1 : 0;
}
