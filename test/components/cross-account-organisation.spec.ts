/**
 * CrossAccountReplication for real organisations: statements of their own in a destination's
 * policy, provider settings beyond a role name (or a provider factory), and what workload stacks
 * need of each destination (its registry URL).
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import {
  buildRegistryPolicy,
  CrossAccountReplication,
  CrossAccountReplicationArgs,
} from "../../components";
import { MockCloud, valueOf } from "./mock-cloud";

const PROVIDER = "pulumi:providers:aws";
const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };
const SAME_ACCOUNT_EU = { accountId: "111111111111", region: "eu-west-1" };
const ARGS: CrossAccountReplicationArgs = {
  source: SOURCE,
  routes: [{ destinations: [WEST, EU, SAME_ACCOUNT_EU], repositoryPrefixes: ["prod-"] }],
};
/** The organisation's CI role may pull from the WEST registry. */
const CI_PULL = {
  Sid: "CiPull",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::444444444444:role/ci" },
  Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
  Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
};
const PROVIDER_DEFAULTS = { skipCredentialsValidation: "false", skipRegionValidation: "true" };

describe("CrossAccountReplication for real organisations", () => {
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /** Builds the component and waits until every resource is registered. */
  async function build(args: CrossAccountReplicationArgs): Promise<CrossAccountReplication> {
    const component = new CrossAccountReplication("org", args);
    await Promise.all([
      valueOf(component.replication.replicationConfiguration.urn),
      ...Object.values(component.policies).map((p) => valueOf(p.registryPolicy.urn)),
    ]);
    return component;
  }

  /** The ValidationError message constructing the component with `args` throws. */
  function refusal(args: unknown): string {
    try {
      new CrossAccountReplication("org", args as CrossAccountReplicationArgs);
    } catch (error) {
      assert.ok(error instanceof Error && error.name === "ValidationError", String(error));
      return error.message;
    }
    return assert.fail("expected a ValidationError");
  }

  describe("extraStatements per destination registry", () => {
    it("appends them to that registry's policy only, exactly as RegistryReplicationPolicy does", async () => {
      const org = await build({
        ...ARGS,
        extraStatements: { "222222222222/us-west-2": [CI_PULL] },
      });
      const expected = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
          },
          CI_PULL,
        ],
      });
      assert.strictEqual(
        cloud.resource(POLICY, "org-policy-222222222222-us-west-2").inputs.policy,
        expected,
      );
      const grants = [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }];
      assert.strictEqual(
        buildRegistryPolicy(WEST, grants, { extraStatements: [CI_PULL] }).json,
        expected,
      );
      // The other registry's policy is untouched.
      assert.doesNotMatch(
        cloud.resource(POLICY, "org-policy-333333333333-eu-west-1").inputs.policy as string,
        /CiPull/,
      );
      assert.strictEqual((await valueOf(org.registryPolicies))["222222222222/us-west-2"], expected);
    });

    it("checks them as RegistryReplicationPolicy does, at extraStatements['<account>/<region>']", () => {
      assert.strictEqual(
        refusal({
          ...ARGS,
          extraStatements: {
            "222222222222/us-west-2": [{ ...CI_PULL, Sid: "ReplicationAccessCrossAccount" }],
            "333333333333/eu-west-1": "not a list",
          },
        }),
        "invalid replication extraStatements:\n" +
          "extraStatements['222222222222/us-west-2'][0].Sid: must differ from the Sid of generated statement Statement[0], got 'ReplicationAccessCrossAccount' (Sids must be unique within a policy)\n" +
          "extraStatements['333333333333/eu-west-1']: must be a list of policy statements when given, got 'not a list'",
      );
    });

    it("refuses a key that is no destination registry in another account, naming it", () => {
      assert.strictEqual(
        refusal({
          ...ARGS,
          extraStatements: { "444444444444/us-west-2": [CI_PULL], "111111111111/eu-west-1": [] },
        }),
        "invalid replication extraStatements:\n" +
          "extraStatements['444444444444/us-west-2']: must be keyed by a destination registry of the routes in another account than the source (only those have a registry policy; here '222222222222/us-west-2', '333333333333/eu-west-1'), got '444444444444/us-west-2'\n" +
          "extraStatements['111111111111/eu-west-1']: must be keyed by a destination registry of the routes in another account than the source (only those have a registry policy; here '222222222222/us-west-2', '333333333333/eu-west-1'), got '111111111111/eu-west-1'",
      );
    });
  });

  describe("provider settings", () => {
    it("applies profile, external id and session name to every created provider", async () => {
      await build({
        ...ARGS,
        assumeRoleName: "ecr-replication-deployer",
        providerSettings: { profile: "org", externalId: "ext-42", sessionName: "replication" },
      });
      assert.deepStrictEqual(
        cloud.resource(PROVIDER, "org-provider-333333333333-eu-west-1").inputs,
        {
          region: "eu-west-1",
          allowedAccountIds: JSON.stringify(["333333333333"]),
          profile: "org",
          assumeRoles: JSON.stringify([
            {
              roleArn: "arn:aws:iam::333333333333:role/ecr-replication-deployer",
              externalId: "ext-42",
              sessionName: "replication",
            },
          ]),
          ...PROVIDER_DEFAULTS,
        },
      );
    });

    it("a profile alone needs no role", async () => {
      await build({ ...ARGS, providerSettings: { profile: "org" } });
      assert.deepStrictEqual(
        cloud.resource(PROVIDER, "org-provider-111111111111-us-east-1").inputs,
        {
          region: "us-east-1",
          allowedAccountIds: JSON.stringify(["111111111111"]),
          profile: "org",
          ...PROVIDER_DEFAULTS,
        },
      );
    });

    it("refuses role settings without a role, unknown settings and non-strings", () => {
      assert.strictEqual(
        refusal({
          ...ARGS,
          providerSettings: { externalId: "ext-42", sessionName: "", region: "us-east-1" },
        }),
        "invalid cross-account replication:\n" +
          "providerSettings.externalId: must be left out unless assumeRoleName is given (it is passed when assuming that role), got 'ext-42'\n" +
          "providerSettings.sessionName: must be a non-empty string when given, got ''\n" +
          "providerSettings.region: is not a provider setting: the settings are 'profile', 'externalId', 'sessionName'",
      );
    });

    it("refuses providerSettings and providerFactory together with providers", () => {
      const providers = Object.fromEntries(
        [SOURCE, WEST, EU].map(({ accountId, region }) => [
          `${accountId}/${region}`,
          new aws.Provider(`given-${accountId}`, { region, allowedAccountIds: [accountId] }),
        ]),
      );
      assert.strictEqual(
        refusal({
          ...ARGS,
          providers,
          providerSettings: { profile: "org" },
          providerFactory: () => ({}),
        }),
        "invalid cross-account replication:\n" +
          `providerSettings: must be left out when providers are given (it only applies to providers the component creates), got {"profile":"org"}\n` +
          "providerFactory: must be left out when providers are given (it only applies to providers the component creates), got function",
      );
    });
  });

  describe("providerFactory", () => {
    it("makes each created provider's arguments, asked with each registry", async () => {
      const asked: string[] = [];
      await build({
        ...ARGS,
        providerFactory: ({ accountId, region }) => {
          asked.push(`${accountId}/${region}`);
          return { region, allowedAccountIds: [accountId], profile: `account-${accountId}` };
        },
      });
      assert.deepStrictEqual(asked, [
        "111111111111/us-east-1",
        "222222222222/us-west-2",
        "333333333333/eu-west-1",
      ]);
      assert.deepStrictEqual(
        cloud.resource(PROVIDER, "org-provider-222222222222-us-west-2").inputs,
        {
          region: "us-west-2",
          allowedAccountIds: JSON.stringify(["222222222222"]),
          profile: "account-222222222222",
          ...PROVIDER_DEFAULTS,
        },
      );
    });

    it("refuses assumeRoleName and providerSettings beside it, and a factory returning no object", async () => {
      assert.strictEqual(
        refusal({
          ...ARGS,
          assumeRoleName: "deployer",
          providerSettings: { profile: "org" },
          providerFactory: () => ({}),
        }),
        "invalid cross-account replication:\n" +
          "assumeRoleName: must be left out when providerFactory is given (the factory's provider arguments are used as they are), got 'deployer'\n" +
          `providerSettings: must be left out when providerFactory is given (the factory's provider arguments are used as they are), got {"profile":"org"}`,
      );
      assert.strictEqual(
        refusal({ ...ARGS, providerFactory: () => null }),
        "invalid cross-account replication:\n" +
          "providerFactory: must return the arguments of an aws.Provider (an object) for every registry, got null for '111111111111/us-east-1'\n" +
          "providerFactory: must return the arguments of an aws.Provider (an object) for every registry, got null for '222222222222/us-west-2'\n" +
          "providerFactory: must return the arguments of an aws.Provider (an object) for every registry, got null for '333333333333/eu-west-1'",
      );
      assert.deepStrictEqual(await cloud.settledSummary(), []);
    });

    it("a factory's provider of another account fails its child at providerFactory", async () => {
      cloud.ambientAccountId = "999999999999";
      new CrossAccountReplication("org", {
        source: SOURCE,
        routes: [{ destinations: [WEST], repositoryPrefixes: ["prod-"] }],
        // Limits only the source's provider: the other acts in the ambient account.
        providerFactory: ({ accountId, region }) =>
          accountId === SOURCE.accountId ? { region, allowedAccountIds: [accountId] } : { region },
      });
      const [unhandled] = await cloud.unhandled(1);
      cloud.forgetFailedRegistrations();
      assert.strictEqual(
        (unhandled as Error).message.replace(/^(error serializing property "\w+": )+/, ""),
        "provider of another account:\nproviderFactory: the provider writes to account 999999999999, not the registry's 222222222222: return the arguments of a provider for account 222222222222 for '222222222222/us-west-2'",
      );
      cloud.ambientAccountId = undefined;
    });
  });

  describe("destinations", () => {
    it("outputs every destination registry with its URL, the source account's own included", async () => {
      const org = await build(ARGS);
      assert.deepStrictEqual(await valueOf(org.destinations), {
        "111111111111/eu-west-1": {
          registryUrl: "111111111111.dkr.ecr.eu-west-1.amazonaws.com",
          accountId: "111111111111",
          region: "eu-west-1",
        },
        "222222222222/us-west-2": {
          registryUrl: "222222222222.dkr.ecr.us-west-2.amazonaws.com",
          accountId: "222222222222",
          region: "us-west-2",
        },
        "333333333333/eu-west-1": {
          registryUrl: "333333333333.dkr.ecr.eu-west-1.amazonaws.com",
          accountId: "333333333333",
          region: "eu-west-1",
        },
      });
    });

    it("uses the partition's DNS suffix: amazonaws.com.cn in China", async () => {
      const org = await build({
        source: { accountId: "111111111111", region: "cn-north-1" },
        routes: [
          {
            destinations: [{ accountId: "222222222222", region: "cn-northwest-1" }],
            repositoryPrefixes: ["prod-"],
          },
        ],
      });
      assert.deepStrictEqual(await valueOf(org.destinations), {
        "222222222222/cn-northwest-1": {
          registryUrl: "222222222222.dkr.ecr.cn-northwest-1.amazonaws.com.cn",
          accountId: "222222222222",
          region: "cn-northwest-1",
        },
      });
    });
  });
});
