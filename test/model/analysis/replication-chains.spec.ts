/**
 * Replication chains (components/model/analysis/replication-chains.ts): a registry replicating
 * repositories to B, whose own configuration replicates them on to C, never gets them to C
 * (replication does not chain), unless it replicates them to C directly. Found from the route
 * analysis of replication configurations as the engine sends them.
 */
import * as assert from "assert";
import { analyseRoutes } from "../../../components/model/analysis/route-analysis";
import { ResourceSnapshot } from "../../../components/model/analysis/registry-policy-resource";
import {
  describeChain,
  findReplicationChains,
} from "../../../components/model/analysis/replication-chains";

const TYPE = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const A = { accountId: "111111111111", region: "us-east-1" };
const B = { accountId: "222222222222", region: "us-west-2" };
const C = { accountId: "333333333333", region: "eu-west-1" };

type Registry = { accountId: string; region: string };
/** A rule: its destinations and prefixes (null: no filters, every repository). */
type Rule = [destinations: Registry[], prefixes: string[] | null];

/** The replication configuration of `source`, as the engine sends it, with an explicit provider. */
function replication(source: Registry, ...rules: Rule[]): ResourceSnapshot {
  return {
    type: TYPE,
    urn: `urn:pulumi:dev::ecr::${TYPE}::replication-${source.accountId}-${source.region}`,
    props: {
      replicationConfiguration: {
        rules: rules.map(([destinations, prefixes]) => ({
          destinations: destinations.map((d) => ({ region: d.region, registryId: d.accountId })),
          ...(prefixes === null
            ? {}
            : {
                repositoryFilters: prefixes.map((filter) => ({
                  filter,
                  filterType: "PREFIX_MATCH",
                })),
              }),
        })),
      },
    },
    providerProps: {
      region: source.region,
      allowedAccountIds: JSON.stringify([source.accountId]),
    },
  };
}

const urnOf = (source: Registry) => replication(source).urn;

function chainsOf(...resources: ResourceSnapshot[]) {
  return findReplicationChains(analyseRoutes(resources).routes);
}

describe("findReplicationChains", () => {
  it("finds a chain: A replicates prod- to B, and B replicates prod- on to C", () => {
    const chains = chainsOf(
      replication(A, [[B], ["prod-", "shared/"]]),
      replication(B, [[C], ["prod-", "tools/"]]),
    );
    assert.deepStrictEqual(chains, [
      {
        source: A,
        middle: B,
        end: C,
        replication: urnOf(A),
        path: "replicationConfiguration.rules[0].destinations[0]",
        onwardReplication: urnOf(B),
        prefixes: ["prod-"],
        directly: [],
      },
    ]);
    assert.strictEqual(
      describeChain(chains[0]),
      "images pushed to 111111111111 in us-east-1 and replicated to 222222222222 in us-west-2 never reach 333333333333 in eu-west-1 ('prod-'): the replication configuration of 222222222222 in us-west-2 sends on only images pushed to 222222222222 in us-west-2 itself, since replication does not chain (a replication action only occurs once per image push); replicate them from 111111111111 in us-east-1 to 333333333333 in eu-west-1 directly, or push them to 222222222222 in us-west-2 as well",
    );
  });

  it("finds nothing when the source also replicates the same prefixes to C directly", () => {
    assert.deepStrictEqual(
      chainsOf(replication(A, [[B, C], ["prod-"]]), replication(B, [[C], ["prod-"]])),
      [],
    );
    // A shorter direct prefix covers the chained one; every repository covers all.
    assert.deepStrictEqual(
      chainsOf(
        replication(A, [[B], ["prod-api-"]], [[C], ["prod-"]]),
        replication(B, [[C], ["prod-api-"]]),
      ),
      [],
    );
    assert.deepStrictEqual(
      chainsOf(replication(A, [[B], ["prod-"]], [[C], null]), replication(B, [[C], ["prod-"]])),
      [],
    );
  });

  it("names the prefixes the source sends to C directly inside a chained one, as arriving", () => {
    const chains = chainsOf(
      replication(A, [[B], ["prod-"]], [[C], ["prod-api-"]]),
      replication(B, [[C], ["prod-"]]),
    );
    assert.deepStrictEqual(
      chains.map((c) => [c.prefixes, c.directly]),
      [[["prod-"], ["prod-api-"]]],
    );
    assert.strictEqual(
      describeChain(chains[0]),
      "images pushed to 111111111111 in us-east-1 and replicated to 222222222222 in us-west-2 never reach 333333333333 in eu-west-1 ('prod-', except those under 'prod-api-', which it replicates to 333333333333 in eu-west-1 directly): the replication configuration of 222222222222 in us-west-2 sends on only images pushed to 222222222222 in us-west-2 itself, since replication does not chain (a replication action only occurs once per image push); replicate them from 111111111111 in us-east-1 to 333333333333 in eu-west-1 directly, or push them to 222222222222 in us-west-2 as well",
    );
  });

  it("finds nothing where the prefixes do not overlap", () => {
    assert.deepStrictEqual(
      chainsOf(
        replication(A, [[B], ["prod-", "shared/"]]),
        replication(B, [[C], ["dev-", "production"]]),
      ),
      [],
    );
  });

  it("takes the longer of two nested prefixes, and every repository as what it meets", () => {
    const prefixes = (...resources: ResourceSnapshot[]) =>
      chainsOf(...resources).map((c) => c.prefixes);
    assert.deepStrictEqual(
      prefixes(replication(A, [[B], ["prod-"]]), replication(B, [[C], ["prod-api-", "prod-web-"]])),
      [["prod-api-", "prod-web-"]],
    );
    assert.deepStrictEqual(
      prefixes(replication(A, [[B], ["prod-api-"]]), replication(B, [[C], ["prod"]])),
      [["prod-api-"]],
    );
    assert.deepStrictEqual(prefixes(replication(A, [[B], null]), replication(B, [[C], ["x-"]])), [
      ["x-"],
    ]);
    const everything = chainsOf(replication(A, [[B], null]), replication(B, [[C], null]));
    assert.deepStrictEqual(
      everything.map((c) => [c.prefixes, c.directly]),
      [[null, []]],
    );
    assert.ok(
      describeChain(everything[0]).includes(
        "never reach 333333333333 in eu-west-1 (every repository):",
      ),
    );
  });

  it("gathers every pair of rules between the same registries into one chain", () => {
    const chains = chainsOf(
      replication(A, [[B], ["prod-"]], [[B], ["shared/"]]),
      replication(B, [[C], ["shared/"]], [[C], ["prod-"]]),
    );
    assert.deepStrictEqual(
      chains.map((c) => [c.path, c.prefixes]),
      [["replicationConfiguration.rules[0].destinations[0]", ["prod-", "shared/"]]],
    );
  });

  it("finds the user guide's own example within one account: us-west-2 -> us-east-1 -> us-east-2", () => {
    const west = { accountId: "111111111111", region: "us-west-2" };
    const east = { accountId: "111111111111", region: "us-east-1" };
    const east2 = { accountId: "111111111111", region: "us-east-2" };
    assert.deepStrictEqual(
      chainsOf(replication(west, [[east], ["app/"]]), replication(east, [[east2], ["app/"]])).map(
        (c) => [c.source, c.middle, c.end],
      ),
      [[west, east, east2]],
    );
  });

  it("ignores a route back to the source, and each of two chains is found from its own source", () => {
    assert.deepStrictEqual(
      chainsOf(replication(A, [[B], ["prod-"]]), replication(B, [[A], ["prod-"]])).map((c) => [
        c.source,
        c.middle,
        c.end,
      ]),
      // Images pushed to A that reach B and would come back to A are already in A.
      [],
    );
    const D = { accountId: "444444444444", region: "eu-central-1" };
    assert.deepStrictEqual(
      chainsOf(
        replication(A, [[B], ["prod-"]]),
        replication(B, [[C], ["prod-"]]),
        replication(C, [[D], ["prod-"]]),
      ).map((c) => [c.source, c.middle, c.end]),
      [
        [A, B, C],
        [B, C, D],
      ],
    );
  });

  it("guesses nothing about a registry whose account is unknown", () => {
    const unknownSource = replication(B, [[C], ["prod-"]]);
    unknownSource.providerProps = { region: "us-west-2" };
    assert.deepStrictEqual(chainsOf(replication(A, [[B], ["prod-"]]), unknownSource), []);
  });
});
