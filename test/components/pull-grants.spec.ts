/**
 * Pull grants as typed input of the components: `RegistryReplicationPolicy`'s `pullGrants` and
 * `CrossAccountReplication`'s `pullGrants` per destination registry (the hub registries of the
 * large-organisation pattern), with exact inputs of the registry policies created and exact
 * refusals at the paths the user wrote.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  buildRegistryPolicy,
  CrossAccountReplication,
  CrossAccountReplicationArgs,
  formatProblems,
  RegistryReplicationPolicy,
} from "../../components";
import { failure, MockCloud, valueOf } from "./mock-cloud";

const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const ORG = "o-a1b2c3d4e5";
const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const BUILD = { accountId: "111111111111", region: "us-east-1" };
const HUB_WEST = { accountId: "444444444444", region: "us-west-2" };
const HUB_EU = { accountId: "444444444444", region: "eu-west-1" };
const ORG_PULL = { organizationIds: [ORG], repositoryPrefixes: ["prod-", "shared/"] };

/** The organisation's pull statement in `registry`. */
function organizationStatement(region: string, account: string) {
  return {
    Sid: "PullAccessOrganization",
    Effect: "Allow",
    Principal: "*",
    Action: PULL,
    Resource: [
      `arn:aws:ecr:${region}:${account}:repository/prod-*`,
      `arn:aws:ecr:${region}:${account}:repository/shared/*`,
    ],
    Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
  };
}

describe("pull grants in the components", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", HUB_WEST.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  describe("RegistryReplicationPolicy", () => {
    it("writes the pull statements after the replication ones into the one registry policy", async () => {
      const component = new RegistryReplicationPolicy("hub", {
        registry: HUB_WEST,
        sources: [{ accountId: BUILD.accountId, repositoryPrefixes: ["prod-", "shared/"] }],
        pullGrants: [ORG_PULL, { accountIds: ["555555555555"], repositoryPrefixes: ["shared/"] }],
      });
      const expected = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [
              "arn:aws:ecr:us-west-2:444444444444:repository/prod-*",
              "arn:aws:ecr:us-west-2:444444444444:repository/shared/*",
            ],
          },
          {
            Sid: "PullAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::555555555555:root" },
            Action: PULL,
            Resource: ["arn:aws:ecr:us-west-2:444444444444:repository/shared/*"],
          },
          organizationStatement("us-west-2", "444444444444"),
        ],
      });
      assert.strictEqual(await valueOf(component.policyJson), expected);
      await valueOf(component.registryPolicy.urn);
      assert.deepStrictEqual(cloud.resource(POLICY_TYPE, "hub").inputs, {
        policy: expected,
        region: "us-west-2",
      });
    });

    it("makes a pull-only policy (a hub in the build account itself needs no replication grant)", async () => {
      const component = new RegistryReplicationPolicy("hub", {
        registry: HUB_WEST,
        sources: [],
        pullGrants: [ORG_PULL],
      });
      const expected = JSON.stringify({
        Version: "2012-10-17",
        Statement: [organizationStatement("us-west-2", "444444444444")],
      });
      assert.strictEqual(await valueOf(component.policyJson), expected);
      await valueOf(component.registryPolicy.urn);
      assert.strictEqual(cloud.resource(POLICY_TYPE, "hub").inputs.policy, expected);
    });

    it("refuses bad pull grants at their paths before creating anything", async () => {
      assert.throws(
        () =>
          new RegistryReplicationPolicy("hub", {
            registry: HUB_WEST,
            sources: [],
            pullGrants: [
              { organizationIds: ["o-1"], repositoryPrefixes: ["prod-"] },
              { accountIds: [HUB_WEST.accountId], allRepositories: true },
            ],
          }),
        {
          name: "ValidationError",
          message:
            "invalid registry policy:\n" +
            "pullGrants[0].organizationIds[0]: must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, such as 'o-a1b2c3d4e5', got 'o-1'\n" +
            "pullGrants[1].accountIds[0]: must not be the registry's own account, got '444444444444': its own principals pull with their identity policies alone",
        },
      );
      assert.deepStrictEqual(await cloud.settledSummary(), []);
    });

    it("checks pull grants given as outputs once known, failing the policy", async () => {
      const component = new RegistryReplicationPolicy("hub", {
        registry: HUB_WEST,
        sources: [],
        pullGrants: [{ organizationIds: pulumi.output(["o-BAD"]), allRepositories: true }],
      });
      const failed = await failure(component.policyJson);
      assert.strictEqual(
        formatProblems(failed.problems),
        "pullGrants[0].organizationIds[0]: must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, such as 'o-a1b2c3d4e5', got 'o-BAD'",
      );
      await cloud.unhandled(1);
      cloud.forgetFailedRegistrations();
    });
  });

  describe("CrossAccountReplication", () => {
    const HUBS: CrossAccountReplicationArgs = {
      source: BUILD,
      routes: [{ destinations: [HUB_WEST, HUB_EU], repositoryPrefixes: ["prod-", "shared/"] }],
    };

    /** The ValidationError message constructing the component with `args` throws. */
    function refusal(args: unknown): string {
      try {
        new CrossAccountReplication("hubs", args as CrossAccountReplicationArgs);
      } catch (error) {
        assert.ok(error instanceof Error && error.name === "ValidationError", String(error));
        return error.message;
      }
      return assert.fail("expected a ValidationError");
    }

    it("adds each hub's pull grants to its policy only, exactly as RegistryReplicationPolicy does", async () => {
      const component = new CrossAccountReplication("hubs", {
        ...HUBS,
        pullGrants: { "444444444444/eu-west-1": [ORG_PULL] },
      });
      await Promise.all(
        Object.values(component.policies).map((p) => valueOf(p.registryPolicy.urn)),
      );
      const grants = [
        {
          accountId: BUILD.accountId,
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ];
      const eu = buildRegistryPolicy(HUB_EU, grants, { pullGrants: [ORG_PULL] }).json;
      assert.deepStrictEqual(
        JSON.parse(eu).Statement[1],
        organizationStatement("eu-west-1", "444444444444"),
      );
      assert.deepStrictEqual(
        [
          cloud.resource(POLICY_TYPE, "hubs-policy-444444444444-eu-west-1").inputs.policy,
          cloud.resource(POLICY_TYPE, "hubs-policy-444444444444-us-west-2").inputs.policy,
        ],
        [eu, buildRegistryPolicy(HUB_WEST, grants).json],
      );
      assert.deepStrictEqual(await valueOf(component.registryPolicies), {
        "444444444444/eu-west-1": eu,
        "444444444444/us-west-2": buildRegistryPolicy(HUB_WEST, grants).json,
      });
    });

    it("checks them as RegistryReplicationPolicy does, at pullGrants['<account>/<region>']", () => {
      assert.strictEqual(
        refusal({
          ...HUBS,
          pullGrants: {
            "444444444444/us-west-2": [{ accountIds: ["555555555555"] }],
            "444444444444/eu-west-1": "the organisation",
            "444444444444/ap-southeast-2": [ORG_PULL],
          },
        }),
        "invalid replication pullGrants:\n" +
          "pullGrants['444444444444/ap-southeast-2']: must be keyed by a destination registry of the routes in another account than the source (only those have a registry policy; here '444444444444/eu-west-1', '444444444444/us-west-2'), got '444444444444/ap-southeast-2'\n" +
          "pullGrants['444444444444/eu-west-1']: must be a list of pull grants when given, got 'the organisation'\n" +
          "pullGrants['444444444444/us-west-2'][0].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
      );
      assert.strictEqual(
        refusal({ ...HUBS, pullGrants: [ORG_PULL] }),
        `invalid replication pullGrants:\npullGrants: must be an object of pull grant lists keyed '<accountId>/<region>' when given, got [{"organizationIds":["o-a1b2c3d4e5"],"repositoryPrefixes":["prod-","shared/"]}]`,
      );
    });

    it("reports a hub policy over ECR's size limit because of its pull grants at them", () => {
      const teams = Array.from({ length: 60 }, (_, i) => ({
        accountIds: [`5${String(i).padStart(11, "0")}`],
        repositoryPrefixes: [`team-${i}/`],
      }));
      const message = refusal({ ...HUBS, pullGrants: { "444444444444/us-west-2": teams } });
      // The same text as RegistryReplicationPolicy's (test/model/registry-policy/pull-grants.spec.ts).
      assert.strictEqual(
        message,
        "invalid replication pullGrants:\npullGrants['444444444444/us-west-2']: make a registry policy of 15249 characters, 5009 over ECR's limit of 10240 (PutRegistryPolicy), even packed, 328 without the pull grants: the pull grants to the first 39 of the 60 accounts (in account order) fit, without 500000000039, 500000000040, 500000000041, 500000000042, 500000000043 and 16 more; grant pull to organizations (organizationIds: one condition for all their accounts) rather than to accounts one by one, or use fewer, shorter prefixes",
      );
    });
  });
});
