import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  formatProblems,
  RegistryReplicationPolicy,
  RegistryReplicationPolicyArgs,
} from "../../components";
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
  // The default provider acts in the registry's account unless a test says otherwise.
  before(() => cloud.install("project", "stack", REGISTRY.accountId));
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

  it("keeps the region known while a source account id is unknown (as at preview)", async () => {
    const component = new RegistryReplicationPolicy("receiver", {
      registry: REGISTRY,
      sources: [
        { accountId: pulumi.output(pulumi.unknown as string), repositoryPrefixes: ["prod-"] },
      ],
    });
    await valueOf(component.registryPolicy.urn);
    // The runtime drops unknown inputs outside preview; the region still reaches the engine.
    assert.deepStrictEqual(cloud.resource(POLICY_TYPE, "receiver").inputs, {
      policy: undefined,
      region: "us-west-2",
    });
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

  it("throws before creating anything for a bad account id", async () => {
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
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("refuses with an error the Pulumi language host shows as its message alone (a RunError)", () => {
    let thrown: unknown;
    try {
      new RegistryReplicationPolicy("receiver", { registry: REGISTRY, sources: [] });
    } catch (error) {
      thrown = error;
    }
    // The host prints only err.message for a RunError; any other Error gets its stack trace.
    assert.strictEqual(pulumi.RunError.isInstance(thrown), true);
    assert.strictEqual(
      (thrown as Error).message,
      "invalid registry policy:\nsources: must list at least one source account, got []",
    );
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
    cloud.forgetFailedRegistrations();
    assert.match(
      failed.message,
      /^(error serializing property "\w+": )+invalid registry policy:\nsources\[1\]\.accountId: must be a 12-digit AWS account id, got '1234'$/,
    );
    assert.deepStrictEqual(cloud.summary(), [[TYPE, "receiver"]]);
  });

  describe("refusing bad input before anything is created", () => {
    const prod = { accountId: "111111111111", repositoryPrefixes: ["prod-"] };
    const cases: { title: string; args: RegistryReplicationPolicyArgs; lines: string[] }[] = [
      {
        title: "an empty prefix list",
        args: {
          registry: REGISTRY,
          sources: [{ accountId: "111111111111", repositoryPrefixes: [] }],
        },
        lines: [
          "sources[0].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
        ],
      },
      {
        title: "an invalid prefix",
        args: {
          registry: REGISTRY,
          sources: [{ accountId: "111111111111", repositoryPrefixes: ["Prod_"] }],
        },
        lines: [
          "sources[0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod_'",
        ],
      },
      {
        title: "a prefix no repository name starts with",
        args: {
          registry: REGISTRY,
          sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-", "shared/-x"] }],
        },
        lines: [
          "sources[0].repositoryPrefixes[1]: must be the start of some repository name, got 'shared/-x': no repository name starts with it (names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time)",
        ],
      },
      {
        title: "a policy over the size limit",
        args: {
          registry: REGISTRY,
          sources: [
            {
              accountId: "111111111111",
              repositoryPrefixes: Array.from(
                { length: 200 },
                (_, i) => `team-${String(i).padStart(3, "0")}/`,
              ),
            },
          ],
        },
        lines: [
          "sources: make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      },
      {
        title: "an extra statement whose Sid clashes",
        args: {
          registry: REGISTRY,
          sources: [prod],
          extraStatements: [
            {
              Sid: "ReplicationAccessCrossAccount",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: "ecr:ReplicateImage",
              Resource: "arn:aws:ecr:us-west-2:222222222222:repository/*",
            },
          ],
        },
        lines: [
          "extraStatements[0].Sid: must differ from the Sid of generated statement Statement[0], got 'ReplicationAccessCrossAccount' (Sids must be unique within a policy)",
        ],
      },
      {
        title: "an unknown action in an extra statement",
        args: {
          registry: REGISTRY,
          sources: [prod],
          extraStatements: [
            {
              Sid: "Pull",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: ["ecr:BatchGetImage", "ecr:PullImage"],
              Resource: "arn:aws:ecr:us-west-2:222222222222:repository/*",
            },
          ],
        },
        lines: [
          "extraStatements[0].Action[1]: must name at least one ECR action, got 'ecr:PullImage'",
        ],
      },
    ];
    for (const { title, args, lines } of cases) {
      it(`refuses ${title}`, async () => {
        assert.throws(() => new RegistryReplicationPolicy("receiver", args), {
          name: "ValidationError",
          message: ["invalid registry policy:", ...lines].join("\n"),
        });
        assert.deepStrictEqual(await cloud.settledSummary(), []);
      });
    }
  });
});
