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
import { ValidationError } from "../../components";
import { MockCloud, RegisteredResource, urn, valueOf } from "../components/mock-cloud";
import {
  CONSTRUCT_OPTIONS,
  constructInputs,
  isValidationError,
  outputValue,
  packageProvider,
  packageSchema,
  PackageSchema,
  secretOutputValue,
  UNKNOWN_VALUE,
  unknownOutputValue,
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
  async function serialized(
    token: string,
    state: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
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
      urn: await valueOf(built.urn),
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
      urn: await valueOf(pulumi.output(result.urn)),
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

  it("a statement's keys arrive in alphabetical order: the same policy, its keys in that order", async () => {
    cloud.ambientAccountId = WEST.accountId;
    // Written as IAM documents usually are (Sid first); what the wire delivers is sorted.
    const written = {
      Sid: "CiPull",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444444444444:role/ci" },
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
    };
    const args = { ...CASES[0].args, extraStatements: [written] };
    const viaPackage = await constructed(CASES[0].component, "receiver", args);
    const viaClass = await direct(CASES[0].component, "receiver", args);
    const statements = (built: Built) =>
      JSON.parse(built.outputs.policyJson as string).Statement as object[];
    assert.deepStrictEqual(statements(viaPackage), statements(viaClass));
    assert.deepStrictEqual(Object.keys(statements(viaClass)[3]), Object.keys(written));
    assert.deepStrictEqual(Object.keys(statements(viaPackage)[3]), [
      "Action",
      "Effect",
      "Principal",
      "Resource",
      "Sid",
    ]);
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

describe("component package Construct: what other languages send", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", WEST.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /** The error of building the component by its class, and of Construct through the package. */
  async function refusals(
    component: ComponentClass,
    wire: Record<string, unknown>,
  ): Promise<{ direct: unknown; viaPackage: unknown }> {
    let direct: unknown;
    try {
      new component("bad", wire as never);
    } catch (error) {
      direct = error;
    }
    const inputs = await constructInputs(wire);
    const viaPackage = await packageProvider()
      .construct("bad", `${TYPE_PREFIX}${component.name}`, inputs, CONSTRUCT_OPTIONS)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    return { direct, viaPackage };
  }

  const BAD: {
    title: string;
    component: ComponentClass;
    wire: Record<string, unknown>;
    message: string;
  }[] = [
    {
      title: "a number for an account id",
      component: RegistryReplicationPolicy as ComponentClass,
      wire: {
        registry: WEST,
        sources: [
          { accountId: "111111111111", repositoryPrefixes: ["prod-"] },
          { accountId: 333333333333, repositoryPrefixes: ["prod-"] },
        ],
      },
      message:
        "invalid registry policy:\n" +
        "sources[1].accountId: must be a 12-digit AWS account id as a string, got the number 333333333333: quote it ('333333333333' in YAML)",
    },
    {
      title: "an object for a prefix",
      component: RegistryReplication as ComponentClass,
      wire: {
        source: SOURCE,
        routes: [{ destinations: [WEST], repositoryPrefixes: [{ prefix: "prod-" }] }],
      },
      message:
        "invalid replication routes:\n" +
        'routes[0].repositoryPrefixes[0]: must be a repository name prefix (a string), got {"prefix":"prod-"}',
    },
    {
      title: "a scope outside the enum (YAML may send any string)",
      component: RegistryReplicationPolicy as ComponentClass,
      wire: {
        registry: WEST,
        sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
        scope: "V3",
      },
      message:
        "invalid registry policy:\n" +
        "scope: must be 'V1' or 'V2' (the account setting REGISTRY_POLICY_SCOPE) when given, got 'V3'",
    },
    {
      title: "a destination written as its key, a number for the source account",
      component: CrossAccountReplication as ComponentClass,
      wire: {
        source: { accountId: 111111111111, region: "us-east-1" },
        routes: [{ destinations: ["222222222222/us-west-2"], repositoryPrefixes: ["prod-"] }],
      },
      message:
        "invalid replication source and routes:\n" +
        "source.accountId: must be a 12-digit AWS account id as a string, got the number 111111111111: quote it ('111111111111' in YAML)\n" +
        "routes[0].destinations[0]: must be a registry: { accountId, region }, got '222222222222/us-west-2'",
    },
    {
      title: "a string for the prefixes, a string for allowRootTemplate",
      component: RepositoryCreationTemplates as ComponentClass,
      wire: {
        registry: WEST,
        routes: [
          {
            repositoryPrefixes: "shared/",
            createdRepositories: { imageTagMutability: "IMMUTABLE", allowRootTemplate: "yes" },
          },
        ],
      },
      message:
        "invalid repository creation templates:\n" +
        "routes[0].createdRepositories.allowRootTemplate: must be true or false when given, got 'yes'\n" +
        "routes[0].repositoryPrefixes: must be a list of repository prefixes, got 'shared/'",
    },
  ];

  for (const { title, component, wire, message } of BAD) {
    it(`${component.name}, ${title}: the TypeScript error at its path, nothing registered`, async () => {
      const { direct, viaPackage } = await refusals(component, wire);
      assert.ok(isValidationError(viaPackage), String(viaPackage));
      assert.ok(direct instanceof ValidationError, String(direct));
      assert.strictEqual(viaPackage.message, direct.message);
      assert.strictEqual(viaPackage.message, message);
      assert.deepStrictEqual(await cloud.settledSummary(), []);
    });
  }

  const NOTHING: [ComponentClass, string][] = [
    [
      RegistryReplicationPolicy as ComponentClass,
      "invalid registry policy:\n" +
        "registry: must be a registry: { accountId, region }, got undefined\n" +
        "sources: must be a list of source grants, got undefined",
    ],
    [
      RegistryReplication as ComponentClass,
      "invalid replication source and routes:\n" +
        "source: must be a registry: { accountId, region }, got undefined\n" +
        "routes: must be a list of routes, got undefined",
    ],
    [
      CrossAccountReplication as ComponentClass,
      "invalid replication source and routes:\n" +
        "source: must be a registry: { accountId, region }, got undefined\n" +
        "routes: must be a list of routes, got undefined",
    ],
    [
      RepositoryCreationTemplates as ComponentClass,
      "invalid repository creation templates:\n" +
        "registry: must be a registry: { accountId, region } of plain strings, got undefined\n" +
        "routes: must be a list of routes into the registry, got undefined",
    ],
  ];

  for (const [component, message] of NOTHING) {
    it(`${component.name} with no inputs at all: every required one named`, async () => {
      const { direct, viaPackage } = await refusals(component, {});
      assert.ok(isValidationError(viaPackage), String(viaPackage));
      assert.ok(direct instanceof ValidationError, String(direct));
      assert.strictEqual(viaPackage.message, direct.message);
      assert.strictEqual(viaPackage.message, message);
      assert.deepStrictEqual(await cloud.settledSummary(), []);
    });
  }
});

describe("component package Construct at preview, inputs not known yet", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", WEST.accountId, true));
  after(() => cloud.uninstall());
  beforeEach(() => {
    cloud.reset();
    cloud.ambientAccountId = WEST.accountId;
  });

  /** A resource of another stack or program whose outputs are not known at preview. */
  const OTHER = "urn:pulumi:stack::project::aws:organizations/account:Account::build";
  const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
  const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

  /** What a Construct registered (type, name, inputs as the engine got them) and sent back. */
  interface Constructed {
    resources: [string, string, Record<string, unknown>][];
    outputs: Record<string, unknown>;
  }

  /** Builds through the package from `wire` inputs, once everything registered. */
  async function construct(
    component: ComponentClass,
    name: string,
    wire: Record<string, unknown>,
    dependencies: Record<string, string[]> = {},
  ): Promise<Constructed> {
    cloud.reset();
    const token = `${TYPE_PREFIX}${component.name}`;
    const inputs = await constructInputs(wire, dependencies);
    const result = await packageProvider().construct(name, token, inputs, CONSTRUCT_OPTIONS);
    const [outputs] = await pulumi.runtime.serializeResourceProperties(
      `construct(${token})`,
      result.state as Record<string, unknown>,
    );
    await waitForRPCs();
    for (const { type, name: resource } of [...cloud.resources]) {
      await cloud.registered(type, resource);
    }
    return {
      resources: cloud.resources.map(({ type, name: resource }) => [
        type,
        resource,
        cloud.resource(type, resource).inputs,
      ]),
      outputs,
    };
  }

  /** The inputs of the one registered resource of `type` and `name`. */
  function inputsOf(built: Constructed, type: string, name: string): Record<string, unknown> {
    const found = built.resources.filter(([t, n]) => t === type && n === name);
    assert.strictEqual(found.length, 1, `${type} ${name}`);
    return found[0][2];
  }

  describe("RegistryReplicationPolicy with a source account not known yet", () => {
    const args = (accountId: unknown) => ({
      registry: WEST,
      sources: [{ accountId, repositoryPrefixes: ["prod-"] }],
    });

    it("registers the policy with its region known and its document unknown", async () => {
      const built = await construct(
        RegistryReplicationPolicy as ComponentClass,
        "receiver",
        args(unknownOutputValue([OTHER])),
      );
      assert.deepStrictEqual(
        built.resources.map(([type, name]) => [type, name]),
        [
          [`${TYPE_PREFIX}RegistryReplicationPolicy`, "receiver"],
          [POLICY, "receiver"],
        ],
      );
      assert.deepStrictEqual(inputsOf(built, POLICY, "receiver"), {
        policy: pulumi.unknown,
        region: "us-west-2",
      });
      assert.strictEqual(built.outputs.policyJson, UNKNOWN_VALUE);
    });

    it("registers the same as an engine without output values sends it, with or without dependencies", async () => {
      const outputValues = await construct(
        RegistryReplicationPolicy as ComponentClass,
        "receiver",
        args(unknownOutputValue([OTHER])),
      );
      // The host wraps an input with dependencies in an output; without, the value unknown is
      // nested in plain data (`pulumi.unknown`), which the component reads as an unknown output.
      const withAndWithout: Record<string, string[]>[] = [{ sources: [OTHER] }, {}];
      for (const dependencies of withAndWithout) {
        const sentinel = await construct(
          RegistryReplicationPolicy as ComponentClass,
          "receiver",
          args(UNKNOWN_VALUE),
          dependencies,
        );
        assert.deepStrictEqual(sentinel, outputValues);
      }
    });
  });

  it("RegistryReplication: prefixes not known yet, the configuration's region known", async () => {
    cloud.ambientAccountId = SOURCE.accountId;
    const built = await construct(RegistryReplication as ComponentClass, "build", {
      source: SOURCE,
      routes: [{ destinations: [WEST], repositoryPrefixes: unknownOutputValue([OTHER]) }],
    });
    assert.deepStrictEqual(
      inputsOf(built, "aws:ecr/replicationConfiguration:ReplicationConfiguration", "build"),
      { region: "us-east-1", replicationConfiguration: { rules: pulumi.unknown } },
    );
  });

  it("CrossAccountReplication: prefixes not known yet, every provider and policy registered", async () => {
    const built = await construct(CrossAccountReplication as ComponentClass, "repl", {
      source: SOURCE,
      routes: [
        {
          destinations: [WEST, { accountId: "333333333333", region: "eu-west-1" }],
          repositoryPrefixes: [unknownOutputValue([OTHER])],
        },
      ],
    });
    assert.deepStrictEqual(
      built.resources.filter(([type]) => type === POLICY).map(([, name, inputs]) => [name, inputs]),
      [
        ["repl-policy-222222222222-us-west-2", { policy: pulumi.unknown, region: "us-west-2" }],
        ["repl-policy-333333333333-eu-west-1", { policy: pulumi.unknown, region: "eu-west-1" }],
      ],
    );
    assert.strictEqual(
      built.resources.filter(([type]) => type === "pulumi:providers:aws").length,
      3,
    );
  });

  it("CrossAccountReplication: a source not known yet is refused at its path, as in TypeScript", async () => {
    const wire = {
      source: unknownOutputValue([OTHER]),
      routes: [{ destinations: [WEST], repositoryPrefixes: ["prod-"] }],
    };
    const error = await packageProvider()
      .construct(
        "repl",
        `${TYPE_PREFIX}CrossAccountReplication`,
        await constructInputs(wire),
        CONSTRUCT_OPTIONS,
      )
      .then(
        () => undefined,
        (refusal: unknown) => refusal,
      );
    let direct: unknown;
    try {
      new CrossAccountReplication("repl", {
        source: pulumi.output(SOURCE) as never,
        routes: [{ destinations: [WEST], repositoryPrefixes: ["prod-"] }],
      });
    } catch (refusal) {
      direct = refusal;
    }
    assert.ok(isValidationError(error), String(error));
    assert.ok(direct instanceof ValidationError, String(direct));
    assert.strictEqual(error.message, direct.message);
    assert.strictEqual(
      error.message,
      "invalid cross-account replication:\n" +
        "source: must be a plain registry, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs",
    );
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("RepositoryCreationTemplates: a KMS key not known yet, every template registered", async () => {
    const built = await construct(RepositoryCreationTemplates as ComponentClass, "templates", {
      registry: WEST,
      routes: [
        {
          repositoryPrefixes: ["shared/"],
          createdRepositories: {
            encryptionType: "KMS",
            kmsKey: UNKNOWN_VALUE,
            customRoleName: "ecr-template-role",
          },
        },
      ],
    });
    const template = inputsOf(built, TEMPLATE, "templates-shared");
    assert.strictEqual(template.prefix, "shared");
    assert.strictEqual(template.region, "us-west-2");
    assert.strictEqual(template.encryptionConfigurations, pulumi.unknown);
  });
});
