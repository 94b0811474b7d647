/**
 * Both halves of cross-account replication in one stack: the source registry's replication
 * configuration and every destination registry's policy, each written through a provider for its
 * own account and region, the policies ordered before the configuration that needs them.
 */
import { Provider, ProviderArgs } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import {
  checkPlainRegistries,
  planCrossAccountArgs,
  plannedPolicyArgs,
  plannedReplicationArgs,
  registryPolicyJson,
} from "./cross-account-inputs";
import {
  factoryProviderArgs,
  ProviderFactory,
  providerArgs,
  ProviderSettings,
} from "./cross-account-provider-settings";
import { checkProviderArgs, providerKey, providerSiteOf } from "./cross-account-providers";
import { createCrossAccountTemplates, planCrossAccountTemplates } from "./cross-account-templates";
import { Problem, RegistryLocation, ValidationError } from "./model/core";
import {
  DestinationRegistryOutput,
  destinationRegistryOutputs,
  ReplicationRoutesOutput,
  ReplicationRouteSummary,
  ReplicationRule,
} from "./model/replication";
import { RegistryReplication } from "./registry-replication";
import {
  PolicyStatementArgs,
  RegistryPullGrant,
  RegistryReplicationPolicy,
} from "./registry-replication-policy";
import {
  CreatedRepositorySettings,
  RepositoryCreationTemplates,
} from "./repository-creation-templates";
import { TYPE_PREFIX } from "./tokens";
import {
  sourceAndDestinationRegions,
  unknownsAsOutputs,
  warnOfUnlistedRegions,
} from "./validated-input";

export { providerKey } from "./cross-account-providers";

/**
 * A route of `CrossAccountReplication`. The destinations are plain values, not outputs: they
 * decide which registry policies and providers exist.
 */
export interface CrossAccountReplicationRoute {
  /** The registries that receive the images (plain strings); at least one, never the source itself. */
  destinations: RegistryLocation[];
  /**
   * Repository name prefixes, matched as plain string prefixes; at least one, because a rule
   * without filters replicates every repository. May be outputs.
   */
  repositoryPrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Let replication create missing repositories in destination registries of other accounts
   * (`ecr:CreateRepository` in their registry policies). Default true; false means every
   * replicated repository must already exist there.
   */
  allowCreateRepository?: pulumi.Input<boolean>;
  /**
   * What the repositories replication creates at the destinations look like (tag mutability,
   * encryption, lifecycle and repository policies, tags, the custom role): a repository creation
   * template per destination registry and namespace, applied for `REPLICATION` (see
   * `RepositoryCreationTemplates`). The prefixes must then be plain strings. Default none:
   * ECR's defaults (mutable tags, AES-256), unless templates written elsewhere apply.
   */
  createdRepositories?: CreatedRepositorySettings;
}

/**
 * `CrossAccountReplicationRoute` by its earlier name (schema names have no `Args`: the SDKs add it).
 */
export type CrossAccountRouteArgs = CrossAccountReplicationRoute;

/**
 * Arguments of `CrossAccountReplication` that every language can give: what the component
 * package's schema lists. TypeScript may also give {@link CrossAccountReplicationProviderArgs}
 * (together: {@link CrossAccountReplicationArgs}).
 */
export interface ServedCrossAccountReplicationArgs {
  /** The registry whose images are replicated (plain strings: it decides which providers exist). */
  source: RegistryLocation;
  /** Where its repositories go. */
  routes: CrossAccountReplicationRoute[];
  /**
   * The role the created providers assume in each account
   * (`arn:<partition>:iam::<account>:role/<assumeRoleName>`). Default: none, the ambient
   * credentials. Not allowed together with `providers` or `providerFactory` (TypeScript only).
   */
  assumeRoleName?: string;
  /**
   * Settings of every created provider: `profile`, and with `assumeRoleName` the role's
   * `externalId` and `sessionName`. Default none. Not allowed together with `providers` or
   * `providerFactory` (TypeScript only).
   */
  providerSettings?: ProviderSettings;
  /**
   * Statements of your own per destination registry in another account, keyed
   * `<accountId>/<region>` (such as letting the organisation's CI role pull), appended to that
   * registry's policy and checked as `RegistryReplicationPolicy`'s `extraStatements` are (errors at
   * `extraStatements['<accountId>/<region>'][0]...`). A key naming no such registry of the routes
   * is an error. Default none.
   */
  extraStatements?: Record<string, pulumi.Input<PolicyStatementArgs[]>>;
  /**
   * Who may pull from each destination registry in another account, keyed `<accountId>/<region>`
   * (`RegistryReplicationPolicy`'s `pullGrants`: organisations through `aws:PrincipalOrgID`,
   * accounts, prefixes), such as hub registries every account of the organisation pulls from
   * (errors at `pullGrants['<accountId>/<region>'][0]...`). A key naming no such registry of the
   * routes is an error. Default none.
   */
  pullGrants?: Record<string, pulumi.Input<pulumi.Input<RegistryPullGrant>[]>>;
}

/**
 * Arguments of `CrossAccountReplication` only TypeScript can give (provider objects and a
 * function, which no schema describes): accepted by the constructor the package's face types
 * (./typescript-only), not part of the component package.
 */
export interface CrossAccountReplicationProviderArgs {
  /**
   * Providers to use, keyed `<accountId>/<region>` (see {@link providerKey}): one for the source
   * registry and one for each destination registry in another account. Default: the component
   * creates an `aws.Provider` per registry, limited to its account (`allowedAccountIds`).
   */
  providers?: Record<string, pulumi.ProviderResource>;
  /**
   * Makes the arguments of the provider created for each registry (`{ accountId, region }`), used
   * as they are; each child still checks that its provider acts in its registry's account. Default:
   * the component's own (region, `allowedAccountIds`, `assumeRoleName`, `providerSettings`). Not
   * allowed together with `providers`, `assumeRoleName` or `providerSettings`.
   */
  providerFactory?: ProviderFactory;
}

/** Arguments of `CrossAccountReplication` in TypeScript: every language's, and providers. */
export interface CrossAccountReplicationArgs
  extends ServedCrossAccountReplicationArgs, CrossAccountReplicationProviderArgs {}

/**
 * The children and providers of a `CrossAccountReplication`, read through its getters: kept off
 * the instance's own properties, since the component package serves those as outputs and its
 * schema cannot describe these (provider objects, components of this package).
 */
interface CrossAccountChildren {
  providers: Record<string, pulumi.ProviderResource>;
  policies: Record<string, RegistryReplicationPolicy>;
  creationTemplates: Record<string, RepositoryCreationTemplates>;
  replication: RegistryReplication;
}

const CHILDREN = new WeakMap<CrossAccountReplication, CrossAccountChildren>();

/** The children of a constructed `CrossAccountReplication`. */
function childrenOf(component: CrossAccountReplication): CrossAccountChildren {
  return CHILDREN.get(component) as CrossAccountChildren;
}

/** What a workload stack needs of a destination registry: see `CrossAccountReplication.destinations`. */
export type CrossAccountDestination = DestinationRegistryOutput;

/**
 * Replication from one registry to registries in other accounts and regions, with everything
 * each side needs: the source's `aws.ecr.ReplicationConfiguration` (a `RegistryReplication`)
 * and, for each destination registry in another account, its `aws.ecr.RegistryPolicy` (a
 * `RegistryReplicationPolicy`) granting the source account; several routes to one registry
 * share its single policy, and same-account destinations in other regions need none.
 */
export class CrossAccountReplication extends pulumi.ComponentResource {
  /** Who replicates what where. */
  public readonly routes: pulumi.Output<ReplicationRouteSummary[]>;
  /**
   * What each destination registry in another account grants, keyed `<accountId>/<region>`, in
   * the shape of `RegistryReplicationPolicy`'s `sources` (the stack output `ecrReplicationRoutes`):
   * the same as the source's `RegistryReplication` exports.
   */
  public readonly ecrReplicationRoutes: pulumi.Output<ReplicationRoutesOutput>;
  /** Each destination registry policy's JSON, keyed `<accountId>/<region>`. */
  public readonly registryPolicies: pulumi.Output<Record<string, string>>;
  /**
   * Every destination registry of the routes (other accounts' and the source account's own in
   * other regions), keyed `<accountId>/<region>`: its `registryUrl`
   * (`<account>.dkr.ecr.<region>.<dnsSuffix>`, the partition's DNS suffix), `accountId` and `region`.
   */
  public readonly destinations: pulumi.Output<Record<string, CrossAccountDestination>>;
  /** The source registry's replication rules. */
  public readonly rules: pulumi.Output<ReplicationRule[]>;

  /** The providers used, keyed `<accountId>/<region>` (TypeScript only). */
  public get providers(): Record<string, pulumi.ProviderResource> {
    return childrenOf(this).providers;
  }
  /** The registry policy components, keyed `<accountId>/<region>` (TypeScript only). */
  public get policies(): Record<string, RegistryReplicationPolicy> {
    return childrenOf(this).policies;
  }
  /**
   * The repository creation template components of the destination registries routes ask
   * `createdRepositories` for, keyed `<accountId>/<region>` (TypeScript only).
   */
  public get creationTemplates(): Record<string, RepositoryCreationTemplates> {
    return childrenOf(this).creationTemplates;
  }
  /** The replication configuration component (TypeScript only). */
  public get replication(): RegistryReplication {
    return childrenOf(this).replication;
  }

  constructor(
    name: string,
    args: ServedCrossAccountReplicationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Checked before anything is created. Which resources exist depends only on the plain source
    // and destinations; the routes are validated once, by their plan (./cross-account-inputs).
    // No args at all (null, undefined) reads as every argument missing, each refused at its path.
    // TypeScript callers may also give providers or a factory (./typescript-only).
    // Values unknown at preview arrive from other languages as outputs (./validated-input).
    const given: Partial<CrossAccountReplicationArgs> = unknownsAsOutputs(args ?? {});
    throwIfAny(checkPlainRegistries(given.source, given.routes));
    const { destinationRegistries, plan } = planCrossAccountArgs(
      given.source,
      given.routes,
      given.extraStatements,
      given.pullGrants,
    );
    // Valid by now (the plan checked it).
    const { accountId, region } = given.source as RegistryLocation;
    const source = { accountId, region };
    const registries = [source, ...destinationRegistries];
    throwIfAny(checkProviderArgs(given, registries));
    // Which repository creation templates exist is known now, their settings once known.
    const templates = planCrossAccountTemplates(given.routes);
    // The arguments of every provider to create, made (by the user's factory too) before anything
    // is created, so that a factory returning no object is refused first.
    const toCreate = given.providers === undefined ? createdProviders(given, registries) : {};
    super(`${TYPE_PREFIX}CrossAccountReplication`, name, {}, opts);

    // One source of truth: the plan is the one computation of the rules, the route summaries and
    // each registry policy. The children deploy its values as they are (./planned) instead of
    // rebuilding them from derived routes; the outputs are those same values: the rules and
    // routes the replication child deploys, and the JSON each policy child deploys.
    const providers: Record<string, pulumi.ProviderResource> = {};
    for (const registry of registries) {
      const key = providerKey(registry);
      providers[key] =
        given.providers?.[key] ??
        new Provider(`${name}-provider-${registry.accountId}-${registry.region}`, toCreate[key], {
          parent: this,
        });
    }
    const policies: Record<string, RegistryReplicationPolicy> = {};
    for (const registry of destinationRegistries) {
      const key = providerKey(registry);
      policies[key] = new RegistryReplicationPolicy(
        `${name}-policy-${registry.accountId}-${registry.region}`,
        plannedPolicyArgs(plan, registry, providerSiteOf(registry, given)),
        { parent: this, provider: providers[key] },
      );
    }
    const creationTemplates = createCrossAccountTemplates(
      this,
      name,
      templates,
      source,
      providers,
      given,
    );
    const replication = new RegistryReplication(
      `${name}-replication`,
      plannedReplicationArgs(plan, source, providerSiteOf(source, given)),
      {
        parent: this,
        provider: providers[providerKey(source)],
        // Replication into another account fails at run time until its registry policy exists,
        // and creates repositories with ECR's defaults until their templates exist.
        dependsOn: [...Object.values(policies), ...Object.values(creationTemplates)],
      },
    );
    CHILDREN.set(this, { providers, policies, creationTemplates, replication });
    this.routes = replication.routes;
    this.ecrReplicationRoutes = replication.ecrReplicationRoutes;
    this.rules = replication.rules;
    // From the plan rather than pulumi.all over the children: with no policy at all it still
    // fails when the plan does.
    this.registryPolicies = plan.apply(registryPolicyJson);
    this.destinations = plan.apply((built) => destinationRegistryOutputs(built.routes));
    warnOfUnlistedRegions(sourceAndDestinationRegions(given.source, given.routes), this);
    this.registerOutputs({
      routes: this.routes,
      ecrReplicationRoutes: this.ecrReplicationRoutes,
      registryPolicies: this.registryPolicies,
      destinations: this.destinations,
      rules: this.rules,
    });
  }
}

/**
 * The arguments of the provider to create for each registry, keyed `<accountId>/<region>`: the
 * factory's if given (refused if it returns no object), else the component's own.
 */
function createdProviders(
  given: Partial<CrossAccountReplicationArgs>,
  registries: readonly RegistryLocation[],
): Record<string, ProviderArgs> {
  const created: Record<string, ProviderArgs> = {};
  const problems: Problem[] = [];
  for (const registry of registries) {
    const key = providerKey(registry);
    if (given.providerFactory === undefined) {
      created[key] = providerArgs(registry, given.assumeRoleName, given.providerSettings);
      continue;
    }
    const made = factoryProviderArgs(given.providerFactory, registry);
    if ("problem" in made) {
      problems.push(made.problem);
    } else {
      created[key] = made.args;
    }
  }
  throwIfAny(problems);
  return created;
}

/** Throws the problems found before anything is created, if any. */
function throwIfAny(problems: Problem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid cross-account replication");
  }
}
