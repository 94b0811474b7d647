/**
 * Packing replication routes (prefix -> destinations) into few replication rules, exactly.
 *
 * A rule with filters F and destinations S sends every repository matching a filter of F to every
 * destination of S (PREFIX_MATCH). It replicates nothing extra only if every prefix of F is routed
 * to every destination of S; and no repository reaches a destination through two rules only if the
 * rules split the (prefix, destination) pairs between them. So a packing is a partition of the
 * routed pairs into rectangles F x S of at most MAX_FILTERS_PER_RULE prefixes and
 * MAX_UNIQUE_DESTINATIONS destinations (a rule's destinations count towards its configuration's
 * unique destinations, so one rule never holds more); fewer rectangles is better. Whether the whole
 * configuration fits (10 rules, 25 unique destinations across them) is judged by the caller
 * (./ecr-rules `checkConfigurationLimits`). Pure string combinatorics: destinations are opaque
 * keys here.
 */
import {
  compareStringLists,
  compareStrings,
  MAX_FILTERS_PER_RULE,
  MAX_UNIQUE_DESTINATIONS,
} from "../core";

/** One rule before rendering: its filters (sorted) and destination keys (in destination order). */
export interface RuleShape {
  prefixes: string[];
  destinations: string[];
}

/**
 * The fewest rules found for `destinationsByPrefix` (each prefix's destination keys, none
 * repeated), trying three packings and keeping the one with fewest rules (on a tie, the earlier):
 *
 * 1. prefixes with identical destination sets share a rule (the historical shape);
 * 2. destinations with identical prefix sets share a rule;
 * 3. a greedy partition: repeatedly the largest rectangle of still-unpacked pairs grown from one
 *    prefix's or one destination's remaining pairs, within the per-rule limits;
 *
 * then a bounded depth-first search for a partition with fewer rules than the best of those.
 *
 * Rules over the limits are split (1 and 2). Destination keys are ordered as strings (for
 * `<12-digit account>/<region>` keys, by account then region); the result is sorted by filters,
 * then destinations, and depends only on the pairs, never on their order.
 */
export function packRules(
  destinationsByPrefix: ReadonlyMap<string, readonly string[]>,
): RuleShape[] {
  const pairs = new Map<string, string[]>();
  for (const prefix of [...destinationsByPrefix.keys()].sort(compareStrings)) {
    const destinations = [...new Set(destinationsByPrefix.get(prefix))].sort(compareStrings);
    if (destinations.length > 0) {
      pairs.set(prefix, destinations);
    }
  }
  let best: RuleShape[] = [];
  for (const pack of [groupByDestinationSet, groupByPrefixSet, greedyPartition]) {
    const rules = pack(pairs);
    if (best.length === 0 || rules.length < best.length) {
      best = rules;
    }
  }
  return sortRules(searchFewerRules(pairs, best.length) ?? best);
}

/** Prefixes with the same destinations share a rule, split at the per-rule limits. */
function groupByDestinationSet(pairs: ReadonlyMap<string, string[]>): RuleShape[] {
  const groups = new Map<string, RuleShape>();
  for (const [prefix, destinations] of pairs) {
    const key = JSON.stringify(destinations);
    const group = groups.get(key) ?? { prefixes: [], destinations };
    group.prefixes.push(prefix);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(splitAtLimits);
}

/** Destinations with the same prefixes share a rule, split at the per-rule limits. */
function groupByPrefixSet(pairs: ReadonlyMap<string, string[]>): RuleShape[] {
  const prefixesByDestination = new Map<string, string[]>();
  for (const [prefix, destinations] of pairs) {
    for (const destination of destinations) {
      prefixesByDestination.set(destination, [
        ...(prefixesByDestination.get(destination) ?? []),
        prefix,
      ]);
    }
  }
  const groups = new Map<string, RuleShape>();
  const destinations = [...prefixesByDestination.keys()].sort(compareStrings);
  for (const destination of destinations) {
    const prefixes = prefixesByDestination.get(destination) ?? [];
    const key = JSON.stringify(prefixes);
    const group = groups.get(key) ?? { prefixes, destinations: [] };
    group.destinations.push(destination);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(splitAtLimits);
}

/**
 * Repeatedly the rectangle of unpacked pairs with the most pairs, among: each prefix's remaining
 * destinations with every prefix that still has them all, and each destination's remaining
 * prefixes with every destination that still has them all; cut to the per-rule limits. Prefixes
 * (destinations) with the same remaining pairs are one candidate, so each round costs the square
 * of the number of distinct remaining sets, not of prefixes.
 */
function greedyPartition(pairs: ReadonlyMap<string, string[]>): RuleShape[] {
  const remaining = new Map<string, Set<string>>(
    [...pairs].map(([prefix, destinations]) => [prefix, new Set(destinations)]),
  );
  const prefixOrder = [...pairs.keys()];
  const destinationOrder = [...new Set([...pairs.values()].flat())].sort(compareStrings);
  const rules: RuleShape[] = [];
  for (;;) {
    const rows = sameSets(prefixOrder, (prefix) =>
      destinationOrder.filter((d) => remaining.get(prefix)?.has(d)),
    );
    const columns = sameSets(destinationOrder, (destination) =>
      prefixOrder.filter((p) => remaining.get(p)?.has(destination)),
    );
    let best: RuleShape | undefined;
    const consider = (prefixes: string[], destinations: string[]) => {
      const rule = {
        prefixes: prefixes.slice(0, MAX_FILTERS_PER_RULE),
        destinations: destinations.slice(0, MAX_UNIQUE_DESTINATIONS),
      };
      if (best === undefined || area(rule) > area(best)) {
        best = rule;
      }
    };
    for (const row of rows) {
      const prefixes = rows
        .filter((other) => row.set.every((d) => other.members.has(d)))
        .flatMap((other) => other.keys);
      consider([...prefixes].sort(compareStrings), row.set);
    }
    for (const column of columns) {
      const destinations = columns
        .filter((other) => column.set.every((p) => other.members.has(p)))
        .flatMap((other) => other.keys);
      consider(column.set, [...destinations].sort(compareStrings));
    }
    if (best === undefined) {
      return rules;
    }
    for (const prefix of best.prefixes) {
      for (const destination of best.destinations) {
        remaining.get(prefix)?.delete(destination);
      }
    }
    rules.push(best);
  }
}

/**
 * Keys (in the given order) grouped by their non-empty remaining set, in order of first key: each
 * group's keys, its set (ordered) and the set's members for lookups.
 */
function sameSets(
  keys: readonly string[],
  setOf: (key: string) => string[],
): { keys: string[]; set: string[]; members: Set<string> }[] {
  const groups = new Map<string, { keys: string[]; set: string[]; members: Set<string> }>();
  for (const key of keys) {
    const set = setOf(key);
    if (set.length === 0) {
      continue;
    }
    const id = JSON.stringify(set);
    const group = groups.get(id) ?? { keys: [], set, members: new Set(set) };
    group.keys.push(key);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** The most (prefix x destination) steps {@link searchFewerRules} may take: bounds its time. */
export const MAX_SEARCH_WORK = 4_000_000;

/**
 * A partition into fewer than `bound` rules, or undefined if none was found within
 * {@link MAX_SEARCH_WORK}. Depth-first: the first unpacked pair (first prefix, then its first
 * destination) goes into a rule whose destinations are the first prefix's remaining ones shared
 * with some other prefix, or that destination alone (largest first), and whose prefixes are all
 * that still have those destinations, or the first prefix alone; within the per-rule limits. Not
 * exhaustive, but deterministic: the same pairs always give the same answer.
 */
function searchFewerRules(
  pairs: ReadonlyMap<string, string[]>,
  bound: number,
): RuleShape[] | undefined {
  const prefixOrder = [...pairs.keys()];
  const destinationOrder = [...new Set([...pairs.values()].flat())].sort(compareStrings);
  const remaining = new Map<string, Set<string>>(
    [...pairs].map(([prefix, destinations]) => [prefix, new Set(destinations)]),
  );
  let steps = Math.floor(
    MAX_SEARCH_WORK / Math.max(prefixOrder.length * destinationOrder.length, 1),
  );
  let limit = bound;
  let found: RuleShape[] | undefined;
  const chosen: RuleShape[] = [];
  const search = (): void => {
    if (steps-- <= 0) {
      return;
    }
    const first = prefixOrder.find((prefix) => (remaining.get(prefix)?.size ?? 0) > 0);
    if (first === undefined) {
      found = [...chosen];
      limit = chosen.length;
      return;
    }
    if (chosen.length + 1 >= limit) {
      return;
    }
    const own = destinationOrder.filter((d) => remaining.get(first)?.has(d));
    const anchor = own[0];
    const candidates = new Map<string, string[]>([[JSON.stringify([anchor]), [anchor]]]);
    for (const prefix of prefixOrder) {
      const theirs = remaining.get(prefix);
      if (theirs?.has(anchor) === true) {
        const shared = own.filter((d) => theirs.has(d));
        // Within the limit, keeping the anchor (the first).
        const destinations = shared.slice(0, MAX_UNIQUE_DESTINATIONS);
        candidates.set(JSON.stringify(destinations), destinations);
      }
    }
    const ordered = [...candidates.values()].sort(
      (a, b) => b.length - a.length || compareStringLists(a, b),
    );
    for (const destinations of ordered) {
      const every = prefixOrder
        .filter((prefix) => destinations.every((d) => remaining.get(prefix)?.has(d)))
        .slice(0, MAX_FILTERS_PER_RULE);
      // All prefixes that can share the destinations, or the first prefix alone.
      for (const prefixes of every.length > 1 ? [every, [first]] : [every]) {
        for (const prefix of prefixes) {
          destinations.forEach((d) => remaining.get(prefix)?.delete(d));
        }
        chosen.push({ prefixes, destinations });
        search();
        chosen.pop();
        for (const prefix of prefixes) {
          destinations.forEach((d) => remaining.get(prefix)?.add(d));
        }
        if (steps <= 0) {
          return;
        }
      }
    }
  };
  search();
  return found;
}

/** A rule's number of (prefix, destination) pairs. */
export function area(rule: RuleShape): number {
  return rule.prefixes.length * rule.destinations.length;
}

/** Splits a rule into rules within the per-rule destination and filter limits. */
function splitAtLimits(rule: RuleShape): RuleShape[] {
  const prefixes = [...rule.prefixes].sort(compareStrings);
  const destinations = [...rule.destinations].sort(compareStrings);
  return chunk(destinations, MAX_UNIQUE_DESTINATIONS).flatMap((destinationChunk) =>
    chunk(prefixes, MAX_FILTERS_PER_RULE).map((prefixChunk) => ({
      prefixes: prefixChunk,
      destinations: destinationChunk,
    })),
  );
}

/** Rules sorted by their filters, then destinations; each rule's lists sorted. */
function sortRules(rules: readonly RuleShape[]): RuleShape[] {
  const sorted = rules.map((rule) => ({
    prefixes: [...rule.prefixes].sort(compareStrings),
    destinations: [...rule.destinations].sort(compareStrings),
  }));
  return sorted.sort(
    (a, b) =>
      compareStringLists(a.prefixes, b.prefixes) ||
      compareStringLists(a.destinations, b.destinations),
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
