/**
 * The benchmark's pure parts (tools/bench): its naive baselines are valid documents and rules that
 * grant and replicate exactly what ours do, so the capacity ratios compare like with like; the
 * search finds the boundary; the generated stack is what it says. Semantics only, never timings.
 */
import * as assert from "assert";
import { repositoriesGranted } from "../components/model/iam/access";
import { CREATE_REPOSITORY_ACTION, REPLICATE_ACTION } from "../components/model/core/limits";
import { validateRegistryPolicy } from "../components/model/registry-policy/checks";
import { checkReplicationConfiguration } from "../components/model/replication/checks";
import { ReplicationRule } from "../components/model/replication/builder";
import {
  BENCH_REGISTRY,
  BENCH_SOURCE,
  benchAccount,
  GRANT_SHAPES,
  largestFittingUpTo,
  measureRouteCapacity,
  onePerPrefixRules,
  oursPolicy,
  oursRules,
  perAccountPolicy,
  perAccountPrefixPolicy,
  ROUTE_SHAPES,
} from "../tools/bench/capacity";
import { describeStack, generateStack, stackPackConfig } from "../tools/bench/stack";
import { median } from "../tools/bench/pack-speed";

/** Accounts per grant shape in these tests: small enough that every generator fits. */
const ACCOUNTS = 9;

/** Parses a policy the way the pack does; fails the test on any problem. */
function parsed(json: string) {
  const { policy, problems } = validateRegistryPolicy(json, { registry: BENCH_REGISTRY });
  assert.deepStrictEqual(problems, []);
  assert.ok(policy !== undefined);
  return policy;
}

/** The registries each repository name is replicated to by a set of rules (PREFIX_MATCH). */
function replicatedTo(rules: readonly ReplicationRule[], names: readonly string[]) {
  return names.map((name) => {
    const destinations = new Set<string>();
    for (const rule of rules) {
      if (rule.repositoryFilters.some((f) => name.startsWith(f.filter))) {
        rule.destinations.forEach((d) => destinations.add(`${d.registryId}/${d.region}`));
      }
    }
    return `${name} -> ${[...destinations].sort().join(",")}`;
  });
}

describe("bench: capacity baselines", () => {
  for (const shape of GRANT_SHAPES) {
    it(`grants '${shape.name}': both naive policies are valid and grant exactly what ours does`, () => {
      const grants = shape.grants(ACCOUNTS);
      const ours = oursPolicy(BENCH_REGISTRY, grants);
      assert.ok(ours !== undefined);
      const policies = [
        ours,
        perAccountPrefixPolicy(BENCH_REGISTRY, grants),
        perAccountPolicy(BENCH_REGISTRY, grants),
      ].map(parsed);
      // Everyone who could be granted anything: the accounts, an outsider, anybody.
      const principals = [...grants.map((g) => g.accountId), benchAccount(ACCOUNTS + 1), "*"];
      for (const principal of principals) {
        for (const action of [REPLICATE_ACTION, CREATE_REPOSITORY_ACTION]) {
          const query = { principal, action, registry: BENCH_REGISTRY };
          const [reference, ...naive] = policies.map((policy) =>
            repositoriesGranted(policy, query),
          );
          for (const granted of naive) {
            assert.ok(granted.allowed.equals(reference.allowed), `${principal} ${action} allowed`);
            assert.ok(granted.maybe.equals(reference.maybe), `${principal} ${action} maybe`);
          }
        }
      }
    });
  }

  it("the naive policies cost more characters than ours on every shape (same Sid style)", () => {
    for (const shape of GRANT_SHAPES) {
      const grants = shape.grants(ACCOUNTS);
      const ours = oursPolicy(BENCH_REGISTRY, grants)?.length ?? Infinity;
      assert.ok(perAccountPrefixPolicy(BENCH_REGISTRY, grants).length >= ours, shape.name);
      assert.ok(perAccountPolicy(BENCH_REGISTRY, grants).length >= ours, shape.name);
      assert.match(
        perAccountPolicy(BENCH_REGISTRY, grants),
        /"Sid":"ReplicationAccessCrossAccount1"/,
      );
    }
  });

  for (const shape of ROUTE_SHAPES) {
    it(`routes '${shape.name}': one rule per prefix is valid and replicates exactly what ours does`, () => {
      const routes = shape.routes(8);
      const ours = oursRules(BENCH_SOURCE, routes);
      assert.ok(ours !== undefined);
      const naive = onePerPrefixRules(routes);
      const source = { source: { account: BENCH_SOURCE.accountId, region: BENCH_SOURCE.region } };
      assert.deepStrictEqual(checkReplicationConfiguration({ rules: naive }, source), []);
      const prefixes = routes.flatMap((r) => r.repositoryPrefixes);
      const names = [...prefixes, ...prefixes.map((p) => `${p}x/y`), "other", "svc", "team"];
      assert.deepStrictEqual(replicatedTo(naive, names), replicatedTo(ours, names));
      assert.strictEqual(naive.length, new Set(prefixes).size);
    });
  }

  it("holds ours and one rule per prefix to 25 unique destinations per configuration", () => {
    // N accounts receiving the same 2 prefixes: one rule per prefix would split each prefix into
    // rules of 25 destinations (5 rules each, 125 accounts in 10 rules), but a configuration may
    // name only 25 destinations across all its rules.
    const perAccount = ROUTE_SHAPES.find((shape) => shape.name === "per-account");
    assert.ok(perAccount !== undefined);
    const { ours, onePerPrefix } = measureRouteCapacity(perAccount);
    assert.deepStrictEqual([ours, onePerPrefix], [25, 25]);
    assert.strictEqual(onePerPrefixRules(perAccount.routes(125)).length, 10);
    const source = { source: { account: BENCH_SOURCE.accountId, region: BENCH_SOURCE.region } };
    assert.deepStrictEqual(
      checkReplicationConfiguration(
        { rules: onePerPrefixRules(perAccount.routes(26)) },
        source,
      ).map((p) => p.path),
      ["replicationConfiguration.rules"],
    );
    assert.strictEqual(oursRules(BENCH_SOURCE, perAccount.routes(26)), undefined);
    assert.strictEqual(oursRules(BENCH_SOURCE, perAccount.routes(25))?.length, 1);
  });

  it("shapes are deterministic: the same N gives the same grants and routes", () => {
    for (const shape of GRANT_SHAPES) {
      assert.deepStrictEqual(shape.grants(20), shape.grants(20));
    }
    for (const shape of ROUTE_SHAPES) {
      assert.deepStrictEqual(shape.routes(20), shape.routes(20));
    }
  });
});

describe("bench: search and statistics", () => {
  it("finds the largest fitting N of a monotone predicate", () => {
    const calls: number[] = [];
    const upTo = (limit: number) => (n: number) => (calls.push(n), n <= limit);
    assert.strictEqual(largestFittingUpTo(upTo(37), 1000), 37);
    assert.strictEqual(largestFittingUpTo(upTo(1), 1000), 1);
    assert.strictEqual(largestFittingUpTo(upTo(0), 1000), 0);
    assert.strictEqual(largestFittingUpTo(upTo(5000), 1000), 1000);
    assert.strictEqual(largestFittingUpTo(upTo(999), 1000), 999);
    assert.ok(calls.length < 80, `${calls.length} evaluations`);
  });

  it("takes medians of odd and even counts", () => {
    assert.deepStrictEqual([median([5, 1, 3]), median([4, 1, 3, 2])], [3, 2.5]);
  });
});

describe("bench: the generated stack", () => {
  it("has the requested size, its ECR singletons and ordinary resources, the same each time", () => {
    const stack = generateStack(5000);
    assert.strictEqual(stack.length, 5000);
    assert.deepStrictEqual(generateStack(5000), stack);
    const types = describeStack(stack);
    assert.strictEqual(types["aws:ecr/registryPolicy:RegistryPolicy"], 48);
    assert.strictEqual(types["aws:ecr/replicationConfiguration:ReplicationConfiguration"], 8);
    assert.strictEqual(new Set(stack.map((r) => r.urn)).size, 5000);
    assert.ok(Object.keys(types).length >= 8);
    // The config it is measured with trusts the accounts its policies grant.
    const trusted = stackPackConfig()["ecr-registry-policy-trusted-principals"] as {
      trustedAccounts: string[];
    };
    const policy = stack.find((r) => r.type === "aws:ecr/registryPolicy:RegistryPolicy");
    const granted = JSON.stringify(policy?.properties.policy);
    assert.ok(trusted.trustedAccounts.some((account) => granted.includes(account)));
  });
});
