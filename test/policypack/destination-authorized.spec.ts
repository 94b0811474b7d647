import * as assert from "assert";
import { replicationDestinationAuthorized } from "../../policypack/policies/replication-destination-authorized";
import {
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
  SOURCE,
  nameOf,
} from "./fixtures";
import { runStackPolicy, TestResource, UNKNOWN } from "./run-policy";

const REPLICATION_URN = replicationConfiguration().urn;
const WEST_POLICY = registryPolicy(DEST_WEST, "us-west-2").urn;
const WEST_ROUTE =
  "replicationConfiguration.rules[0].destinations[0] (111111111111 in us-east-1 -> 222222222222 in us-west-2 ('prod-', 'shared/'))";

/** The example stack with the west destination's registry policy granting only `actions`. */
function stackGranting(actions: string[]): TestResource[] {
  const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
  document.Statement[0].Action = actions;
  const west = registryPolicy(DEST_WEST, "us-west-2");
  west.props.policy = JSON.stringify(document);
  const [replication, , eu] = exampleStack();
  return [replication, west, eu];
}

describe("ecr-replication-destination-authorized", () => {
  it("passes the example stack: every destination authorised", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, exampleStack()),
      [],
    );
  });

  it("reports a destination without ecr:CreateRepository, on the replication configuration", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, stackGranting(["ecr:ReplicateImage"])),
      [
        {
          urn: REPLICATION_URN,
          enforcementLevel: "mandatory",
          message: `${WEST_ROUTE} will fail at run time: registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': grant it, or create the repositories in the destination first and declare them pre-existing`,
        },
      ],
    );
  });

  it("blocks a destination whose Allow needs aws:SourceAccount, which replication requests lack", async () => {
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
    Object.assign(document.Statement[0], {
      Condition: { StringEquals: { "aws:SourceAccount": SOURCE } },
    });
    const west = registryPolicy(DEST_WEST, "us-west-2");
    west.props.policy = JSON.stringify(document);
    const [replication, , eu] = exampleStack();
    const never = `replication requests carry no aws:SourceAccount, so the Allow of Statement[0] (StringEquals on aws:SourceAccount) never applies`;
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, [replication, west, eu]),
      [
        {
          urn: REPLICATION_URN,
          enforcementLevel: "mandatory",
          message: `${WEST_ROUTE} will fail at run time: registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': ${never}: grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        },
      ],
    );
  });

  it("accepts that with preExistingRepositories", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(
        replicationDestinationAuthorized,
        stackGranting(["ecr:ReplicateImage"]),
        {
          preExistingRepositories: true,
        },
      ),
      [],
    );
  });

  it("accepts it when preExistingRepositories lists that registry, or its account", async () => {
    for (const preExistingRepositories of [[`${DEST_WEST}/us-west-2`], [DEST_WEST]]) {
      assert.deepStrictEqual(
        await runStackPolicy(
          replicationDestinationAuthorized,
          stackGranting(["ecr:ReplicateImage"]),
          { preExistingRepositories },
        ),
        [],
      );
    }
  });

  it("reports it when preExistingRepositories is false, or lists only other registries", async () => {
    // The finding as without the setting (its exact text: the test above).
    const unconfigured = await runStackPolicy(
      replicationDestinationAuthorized,
      stackGranting(["ecr:ReplicateImage"]),
    );
    assert.deepStrictEqual(
      unconfigured.map((finding) => finding.message.split(" ecr:CreateRepository ")[0]),
      [
        `${WEST_ROUTE} will fail at run time: registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE}`,
      ],
    );
    for (const preExistingRepositories of [
      false,
      [],
      [DEST_EU, `${DEST_WEST}/eu-west-1`, `${DEST_EU}/us-west-2`],
    ]) {
      assert.deepStrictEqual(
        await runStackPolicy(
          replicationDestinationAuthorized,
          stackGranting(["ecr:ReplicateImage"]),
          { preExistingRepositories },
        ),
        unconfigured,
        JSON.stringify(preExistingRepositories),
      );
    }
  });

  it("judges each destination by the list: one listed, one not", async () => {
    const [replication, west] = stackGranting(["ecr:ReplicateImage"]);
    const euDocument = destinationPolicyDocument(DEST_EU, "eu-west-1");
    euDocument.Statement[0].Action = ["ecr:ReplicateImage"];
    const eu = registryPolicy(DEST_EU, "eu-west-1");
    eu.props.policy = JSON.stringify(euDocument);
    const stack = [replication, west, eu];
    const unconfigured = await runStackPolicy(replicationDestinationAuthorized, stack);
    assert.deepStrictEqual(
      unconfigured.map((finding) => finding.message.split(" (")[0]),
      [
        "replicationConfiguration.rules[0].destinations[0]",
        "replicationConfiguration.rules[0].destinations[1]",
      ],
    );
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, stack, {
        preExistingRepositories: [`${DEST_WEST}/us-west-2`],
      }),
      [unconfigured[1]],
    );
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, stack, {
        preExistingRepositories: [DEST_EU],
      }),
      [unconfigured[0]],
    );
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, stack, {
        preExistingRepositories: [`${DEST_WEST}/us-west-2`, DEST_EU],
      }),
      [],
    );
  });

  it("validates the setting in its schema: a boolean, or registries '<account>/<region>' or '<account>'", () => {
    const schema = replicationDestinationAuthorized.configSchema!.properties
      .preExistingRepositories as { type: string[]; items: { type: string; pattern: string } };
    assert.deepStrictEqual(schema.type, ["boolean", "array"]);
    assert.strictEqual(schema.items.type, "string");
    const pattern = new RegExp(schema.items.pattern);
    const accepted = ["222222222222/us-west-2", "222222222222", "333333333333/us-gov-west-1"];
    const refused = ["2222/us-west-2", "222222222222/", "222222222222/US-WEST-2", "us-west-2", "*"];
    assert.deepStrictEqual(
      [...accepted, ...refused].filter((entry) => pattern.test(entry)),
      accepted,
    );
  });

  it("advises, without blocking, when a destination's policy is not in the stack", async () => {
    const [replication, west] = exampleStack();
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, [replication, west]),
      [
        {
          urn: REPLICATION_URN,
          enforcementLevel: "advisory",
          message: `replicationConfiguration.rules[0].destinations[1] (111111111111 in us-east-1 -> ${DEST_EU} in eu-west-1 ('prod-', 'shared/')) could not be verified: no registry policy of ${DEST_EU} in eu-west-1 is among these resources: the destination could not be verified`,
        },
      ],
    );
  });

  it("blocks a route into a registry registriesWithoutPolicy says has no policy", async () => {
    const [replication, west] = exampleStack();
    assert.deepStrictEqual(
      await runStackPolicy(replicationDestinationAuthorized, [replication, west], {
        registriesWithoutPolicy: [`${DEST_EU}/eu-west-1`],
      }),
      [
        {
          urn: REPLICATION_URN,
          enforcementLevel: "mandatory",
          message: `replicationConfiguration.rules[0].destinations[1] (111111111111 in us-east-1 -> ${DEST_EU} in eu-west-1 ('prod-', 'shared/')) will fail at run time: ${DEST_EU} in eu-west-1 has no registry policy, so nothing there lets 111111111111 replicate into it`,
        },
      ],
    );
  });

  it("validates registriesWithoutPolicy in its schema: registries '<account>/<region>'", () => {
    const schema = replicationDestinationAuthorized.configSchema!.properties
      .registriesWithoutPolicy as { type: string; items: { type: string; pattern: string } };
    assert.strictEqual(schema.type, "array");
    const pattern = new RegExp(schema.items.pattern);
    const accepted = ["222222222222/us-west-2", "333333333333/us-gov-west-1"];
    const refused = ["222222222222", "2222/us-west-2", "222222222222/US-WEST-2", "us-west-2"];
    assert.deepStrictEqual(
      [...accepted, ...refused].filter((entry) => pattern.test(entry)),
      accepted,
    );
  });

  it("advises when the destination policy is unknown at preview", async () => {
    const stack = exampleStack();
    stack[1].props.policy = UNKNOWN;
    assert.deepStrictEqual(await runStackPolicy(replicationDestinationAuthorized, stack), [
      {
        urn: REPLICATION_URN,
        enforcementLevel: "advisory",
        message: `${WEST_ROUTE} could not be verified: the document of registry policy ${nameOf(WEST_POLICY)} is unknown until apply (policy)`,
      },
    ]);
  });
});
