/**
 * Construct through the component package registers what TypeScript registers: each component
 * built by the provider host (`ComponentProvider.construct`, its inputs decoded from the wire as
 * the host decodes a `Construct` request) against the same component built directly by its
 * class, under the same mocks: the same child resources with the same inputs, parents, providers
 * and dependencies, and the same outputs as the host sends them back.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
  RepositoryCreationTemplates,
} from "../../components";
import { TYPE_PREFIX } from "../../components/tokens";
import { MockCloud, RegisteredResource, urn } from "../components/mock-cloud";
import {
  CONSTRUCT_OPTIONS,
  constructInputs,
  outputValue,
  packageProvider,
  packageSchema,
  PackageSchema,
  secretOutputValue,
} from "./served";

/** `@pulumi/pulumi` `runtime/settings` `waitForRPCs` (internal: not in the typings). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as {
  waitForRPCs(): Promise<void>;
};

type ComponentClass = new (
  name: string,
  args: never,
  opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

/** What a component's construction gave: the outputs as the host serializes them, and the registrations. */
interface Built {
  urn: string;
  outputs: Record<string, unknown>;
  resources: RegisteredResource[];
}

const WEST = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
/**
 * A statement of the user's own, its keys in alphabetical order: the order every language's
 * objects arrive in (a protobuf Struct's fields are a map, read in key order), which the rendered
 * policy keeps (see "a statement's keys arrive in alphabetical order" below).
 */
const CI_PULL = {
  Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::444444444444:role/ci" },
  Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
  Sid: "CiPull",
};

/** Each component with arguments using every input of its schema, as plain JSON. */
const CASES: {
  component: ComponentClass;
  name: string;
  /** The account of the default provider (the account written to, where that is one). */
  ambient: string;
  args: Record<string, unknown>;
}[] = [
  {
    component: RegistryReplicationPolicy as ComponentClass,
    name: "receiver",
    ambient: WEST.accountId,
    args: {
      registry: WEST,
      sources: [
        { accountId: "111111111111", repositoryPrefixes: ["prod-", "team-a/"] },
        { accountId: "333333333333", allRepositories: true, allowCreateRepository: false },
      ],
      pullGrants: [{ organizationIds: ["o-exampleorg1"], repositoryPrefixes: ["shared/"] }],
      extraStatements: [CI_PULL],
      scope: "V2",
    },
  },
  {
    component: RegistryReplication as ComponentClass,
    name: "build",
    ambient: SOURCE.accountId,
    args: {
      source: SOURCE,
      routes: [
        {
          destinations: [WEST, { accountId: "111111111111", region: "eu-west-1" }],
          repositoryPrefixes: ["prod-"],
        },
        {
          destinations: [{ accountId: "333333333333", region: "eu-west-1" }],
          repositoryPrefixes: ["legacy-"],
          allowCreateRepository: false,
        },
      ],
    },
  },
  {
    // The example stack (index.ts, Pulumi.dev.yaml), with statements and pull grants of its own.
    component: CrossAccountReplication as ComponentClass,
    name: "build-to-workloads",
    ambient: SOURCE.accountId,
    args: {
      source: SOURCE,
      routes: [
        {
          destinations: ["222222222222", "333333333333"].flatMap((accountId) =>
            ["us-west-2", "eu-west-1"].map((region) => ({ accountId, region })),
          ),
          repositoryPrefixes: ["prod-", "shared/"],
          createdRepositories: {
            imageTagMutability: "IMMUTABLE",
            encryptionType: "KMS",
            customRoleName: "ecr-replication-templates",
            allowRootTemplate: true,
          },
        },
      ],
      assumeRoleName: "ecr-deployer",
      providerSettings: { sessionName: "ecr-replication" },
      extraStatements: { "222222222222/us-west-2": [CI_PULL] },
      pullGrants: {
        "333333333333/eu-west-1": [
          { accountIds: ["444444444444"], repositoryPrefixes: ["shared/"] },
        ],
      },
    },
  },
  {
    component: RepositoryCreationTemplates as ComponentClass,
    name: "templates",
    ambient: WEST.accountId,
    args: {
      registry: WEST,
      routes: [
        {
          repositoryPrefixes: ["shared/", "team-a/prod-"],
          createdRepositories: {
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: ["latest"],
            encryptionType: "KMS",
            kmsKey: "arn:aws:kms:us-west-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            lifecyclePolicy: JSON.stringify({
              rules: [
                {
                  rulePriority: 1,
                  description: "Expire untagged images after 14 days",
                  selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: 14,
                  },
                  action: { type: "expire" },
                },
              ],
            }),
            resourceTags: { team: "a" },
            customRoleName: "ecr-template-role",
          },
        },
      ],
    },
  },
];

describe("component package Construct", () => {
  const cloud = new MockCloud();
  let schema: PackageSchema;
  // The default provider acts in the registries' account where a component writes through it.
  before(async () => {
    schema = await packageSchema();
    await cloud.install("project", "stack", WEST.accountId);
  });
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /**
   * Every registration, ordered by type and name, once every RPC is done (what the host awaits
   * before it answers a Construct: `runtime/settings` `waitForRPCs`, internal) and each reached
   * the mocks.
   */
  async function registrations(): Promise<RegisteredResource[]> {
    await waitForRPCs();
    for (const { type, name } of [...cloud.resources]) {
      await cloud.registered(type, name);
    }
    return cloud.resources
      .map(({ type, name }) => cloud.resource(type, name))
      .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
  }

  /** The outputs the schema lists, serialized as the host sends a Construct's state back. */
  async function serialized(token: string, state: Record<string, unknown>): Promise<object> {
    const [outputs] = await pulumi.runtime.serializeResourceProperties(
      `construct(${token})`,
      state,
    );
    return outputs;
  }

  /** The component built by its class, directly. */
  async function direct(component: ComponentClass, name: string, args: unknown): Promise<Built> {
    cloud.reset();
    const built = new component(name, args as never) as pulumi.ComponentResource &
      Record<string, unknown>;
    const token = `${TYPE_PREFIX}${component.name}`;
    const state = Object.fromEntries(
      Object.keys(schema.resources[token].properties).map((key) => [key, built[key]]),
    );
    const outputs = await serialized(token, state);
    return {
      urn: await pulumi.output(built.urn).promise(),
      outputs,
      resources: await registrations(),
    };
  }

  /** The component built by the package's provider from `wire` inputs. */
  async function constructed(
    component: ComponentClass,
    name: string,
    wire: Record<string, unknown>,
  ): Promise<Built> {
    cloud.reset();
    const token = `${TYPE_PREFIX}${component.name}`;
    const inputs = await constructInputs(wire);
    const result = await packageProvider().construct(name, token, inputs, CONSTRUCT_OPTIONS);
    const outputs = await serialized(token, result.state as Record<string, unknown>);
    return {
      urn: await pulumi.output(result.urn).promise(),
      outputs,
      resources: await registrations(),
    };
  }

  for (const { component, name, ambient, args } of CASES) {
    it(`${component.name}: the same children, inputs and outputs as the class built directly`, async () => {
      cloud.ambientAccountId = ambient;
      const viaPackage = await constructed(component, name, args);
      const viaClass = await direct(component, name, args);
      assert.deepStrictEqual(viaPackage, viaClass);
      // Under today's type token, with children under it.
      assert.strictEqual(viaPackage.urn, urn([`${TYPE_PREFIX}${component.name}`], name));
      assert.ok(viaPackage.resources.length > 1, "the component registered no child");
      assert.deepStrictEqual(
        Object.keys(viaPackage.outputs).sort(),
        Object.keys(schema.resources[`${TYPE_PREFIX}${component.name}`].properties).sort(),
      );
    });
  }

  it("registers the example stack's children (8 templates, 4 policies, 5 providers, 1 configuration)", async () => {
    const { component, name, ambient, args } = CASES[2];
    cloud.ambientAccountId = ambient;
    const types = (await constructed(component, name, args)).resources.map(({ type }) => type);
    const count = (type: string) => types.filter((t) => t === type).length;
    assert.strictEqual(count("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"), 8);
    assert.strictEqual(count("aws:ecr/registryPolicy:RegistryPolicy"), 4);
    assert.strictEqual(count("pulumi:providers:aws"), 5);
    assert.strictEqual(count("aws:ecr/replicationConfiguration:ReplicationConfiguration"), 1);
  });

  it("builds from known outputs of other resources, secrets and dependencies kept", async () => {
    cloud.ambientAccountId = WEST.accountId;
    const other = "urn:pulumi:stack::project::aws:iam/role:Role::ci";
    const args = CASES[0].args;
    const wire = {
      ...args,
      sources: [{ accountId: outputValue("111111111111", [other]), repositoryPrefixes: ["prod-"] }],
      extraStatements: [secretOutputValue(CI_PULL)],
    };
    const viaPackage = await constructed(CASES[0].component, "receiver", wire);
    const inputs = await constructInputs(wire);
    const viaClass = await direct(CASES[0].component, "receiver", inputs);
    assert.deepStrictEqual(viaPackage, viaClass);
    const policy = viaPackage.resources.find(
      ({ type }) => type === "aws:ecr/registryPolicy:RegistryPolicy",
    ) as RegisteredResource;
    assert.deepStrictEqual(policy.dependencies, [other]);
    // The policy embeds a secret statement: it is secret too.
    assert.deepStrictEqual(Object.keys(viaPackage.outputs.policyJson as object), [
      "4dabf18193072939515e22adb298388d",
      "value",
    ]);
  });
});
