/**
 * Properties of the builders over random input: what they build means exactly what was asked
 * (checked against a direct reading of the input), passes the policy pack's own checks, and does
 * not depend on the order of the input.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { CREATE_REPOSITORY_ACTION, REPLICATE_ACTION } from "../../components/model/limits";
import {
  buildRegistryPolicy,
  RegistryGrant,
  ReplicationStatement,
} from "../../components/model/registry-policy-builder";
import { validateRegistryPolicy } from "../../components/model/registry-policy-checks";
import {
  buildReplicationRules,
  ReplicationRoute,
} from "../../components/model/replication-builder";
import { checkReplicationConfiguration } from "../../components/model/replication-checks";

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
