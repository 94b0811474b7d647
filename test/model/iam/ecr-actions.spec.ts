import * as fc from "fast-check";
import * as assert from "assert";
import { ECR_ACTION_CATALOGUE_VERSION } from "../../../components/model/iam/ecr-action-catalogue";
import {
  actionMatches,
  ECR_ACTIONS,
  expandActionPattern,
  findEcrAction,
} from "../../../components/model/iam/ecr-actions";
import { V1_REGISTRY_POLICY_ACTIONS } from "../../../components/model/core/limits";
import { readIamDataEcrActions } from "../../../tools/generate-ecr-actions";

describe("ecr-actions", () => {
  it("is exactly iam-data's ECR action list (regenerate with tools/generate-ecr-actions.ts)", () => {
    const { version, actions } = readIamDataEcrActions();
    assert.deepStrictEqual([...ECR_ACTIONS], actions);
    assert.strictEqual(ECR_ACTION_CATALOGUE_VERSION, version);
    assert.strictEqual(ECR_ACTIONS.length, 60);
  });

  it("is sorted, canonical and contains every V1 registry policy action", () => {
    assert.deepStrictEqual([...ECR_ACTIONS].sort(), [...ECR_ACTIONS]);
    for (const action of V1_REGISTRY_POLICY_ACTIONS) {
      assert.strictEqual(findEcrAction(action), action);
    }
  });

  it("finds actions case-insensitively and returns the canonical name", () => {
    assert.strictEqual(findEcrAction("ecr:ReplicateImage"), "ecr:ReplicateImage");
    assert.strictEqual(findEcrAction("ECR:replicateimage"), "ecr:ReplicateImage");
    assert.strictEqual(findEcrAction("ecr:ReplicateImages"), undefined);
    assert.strictEqual(findEcrAction("ecr-public:ReplicateImage"), undefined);
    assert.strictEqual(findEcrAction("*"), undefined);
  });

  it("expands '*' and 'ecr:*' to every action, other services to none", () => {
    assert.deepStrictEqual(expandActionPattern("*"), [...ECR_ACTIONS]);
    assert.deepStrictEqual(expandActionPattern("ecr:*"), [...ECR_ACTIONS]);
    assert.deepStrictEqual(expandActionPattern("ECR:*"), [...ECR_ACTIONS]);
    assert.deepStrictEqual(expandActionPattern("s3:*"), []);
    assert.deepStrictEqual(expandActionPattern("ecr-public:*"), []);
  });

  it("expands '*' and '?' inside names, case-insensitively", () => {
    assert.deepStrictEqual(expandActionPattern("ecr:replicate*"), ["ecr:ReplicateImage"]);
    assert.deepStrictEqual(expandActionPattern("ecr:?eplicateImage"), ["ecr:ReplicateImage"]);
    assert.deepStrictEqual(expandActionPattern("ecr:?plicateImage"), []);
    assert.deepStrictEqual(expandActionPattern("ecr:*RegistryPolicy"), [
      "ecr:DeleteRegistryPolicy",
      "ecr:GetRegistryPolicy",
      "ecr:PutRegistryPolicy",
    ]);
    assert.deepStrictEqual(expandActionPattern("ecr:CreateRepository"), ["ecr:CreateRepository"]);
    assert.deepStrictEqual(expandActionPattern("ecr:Create.*"), []);
  });

  it("expands every pattern as matching it against each catalogue action does", () => {
    const naive = (pattern: string) =>
      ECR_ACTIONS.filter((action) => actionMatches(pattern, action));
    const patterns = fc.oneof(
      fc.constantFrom(...ECR_ACTIONS),
      fc.constantFrom(...ECR_ACTIONS).map((action) => action.toUpperCase()),
      fc.string({
        unit: fc.constantFrom("e", "c", "r", ":", "*", "?", "R", "p", "l", "i", "G", "t"),
      }),
    );
    fc.assert(
      fc.property(patterns, (pattern) => {
        // Twice: the second answer may come from what the first remembered.
        assert.deepStrictEqual([...expandActionPattern(pattern)], naive(pattern));
        assert.deepStrictEqual([...expandActionPattern(pattern)], naive(pattern));
      }),
      { numRuns: 500, seed: 3 },
    );
    assert.throws(() => (expandActionPattern("ecr:*") as string[]).push("x"), TypeError);
  });

  it("matches any service's actions case-insensitively, without backtracking", () => {
    assert.strictEqual(actionMatches("S3:Get*", "s3:GetObject"), true);
    assert.strictEqual(actionMatches("ecr:Get*", "s3:GetObject"), false);
    assert.deepStrictEqual(expandActionPattern(`${"*e".repeat(40)}x`), []);
  });
});
