/**
 * ECR's replication rules and limits, each written once: the builder (`./builder`), the pack's
 * checks (`./checks`) and the route analysis (`../analysis/route-analysis`) call these and add
 * only their own property path (or, for the analysis, turn the message into a verdict reason).
 * A problem's path here is relative to what was checked: `""` for the destination itself,
 * `region` for its region, `rules[2].destinations` for a rule's destination list.
 */
import {
  describe,
  join,
  listed,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  MAX_UNIQUE_DESTINATIONS,
  partitionOf,
  PREFIX_MATCH,
  Problem,
  registryKey,
  RegistryLocation,
} from "../core";

/** A registry as far as it is known: a part is undefined when unknown. */
export type KnownRegistry = Partial<RegistryLocation>;

/** `111111111111 in us-east-1`: a registry in messages. */
function registryName(registry: RegistryLocation): string {
  return `${registry.accountId} in ${registry.region}`;
}

/**
 * A destination equal to the source registry: ECR accepts it, but a registry cannot replicate to
 * itself, so nothing would ever be replicated.
 */
export function sourceAsDestination(
  source: RegistryLocation,
  destination: RegistryLocation,
): string | undefined {
  return destination.accountId === source.accountId && destination.region === source.region
    ? `must not be the source registry ${registryName(source)}: a registry cannot replicate to itself`
    : undefined;
}

/** A destination region in another partition than the source's (ECR user guide, private image replication). */
export function partitionCrossed(
  sourceRegion: string,
  destinationRegion: string,
): string | undefined {
  const from = partitionOf(sourceRegion);
  const to = partitionOf(destinationRegion);
  return from === to
    ? undefined
    : `must be in the source registry's partition ${from} (${sourceRegion}), got '${destinationRegion}' in ${to}: replication cannot cross partitions`;
}

/**
 * Every rule one destination must satisfy, given the source: not the source registry itself (at
 * the destination), not in another partition (at its `region`). A rule needing a part that is
 * unknown is skipped.
 */
export function checkDestinationRules(
  source: KnownRegistry,
  destination: KnownRegistry,
): Problem[] {
  const problems: Problem[] = [];
  const { accountId, region } = destination;
  if (
    accountId !== undefined &&
    region !== undefined &&
    source.accountId !== undefined &&
    source.region !== undefined
  ) {
    const itself = sourceAsDestination(
      { accountId: source.accountId, region: source.region },
      { accountId, region },
    );
    if (itself !== undefined) {
      problems.push({ path: "", message: itself });
    }
  }
  if (region !== undefined && source.region !== undefined) {
    const crossed = partitionCrossed(source.region, region);
    if (crossed !== undefined) {
      problems.push({ path: "region", message: crossed });
    }
  }
  return problems;
}

/** Problems whose paths are relative to `path`, placed under it (`""` is `path` itself). */
export function placedUnder(path: string, problems: readonly Problem[]): Problem[] {
  return problems.map((problem) => ({
    path: problem.path === "" ? path : join(path, problem.path),
    message: problem.message,
  }));
}

/** `PutReplicationConfiguration`: at most {@link MAX_REPLICATION_RULES} rules (ECR API `ReplicationConfiguration`). */
export function ruleCountOverLimit(count: number): string | undefined {
  return count > MAX_REPLICATION_RULES
    ? `must have at most ${MAX_REPLICATION_RULES} rules (ECR limit), got ${count}`
    : undefined;
}

/**
 * The distinct destinations among `destinations` whose account and region are both known, in
 * order of first appearance: a destination named by several rules counts once.
 */
export function uniqueDestinations(destinations: readonly KnownRegistry[]): RegistryLocation[] {
  const unique = new Map<string, RegistryLocation>();
  for (const { accountId, region } of destinations) {
    if (accountId !== undefined && region !== undefined) {
      const key = registryKey({ accountId, region });
      if (!unique.has(key)) {
        unique.set(key, { accountId, region });
      }
    }
  }
  return [...unique.values()];
}

/**
 * At most {@link MAX_UNIQUE_DESTINATIONS} unique destinations in a whole replication configuration,
 * counted across all its rules (ECR user guide, "Private image replication", considerations; see
 * core/limits). `destinations` are every rule's, in rule order; those not known are not counted.
 * The message names the count and the destinations after the first 25 in that order.
 */
export function uniqueDestinationsOverLimit(
  destinations: readonly KnownRegistry[],
): string | undefined {
  const unique = uniqueDestinations(destinations);
  if (unique.length <= MAX_UNIQUE_DESTINATIONS) {
    return undefined;
  }
  const beyond = unique.slice(MAX_UNIQUE_DESTINATIONS).map(registryName);
  return `must name at most ${MAX_UNIQUE_DESTINATIONS} unique destinations across all rules (ECR limit), got ${unique.length}; after the first ${MAX_UNIQUE_DESTINATIONS} in rule order: ${listed(beyond)}`;
}

/** At most {@link MAX_FILTERS_PER_RULE} repository filters per rule (ECR API `ReplicationRule`). */
export function filterCountOverLimit(count: number): string | undefined {
  return count > MAX_FILTERS_PER_RULE
    ? `must have at most ${MAX_FILTERS_PER_RULE} filters per rule (ECR limit), got ${count}`
    : undefined;
}

/** A filter type other than `PREFIX_MATCH`, the only one ECR supports (ECR API `RepositoryFilter`). */
export function unsupportedFilterType(filterType: unknown): string | undefined {
  return filterType === PREFIX_MATCH
    ? undefined
    : `must be '${PREFIX_MATCH}' (the only filter type ECR supports), got ${describe(filterType)}`;
}

/** One rule of a configuration, as the configuration-wide limits count it. */
export interface RuleExtent {
  /** The rule's destinations, as far as known (one named by several rules counts once). */
  destinations: readonly KnownRegistry[];
}

/**
 * The limits of a whole replication configuration, counted over all its rules, with paths
 * relative to the configuration (`rules`): the number of rules, and the unique destinations across
 * them. This is the one "does this configuration fit": the pack's checks, the route analysis and
 * the builder (and its search for what would fit) all ask it. The per-rule limit
 * ({@link filterCountOverLimit}) is judged with each rule, so its problems stay together.
 */
export function checkConfigurationLimits(rules: readonly RuleExtent[]): Problem[] {
  const problems: Problem[] = [];
  const ruleCount = ruleCountOverLimit(rules.length);
  if (ruleCount !== undefined) {
    problems.push({ path: "rules", message: ruleCount });
  }
  const destinations = uniqueDestinationsOverLimit(rules.flatMap((rule) => rule.destinations));
  if (destinations !== undefined) {
    problems.push({ path: "rules", message: destinations });
  }
  return problems;
}
