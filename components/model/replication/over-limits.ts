/**
 * Whether built replication rules fit ECR's limits of one configuration, and, when they do not,
 * the builder's refusal: by how much, and what part of the routes would fit (checked by packing
 * again, with ../core's what-fits search). The limits themselves are ./ecr-rules' (the same
 * predicates as the pack's `ecr-replication-valid`).
 */
import {
  compareStrings,
  leaveOutUntilFits,
  leavingOutFits,
  LeftOutFit,
  MAX_FILTERS_PER_RULE,
  MAX_REPLICATION_RULES,
  MAX_UNIQUE_DESTINATIONS,
  Problem,
  registryKey,
  RegistryLocation,
} from "../core";
import {
  checkConfigurationLimits,
  KnownRegistry,
  ruleCountOverLimit,
  uniqueDestinations,
  uniqueDestinationsOverLimit,
} from "./ecr-rules";
import { ReplicationRoute, ReplicationRule } from "./route-shapes";

/** Packs valid routes into rules (./builder's packing), to try what part of them fits. */
export type PackRoutes = (routes: readonly ReplicationRoute[]) => ReplicationRule[];

/** A rule's destinations as registries. */
function destinationsOf(rule: ReplicationRule): RegistryLocation[] {
  return rule.destinations.map((d) => ({ accountId: d.registryId, region: d.region }));
}

/**
 * Whether rules fit ECR's limits of one replication configuration: the same predicates as the
 * pack's `ecr-replication-valid` (./ecr-rules `checkConfigurationLimits`), so every limit is
 * judged in one place. The builder, its search for what would fit and the benchmark's baseline
 * ask only this.
 */
export function configurationFits(rules: readonly ReplicationRule[]): boolean {
  return (
    checkConfigurationLimits(rules.map((rule) => ({ destinations: destinationsOf(rule) })))
      .length === 0
  );
}

/** `1 rule`, `10 rules`. */
function ruleCount(count: number): string {
  return count === 1 ? "1 rule" : `${count} rules`;
}

/**
 * The problem of routes whose rules (packed from them by `pack`) do not fit a configuration: too
 * many unique destinations (leaving prefixes out rarely helps, so only destinations are offered;
 * the rule count is said too when it is over as well), else too many rules.
 */
export function overLimits(
  routes: readonly ReplicationRoute[],
  rules: readonly ReplicationRule[],
  pack: PackRoutes,
): Problem {
  const destinations = rules.flatMap(destinationsOf);
  return uniqueDestinationsOverLimit(destinations) !== undefined
    ? tooManyDestinations(routes, uniqueDestinations(destinations).length, rules.length, pack)
    : tooManyRules(routes, rules.length, pack);
}

/**
 * The README section on organisations past 25 registries (hub registries with cross-account pull,
 * or more source registries), which the refusal over 25 destinations links.
 */
export const LARGE_ORGANISATIONS_GUIDE = "README.md#large-organisations-more-than-25-registries";

/**
 * The refusal of routes naming `named` unique destinations, over {@link MAX_UNIQUE_DESTINATIONS}:
 * by how much (and `rulesOver`, the rule count's excess, if any), what part fits (`fits`, each
 * checked by the caller), and the two ways to reach them all, with the README section saying how.
 * "A replication action only occurs once per image push" (ECR user guide, replication
 * considerations): one pushed image reaches at most the 25 destinations of its source registry.
 * The one text of this refusal, whether the prefixes are known ({@link overLimits}) or not yet
 * ({@link destinationsOverLimit}).
 */
function destinationLimitProblem(
  named: number,
  rulesOver: string,
  fits: readonly string[],
): Problem {
  const waysOut = `as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all ${named} with more source registries that the images are pushed to (at most ${MAX_UNIQUE_DESTINATIONS} destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see ${LARGE_ORGANISATIONS_GUIDE}`;
  return {
    path: "routes",
    message: `name ${named} unique destinations, ${named - MAX_UNIQUE_DESTINATIONS} over ECR's limit of ${MAX_UNIQUE_DESTINATIONS} per replication configuration (counted across all its rules)${rulesOver}: ${fits.map((fit) => `${fit}; or, `).join("")}${waysOut}`,
  };
}

/**
 * The problem of routes naming `named` unique destinations in `needed` rules: by how much they are
 * over, and which destinations to leave out so that the rest fits (checked by packing again): the
 * least routed ones, those carrying the fewest prefixes (then those of the rules beyond the
 * largest, while there are too many rules).
 */
function tooManyDestinations(
  routes: readonly ReplicationRoute[],
  named: number,
  needed: number,
  pack: PackRoutes,
): Problem {
  const rulesOver =
    ruleCountOverLimit(needed) === undefined
      ? ""
      : `, and need ${needed} replication rules, ${needed - MAX_REPLICATION_RULES} over ECR's limit of ${MAX_REPLICATION_RULES}`;
  return destinationLimitProblem(named, rulesOver, withoutSomeDestinations(routes, pack, named));
}

/**
 * The refusal of routes whose destinations alone are over {@link MAX_UNIQUE_DESTINATIONS} unique
 * ones, before their prefixes are known (`CrossAccountReplication` with prefixes as outputs
 * refuses them at once): the destinations after the first 25 in route order are the ones to leave
 * out, which fits the destination limit (the rules are counted once the prefixes are known).
 * Undefined within the limit; destinations not known are not counted.
 */
export function destinationsOverLimit(
  routes: readonly { destinations: readonly KnownRegistry[] }[],
): Problem | undefined {
  const unique = uniqueDestinations(routes.flatMap((route) => route.destinations));
  if (unique.length <= MAX_UNIQUE_DESTINATIONS) {
    return undefined;
  }
  const leftOut = unique.slice(MAX_UNIQUE_DESTINATIONS).map(registryKey);
  const fits = leavingOutFits(
    { one: "the destination", many: "the destinations" },
    leftOut,
    unique.length,
    `${MAX_UNIQUE_DESTINATIONS} destinations (the rules are counted once the prefixes are known)`,
  );
  return destinationLimitProblem(unique.length, "", [fits]);
}

/**
 * The problem of routes that need `needed` rules: by how much they are over, and what would fit
 * (checked by packing again): the routes without some prefixes, or without some destinations.
 */
function tooManyRules(
  routes: readonly ReplicationRoute[],
  needed: number,
  pack: PackRoutes,
): Problem {
  const fits: string[] = [];
  const prefixes = new Set(routes.flatMap((r) => r.repositoryPrefixes));
  const withoutPrefixes = largestFit(routes, pack, (rules) =>
    ruleCountOverLimit(rules.length) === undefined
      ? []
      : beyondLargest(rules).flatMap((rule) => rule.repositoryFilters.map((f) => f.filter)),
  );
  if (withoutPrefixes !== undefined) {
    fits.push(
      leavingOutFits(
        { one: "the prefix", many: "the prefixes" },
        withoutPrefixes.leftOut.map((p) => `'${p}'`),
        prefixes.size,
        ruleCount(withoutPrefixes.built.length),
      ),
    );
  }
  const destinations = new Set(routes.flatMap((r) => r.destinations.map(registryKey)));
  fits.push(...withoutSomeDestinations(routes, pack, destinations.size));
  fits.push("route more prefixes to the same destinations or shorten them to common prefixes");
  return {
    path: "routes",
    message: `need ${needed} replication rules, ${needed - MAX_REPLICATION_RULES} over ECR's limit of ${MAX_REPLICATION_RULES} per registry, even packed (a rule sends up to ${MAX_FILTERS_PER_RULE} prefixes to up to ${MAX_UNIQUE_DESTINATIONS} destinations, each prefix only to destinations it is routed to): ${fits.join("; or ")}`,
  };
}

/**
 * "leaving out the destinations ... (keeping N of M) fits in R rules", checked by packing again
 * ({@link destinationsBeyondLimits}); none when nothing would be left. Both refusals offer it.
 */
function withoutSomeDestinations(
  routes: readonly ReplicationRoute[],
  pack: PackRoutes,
  total: number,
): string[] {
  const fit = largestFit(routes, pack, destinationsBeyondLimits);
  return fit === undefined
    ? []
    : [
        leavingOutFits(
          { one: "the destination", many: "the destinations" },
          fit.leftOut,
          total,
          ruleCount(fit.built.length),
        ),
      ];
}

/**
 * The rules beyond the {@link MAX_REPLICATION_RULES} largest (by pairs; on a tie, the earlier):
 * what they carry is what to leave out when there are too many rules.
 */
function beyondLargest(rules: readonly ReplicationRule[]): ReplicationRule[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort(
      (a, b) =>
        b.rule.destinations.length * b.rule.repositoryFilters.length -
          a.rule.destinations.length * a.rule.repositoryFilters.length || a.index - b.index,
    )
    .slice(MAX_REPLICATION_RULES)
    .map(({ rule }) => rule);
}

/**
 * The destination keys to leave out of rules that do not fit: over
 * {@link MAX_UNIQUE_DESTINATIONS} unique destinations, those beyond the most routed ones (by the
 * prefixes each carries; on a tie, in key order); else, over {@link MAX_REPLICATION_RULES} rules,
 * those of the rules beyond the largest. Nothing when the rules fit.
 */
function destinationsBeyondLimits(rules: readonly ReplicationRule[]): string[] {
  const destinations = rules.flatMap(destinationsOf);
  if (uniqueDestinationsOverLimit(destinations) !== undefined) {
    const prefixCount = new Map<string, number>();
    for (const rule of rules) {
      for (const destination of destinationsOf(rule)) {
        const key = registryKey(destination);
        prefixCount.set(key, (prefixCount.get(key) ?? 0) + rule.repositoryFilters.length);
      }
    }
    return [...prefixCount]
      .sort(([a, m], [b, n]) => n - m || compareStrings(a, b))
      .slice(MAX_UNIQUE_DESTINATIONS)
      .map(([key]) => key);
  }
  if (ruleCountOverLimit(rules.length) !== undefined) {
    return beyondLargest(rules).flatMap((rule) => destinationsOf(rule).map(registryKey));
  }
  return [];
}

/**
 * Items (prefixes or destination keys) to leave out of the routes so that their rules fit a
 * configuration ({@link configurationFits}), with the rules of the rest: what `beyondLimits` picks
 * from the rules, again until the rest fits (../core `leaveOutUntilFits`); undefined if nothing
 * would be left, or if `beyondLimits` picks nothing new. Sorted.
 */
function largestFit(
  routes: readonly ReplicationRoute[],
  pack: PackRoutes,
  beyondLimits: (rules: ReplicationRule[]) => string[],
): LeftOutFit<ReplicationRule[]> | undefined {
  const packWithout = (leftOut: ReadonlySet<string>) => {
    const kept = routes
      .map((route) => ({
        destinations: route.destinations.filter((d) => !leftOut.has(registryKey(d))),
        repositoryPrefixes: route.repositoryPrefixes.filter((p) => !leftOut.has(p)),
      }))
      .filter((route) => route.destinations.length > 0 && route.repositoryPrefixes.length > 0);
    return kept.length === 0 ? undefined : pack(kept);
  };
  return leaveOutUntilFits(packWithout, configurationFits, beyondLimits);
}
