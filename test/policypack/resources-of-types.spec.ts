/**
 * One resource validation for several types (policypack/support/findings.ts
 * checkResourcesOfTypes): each type reaches its own checks only, others none.
 */
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { checkResourcesOfType, checkResourcesOfTypes } from "../../policypack/support/findings";
import { runResourcePolicy } from "./run-policy";

const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";

describe("checkResourcesOfTypes", () => {
  const seen: string[] = [];
  const check = (label: string) => () => {
    seen.push(label);
    return [{ message: label }];
  };
  const policy: ResourceValidationPolicy = {
    name: "several-types",
    description: "several types",
    enforcementLevel: "advisory",
    validateResource: checkResourcesOfTypes(
      checkResourcesOfType(POLICY, undefined, check("policy")),
      checkResourcesOfType(REPLICATION, undefined, check("replication")),
      checkResourcesOfType(POLICY, undefined, check("policy again")),
    ),
  };

  it("is one validation, untagged, handing each type to its own checks in order", async () => {
    assert.strictEqual(Array.isArray(policy.validateResource), false);
    assert.strictEqual("__pulumiType" in (policy.validateResource as object), false);
    const messages = async (type: string) =>
      (await runResourcePolicy(policy, { type, props: {} })).map((v) => v.message);
    assert.deepStrictEqual(await messages(POLICY), ["policy", "policy again"]);
    assert.deepStrictEqual(await messages(REPLICATION), ["replication"]);
    assert.deepStrictEqual(await messages("aws:s3/bucket:Bucket"), []);
    assert.deepStrictEqual(seen, ["policy", "policy again", "replication"]);
  });

  it("refuses a validation that does not say its type", () => {
    assert.throws(() => checkResourcesOfTypes(() => undefined), {
      message: "checkResourcesOfTypes takes validations built by checkResourcesOfType",
    });
  });
});
