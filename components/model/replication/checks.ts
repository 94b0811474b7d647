/**
 * The checks a replication configuration must pass before `PutReplicationConfiguration`: AWS's
 * limits and formats (all from ./limits), plus the mistakes AWS accepts but that never replicate
 * (a destination equal to the source registry, a destination in another partition).
 */
import {
  checkAccountId,
  checkRegion,
  checkRepositoryPrefix,
  describe,
  isUnknown,
  join,
  MAX_DESTINATIONS_PER_RULE,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  partitionOf,
  PREFIX_MATCH,
  Problem,
} from "../core";
import {
  DestinationEntry,
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
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

/** Problems of one destination: formats, the source itself, another partition. */
function checkDestination(destination: DestinationEntry, source: ReplicationSource): Problem[] {
  const problems = [
    ...unlessUnknown(checkAccountId, destination.registryId, join(destination.path, "registryId")),
    ...unlessUnknown(checkRegion, destination.region, join(destination.path, "region")),
  ];
  if (problems.length > 0) {
    return problems;
  }
  const registryId = knownString(destination.registryId);
  const region = knownString(destination.region);
  const sameRegion = region !== undefined && region === source.region;
  if (registryId !== undefined && registryId === source.account && sameRegion) {
    problems.push({
      path: destination.path,
      message: `replicates registry ${registryId} in ${region} to itself: a destination must be another account or region`,
    });
  }
  // Replication never crosses partitions (ECR user guide, private image replication).
  if (region !== undefined && source.region !== undefined) {
    const from = partitionOf(source.region);
    const to = partitionOf(region);
    if (from !== to) {
      problems.push({
        path: join(destination.path, "region"),
        message: `'${region}' is in partition ${to} but the source registry is in ${source.region} (${from}): replication cannot cross partitions`,
      });
    }
  }
  return problems;
}

/**
 * Every problem of a `replicationConfiguration` input, with paths rooted at
 * `replicationConfiguration`: shape, the number of rules, destinations and filters per rule, each
 * filter's length, pattern and type, each destination's registry id and region, and, where the
 * source is known, destinations equal to the source or in another partition.
 */
export function checkReplicationConfiguration(
  config: unknown,
  options: ReplicationCheckOptions = {},
): Problem[] {
  const source = options.source ?? {};
  const read = readReplicationRules(config);
  const problems = [...read.problems];
  if (read.rules.length > MAX_REPLICATION_RULES) {
    problems.push({
      path: join(REPLICATION_CONFIGURATION_PATH, "rules"),
      message: `must have at most ${MAX_REPLICATION_RULES} rules (ECR limit), got ${read.rules.length}`,
    });
  }
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
    if (rule.destinations.length > MAX_DESTINATIONS_PER_RULE) {
      problems.push({
        path: destinationsPath,
        message: `must have at most ${MAX_DESTINATIONS_PER_RULE} destinations per rule (ECR limit), got ${rule.destinations.length}`,
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
    if (filters.length > MAX_FILTERS_PER_RULE) {
      problems.push({
        path: join(rule.path, "repositoryFilters"),
        message: `must have at most ${MAX_FILTERS_PER_RULE} filters per rule (ECR limit), got ${filters.length}`,
      });
    }
    for (const filter of filters) {
      problems.push(
        ...unlessUnknown(checkRepositoryPrefix, filter.filter, join(filter.path, "filter")),
      );
      if (!isUnknown(filter.filterType) && filter.filterType !== PREFIX_MATCH) {
        problems.push({
          path: join(filter.path, "filterType"),
          message: `must be '${PREFIX_MATCH}' (the only filter type ECR supports), got ${describe(filter.filterType)}`,
        });
      }
    }
  }
  return problems;
}
