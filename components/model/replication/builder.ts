/**
 * Builds the rules of an ECR replication configuration (the source registry's half of
 * replication) from typed routes, validated and within ECR's limits.
 */
import {
  checkNonEmptyList,
  checkRegistryLocation,
  checkRepositoryPrefix,
  describe,
  isPlainObject,
  join,
  leaveOutUntilFits,
  leavingOutFits,
  LeftOutFit,
  MAX_DESTINATIONS_PER_RULE,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  PREFIX_MATCH,
  Problem,
  registryKey,
  RegistryLocation,
  ValidationError,
} from "../core";
import { checkDestinationRules, placedUnder } from "./ecr-rules";
import { packRules } from "./rule-packing";

/** Replicate the repositories whose names start with one of `repositoryPrefixes` to every destination. */
export interface ReplicationRoute {
  /** The registries that receive the images; at least one. */
  destinations: RegistryLocation[];
  /**
   * Repository name prefixes, matched as plain string prefixes (`prod` also matches
   * `production-db`); at least one, because a rule without filters replicates every repository.
   */
  repositoryPrefixes: string[];
}

/** A rule destination, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface ReplicationDestination {
  region: string;
  registryId: string;
}

/** A rule filter, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface RepositoryFilter {
  filter: string;
  filterType: typeof PREFIX_MATCH;
}

/** One replication rule, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface ReplicationRule {
  destinations: ReplicationDestination[];
  repositoryFilters: RepositoryFilter[];
}

/**
 * Every problem with a source registry and its routes, with paths `source.accountId`,
 * `routes[0].destinations[1].region`, `routes[2].repositoryPrefixes[0]`. Does not check the rule
 * count (that needs the built rules; see {@link buildReplicationRules}).
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
      checkRepositoryPrefix,
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
 * The replication rules for `routes` out of the `source` registry, or a {@link ValidationError}
 * listing every problem with its path.
 *
 * - Each prefix replicates to the union of the destinations of every route naming it. A
 *   destination already reached through a shorter prefix (`prod-` covers `prod-api`) is dropped
 *   from the longer one, and a prefix left with none is dropped: two rules matching one repository
 *   must not name the same destination.
 * - The (prefix, destination) pairs left are packed into as few rules as found (see
 *   {@link packRules}): a rule pairs up to {@link MAX_FILTERS_PER_RULE} prefixes with up to
 *   {@link MAX_DESTINATIONS_PER_RULE} destinations, each of its prefixes routed to each of its
 *   destinations, and every pair is in exactly one rule. So a repository reaches a destination iff
 *   it was routed there, through exactly one rule.
 * - More than {@link MAX_REPLICATION_RULES} rules is an error saying how many were needed and what
 *   would fit.
 * - Deterministic: destinations sorted by account then region, filters sorted, rules sorted by
 *   their filters, whatever the order of the input.
 */
export function buildReplicationRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] {
  const rules = packReplicationRules(source, routes);
  if (rules.length > MAX_REPLICATION_RULES) {
    throw new ValidationError([tooManyRules(routes, rules.length)], "invalid replication routes");
  }
  return rules;
}

/**
 * The rules {@link buildReplicationRules} builds, without refusing more than
 * {@link MAX_REPLICATION_RULES}: how many rules a route set needs (for capacity measurements).
 * Throws a {@link ValidationError} for invalid routes.
 */
export function packReplicationRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] {
  const problems = checkReplicationRoutes(source, routes);
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
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

/**
 * The problem of routes that need `needed` rules: by how much they are over, and what would fit
 * (checked by packing again): the routes without some prefixes, or without some destinations.
 */
function tooManyRules(routes: readonly ReplicationRoute[], needed: number): Problem {
  const fits: string[] = [];
  const prefixes = new Set(routes.flatMap((r) => r.repositoryPrefixes));
  const withoutPrefixes = largestFit(routes, (rule) => rule.repositoryFilters.map((f) => f.filter));
  if (withoutPrefixes !== undefined) {
    fits.push(
      leavingOutFits(
        { one: "the prefix", many: "the prefixes" },
        withoutPrefixes.leftOut.map((p) => `'${p}'`),
        prefixes.size,
        `${withoutPrefixes.built.length} rules`,
      ),
    );
  }
  const destinations = new Set(routes.flatMap((r) => r.destinations.map(registryKey)));
  const withoutDestinations = largestFit(routes, (rule) =>
    rule.destinations.map((d) => registryKey({ accountId: d.registryId, region: d.region })),
  );
  if (withoutDestinations !== undefined) {
    fits.push(
      leavingOutFits(
        { one: "the destination", many: "the destinations" },
        withoutDestinations.leftOut,
        destinations.size,
        `${withoutDestinations.built.length} rules`,
      ),
    );
  }
  fits.push("route more prefixes to the same destinations or shorten them to common prefixes");
  return {
    path: "routes",
    message: `need ${needed} replication rules, ${needed - MAX_REPLICATION_RULES} over ECR's limit of ${MAX_REPLICATION_RULES} per registry, even packed (a rule sends up to ${MAX_FILTERS_PER_RULE} prefixes to up to ${MAX_DESTINATIONS_PER_RULE} destinations, each prefix only to destinations it is routed to): ${fits.join("; or ")}`,
  };
}

/**
 * Items (prefixes or destination keys, read from a rule by `itemsOf`) to leave out of the routes so
 * that they fit in {@link MAX_REPLICATION_RULES} rules, with the rules of the rest: those of the
 * rules beyond the largest ones, again until the rest fits (../core `leaveOutUntilFits`);
 * undefined if nothing would be left. Sorted.
 */
function largestFit(
  routes: readonly ReplicationRoute[],
  itemsOf: (rule: ReplicationRule) => string[],
): LeftOutFit<ReplicationRule[]> | undefined {
  const packWithout = (leftOut: ReadonlySet<string>) => {
    const kept = routes
      .map((route) => ({
        destinations: route.destinations.filter((d) => !leftOut.has(registryKey(d))),
        repositoryPrefixes: route.repositoryPrefixes.filter((p) => !leftOut.has(p)),
      }))
      .filter((route) => route.destinations.length > 0 && route.repositoryPrefixes.length > 0);
    return kept.length === 0 ? undefined : packRoutes(kept);
  };
  // Keep the largest rules (by pairs; on a tie, the earlier); leave out what the others carry.
  const beyondLargest = (rules: ReplicationRule[]) =>
    rules
      .map((rule, index) => ({ rule, index }))
      .sort(
        (a, b) =>
          b.rule.destinations.length * b.rule.repositoryFilters.length -
            a.rule.destinations.length * a.rule.repositoryFilters.length || a.index - b.index,
      )
      .slice(MAX_REPLICATION_RULES)
      .flatMap(({ rule }) => itemsOf(rule));
  return leaveOutUntilFits(
    packWithout,
    (rules) => rules.length <= MAX_REPLICATION_RULES,
    beyondLargest,
  );
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
