/**
 * Properties of the builders over random input: what they build means exactly what was asked
 * (checked against a direct reading of the input), passes the policy pack's own checks, and does
 * not depend on the order of the input.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { CREATE_REPOSITORY_ACTION, REPLICATE_ACTION } from "../../components/model/core/limits";
import { repositoriesGranted } from "../../components/model/iam/access";
import { REPOSITORY_NAMES } from "../../components/model/iam/arn";
import { NameSet } from "../../components/model/iam/name-set";
import { parseRegistryPolicy } from "../../components/model/iam/policy-document";
import {
  buildRegistryPolicy,
  RegistryGrant,
  registryPolicyLength,
  ReplicationStatement,
} from "../../components/model/registry-policy/builder";
import { validateRegistryPolicy } from "../../components/model/registry-policy/checks";
import {
  buildReplicationRules,
  packReplicationRules,
  ReplicationRoute,
} from "../../components/model/replication/builder";
import { checkReplicationConfiguration } from "../../components/model/replication/checks";

const REGISTRY = { accountId: "999999999999", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
/** Prefixes that nest (`prod` < `prod-` < `prod-api`), so covering and merging are exercised. */
const PREFIXES = ["prod", "prod-", "prod-api", "shared/", "shared/base", "tools"];
/** Repository names around those prefixes. */
const NAMES = [
  "prod",
  "prod-api",
  "prod-api-v2",
  "prod-web",
  "production",
  "shared/base/x",
  "shared/y",
  "tools-a",
  "other",
];

const grantArbitrary: fc.Arbitrary<RegistryGrant> = fc
  .record(
    {
      accountId: fc.constantFrom(...ACCOUNTS),
      repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PREFIXES), { minLength: 1 }),
      allRepositories: fc.constant(false),
      allowCreateRepository: fc.boolean(),
    },
    { requiredKeys: ["accountId", "repositoryPrefixes"] },
  )
  .chain((grant) =>
    fc.oneof(
      fc.constant(grant),
      fc.constant({
        accountId: grant.accountId,
        allRepositories: true,
        allowCreateRepository: grant.allowCreateRepository,
      }),
    ),
  );

/** Does a grant list give `account` the `action` on repository `name`? Read from the input. */
function grantsAllow(
  grants: RegistryGrant[],
  account: string,
  action: string,
  name: string,
): boolean {
  return grants.some(
    (g) =>
      g.accountId === account &&
      (action === REPLICATE_ACTION || g.allowCreateRepository !== false) &&
      (g.allRepositories === true || (g.repositoryPrefixes ?? []).some((p) => name.startsWith(p))),
  );
}

/** Does a generated statement list give `account` the `action` on repository `name`? */
function statementsAllow(
  statements: ReplicationStatement[],
  account: string,
  action: string,
  name: string,
): boolean {
  const arn = `arn:aws:ecr:us-west-2:999999999999:repository/${name}`;
  return statements.some(
    (s) =>
      ([] as string[]).concat(s.Principal.AWS).includes(`arn:aws:iam::${account}:root`) &&
      s.Action.includes(action) &&
      s.Resource.some((r) => arn.startsWith(r.slice(0, -1))),
  );
}

/** The same list in another order. */
function shuffled<T>(items: T[], seed: number): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919 + seed) % 104729 }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

describe("builder properties", () => {
  it("a registry policy grants exactly what the grants say, passes the pack's checks, ignores order", () => {
    fc.assert(
      fc.property(
        fc.array(grantArbitrary, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (grants, seed) => {
          const { document, json } = buildRegistryPolicy(REGISTRY, grants);
          const statements = document.Statement as ReplicationStatement[];
          for (const account of ACCOUNTS) {
            for (const action of [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION]) {
              for (const name of NAMES) {
                assert.strictEqual(
                  statementsAllow(statements, account, action, name),
                  grantsAllow(grants, account, action, name),
                  `${account} ${action} ${name}`,
                );
              }
            }
          }
          assert.deepStrictEqual(
            validateRegistryPolicy(json, { registry: REGISTRY, scope: "V1" }).problems,
            [],
          );
          const reordered = shuffled(grants, seed).map((g) =>
            g.repositoryPrefixes === undefined
              ? g
              : { ...g, repositoryPrefixes: shuffled(g.repositoryPrefixes, seed) },
          );
          assert.strictEqual(buildRegistryPolicy(REGISTRY, reordered).json, json);
        },
      ),
      { numRuns: 200 },
    );
  });

  const destinationArbitrary = fc
    .record({ accountId: fc.constantFrom(...ACCOUNTS), region: fc.constantFrom(...REGIONS) })
    .filter((d) => d.accountId !== SOURCE.accountId || d.region !== SOURCE.region);
  const routeArbitrary: fc.Arbitrary<ReplicationRoute> = fc.record({
    destinations: fc.array(destinationArbitrary, { minLength: 1, maxLength: 4 }),
    repositoryPrefixes: fc.array(fc.constantFrom(...PREFIXES), { minLength: 1, maxLength: 3 }),
  });

  it("replication rules replicate exactly what the routes say, pass the pack's checks, ignore order", () => {
    fc.assert(
      fc.property(
        fc.array(routeArbitrary, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (routes, seed) => {
          const rules = buildReplicationRules(SOURCE, routes);
          for (const name of NAMES) {
            const wanted = new Set(
              routes.flatMap((r) =>
                r.repositoryPrefixes.some((p) => name.startsWith(p))
                  ? r.destinations.map((d) => `${d.accountId}/${d.region}`)
                  : [],
              ),
            );
            const matching = rules.filter((rule) =>
              rule.repositoryFilters.some((f) => name.startsWith(f.filter)),
            );
            const reached = matching.flatMap((rule) =>
              rule.destinations.map((d) => `${d.registryId}/${d.region}`),
            );
            // Each destination exactly once: two rules never send one repository to one registry.
            assert.deepStrictEqual([...reached].sort(), [...wanted].sort(), name);
          }
          assert.deepStrictEqual(
            checkReplicationConfiguration(
              { rules },
              { source: { account: SOURCE.accountId, region: SOURCE.region } },
            ),
            [],
          );
          const reordered = shuffled(routes, seed).map((r) => ({
            destinations: shuffled(r.destinations, seed),
            repositoryPrefixes: shuffled(r.repositoryPrefixes, seed),
          }));
          assert.deepStrictEqual(buildReplicationRules(SOURCE, reordered), rules);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("packing properties", () => {
  const POOL = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
  /** Nested, shared and per-team prefixes, so covering, sharing and factoring all happen. */
  const PACKING_PREFIXES = ["prod", "prod-", "prod-api", "shared/", "team-a/", "team-b/", "tools"];
  const ACTIONS = [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION];

  const packingGrant: fc.Arbitrary<RegistryGrant> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        accountId: fc.constantFrom(...POOL),
        repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PACKING_PREFIXES), {
          minLength: 1,
          maxLength: 4,
        }),
        allowCreateRepository: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        accountId: fc.constantFrom(...POOL),
        allRepositories: fc.constant(true),
        allowCreateRepository: fc.boolean(),
      }),
    },
  );

  /** The names each account may use `action` on, read from the grants. */
  function requested(grants: RegistryGrant[], account: string, action: string): NameSet {
    return NameSet.unionOf(
      grants
        .filter((g) => g.accountId === account)
        .filter((g) => action === REPLICATE_ACTION || g.allowCreateRepository !== false)
        .flatMap((g) =>
          g.allRepositories === true
            ? [NameSet.all()]
            : (g.repositoryPrefixes ?? []).map((p) => NameSet.prefix(p)),
        ),
    ).intersection(REPOSITORY_NAMES);
  }

  /** One statement per (account, prefix) with that pair's actions: the naive generator's size. */
  function naiveLength(grants: RegistryGrant[]): number {
    const actions = new Map<string, Set<string>>();
    for (const g of grants) {
      for (const prefix of g.allRepositories === true ? [""] : (g.repositoryPrefixes ?? [])) {
        const key = `${g.accountId} ${prefix}`;
        const set = actions.get(key) ?? new Set<string>();
        set.add(REPLICATE_ACTION);
        if (g.allowCreateRepository !== false) {
          set.add(CREATE_REPOSITORY_ACTION);
        }
        actions.set(key, set);
      }
    }
    const statements = [...actions].map(([key, set], i) => {
      const [account, prefix] = key.split(" ");
      return {
        Sid: `ReplicationAccessCrossAccount${i + 1}`,
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: [...set].sort(),
        Resource: [`arn:aws:ecr:us-west-2:999999999999:repository/${prefix}*`],
      };
    });
    return JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
  }

  it("a packed registry policy grants, by the access model, exactly the requested names and actions", () => {
    fc.assert(
      fc.property(
        fc.array(packingGrant, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        (grants, seed) => {
          const { json } = buildRegistryPolicy(REGISTRY, grants);
          const { policy, problems } = parseRegistryPolicy(json);
          assert.deepStrictEqual(problems, []);
          assert.ok(policy !== undefined);
          for (const account of [...POOL, "666666666666"]) {
            for (const principal of [account, `arn:aws:iam::${account}:root`]) {
              for (const action of [...ACTIONS, "ecr:BatchGetImage"]) {
                const { allowed, maybe } = repositoriesGranted(policy, {
                  principal,
                  action,
                  registry: REGISTRY,
                });
                const wanted = ACTIONS.includes(action)
                  ? requested(grants, account, action)
                  : NameSet.empty();
                assert.ok(
                  allowed.equals(wanted),
                  `${principal} ${action}: granted ${allowed.difference(wanted).example()}, missing ${wanted.difference(allowed).example()}`,
                );
                assert.ok(maybe.isEmpty());
              }
            }
          }
          assert.ok(json.length <= naiveLength(grants), `${json.length} > naive`);
          assert.strictEqual(registryPolicyLength(REGISTRY, grants), json.length);
          const reordered = shuffled(grants, seed).map((g) =>
            g.repositoryPrefixes === undefined
              ? g
              : { ...g, repositoryPrefixes: shuffled(g.repositoryPrefixes, seed) },
          );
          assert.strictEqual(buildRegistryPolicy(REGISTRY, reordered).json, json);
        },
      ),
      { numRuns: 150 },
    );
  });

  const DESTINATIONS = POOL.flatMap((accountId) =>
    ["us-west-2", "eu-west-1", "ap-south-1"].map((region) => ({ accountId, region })),
  );
  const packingRoute: fc.Arbitrary<ReplicationRoute> = fc.record({
    destinations: fc.uniqueArray(fc.constantFrom(...DESTINATIONS), {
      minLength: 1,
      maxLength: 6,
    }),
    repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PACKING_PREFIXES), {
      minLength: 1,
      maxLength: 3,
    }),
  });
  const key = (d: { accountId: string; region: string }) => `${d.accountId}/${d.region}`;

  /** The historical rule count: one rule per distinct effective destination set, split at the limits. */
  function historicalRuleCount(routes: ReplicationRoute[]): number {
    const byPrefix = new Map<string, Set<string>>();
    for (const route of routes) {
      for (const prefix of route.repositoryPrefixes) {
        const set = byPrefix.get(prefix) ?? new Set<string>();
        route.destinations.forEach((d) => set.add(key(d)));
        byPrefix.set(prefix, set);
      }
    }
    const groups = new Map<string, number>();
    for (const [prefix, set] of byPrefix) {
      const effective = [...set].filter(
        (d) =>
          ![...byPrefix].some(
            ([q, reached]) => q !== prefix && prefix.startsWith(q) && reached.has(d),
          ),
      );
      if (effective.length > 0) {
        const k = effective.sort().join();
        groups.set(k, (groups.get(k) ?? 0) + 1);
      }
    }
    return [...groups].reduce(
      (sum, [k, prefixes]) => sum + Math.ceil(k.split(",").length / 25) * Math.ceil(prefixes / 100),
      0,
    );
  }

  it("packed replication rules send each repository exactly where it is routed, once, within the per-rule limits", () => {
    fc.assert(
      fc.property(
        fc.array(packingRoute, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (routes, seed) => {
          const rules = packReplicationRules(SOURCE, routes);
          // A name's longest matching prefix decides both sides, so the prefixes themselves and
          // one name matching none are every case.
          for (const name of [...PACKING_PREFIXES, "other"]) {
            const wanted = new Set(
              routes.flatMap((r) =>
                r.repositoryPrefixes.some((p) => name.startsWith(p)) ? r.destinations.map(key) : [],
              ),
            );
            const reached = rules
              .filter((rule) => rule.repositoryFilters.some((f) => name.startsWith(f.filter)))
              .flatMap((rule) =>
                rule.destinations.map((d) => key({ accountId: d.registryId, region: d.region })),
              );
            assert.deepStrictEqual([...reached].sort(), [...wanted].sort(), name);
          }
          for (const rule of rules) {
            assert.ok(rule.destinations.length >= 1 && rule.destinations.length <= 25);
            assert.ok(rule.repositoryFilters.length >= 1 && rule.repositoryFilters.length <= 100);
          }
          assert.ok(rules.length <= historicalRuleCount(routes));
          const reordered = shuffled(routes, seed).map((r) => ({
            destinations: shuffled(r.destinations, seed),
            repositoryPrefixes: shuffled(r.repositoryPrefixes, seed),
          }));
          assert.strictEqual(
            JSON.stringify(packReplicationRules(SOURCE, reordered)),
            JSON.stringify(rules),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("over 10 rules, the prefixes or destinations the error offers to leave out do make the rest fit", () => {
    const teams = Array.from({ length: 16 }, (_, i) => `team-${String(i).padStart(2, "0")}/`);
    const teamRoute = fc.record({
      destinations: fc.uniqueArray(fc.constantFrom(...DESTINATIONS), {
        minLength: 1,
        maxLength: 3,
      }),
      repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...teams), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(teamRoute, { minLength: 8, maxLength: 16 }), (routes) => {
        const needed = packReplicationRules(SOURCE, routes).length;
        if (needed <= 10) {
          assert.strictEqual(buildReplicationRules(SOURCE, routes).length, needed);
          return;
        }
        let message = "";
        assert.throws(
          () => buildReplicationRules(SOURCE, routes),
          (error: unknown) => {
            message = (error as Error).message;
            return true;
          },
        );
        assert.ok(
          message.startsWith(
            `invalid replication routes:\nroutes: need ${needed} replication rules, ${needed - 10} over ECR's limit of 10 per registry`,
          ),
          message,
        );
        const quoted = (list: string) => [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
        const prefixes = /leaving out the prefix(?:es)? (.*?) \(keeping/.exec(message);
        if (prefixes !== null && !prefixes[1].includes(" more")) {
          const left = new Set(quoted(prefixes[1]));
          const kept = routes
            .map((r) => ({
              ...r,
              repositoryPrefixes: r.repositoryPrefixes.filter((p) => !left.has(p)),
            }))
            .filter((r) => r.repositoryPrefixes.length > 0);
          assert.ok(packReplicationRules(SOURCE, kept).length <= 10, message);
        }
        const destinations = /leaving out the destinations? (.*?) \(keeping/.exec(message);
        assert.ok(destinations !== null, message);
        if (!destinations[1].includes(" more")) {
          const left = new Set(destinations[1].split(/, | and /));
          const kept = routes
            .map((r) => ({ ...r, destinations: r.destinations.filter((d) => !left.has(key(d))) }))
            .filter((r) => r.destinations.length > 0);
          assert.ok(packReplicationRules(SOURCE, kept).length <= 10, message);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("over 25 unique destinations, the destinations the error offers to leave out do make the rest fit", () => {
    /** 30 registries: 15 accounts in 2 regions, so routes name around 25 unique destinations. */
    const WIDE = Array.from(
      { length: 15 },
      (_, i) => `7000000000${String(i).padStart(2, "0")}`,
    ).flatMap((accountId) => ["us-west-2", "eu-west-1"].map((region) => ({ accountId, region })));
    const wideRoute = fc.record({
      destinations: fc.uniqueArray(fc.constantFrom(...WIDE), { minLength: 8, maxLength: 16 }),
      repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PACKING_PREFIXES), {
        minLength: 1,
        maxLength: 2,
      }),
    });
    const outcomes = { built: 0, refused: 0, rebuilt: 0 };
    fc.assert(
      fc.property(fc.array(wideRoute, { minLength: 2, maxLength: 5 }), (routes) => {
        const named = new Set(routes.flatMap((r) => r.destinations.map(key))).size;
        const needed = packReplicationRules(SOURCE, routes).length;
        if (named <= 25 && needed <= 10) {
          const rules = buildReplicationRules(SOURCE, routes);
          assert.ok(
            new Set(rules.flatMap((r) => r.destinations.map((d) => `${d.registryId}/${d.region}`)))
              .size <= 25,
          );
          outcomes.built += 1;
          return;
        }
        let message = "";
        assert.throws(
          () => buildReplicationRules(SOURCE, routes),
          (error: unknown) => {
            message = (error as Error).message;
            return true;
          },
        );
        outcomes.refused += 1;
        if (named <= 25) {
          return; // over the rule limit only: the test above covers it
        }
        assert.ok(
          message.startsWith(
            `invalid replication routes:\nroutes: name ${named} unique destinations, ${named - 25} over ECR's limit of 25 per replication configuration`,
          ),
          message,
        );
        const destinations = /leaving out the destinations? (.*?) \(keeping/.exec(message);
        assert.ok(destinations !== null, message);
        if (destinations[1].includes(" more")) {
          return; // not every destination is named: nothing to rebuild from
        }
        outcomes.rebuilt += 1;
        const left = new Set(destinations[1].split(/, | and /));
        const kept = routes
          .map((r) => ({ ...r, destinations: r.destinations.filter((d) => !left.has(key(d))) }))
          .filter((r) => r.destinations.length > 0);
        const rules = buildReplicationRules(SOURCE, kept);
        assert.ok(
          new Set(rules.flatMap((r) => r.destinations.map((d) => `${d.registryId}/${d.region}`)))
            .size <= 25,
          message,
        );
      }),
      { numRuns: 150 },
    );
    assert.ok(
      outcomes.built > 0 && outcomes.refused > 0 && outcomes.rebuilt > 0,
      JSON.stringify(outcomes),
    );
  });
});
