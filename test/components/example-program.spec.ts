/** Runs the example program (index.ts) with its dev stack config under mocks. */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readProject, readStackConfig } from "../../tools/preview/project";
import { MockCloud, valueOf } from "./mock-cloud";

const PROVIDER = "pulumi:providers:aws";
const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const CONFIGURATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const WORKLOAD_REGISTRIES = [
  "222222222222-eu-west-1",
  "222222222222-us-west-2",
  "333333333333-eu-west-1",
  "333333333333-us-west-2",
];

interface ExampleOutputs {
  routes: pulumi.Output<{ destination: { accountId: string; region: string } }[]>;
  registryPolicies: pulumi.Output<Record<string, string>>;
  rules: pulumi.Output<unknown[]>;
}

describe("the example program (index.ts, stack dev)", () => {
  const cloud = new MockCloud();
  let outputs: ExampleOutputs;

  before(async () => {
    const project = readProject(path.join(__dirname, "..", ".."));
    await cloud.install(project.name, "dev");
    pulumi.runtime.setAllConfig(readStackConfig(project, "dev"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    outputs = require(project.main) as ExampleOutputs;
    await valueOf(outputs.rules);
    // The replication is registered last: after every policy it depends on.
    await cloud.registered(CONFIGURATION, "build-to-workloads-replication");
  });
  after(() => cloud.uninstall());

  it("creates one provider per registry written to, a policy per workload registry, one replication", () => {
    assert.deepStrictEqual(
      cloud
        .summary()
        .filter(([type]) => [PROVIDER, POLICY, CONFIGURATION].includes(type))
        .sort(),
      [
        ...WORKLOAD_REGISTRIES.map((r) => [POLICY, `build-to-workloads-policy-${r}`]),
        [CONFIGURATION, "build-to-workloads-replication"],
        [PROVIDER, "build-to-workloads-provider-111111111111-us-east-1"],
        ...WORKLOAD_REGISTRIES.map((r) => [PROVIDER, `build-to-workloads-provider-${r}`]),
      ],
    );
  });

  it("gives every workload registry an immutable, KMS-encrypted template per replicated namespace (ROOT for prod-)", () => {
    for (const registry of WORKLOAD_REGISTRIES) {
      const [account, ...region] = registry.split("-");
      for (const [prefix, filter] of [
        ["ROOT", "prod-"],
        ["shared", "shared/"],
      ]) {
        assert.deepStrictEqual(
          cloud.resource(TEMPLATE, `build-to-workloads-templates-${registry}-${prefix}`).inputs,
          {
            prefix,
            appliedFors: ["REPLICATION"],
            region: region.join("-"),
            description: `Repositories replication creates for '${filter}' (ecr-replication)`,
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS" }],
            customRoleArn: `arn:aws:iam::${account}:role/ecr-replication-templates`,
          },
        );
      }
    }
  });

  it("replicates prod- and shared/ to both accounts in both regions in one rule", () => {
    assert.deepStrictEqual(cloud.resource(CONFIGURATION, "build-to-workloads-replication").inputs, {
      region: "us-east-1",
      replicationConfiguration: {
        rules: [
          {
            destinations: [
              { region: "eu-west-1", registryId: "222222222222" },
              { region: "us-west-2", registryId: "222222222222" },
              { region: "eu-west-1", registryId: "333333333333" },
              { region: "us-west-2", registryId: "333333333333" },
            ],
            repositoryFilters: [
              { filter: "prod-", filterType: "PREFIX_MATCH" },
              { filter: "shared/", filterType: "PREFIX_MATCH" },
            ],
          },
        ],
      },
    });
  });

  it("exports each workload registry's policy, the same as deployed", async () => {
    const policies = await valueOf(outputs.registryPolicies);
    assert.deepStrictEqual(Object.keys(policies), [
      "222222222222/eu-west-1",
      "222222222222/us-west-2",
      "333333333333/eu-west-1",
      "333333333333/us-west-2",
    ]);
    assert.strictEqual(
      policies["333333333333/eu-west-1"],
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [
              "arn:aws:ecr:eu-west-1:333333333333:repository/prod-*",
              "arn:aws:ecr:eu-west-1:333333333333:repository/shared/*",
            ],
          },
        ],
      }),
    );
    for (const registry of WORKLOAD_REGISTRIES) {
      const key = registry.replace(/^(\d{12})-/, "$1/");
      assert.strictEqual(
        cloud.resource(POLICY, `build-to-workloads-policy-${registry}`).inputs.policy,
        policies[key],
      );
    }
  });

  it("exports the routes", async () => {
    assert.deepStrictEqual(
      (await valueOf(outputs.routes)).map(
        (r) => `${r.destination.accountId}/${r.destination.region}`,
      ),
      [
        "222222222222/eu-west-1",
        "222222222222/us-west-2",
        "333333333333/eu-west-1",
        "333333333333/us-west-2",
      ],
    );
  });
});
