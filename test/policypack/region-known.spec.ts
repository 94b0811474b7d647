import * as assert from "assert";
import { regionKnown } from "../../policypack/policies/region-known";
import { REGION_LIST_SOURCE } from "../../components/model/core";
import { DEST_WEST, registryPolicy, replicationConfiguration } from "./fixtures";
import { advisory, runResourcePolicy, secret, TestResource, UNKNOWN } from "./run-policy";

/** The finding for `region` at `path`, as the pack reports it. */
function unlisted(path: string, region: string): string {
  return `${path}: should be a region AWS lists (the AWS SDK's partition metadata, ${REGION_LIST_SOURCE}), got '${region}': check the name; a region launched after that release is not listed yet`;
}

/** The example replication configuration, its first rule's destinations changed by `change`. */
function replicationWith(change: (destinations: Record<string, unknown>[]) => void): TestResource {
  const resource = replicationConfiguration();
  const configuration = resource.props.replicationConfiguration as {
    rules: { destinations: Record<string, unknown>[] }[];
  };
  change(configuration.rules[0].destinations);
  return resource;
}

describe("ecr-region-known", () => {
  it("is advisory", () => {
    assert.strictEqual(regionKnown.enforcementLevel, "advisory");
  });

  it("passes the example stack's regions, and a China and a GovCloud region", async () => {
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, replicationConfiguration()), []);
    const policy = registryPolicy(DEST_WEST, "us-west-2");
    policy.props.region = "us-west-2";
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, policy), []);
    const elsewhere = replicationWith((destinations) => {
      destinations[0].region = "cn-northwest-1";
      destinations[1].region = "us-gov-east-1";
    });
    elsewhere.props.region = "cn-north-1";
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, elsewhere), []);
  });

  it("reports us-unkown-1 (ECR's CloudFormation handler's negative test input) as a registry policy's region", async () => {
    const policy = registryPolicy(DEST_WEST, "us-west-2");
    policy.props.region = "us-unkown-1";
    assert.deepStrictEqual(
      await runResourcePolicy(regionKnown, policy),
      advisory(
        // REGION_LIST_SOURCE is "@aws-sdk/core <installed version>" (test/model/core/regions.spec.ts).
        `region: should be a region AWS lists (the AWS SDK's partition metadata, ${REGION_LIST_SOURCE}), got 'us-unkown-1': check the name; a region launched after that release is not listed yet`,
      ),
    );
  });

  it("reads the provider's region where the resource sets none, and names it as such", async () => {
    const policy = registryPolicy(DEST_WEST, "us-west-2");
    policy.provider = { props: { region: "us-unkown-1" } };
    assert.deepStrictEqual(
      await runResourcePolicy(regionKnown, policy),
      advisory(unlisted("provider.region", "us-unkown-1")),
    );
    // The resource's own region input wins over the provider's, as it does in @pulumi/aws 7.
    policy.props.region = "us-west-2";
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, policy), []);
  });

  it("reports the configuration's own region and every unlisted destination region, secrets revealed", async () => {
    const resource = replicationWith((destinations) => {
      destinations[0].region = secret("us-unkown-1");
      destinations.push({ region: "eu-westt-1", registryId: DEST_WEST });
    });
    resource.props.region = "ap-nowhere-7";
    assert.deepStrictEqual(
      await runResourcePolicy(regionKnown, resource),
      advisory(
        unlisted("region", "ap-nowhere-7"),
        unlisted("replicationConfiguration.rules[0].destinations[0].region", "us-unkown-1"),
        unlisted("replicationConfiguration.rules[0].destinations[2].region", "eu-westt-1"),
      ),
    );
  });

  it("leaves malformed regions to the validity policies, and unknown ones to apply", async () => {
    const resource = replicationWith((destinations) => {
      destinations[0].region = "US-WEST-2";
      destinations[1].region = UNKNOWN;
      destinations.push(null as unknown as Record<string, unknown>, { region: 42 });
    });
    resource.props.region = "us-iso-east-1";
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, resource), []);
    const policy = registryPolicy(DEST_WEST, "us-west-2");
    policy.props.region = UNKNOWN;
    assert.deepStrictEqual(await runResourcePolicy(regionKnown, policy), []);
  });

  it("reads configurations of any shape without failing", async () => {
    for (const replicationConfigurationValue of [undefined, null, "text", { rules: "none" }, [1]]) {
      const resource = replicationConfiguration();
      resource.props.replicationConfiguration = replicationConfigurationValue;
      assert.deepStrictEqual(await runResourcePolicy(regionKnown, resource), []);
    }
  });
});
