/**
 * Packing replication routes (prefix -> destinations) into few replication rules, exactly.
 *
 * A rule with filters F and destinations S sends every repository matching a filter of F to every
 * destination of S (PREFIX_MATCH). It replicates nothing extra only if every prefix of F is routed
 * to every destination of S; and no repository reaches a destination through two rules only if the
 * rules split the (prefix, destination) pairs between them. So a packing is a partition of the
 * routed pairs into rectangles F x S of at most MAX_FILTERS_PER_RULE prefixes and
 * MAX_DESTINATIONS_PER_RULE destinations; fewer rectangles is better. Pure string combinatorics:
 * destinations are opaque keys here.
 */
import { MAX_DESTINATIONS_PER_RULE, MAX_FILTERS_PER_RULE } from "./limits";
import { compareStringLists, compareStrings } from "./registry-location";

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
 *    prefix's or one destination's remaining pairs, within the per-rule limits.
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
  let best: RuleShape[] | undefined;
  for (const pack of [groupByDestinationSet, groupByPrefixSet, greedyPartition]) {
    const rules = pack(pairs);
    if (best === undefined || rules.length < best.length) {
      best = rules;
    }
  }
  return sortRules(best ?? []);
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
 * prefixes with every destination that still has them all; cut to the per-rule limits.
 */
function greedyPartition(pairs: ReadonlyMap<string, string[]>): RuleShape[] {
  const remaining = new Map<string, Set<string>>(
    [...pairs].map(([prefix, destinations]) => [prefix, new Set(destinations)]),
  );
  const remainingByDestination = new Map<string, Set<string>>();
  for (const [prefix, destinations] of pairs) {
    for (const destination of destinations) {
      const prefixes = remainingByDestination.get(destination) ?? new Set<string>();
      prefixes.add(prefix);
      remainingByDestination.set(destination, prefixes);
    }
  }
  const prefixOrder = [...pairs.keys()];
  const destinationOrder = [...remainingByDestination.keys()].sort(compareStrings);
  const rules: RuleShape[] = [];
  for (;;) {
    let best: RuleShape | undefined;
    const consider = (prefixes: string[], destinations: string[]) => {
      const rule = {
        prefixes: prefixes.slice(0, MAX_FILTERS_PER_RULE),
        destinations: destinations.slice(0, MAX_DESTINATIONS_PER_RULE),
      };
      if (best === undefined || area(rule) > area(best)) {
        best = rule;
      }
    };
    for (const prefix of prefixOrder) {
      const destinations = destinationOrder.filter((d) => remaining.get(prefix)?.has(d));
      if (destinations.length > 0) {
        consider(
          prefixOrder.filter((other) =>
            destinations.every((d) => remaining.get(other)?.has(d) === true),
          ),
          destinations,
        );
      }
    }
    for (const destination of destinationOrder) {
      const prefixes = prefixOrder.filter((p) => remainingByDestination.get(destination)?.has(p));
      if (prefixes.length > 0) {
        consider(
          prefixes,
          destinationOrder.filter((other) =>
            prefixes.every((p) => remainingByDestination.get(other)?.has(p) === true),
          ),
        );
      }
    }
    if (best === undefined) {
      return rules;
    }
    for (const prefix of best.prefixes) {
      for (const destination of best.destinations) {
        remaining.get(prefix)?.delete(destination);
        remainingByDestination.get(destination)?.delete(prefix);
      }
    }
    rules.push(best);
  }
}

/** A rule's number of (prefix, destination) pairs. */
export function area(rule: RuleShape): number {
  return rule.prefixes.length * rule.destinations.length;
}

/** Splits a rule into rules within the per-rule destination and filter limits. */
function splitAtLimits(rule: RuleShape): RuleShape[] {
  const prefixes = [...rule.prefixes].sort(compareStrings);
  const destinations = [...rule.destinations].sort(compareStrings);
  return chunk(destinations, MAX_DESTINATIONS_PER_RULE).flatMap((destinationChunk) =>
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
