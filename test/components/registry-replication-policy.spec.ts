import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, RegistryReplicationPolicy } from "../../components";
import { failure, MockCloud, urn, valueOf } from "./mock-cloud";

const TYPE = "ecr-replication:index:RegistryReplicationPolicy";
const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const PROD_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReplicationAccessCrossAccount",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
    },
  ],
});

describe("RegistryReplicationPolicy", () => {
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  it("creates one registry policy under the component with the built JSON and the region", async () => {
    const component = new RegistryReplicationPolicy("receiver", {
      registry: REGISTRY,
      sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
    });
    assert.strictEqual(await valueOf(component.policyJson), PROD_POLICY);
    await valueOf(component.registryPolicy.urn);
    assert.deepStrictEqual(cloud.summary(), [
      [TYPE, "receiver"],
      [POLICY_TYPE, "receiver"],
    ]);
    const policy = cloud.resource(POLICY_TYPE, "receiver");
    assert.strictEqual(policy.parent, urn([TYPE], "receiver"));
    assert.strictEqual(policy.custom, true);
    assert.deepStrictEqual(policy.inputs, { policy: PROD_POLICY, region: "us-west-2" });
  });

  it("passes the component's provider on to the registry policy", async () => {
    const provider = new aws.Provider("workload", { region: "us-west-2" });
    const component = new RegistryReplicationPolicy(
      "receiver",
      {
        registry: REGISTRY,
        sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
      },
      { provider },
    );
    await valueOf(component.registryPolicy.urn);
    assert.strictEqual(
      cloud.resource(POLICY_TYPE, "receiver").provider,
      `${urn(["pulumi:providers:aws"], "workload")}::workload-id`,
    );
  });

  it("accepts outputs, such as an account id from another stack", async () => {
    const component = new RegistryReplicationPolicy("receiver", {
      registry: { accountId: pulumi.output(REGISTRY.accountId), region: REGISTRY.region },
      sources: pulumi.output([
        { accountId: pulumi.output("111111111111"), repositoryPrefixes: [pulumi.output("prod-")] },
      ]),
    });
    assert.strictEqual(await valueOf(component.policyJson), PROD_POLICY);
    await valueOf(component.registryPolicy.urn);
    assert.deepStrictEqual(cloud.resource(POLICY_TYPE, "receiver").inputs, {
      policy: PROD_POLICY,
      region: "us-west-2",
    });
  });

  it("throws before creating anything for a bad account id", () => {
    assert.throws(
      () =>
        new RegistryReplicationPolicy("receiver", {
          registry: REGISTRY,
          sources: [
            { accountId: "111111111111", repositoryPrefixes: ["prod-"] },
            { accountId: "1234", repositoryPrefixes: ["prod-"] },
          ],
        }),
      {
        name: "ValidationError",
        message:
          "invalid registry policy:\nsources[1].accountId: must be a 12-digit AWS account id, got '1234'",
      },
    );
    assert.deepStrictEqual(cloud.summary(), []);
  });

  it("fails the policy once an account id given as an output turns out bad", async () => {
    const component = new RegistryReplicationPolicy("receiver", {
      registry: REGISTRY,
      sources: [
        { accountId: "111111111111", repositoryPrefixes: ["prod-"] },
        { accountId: pulumi.output("1234"), repositoryPrefixes: ["prod-"] },
      ],
    });
    const problems = [
      {
        path: "sources[1].accountId",
        message: "must be a 12-digit AWS account id, got '1234'",
      },
    ];
    const failed = await failure(component.policyJson);
    assert.deepStrictEqual(failed.problems, problems);
    assert.strictEqual(
      formatProblems(failed.problems),
      "sources[1].accountId: must be a 12-digit AWS account id, got '1234'",
    );
    // The policy's registration fails with the same error, which the runtime prefixes with the
    // properties it was serializing ("policy", and "outputs" for the component's outputs).
    const [unhandled] = await cloud.unhandled(1);
    assert.strictEqual(unhandled, failed);
    assert.match(
      failed.message,
      /^(error serializing property "\w+": )+invalid registry policy:\nsources\[1\]\.accountId: must be a 12-digit AWS account id, got '1234'$/,
    );
    assert.deepStrictEqual(cloud.summary(), [[TYPE, "receiver"]]);
  });
});
