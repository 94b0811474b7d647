import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  CrossAccountReplicationArgs,
  formatProblems,
  RegistryReplication,
} from "../../components";
import { failure, MockCloud, urn, valueOf } from "./mock-cloud";

const TYPE = "ecr-replication:index:CrossAccountReplication";
const POLICY_COMPONENT = "ecr-replication:index:RegistryReplicationPolicy";
const REPLICATION_COMPONENT = "ecr-replication:index:RegistryReplication";
const PROVIDER = "pulumi:providers:aws";
const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const CONFIGURATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };
const SAME_ACCOUNT_EU = { accountId: "111111111111", region: "eu-west-1" };

/** Two routes to WEST (merged into its one policy), one to EU, one to the source account's eu-west-1. */
const ARGS: CrossAccountReplicationArgs = {
  source: SOURCE,
  routes: [
    { destinations: [WEST, EU, SAME_ACCOUNT_EU], repositoryPrefixes: ["prod-"] },
    { destinations: [WEST], repositoryPrefixes: ["legacy-"], allowCreateRepository: false },
  ],
};

const WEST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReplicationAccessCrossAccount1",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
    },
    {
      Sid: "ReplicationAccessCrossAccount2",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["ecr:ReplicateImage"],
      Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/legacy-*"],
    },
  ],
});
const EU_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReplicationAccessCrossAccount",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: ["arn:aws:ecr:eu-west-1:333333333333:repository/prod-*"],
    },
  ],
});
const RULES = [
  {
    destinations: [{ region: "us-west-2", registryId: "222222222222" }],
    repositoryFilters: [{ filter: "legacy-", filterType: "PREFIX_MATCH" }],
  },
  {
    destinations: [
      { region: "eu-west-1", registryId: "111111111111" },
      { region: "us-west-2", registryId: "222222222222" },
      { region: "eu-west-1", registryId: "333333333333" },
    ],
    repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
  },
];

/** The provider reference the engine receives for a provider created by the component "repl". */
function providerRef(accountId: string, region: string): string {
  const name = `repl-provider-${accountId}-${region}`;
  return `${urn([TYPE, PROVIDER], name)}::${name}-id`;
}

describe("CrossAccountReplication", () => {
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /** Builds the component and waits until every resource is registered. */
  async function build(args: CrossAccountReplicationArgs): Promise<CrossAccountReplication> {
    const component = new CrossAccountReplication("repl", args);
    await Promise.all([
      valueOf(component.replication.replicationConfiguration.urn),
      ...Object.values(component.policies).map((p) => valueOf(p.registryPolicy.urn)),
    ]);
    return component;
  }

  it("creates a provider per registry written to, a policy per other-account registry, and the replication", async () => {
    await build(ARGS);
    assert.deepStrictEqual(
      [...cloud.summary()].sort(),
      [
        [CONFIGURATION, "repl-replication"],
        [POLICY, "repl-policy-222222222222-us-west-2"],
        [POLICY, "repl-policy-333333333333-eu-west-1"],
        [POLICY_COMPONENT, "repl-policy-222222222222-us-west-2"],
        [POLICY_COMPONENT, "repl-policy-333333333333-eu-west-1"],
        [REPLICATION_COMPONENT, "repl-replication"],
        [TYPE, "repl"],
        [PROVIDER, "repl-provider-111111111111-us-east-1"],
        [PROVIDER, "repl-provider-222222222222-us-west-2"],
        [PROVIDER, "repl-provider-333333333333-eu-west-1"],
      ].sort(),
    );
  });

  it("limits each created provider to its account and region", async () => {
    await build(ARGS);
    const provider = cloud.resource(PROVIDER, "repl-provider-222222222222-us-west-2");
    assert.strictEqual(provider.parent, urn([TYPE], "repl"));
    assert.deepStrictEqual(provider.inputs, {
      region: "us-west-2",
      allowedAccountIds: JSON.stringify(["222222222222"]),
      // @pulumi/aws's own provider defaults.
      skipCredentialsValidation: "false",
      skipRegionValidation: "true",
    });
  });

  it("assumes the named role in each account when asked", async () => {
    await build({ ...ARGS, assumeRoleName: "ecr-replication-deployer" });
    assert.deepStrictEqual(
      cloud.resource(PROVIDER, "repl-provider-333333333333-eu-west-1").inputs,
      {
        region: "eu-west-1",
        allowedAccountIds: JSON.stringify(["333333333333"]),
        assumeRoles: JSON.stringify([
          { roleArn: "arn:aws:iam::333333333333:role/ecr-replication-deployer" },
        ]),
        skipCredentialsValidation: "false",
        skipRegionValidation: "true",
      },
    );
  });

  it("writes each destination's policy, merged from every route to it, through its provider", async () => {
    await build(ARGS);
    const west = cloud.resource(POLICY, "repl-policy-222222222222-us-west-2");
    assert.strictEqual(
      west.parent,
      urn([TYPE, POLICY_COMPONENT], "repl-policy-222222222222-us-west-2"),
    );
    assert.strictEqual(west.provider, providerRef("222222222222", "us-west-2"));
    assert.deepStrictEqual(west.inputs, { policy: WEST_POLICY, region: "us-west-2" });
    const eu = cloud.resource(POLICY, "repl-policy-333333333333-eu-west-1");
    assert.strictEqual(eu.provider, providerRef("333333333333", "eu-west-1"));
    assert.deepStrictEqual(eu.inputs, { policy: EU_POLICY, region: "eu-west-1" });
  });

  it("orders the replication after every registry policy, through the source's provider", async () => {
    await build(ARGS);
    const replication = cloud.resource(REPLICATION_COMPONENT, "repl-replication");
    // dependsOn the policy components reaches the engine as their registry policies (the mock
    // monitor qualifies a child's type with its parent's type only).
    assert.deepStrictEqual(replication.dependencies, [
      urn([POLICY_COMPONENT, POLICY], "repl-policy-222222222222-us-west-2"),
      urn([POLICY_COMPONENT, POLICY], "repl-policy-333333333333-eu-west-1"),
    ]);
    const configuration = cloud.resource(CONFIGURATION, "repl-replication");
    assert.strictEqual(configuration.provider, providerRef("111111111111", "us-east-1"));
    assert.deepStrictEqual(configuration.inputs, {
      region: "us-east-1",
      replicationConfiguration: { rules: RULES },
    });
  });

  it("outputs the routes, each registry policy and the rules", async () => {
    const component = await build(ARGS);
    assert.deepStrictEqual(await valueOf(component.registryPolicies), {
      "222222222222/us-west-2": WEST_POLICY,
      "333333333333/eu-west-1": EU_POLICY,
    });
    assert.deepStrictEqual(await valueOf(component.rules), RULES);
    assert.deepStrictEqual(
      (await valueOf(component.routes)).map((r) => [
        `${r.destination.accountId}/${r.destination.region}`,
        r.repositoryPrefixes,
        r.crossAccount,
        r.createRepository,
      ]),
      [
        ["111111111111/eu-west-1", ["prod-"], false, true],
        ["222222222222/us-west-2", ["legacy-"], true, false],
        ["222222222222/us-west-2", ["prod-"], true, true],
        ["333333333333/eu-west-1", ["prod-"], true, true],
      ],
    );
  });

  it("outputs what its children deploy: the replication's rules and routes, each policy's JSON", async () => {
    const component = await build(ARGS);
    assert.deepStrictEqual(await valueOf(component.replication.rules), RULES);
    assert.deepStrictEqual(
      await valueOf(component.replication.routes),
      await valueOf(component.routes),
    );
    assert.strictEqual(
      await valueOf(component.policies["222222222222/us-west-2"].policyJson),
      WEST_POLICY,
    );
    assert.strictEqual(
      await valueOf(component.policies["333333333333/eu-west-1"].policyJson),
      EU_POLICY,
    );
  });

  it("uses caller-supplied providers keyed account/region and creates none", async () => {
    // Each limited to its account: the children check that the provider acts in it.
    const providers = Object.fromEntries(
      [SOURCE, WEST, EU].map(({ accountId, region }) => [
        `${accountId}/${region}`,
        new aws.Provider(`given-${accountId}`, { region, allowedAccountIds: [accountId] }),
      ]),
    );
    await build({ ...ARGS, providers });
    assert.deepStrictEqual(
      cloud.summary().filter(([type]) => type === PROVIDER),
      [
        [PROVIDER, "given-111111111111"],
        [PROVIDER, "given-222222222222"],
        [PROVIDER, "given-333333333333"],
      ],
    );
    assert.strictEqual(
      cloud.resource(POLICY, "repl-policy-333333333333-eu-west-1").provider,
      `${urn([PROVIDER], "given-333333333333")}::given-333333333333-id`,
    );
  });

  it("accepts prefixes and allowCreateRepository as outputs", async () => {
    const component = await build({
      source: SOURCE,
      routes: [
        { destinations: [WEST, EU, SAME_ACCOUNT_EU], repositoryPrefixes: pulumi.output(["prod-"]) },
        {
          destinations: [WEST],
          repositoryPrefixes: [pulumi.output("legacy-")],
          allowCreateRepository: pulumi.output(false),
        },
      ],
    });
    assert.deepStrictEqual(await valueOf(component.registryPolicies), {
      "222222222222/us-west-2": WEST_POLICY,
      "333333333333/eu-west-1": EU_POLICY,
    });
    assert.deepStrictEqual(cloud.resource(CONFIGURATION, "repl-replication").inputs, {
      region: "us-east-1",
      replicationConfiguration: { rules: RULES },
    });
  });

  describe("refusing bad input before anything is created", () => {
    const cases: { title: string; args: CrossAccountReplicationArgs; message: string }[] = [
      {
        title: "a destination account id given as an output (another stack's)",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [
                WEST,
                {
                  accountId: pulumi.output("333333333333") as unknown as string,
                  region: "eu-west-1",
                },
              ],
              repositoryPrefixes: ["prod-"],
            },
          ],
        },
        message:
          "invalid cross-account replication:\nroutes[0].destinations[1].accountId: must be a plain string, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs",
      },
      {
        title: "a destination account that is not 12 digits",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [{ accountId: "2222", region: "us-west-2" }],
              repositoryPrefixes: ["prod-"],
            },
          ],
        },
        message:
          "invalid replication routes:\nroutes[0].destinations[0].accountId: must be a 12-digit AWS account id, got '2222'",
      },
      {
        title: "a destination account that is not 12 digits, the prefixes given as an output",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [{ accountId: "2222", region: "us-west-2" }],
              repositoryPrefixes: pulumi.output(["prod-"]),
            },
          ],
        },
        message:
          "invalid replication routes:\nroutes[0].destinations[0].accountId: must be a 12-digit AWS account id, got '2222'",
      },
      {
        title: "an invalid prefix",
        args: { source: SOURCE, routes: [{ destinations: [WEST], repositoryPrefixes: ["Prod-"] }] },
        message:
          "invalid replication routes:\nroutes[0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod-'",
      },
      {
        title: "an invalid prefix and a non-boolean allowCreateRepository, both at once",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [WEST],
              repositoryPrefixes: ["Prod-"],
              allowCreateRepository: "yes" as unknown as boolean,
            },
          ],
        },
        message:
          "invalid replication routes:\nroutes[0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod-'\nroutes[0].allowCreateRepository: must be true or false when given, got 'yes'",
      },
      {
        title: "a destination registry policy over the size limit",
        args: {
          source: SOURCE,
          routes: Array.from({ length: 2 }, (_, half) => ({
            destinations: [WEST, ...(half === 0 ? [] : [EU])],
            repositoryPrefixes: Array.from(
              { length: 100 },
              (_, i) => `team-${String(half * 100 + i).padStart(3, "0")}/`,
            ),
          })),
        },
        message:
          "invalid replication routes:\nroutes[0].destinations[0] and routes[1].destinations[0] (222222222222/us-west-2): make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
      },
      {
        title: "two destination registry policies over the size limit, each at its destination",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [SAME_ACCOUNT_EU, WEST, EU],
              repositoryPrefixes: Array.from(
                { length: 200 },
                (_, i) => `team-${String(i).padStart(3, "0")}/`,
              ),
            },
          ],
        },
        message:
          "invalid replication routes:\nroutes[0].destinations[1] (222222222222/us-west-2): make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements\nroutes[0].destinations[2] (333333333333/eu-west-1): make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
      },
      {
        title: "providers that miss a registry",
        args: { ...ARGS, providers: {} },
        message:
          "invalid cross-account replication:\nproviders: must have a provider for every registry written to, keyed '<accountId>/<region>': missing '111111111111/us-east-1', '222222222222/us-west-2', '333333333333/eu-west-1'",
      },
      {
        title: "an empty assumeRoleName",
        args: { ...ARGS, assumeRoleName: "" },
        message:
          "invalid cross-account replication:\nassumeRoleName: must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got ''",
      },
      {
        title: "an assumeRoleName with a space and a colon",
        args: { ...ARGS, assumeRoleName: "ecr deployer:admin" },
        message:
          "invalid cross-account replication:\nassumeRoleName: must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got 'ecr deployer:admin'",
      },
      {
        title: "an assumeRoleName of 65 characters",
        args: { ...ARGS, assumeRoleName: "r".repeat(65) },
        message: `invalid cross-account replication:\nassumeRoleName: must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got '${"r".repeat(65)}'`,
      },
    ];
    for (const { title, args, message } of cases) {
      it(`refuses ${title}`, async () => {
        assert.throws(() => new CrossAccountReplication("repl", args), {
          name: "ValidationError",
          message,
        });
        assert.deepStrictEqual(await cloud.settledSummary(), []);
      });
    }

    it("refuses assumeRoleName together with providers", async () => {
      const providers = Object.fromEntries(
        [SOURCE, WEST, EU].map(({ accountId, region }) => [
          `${accountId}/${region}`,
          new aws.Provider(`given-${accountId}`, { region }),
        ]),
      );
      assert.throws(
        () =>
          new CrossAccountReplication("repl", { ...ARGS, providers, assumeRoleName: "deployer" }),
        {
          name: "ValidationError",
          message:
            "invalid cross-account replication:\nassumeRoleName: must be left out when providers are given (it only applies to providers the component creates), got 'deployer'",
        },
      );
      assert.deepStrictEqual(
        (await cloud.settledSummary()).filter(([type]) => type !== PROVIDER),
        [],
      );
    });
  });

  it("refuses over 25 unique destinations at once, even while the prefixes are outputs", async () => {
    const destinations = Array.from({ length: 26 }, (_, i) => ({
      accountId: String(200000000000 + i),
      region: "us-west-2",
    }));
    assert.throws(
      () =>
        new CrossAccountReplication("repl", {
          source: SOURCE,
          routes: [{ destinations, repositoryPrefixes: pulumi.output(["prod-"]) }],
        }),
      {
        name: "ValidationError",
        message:
          "invalid replication routes:\nroutes: name 26 unique destinations, 1 over ECR's limit of 25 per replication configuration (counted across all its rules): leaving out the destination 200000000025/us-west-2 (keeping 25 of 26) fits in 25 destinations (the rules are counted once the prefixes are known); or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 26 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
      },
    );
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("refuses over 25 unique destinations with known prefixes as RegistryReplication does, word for word", () => {
    const destinations = Array.from({ length: 26 }, (_, i) => ({
      accountId: String(200000000000 + i),
      region: "us-west-2",
    }));
    const routes = [{ destinations, repositoryPrefixes: ["prod-"] }];
    const message = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        return (error as Error).message;
      }
      return assert.fail("expected a refusal");
    };
    const both = message(() => new CrossAccountReplication("repl", { source: SOURCE, routes }));
    assert.strictEqual(
      both,
      "invalid replication routes:\nroutes: name 26 unique destinations, 1 over ECR's limit of 25 per replication configuration (counted across all its rules): leaving out the destination 200000000025/us-west-2 (keeping 25 of 26) fits in 1 rule; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 26 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
    );
    assert.strictEqual(
      message(() => new RegistryReplication("repl", { source: SOURCE, routes })),
      both,
    );
  });

  it("fails every dependent resource once a prefix given as an output turns out bad", async () => {
    const component = new CrossAccountReplication("repl", {
      source: SOURCE,
      routes: [{ destinations: [WEST], repositoryPrefixes: pulumi.output(["prod-", "P"]) }],
    });
    const failed = await failure(component.rules);
    assert.strictEqual(
      formatProblems(failed.problems),
      "routes[0].repositoryPrefixes[1]: must be 2 to 256 characters, got 'P' (1)",
    );
    assert.strictEqual(await failure(component.registryPolicies), failed);
    const [unhandled] = await cloud.unhandled(1);
    assert.strictEqual(unhandled, failed);
    cloud.forgetFailedRegistrations();
  });
});
