/**
 * The right account or nothing: a registry's singletons are written only through a provider acting
 * in the registry's account (its caller identity, as the mock cloud answers it per provider).
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
} from "../../components";
import { MockCloud, urn, valueOf } from "./mock-cloud";

const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const CONFIGURATION_TYPE = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const SOURCES = [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }];
const ROUTES = [{ destinations: [REGISTRY], repositoryPrefixes: ["prod-"] }];
/** The account of the ambient credentials: neither the source's nor the registry's. */
const OTHER_ACCOUNT = "999999999999";

/**
 * The message a failed registration carries: the runtime prefixes the error with the properties
 * it was serializing; the rest is exactly `expected`.
 */
async function registrationFailure(cloud: MockCloud): Promise<string> {
  const [unhandled] = await cloud.unhandled(1);
  cloud.forgetFailedRegistrations();
  assert.ok(unhandled instanceof Error, String(unhandled));
  assert.strictEqual(unhandled.name, "ValidationError");
  return unhandled.message.replace(/^(error serializing property "\w+": )+/, "");
}

describe("components write a registry's singletons only through its account's provider", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", OTHER_ACCOUNT));
  after(() => cloud.uninstall());
  beforeEach(() => {
    cloud.reset();
    cloud.ambientAccountId = OTHER_ACCOUNT;
  });

  it("RegistryReplicationPolicy with a provider of the registry's account: written", async () => {
    const provider = new aws.Provider("workload", {
      region: REGISTRY.region,
      allowedAccountIds: [REGISTRY.accountId],
    });
    const policy = new RegistryReplicationPolicy(
      "receiver",
      { registry: REGISTRY, sources: SOURCES },
      { provider },
    );
    await valueOf(policy.registryPolicy.urn);
    assert.strictEqual(
      cloud.resource(POLICY_TYPE, "receiver").inputs.policy,
      await valueOf(policy.policyJson),
    );
    assert.deepStrictEqual(
      cloud.invokes.map(({ token, provider: used, answer }) => [token, used, answer.accountId]),
      [
        [
          CALLER_IDENTITY,
          `${urn(["pulumi:providers:aws"], "workload")}::workload-id`,
          REGISTRY.accountId,
        ],
      ],
    );
  });

  it("RegistryReplicationPolicy without a provider, the default one of another account: fails naming both", async () => {
    new RegistryReplicationPolicy("receiver", { registry: REGISTRY, sources: SOURCES });
    assert.strictEqual(
      await registrationFailure(cloud),
      "provider of another account:\nregistry: the provider writes to account 999999999999, not the registry's 222222222222: pass a provider for account 222222222222 as opts.provider",
    );
    assert.deepStrictEqual(
      cloud.resources.filter(({ type }) => type === POLICY_TYPE),
      [],
      "nothing written",
    );
    assert.deepStrictEqual(
      cloud.invokes.map(({ provider }) => provider),
      [""],
      "the default provider",
    );
  });

  it("RegistryReplicationPolicy with a provider naming no account (ambient credentials of another): fails", async () => {
    const provider = new aws.Provider("workload", { region: REGISTRY.region });
    new RegistryReplicationPolicy(
      "receiver",
      { registry: REGISTRY, sources: SOURCES },
      { provider },
    );
    assert.strictEqual(
      await registrationFailure(cloud),
      "provider of another account:\nregistry: the provider writes to account 999999999999, not the registry's 222222222222: pass a provider for account 222222222222 as opts.provider",
    );
  });

  it("a caller identity without an account (a unit test's own mocks): built, not judged", async () => {
    // AWS always answers with an account id; a program under mocks that answer invokes with {}
    // must still build rather than fail with 'account undefined'.
    const mocks: pulumi.runtime.Mocks = {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    };
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    try {
      const policy = new RegistryReplicationPolicy("receiver", {
        registry: REGISTRY,
        sources: SOURCES,
      });
      assert.strictEqual(
        await valueOf(policy.registryPolicy.policy),
        await valueOf(policy.policyJson),
      );
    } finally {
      await cloud.install("project", "stack", OTHER_ACCOUNT);
    }
  });

  it("RegistryReplicationPolicy with the provider of its parent: the parent's account decides", async () => {
    const provider = new aws.Provider("workload", {
      region: REGISTRY.region,
      assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deployer" }],
    });
    const parent = new pulumi.ComponentResource(
      "test:index:Workload",
      "workload",
      {},
      {
        providers: [provider],
      },
    );
    const policy = new RegistryReplicationPolicy(
      "receiver",
      { registry: REGISTRY, sources: SOURCES },
      { parent },
    );
    await valueOf(policy.registryPolicy.urn);
    assert.strictEqual(
      cloud.resource(POLICY_TYPE, "receiver").inputs.policy,
      await valueOf(policy.policyJson),
    );
    assert.deepStrictEqual(
      cloud.invokes.map(({ answer }) => answer.accountId),
      [REGISTRY.accountId],
    );
  });

  it("RegistryReplication without a provider, the default one of another account: fails naming both", async () => {
    new RegistryReplication("build", { source: SOURCE, routes: ROUTES });
    assert.strictEqual(
      await registrationFailure(cloud),
      "provider of another account:\nsource: the provider writes to account 999999999999, not the registry's 111111111111: pass a provider for account 111111111111 as opts.provider",
    );
    assert.deepStrictEqual(
      cloud.resources.filter(({ type }) => type === CONFIGURATION_TYPE),
      [],
      "nothing written",
    );
  });

  it("RegistryReplication with the default provider of its own account: written", async () => {
    cloud.ambientAccountId = SOURCE.accountId;
    const replication = new RegistryReplication("build", { source: SOURCE, routes: ROUTES });
    await valueOf(replication.replicationConfiguration.urn);
    assert.deepStrictEqual(
      cloud.resource(CONFIGURATION_TYPE, "build").inputs.replicationConfiguration,
      { rules: await valueOf(replication.rules) },
    );
  });

  it("CrossAccountReplication's created providers (allowedAccountIds) pass, whatever the ambient account", async () => {
    const org = new CrossAccountReplication("org", { source: SOURCE, routes: ROUTES });
    await valueOf(org.replication.replicationConfiguration.urn);
    await valueOf(org.policies["222222222222/us-west-2"].registryPolicy.urn);
    assert.deepStrictEqual(cloud.invokes.map(({ answer }) => answer.accountId).sort(), [
      SOURCE.accountId,
      REGISTRY.accountId,
    ]);
    assert.strictEqual(
      cloud.resource(POLICY_TYPE, "org-policy-222222222222-us-west-2").inputs.policy,
      (await valueOf(org.registryPolicies))["222222222222/us-west-2"],
    );
  });

  it("CrossAccountReplication with a given provider of another account: fails at that provider", async () => {
    const providers = {
      "111111111111/us-east-1": new aws.Provider("build", { allowedAccountIds: ["111111111111"] }),
      "222222222222/us-west-2": new aws.Provider("workload", { region: "us-west-2" }),
    };
    new CrossAccountReplication("org", { source: SOURCE, routes: ROUTES, providers });
    assert.strictEqual(
      await registrationFailure(cloud),
      "provider of another account:\nproviders['222222222222/us-west-2']: the provider writes to account 999999999999, not the registry's 222222222222: pass a provider for account 222222222222",
    );
  });
});
