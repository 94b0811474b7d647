/**
 * Routes out, grants in, on Pulumi's mock runtime: the `ecrReplicationRoutes` output of the
 * source-side components, and `replicationSourcesFromStacks` reading it through stack references
 * (answered as the offline preview answers them) into a destination's `RegistryReplicationPolicy`.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
  replicationSourcesFromStacks,
  ValidationError,
} from "../../components";
import { secret } from "../../tools/analyzer";
import { failure, MockCloud, valueOf } from "./mock-cloud";

const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const BUILD = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };

/** What `pulumi.Output#isSecret` resolves to (internal to the SDK, but stable). */
function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

describe("routes across stacks: the source side's ecrReplicationRoutes output", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("ecr-build", "prod", BUILD.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  it("RegistryReplication outputs what each destination in another account must grant", async () => {
    const replication = new RegistryReplication("build", {
      source: BUILD,
      routes: [
        {
          destinations: [WEST, EU, { accountId: BUILD.accountId, region: "eu-west-1" }],
          repositoryPrefixes: ["prod-", "shared/"],
        },
        { destinations: [WEST], repositoryPrefixes: ["team-a/"], allowCreateRepository: false },
      ],
    });
    assert.deepStrictEqual(await valueOf(replication.ecrReplicationRoutes), {
      "222222222222/us-west-2": [
        {
          accountId: "111111111111",
          repositoryPrefixes: ["team-a/"],
          allowCreateRepository: false,
        },
        {
          accountId: "111111111111",
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ],
      "333333333333/eu-west-1": [
        {
          accountId: "111111111111",
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ],
    });
  });

  it("CrossAccountReplication outputs the same as its replication child", async () => {
    const replication = new CrossAccountReplication("both", {
      source: BUILD,
      routes: [{ destinations: [WEST], repositoryPrefixes: ["prod-"] }],
    });
    assert.deepStrictEqual(await valueOf(replication.ecrReplicationRoutes), {
      "222222222222/us-west-2": [
        { accountId: "111111111111", repositoryPrefixes: ["prod-"], allowCreateRepository: true },
      ],
    });
    assert.deepStrictEqual(
      await valueOf(replication.ecrReplicationRoutes),
      await valueOf(replication.replication.ecrReplicationRoutes),
    );
  });
});

describe("routes across stacks: replicationSourcesFromStacks in the destination's stack", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("ecr-workload", "prod", WEST.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => {
    cloud.reset();
    cloud.stackOutputs = {
      "acme/ecr-build/prod": {
        ecrReplicationRoutes: {
          "222222222222/us-west-2": [
            {
              accountId: "111111111111",
              repositoryPrefixes: ["prod-", "shared/"],
              allowCreateRepository: true,
            },
          ],
          "333333333333/eu-west-1": [
            {
              accountId: "111111111111",
              repositoryPrefixes: ["prod-", "shared/"],
              allowCreateRepository: true,
            },
          ],
        },
      },
      "acme/ecr-build/tools": {
        ecrReplicationRoutes: {
          "222222222222/us-west-2": [
            {
              accountId: "444444444444",
              repositoryPrefixes: ["tools/"],
              allowCreateRepository: false,
            },
          ],
        },
      },
    };
  });

  it("merges two source stacks into one destination's sources and builds its policy from them", async () => {
    const stacks = ["acme/ecr-build/prod", "acme/ecr-build/tools"].map(
      (name) => new pulumi.StackReference(name),
    );
    const sources = replicationSourcesFromStacks(WEST, stacks);
    assert.deepStrictEqual(await valueOf(sources), [
      {
        accountId: "111111111111",
        repositoryPrefixes: ["prod-", "shared/"],
        allowCreateRepository: true,
      },
      { accountId: "444444444444", repositoryPrefixes: ["tools/"], allowCreateRepository: false },
    ]);
    const policy = new RegistryReplicationPolicy("workload", { registry: WEST, sources });
    assert.deepStrictEqual(JSON.parse(await valueOf(policy.policyJson)), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReplicationAccessCrossAccount1",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
          Resource: [
            "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
            "arn:aws:ecr:us-west-2:222222222222:repository/shared/*",
          ],
        },
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::444444444444:root" },
          Action: ["ecr:ReplicateImage"],
          Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/tools/*"],
        },
      ],
    });
    assert.strictEqual(await isSecret(sources), false);
  });

  it("keeps a secret output secret: the sources and the policy built from them", async () => {
    cloud.stackOutputs["acme/ecr-build/prod"] = {
      ecrReplicationRoutes: secret({
        "222222222222/us-west-2": [
          { accountId: "111111111111", repositoryPrefixes: ["prod-"], allowCreateRepository: true },
        ],
      }),
    };
    const sources = replicationSourcesFromStacks(WEST, [
      new pulumi.StackReference("acme/ecr-build/prod"),
    ]);
    assert.deepStrictEqual(await valueOf(sources), [
      { accountId: "111111111111", repositoryPrefixes: ["prod-"], allowCreateRepository: true },
    ]);
    assert.strictEqual(await isSecret(sources), true);
    const policy = new RegistryReplicationPolicy("workload", { registry: WEST, sources });
    await valueOf(policy.registryPolicy.urn);
    assert.strictEqual(await isSecret(policy.policyJson), true);
    assert.strictEqual(cloud.resource(POLICY_TYPE, "workload").inputs.region, "us-west-2");
  });

  it("fails with a ValidationError naming the stack and the path in its output", async () => {
    cloud.stackOutputs["acme/ecr-build/tools"] = {
      ecrReplicationRoutes: {
        "222222222222/us-west-2": [{ accountId: "4444", repositoryPrefixes: ["Tools/"] }],
      },
    };
    cloud.stackOutputs["acme/network/prod"] = { vpcId: "vpc-1" };
    const error = await failure(
      replicationSourcesFromStacks(
        WEST,
        ["acme/ecr-build/prod", "acme/ecr-build/tools", "acme/network/prod"].map(
          (name) => new pulumi.StackReference(name),
        ),
      ),
    );
    assert.strictEqual(
      error.message,
      [
        "invalid replication routes of referenced stacks:",
        "stack reference 'acme/ecr-build/tools' ecrReplicationRoutes['222222222222/us-west-2'][0].accountId: must be a 12-digit AWS account id, got '4444'",
        "stack reference 'acme/ecr-build/tools' ecrReplicationRoutes['222222222222/us-west-2'][0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Tools/'",
        "stack reference 'acme/network/prod' ecrReplicationRoutes: must be the routes a source stack exports, an object of grant lists keyed '<accountId>/<region>', got undefined: the stack exports no ecrReplicationRoutes",
      ].join("\n"),
    );
  });

  it("refuses a destination registry that is not one, and stacks that are not stack references", async () => {
    const error = await failure(
      replicationSourcesFromStacks({ accountId: "2222", region: "us-west-2" }, []),
    );
    assert.strictEqual(
      error.message,
      "invalid replication routes of referenced stacks:\nregistry.accountId: must be a 12-digit AWS account id, got '2222'",
    );
    assert.throws(
      () =>
        replicationSourcesFromStacks(WEST, [
          "acme/ecr-build/prod" as unknown as pulumi.StackReference,
        ]),
      (thrown: unknown) =>
        thrown instanceof ValidationError &&
        thrown.message ===
          "invalid replication sources:\nstacks[0]: must be a pulumi.StackReference, got 'acme/ecr-build/prod'",
    );
  });
});
