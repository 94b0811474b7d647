import * as assert from "assert";
import * as path from "path";
import { secret } from "../tools/analyzer";
import {
  answerInvoke,
  CALLER_IDENTITY_TOKEN,
  InvokeError,
  PARTITION_TOKEN,
  REGION_TOKEN,
} from "../tools/preview/invoke-mocks";
import { buildPlan } from "../tools/preview/plan";
import { ProjectError, readProject, readStackConfig } from "../tools/preview/project";
import { RecordedResource } from "../tools/preview/recorded";
import { ProgramError, runProgram } from "../tools/preview/run-program";

const FIXTURES = path.join(__dirname, "fixtures");
const RECORDING = path.join(FIXTURES, "recording-project");
const PREFIX = "urn:pulumi:dev::recording-project::";
const WEST_URN = `${PREFIX}pulumi:providers:aws::west`;
const COMPONENT_URN = `${PREFIX}recording:index:Registry::main`;
const REPOSITORY_URN = `${PREFIX}recording:index:Registry$aws:ecr/repository:Repository::main-repository`;
const POLICY_URN = `${PREFIX}aws:ecr/registryPolicy:RegistryPolicy::west-policy`;
const WEST_INPUTS = {
  allowedAccountIds: '["555555555555"]',
  region: "us-west-2",
  skipCredentialsValidation: "false",
  skipRegionValidation: "true",
};
/** The policy text the fixture builds from the three invokes' answers. */
const POLICY_TEXT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReplicationAccessCrossAccount",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444444444444:root" },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: ["arn:aws:ecr:us-west-2:555555555555:repository/prod-*"],
    },
  ],
});

/** What the runner records of test/fixtures/recording-project, stack dev. */
const RECORDED: RecordedResource[] = [
  {
    urn: WEST_URN,
    id: "west-id",
    type: "pulumi:providers:aws",
    name: "west",
    custom: true,
    read: false,
    parent: "",
    provider: "",
    dependencies: [],
    propertyDependencies: {
      allowedAccountIds: [],
      region: [],
      skipCredentialsValidation: [],
      skipRegionValidation: [],
    },
    inputs: WEST_INPUTS,
  },
  {
    urn: COMPONENT_URN,
    id: "",
    type: "recording:index:Registry",
    name: "main",
    custom: false,
    read: false,
    parent: "",
    provider: "",
    dependencies: [],
    propertyDependencies: {},
    inputs: {},
  },
  {
    urn: REPOSITORY_URN,
    id: "main-repository-id",
    type: "aws:ecr/repository:Repository",
    name: "main-repository",
    custom: true,
    read: false,
    parent: COMPONENT_URN,
    provider: "",
    dependencies: [],
    propertyDependencies: { name: [], tags: [] },
    // Config of every type reached the program: object, number, boolean, bare key; and getRegion.
    inputs: {
      name: "prod-api",
      tags: { enabled: "true", region: "eu-west-1", replicas: "2", team: "platform" },
    },
  },
  {
    urn: POLICY_URN,
    id: "west-policy-id",
    type: "aws:ecr/registryPolicy:RegistryPolicy",
    name: "west-policy",
    custom: true,
    read: false,
    parent: "",
    provider: `${WEST_URN}::west-id`,
    // dependsOn a component: the SDK depends on the component's custom descendants.
    dependencies: [REPOSITORY_URN],
    propertyDependencies: { policy: [] },
    inputs: { policy: secret(POLICY_TEXT) },
  },
];

describe("preview: project and stack config", () => {
  it("reads the project name and defaults main to the project directory", () => {
    assert.deepStrictEqual(readProject(RECORDING), {
      directory: RECORDING,
      name: "recording-project",
      main: RECORDING,
      typescript: true,
      tsconfig: path.join(RECORDING, "tsconfig.json"),
    });
  });

  it("passes config as the CLI does: namespaced keys, every value as text", () => {
    assert.deepStrictEqual(readStackConfig(readProject(RECORDING), "dev"), {
      "aws:region": "eu-west-1",
      "aws:allowedAccountIds": '["444444444444"]',
      "recording-project:repositoryName": "prod-api",
      "recording-project:tags": '{"team":"platform"}',
      "recording-project:replicas": "2",
      "recording-project:enabled": "true",
    });
  });

  it("reads a stack without a config file as empty config", () => {
    assert.deepStrictEqual(readStackConfig(readProject(RECORDING), "nosuchstack"), {});
  });

  it("refuses a secure value, naming the file and the key path", () => {
    const file = path.join(RECORDING, "Pulumi.secure.yaml");
    assert.throws(
      () => readStackConfig(readProject(RECORDING), "secure"),
      new ProjectError(
        `${file}: recording-project:database.password is a secret ('secure:'), which the offline ` +
          "preview cannot decrypt; give it a plain value in a stack used for previews",
      ),
    );
  });

  it("refuses a directory that is not a Pulumi project", () => {
    assert.throws(
      () => readProject(FIXTURES),
      new ProjectError(`${FIXTURES} has no Pulumi.yaml: it is not a Pulumi project`),
    );
  });
});

describe("preview: invoke answers (pure)", () => {
  const config = { "aws:region": "cn-north-1", "aws:allowedAccountIds": '["444444444444"]' };

  it("getCallerIdentity: the invoking provider's account before the stack's", () => {
    const providerInputs = { allowedAccountIds: '["555555555555"]', region: "us-west-2" };
    assert.deepStrictEqual(answerInvoke(CALLER_IDENTITY_TOKEN, {}, { config, providerInputs }), {
      accountId: "555555555555",
      arn: "arn:aws:iam::555555555555:root",
      id: "555555555555",
      userId: "555555555555",
    });
  });

  it("getCallerIdentity: the account of the role a provider assumes", () => {
    const providerInputs = {
      assumeRoles: '[{"roleArn":"arn:aws:iam::666666666666:role/deploy"}]',
    };
    assert.strictEqual(
      answerInvoke(CALLER_IDENTITY_TOKEN, {}, { config: {}, providerInputs }).accountId,
      "666666666666",
    );
  });

  it("getCallerIdentity: the first aws:allowedAccountIds entry, then preview:accountId", () => {
    const two = { "aws:allowedAccountIds": '["444444444444","555555555555"]' };
    assert.strictEqual(
      answerInvoke(CALLER_IDENTITY_TOKEN, {}, { config: two }).accountId,
      "444444444444",
    );
    const fallback = { "preview:accountId": "777777777777" };
    assert.strictEqual(
      answerInvoke(CALLER_IDENTITY_TOKEN, {}, { config: fallback }).accountId,
      "777777777777",
    );
  });

  it("getCallerIdentity without any account: an error saying what to configure", () => {
    assert.throws(
      () => answerInvoke(CALLER_IDENTITY_TOKEN, {}, { config: {} }),
      new InvokeError(
        `the offline preview cannot answer ${CALLER_IDENTITY_TOKEN}: no account is known; set ` +
          "aws:allowedAccountIds (or preview:accountId) in the stack config, or allowedAccountIds / assumeRoles on the provider",
      ),
    );
  });

  it("getPartition and getRegion follow the region (China here)", () => {
    assert.deepStrictEqual(answerInvoke(PARTITION_TOKEN, {}, { config }), {
      id: "aws-cn",
      partition: "aws-cn",
      dnsSuffix: "amazonaws.com.cn",
      reverseDnsPrefix: "cn.com.amazonaws",
    });
    assert.deepStrictEqual(answerInvoke(REGION_TOKEN, {}, { config }), {
      id: "cn-north-1",
      name: "cn-north-1",
      region: "cn-north-1",
      endpoint: "ec2.cn-north-1.amazonaws.com.cn",
      description: "cn-north-1",
    });
  });

  it("getRegion: the invoke's own region argument wins, then the provider's, then AWS_REGION", () => {
    assert.strictEqual(
      answerInvoke(REGION_TOKEN, { region: "eu-west-3" }, { config }).region,
      "eu-west-3",
    );
    const providerInputs = { region: "us-east-2" };
    assert.strictEqual(
      answerInvoke(REGION_TOKEN, {}, { config, providerInputs }).region,
      "us-east-2",
    );
    const env = { AWS_REGION: "ap-south-1" };
    assert.strictEqual(answerInvoke(REGION_TOKEN, {}, { config: {}, env }).region, "ap-south-1");
  });

  it("any other invoke: an error naming the token", () => {
    assert.throws(
      () => answerInvoke("aws:ec2/getAmi:getAmi", {}, { config }),
      /^InvokeError: the offline preview cannot answer the invoke aws:ec2\/getAmi:getAmi: it answers only /,
    );
  });
});

describe("preview: running a program on the mock runtime", function () {
  this.timeout(60_000);
  const project = readProject(RECORDING);
  const config = readStackConfig(project, "dev");
  let recorded: RecordedResource[];

  before(async () => {
    recorded = (await runProgram(project, "dev", config)).resources;
  });

  it("records every resource in registration order: parent, provider, dependencies, secrets", () => {
    assert.deepStrictEqual(recorded, RECORDED);
  });

  it("plans what the engine adds: the stack as root, the default provider from aws:* config", () => {
    const plan = buildPlan("recording-project", "dev", config, recorded, RECORDING);
    const stackUrn = `${PREFIX}pulumi:pulumi:Stack::recording-project-dev`;
    const defaultProvider = {
      urn: `${PREFIX}pulumi:providers:aws::default_7_48_0`,
      type: "pulumi:providers:aws",
      name: "default_7_48_0",
      properties: {
        region: "eu-west-1",
        allowedAccountIds: '["444444444444"]',
        version: "7.48.0",
      },
    };
    const west = {
      urn: WEST_URN,
      type: "pulumi:providers:aws",
      name: "west",
      properties: WEST_INPUTS,
    };
    assert.deepStrictEqual(
      plan.resources.map((r) => [r.name, r.parent, r.provider, r.implicit, r.operation]),
      [
        ["recording-project-dev", undefined, undefined, true, "create"],
        ["default_7_48_0", undefined, undefined, true, "create"],
        ["west", stackUrn, undefined, false, "create"],
        ["main", stackUrn, undefined, false, "create"],
        ["main-repository", COMPONENT_URN, defaultProvider, false, "create"],
        ["west-policy", stackUrn, west, false, "create"],
      ],
    );
    assert.deepStrictEqual(plan.resources[1].properties, defaultProvider.properties);
  });

  it("an invoke the preview cannot answer fails the program with a message naming it", async () => {
    await assert.rejects(
      runProgram(project, "badinvoke", readStackConfig(project, "badinvoke")),
      new ProgramError(
        "the offline preview cannot answer the invoke aws:index/getAvailabilityZones:getAvailabilityZones: " +
          "it answers only aws:index/getCallerIdentity:getCallerIdentity, aws:index/getPartition:getPartition " +
          "and aws:index/getRegion:getRegion",
      ),
    );
  });

  it("a program that throws: its own message, no stack trace", async () => {
    const throwing = readProject(path.join(FIXTURES, "throwing-project"));
    await assert.rejects(
      runProgram(throwing, "dev", {}),
      new ProgramError("throwing-project: the registry plan is incomplete on purpose"),
    );
  });
});
