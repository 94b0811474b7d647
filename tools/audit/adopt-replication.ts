/**
 * Adopting a deployed replication configuration: the `RegistryReplication` routes that reproduce
 * it, one route per deployed rule (its destinations, its PREFIX_MATCH filters as prefixes), built
 * with the components' own planner. What the routes cannot express is left out and listed: a rule
 * without filters (it replicates every repository; a route needs prefixes), a destination the
 * components refuse (the source registry itself, another partition), a destination or filter that
 * is not text. ./adoption-check.ts compares what both configurations replicate.
 */
import {
  PREFIX_MATCH,
  RegistryLocation,
  ValidationError,
  describe,
} from "../../components/model/core";
import {
  checkDestinationRules,
  knownString,
  planReplication,
  readReplicationRules,
  ReplicationRoute,
  ReplicationRule,
  RuleEntry,
} from "../../components/model/replication";

/** The adopted routes of one replication configuration. */
export interface AdoptedReplication {
  routes: ReplicationRoute[];
  /** The rules the components build from the routes; undefined when they build none. */
  built?: ReplicationRule[];
  /** What is not reproduced, one line each. */
  notReproduced: string[];
}

/** The route of one deployed rule, or undefined with why in `notReproduced`. */
function routeOf(
  source: RegistryLocation,
  rule: RuleEntry,
  notReproduced: string[],
): ReplicationRoute | undefined {
  if (rule.filters === undefined || rule.filters.length === 0) {
    notReproduced.push(
      `${rule.path} is left out: it has no filters, so it replicates every repository, and a route replicates repository prefixes only`,
    );
    return undefined;
  }
  const repositoryPrefixes: string[] = [];
  for (const filter of rule.filters) {
    const prefix = knownString(filter.filter);
    if (prefix === undefined || filter.filterType !== PREFIX_MATCH) {
      notReproduced.push(
        `${filter.path} is left out: a route's prefixes are PREFIX_MATCH filters, got ${describe({ filter: filter.filter, filterType: filter.filterType })}`,
      );
    } else {
      repositoryPrefixes.push(prefix);
    }
  }
  const destinations: RegistryLocation[] = [];
  for (const destination of rule.destinations) {
    const accountId = knownString(destination.registryId);
    const region = knownString(destination.region);
    if (accountId === undefined || region === undefined) {
      notReproduced.push(
        `${destination.path} is left out: its registryId and region must be text, got ${describe({ registryId: destination.registryId, region: destination.region })}`,
      );
      continue;
    }
    const refused = checkDestinationRules(source, { accountId, region });
    if (refused.length > 0) {
      notReproduced.push(
        `${destination.path} (${accountId}/${region}) is left out: ${refused.map((problem) => `${problem.path === "" ? "it" : `its ${problem.path}`} ${problem.message}`).join("; ")}`,
      );
      continue;
    }
    destinations.push({ accountId, region });
  }
  if (repositoryPrefixes.length === 0 || destinations.length === 0) {
    if (rule.filters.length > 0 && rule.destinations.length > 0) {
      notReproduced.push(`${rule.path} is left out: nothing of it is left to replicate`);
    }
    return undefined;
  }
  return { destinations, repositoryPrefixes };
}

/** Adopts one replication configuration (the rules of `describe-registry.json`). */
export function adoptReplication(
  source: RegistryLocation,
  rules: readonly unknown[],
): AdoptedReplication {
  const read = readReplicationRules({ rules: [...rules] });
  const adopted: AdoptedReplication = { routes: [], notReproduced: [] };
  for (const problem of read.problems) {
    adopted.notReproduced.push(`${problem.path} is left out: it ${problem.message}`);
  }
  for (const rule of read.rules) {
    const route = routeOf(source, rule, adopted.notReproduced);
    if (route !== undefined) {
      adopted.routes.push(route);
    }
  }
  if (adopted.routes.length === 0) {
    return adopted;
  }
  try {
    adopted.built = planReplication(source, adopted.routes).rules;
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      throw error;
    }
    adopted.notReproduced.push(
      `the components refuse the adopted routes: ${error.problems
        .map((problem) => `${problem.path}: ${problem.message}`)
        .join("; ")}`,
    );
  }
  return adopted;
}
