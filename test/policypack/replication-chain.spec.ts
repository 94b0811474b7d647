/**
 * `ecr-replication-chain` (stack, advisory): repositories replicated to a registry whose own
 * configuration replicates them on never get there (replication does not chain); found by the
 * model (test/model/analysis/replication-chains.spec.ts), reported here on the first registry's
 * configuration with exact messages.
 */
import * as assert from "assert";
import { replicationChain } from "../../policypack/policies/replication-chain";
import {
  DEST_WEST,
  exampleStack,
  provider,
  REPLICATION_CONFIGURATION,
  replicationConfiguration,
} from "./fixtures";
import { advisory, runStackPolicy, TestResource } from "./run-policy";

const CENTRAL = "444444444444";

/** The west destination's own replication configuration: `filters` on to 444444444444 in eu-central-1. */
function onwardFromWest(
  filters: string[],
  destinations = [[CENTRAL, "eu-central-1"]],
): TestResource {
  return {
    type: REPLICATION_CONFIGURATION,
    urn: `urn:pulumi:dev::ecr::${REPLICATION_CONFIGURATION}::west-replication`,
    props: {
      replicationConfiguration: {
        rules: [
          {
            destinations: destinations.map(([registryId, region]) => ({ region, registryId })),
            repositoryFilters: filters.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })),
          },
        ],
      },
    },
    provider: provider(DEST_WEST, "us-west-2"),
  };
}

describe("ecr-replication-chain", () => {
  it("passes the example stack: one registry replicating, nothing goes on", async () => {
    assert.deepStrictEqual(await runStackPolicy(replicationChain, exampleStack()), []);
  });

  it("advises on a chain, on the first registry's configuration, naming the registries and prefixes", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(replicationChain, [
        ...exampleStack(),
        onwardFromWest(["prod-", "tools/"]),
      ]),
      advisory(
        "replicationConfiguration.rules[0].destinations[0]: images pushed to 111111111111 in us-east-1 and replicated to 222222222222 in us-west-2 never reach 444444444444 in eu-central-1 ('prod-'): the replication configuration of 222222222222 in us-west-2 sends on only images pushed to 222222222222 in us-west-2 itself, since replication does not chain (a replication action only occurs once per image push); replicate them from 111111111111 in us-east-1 to 444444444444 in eu-central-1 directly, or push them to 222222222222 in us-west-2 as well",
      ).map((violation) => ({ ...violation, urn: replicationConfiguration().urn })),
    );
  });

  it("is silent when the first registry also replicates the prefixes to the end directly", async () => {
    const source = replicationConfiguration();
    const rules = (source.props.replicationConfiguration as { rules: unknown[] }).rules;
    rules.push({
      destinations: [{ region: "eu-central-1", registryId: CENTRAL }],
      repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
    });
    const [, west, eu] = exampleStack();
    assert.deepStrictEqual(
      await runStackPolicy(replicationChain, [source, west, eu, onwardFromWest(["prod-"])]),
      [],
    );
  });

  it("is silent when the onward prefixes do not overlap the replicated ones", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(replicationChain, [
        ...exampleStack(),
        onwardFromWest(["dev-", "production"]),
      ]),
      [],
    );
  });

  it("reports no way back to the first registry, only the second registry's own chain onward", async () => {
    // 111111111111 -> 222222222222 -> 111111111111 carries nothing new; but images pushed to
    // 222222222222 reach 111111111111 and stop there, never reaching 333333333333 in eu-west-1.
    assert.deepStrictEqual(
      await runStackPolicy(replicationChain, [
        ...exampleStack(),
        onwardFromWest(["prod-"], [["111111111111", "us-east-1"]]),
      ]),
      [
        {
          urn: `urn:pulumi:dev::ecr::${REPLICATION_CONFIGURATION}::west-replication`,
          enforcementLevel: "advisory",
          message:
            "replicationConfiguration.rules[0].destinations[0]: images pushed to 222222222222 in us-west-2 and replicated to 111111111111 in us-east-1 never reach 333333333333 in eu-west-1 ('prod-'): the replication configuration of 111111111111 in us-east-1 sends on only images pushed to 111111111111 in us-east-1 itself, since replication does not chain (a replication action only occurs once per image push); replicate them from 222222222222 in us-west-2 to 333333333333 in eu-west-1 directly, or push them to 111111111111 in us-east-1 as well",
        },
      ],
    );
  });
});
