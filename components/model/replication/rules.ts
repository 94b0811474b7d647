/**
 * Reads the `replicationConfiguration` input of an `aws.ecr.ReplicationConfiguration` as it arrives
 * from the engine: maybe incomplete, wrongly typed or unknown at preview. Every rule, destination
 * and filter keeps its property path and raw value so checks can quote it; nothing here judges.
 */
import { describe, isPlainObject, isUnknown, join, Problem, revealSecrets } from "../core";

/** Root path of every replication problem: the resource input's name. */
export const REPLICATION_CONFIGURATION_PATH = "replicationConfiguration";

/** One destination of a rule, raw. */
export interface DestinationEntry {
  /** `replicationConfiguration.rules[0].destinations[1]`. */
  path: string;
  registryId: unknown;
  region: unknown;
}

/** One repository filter of a rule, raw. */
export interface FilterEntry {
  path: string;
  filter: unknown;
  filterType: unknown;
}

/** One replication rule, raw. */
export interface RuleEntry {
  path: string;
  destinations: DestinationEntry[];
  /** Undefined when the rule has no `repositoryFilters` at all: it replicates every repository. */
  filters?: FilterEntry[];
}

/** The rules that could be read, the shape problems met on the way, and what is unknown. */
export interface ReplicationRules {
  rules: RuleEntry[];
  problems: Problem[];
  /** Paths whose value is unknown until apply (a list or object that could not be walked). */
  unknownPaths: string[];
}

/** The string value, or undefined if the value is not a string or is unknown until apply. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** Reads a list at `path`, recording an unknown or wrongly typed value; absent reads as undefined. */
function readList(value: unknown, path: string, into: ReplicationRules): unknown[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (isUnknown(value)) {
    into.unknownPaths.push(path);
    return undefined;
  }
  if (!Array.isArray(value)) {
    into.problems.push({ path, message: `must be a list, got ${describe(value)}` });
    return undefined;
  }
  return value;
}

/** Reads an object at `path`, recording an unknown or wrongly typed value. */
function readObject(
  value: unknown,
  path: string,
  what: string,
  into: ReplicationRules,
): Record<string, unknown> | undefined {
  if (isUnknown(value)) {
    into.unknownPaths.push(path);
    return undefined;
  }
  if (!isPlainObject(value)) {
    into.problems.push({ path, message: `must be ${what}, got ${describe(value)}` });
    return undefined;
  }
  return value;
}

/** Reads the `replicationConfiguration` input (secrets revealed); absent means no rules. */
export function readReplicationRules(config: unknown): ReplicationRules {
  const into: ReplicationRules = { rules: [], problems: [], unknownPaths: [] };
  const root = REPLICATION_CONFIGURATION_PATH;
  const revealed = revealSecrets(config);
  if (revealed === undefined || revealed === null) {
    return into;
  }
  const configuration = readObject(revealed, root, "an object { rules: [...] }", into);
  const rules = readList(configuration?.rules, join(root, "rules"), into) ?? [];
  rules.forEach((rawRule, ruleIndex) => {
    const rulePath = join(join(root, "rules"), ruleIndex);
    const rule = readObject(rawRule, rulePath, "a rule { destinations, repositoryFilters }", into);
    if (rule === undefined) {
      return;
    }
    const entry: RuleEntry = { path: rulePath, destinations: [] };
    const destinationsPath = join(rulePath, "destinations");
    (readList(rule.destinations, destinationsPath, into) ?? []).forEach((raw, index) => {
      const path = join(destinationsPath, index);
      const destination = readObject(raw, path, "a destination { region, registryId }", into);
      if (destination !== undefined) {
        entry.destinations.push({
          path,
          registryId: destination.registryId,
          region: destination.region,
        });
      }
    });
    const filtersPath = join(rulePath, "repositoryFilters");
    const filters = readList(rule.repositoryFilters, filtersPath, into);
    if (filters !== undefined) {
      entry.filters = [];
      filters.forEach((raw, index) => {
        const path = join(filtersPath, index);
        const filter = readObject(raw, path, "a filter { filter, filterType }", into);
        if (filter !== undefined) {
          entry.filters?.push({ path, filter: filter.filter, filterType: filter.filterType });
        }
      });
    } else if (isUnknown(rule.repositoryFilters)) {
      // Unknown filters are not "no filters": keep an empty list so nobody reads "every repository".
      entry.filters = [];
    }
    into.rules.push(entry);
  });
  return into;
}
