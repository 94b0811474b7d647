/**
 * Builds the rules of an ECR replication configuration (the source registry's half of
 * replication) from typed routes, validated and within ECR's limits (judged, and explained when
 * over, by ./over-limits).
 */
import {
  checkNonEmptyList,
  checkRegistryLocation,
  checkUsableRepositoryPrefix,
  describe,
  isPlainObject,
  join,
  PREFIX_MATCH,
  Problem,
  registryKey,
  RegistryLocation,
} from "../core";
import { checkDestinationRules, placedUnder } from "./ecr-rules";
import { configurationFits, overLimits } from "./over-limits";
import { ReplicationRoute, ReplicationRule } from "./route-shapes";
import { packRules } from "./rule-packing";
import { invalidReplication } from "./refusal";

export type {
  ReplicationDestination,
  ReplicationRoute,
  ReplicationRule,
  RepositoryFilter,
} from "./route-shapes";

/**
 * Every problem with a source registry and its routes, with paths `source.accountId`,
 * `routes[0].destinations[1].region`, `routes[2].repositoryPrefixes[0]`. Does not check the
 * configuration's limits (they are judged on the built rules; see {@link buildReplicationRules}).
 */
export function checkReplicationRoutes(source: unknown, routes: unknown): Problem[] {
  return checkRoutes(source, routes, true);
}

/**
 * Like {@link checkReplicationRoutes} but leaves out the repository prefixes: what must be known
 * to decide which registries a route reaches (the prefixes may still be unknown).
 */
export function checkRouteDestinations(source: unknown, routes: unknown): Problem[] {
  return checkRoutes(source, routes, false);
}

function checkRoutes(source: unknown, routes: unknown, withPrefixes: boolean): Problem[] {
  const problems = checkRegistryLocation(source, "source");
  const validSource = problems.length === 0 ? (source as RegistryLocation) : undefined;
  return [
    ...problems,
    ...checkNonEmptyList(
      routes,
      "routes",
      "a list of routes",
      "at least one route (an empty rule list deletes every replication rule)",
      (route, path) => checkRoute(route, path, validSource, withPrefixes),
    ),
  ];
}

function checkRoute(
  route: unknown,
  path: string,
  source: RegistryLocation | undefined,
  withPrefixes: boolean,
): Problem[] {
  if (!isPlainObject(route)) {
    return [
      {
        path,
        message: `must be a route: { destinations, repositoryPrefixes }, got ${describe(route)}`,
      },
    ];
  }
  const problems = checkNonEmptyList(
    route.destinations,
    join(path, "destinations"),
    "a list of registries ({ accountId, region })",
    "at least one destination registry",
    (destination, destinationPath) => checkDestination(destination, destinationPath, source),
  );
  if (!withPrefixes) {
    return problems;
  }
  return [
    ...problems,
    ...checkNonEmptyList(
      route.repositoryPrefixes,
      join(path, "repositoryPrefixes"),
      "a list of repository prefixes",
      "at least one repository prefix (a rule without filters replicates every repository)",
      checkUsableRepositoryPrefix,
    ),
  ];
}

function checkDestination(
  destination: unknown,
  path: string,
  source: RegistryLocation | undefined,
): Problem[] {
  const problems = checkRegistryLocation(destination, path);
  if (problems.length > 0 || source === undefined) {
    return problems;
  }
  // ECR's destination rules (./ecr-rules), at the destination or its region.
  return placedUnder(path, checkDestinationRules(source, destination as RegistryLocation));
}

/**
 * The replication rules for `routes` out of the `source` registry, or a `ValidationError`
 * listing every problem with its path.
 *
 * - Each prefix replicates to the union of the destinations of every route naming it. A
 *   destination already reached through a shorter prefix (`prod-` covers `prod-api`) is dropped
 *   from the longer one, and a prefix left with none is dropped: two rules matching one repository
 *   must not name the same destination.
 * - The (prefix, destination) pairs left are packed into as few rules as found (see
 *   {@link packRules}): a rule pairs up to 100 prefixes with up to 25 destinations (../core
 *   limits), each of its prefixes routed to each of its destinations, and every pair is in exactly
 *   one rule. So a repository reaches a destination iff it was routed there, through exactly one
 *   rule.
 * - Rules that do not fit ECR's limits of a configuration (./ecr-rules `checkConfigurationLimits`:
 *   more than 25 unique destinations across them, more than 10 rules) are an error saying by how
 *   much and what would fit (./over-limits).
 * - Deterministic: destinations sorted by account then region, filters sorted, rules sorted by
 *   their filters, whatever the order of the input.
 */
export function buildReplicationRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] {
  const rules = packReplicationRules(source, routes);
  if (!configurationFits(rules)) {
    throw invalidReplication([overLimits(routes, rules, packRoutes)]);
  }
  return rules;
}

/**
 * The rules {@link buildReplicationRules} builds, without refusing rules over ECR's limits of a
 * configuration (more than 10 rules or 25 unique destinations): how many rules a route set needs
 * (for capacity measurements). Each rule is still within what one rule may hold. Throws a
 * `ValidationError` for invalid routes.
 */
export function packReplicationRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] {
  const problems = checkReplicationRoutes(source, routes);
  if (problems.length > 0) {
    throw invalidReplication(problems);
  }
  return packRoutes(routes);
}

/** The packed rules of valid routes, in @pulumi/aws input shape. */
function packRoutes(routes: readonly ReplicationRoute[]): ReplicationRule[] {
  const locations = new Map<string, RegistryLocation>();
  const destinationsByPrefix = new Map<string, string[]>();
  for (const [prefix, destinations] of effectiveDestinationsByPrefix(routes)) {
    destinations.forEach((d) => locations.set(registryKey(d), d));
    destinationsByPrefix.set(prefix, destinations.map(registryKey));
  }
  // Registry keys are `<12 digits>/<region>`: string order is account, then region.
  return packRules(destinationsByPrefix).map(({ prefixes, destinations }) => ({
    destinations: destinations.map((key) => {
      const { accountId, region } = locations.get(key) as RegistryLocation;
      return { region, registryId: accountId };
    }),
    repositoryFilters: prefixes.map((filter) => ({ filter, filterType: PREFIX_MATCH })),
  }));
}

/** For each prefix, the destinations it must replicate to that no shorter prefix already reaches. */
function effectiveDestinationsByPrefix(
  routes: readonly ReplicationRoute[],
): Map<string, RegistryLocation[]> {
  const byPrefix = new Map<string, Map<string, RegistryLocation>>();
  for (const route of routes) {
    for (const prefix of route.repositoryPrefixes) {
      const destinations = byPrefix.get(prefix) ?? new Map<string, RegistryLocation>();
      for (const { accountId, region } of route.destinations) {
        destinations.set(registryKey({ accountId, region }), { accountId, region });
      }
      byPrefix.set(prefix, destinations);
    }
  }
  const effective = new Map<string, RegistryLocation[]>();
  for (const [prefix, destinations] of byPrefix) {
    // The routed prefixes `prefix` starts with: its proper leading substrings that are routed.
    const shorter = Array.from({ length: prefix.length - 1 }, (_, i) =>
      byPrefix.get(prefix.slice(0, i + 1)),
    ).filter((reached) => reached !== undefined);
    const remaining = [...destinations].filter(
      ([key]) => !shorter.some((reached) => reached.has(key)),
    );
    if (remaining.length > 0) {
      effective.set(
        prefix,
        remaining.map(([, destination]) => destination),
      );
    }
  }
  return effective;
}
