/**
 * What {@link CrossAccountReplication} checks and plans before it creates anything (its source and
 * destinations as plain values, the plan of its routes, validated once), and its children's args
 * carrying that plan. Creates no resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerKey } from "./cross-account-providers";
import { isPlainObject, join, Problem, RegistryLocation, ValidationError } from "./model/core";
import {
  crossAccountRegistries,
  CrossAccountReplicationPlan,
  CrossAccountRoute,
  ExtraStatementsByRegistry,
  planCrossAccountReplication,
  PlannedRegistryPolicy,
  destinationsOverLimit,
  PullGrantsByRegistry,
} from "./model/replication";
import { PlannedArgs, withPlanned } from "./planned";
import { ProviderSite } from "./provider-account";
import { RegistryReplicationArgs } from "./registry-replication";
import { RegistryReplicationPolicyArgs } from "./registry-replication-policy";
import { isKnownNow } from "./validated-input";

/**
 * The source and destinations must be plain values: they decide which providers and policies
 * exist, which cannot wait for an output. Said plainly (at the outermost output on each path)
 * rather than as a malformed account id or list. Other problems are the plan's.
 */
export function checkPlainRegistries(source: unknown, routes: unknown): Problem[] {
  const problems: Problem[] = [];
  const plain = (value: unknown, path: string, kind: string): boolean => {
    if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
      return true;
    }
    problems.push({
      path,
      message: `must be a plain ${kind}, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs`,
    });
    return false;
  };
  const registry = (value: unknown, path: string): void => {
    if (plain(value, path, "registry") && isPlainObject(value)) {
      plain(value.accountId, join(path, "accountId"), "string");
      plain(value.region, join(path, "region"), "string");
    }
  };
  registry(source, "source");
  if (plain(routes, "routes", "list") && Array.isArray(routes)) {
    Array.from(routes).forEach((route: unknown, i) => {
      const routePath = join("routes", i);
      if (plain(route, routePath, "route") && isPlainObject(route)) {
        const destinations = route.destinations;
        const destinationsPath = join(routePath, "destinations");
        if (plain(destinations, destinationsPath, "list") && Array.isArray(destinations)) {
          Array.from(destinations).forEach((destination: unknown, j) =>
            registry(destination, join(destinationsPath, j)),
          );
        }
      }
    });
  }
  return problems;
}

/** The plan of a {@link CrossAccountReplication} and the registries it writes policies to. */
export interface CrossAccountPlanning {
  /** The destination registries in another account (sorted): a registry policy each. Known now. */
  destinationRegistries: RegistryLocation[];
  /** Rules, route summaries and registry policies: what the children deploy and the outputs say. */
  plan: pulumi.Output<CrossAccountReplicationPlan>;
}

/**
 * Plans the routes out of `source`, or throws a ValidationError naming the paths as written
 * (`routes[0].repositoryPrefixes[1]`). The routes are validated once:
 * - all known now (the usual case): the plan is built at once, which validates every route, and
 *   its registry policies name the destination registries;
 * - prefixes, `allowCreateRepository`, extra statements or pull grants given as outputs: the destinations, plain values that
 *   decide which resources exist, are checked now (`crossAccountRegistries`); the plan waits for
 *   the values, and its failure fails every output and resource input built from it.
 */
export function planCrossAccountArgs(
  source: unknown,
  routes: unknown,
  extraStatements: unknown,
  pullGrants?: unknown,
): CrossAccountPlanning {
  if (isKnownNow({ source, routes, extraStatements, pullGrants })) {
    const plan = planCrossAccountReplication(
      source as RegistryLocation,
      routes as CrossAccountRoute[],
      extraStatements as ExtraStatementsByRegistry | undefined,
      pullGrants as PullGrantsByRegistry | undefined,
    );
    return {
      destinationRegistries: plan.registryPolicies.map(({ registry }) => registry),
      plan: pulumi.output(routes as object).apply(() => plan),
    };
  }
  const destinationRegistries = crossAccountRegistries(
    source as RegistryLocation,
    routes as CrossAccountRoute[],
  );
  // Valid now: a plain source and a list of routes, each with a list of plain destinations. ECR's
  // 25 unique destinations per configuration depend only on them: refused now, before any child
  // is created, though the prefixes are still outputs (the same refusal as the plan's, which
  // would also count the rules).
  const overLimit = destinationsOverLimit(routes as CrossAccountRoute[]);
  if (overLimit !== undefined) {
    throw new ValidationError([overLimit], "invalid replication routes");
  }
  const { accountId, region } = source as RegistryLocation;
  const routeInputs = (routes as Record<string, unknown>[]).map((route) => ({
    destinations: route.destinations,
    repositoryPrefixes: route.repositoryPrefixes,
    allowCreateRepository: route.allowCreateRepository,
  }));
  return {
    destinationRegistries,
    plan: pulumi
      .output({ routes: routeInputs, extraStatements, pullGrants })
      .apply((known) =>
        planCrossAccountReplication(
          { accountId, region },
          known.routes as CrossAccountRoute[],
          known.extraStatements as ExtraStatementsByRegistry | undefined,
          known.pullGrants as PullGrantsByRegistry | undefined,
        ),
      ),
  };
}

/**
 * The args of the policy child of `registry` (a destination registry of the plan): its grants as
 * `sources`, the policy the plan built from them, which the child deploys as is, and where its
 * provider came from (`providerSite`), where a provider of another account is reported.
 */
export function plannedPolicyArgs(
  plan: pulumi.Output<CrossAccountReplicationPlan>,
  registry: RegistryLocation,
  providerSite: ProviderSite,
): PlannedArgs<RegistryReplicationPolicyArgs, string> {
  const planned = plan.apply(
    (built) =>
      built.registryPolicies.find(
        (p) => providerKey(p.registry) === providerKey(registry),
      ) as PlannedRegistryPolicy,
  );
  return withPlanned(
    { registry, sources: planned.apply(({ grants }) => grants) },
    planned.apply(({ policy }) => policy.json),
    providerSite,
  );
}

/**
 * The args of the replication child: a route per planned destination and prefix set, and the
 * rules and route summaries the plan built, which the child deploys and outputs as they are.
 */
export function plannedReplicationArgs(
  plan: pulumi.Output<CrossAccountReplicationPlan>,
  source: RegistryLocation,
  providerSite: ProviderSite,
): PlannedArgs<RegistryReplicationArgs, CrossAccountReplicationPlan> {
  return withPlanned(
    {
      source,
      routes: plan.apply((built) =>
        built.routes.map((route) => ({
          destinations: [route.destination],
          repositoryPrefixes: route.repositoryPrefixes,
        })),
      ),
    },
    plan,
    providerSite,
  );
}

/** Each planned registry policy's JSON, keyed `<accountId>/<region>`. */
export function registryPolicyJson(plan: CrossAccountReplicationPlan): Record<string, string> {
  return Object.fromEntries(
    plan.registryPolicies.map(({ registry, policy }) => [providerKey(registry), policy.json]),
  );
}
