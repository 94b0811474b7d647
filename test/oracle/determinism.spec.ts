/**
 * Determinism of the generators: the registry policy text and the replication rules are
 * byte-identical (JSON.stringify) for any permutation of the same input: the grants and each
 * grant's prefixes, the routes and each route's destinations and prefixes, and with entries
 * repeated. (builders.property.spec.ts checks one fixed reordering; here fast-check draws
 * arbitrary permutations and repetitions.) Refusals are deterministic too: the same message.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { buildRegistryPolicy, RegistryGrant } from "../../components/model/registry-policy/builder";
import {
  buildReplicationRules,
  ReplicationRoute,
} from "../../components/model/replication/builder";
import { runSettings } from "./oracle";

const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const ACCOUNTS = ["111111111111", "333333333333", "444444444444", "555555555555"];
const PREFIXES = ["prod", "prod-", "prod-api", "team/", "team/app", "tools", "a.b", "x_y"];
const DESTINATIONS = ["222222222222", "333333333333", "444444444444"]
  .flatMap((accountId) =>
    ["us-west-2", "eu-west-1", "us-east-1"].map((region) => ({ accountId, region })),
  )
  .filter((d) => d.accountId !== SOURCE.accountId || d.region !== SOURCE.region);

/** A permutation of `items` (fast-check's shuffled sub-array of full length). */
function permutation<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

/** A permutation of `items` with some of them repeated. */
function reordered<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc
    .tuple(permutation(items), fc.subarray([...items]))
    .chain(([order, repeated]) => permutation([...order, ...repeated]));
}

/** The outcome as bytes: the JSON built, or the refusal's message. */
function outcome(build: () => unknown): string {
  try {
    return `built ${JSON.stringify(build())}`;
  } catch (error) {
    return `refused ${String(error)}`;
  }
}

const grants: fc.Arbitrary<RegistryGrant[]> = fc.array(
  fc.oneof(
    fc.record(
      {
        accountId: fc.constantFrom(...ACCOUNTS),
        repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PREFIXES), {
          minLength: 1,
          maxLength: 5,
        }),
        allowCreateRepository: fc.boolean(),
      },
      { requiredKeys: ["accountId", "repositoryPrefixes"] },
    ),
    fc.record({
      accountId: fc.constantFrom(...ACCOUNTS),
      allRepositories: fc.constant(true),
      allowCreateRepository: fc.boolean(),
    }),
  ),
  { minLength: 1, maxLength: 8 },
);

const routes: fc.Arbitrary<ReplicationRoute[]> = fc.array(
  fc.record({
    destinations: fc.uniqueArray(fc.constantFrom(...DESTINATIONS), { minLength: 1, maxLength: 5 }),
    repositoryPrefixes: fc.uniqueArray(fc.constantFrom(...PREFIXES), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  { minLength: 1, maxLength: 12 },
);

describe("generators are deterministic under any permutation of their input", () => {
  it("registry policy: byte-identical for permuted and repeated grants and prefixes", () => {
    fc.assert(
      fc.property(
        grants.chain((original) =>
          fc.tuple(
            fc.constant(original),
            reordered(original).chain((order) =>
              fc.tuple(
                ...order.map((grant) =>
                  grant.repositoryPrefixes === undefined
                    ? fc.constant(grant)
                    : reordered(grant.repositoryPrefixes).map((repositoryPrefixes) => ({
                        ...grant,
                        repositoryPrefixes,
                      })),
                ),
              ),
            ),
          ),
        ),
        ([original, permuted]) => {
          assert.strictEqual(
            outcome(() => buildRegistryPolicy(REGISTRY, permuted).json),
            outcome(() => buildRegistryPolicy(REGISTRY, original).json),
          );
        },
      ),
      runSettings(5_2026_1501, 300),
    );
  });

  it("replication rules: byte-identical for permuted and repeated routes, destinations and prefixes", () => {
    fc.assert(
      fc.property(
        routes.chain((original) =>
          fc.tuple(
            fc.constant(original),
            reordered(original).chain((order) =>
              fc.tuple(
                ...order.map((route) =>
                  fc
                    .tuple(reordered(route.destinations), reordered(route.repositoryPrefixes))
                    .map(([destinations, repositoryPrefixes]) => ({
                      destinations,
                      repositoryPrefixes,
                    })),
                ),
              ),
            ),
          ),
        ),
        ([original, permuted]) => {
          assert.strictEqual(
            outcome(() => buildReplicationRules(SOURCE, permuted)),
            outcome(() => buildReplicationRules(SOURCE, original)),
          );
        },
      ),
      runSettings(5_2026_1502, 300),
    );
  });
});
