import * as assert from "assert";
import * as path from "path";
import {
  AnalyzerClient,
  AnalyzerInfo,
  AnalyzerResource,
  fillConfigDefaults,
  parsePolicyPackConfig,
  PolicyConfigError,
  secret,
  startPolicyPack,
  toWire,
  UNKNOWN_STRING_VALUE,
} from "../tools/analyzer";

const FIXTURES = path.join(__dirname, "fixtures", "tiny-pack");
const ECHO_DESCRIPTION = "Checks nothing: reports the properties, provider and config it was sent.";
const COUNT_DESCRIPTION = "Checks that a stack has at most maxResources resources.";
const STACK_URN = "urn:pulumi:dev::tiny::pulumi:pulumi:Stack::tiny-dev";
const THING_URN = "urn:pulumi:dev::tiny::tiny:index:Thing::thing";

/** What GetAnalyzerInfo of the tiny pack answers. */
const TINY_INFO: AnalyzerInfo = {
  name: "tiny-pack",
  displayName: "",
  version: "0.0.1",
  supportsConfig: true,
  policies: [
    {
      name: "tiny-echo",
      displayName: "",
      description: ECHO_DESCRIPTION,
      enforcementLevel: "mandatory",
      policyType: "resource",
      configSchema: { properties: { label: { default: "echo", type: "string" } }, required: [] },
    },
    {
      name: "tiny-count",
      displayName: "",
      description: COUNT_DESCRIPTION,
      enforcementLevel: "advisory",
      policyType: "stack",
      configSchema: {
        properties: { maxResources: { default: 1, type: "number" }, note: { type: "string" } },
        required: [],
      },
    },
  ],
  initialConfig: {},
};

const THING: AnalyzerResource = {
  urn: THING_URN,
  type: "tiny:index:Thing",
  name: "thing",
  properties: {
    secretValue: secret("s3cr3t"),
    nested: { list: [1, secret({ deep: true })], dropped: undefined },
    unknownValue: UNKNOWN_STRING_VALUE,
  },
  provider: {
    urn: "urn:pulumi:dev::tiny::pulumi:providers:aws::west",
    type: "pulumi:providers:aws",
    name: "west",
    properties: { region: "us-west-2" },
  },
  parent: STACK_URN,
};

describe("analyzer client: config defaults (pure)", () => {
  it("fills every policy's level and schema defaults", () => {
    assert.deepStrictEqual(fillConfigDefaults(TINY_INFO), {
      "tiny-echo": { enforcementLevel: "mandatory", properties: { label: "echo" } },
      "tiny-count": { enforcementLevel: "advisory", properties: { maxResources: 1 } },
    });
  });

  it("lays a level string and an object over the defaults, property by property", () => {
    const user = parsePolicyPackConfig({
      "tiny-echo": "disabled",
      "tiny-count": { enforcementLevel: "mandatory", note: "n" },
    });
    assert.deepStrictEqual(fillConfigDefaults(TINY_INFO, user), {
      "tiny-echo": { enforcementLevel: "disabled", properties: { label: "echo" } },
      "tiny-count": { enforcementLevel: "mandatory", properties: { maxResources: 1, note: "n" } },
    });
  });

  it("applies an `all` level to every policy before the per-policy entries", () => {
    const user = parsePolicyPackConfig({ all: "advisory", "tiny-count": { maxResources: 3 } });
    assert.deepStrictEqual(fillConfigDefaults(TINY_INFO, user), {
      "tiny-echo": { enforcementLevel: "advisory", properties: { label: "echo" } },
      "tiny-count": { enforcementLevel: "advisory", properties: { maxResources: 3 } },
      all: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies the pack's initial config between the defaults and the user's config", () => {
    const info: AnalyzerInfo = {
      ...TINY_INFO,
      initialConfig: { "tiny-echo": { enforcementLevel: "advisory", properties: { label: "x" } } },
    };
    assert.deepStrictEqual(fillConfigDefaults(info)["tiny-echo"], {
      enforcementLevel: "advisory",
      properties: { label: "x" },
    });
  });

  it("refuses an invalid level, naming the policy and the value", () => {
    assert.throws(
      () => parsePolicyPackConfig({ "tiny-echo": "strict", "tiny-count": { enforcementLevel: 1 } }),
      (error: unknown) =>
        error instanceof PolicyConfigError &&
        error.message ===
          "invalid policy pack config:\n" +
            "tiny-echo: must be one of advisory, mandatory, remediate, disabled, got 'strict'\n" +
            "tiny-count.enforcementLevel: must be one of advisory, mandatory, remediate, disabled, got 1",
    );
  });

  it("refuses a property of the wrong type for its schema", () => {
    const user = parsePolicyPackConfig({ "tiny-count": { maxResources: "many" } });
    assert.throws(
      () => fillConfigDefaults(TINY_INFO, user),
      new PolicyConfigError([
        { path: "tiny-count.maxResources", message: "must be of type number, got 'many'" },
      ]),
    );
  });

  it("refuses a missing required property", () => {
    const info: AnalyzerInfo = {
      ...TINY_INFO,
      policies: [
        {
          ...TINY_INFO.policies[1],
          configSchema: { properties: { note: { type: "string" } }, required: ["note"] },
        },
      ],
    };
    assert.throws(
      () => fillConfigDefaults(info),
      new PolicyConfigError([{ path: "tiny-count.note", message: "is required" }]),
    );
  });
});

/** A pack whose schemas use every keyword the config check reads, as GetAnalyzerInfo reports them. */
const STRICT_INFO: AnalyzerInfo = {
  ...TINY_INFO,
  name: "strict-pack",
  policies: [
    {
      ...TINY_INFO.policies[0],
      name: "ecr-registry-policy-trusted-principals",
      configSchema: {
        properties: {
          trustedAccounts: {
            type: "array",
            items: { type: "string", pattern: "^[0-9]{12}$" },
            default: [],
          },
          trustedOrganizationIds: { type: "array", items: { type: "string" }, default: [] },
        },
        required: [],
      },
    },
    {
      ...TINY_INFO.policies[0],
      name: "ecr-registry-policy-prefix-required",
      configSchema: {
        properties: {
          allowedPrefixes: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
        },
        required: [],
      },
    },
    {
      ...TINY_INFO.policies[0],
      name: "ecr-registry-policy-valid",
      configSchema: {
        properties: { policyScope: { type: "string", enum: ["V1", "V2"], default: "V2" } },
        required: [],
      },
    },
    { ...TINY_INFO.policies[0], name: "ecr-registry-policy-normal-form", configSchema: undefined },
  ],
};

/** The message of the PolicyConfigError that `work` throws. */
function configErrorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof PolicyConfigError, String(error));
    return error.message;
  }
  assert.fail("no PolicyConfigError");
}

describe("analyzer client: strict config (pure)", () => {
  const strict = (document: unknown) =>
    configErrorOf(() => fillConfigDefaults(STRICT_INFO, parsePolicyPackConfig(document)));

  it("an unknown policy name: refused with the closest policy of the pack", () => {
    assert.strictEqual(
      strict({ "ecr-registry-policy-trusted-principal": { trustedAccounts: ["111111111111"] } }),
      "invalid policy pack config:\n" +
        "ecr-registry-policy-trusted-principal: unknown policy: did you mean 'ecr-registry-policy-trusted-principals'?",
    );
  });

  it("an unknown policy name nothing is close to: says so, and what 'all' is for", () => {
    assert.strictEqual(
      strict({ "s3-bucket-public": "mandatory" }),
      "invalid policy pack config:\n" +
        "s3-bucket-public: unknown policy: strict-pack has no policy of that name ('all' sets every policy's level)",
    );
  });

  it("an unknown policy name with an empty entry is refused too (the CLI would drop the entry)", () => {
    assert.strictEqual(
      strict({ "ecr-registry-policy-vlid": {} }),
      "invalid policy pack config:\n" +
        "ecr-registry-policy-vlid: unknown policy: did you mean 'ecr-registry-policy-valid'?",
    );
  });

  it("an unknown key: refused with the closest key of the policy's schema", () => {
    assert.strictEqual(
      strict({ "ecr-registry-policy-prefix-required": { allowedPrefix: ["prod-"] } }),
      "invalid policy pack config:\n" +
        "ecr-registry-policy-prefix-required.allowedPrefix: unknown key: did you mean 'allowedPrefixes'?",
    );
  });

  it("an unknown key nothing is close to: the keys the policy takes; none for a policy without schema", () => {
    assert.strictEqual(
      strict({
        "ecr-registry-policy-trusted-principals": { partners: [] },
        "ecr-registry-policy-normal-form": { strictSids: true },
        all: { allowedPrefixes: ["prod-"] },
      }),
      "invalid policy pack config:\n" +
        "ecr-registry-policy-trusted-principals.partners: unknown key: ecr-registry-policy-trusted-principals takes 'trustedAccounts', 'trustedOrganizationIds', 'enforcementLevel'\n" +
        "ecr-registry-policy-normal-form.strictSids: unknown key: ecr-registry-policy-normal-form takes 'enforcementLevel'\n" +
        "all.allowedPrefixes: unknown key: all takes 'enforcementLevel'",
    );
  });

  it("enforcementLevel beside the schema's keys is not an unknown key", () => {
    const config = fillConfigDefaults(
      STRICT_INFO,
      parsePolicyPackConfig({
        "ecr-registry-policy-prefix-required": {
          enforcementLevel: "advisory",
          allowedPrefixes: ["prod-"],
        },
        "ecr-registry-policy-normal-form": { enforcementLevel: "disabled" },
      }),
    );
    assert.deepStrictEqual(
      [config["ecr-registry-policy-prefix-required"], config["ecr-registry-policy-normal-form"]],
      [
        { enforcementLevel: "advisory", properties: { allowedPrefixes: ["prod-"] } },
        { enforcementLevel: "disabled", properties: {} },
      ],
    );
  });

  it("a value of the wrong type, outside its enum, its pattern or its length: every one, at its path", () => {
    assert.strictEqual(
      strict({
        "ecr-registry-policy-trusted-principals": {
          trustedAccounts: ["111111111111", 222222222222, "33333333333"],
          trustedOrganizationIds: "o-a1b2c3d4e5",
        },
        "ecr-registry-policy-prefix-required": { allowedPrefixes: ["prod-", ""] },
        "ecr-registry-policy-valid": { policyScope: "v2" },
      }),
      "invalid policy pack config:\n" +
        "ecr-registry-policy-trusted-principals.trustedAccounts[1]: must be of type string, got 222222222222\n" +
        "ecr-registry-policy-trusted-principals.trustedAccounts[2]: must match ^[0-9]{12}$, got '33333333333'\n" +
        "ecr-registry-policy-trusted-principals.trustedOrganizationIds: must be of type array, got 'o-a1b2c3d4e5'\n" +
        "ecr-registry-policy-prefix-required.allowedPrefixes[1]: must be at least 1 character, got ''\n" +
        "ecr-registry-policy-valid.policyScope: must be one of 'V1', 'V2', got 'v2'",
    );
  });
});

describe("analyzer client: wire values (pure)", () => {
  it("drops undefined properties, keeps secrets and unknowns, downgrades resource references", () => {
    assert.deepStrictEqual(
      toWire({
        a: undefined,
        b: [undefined, secret("x")],
        c: UNKNOWN_STRING_VALUE,
        ref: {
          "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e",
          urn: "u",
          id: "i-1",
        },
        component: {
          "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e",
          urn: "u2",
        },
      }),
      {
        b: [
          null,
          { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "x" },
        ],
        c: UNKNOWN_STRING_VALUE,
        ref: "i-1",
        component: "u2",
      },
    );
  });

  it("refuses a value JSON cannot carry, naming its path", () => {
    assert.throws(
      () => toWire({ a: { b: () => 1 } }),
      /^Error: a\.b cannot be sent to an analyzer: function$/,
    );
  });
});

describe("analyzer client: the tiny pack over gRPC", function () {
  this.timeout(60_000);
  let client: AnalyzerClient;

  before(async () => {
    client = await startPolicyPack(FIXTURES);
  });
  after(async () => {
    await client?.close();
  });

  it("GetAnalyzerInfo describes both policies with their config schemas", async () => {
    assert.deepStrictEqual(await client.getAnalyzerInfo(), TINY_INFO);
  });

  it("Analyze: the policy sees defaults, unwrapped secrets and the provider; an unknown is advisory", async () => {
    await client.configure(fillConfigDefaults(await client.getAnalyzerInfo()));
    const seen = {
      name: "thing",
      config: { label: "echo" },
      secretValue: "s3cr3t",
      nested: { list: [1, { deep: true }] },
      provider: { type: "pulumi:providers:aws", name: "west", props: { region: "us-west-2" } },
      parent: STACK_URN,
      stackTags: {},
    };
    assert.deepStrictEqual(await client.analyze(THING), [
      {
        policyName: "tiny-echo",
        policyPackName: "tiny-pack",
        policyPackVersion: "0.0.1",
        description: ECHO_DESCRIPTION,
        message: `${ECHO_DESCRIPTION}\n${JSON.stringify(seen)}`,
        enforcementLevel: "mandatory",
        urn: THING_URN,
      },
      {
        policyName: "tiny-echo",
        policyPackName: "tiny-pack",
        policyPackVersion: "0.0.1",
        description: ECHO_DESCRIPTION,
        message:
          "can't run policy 'tiny-echo' from policy pack 'tiny-pack@v0.0.1' during preview: " +
          "string value at .unknownValue can't be known during preview",
        enforcementLevel: "advisory",
        urn: THING_URN,
      },
    ]);
  });

  it("ConfigureStack: policies see the stack's tags", async () => {
    await client.configureStack({
      stack: "dev",
      project: "tiny",
      dryRun: true,
      config: { "aws:region": "us-west-2" },
      tags: { team: "platform" },
    });
    const [echo] = await client.analyze(THING);
    const seen = JSON.parse(echo.message.slice(ECHO_DESCRIPTION.length + 1)) as {
      stackTags: unknown;
    };
    assert.deepStrictEqual(seen.stackTags, { team: "platform" });
  });

  it("Analyze: a resource of another type gets no diagnostics", async () => {
    assert.deepStrictEqual(await client.analyze({ ...THING, type: "tiny:index:Other" }), []);
  });

  it("AnalyzeStack: the stack policy sees parents and dependencies, and the default limit", async () => {
    await client.configure(fillConfigDefaults(TINY_INFO));
    const diagnostics = await client.analyzeStack([
      { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "tiny-dev", properties: {} },
      { ...THING, dependencies: [STACK_URN], propertyDependencies: { nested: [STACK_URN] } },
    ]);
    const described = [
      { name: "tiny-dev", parent: null, dependencies: [] },
      { name: "thing", parent: "tiny-dev", dependencies: ["tiny-dev"] },
    ];
    assert.deepStrictEqual(diagnostics, [
      {
        policyName: "tiny-count",
        policyPackName: "tiny-pack",
        policyPackVersion: "0.0.1",
        description: COUNT_DESCRIPTION,
        message: `${COUNT_DESCRIPTION}\n2 resources, more than 1: ${JSON.stringify(described)}`,
        enforcementLevel: "advisory",
        urn: "",
      },
    ]);
  });

  it("AnalyzeStack: the user's config raises the limit and the violation goes away", async () => {
    const user = parsePolicyPackConfig({ "tiny-count": { maxResources: 2 } });
    await client.configure(fillConfigDefaults(TINY_INFO, user));
    assert.deepStrictEqual(await client.analyzeStack([THING, { ...THING, urn: "u2" }]), []);
  });

  it("Configure: a disabled policy reports nothing", async () => {
    const user = parsePolicyPackConfig({ "tiny-echo": "disabled" });
    await client.configure(fillConfigDefaults(TINY_INFO, user));
    assert.deepStrictEqual(await client.analyze(THING), []);
  });

  // Last in this suite: it closes the shared client (after() closing it again is a no-op).
  it("close() kills the pack process, and a later call is refused", async () => {
    const pid = client.pid;
    assert.ok(pid !== undefined);
    await client.close();
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    await assert.rejects(
      client.getAnalyzerInfo(),
      new Error("GetAnalyzerInfo: the policy pack client is closed"),
    );
  });
});

describe("analyzer client: packs that fail", function () {
  this.timeout(30_000);

  it("a pack that throws while loading: the error carries its stderr", async () => {
    await assert.rejects(startPolicyPack(path.join(FIXTURES, "broken")), (error: Error) => {
      assert.match(
        error.message,
        /^policy pack .*broken exited \(code \d+\) before printing its port:\n[\s\S]*tiny-pack\/broken refuses to start/,
      );
      return true;
    });
  });

  it("a pack that never prints a port: a timeout naming the pack, and the process is killed", async () => {
    await assert.rejects(
      startPolicyPack(path.join(FIXTURES, "silent"), { timeoutMs: 1500 }),
      /^Error: policy pack .*silent printed no port within 1500 ms:\n\(no stderr\)$/,
    );
  });

  it("a directory without PulumiPolicy.yaml is refused before anything starts", async () => {
    await assert.rejects(
      startPolicyPack(__dirname),
      new Error(`policy pack ${__dirname} has no PulumiPolicy.yaml: it is not a policy pack`),
    );
  });
});
