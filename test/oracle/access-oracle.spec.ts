/**
 * Differential test of the effective-access model (components/model/iam/access `evaluateAccess`)
 * against an independent IAM implementation, `@cloud-copilot/iam-simulate`: generated registry
 * policies of one to four statements mixing Allow/Deny, Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal, `*` and `?` wildcards in actions and resource ARNs (segment wildcards,
 * a `*` spanning colons, case changes), ARN and bare-account principals; each policy is asked a
 * grid of cross-account requests (principal x ECR action x repository name) and every decision
 * must equal the simulator's. Cases where the two differ and the model follows AWS's documented
 * behaviour are recorded in ./known-discrepancies.ts with their source, and asserted there.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { evaluateAccess } from "../../components/model/iam/access";
import { parseRegistryPolicy } from "../../components/model/iam/policy-document";
import { REPLICATION_REQUEST } from "../../components/model/iam/request-context";
import { validateRegistryPolicy } from "../../components/model/registry-policy/checks";
import { KNOWN_DISCREPANCIES } from "./known-discrepancies";
import { assertProperty, OracleRequest, runSettings, simulate } from "./oracle";

const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
/** Accounts that send requests; the registry's own account never does (cross-account only). */
const ACCOUNTS = ["111111111111", "333333333333", "444444444444"];
/** Principal kinds of a request: the account itself, a role, a user, a session of a role. */
const REQUEST_PRINCIPALS = ACCOUNTS.flatMap((id) => [
  `arn:aws:iam::${id}:root`,
  `arn:aws:iam::${id}:role/replicator`,
  `arn:aws:iam::${id}:user/ci`,
  `arn:aws:sts::${id}:assumed-role/replicator/session-1`,
]);
/** ECR actions on repositories that requests use. */
const REQUEST_ACTIONS = [
  "ecr:ReplicateImage",
  "ecr:CreateRepository",
  "ecr:BatchImportUpstreamImage",
  "ecr:BatchGetImage",
  "ecr:PutImage",
  "ecr:DeleteRepository",
  "ecr:DescribeImages",
];
/** Repository names around the prefixes the patterns are built from (`prod` < `prod-` < `prod-a`). */
const NAME_POOL = [
  "prod",
  "prod-",
  "prod-a",
  "prod-api",
  "prod-api/v2",
  "production",
  "pro",
  "prod/x",
  "team/app",
  "team/app/db",
  "dev-x",
  "a",
  "a.b_c-d/e",
];

/** A string with some characters replaced by `?` and maybe one run replaced by `*`. */
function wildcarded(text: string): fc.Arbitrary<string> {
  const chars = Array.from(text);
  return fc
    .record({
      questions: fc.array(fc.nat({ max: Math.max(0, chars.length - 1) }), { maxLength: 2 }),
      star: fc.option(fc.tuple(fc.nat({ max: chars.length }), fc.nat({ max: chars.length })), {
        nil: undefined,
      }),
    })
    .map(({ questions, star }) => {
      const out = [...chars];
      for (const i of questions) {
        if (i < out.length) {
          out[i] = "?";
        }
      }
      if (star === undefined) {
        return out.join("");
      }
      const [a, b] = star[0] <= star[1] ? star : [star[1], star[0]];
      return [...out.slice(0, a), "*", ...out.slice(b)].join("");
    });
}

/** A string in random letter case. */
function anyCase(text: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) =>
    Array.from(text)
      .map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()))
      .join(""),
  );
}

const actionPattern: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...REQUEST_ACTIONS) },
  // Wildcards only in the action name: IAM allows none in the service prefix.
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...REQUEST_ACTIONS)
      .chain((action) => wildcarded(action.slice(4)).map((name) => `ecr:${name}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...REQUEST_ACTIONS).chain(anyCase) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "*",
      "ecr:*",
      "ECR:*",
      "ecr:Replicate*",
      "ecr:*Image",
      "ecr:Batch*",
      "ecr:*Repository",
      "ecr:?eplicateImage",
      "s3:*",
      "ecr-public:*",
      "ecr:ReplicateImage?",
    ),
  },
);

/** A repository name pattern: a pool name, wildcarded, truncated with `*`, or upper-cased. */
const namePattern: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NAME_POOL) },
  { weight: 3, arbitrary: fc.constantFrom(...NAME_POOL).chain(wildcarded) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...NAME_POOL), fc.nat({ max: 12 }))
      .map(([name, cut]) => `${name.slice(0, cut)}*`),
  },
  { weight: 2, arbitrary: fc.constantFrom("*", "?*", "*/*", "prod-*/*", "Prod-*", "PROD*") },
);

const resourcePattern: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        partition: fc.constantFrom("aws", "aws", "aws", "*", "a?s", "aws-cn"),
        region: fc.constantFrom("us-west-2", "us-west-2", "us-*", "*", "us-west-?", "eu-west-1"),
        account: fc.constantFrom(
          REGISTRY.accountId,
          REGISTRY.accountId,
          REGISTRY.accountId,
          "*",
          "2222*",
          "22222222222?",
          ACCOUNTS[0],
        ),
        resource: fc.oneof(
          { weight: 6, arbitrary: namePattern.map((name) => `repository/${name}`) },
          { weight: 1, arbitrary: fc.constantFrom("*", "repo*", "repository*", "Repository/*") },
        ),
      })
      .map((p) => `arn:${p.partition}:ecr:${p.region}:${p.account}:${p.resource}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "*",
      "arn:aws:ecr:*",
      "arn:aws:ecr:us-west-2:*",
      `arn:aws:ecr:us-west-2:${REGISTRY.accountId}:*`,
      "arn:*:ecr:*:*:repository/prod*",
      "arn:aws:*",
      `arn:aws:ecr-public::${REGISTRY.accountId}:repository/*`,
      `arn:aws:ecr:*:${REGISTRY.accountId}:repository/*`,
    ),
  },
);

/** One AWS principal as a policy names it: bare account, `:root`, role or user ARN. */
const awsPrincipal: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...ACCOUNTS),
    fc.constantFrom("bare", "root", "role", "user", "path", "other"),
  )
  .map(([id, kind]) => {
    switch (kind) {
      case "bare":
        return id;
      case "root":
        return `arn:aws:iam::${id}:root`;
      case "role":
        return `arn:aws:iam::${id}:role/replicator`;
      case "user":
        return `arn:aws:iam::${id}:user/ci`;
      case "path":
        return `arn:aws:iam::${id}:role/service/replicator`;
      default:
        return `arn:aws:iam::${id}:role/other`;
    }
  });

const principalElement: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<unknown>("*", { AWS: "*" }) },
  { weight: 4, arbitrary: awsPrincipal.map((p) => ({ AWS: p })) },
  {
    weight: 3,
    arbitrary: fc.uniqueArray(awsPrincipal, { minLength: 1, maxLength: 3 }).map((AWS) => ({ AWS })),
  },
  {
    weight: 1,
    arbitrary: awsPrincipal.map((p) => ({ AWS: p, Service: "ecr.amazonaws.com" })),
  },
);

/** One list element: a single string or a list of one to three. */
function element(items: fc.Arbitrary<string>): fc.Arbitrary<string | string[]> {
  return fc.oneof(items, fc.array(items, { minLength: 1, maxLength: 3 }));
}

const statement = fc
  .record({
    effect: fc.constantFrom("Allow", "Deny"),
    principal: principalElement,
    notPrincipal: fc.constantFrom(false, false, true),
    actions: element(actionPattern),
    notAction: fc.boolean(),
    resources: element(resourcePattern),
    notResource: fc.boolean(),
  })
  .map((s) => ({
    Effect: s.effect,
    [s.notPrincipal ? "NotPrincipal" : "Principal"]: s.principal,
    [s.notAction ? "NotAction" : "Action"]: s.actions,
    [s.notResource ? "NotResource" : "Resource"]: s.resources,
  }));

/** Repository names asked about: the pool and short random names of the same characters. */
const requestName = fc.oneof(
  fc.constantFrom(...NAME_POOL),
  fc.stringMatching(/^[a-z0-9][a-z0-9._\/-]{0,7}$/),
  fc.constantFrom(...NAME_POOL).map((name) => `${name}${name.length % 2 === 0 ? "x" : "/y"}`),
);

/** A grid of requests: a few principals x a few actions x a few names. */
const requestGrid: fc.Arbitrary<OracleRequest[]> = fc
  .record({
    principals: fc.uniqueArray(fc.constantFrom(...REQUEST_PRINCIPALS), {
      minLength: 3,
      maxLength: 3,
    }),
    actions: fc.uniqueArray(fc.constantFrom(...REQUEST_ACTIONS), { minLength: 3, maxLength: 3 }),
    names: fc.uniqueArray(requestName, { minLength: 5, maxLength: 5 }),
  })
  .map(({ principals, actions, names }) =>
    principals.flatMap((principal) =>
      actions.flatMap((action) => names.map((repository) => ({ principal, action, repository }))),
    ),
  );

/**
 * A Condition on `aws:SourceAccount` alone (one or two tests), which a replication request lacks
 * (components/model/iam/request-context): every one is decided, as IAM decides a missing key.
 */
const sourceAccountTest = fc.constantFrom<[string, unknown]>(
  ["StringEquals", ACCOUNTS[0]],
  ["StringNotEquals", ACCOUNTS[0]],
  ["StringLike", "1111*"],
  ["StringNotLike", "1111*"],
  ["StringEqualsIgnoreCase", ACCOUNTS[1]],
  ["NumericNotEquals", "1"],
  ["StringEqualsIfExists", ACCOUNTS[0]],
  ["StringNotEqualsIfExists", ACCOUNTS[0]],
  ["Null", "true"],
  ["Null", "false"],
  ["ForAllValues:StringEquals", ACCOUNTS[0]],
  ["ForAnyValue:StringEquals", ACCOUNTS[0]],
);
const sourceAccountCondition: fc.Arbitrary<Record<string, Record<string, unknown>>> = fc
  .uniqueArray(sourceAccountTest, {
    minLength: 1,
    maxLength: 2,
    selector: ([operator]) => operator,
  })
  .map((tests) =>
    Object.fromEntries(
      tests.map(([operator, value]) => [operator, { "aws:SourceAccount": value }]),
    ),
  );

/** A generated statement, sometimes behind a condition on `aws:SourceAccount`. */
const replicationStatement = fc
  .tuple(statement, fc.option(sourceAccountCondition, { nil: undefined }))
  .map(([s, condition]) => (condition === undefined ? s : { ...s, Condition: condition }));

/** How the compared pairs were decided: the generator must not be degenerate. */
const outcomes = { allow: 0, explicitDeny: 0, implicitDeny: 0 };

describe("evaluateAccess against the IAM simulator (differential oracle)", function () {
  this.timeout(120_000);

  it("decides thousands of generated cross-account requests as the simulator does", async () => {
    const settings = runSettings(5_2026_1129, 220);
    let compared = 0;
    await assertProperty(
      fc.asyncProperty(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        requestGrid,
        async (statements, requests) => {
          const document = { Version: "2012-10-17", Statement: statements };
          const { policy, problems } = parseRegistryPolicy(document);
          assert.deepStrictEqual(problems, []);
          for (const request of requests) {
            const decided = evaluateAccess(policy!, { ...request, registry: REGISTRY });
            const model = decided.decision;
            const oracle = await simulate(document, REGISTRY, request);
            compared += 1;
            if (model === "allow") {
              outcomes.allow += 1;
            } else if (decided.statements.length > 0) {
              outcomes.explicitDeny += 1;
            } else {
              outcomes.implicitDeny += 1;
            }
            assert.strictEqual(model, oracle, JSON.stringify({ document, request }));
          }
        },
      ),
      settings,
    );
    // 45 requests per policy: thousands of pairs per run.
    assert.strictEqual(compared, settings.numRuns * 45);
    console.log(`      ${compared} pairs: ${JSON.stringify(outcomes)}`);
    // Every kind of decision is well represented (at least 5% each).
    for (const [kind, count] of Object.entries(outcomes)) {
      assert.ok(count >= compared / 20, `${kind}: ${count} of ${compared}`);
    }
  });

  it("decides replication requests (no aws:SourceAccount) under conditions on it as the simulator does", async () => {
    const settings = runSettings(11_2026_1130, 80);
    const decided = { allow: 0, deny: 0 };
    await assertProperty(
      fc.asyncProperty(
        fc.array(replicationStatement, { minLength: 1, maxLength: 3 }),
        requestGrid,
        async (statements, requests) => {
          const document = { Version: "2012-10-17", Statement: statements };
          const { policy, problems } = parseRegistryPolicy(document);
          assert.deepStrictEqual(problems, []);
          for (const request of requests) {
            const model = evaluateAccess(policy!, {
              ...request,
              registry: REGISTRY,
              context: REPLICATION_REQUEST,
            }).decision;
            // The simulator is given no context keys: aws:SourceAccount is absent.
            const oracle = await simulate(document, REGISTRY, request);
            assert.strictEqual(model, oracle, JSON.stringify({ document, request }));
            decided[oracle] += 1;
          }
        },
      ),
      settings,
    );
    console.log(`      replication requests: ${JSON.stringify(decided)}`);
    // Conditions rule many grants out: allows are fewer than above, but at least 2.5%.
    assert.ok(decided.allow >= (decided.allow + decided.deny) / 40, JSON.stringify(decided));
  });

  for (const discrepancy of KNOWN_DISCREPANCIES) {
    it(`recorded discrepancy: ${discrepancy.name}`, async () => {
      const { policy, problems } = validateRegistryPolicy(discrepancy.document, {
        registry: REGISTRY,
      });
      assert.deepStrictEqual(problems, [discrepancy.flagged]);
      const model = evaluateAccess(policy!, { ...discrepancy.request, registry: REGISTRY });
      assert.strictEqual(model.decision, discrepancy.model);
      assert.strictEqual(
        await simulate(discrepancy.document, REGISTRY, discrepancy.request),
        discrepancy.simulator,
      );
    });
  }

  it("covers an assumed-role session by its account and by its role's ARN, whatever the path", async () => {
    const session = "arn:aws:sts::111111111111:assumed-role/replicator/build-42";
    const cases: [unknown, "allow" | "deny"][] = [
      [{ AWS: "111111111111" }, "allow"],
      [{ AWS: "arn:aws:iam::111111111111:root" }, "allow"],
      [{ AWS: "arn:aws:iam::111111111111:role/replicator" }, "allow"],
      [{ AWS: "arn:aws:iam::111111111111:role/service/replicator" }, "allow"],
      [{ AWS: "arn:aws:iam::111111111111:role/other" }, "deny"],
      [{ AWS: "arn:aws:iam::111111111111:role/xreplicator" }, "deny"],
      [{ AWS: "arn:aws:iam::111111111111:user/replicator" }, "deny"],
      [{ AWS: "arn:aws:iam::333333333333:role/replicator" }, "deny"],
      [{ AWS: "arn:aws-cn:iam::111111111111:role/replicator" }, "deny"],
    ];
    for (const [principal, expected] of cases) {
      const document = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: principal, Action: "ecr:ReplicateImage", Resource: "*" },
        ],
      };
      const request = { principal: session, action: "ecr:ReplicateImage", repository: "prod-a" };
      const { policy } = parseRegistryPolicy(document);
      const model = evaluateAccess(policy!, { ...request, registry: REGISTRY }).decision;
      assert.deepStrictEqual(
        [model, await simulate(document, REGISTRY, request)],
        [expected, expected],
        JSON.stringify(principal),
      );
    }
  });
});
