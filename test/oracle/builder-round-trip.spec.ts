/**
 * Round trip of the generators, judged by meaning only (never by the document's shape, which the
 * builders are free to pack differently):
 * - the registry policy `buildRegistryPolicy` makes allows, according to the independent IAM
 *   simulator, exactly the requested (account, action, repository) triples: requested and
 *   unrequested accounts, both replication actions and other ECR actions, names inside, outside
 *   and on the boundary of each prefix; or the grants are refused for ECR's size limit, and then
 *   a plain one-statement-per-account layout would not fit either;
 * - the rules `buildReplicationRules` makes replicate exactly the requested (repository,
 *   destination) pairs under PREFIX_MATCH (a repository goes to d iff some rule naming d has a
 *   filter that is a prefix of its name), each pair through one rule only; or the routes are
 *   refused for ECR's rule limit, and then plain grouping would need too many rules as well.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { evaluateAccess } from "../../components/model/iam/access";
import {
  CREATE_REPOSITORY_ACTION,
  MAX_FILTERS_PER_RULE,
  MAX_REGISTRY_POLICY_CHARS,
  MAX_REPLICATION_RULES,
  MAX_UNIQUE_DESTINATIONS,
  partitionOf,
  REPLICATE_ACTION,
} from "../../components/model/core/limits";
import { parseRegistryPolicy } from "../../components/model/iam/policy-document";
import { ValidationError } from "../../components/model/core/problems";
import { buildRegistryPolicy, RegistryGrant } from "../../components/model/registry-policy/builder";
import { validateRegistryPolicy } from "../../components/model/registry-policy/checks";
import {
  buildReplicationRules,
  ReplicationRoute,
  ReplicationRule,
} from "../../components/model/replication/builder";
import { checkReplicationConfiguration } from "../../components/model/replication/checks";
import { assertProperty, OracleRequest, runSettings, simulate } from "./oracle";

/** Accounts that may be granted; `UNREQUESTED` never is. */
const ACCOUNTS = ["111111111111", "333333333333", "444444444444", "555555555555", "666666666666"];
const UNREQUESTED = "999999999999";
/** ECR actions besides the two replication ones: never granted by a built policy. */
const OTHER_ACTIONS = [
  "ecr:BatchImportUpstreamImage",
  "ecr:BatchGetImage",
  "ecr:PutImage",
  "ecr:DeleteRepository",
];
/** Prefixes that nest and share stems, so merging and covering are exercised. */
const PREFIX_POOL = [
  "prod",
  "prod-",
  "prod-api",
  "prod-api-",
  "pro",
  "team/",
  "team/app",
  "a.b",
  "x_",
];
/** A valid repository prefix (ECR's filter pattern, 2 to 12 characters here). */
const generatedPrefix = fc
  .stringMatching(/^[a-z0-9]{1,6}(?:[._\/-][a-z0-9]{0,4})?$/)
  .filter((prefix) => prefix.length >= 2);
const prefixArbitrary = fc.oneof(fc.constantFrom(...PREFIX_POOL), generatedPrefix);

/** Registries of every partition: the generated ARNs must follow the region's partition. */
const REGISTRIES = [
  { accountId: "222222222222", region: "us-west-2" },
  { accountId: "222222222222", region: "eu-central-1" },
  { accountId: "222222222222", region: "cn-north-1" },
  { accountId: "222222222222", region: "us-gov-west-1" },
];

const grantArbitrary: fc.Arbitrary<RegistryGrant> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        accountId: fc.constantFrom(...ACCOUNTS),
        repositoryPrefixes: fc.array(prefixArbitrary, { minLength: 1, maxLength: 4 }),
        allowCreateRepository: fc.boolean(),
      },
      { requiredKeys: ["accountId", "repositoryPrefixes"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        accountId: fc.constantFrom(...ACCOUNTS),
        allRepositories: fc.constant(true),
        allowCreateRepository: fc.boolean(),
      },
      { requiredKeys: ["accountId", "allRepositories"] },
    ),
  },
);

/** Many accounts with many long, distinct prefixes: around and over the 10,240-character limit. */
const bulkyGrants: fc.Arbitrary<RegistryGrant[]> = fc
  .tuple(fc.integer({ min: 4, max: 40 }), fc.integer({ min: 2, max: 12 }), fc.nat())
  .map(([accounts, prefixes, salt]) =>
    Array.from({ length: accounts }, (_, a) => ({
      accountId: String(100000000000 + a * 7919 + (salt % 1000)).padStart(12, "0"),
      repositoryPrefixes: Array.from(
        { length: prefixes },
        (_, p) => `team-${(a * 31 + p * 17 + salt) % 997}/service-${p}-`,
      ),
      allowCreateRepository: (a + salt) % 3 !== 0,
    })),
  );

/** The input's meaning: does some grant give `account` the `action` on `name`? */
function requested(
  grants: readonly RegistryGrant[],
  account: string,
  action: string,
  name: string,
) {
  return grants.some(
    (grant) =>
      grant.accountId === account &&
      (action === REPLICATE_ACTION ||
        (action === CREATE_REPOSITORY_ACTION && grant.allowCreateRepository !== false)) &&
      (grant.allRepositories === true ||
        (grant.repositoryPrefixes ?? []).some((prefix) => name.startsWith(prefix))),
  );
}

/** Names inside, on and just outside each prefix's boundary, plus unrelated ones. */
function probeNames(prefixes: readonly string[]): string[] {
  const names = new Set(["a", "zz", "other/x", "prod", "production", "team"]);
  for (const prefix of prefixes) {
    names.add(prefix);
    names.add(`${prefix}a`);
    names.add(`${prefix}/x`);
    names.add(prefix.slice(0, -1));
    names.add(`${prefix.slice(0, -1)}${prefix.endsWith("z") ? "y" : "z"}`);
  }
  names.delete("");
  return [...names].sort();
}

/** A deterministic pick of `count` items (the property's own random number drives it). */
function pick<T>(items: readonly T[], count: number, salt: number): T[] {
  if (items.length <= count) {
    return [...items];
  }
  let state = (salt >>> 0) + 1;
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    chosen.push(pool.splice(state % pool.length, 1)[0]);
  }
  return chosen;
}

/**
 * The size of a plain, correct layout: per account, one statement per action set with that
 * account's prefixes (none merged across accounts). Any builder worth its name fits whenever this
 * does.
 */
function plainLayoutLength(
  registry: { accountId: string; region: string },
  grants: RegistryGrant[],
) {
  const partition = partitionOf(registry.region);
  const statements: unknown[] = [];
  const accounts = [...new Set(grants.map((grant) => grant.accountId))];
  for (const account of accounts) {
    const actionsByPrefix = new Map<string, Set<string>>();
    for (const grant of grants.filter((g) => g.accountId === account)) {
      const actions =
        grant.allowCreateRepository === false
          ? [REPLICATE_ACTION]
          : [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION];
      for (const prefix of grant.allRepositories === true ? [""] : grant.repositoryPrefixes!) {
        const set = actionsByPrefix.get(prefix) ?? new Set<string>();
        actions.forEach((action) => set.add(action));
        actionsByPrefix.set(prefix, set);
      }
    }
    const byActions = new Map<string, string[]>();
    for (const [prefix, actions] of actionsByPrefix) {
      const covered = [...actionsByPrefix].some(
        ([shorter, more]) =>
          shorter !== prefix &&
          prefix.startsWith(shorter) &&
          [...actions].every((a) => more.has(a)),
      );
      if (!covered) {
        const key = [...actions].sort().join(",");
        byActions.set(key, [...(byActions.get(key) ?? []), prefix]);
      }
    }
    for (const [actions, prefixes] of byActions) {
      statements.push({
        Sid: `ReplicationAccessCrossAccount${statements.length + 1}`,
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: actions.split(","),
        Resource: prefixes.map(
          (p) => `arn:${partition}:ecr:${registry.region}:${registry.accountId}:repository/${p}*`,
        ),
      });
    }
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
}

describe("generator round trip (judged by meaning, against the IAM simulator)", function () {
  this.timeout(120_000);

  it("a built registry policy allows exactly the requested triples, or is refused only over ECR's size limit", async () => {
    const settings = runSettings(5_2026_1130, 110);
    const outcomes = { built: 0, refused: 0, probes: 0 };
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom(...REGISTRIES),
        fc.oneof(
          { weight: 6, arbitrary: fc.array(grantArbitrary, { minLength: 1, maxLength: 6 }) },
          { weight: 1, arbitrary: bulkyGrants },
        ),
        fc.nat(),
        async (registry, grants, salt) => {
          let json: string;
          try {
            json = buildRegistryPolicy(registry, grants).json;
          } catch (error) {
            assert.ok(error instanceof ValidationError, String(error));
            assert.deepStrictEqual(
              error.problems.map((p) => [
                p.path,
                p.message.includes(`${MAX_REGISTRY_POLICY_CHARS}`),
              ]),
              [["sources", true]],
              error.message,
            );
            const plain = plainLayoutLength(registry, grants);
            assert.ok(
              plain > MAX_REGISTRY_POLICY_CHARS,
              `refused, but a plain layout has ${plain} characters`,
            );
            outcomes.refused += 1;
            return;
          }
          outcomes.built += 1;
          assert.ok(json.length <= MAX_REGISTRY_POLICY_CHARS, `${json.length} characters`);
          const document: unknown = JSON.parse(json);
          assert.deepStrictEqual(
            validateRegistryPolicy(json, { registry, scope: "V1" }).problems,
            [],
          );
          const policy = parseRegistryPolicy(json).policy!;
          const partition = partitionOf(registry.region);
          const granted = [...new Set(grants.map((g) => g.accountId))];
          const accounts = [...pick(granted, 3, salt), UNREQUESTED];
          const prefixes = grants.flatMap((g) => g.repositoryPrefixes ?? []);
          const names = pick(probeNames(prefixes), 11, salt ^ 0x5bd1e995);
          const probes: { request: OracleRequest; expected: boolean }[] = [];
          for (const account of accounts) {
            // An account principal covers every principal of the account: its root and its roles.
            const principals = [
              `arn:${partition}:iam::${account}:root`,
              `arn:${partition}:iam::${account}:role/replication`,
            ];
            const actions = [
              REPLICATE_ACTION,
              CREATE_REPOSITORY_ACTION,
              OTHER_ACTIONS[(salt + account.charCodeAt(1)) % OTHER_ACTIONS.length],
            ];
            for (const action of actions) {
              for (const [n, repository] of names.entries()) {
                probes.push({
                  request: { principal: principals[n % 2], action, repository },
                  expected: requested(grants, account, action, repository),
                });
              }
            }
          }
          for (const { request, expected } of probes) {
            const oracle = await simulate(document, registry, request);
            const model = evaluateAccess(policy, { ...request, registry }).decision;
            const want = expected ? "allow" : "deny";
            assert.deepStrictEqual(
              [oracle, model],
              [want, want],
              JSON.stringify({ request, json }),
            );
          }
          outcomes.probes += probes.length;
        },
      ),
      settings,
    );
    console.log(`      ${JSON.stringify(outcomes)}`);
    // Both outcomes are exercised, and thousands of requests were judged.
    assert.ok(
      outcomes.built > settings.numRuns / 2 && outcomes.refused > 0,
      JSON.stringify(outcomes),
    );
    assert.ok(outcomes.probes > settings.numRuns * 40, JSON.stringify(outcomes));
  });

  const SOURCE = { accountId: "111111111111", region: "us-east-1" };
  /** 11 registries: within ECR's 25 unique destinations, so only the rule limit can refuse. */
  const DESTINATIONS = ["111111111111", "222222222222", "333333333333", "444444444444"]
    .flatMap((accountId) =>
      ["us-east-1", "us-west-2", "eu-west-1"].map((region) => ({ accountId, region })),
    )
    .filter((d) => d.accountId !== SOURCE.accountId || d.region !== SOURCE.region);
  const routeArbitrary: fc.Arbitrary<ReplicationRoute> = fc.record({
    destinations: fc.array(fc.constantFrom(...DESTINATIONS), { minLength: 1, maxLength: 4 }),
    repositoryPrefixes: fc.array(prefixArbitrary, { minLength: 1, maxLength: 4 }),
  });
  /** Many routes with different destination sets: around and over the limit of 10 rules. */
  const manyRoutes = fc.array(routeArbitrary, { minLength: 8, maxLength: 16 });

  /** How many rules plain grouping needs: one per distinct destination set, split at the limits. */
  function plainRuleCount(routes: ReplicationRoute[]): number {
    const byPrefix = new Map<string, Set<string>>();
    for (const route of routes) {
      for (const prefix of route.repositoryPrefixes) {
        const set = byPrefix.get(prefix) ?? new Set<string>();
        route.destinations.forEach((d) => set.add(`${d.accountId}/${d.region}`));
        byPrefix.set(prefix, set);
      }
    }
    const groups = new Map<string, number>();
    for (const [prefix, destinations] of byPrefix) {
      const remaining = [...destinations].filter(
        (d) =>
          ![...byPrefix].some(
            ([shorter, reached]) =>
              shorter !== prefix && prefix.startsWith(shorter) && reached.has(d),
          ),
      );
      if (remaining.length > 0) {
        const key = remaining.sort().join(",");
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    return [...groups].reduce(
      (sum, [key, filters]) =>
        sum +
        Math.ceil(key.split(",").length / MAX_UNIQUE_DESTINATIONS) *
          Math.ceil(filters / MAX_FILTERS_PER_RULE),
      0,
    );
  }

  /** Every registry a repository name is sent to, once per rule that sends it there. */
  function reached(rules: readonly ReplicationRule[], name: string): string[] {
    return rules
      .filter((rule) => rule.repositoryFilters.some((f) => name.startsWith(f.filter)))
      .flatMap((rule) => rule.destinations.map((d) => `${d.registryId}/${d.region}`))
      .sort();
  }

  it("built replication rules replicate exactly the requested pairs, or are refused only over ECR's rule limit", async () => {
    const settings = runSettings(5_2026_1131, 300);
    const outcomes = { built: 0, refused: 0, probes: 0 };
    assert.ok(DESTINATIONS.length <= MAX_UNIQUE_DESTINATIONS);
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(routeArbitrary, { minLength: 1, maxLength: 6 }) },
          { weight: 1, arbitrary: manyRoutes },
        ),
        async (routes) => {
          let rules: ReplicationRule[];
          try {
            rules = buildReplicationRules(SOURCE, routes);
          } catch (error) {
            assert.ok(error instanceof ValidationError, String(error));
            assert.deepStrictEqual(
              error.problems.map((p) => [
                p.path,
                p.message.includes(`limit of ${MAX_REPLICATION_RULES}`),
              ]),
              [["routes", true]],
              error.message,
            );
            const plain = plainRuleCount(routes);
            assert.ok(
              plain > MAX_REPLICATION_RULES,
              `refused, but plain grouping needs ${plain} rules`,
            );
            outcomes.refused += 1;
            return;
          }
          outcomes.built += 1;
          assert.deepStrictEqual(
            checkReplicationConfiguration(
              { rules },
              { source: { account: SOURCE.accountId, region: SOURCE.region } },
            ),
            [],
          );
          const names = probeNames(routes.flatMap((r) => r.repositoryPrefixes));
          for (const name of names) {
            const wanted = new Set(
              routes
                .filter((r) => r.repositoryPrefixes.some((p) => name.startsWith(p)))
                .flatMap((r) => r.destinations.map((d) => `${d.accountId}/${d.region}`)),
            );
            // Exactly the wanted registries, each through one rule only.
            assert.deepStrictEqual(reached(rules, name), [...wanted].sort(), name);
          }
          outcomes.probes += names.length;
        },
      ),
      settings,
    );
    console.log(`      ${JSON.stringify(outcomes)}`);
    assert.ok(
      outcomes.built > settings.numRuns / 2 && outcomes.refused > 0,
      JSON.stringify(outcomes),
    );
  });
});
