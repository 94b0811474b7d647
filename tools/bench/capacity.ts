/**
 * Capacity: how many grants fit in one registry policy (10,240 characters) and how many routes in
 * one replication configuration (at most 10 rules, 25 unique destinations across them and 100
 * filters per rule), ours against the naive generators existing modules use. Pure: no processes,
 * no timings.
 *
 * Registry policy generators (same ARNs, principals and Sid style as ours, compact JSON):
 * - ours: `buildRegistryPolicy` (components/model/registry-policy/builder), which throws a
 *   ValidationError when the grants do not fit;
 * - one statement per (account, prefix): Principal one account, Resource one prefix;
 * - one statement per account: Principal one account, Resource every prefix of that account.
 * Replication generators:
 * - ours: `buildReplicationRules` (components/model/replication/builder), which throws when the
 *   rules do not fit a configuration (more than 10 rules or 25 unique destinations);
 * - one rule per prefix: each prefix its own rule to its destinations (split at 25 destinations,
 *   so every rule is valid), fitting when the builder's `configurationFits` (the same limits the
 *   pack checks) accepts its rules.
 *
 * "Fits" is the largest N (accounts for grants, routes for replication) for which the generator
 * succeeds within the limits, found by doubling N until it fails, then bisecting (fit is
 * monotone in N for these shapes: a larger N only adds grants or routes).
 */
import {
  largestFitting,
  MAX_FILTERS_PER_RULE,
  MAX_REGISTRY_POLICY_CHARS,
  MAX_REPLICATION_RULES,
  MAX_UNIQUE_DESTINATIONS,
  partitionOf,
  RegistryLocation,
  registryKey,
  ValidationError,
} from "../../components/model/core";
import { repositoryArn } from "../../components/model/iam";
import {
  buildRegistryPolicy,
  REPLICATION_SID,
  RegistryGrant,
} from "../../components/model/registry-policy";
import {
  buildReplicationRules,
  configurationFits,
  ReplicationRoute,
  ReplicationRule,
} from "../../components/model/replication";

/** The destination registry every grant shape is for. */
export const BENCH_REGISTRY: RegistryLocation = { accountId: "999999999999", region: "us-west-2" };
/** The source registry every route shape is from. */
export const BENCH_SOURCE: RegistryLocation = { accountId: "888888888888", region: "us-east-1" };

/** A deterministic pseudo-random generator (mulberry32): the same seed, the same shapes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Account number `i` (distinct, 12 digits, never the registry's own). */
export function benchAccount(i: number): string {
  return String(100000000000 + i * 7919);
}

/** A grant shape: the grants of N accounts. */
export interface GrantShape {
  name: string;
  description: string;
  grants: (n: number) => RegistryGrant[];
}

const RANDOM_PREFIX_POOL = [
  "prod-",
  "prod-api-",
  "staging-",
  "shared/",
  "base-images/",
  "ml/models/",
  "data-",
  "tools/",
  "edge-",
  "payments-",
  "search-",
  "mobile/",
];

export const GRANT_SHAPES: GrantShape[] = [
  {
    name: "uniform",
    description: "N accounts x the same 3 prefixes (prod-, shared/, base-images/)",
    grants: (n) =>
      Array.from({ length: n }, (_, i) => ({
        accountId: benchAccount(i),
        repositoryPrefixes: ["prod-", "shared/", "base-images/"],
      })),
  },
  {
    name: "per-team",
    description: "N accounts, each its own 2 prefixes (team<i>-prod-, team<i>/)",
    grants: (n) =>
      Array.from({ length: n }, (_, i) => ({
        accountId: benchAccount(i),
        repositoryPrefixes: [`team${i}-prod-`, `team${i}/`],
      })),
  },
  {
    name: "random",
    description:
      "N accounts, each 1-4 prefixes drawn from a pool of 12 (one nested: prod- and prod-api-), 80% allow CreateRepository; seed 42",
    grants: (n) => {
      const random = seededRandom(42);
      return Array.from({ length: n }, (_, i) => {
        const count = 1 + Math.floor(random() * 4);
        const prefixes = new Set<string>();
        while (prefixes.size < count) {
          prefixes.add(RANDOM_PREFIX_POOL[Math.floor(random() * RANDOM_PREFIX_POOL.length)]);
        }
        return {
          accountId: benchAccount(i),
          repositoryPrefixes: [...prefixes],
          allowCreateRepository: random() < 0.8,
        };
      });
    },
  },
];

/** A naive statement: one account, its actions, the given prefixes. */
function naiveStatement(
  registry: RegistryLocation,
  sid: string,
  grant: RegistryGrant,
  prefixes: readonly string[],
) {
  const actions =
    grant.allowCreateRepository === false
      ? ["ecr:ReplicateImage"]
      : ["ecr:CreateRepository", "ecr:ReplicateImage"];
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: `arn:${partitionOf(registry.region)}:iam::${grant.accountId}:root` },
    Action: actions,
    Resource: prefixes.map((prefix) => repositoryArn(registry, `${prefix}*`)),
  };
}

/** Numbers Sids as ours does with several statements: ReplicationAccessCrossAccount1, 2, ... */
function numbered<T>(items: T[], make: (sid: string, item: T) => object): object[] {
  return items.map((item, k) => make(`${REPLICATION_SID}${k + 1}`, item));
}

/** One statement per (account, prefix), as compact JSON. */
export function perAccountPrefixPolicy(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): string {
  const pairs = grants.flatMap((grant) =>
    (grant.repositoryPrefixes ?? []).map((prefix) => ({ grant, prefix })),
  );
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: numbered(pairs, (sid, { grant, prefix }) =>
      naiveStatement(registry, sid, grant, [prefix]),
    ),
  });
}

/** One statement per account, every prefix of the account in its Resource, as compact JSON. */
export function perAccountPolicy(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: numbered([...grants], (sid, grant) =>
      naiveStatement(registry, sid, grant, grant.repositoryPrefixes ?? []),
    ),
  });
}

/** Our registry policy's JSON, or undefined when it does not fit (ValidationError). */
export function oursPolicy(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): string | undefined {
  return unlessRefused(() => buildRegistryPolicy(registry, grants).json);
}

/** What `build` returns, or undefined when it refuses its input (a ValidationError: over a limit). */
function unlessRefused<Built>(build: () => Built): Built | undefined {
  try {
    return build();
  } catch (error) {
    if (error instanceof ValidationError) {
      return undefined;
    }
    throw error;
  }
}

/** A route shape: N routes. */
export interface RouteShape {
  name: string;
  description: string;
  routes: (n: number) => ReplicationRoute[];
}

/** Destination registry `i`: accounts in two regions. */
function destination(i: number): RegistryLocation {
  return {
    accountId: benchAccount(1000 + Math.floor(i / 2)),
    region: i % 2 === 0 ? "us-west-2" : "eu-west-1",
  };
}

export const ROUTE_SHAPES: RouteShape[] = [
  {
    name: "fan-out",
    description: "N prefixes (svc<i>-), each to the same 4 destinations (2 accounts x 2 regions)",
    routes: (n) =>
      Array.from({ length: n }, (_, i) => ({
        destinations: [0, 1, 2, 3].map(destination),
        repositoryPrefixes: [`svc${i}-`],
      })),
  },
  {
    name: "tiered",
    description:
      "N prefixes, each to one of 3 tiers of destinations (2, 4 or 8 registries) by i mod 3",
    routes: (n) =>
      Array.from({ length: n }, (_, i) => ({
        destinations: Array.from({ length: [2, 4, 8][i % 3] }, (_, d) => destination(d)),
        repositoryPrefixes: [`svc${i}-`],
      })),
  },
  {
    name: "per-team",
    description: "N teams, each its prefix (team<i>-) to its own account in 2 regions",
    routes: (n) =>
      Array.from({ length: n }, (_, i) => ({
        destinations: [destination(2 * i + 10), destination(2 * i + 11)],
        repositoryPrefixes: [`team${i}-`],
      })),
  },
  {
    name: "per-account",
    description:
      "N accounts (us-west-2), each receiving the same 2 prefixes (shared/, base-images/): bound by the 25 unique destinations",
    routes: (n) =>
      Array.from({ length: n }, (_, i) => ({
        destinations: [{ accountId: benchAccount(2000 + i), region: "us-west-2" }],
        repositoryPrefixes: ["shared/", "base-images/"],
      })),
  },
  {
    name: "random",
    description:
      "N prefixes (svc<i>-), each to a random non-empty subset of 4 destinations; seed 7",
    routes: (n) => {
      const random = seededRandom(7);
      return Array.from({ length: n }, (_, i) => {
        const mask = 1 + Math.floor(random() * 15);
        return {
          destinations: [0, 1, 2, 3].filter((d) => (mask >> d) & 1).map(destination),
          repositoryPrefixes: [`svc${i}-`],
        };
      });
    },
  },
];

/** One rule per prefix, destinations split at 25 per rule. */
export function onePerPrefixRules(routes: readonly ReplicationRoute[]): ReplicationRule[] {
  const byPrefix = new Map<string, Map<string, RegistryLocation>>();
  for (const route of routes) {
    for (const prefix of route.repositoryPrefixes) {
      const destinations = byPrefix.get(prefix) ?? new Map<string, RegistryLocation>();
      route.destinations.forEach((d) => destinations.set(registryKey(d), d));
      byPrefix.set(prefix, destinations);
    }
  }
  const rules: ReplicationRule[] = [];
  for (const [prefix, destinations] of byPrefix) {
    const list = [...destinations.values()];
    for (let start = 0; start < list.length; start += MAX_UNIQUE_DESTINATIONS) {
      rules.push({
        destinations: list
          .slice(start, start + MAX_UNIQUE_DESTINATIONS)
          .map(({ accountId, region }) => ({ region, registryId: accountId })),
        repositoryFilters: [{ filter: prefix, filterType: "PREFIX_MATCH" }],
      });
    }
  }
  return rules;
}

/** Our rules, or undefined when they do not fit (ValidationError). */
export function oursRules(
  source: RegistryLocation,
  routes: readonly ReplicationRoute[],
): ReplicationRule[] | undefined {
  return unlessRefused(() => buildReplicationRules(source, routes));
}

/**
 * The largest n in [0, max] with fits(n), assuming fits is monotone (true up to some n, then
 * false): doubling until a failing n is found, then core's `largestFitting` bisection
 * (components/model/core/what-fits.ts). 0 if even n = 1 does not fit.
 */
export function largestFittingUpTo(fits: (n: number) => boolean, max = 100_000): number {
  let good = 0;
  let bad = 1;
  while (bad <= max && fits(bad)) {
    good = bad;
    bad *= 2;
  }
  if (bad > max) {
    return fits(max) ? max : largestBetween(fits, good, max);
  }
  return largestBetween(fits, good, bad);
}

/** Bisection between a fitting `good` and a failing `bad`: core's search, offset by `good`. */
function largestBetween(fits: (n: number) => boolean, good: number, bad: number): number {
  return good + largestFitting(bad - good, (extra) => fits(good + extra));
}

/** A registry policy generator: JSON, or undefined when it refuses. */
export type PolicyGenerator = (
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
) => string | undefined;

/** Whether a generator's policy for the shape's first n grants fits in 10,240 characters. */
function policyFits(generate: PolicyGenerator, shape: GrantShape, n: number): boolean {
  const json = generate(BENCH_REGISTRY, shape.grants(n));
  return json !== undefined && json.length <= MAX_REGISTRY_POLICY_CHARS;
}

/** One row of the grants table: accounts that fit, per generator. */
export interface GrantCapacity {
  shape: string;
  description: string;
  ours: number;
  perAccountPrefix: number;
  perAccount: number;
}

export function measureGrantCapacity(shape: GrantShape): GrantCapacity {
  return {
    shape: shape.name,
    description: shape.description,
    ours: largestFittingUpTo((n) => policyFits(oursPolicy, shape, n), 5_000),
    perAccountPrefix: largestFittingUpTo(
      (n) => policyFits(perAccountPrefixPolicy, shape, n),
      5_000,
    ),
    perAccount: largestFittingUpTo((n) => policyFits(perAccountPolicy, shape, n), 5_000),
  };
}

/**
 * The search's ceiling for routes: a configuration holds at most 10 rules x 100 filters = 1,000
 * prefixes, and every route shape has one prefix per route.
 */
const MAX_ROUTES = MAX_REPLICATION_RULES * MAX_FILTERS_PER_RULE;

/** One row of the routes table: routes that fit, per generator. */
export interface RouteCapacity {
  shape: string;
  description: string;
  ours: number;
  onePerPrefix: number;
}

export function measureRouteCapacity(shape: RouteShape): RouteCapacity {
  const oursFits = (n: number) => oursRules(BENCH_SOURCE, shape.routes(n)) !== undefined;
  const naiveFits = (n: number) => configurationFits(onePerPrefixRules(shape.routes(n)));
  return {
    shape: shape.name,
    description: shape.description,
    ours: largestFittingUpTo(oursFits, MAX_ROUTES),
    onePerPrefix: largestFittingUpTo(naiveFits, MAX_ROUTES),
  };
}
