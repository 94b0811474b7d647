/**
 * Both halves of cross-account replication in one stack: the source registry's replication
 * configuration and every destination registry's policy, each written through a provider for its
 * own account and region, the policies ordered before the configuration that needs them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  describe,
  partitionOf,
  Problem,
  registryKey,
  RegistryLocation,
  ROLE_NAME_PATTERN,
  ValidationError,
} from "./model/core";
import {
  crossAccountRegistries,
  CrossAccountReplicationPlan,
  planCrossAccountReplication,
  ReplicationRouteSummary,
  ReplicationRule,
} from "./model/replication";
import { RegistryReplication } from "./registry-replication";
import { RegistryReplicationPolicy } from "./registry-replication-policy";
import { TYPE_PREFIX } from "./tokens";
import { buildFromInput } from "./validated-input";

/**
 * A route of {@link CrossAccountReplication}. The destinations are plain values, not outputs:
 * they decide which registry policies and providers exist.
 */
export interface CrossAccountRouteArgs {
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
}

/** Arguments of {@link CrossAccountReplication}. */
export interface CrossAccountReplicationArgs {
  /** The registry whose images are replicated (plain strings: it decides which providers exist). */
  source: RegistryLocation;
  /** Where its repositories go. */
  routes: CrossAccountRouteArgs[];
  /**
   * Providers to use, keyed `<accountId>/<region>` (see {@link providerKey}): one for the source
   * registry and one for each destination registry in another account. Default: the component
   * creates an `aws.Provider` per registry, limited to its account (`allowedAccountIds`).
   */
  providers?: Record<string, pulumi.ProviderResource>;
  /**
   * The role the created providers assume in each account
   * (`arn:<partition>:iam::<account>:role/<assumeRoleName>`). Default: none, the ambient
   * credentials. Not allowed together with `providers`.
   */
  assumeRoleName?: string;
}

/** The key of a registry in `providers` and in `registryPolicies`: `<accountId>/<region>`. */
export function providerKey(registry: RegistryLocation): string {
  return registryKey(registry);
}

/**
 * Replication from one registry to registries in other accounts and regions, with everything
 * each side needs: the source's `aws.ecr.ReplicationConfiguration` (a {@link RegistryReplication})
 * and, for each destination registry in another account, its `aws.ecr.RegistryPolicy` (a
 * {@link RegistryReplicationPolicy}) granting the source account; several routes to one registry
 * share its single policy, and same-account destinations in other regions need none.
 */
export class CrossAccountReplication extends pulumi.ComponentResource {
  /** Who replicates what where. */
  public readonly routes: pulumi.Output<ReplicationRouteSummary[]>;
  /** Each destination registry policy's JSON, keyed `<accountId>/<region>`. */
  public readonly registryPolicies: pulumi.Output<Record<string, string>>;
  /** The source registry's replication rules. */
  public readonly rules: pulumi.Output<ReplicationRule[]>;
  /** The providers used, keyed `<accountId>/<region>`. */
  public readonly providers: Record<string, pulumi.ProviderResource>;
  /** The registry policy components, keyed `<accountId>/<region>`. */
  public readonly policies: Record<string, RegistryReplicationPolicy>;
  /** The replication configuration component. */
  public readonly replication: RegistryReplication;

  constructor(
    name: string,
    args: CrossAccountReplicationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Which resources exist depends only on the plain source and destinations: validated now.
    checkPlainRegistries(args);
    const destinationRegistries = crossAccountRegistries(args.source, args.routes);
    const registries = [{ ...args.source }, ...destinationRegistries];
    checkProviderArgs(args, registries);
    const source = { accountId: args.source.accountId, region: args.source.region };
    const plan: pulumi.Output<CrossAccountReplicationPlan> = buildFromInput(
      args.routes.map((route) => ({
        destinations: route.destinations,
        repositoryPrefixes: route.repositoryPrefixes,
        allowCreateRepository: route.allowCreateRepository,
      })),
      (routes) => planCrossAccountReplication(source, routes),
    );
    super(`${TYPE_PREFIX}CrossAccountReplication`, name, {}, opts);

    this.providers = {};
    for (const registry of registries) {
      const key = providerKey(registry);
      this.providers[key] =
        args.providers?.[key] ?? this.createProvider(name, registry, args.assumeRoleName);
    }
    this.policies = {};
    for (const registry of destinationRegistries) {
      const key = providerKey(registry);
      this.policies[key] = new RegistryReplicationPolicy(
        `${name}-policy-${registry.accountId}-${registry.region}`,
        {
          registry,
          sources: plan.apply(
            (built) =>
              built.registryPolicies.find((p) => providerKey(p.registry) === key)?.grants ?? [],
          ),
        },
        { parent: this, provider: this.providers[key] },
      );
    }
    this.replication = new RegistryReplication(
      `${name}-replication`,
      {
        source,
        routes: plan.apply((built) =>
          built.routes.map((route) => ({
            destinations: [route.destination],
            repositoryPrefixes: route.repositoryPrefixes,
          })),
        ),
      },
      {
        parent: this,
        provider: this.providers[providerKey(source)],
        // Replication into another account fails at run time until its registry policy exists.
        dependsOn: Object.values(this.policies),
      },
    );
    this.routes = plan.apply((built) => built.routes);
    this.rules = plan.apply((built) => built.rules);
    this.registryPolicies = plan.apply((built) =>
      Object.fromEntries(
        built.registryPolicies.map((p) => [providerKey(p.registry), p.policy.json]),
      ),
    );
    this.registerOutputs({
      routes: this.routes,
      registryPolicies: this.registryPolicies,
      rules: this.rules,
    });
  }

  private createProvider(
    name: string,
    registry: RegistryLocation,
    assumeRoleName: string | undefined,
  ): aws.Provider {
    const { accountId, region } = registry;
    return new aws.Provider(
      `${name}-provider-${accountId}-${region}`,
      {
        region,
        allowedAccountIds: [accountId],
        assumeRoles:
          assumeRoleName === undefined
            ? undefined
            : [{ roleArn: `arn:${partitionOf(region)}:iam::${accountId}:role/${assumeRoleName}` }],
      },
      { parent: this },
    );
  }
}

/**
 * The source and destinations must be plain strings: they decide which providers and policies
 * exist, which cannot wait for an output. Said plainly rather than as a malformed account id.
 */
function checkPlainRegistries(args: CrossAccountReplicationArgs): void {
  const registries: [string, unknown][] = [["source", args.source]];
  (Array.isArray(args.routes) ? args.routes : []).forEach((route, i) => {
    const destinations: unknown = (route as Partial<CrossAccountRouteArgs> | undefined)
      ?.destinations;
    (Array.isArray(destinations) ? destinations : []).forEach((destination, j) =>
      registries.push([`routes[${i}].destinations[${j}]`, destination]),
    );
  });
  const problems: Problem[] = [];
  for (const [path, registry] of registries) {
    for (const field of ["accountId", "region"]) {
      const value: unknown =
        typeof registry === "object" && registry !== null
          ? (registry as Record<string, unknown>)[field]
          : undefined;
      if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        problems.push({
          path: `${path}.${field}`,
          message:
            "must be a plain string, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs",
        });
      }
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid cross-account replication");
  }
}

/** Caller-supplied providers must cover every registry written to; `assumeRoleName` applies only to created ones. */
function checkProviderArgs(
  args: CrossAccountReplicationArgs,
  registries: RegistryLocation[],
): void {
  const problems: Problem[] = [];
  if (args.providers !== undefined) {
    const missing = registries
      .map(providerKey)
      .filter((key) => args.providers?.[key] === undefined);
    if (missing.length > 0) {
      problems.push({
        path: "providers",
        message: `must have a provider for every registry written to, keyed '<accountId>/<region>': missing ${missing.map((key) => `'${key}'`).join(", ")}`,
      });
    }
    if (args.assumeRoleName !== undefined) {
      problems.push({
        path: "assumeRoleName",
        message: `must be left out when providers are given (it only applies to providers the component creates), got ${describe(args.assumeRoleName)}`,
      });
    }
  } else if (
    args.assumeRoleName !== undefined &&
    (typeof args.assumeRoleName !== "string" || !ROLE_NAME_PATTERN.test(args.assumeRoleName))
  ) {
    problems.push({
      path: "assumeRoleName",
      message: `must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got ${describe(args.assumeRoleName)}`,
    });
  }
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid cross-account replication");
  }
}
