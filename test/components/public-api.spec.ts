import * as assert from "assert";
import {
  buildRegistryPolicy,
  checkRegistryPolicyNormalForm,
  coversPrefix,
  evaluateAccess,
  parseRegistryPolicy,
  prefixCoverage,
  REPLICATION_REQUEST,
  validateRegistryPolicy,
} from "../../components";

const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = "111111111111";

describe("public API: reading a policy the package built", () => {
  const { json } = buildRegistryPolicy(REGISTRY, [
    { accountId: SOURCE, repositoryPrefixes: ["prod-"], allowCreateRepository: false },
  ]);

  it("parses and validates it without problems", () => {
    assert.deepStrictEqual(parseRegistryPolicy(json).problems, []);
    assert.deepStrictEqual(validateRegistryPolicy(json, { registry: REGISTRY }).problems, []);
  });

  it("answers access questions about it", () => {
    const { policy } = parseRegistryPolicy(json);
    assert.ok(policy !== undefined);
    const request = { principal: SOURCE, registry: REGISTRY, action: "ecr:ReplicateImage" };
    assert.deepStrictEqual(evaluateAccess(policy, { ...request, repository: "prod-api" }), {
      decision: "allow",
      statements: [0],
    });
    assert.deepStrictEqual(evaluateAccess(policy, { ...request, repository: "dev-api" }), {
      decision: "deny",
      statements: [],
    });
    assert.strictEqual(coversPrefix(policy, { ...request, prefix: "prod-" }), "allow");
    assert.deepStrictEqual(prefixCoverage(policy, { ...request, prefix: "prod" }), {
      decision: "deny",
      notAllowed: "proda",
      denied: "proda",
    });
    assert.strictEqual(
      coversPrefix(policy, { ...request, action: "ecr:CreateRepository", prefix: "prod-" }),
      "deny",
    );
  });

  it("reports a hand-written document's problems with their paths", () => {
    const { problems } = validateRegistryPolicy(
      { Version: "2012-10-17", Statement: [{ Sid: "a-b", Effect: "Allow" }] },
      { registry: REGISTRY },
    );
    assert.deepStrictEqual(problems, [
      {
        path: "Statement[0].Sid",
        message: "must be letters and digits only (A-Z, a-z, 0-9), got 'a-b'",
      },
      {
        path: "Statement[0]",
        message: "must have exactly one of Principal and NotPrincipal, got neither",
      },
      {
        path: "Statement[0]",
        message: "must have exactly one of Action and NotAction, got neither",
      },
      {
        path: "Statement[0]",
        message: "must have exactly one of Resource and NotResource, got neither",
      },
    ]);
  });
});

describe("public API: judging a hand-written policy for replication, and its normal form", () => {
  const { policy } = parseRegistryPolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "replication-from-build",
        Effect: "Allow",
        Principal: { AWS: SOURCE },
        Action: "ecr:ReplicateImage",
        Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
        Condition: { StringEquals: { "aws:SourceAccount": SOURCE } },
      },
    ],
  });

  it("an Allow on aws:SourceAccount is 'maybe' in general, never applies to a replication request", () => {
    assert.ok(policy !== undefined);
    const request = {
      principal: SOURCE,
      registry: REGISTRY,
      action: "ecr:ReplicateImage",
      repository: "prod-api",
    };
    assert.deepStrictEqual(evaluateAccess(policy, request), { decision: "maybe", statements: [0] });
    assert.deepStrictEqual(evaluateAccess(policy, { ...request, context: REPLICATION_REQUEST }), {
      decision: "deny",
      statements: [],
      notApplying: [0],
    });
  });

  it("reports what IAM's normal form prefers and ECR accepts (Sid, bare account principal)", () => {
    assert.ok(policy !== undefined);
    assert.deepStrictEqual(
      checkRegistryPolicyNormalForm(policy, { registry: REGISTRY }).map((p) => p.path),
      ["Statement[0].Sid", "Statement[0].Principal.AWS[0]"],
    );
  });
});
