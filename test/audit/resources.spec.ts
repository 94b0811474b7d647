/**
 * The organisation as the resources of one stack (tools/audit/resources.ts): the @pulumi/aws
 * shapes with their state as read, each with its registry's provider, named after its file.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { readOrganisation } from "../../tools/audit/layout";
import { withFileNames } from "../../tools/audit/report";
import { organisationPlan, registriesWithoutPolicy } from "../../tools/audit/resources";

const ORGANISATION = path.join(__dirname, "..", "fixtures", "audit-org");
const URN = "urn:pulumi:organisation::ecr-audit::";

describe("audit: the organisation as one stack's resources", () => {
  const organisation = readOrganisation(ORGANISATION);
  const { plan, origins } = organisationPlan(organisation);

  it("holds the stack, a provider per registry with a resource, and a resource per document", () => {
    assert.deepStrictEqual(
      plan.resources.map((resource) => [resource.type, resource.name, resource.implicit]),
      [
        ["pulumi:pulumi:Stack", "ecr-audit-organisation", true],
        ["pulumi:providers:aws", "aws-111111111111-us-east-1", true],
        ["pulumi:providers:aws", "aws-222222222222-us-west-2", true],
        ["pulumi:providers:aws", "aws-333333333333-us-west-2", true],
        ["pulumi:providers:aws", "aws-444444444444-us-east-1", true],
        ["pulumi:providers:aws", "aws-666666666666-us-east-1", true],
        [
          "aws:ecr/replicationConfiguration:ReplicationConfiguration",
          "111111111111/us-east-1/describe-registry.json",
          false,
        ],
        [
          "aws:ecr/accountSetting:AccountSetting",
          "111111111111/us-east-1/get-account-setting.json",
          false,
        ],
        [
          "aws:ecr/registryPolicy:RegistryPolicy",
          "222222222222/us-west-2/get-registry-policy.json",
          false,
        ],
        [
          "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
          "222222222222/us-west-2/describe-repository-creation-templates.json#0",
          false,
        ],
        [
          "aws:ecr/accountSetting:AccountSetting",
          "222222222222/us-west-2/get-account-setting.json",
          false,
        ],
        [
          "aws:ecr/registryPolicy:RegistryPolicy",
          "333333333333/us-west-2/get-registry-policy.json",
          false,
        ],
        [
          "aws:ecr/accountSetting:AccountSetting",
          "333333333333/us-west-2/get-account-setting.json",
          false,
        ],
        [
          "aws:ecr/registryPolicy:RegistryPolicy",
          "444444444444/us-east-1/get-registry-policy.json",
          false,
        ],
        [
          "aws:ecr/replicationConfiguration:ReplicationConfiguration",
          "444444444444/us-east-1/describe-registry.json",
          false,
        ],
        [
          "aws:ecr/registryPolicy:RegistryPolicy",
          "666666666666/us-east-1/get-registry-policy.json",
          false,
        ],
      ],
    );
  });

  it("gives a registry policy and a replication configuration their state and provider as read", () => {
    const byName = (name: string) => plan.resources.find((resource) => resource.name === name);
    const policyFile = "333333333333/us-west-2/get-registry-policy.json";
    const policyText = (
      JSON.parse(fs.readFileSync(path.join(ORGANISATION, policyFile), "utf8")) as {
        policyText: string;
      }
    ).policyText;
    const provider = {
      urn: `${URN}pulumi:providers:aws::aws-333333333333-us-west-2`,
      type: "pulumi:providers:aws",
      name: "aws-333333333333-us-west-2",
      properties: { region: "us-west-2", allowedAccountIds: '["333333333333"]' },
    };
    assert.deepStrictEqual(byName(policyFile), {
      urn: `${URN}aws:ecr/registryPolicy:RegistryPolicy::${policyFile}`,
      type: "aws:ecr/registryPolicy:RegistryPolicy",
      name: policyFile,
      properties: { policy: policyText, registryId: "333333333333", region: "us-west-2" },
      provider,
      parent: `${URN}pulumi:pulumi:Stack::ecr-audit-organisation`,
      operation: "read",
      custom: true,
      implicit: false,
    });
    const replication = byName("444444444444/us-east-1/describe-registry.json");
    assert.deepStrictEqual(replication?.properties, {
      replicationConfiguration: {
        rules: [
          {
            destinations: [{ region: "us-west-2", registryId: "222222222222" }],
            repositoryFilters: [{ filter: "tools", filterType: "PREFIX_MATCH" }],
          },
        ],
      },
      registryId: "444444444444",
      region: "us-east-1",
    });
    assert.deepStrictEqual(
      origins.get(
        `${URN}aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate::222222222222/us-west-2/describe-repository-creation-templates.json#0`,
      ),
      {
        account: "222222222222",
        region: "us-west-2",
        file: "222222222222/us-west-2/describe-repository-creation-templates.json",
      },
    );
  });

  it("knows which registries read have no registry policy", () => {
    assert.deepStrictEqual(registriesWithoutPolicy(organisation), [
      "111111111111/eu-west-1",
      "111111111111/us-east-1",
      "555555555555/eu-west-1",
    ]);
  });

  it("shows the URN of an audited resource in a message as its file, and no other URN", () => {
    const policy = `${URN}aws:ecr/registryPolicy:RegistryPolicy::333333333333/us-west-2/get-registry-policy.json`;
    const stranger = `${URN}aws:ecr/registryPolicy:RegistryPolicy::999999999999/us-west-2/get-registry-policy.json`;
    assert.strictEqual(
      withFileNames(`registry policy ${policy} does not grant; (${stranger}), ${policy}`, origins),
      `registry policy 333333333333/us-west-2/get-registry-policy.json does not grant; (${stranger}), 333333333333/us-west-2/get-registry-policy.json`,
    );
  });
});
