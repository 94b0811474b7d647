/**
 * ecr-registry-policy-normal-form at level `remediate`: its `remediateResource` called as
 * `@pulumi/policy` calls it, then the pack booted and driven over the analyzer protocol's
 * Remediate RPC as the engine drives it, with the ECR user guide's example 2 (a repeated Sid) and
 * a live account's `stis-1` with a bare account principal.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationArgs, Secret, unknownCheckingProxy } from "@pulumi/policy";
import { registryPolicyNormalForm } from "../../policypack/policies/registry-policy-normal-form";
import { registryPolicyValid } from "../../policypack/policies/registry-policy-valid";
import {
  AnalyzerClient,
  AnalyzerResource,
  fillConfigDefaults,
  parsePolicyPackConfig,
  secret,
  startPolicyPack,
  UNKNOWN_STRING_VALUE,
} from "../../tools/analyzer";
import { DESTINATION, SEED_MULTIPLE_ACCOUNTS, SOURCE_ACCOUNT } from "../model/seed-policies";
import { provider, REGISTRY_POLICY } from "./fixtures";
import { runResourcePolicy, TestResource } from "./run-policy";

const PACK = path.join(__dirname, "..", "..", "policypack");
const POLICY_NAME = "ecr-registry-policy-normal-form";

/** Example 2 of the ECR user guide's registry policy examples, as text, remediated. */
const SEED_2_REMEDIATED =
  '{"Version":"2012-10-17","Statement":[{"Sid":"ReplicationAccessCrossAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":["arn:aws:ecr:us-west-2:111122223333:repository/*"]},{"Sid":"ReplicationAccessCrossAccount2","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":["arn:aws:ecr:us-west-2:111122223333:repository/*"]}]}';

/** A policy as a live account stored it: Sid `stis-1`, a bare account principal; pretty-printed. */
function stisDocument(region: string, partition: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "stis-1",
        Effect: "Allow",
        Principal: { AWS: SOURCE_ACCOUNT },
        Action: "ecr:ReplicateImage",
        Resource: `arn:${partition}:ecr:${region}:${DESTINATION.accountId}:repository/prod-*`,
      },
    ],
  };
}

function stisRemediated(region: string, partition: string): string {
  return `{"Version":"2012-10-17","Statement":[{"Sid":"stis1","Effect":"Allow","Principal":{"AWS":"arn:${partition}:iam::${SOURCE_ACCOUNT}:root"},"Action":"ecr:ReplicateImage","Resource":"arn:${partition}:ecr:${region}:${DESTINATION.accountId}:repository/prod-*"}]}`;
}

function registryPolicy(policy: unknown, region: string): TestResource {
  return {
    type: REGISTRY_POLICY,
    urn: `urn:pulumi:dev::ecr::${REGISTRY_POLICY}::policy`,
    props: { policy },
    provider: provider(DESTINATION.accountId, region),
  };
}

/** Calls the policy's remediateResource as `@pulumi/policy` does (props behind its proxy). */
async function remediate(resource: TestResource): Promise<Record<string, unknown> | undefined> {
  const args = {
    type: resource.type,
    urn: resource.urn ?? "urn:test",
    name: "policy",
    props: unknownCheckingProxy(resource.props),
    provider:
      resource.provider === undefined
        ? undefined
        : {
            type: "pulumi:providers:aws",
            urn: resource.provider.urn ?? "urn:provider",
            name: "default",
            props: unknownCheckingProxy(resource.provider.props),
          },
  } as unknown as ResourceValidationArgs;
  const result = await registryPolicyNormalForm.remediateResource!(args);
  return result === undefined ? undefined : (result as Record<string, unknown>);
}

describe("ecr-registry-policy-normal-form remediateResource", () => {
  it("renames example 2's repeated Sid; text stays compact text", async () => {
    const resource = registryPolicy(JSON.stringify(SEED_MULTIPLE_ACCOUNTS, null, 2), "us-west-2");
    assert.deepStrictEqual(await remediate(resource), { policy: SEED_2_REMEDIATED });
  });

  it("writes a bare account id's ARN in the registry's partition, from its region", async () => {
    for (const [region, partition] of [
      ["us-west-2", "aws"],
      ["cn-north-1", "aws-cn"],
      ["us-gov-west-1", "aws-us-gov"],
    ]) {
      const resource = registryPolicy(JSON.stringify(stisDocument(region, partition)), region);
      assert.deepStrictEqual(await remediate(resource), {
        policy: stisRemediated(region, partition),
      });
    }
  });

  it("keeps an object an object, other properties as they are, and a remediated policy passes", async () => {
    const resource = registryPolicy(stisDocument("cn-north-1", "aws-cn"), "cn-north-1");
    resource.props.region = "cn-north-1";
    const remediated = await remediate(resource);
    assert.deepStrictEqual(remediated, {
      policy: JSON.parse(stisRemediated("cn-north-1", "aws-cn")),
      region: "cn-north-1",
    });
    const after = { ...resource, props: remediated! };
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNormalForm, after), []);
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, after), []);
  });

  it("without a known region, takes the one partition the policy's ARNs name, never guesses", async () => {
    const named = registryPolicy(JSON.stringify(stisDocument("cn-north-1", "aws-cn")), "");
    delete named.provider;
    assert.deepStrictEqual(await remediate(named), {
      policy: stisRemediated("cn-north-1", "aws-cn"),
    });
    const document = stisDocument("cn-north-1", "aws-cn");
    document.Statement[0].Resource = "*";
    const unnamed = registryPolicy(JSON.stringify(document), "");
    delete unnamed.provider;
    assert.strictEqual(await remediate(unnamed), undefined);
  });

  it("keeps a secret policy secret", async () => {
    const resource = registryPolicy(
      new Secret(JSON.stringify(stisDocument("us-west-2", "aws"))),
      "us-west-2",
    );
    const remediated = await remediate(resource);
    assert.ok(remediated?.policy instanceof Secret);
    assert.strictEqual(remediated.policy.value, stisRemediated("us-west-2", "aws"));
  });

  it("leaves alone a policy in normal form, unknown, or that cannot be read", async () => {
    for (const policy of [
      JSON.stringify(stisDocument("us-west-2", "aws"))
        .replace(`"${SOURCE_ACCOUNT}"`, `"arn:aws:iam::${SOURCE_ACCOUNT}:root"`)
        .replace("stis-1", "stis1"),
      UNKNOWN_STRING_VALUE,
      "{ not json",
    ]) {
      assert.strictEqual(await remediate(registryPolicy(policy, "us-west-2")), undefined, policy);
    }
  });
});

/** A test resource as the engine sends it. */
function onTheWire(resource: TestResource): AnalyzerResource {
  return {
    urn: resource.urn!,
    type: resource.type,
    name: "policy",
    properties: resource.props,
    provider: {
      urn: resource.provider!.urn!,
      type: "pulumi:providers:aws",
      name: "default",
      properties: resource.provider!.props,
    },
  };
}

describe("ecr-registry-policy-normal-form at level remediate, over the analyzer protocol", function () {
  // Booting type-checks the pack with ts-node, as the CLI does: a few seconds.
  this.timeout(60_000);
  let client: AnalyzerClient;

  before(async () => {
    client = await startPolicyPack(PACK);
    const info = await client.getAnalyzerInfo();
    const example = JSON.parse(fs.readFileSync(path.join(PACK, "config.example.json"), "utf8"));
    example[POLICY_NAME] = "remediate";
    await client.configure(fillConfigDefaults(info, parsePolicyPackConfig(example)));
  });

  after(async () => {
    await client?.close();
  });

  /** The policy properties each remediation returned, by policy name. */
  async function remediatedPolicies(resource: TestResource) {
    return (await client.remediate(onTheWire(resource))).map((remediation) => ({
      policyName: remediation.policyName,
      diagnostic: remediation.diagnostic,
      policy: remediation.properties?.policy,
    }));
  }

  it("renames the ECR user guide example 2's repeated Sid", async () => {
    const resource = registryPolicy(JSON.stringify(SEED_MULTIPLE_ACCOUNTS), "us-west-2");
    assert.deepStrictEqual(await remediatedPolicies(resource), [
      { policyName: POLICY_NAME, diagnostic: "", policy: SEED_2_REMEDIATED },
    ]);
  });

  it("rewrites 'stis-1' and a bare account id in a China registry, and Analyze then passes it", async () => {
    const resource = registryPolicy(
      JSON.stringify(stisDocument("cn-north-1", "aws-cn"), null, 2),
      "cn-north-1",
    );
    const expected = stisRemediated("cn-north-1", "aws-cn");
    assert.deepStrictEqual(await remediatedPolicies(resource), [
      { policyName: POLICY_NAME, diagnostic: "", policy: expected },
    ]);
    const before = await client.analyze(onTheWire(resource));
    assert.deepStrictEqual(
      before.filter((d) => d.policyName === POLICY_NAME).map((d) => d.enforcementLevel),
      ["mandatory", "mandatory"],
    );
    const after = await client.analyze(onTheWire({ ...resource, props: { policy: expected } }));
    assert.deepStrictEqual(
      after.filter((d) => [POLICY_NAME, "ecr-registry-policy-valid"].includes(d.policyName)),
      [],
    );
  });

  it("keeps a secret policy secret", async () => {
    const resource = registryPolicy(
      secret(JSON.stringify(stisDocument("us-west-2", "aws"))),
      "us-west-2",
    );
    assert.deepStrictEqual(await remediatedPolicies(resource), [
      {
        policyName: POLICY_NAME,
        diagnostic: "",
        policy: secret(stisRemediated("us-west-2", "aws")),
      },
    ]);
  });

  it("returns no remediation for a policy that needs none", async () => {
    const resource = registryPolicy(stisRemediated("us-west-2", "aws"), "us-west-2");
    assert.deepStrictEqual(await remediatedPolicies(resource), []);
  });
});
