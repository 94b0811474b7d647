/**
 * The checks a replication configuration must pass before `PutReplicationConfiguration`: AWS's
 * limits and formats, plus the mistakes AWS accepts but that never replicate (a destination equal
 * to the source registry, a destination in another partition). Each rule is ./ecr-rules' (or
 * ../core's identifier checks); this file reads the configuration and places the problems.
 */
import {
  checkAccountId,
  checkRegion,
  checkRepositoryPrefix,
  isUnknown,
  join,
  Problem,
} from "../core";
import {
  checkConfigurationLimits,
  checkDestinationRules,
  filterCountOverLimit,
  placedUnder,
  unsupportedFilterType,
} from "./ecr-rules";
import {
  DestinationEntry,
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
  RuleEntry,
} from "./rules";

/** The source registry, as far as it is known. */
export interface ReplicationSource {
  /** The account (registry id) that replicates, if known. */
  account?: string;
  /** The region it replicates from, if known. */
  region?: string;
}

/** Options of `checkReplicationConfiguration`. */
export interface ReplicationCheckOptions {
  /** The source registry; checks that need it are skipped for what is unknown. Default: unknown. */
  source?: ReplicationSource;
}

/** Runs an identifier check unless the value is unknown until apply. */
function unlessUnknown(
  check: (value: unknown, path: string) => Problem[],
  value: unknown,
  path: string,
): Problem[] {
  return isUnknown(value) ? [] : check(value, path);
}

/** Problems of one destination: formats, then ECR's destination rules (./ecr-rules). */
function checkDestination(destination: DestinationEntry, source: ReplicationSource): Problem[] {
  const problems = [
    ...unlessUnknown(checkAccountId, destination.registryId, join(destination.path, "registryId")),
    ...unlessUnknown(checkRegion, destination.region, join(destination.path, "region")),
  ];
  if (problems.length > 0) {
    return problems;
  }
  const rules = checkDestinationRules(
    { accountId: source.account, region: source.region },
    { accountId: knownString(destination.registryId), region: knownString(destination.region) },
  );
  return placedUnder(destination.path, rules);
}

/**
 * The configuration-wide limits (./ecr-rules `checkConfigurationLimits`: rules, unique
 * destinations) of the rules read, with paths relative to the configuration (`rules`); a
 * destination unknown until apply is not counted. The pack's checks and the route analysis both
 * ask this.
 */
export function checkRuleEntryLimits(rules: readonly RuleEntry[]): Problem[] {
  return checkConfigurationLimits(
    rules.map((rule) => ({
      destinations: rule.destinations.map((d) => ({
        accountId: knownString(d.registryId),
        region: knownString(d.region),
      })),
    })),
  );
}

/**
 * Every problem of a `replicationConfiguration` input, with paths rooted at
 * `replicationConfiguration`: shape, the number of rules and of unique destinations across them,
 * the number of filters per rule, each filter's length, pattern and type, each destination's
 * registry id and region, and, where the source is known, destinations equal to the source or in
 * another partition.
 */
export function checkReplicationConfiguration(
  config: unknown,
  options: ReplicationCheckOptions = {},
): Problem[] {
  const source = options.source ?? {};
  const read = readReplicationRules(config);
  const problems = [
    ...read.problems,
    ...placedUnder(REPLICATION_CONFIGURATION_PATH, checkRuleEntryLimits(read.rules)),
  ];
  for (const rule of read.rules) {
    const destinationsPath = join(rule.path, "destinations");
    // An empty list is a mistake of its own; unknown or unreadable entries are reported already.
    const unreadable = [...read.unknownPaths, ...read.problems.map((p) => p.path)].some((path) =>
      path.startsWith(destinationsPath),
    );
    if (rule.destinations.length === 0 && !unreadable) {
      problems.push({
        path: destinationsPath,
        message: "must name at least one destination: a rule without one replicates nothing",
      });
    }
    const seen = new Map<string, string>();
    for (const destination of rule.destinations) {
      problems.push(...checkDestination(destination, source));
      const registryId = knownString(destination.registryId);
      const region = knownString(destination.region);
      if (registryId !== undefined && region !== undefined) {
        const key = `${registryId} in ${region}`;
        const first = seen.get(key);
        if (first !== undefined) {
          problems.push({
            path: destination.path,
            message: `repeats destination ${key} of ${first}: each destination may appear once per rule`,
          });
        } else {
          seen.set(key, destination.path);
        }
      }
    }
    const filters = rule.filters ?? [];
    const tooManyFilters = filterCountOverLimit(filters.length);
    if (tooManyFilters !== undefined) {
      problems.push({ path: join(rule.path, "repositoryFilters"), message: tooManyFilters });
    }
    for (const filter of filters) {
      problems.push(
        ...unlessUnknown(checkRepositoryPrefix, filter.filter, join(filter.path, "filter")),
      );
      const filterType = isUnknown(filter.filterType)
        ? undefined
        : unsupportedFilterType(filter.filterType);
      if (filterType !== undefined) {
        problems.push({ path: join(filter.path, "filterType"), message: filterType });
      }
    }
  }
  return problems;
}
