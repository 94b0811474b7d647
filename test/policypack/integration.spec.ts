/**
 * The pack as the Pulumi CLI runs it: policypack/ booted by run-policy-pack (ts-node, cwd =
 * policypack), configured with config.example.json over the schema defaults, and called over the
 * analyzer gRPC protocol with wire values (secrets, unknowns) as the engine sends them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  AnalyzerClient,
  Diagnostic,
  fillConfigDefaults,
  parsePolicyPackConfig,
  secret,
  startPolicyPack,
  UNKNOWN_STRING_VALUE,
} from "../../tools/analyzer";
import {
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
  rulesOf,
  SOURCE,
  onTheWire,
  nameOf,
} from "./fixtures";

const PACK = path.join(__dirname, "..", "..", "policypack");
const ARN = `arn:aws:ecr:us-west-2:${DEST_WEST}:repository`;

/** The parts of a diagnostic these tests pin down. */
function brief(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({
    policyName: d.policyName,
    enforcementLevel: d.enforcementLevel,
    urn: d.urn,
    message: d.message,
  }));
}

describe("policy pack over the analyzer protocol", function () {
  // Booting type-checks the pack with ts-node, as the CLI does: a few seconds.
  this.timeout(60_000);
  let client: AnalyzerClient;

  before(async () => {
    client = await startPolicyPack(PACK);
    const info = await client.getAnalyzerInfo();
    const example = JSON.parse(fs.readFileSync(path.join(PACK, "config.example.json"), "utf8"));
    await client.configure(fillConfigDefaults(info, parsePolicyPackConfig(example)));
  });

  after(async () => {
    await client?.close();
  });

  it("describes itself: name, version and the contract's policies", async () => {
    const info = await client.getAnalyzerInfo();
    assert.deepStrictEqual(
      [info.name, info.version, info.supportsConfig],
      ["ecr-replication-policies", "0.1.0", true],
    );
    assert.deepStrictEqual(
      info.policies.map((p) => `${p.name} ${p.enforcementLevel} ${p.policyType}`),
      [
        "ecr-registry-policy-valid mandatory resource",
        "ecr-registry-policy-normal-form advisory resource",
        "ecr-registry-policy-prefix-required mandatory resource",
        "ecr-registry-policy-trusted-principals mandatory resource",
        "ecr-registry-policy-no-public-access mandatory resource",
        "ecr-registry-policy-allowed-actions mandatory resource",
        "ecr-replication-valid mandatory resource",
        "ecr-replication-prefix-required mandatory resource",
        "ecr-replication-allowed-destinations mandatory resource",
        "ecr-repository-prefix-boundary advisory resource",
        "ecr-region-known advisory resource",
        "ecr-creation-template-valid mandatory resource",
        "ecr-registry-singleton mandatory stack",
        "ecr-replication-destination-authorized mandatory stack",
        "ecr-replication-chain advisory stack",
        "ecr-replication-creation-template advisory stack",
      ],
    );
  });

  it("passes every resource of the example stack", async () => {
    for (const resource of exampleStack()) {
      assert.deepStrictEqual(await client.analyze(onTheWire(resource)), [], resource.urn);
    }
    assert.deepStrictEqual(await client.analyzeStack(exampleStack().map(onTheWire)), []);
  });

  it("judges a secret-wrapped registry policy by its content", async () => {
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
    document.Statement[0].Resource = [`${ARN}/prod*`];
    const resource = registryPolicy(DEST_WEST, "us-west-2");
    resource.props.policy = secret(JSON.stringify(document));
    const within =
      "outside the allowed prefixes ('prod-', 'shared/'): every repository granted for replication must lie within one of them";
    assert.deepStrictEqual(brief(await client.analyze(onTheWire(resource))), [
      {
        policyName: "ecr-registry-policy-prefix-required",
        enforcementLevel: "mandatory",
        urn: resource.urn,
        message: `policy.Statement[0] grants arn:aws:iam::${SOURCE}:root ecr:ReplicateImage and ecr:CreateRepository on 'prod', ${within}`,
      },
      {
        policyName: "ecr-repository-prefix-boundary",
        enforcementLevel: "advisory",
        urn: resource.urn,
        message: `policy.Statement[0].Resource[0] '${ARN}/prod*' does not end in '-', '_', '.' or '/', so it matches more than it looks, such as 'proda': end it at a name boundary, such as 'prod-*'`,
      },
    ]);
  });

  it("says what an unknown value keeps from being checked, as advisories, and checks the rest", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[0].registryId = UNKNOWN_STRING_VALUE;
    rulesOf(resource)[0].destinations[1].region = "ap-south-1";
    const unknown = "replicationConfiguration.rules[0].destinations[0].registryId";
    assert.deepStrictEqual(brief(await client.analyze(onTheWire(resource))), [
      {
        policyName: "ecr-replication-valid",
        enforcementLevel: "advisory",
        urn: resource.urn,
        message: `the replication configuration could not be checked at preview: ${unknown} is unknown until apply`,
      },
      {
        policyName: "ecr-replication-allowed-destinations",
        enforcementLevel: "mandatory",
        urn: resource.urn,
        message:
          "replicationConfiguration.rules[0].destinations[1].region 'ap-south-1' is not an allowed destination region: it must be one of us-west-2, eu-west-1",
      },
      {
        policyName: "ecr-replication-allowed-destinations",
        enforcementLevel: "advisory",
        urn: resource.urn,
        message: `the replication destinations could not be checked at preview: ${unknown} is unknown until apply`,
      },
    ]);
  });

  it("reports a destination that is not authorised, on the replication configuration", async () => {
    const stack = exampleStack();
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
    document.Statement[0].Action = ["ecr:ReplicateImage"];
    stack[1].props.policy = JSON.stringify(document);
    const second = { ...stack[2], urn: `${stack[2].urn}-again` };
    assert.deepStrictEqual(brief(await client.analyzeStack([...stack, second].map(onTheWire))), [
      {
        policyName: "ecr-registry-singleton",
        enforcementLevel: "mandatory",
        urn: second.urn,
        message: `2 aws.ecr.RegistryPolicy resources write the one registry policy of registry 333333333333 in eu-west-1 (${stack[2].urn}, ${second.urn}): a registry has one per region, so each overwrites the other and deleting one wipes it; keep exactly one`,
      },
      {
        policyName: "ecr-replication-destination-authorized",
        enforcementLevel: "mandatory",
        urn: stack[0].urn,
        message: `replicationConfiguration.rules[0].destinations[0] (${SOURCE} in us-east-1 -> ${DEST_WEST} in us-west-2 ('prod-', 'shared/')) will fail at run time: registry policy ${nameOf(stack[1].urn)} does not grant ${SOURCE} ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': grant it, or create the repositories in the destination first and declare them pre-existing`,
      },
      {
        policyName: "ecr-replication-destination-authorized",
        enforcementLevel: "advisory",
        urn: stack[0].urn,
        message: `replicationConfiguration.rules[0].destinations[1] (${SOURCE} in us-east-1 -> 333333333333 in eu-west-1 ('prod-', 'shared/')) could not be verified: 2 registry policies write the one policy of 333333333333 in eu-west-1 (${nameOf(stack[2].urn)}, ${nameOf(second.urn)}): which one wins cannot be told`,
      },
    ]);
  });
});
