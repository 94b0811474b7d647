/**
 * Routes as the user states them ("prefixes from this registry to those registries"), turned into
 * what both halves of cross-account replication need: the source's rules, a summary per
 * destination for outputs, and the registry policy of every destination registry in another
 * account. The plan is the one computation of these facts: `CrossAccountReplication` deploys it
 * through its children and outputs it as is.
 */
import {
  checkOptionalBoolean,
  compareRegistries,
  compareStrings,
  isPlainObject,
  join,
  listed,
  Problem,
  registryKey,
  RegistryLocation,
  ValidationError,
} from "../core";
import {
  buildReplicationRules,
  checkReplicationRoutes,
  checkRouteDestinations,
  ReplicationRoute,
  ReplicationRule,
} from "./builder";
import { buildRegistryPolicy, BuiltRegistryPolicy, RegistryGrant } from "../registry-policy";

/** A replication route that also says whether replication may create repositories at the destinations. */
export interface CrossAccountRoute extends ReplicationRoute {
  /**
   * Grant `ecr:CreateRepository` to the source in every destination registry in another account.
   * Default true; false means every replicated repository must already exist there. Replication
   * within one account always creates missing repositories.
   */
  allowCreateRepository?: boolean;
}

/** One line of "who replicates what where", for stack outputs. */
export interface ReplicationRouteSummary {
  /** The registry the images come from. */
  source: RegistryLocation;
  /** The registry the images go to. */
  destination: RegistryLocation;
  /** The prefixes replicated along this route, sorted, without duplicates. */
  repositoryPrefixes: string[];
  /** True if the destination is in another account, so it needs a registry policy. */
  crossAccount: boolean;
  /** Whether replication creates missing repositories at the destination. */
  createRepository: boolean;
}

/** The problems of every route's `allowCreateRepository` (routes that are not objects are reported elsewhere). */
function checkAllowCreateRepository(routes: unknown): Problem[] {
  if (!Array.isArray(routes)) {
    return [];
  }
  return Array.from(routes).flatMap((route, index) =>
    isPlainObject(route)
      ? checkOptionalBoolean(
          route.allowCreateRepository,
          join(join("routes", index), "allowCreateRepository"),
        )
      : [],
  );
}

/** Every problem with the source and cross-account routes: {@link checkReplicationRoutes} plus `allowCreateRepository`. */
export function checkCrossAccountRoutes(source: unknown, routes: unknown): Problem[] {
  return [...checkReplicationRoutes(source, routes), ...checkAllowCreateRepository(routes)];
}

/**
 * The routes out of `source`, one per destination registry and `createRepository` value, sorted by
 * destination (account, then region) with `createRepository: false` first; or a
 * {@link ValidationError}. A prefix named for one destination by several routes is created there if
 * any of them allows creation.
 */
export function replicationRoutes(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationRouteSummary[] {
  const problems = checkCrossAccountRoutes(source, routes);
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
  }
  return summarizeRoutes(source, routes);
}

/** {@link replicationRoutes} of routes already validated. */
function summarizeRoutes(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationRouteSummary[] {
  const byDestination = new Map<
    string,
    { destination: RegistryLocation; create: Map<string, boolean> }
  >();
  for (const route of routes) {
    for (const { accountId, region } of route.destinations) {
      const destination = { accountId, region };
      const entry = byDestination.get(registryKey(destination)) ?? {
        destination,
        create: new Map(),
      };
      for (const prefix of route.repositoryPrefixes) {
        entry.create.set(
          prefix,
          (entry.create.get(prefix) ?? false) || route.allowCreateRepository !== false,
        );
      }
      byDestination.set(registryKey(destination), entry);
    }
  }
  const summaries: ReplicationRouteSummary[] = [];
  const destinations = [...byDestination.values()].sort((a, b) =>
    compareRegistries(a.destination, b.destination),
  );
  for (const { destination, create } of destinations) {
    const crossAccount = destination.accountId !== source.accountId;
    for (const createRepository of [false, true]) {
      // Within one account replication always creates repositories: one summary, createRepository true.
      const prefixes = [...create]
        .filter(([, creates]) => (crossAccount ? creates : true) === createRepository)
        .map(([prefix]) => prefix)
        .sort(compareStrings);
      if (prefixes.length > 0) {
        summaries.push({
          source: { accountId: source.accountId, region: source.region },
          destination,
          repositoryPrefixes: prefixes,
          crossAccount,
          createRepository,
        });
      }
    }
  }
  return summaries;
}

/** The registry policy a destination registry needs: the source's grants into it. */
export interface DestinationRegistryGrants {
  registry: RegistryLocation;
  grants: RegistryGrant[];
}

/**
 * For each destination registry in another account than `source` (sorted by account, then region),
 * the grants its registry policy needs; same-account destinations need none. Every route to one
 * registry ends up in its single policy. Throws a {@link ValidationError} like {@link replicationRoutes}.
 */
export function destinationRegistryGrants(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): DestinationRegistryGrants[] {
  return grantsOfSummaries(source, replicationRoutes(source, routes));
}

/** {@link destinationRegistryGrants} from the route summaries (sorted by destination). */
function grantsOfSummaries(
  source: RegistryLocation,
  summaries: readonly ReplicationRouteSummary[],
): DestinationRegistryGrants[] {
  const byRegistry = new Map<string, DestinationRegistryGrants>();
  for (const summary of summaries) {
    if (!summary.crossAccount) {
      continue;
    }
    const key = registryKey(summary.destination);
    const entry = byRegistry.get(key) ?? { registry: summary.destination, grants: [] };
    entry.grants.push({
      accountId: source.accountId,
      repositoryPrefixes: summary.repositoryPrefixes,
      allowCreateRepository: summary.createRepository,
    });
    byRegistry.set(key, entry);
  }
  return [...byRegistry.values()];
}

/**
 * The destination registries in another account than `source`, sorted by account then region:
 * the registries that need a registry policy. Needs only the destinations, not the prefixes; throws
 * a {@link ValidationError} if the source or a destination is invalid.
 */
export function crossAccountRegistries(
  source: RegistryLocation,
  routes: readonly { destinations: RegistryLocation[] }[],
): RegistryLocation[] {
  const problems = checkRouteDestinations(source, routes);
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
  }
  const registries = new Map<string, RegistryLocation>();
  for (const route of routes) {
    for (const { accountId, region } of route.destinations) {
      if (accountId !== source.accountId) {
        registries.set(registryKey({ accountId, region }), { accountId, region });
      }
    }
  }
  return [...registries.values()].sort(compareRegistries);
}

/** The source registry's half of replication, built and validated: see {@link planReplication}. */
export interface ReplicationPlan {
  /** The source registry's replication rules. */
  rules: ReplicationRule[];
  /** Who replicates what where. */
  routes: ReplicationRouteSummary[];
}

/**
 * The rules and route summaries of `routes`, validated once, or a {@link ValidationError} with
 * every problem: {@link buildReplicationRules} checks the source, the destinations, the prefixes
 * ({@link checkReplicationRoutes}) and the rule count; `allowCreateRepository` is checked beside
 * it; the summaries are then read from the valid routes without checking them again.
 */
export function planReplication(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationPlan {
  const problems: Problem[] = [];
  let rules: ReplicationRule[] = [];
  try {
    rules = buildReplicationRules(source, routes);
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      throw error;
    }
    problems.push(...error.problems);
  }
  problems.push(...checkAllowCreateRepository(routes));
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
  }
  return { rules, routes: summarizeRoutes(source, routes) };
}

/** A destination registry's grants and the registry policy built from them. */
export interface PlannedRegistryPolicy extends DestinationRegistryGrants {
  policy: BuiltRegistryPolicy;
}

/** Both halves of cross-account replication, built and validated: see {@link planCrossAccountReplication}. */
export interface CrossAccountReplicationPlan extends ReplicationPlan {
  /** Per destination registry in another account (sorted), its grants and its registry policy. */
  registryPolicies: PlannedRegistryPolicy[];
}

/**
 * Builds the replication rules and every destination's registry policy for `routes`, or throws a
 * {@link ValidationError} with every problem. The routes are validated once (see
 * {@link planReplication}); the grants are read from the route summaries, and each registry
 * policy's own problems (such as its size) are reported at the destinations the user wrote that
 * name its registry (see {@link atDestinationsOf}).
 */
export function planCrossAccountReplication(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): CrossAccountReplicationPlan {
  const replication = planReplication(source, routes);
  const problems: Problem[] = [];
  const registryPolicies: PlannedRegistryPolicy[] = [];
  for (const { registry, grants } of grantsOfSummaries(source, replication.routes)) {
    try {
      registryPolicies.push({ registry, grants, policy: buildRegistryPolicy(registry, grants) });
    } catch (error) {
      if (!(error instanceof ValidationError)) {
        throw error;
      }
      problems.push(...atDestinationsOf(registry, routes, error.problems));
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
  }
  return { ...replication, registryPolicies };
}

/**
 * The problems of the registry policy of `registry`, built from the grants of every route sending
 * to it, at the paths the user wrote: the destinations naming that registry, with its key, and the
 * whole message, as in `routes[0].destinations[1] and routes[2].destinations[0]
 * (222222222222/us-west-2): make a registry policy of ...`. The policy's inputs are internal (its
 * `sources` are grants derived from the routes), so their paths are not shown. The routes are
 * valid by now, and their prefixes pass the same check as the policy's, so what is found here is
 * about the policy as a whole, such as its size.
 */
function atDestinationsOf(
  registry: RegistryLocation,
  routes: readonly CrossAccountRoute[],
  problems: readonly Problem[],
): Problem[] {
  const key = registryKey(registry);
  const destinations = routes.flatMap((route, i) =>
    route.destinations.flatMap((destination, j) =>
      registryKey(destination) === key ? [join(join(join("routes", i), "destinations"), j)] : [],
    ),
  );
  const path = `${listed(destinations)} (${key})`;
  return problems.map(({ message }) => ({ path, message }));
}
