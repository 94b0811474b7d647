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
  MAX_DESTINATIONS_PER_RULE,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  partitionOf,
  PREFIX_MATCH,
  Problem,
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

/** At most {@link MAX_DESTINATIONS_PER_RULE} destinations per rule (see core/limits). */
export function destinationCountOverLimit(count: number): string | undefined {
  return count > MAX_DESTINATIONS_PER_RULE
    ? `must have at most ${MAX_DESTINATIONS_PER_RULE} destinations per rule (ECR limit), got ${count}`
    : undefined;
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
  /** The rule's destinations, as far as known (a repeated one counts each time). */
  destinations: readonly KnownRegistry[];
}

/**
 * The limits of a whole replication configuration, counted over all its rules, with paths
 * relative to the configuration (`rules`): today the number of rules. A limit counted across rules
 * (such as unique destinations per configuration) belongs here: the caller hands over every rule.
 * The per-rule limits ({@link destinationCountOverLimit}, {@link filterCountOverLimit}) are judged with each
 * rule, so its problems stay together.
 */
export function checkConfigurationLimits(rules: readonly RuleExtent[]): Problem[] {
  const ruleCount = ruleCountOverLimit(rules.length);
  return ruleCount === undefined ? [] : [{ path: "rules", message: ruleCount }];
}
