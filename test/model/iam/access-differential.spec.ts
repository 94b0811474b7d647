/**
 * Differential test of the effective-access model against an independent IAM simulator,
 * `@cloud-copilot/iam-simulate` (AGPL: a test-only devDependency, never imported by shipped code).
 * Random unconditional registry policies, cross-account requests; the simulator is given an
 * identity policy allowing everything, so the registry policy alone decides.
 */
import * as assert from "assert";
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import * as fc from "fast-check";
import { evaluateAccess } from "../../../components/model/iam/access";
import { repositoryArn } from "../../../components/model/iam/arn";
import { parseRegistryPolicy } from "../../../components/model/iam/policy-document";
import { DESTINATION, SOURCE_ACCOUNT } from "../seed-policies";

const ARN = `arn:aws:ecr:us-west-2:${DESTINATION.accountId}:repository`;
const OTHER_ACCOUNT = "999988887777";

const principal = fc.constantFrom<unknown>(
  "*",
  { AWS: "*" },
  { AWS: SOURCE_ACCOUNT },
  { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
  { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator` },
  { AWS: [OTHER_ACCOUNT, `arn:aws:iam::${SOURCE_ACCOUNT}:role/other`] },
);
const actions = fc.constantFrom<unknown>(
  "ecr:*",
  "*",
  "ecr:ReplicateImage",
  ["ecr:CreateRepository", "ecr:ReplicateImage"],
  "ECR:replicate*",
  "ecr:?atchGetImage",
  "ecr:Delete*",
);
const resources = fc.constantFrom<unknown>(
  "*",
  `${ARN}/*`,
  `${ARN}/prod-*`,
  `${ARN}/prod*`,
  `${ARN}/prod-?`,
  [`${ARN}/team/*`, `${ARN}/dev-*`],
  `arn:aws:ecr:*:${DESTINATION.accountId}:repository/prod-*`,
  `arn:aws:ecr:us-west-2:${OTHER_ACCOUNT}:repository/*`,
  `${ARN}/Prod-*`,
);
const statement = fc
  .record({
    Effect: fc.constantFrom("Allow", "Deny"),
    principal,
    notPrincipal: fc.boolean(),
    actions,
    notAction: fc.boolean(),
    resources,
    notResource: fc.boolean(),
  })
  .map((s) => ({
    Effect: s.Effect,
    [s.notPrincipal ? "NotPrincipal" : "Principal"]: s.principal,
    [s.notAction ? "NotAction" : "Action"]: s.actions,
    [s.notResource ? "NotResource" : "Resource"]: s.resources,
  }));
/** A statement that applies only when `aws:SecureTransport` has the given value. */
const conditionalStatement = fc
  .tuple(statement, fc.constantFrom("true", "false"))
  .map(([s, secure]) => ({ ...s, Condition: { Bool: { "aws:SecureTransport": secure } } }));
const request = fc.record({
  principal: fc.constantFrom(
    `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator`,
    `arn:aws:iam::${SOURCE_ACCOUNT}:role/other`,
    `arn:aws:iam::${SOURCE_ACCOUNT}:root`,
    `arn:aws:iam::${OTHER_ACCOUNT}:user/ci`,
  ),
  action: fc.constantFrom(
    "ecr:ReplicateImage",
    "ecr:CreateRepository",
    "ecr:BatchGetImage",
    "ecr:DeleteRepository",
  ),
  repository: fc.constantFrom("prod-a", "prod-ab", "production", "team/app", "dev-x", "a"),
});

/** The simulator's decision, as the model's: "allow" or "deny". */
async function simulate(
  policy: object,
  query: { principal: string; action: string; repository: string },
  contextVariables: Record<string, string> = {},
): Promise<string> {
  const simulation: Simulation = {
    identityPolicies: [
      {
        name: "everything",
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
        },
      },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy,
    request: {
      action: query.action,
      principal: query.principal,
      resource: {
        accountId: DESTINATION.accountId,
        resource: repositoryArn(DESTINATION, query.repository),
      },
      contextVariables,
    },
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") {
    assert.fail(`simulator refused the input: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult === "Allowed" ? "allow" : "deny";
}

/** The document of the statements and the model's decision on each request. */
function modelDecisions(
  statements: object[],
  requests: { principal: string; action: string; repository: string }[],
) {
  const document = { Version: "2012-10-17", Statement: statements };
  const { policy, problems } = parseRegistryPolicy(document);
  assert.deepStrictEqual(problems, []);
  return {
    document,
    decisions: requests.map((query) => ({
      query,
      model: evaluateAccess(policy!, { ...query, registry: DESTINATION }).decision,
    })),
  };
}

describe("evaluateAccess against @cloud-copilot/iam-simulate", () => {
  it("decides unconditional cross-account requests as the simulator does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.array(request, { minLength: 1, maxLength: 3 }),
        async (statements, requests) => {
          const { document, decisions } = modelDecisions(statements, requests);
          for (const { query, model } of decisions) {
            const oracle = await simulate(document, query);
            assert.strictEqual(model, oracle, JSON.stringify({ document, query }));
          }
        },
      ),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it("is sound with conditions: 'allow' and 'deny' hold whatever the request context", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(statement, conditionalStatement), { minLength: 1, maxLength: 3 }),
        fc.array(request, { minLength: 1, maxLength: 2 }),
        async (statements, requests) => {
          const { document, decisions } = modelDecisions(statements, requests);
          for (const { query, model } of decisions) {
            if (model === "maybe") {
              continue;
            }
            for (const secure of ["true", "false"]) {
              const oracle = await simulate(document, query, { "aws:SecureTransport": secure });
              assert.strictEqual(model, oracle, JSON.stringify({ document, query, secure }));
            }
          }
        },
      ),
      { numRuns: 100, seed: 20261129 },
    );
  });
});
