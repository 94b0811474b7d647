/**
 * Builds the rules of an ECR replication configuration (the source registry's half of
 * replication) from typed routes, validated and within ECR's limits.
 */
import {
  MAX_DESTINATIONS_PER_RULE,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  partitionOf,
  PREFIX_MATCH,
} from "./limits";
import { checkRepositoryPrefix } from "./identifiers";
import { describe, join, Problem, ValidationError } from "./problems";
import {
  checkNonEmptyList,
  checkRegistryLocation,
  compareRegistries,
  compareStringLists,
  compareStrings,
  isRecord,
  RegistryLocation,
  registryKey,
} from "./registry-location";

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
  const sourceIsValid = problems.length === 0;
  const listProblems = checkNonEmptyList(
    routes,
    "routes",
    "a list of routes",
    "at least one route (an empty rule list deletes every replication rule)",
  );
  if (listProblems.length > 0) {
    return [...problems, ...listProblems];
  }
  (routes as unknown[]).forEach((route, index) => {
    problems.push(
      ...checkRoute(
        route,
        join("routes", index),
        sourceIsValid ? (source as RegistryLocation) : undefined,
        withPrefixes,
      ),
    );
  });
  return problems;
}

function checkRoute(
  route: unknown,
  path: string,
  source: RegistryLocation | undefined,
  withPrefixes: boolean,
): Problem[] {
  if (!isRecord(route)) {
    return [
      {
        path,
        message: `must be a route: { destinations, repositoryPrefixes }, got ${describe(route)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  const destinationsPath = join(path, "destinations");
  const destinationListProblems = checkNonEmptyList(
    route.destinations,
    destinationsPath,
    "a list of registries ({ accountId, region })",
    "at least one destination registry",
  );
  problems.push(...destinationListProblems);
  if (destinationListProblems.length === 0) {
    (route.destinations as unknown[]).forEach((destination, index) => {
      problems.push(...checkDestination(destination, join(destinationsPath, index), source));
    });
  }
  if (!withPrefixes) {
    return problems;
  }
  const prefixesPath = join(path, "repositoryPrefixes");
  const prefixListProblems = checkNonEmptyList(
    route.repositoryPrefixes,
    prefixesPath,
    "a list of repository prefixes",
    "at least one repository prefix (a rule without filters replicates every repository)",
  );
  problems.push(...prefixListProblems);
  if (prefixListProblems.length === 0) {
    (route.repositoryPrefixes as unknown[]).forEach((prefix, index) => {
      problems.push(...checkRepositoryPrefix(prefix, join(prefixesPath, index)));
    });
  }
  return problems;
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
  const { accountId, region } = destination as RegistryLocation;
  if (accountId === source.accountId && region === source.region) {
    return [
      {
        path,
        message: `must not be the source registry itself ('${registryKey(source)}'): a registry cannot replicate to itself`,
      },
    ];
  }
  // Replication cannot cross partitions (ECR user guide, private image replication).
  if (partitionOf(region) !== partitionOf(source.region)) {
    return [
      {
        path: join(path, "region"),
        message: `must be in the source registry's partition '${partitionOf(source.region)}' (replication cannot cross partitions), got '${region}' (partition '${partitionOf(region)}')`,
      },
    ];
  }
  return [];
}

/**
 * The replication rules for `routes` out of the `source` registry, or a {@link ValidationError}
 * listing every problem with its path.
 *
 * - Each prefix replicates to the union of the destinations of every route naming it. A
 *   destination already reached through a shorter prefix (`prod-` covers `prod-api`) is dropped
 *   from the longer one, and a prefix left with none is dropped: two rules matching one repository
 *   must not name the same destination.
 * - Prefixes with identical destination sets share one rule. A rule over
 *   {@link MAX_FILTERS_PER_RULE} filters or {@link MAX_DESTINATIONS_PER_RULE} destinations is split.
 * - More than {@link MAX_REPLICATION_RULES} rules is an error saying how many were needed.
 * - Deterministic: destinations sorted by account then region, filters sorted, rules sorted by
 *   their filters, whatever the order of the input.
 */
export function buildReplicationRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] {
  const problems = checkReplicationRoutes(source, routes);
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes");
  }
  const rules = groupIntoRules(effectiveDestinationsByPrefix(routes));
  if (rules.length > MAX_REPLICATION_RULES) {
    throw new ValidationError(
      [
        {
          path: "routes",
          message: `need ${rules.length} replication rules, ${rules.length - MAX_REPLICATION_RULES} over ECR's limit of ${MAX_REPLICATION_RULES} per registry (one rule per distinct destination set, split at ${MAX_DESTINATIONS_PER_RULE} destinations and ${MAX_FILTERS_PER_RULE} filters): send more prefixes to the same destinations or shorten them to common prefixes`,
        },
      ],
      "invalid replication routes",
    );
  }
  return rules;
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
    const remaining = [...destinations].filter(
      ([key]) =>
        ![...byPrefix].some(
          ([shorter, reached]) =>
            shorter !== prefix && prefix.startsWith(shorter) && reached.has(key),
        ),
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

/** Groups prefixes by destination set, splitting groups over the per-rule limits. */
function groupIntoRules(destinationsByPrefix: Map<string, RegistryLocation[]>): ReplicationRule[] {
  const groups = new Map<string, { destinations: RegistryLocation[]; prefixes: string[] }>();
  for (const [prefix, destinations] of destinationsByPrefix) {
    const sorted = [...destinations].sort(compareRegistries);
    const key = sorted.map(registryKey).join(",");
    const group = groups.get(key) ?? { destinations: sorted, prefixes: [] };
    group.prefixes.push(prefix);
    groups.set(key, group);
  }
  const rules: ReplicationRule[] = [];
  for (const { destinations, prefixes } of groups.values()) {
    const filters = [...prefixes].sort(compareStrings);
    for (const destinationChunk of chunk(destinations, MAX_DESTINATIONS_PER_RULE)) {
      for (const filterChunk of chunk(filters, MAX_FILTERS_PER_RULE)) {
        rules.push({
          destinations: destinationChunk.map(({ accountId, region }) => ({
            region,
            registryId: accountId,
          })),
          repositoryFilters: filterChunk.map((filter) => ({ filter, filterType: PREFIX_MATCH })),
        });
      }
    }
  }
  return rules.sort(
    (a, b) =>
      compareStringLists(
        a.repositoryFilters.map((f) => f.filter),
        b.repositoryFilters.map((f) => f.filter),
      ) ||
      compareStringLists(
        a.destinations.map((d) => `${d.registryId}/${d.region}`),
        b.destinations.map((d) => `${d.registryId}/${d.region}`),
      ),
  );
}

/** Splits a list into consecutive pieces of at most `size` items. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    pieces.push(items.slice(start, start + size));
  }
  return pieces;
}
