import * as assert from "assert";
import * as fc from "fast-check";
import {
  AccessRequest,
  evaluateAccess,
  grantQueryKey,
  grantsByPrincipal,
  repositoriesGranted,
} from "../../../components/model/iam/access";
import { ECR_ACTIONS } from "../../../components/model/iam/ecr-actions";
import { REPOSITORY_NAMES } from "../../../components/model/iam/arn";
import { NameSet } from "../../../components/model/iam/name-set";
import { REPLICATION_REQUEST } from "../../../components/model/iam/request-context";
import { coversPrefix, prefixCoverage } from "../../../components/model/iam/prefix-coverage";
import {
  NormalizedPolicy,
  parseRegistryPolicy,
} from "../../../components/model/iam/policy-document";
import {
  DESTINATION,
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
  SOURCE_ACCOUNT,
} from "../seed-policies";

const ARN = `arn:aws:ecr:us-west-2:${DESTINATION.accountId}:repository`;
const REPLICATE = "ecr:ReplicateImage";
const CREATE = "ecr:CreateRepository";

/** A parsed policy; the parser must accept it (seed example 2 aside, which only repeats a Sid). */
function parsed(document: unknown): NormalizedPolicy {
  const { policy, problems } = parseRegistryPolicy(document);
  assert.ok(policy !== undefined);
  assert.deepStrictEqual(
    problems.filter((p) => !p.message.startsWith("must be unique")),
    [],
  );
  return policy;
}

/** A policy of the given statements, each defaulting to seed example 1's. */
function policyOf(...statements: Record<string, unknown>[]): NormalizedPolicy {
  return parsed({
    Version: "2012-10-17",
    Statement: statements.map((change, i) => ({
      ...SEED_ALL_REPOSITORIES.Statement[0],
      Sid: `S${i}`,
      ...change,
    })),
  });
}

/** A request from the source account to replicate `repository`, with changes. */
function request(change: Partial<AccessRequest> = {}): AccessRequest {
  return {
    principal: SOURCE_ACCOUNT,
    action: REPLICATE,
    repository: "prod-api",
    registry: DESTINATION,
    ...change,
  };
}

const allow = (...statements: number[]) => ({ decision: "allow", statements });
const maybe = (...statements: number[]) => ({ decision: "maybe", statements });
const deny = (...statements: number[]) => ({ decision: "deny", statements });

describe("evaluateAccess", () => {
  describe("the seed examples", () => {
    it("1: the source account may replicate and create every repository", () => {
      const policy = parsed(SEED_ALL_REPOSITORIES);
      assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0));
      assert.deepStrictEqual(evaluateAccess(policy, request({ action: CREATE })), allow(0));
      assert.deepStrictEqual(evaluateAccess(policy, request({ repository: "team/app" })), allow(0));
      assert.deepStrictEqual(
        evaluateAccess(policy, request({ action: "ecr:BatchGetImage" })),
        deny(),
      );
      assert.deepStrictEqual(
        evaluateAccess(policy, request({ principal: "999988887777" })),
        deny(),
      );
    });

    it("2: both repeated statements allow", () => {
      assert.deepStrictEqual(
        evaluateAccess(parsed(SEED_MULTIPLE_ACCOUNTS), request()),
        allow(0, 1),
      );
    });

    it("3: only repositories starting with prod-", () => {
      const policy = parsed(SEED_PROD_PREFIX);
      assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0));
      assert.deepStrictEqual(evaluateAccess(policy, request({ repository: "prod" })), deny());
      assert.deepStrictEqual(
        evaluateAccess(policy, request({ repository: "production-db" })),
        deny(),
      );
      assert.deepStrictEqual(evaluateAccess(policy, request({ repository: "dev-api" })), deny());
    });

    it("4: replication without creating repositories", () => {
      const policy = parsed(SEED_WITHOUT_CREATE);
      assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0));
      assert.deepStrictEqual(evaluateAccess(policy, request({ action: CREATE })), deny());
    });
  });

  it("lets an explicit Deny win over an Allow", () => {
    const policy = policyOf({}, { Effect: "Deny", Resource: `${ARN}/prod-secret*` });
    assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0));
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ repository: "prod-secrets" })),
      deny(1),
    );
  });

  it("matches actions case-insensitively with '*' and '?'", () => {
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Action: "ECR:replicate*" }), request()),
      allow(0),
    );
    assert.deepStrictEqual(
      evaluateAccess(
        policyOf({ Action: "ecr:?eplicateImage" }),
        request({ action: "ecr:replicateimage" }),
      ),
      allow(0),
    );
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Action: "ecr:Replicate?" }), request()),
      deny(),
    );
  });

  it("matches repository names case-sensitively with '*' and '?'", () => {
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Resource: `${ARN}/prod-???` }), request()),
      allow(0),
    );
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Resource: `${ARN}/prod-??` }), request()),
      deny(),
    );
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Resource: `${ARN}/PROD-*` }), request()),
      deny(),
    );
  });

  it("matches only the registry the resource ARN names", () => {
    const otherRegion = { accountId: DESTINATION.accountId, region: "eu-west-1" };
    assert.deepStrictEqual(
      evaluateAccess(policyOf({}), request({ registry: otherRegion })),
      deny(),
    );
    assert.deepStrictEqual(
      evaluateAccess(
        policyOf({ Resource: `arn:aws:ecr:*:${DESTINATION.accountId}:repository/*` }),
        request({ registry: otherRegion }),
      ),
      allow(0),
    );
  });

  it("grants everything but the listed actions with NotAction", () => {
    const policy = policyOf({ Action: undefined, NotAction: "ecr:Delete*" });
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ action: "ecr:BatchGetImage" })),
      allow(0),
    );
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ action: "ecr:DeleteRepository" })),
      deny(),
    );
  });

  it("grants everything but the listed repositories with NotResource", () => {
    const policy = policyOf({ Resource: undefined, NotResource: `${ARN}/prod-*` });
    assert.deepStrictEqual(evaluateAccess(policy, request()), deny());
    assert.deepStrictEqual(evaluateAccess(policy, request({ repository: "dev-api" })), allow(0));
  });

  it("applies to everyone but the listed principals with NotPrincipal", () => {
    const policy = policyOf({ Principal: undefined, NotPrincipal: { AWS: "999988887777" } });
    assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0));
    assert.deepStrictEqual(evaluateAccess(policy, request({ principal: "*" })), allow(0));
    assert.deepStrictEqual(evaluateAccess(policy, request({ principal: "999988887777" })), deny());
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ principal: "arn:aws:iam::999988887777:role/ci" })),
      deny(),
    );
  });

  it("treats a bare account id and its root ARN alike, covering its users and roles", () => {
    const role = `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator`;
    for (const principal of [SOURCE_ACCOUNT, `arn:aws:iam::${SOURCE_ACCOUNT}:root`]) {
      const policy = policyOf({ Principal: { AWS: principal } });
      assert.deepStrictEqual(evaluateAccess(policy, request()), allow(0), principal);
      assert.deepStrictEqual(
        evaluateAccess(policy, request({ principal: `arn:aws:iam::${SOURCE_ACCOUNT}:root` })),
        allow(0),
        principal,
      );
      assert.deepStrictEqual(
        evaluateAccess(policy, request({ principal: role })),
        allow(0),
        principal,
      );
    }
  });

  it("lets a role principal cover only itself, not its account", () => {
    const policy = policyOf({
      Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator` },
    });
    assert.deepStrictEqual(
      evaluateAccess(
        policy,
        request({ principal: `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator` }),
      ),
      allow(0),
    );
    assert.deepStrictEqual(evaluateAccess(policy, request()), deny());
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ principal: `arn:aws:iam::${SOURCE_ACCOUNT}:role/other` })),
      deny(),
    );
  });

  it("matches '*' principals and account wildcards, and '*' requests only by them", () => {
    assert.deepStrictEqual(evaluateAccess(policyOf({ Principal: "*" }), request()), allow(0));
    assert.deepStrictEqual(
      evaluateAccess(policyOf({ Principal: { AWS: "*" } }), request({ principal: "*" })),
      allow(0),
    );
    assert.deepStrictEqual(evaluateAccess(policyOf({}), request({ principal: "*" })), deny());
    const wildcard = policyOf({ Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:*` } });
    assert.deepStrictEqual(evaluateAccess(wildcard, request()), allow(0));
    assert.deepStrictEqual(
      evaluateAccess(wildcard, request({ principal: "999988887777" })),
      deny(),
    );
  });

  it("matches service principals by name", () => {
    const policy = policyOf({ Principal: { Service: "ecr.amazonaws.com" } });
    assert.deepStrictEqual(
      evaluateAccess(policy, request({ principal: "ecr.amazonaws.com" })),
      allow(0),
    );
    assert.deepStrictEqual(evaluateAccess(policy, request()), deny());
  });

  it("never lets a Service entry cover an account, even one spelling its id", () => {
    const policy = policyOf({ Principal: { Service: SOURCE_ACCOUNT } });
    for (const principal of [SOURCE_ACCOUNT, `arn:aws:iam::${SOURCE_ACCOUNT}:root`]) {
      assert.deepStrictEqual(evaluateAccess(policy, request({ principal })), deny(), principal);
    }
  });

  describe("conditions", () => {
    const condition = { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } };

    it("make a conditional Allow at most maybe", () => {
      assert.deepStrictEqual(
        evaluateAccess(policyOf({ Condition: condition }), request()),
        maybe(0),
      );
    });

    it("make an allowed request maybe behind a conditional Deny", () => {
      const policy = policyOf({}, { Effect: "Deny", Condition: condition });
      assert.deepStrictEqual(evaluateAccess(policy, request()), maybe(1));
    });

    it("never turn a conditional Deny into a deny or an unconditional Deny into maybe", () => {
      assert.deepStrictEqual(
        evaluateAccess(policyOf({ Effect: "Deny", Condition: condition }), request()),
        deny(),
      );
      const policy = policyOf({ Condition: condition }, { Effect: "Deny" });
      assert.deepStrictEqual(evaluateAccess(policy, request()), deny(1));
      const both = policyOf({ Condition: condition }, { Effect: "Deny", Condition: condition });
      assert.deepStrictEqual(evaluateAccess(both, request()), maybe(0, 1));
    });
  });

  describe("conditions, for a replication request (no aws:SourceAccount)", () => {
    const replication = (change: Partial<AccessRequest> = {}) =>
      request({ context: REPLICATION_REQUEST, ...change });
    const onSource = (operator: string, value = SOURCE_ACCOUNT) => ({
      [operator]: { "aws:SourceAccount": value },
    });

    it("drop an Allow that needs the key, naming it as not applying", () => {
      const policy = policyOf({ Condition: onSource("StringEquals") });
      assert.deepStrictEqual(evaluateAccess(policy, replication()), {
        ...deny(),
        notApplying: [0],
      });
      assert.deepStrictEqual(evaluateAccess(policy, request()), maybe(0), "no context: as before");
    });

    it("make a Deny unless the key matches (StringNotEquals) deny every replication", () => {
      const policy = policyOf({}, { Effect: "Deny", Condition: onSource("StringNotEquals") });
      assert.deepStrictEqual(evaluateAccess(policy, replication()), deny(1));
      assert.deepStrictEqual(evaluateAccess(policy, request()), maybe(1), "no context: as before");
    });

    it("allow through IfExists, Null 'true' and ForAllValues; not through Null 'false' or ForAnyValue", () => {
      const cases: [Record<string, unknown>, object][] = [
        [onSource("StringEqualsIfExists"), allow(0)],
        [onSource("ArnLikeIfExists", "arn:aws:iam::*"), allow(0)],
        [{ Null: { "aws:SourceAccount": "true" } }, allow(0)],
        [onSource("ForAllValues:StringEquals"), allow(0)],
        [{ Null: { "aws:SourceAccount": "false" } }, { ...deny(), notApplying: [0] }],
        [onSource("ForAnyValue:StringEquals"), { ...deny(), notApplying: [0] }],
      ];
      for (const [condition, expected] of cases) {
        assert.deepStrictEqual(
          evaluateAccess(policyOf({ Condition: condition }), replication()),
          expected,
          JSON.stringify(condition),
        );
      }
    });

    it("leave a condition on another key maybe", () => {
      const policy = policyOf({
        Condition: { StringEquals: { "aws:SourceArn": "arn:aws:ecr:us-east-1:x" } },
      });
      assert.deepStrictEqual(evaluateAccess(policy, replication()), maybe(0));
    });

    it("decide repositoriesGranted the same way, per name", () => {
      const policy = policyOf(
        { Resource: `${ARN}/prod-*` },
        { Effect: "Deny", Resource: `${ARN}/prod-x*`, Condition: onSource("StringNotLike") },
        { Resource: `${ARN}/team-*`, Condition: onSource("StringEquals") },
        { Resource: `${ARN}/dev-*`, Condition: { Bool: { "aws:SecureTransport": true } } },
      );
      const query = { principal: SOURCE_ACCOUNT, action: REPLICATE, registry: DESTINATION };
      const { allowed, maybe: possible } = repositoriesGranted(policy, {
        ...query,
        context: REPLICATION_REQUEST,
      });
      assert.deepStrictEqual(
        ["prod-a", "prod-x1", "team-a", "dev-a"].map((name) =>
          allowed.has(name) ? "allow" : possible.has(name) ? "maybe" : "deny",
        ),
        ["allow", "deny", "deny", "maybe"],
      );
      const without = repositoriesGranted(policy, query);
      assert.deepStrictEqual(
        ["prod-a", "prod-x1", "team-a", "dev-a"].map((name) =>
          without.allowed.has(name) ? "allow" : without.maybe.has(name) ? "maybe" : "deny",
        ),
        ["allow", "maybe", "maybe", "maybe"],
      );
    });
  });
});

describe("repositoriesGranted", () => {
  const query = { principal: SOURCE_ACCOUNT, action: REPLICATE, registry: DESTINATION };

  it("gives the exact names of seed example 3", () => {
    const { allowed, maybe: possible } = repositoriesGranted(parsed(SEED_PROD_PREFIX), query);
    assert.strictEqual(allowed.example(), "prod-a", "a valid name: `prod-` itself is none");
    assert.strictEqual(allowed.has("prod-api"), true);
    assert.strictEqual(allowed.has("production-db"), false);
    assert.strictEqual(allowed.isSubset(NameSet.prefix("prod-")), true);
    assert.strictEqual(possible.isEmpty(), true);
  });

  it("subtracts denied names and separates conditional ones", () => {
    const policy = policyOf(
      {},
      { Effect: "Deny", Resource: `${ARN}/secret-*` },
      {
        Effect: "Deny",
        Resource: `${ARN}/team-*`,
        Condition: { Bool: { "aws:SecureTransport": false } },
      },
      { Resource: `${ARN}/secret-shared`, Condition: { Bool: { "aws:SecureTransport": true } } },
    );
    const { allowed, maybe: possible } = repositoriesGranted(policy, query);
    assert.strictEqual(allowed.has("prod-api"), true);
    assert.strictEqual(allowed.has("secret-x"), false);
    assert.strictEqual(possible.has("secret-x"), false);
    assert.strictEqual(allowed.has("team-a"), false);
    assert.strictEqual(possible.has("team-a"), true);
    assert.strictEqual(possible.has("secret-shared"), false, "an unconditional Deny wins");
    assert.strictEqual(possible.example(), "team-a");
  });

  it("agrees with evaluateAccess on every name (random policies)", () => {
    const repository = fc.constantFrom(
      "prod-a",
      "prod",
      "production",
      "dev-a",
      "a",
      "team/b",
      "prod-?",
    );
    const resource = fc.constantFrom(
      `${ARN}/*`,
      `${ARN}/prod-*`,
      `${ARN}/prod*`,
      `${ARN}/prod-?`,
      `${ARN}/*-a`,
      `arn:aws:ecr:*:${DESTINATION.accountId}:repository/dev*`,
      `arn:aws:ecr:us-west-2:999988887777:repository/*`,
      "*",
    );
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      negate: fc.boolean(),
      Resource: fc.array(resource, { minLength: 1, maxLength: 2 }),
      conditional: fc.boolean(),
      Action: fc.constantFrom(REPLICATE, "ecr:*", "ecr:Create*"),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.array(repository),
        (raw, names) => {
          const policy = policyOf(
            ...raw.map((s) => ({
              Effect: s.Effect,
              Action: s.Action,
              Resource: s.negate ? undefined : s.Resource,
              NotResource: s.negate ? s.Resource : undefined,
              Condition: s.conditional ? { Bool: { "aws:SecureTransport": true } } : undefined,
            })),
          );
          const { allowed, maybe: possible } = repositoriesGranted(policy, query);
          assert.strictEqual(allowed.intersection(possible).isEmpty(), true);
          for (const name of [...names, allowed.example(), possible.example()]) {
            // The name sets hold valid repository names only ('a' and 'prod-?' are none).
            if (name === undefined || !REPOSITORY_NAMES.has(name)) {
              continue;
            }
            const expected = allowed.has(name) ? "allow" : possible.has(name) ? "maybe" : "deny";
            assert.strictEqual(
              evaluateAccess(policy, request({ repository: name })).decision,
              expected,
              name,
            );
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("grantQueryKey", () => {
  const CN = { accountId: DESTINATION.accountId, region: "cn-north-1" };
  const CN_ARN = `arn:aws-cn:ecr:cn-north-1:${DESTINATION.accountId}:repository`;
  const principals = [
    SOURCE_ACCOUNT,
    `arn:aws:iam::${SOURCE_ACCOUNT}:root`,
    `arn:aws-cn:iam::${SOURCE_ACCOUNT}:root`,
    `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator`,
    `arn:aws:sts::${SOURCE_ACCOUNT}:assumed-role/replicator/s1`,
    "999988887777",
    "ecr.amazonaws.com",
    "*",
  ];

  it("is one key for a bare account id and its root ARN in the registry's partition", () => {
    const policy = policyOf({});
    const key = (principal: string, registry = DESTINATION) =>
      grantQueryKey(policy, { principal, action: REPLICATE, registry });
    assert.strictEqual(key(SOURCE_ACCOUNT), key(`arn:aws:iam::${SOURCE_ACCOUNT}:root`));
    assert.strictEqual(key(SOURCE_ACCOUNT, CN), key(`arn:aws-cn:iam::${SOURCE_ACCOUNT}:root`, CN));
    assert.notStrictEqual(key(SOURCE_ACCOUNT, CN), key(`arn:aws:iam::${SOURCE_ACCOUNT}:root`, CN));
    assert.notStrictEqual(key(SOURCE_ACCOUNT), key(SOURCE_ACCOUNT, CN));
    assert.notStrictEqual(key(SOURCE_ACCOUNT), key("999988887777"));
  });

  it("keeps the request context only for a policy with a Condition", () => {
    const query = { principal: SOURCE_ACCOUNT, action: REPLICATE, registry: DESTINATION };
    const replication = { ...query, context: REPLICATION_REQUEST };
    const plain = policyOf({});
    assert.strictEqual(grantQueryKey(plain, query), grantQueryKey(plain, replication));
    const conditional = policyOf({}, { Condition: { Bool: { "aws:SecureTransport": true } } });
    assert.notStrictEqual(
      grantQueryKey(conditional, query),
      grantQueryKey(conditional, replication),
    );
  });

  it("is equal only where repositoriesGranted answers alike (random policies)", () => {
    const principal = fc.constantFrom<Record<string, unknown> | string>(
      { AWS: SOURCE_ACCOUNT },
      { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
      { AWS: `arn:aws-cn:iam::${SOURCE_ACCOUNT}:root` },
      { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/replicator` },
      { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:*` },
      { Service: ["ecr.amazonaws.com", SOURCE_ACCOUNT] },
      "*",
    );
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      Principal: principal,
      Action: fc.constantFrom(REPLICATE, "ecr:*", "ecr:Create*"),
      Resource: fc.constantFrom(`${ARN}/prod-*`, `${CN_ARN}/*`, "*"),
      Condition: fc.constantFrom(
        undefined,
        { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } },
        { Bool: { "aws:SecureTransport": true } },
      ),
    });
    // Two queries in one registry, their principals, actions and contexts drawn from spellings
    // of the same few, so that many pairs share a key and many do not.
    const spelling = fc.record({
      principal: fc.constantFrom(...principals),
      action: fc.constantFrom(REPLICATE, "ECR:replicateimage", CREATE),
      context: fc.constantFrom(undefined, REPLICATION_REQUEST),
    });
    let shared = 0;
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(DESTINATION, CN),
        spelling,
        spelling,
        (raw, registry, a, b) => {
          const policy = policyOf(...raw);
          const [first, second] = [a, b].map((q) =>
            repositoriesGranted(policy, { ...q, registry }),
          );
          const same = first.allowed.equals(second.allowed) && first.maybe.equals(second.maybe);
          if (
            grantQueryKey(policy, { ...a, registry }) === grantQueryKey(policy, { ...b, registry })
          ) {
            shared++;
            assert.ok(same, `${JSON.stringify(a)} and ${JSON.stringify(b)} share a key`);
          }
        },
      ),
      { numRuns: 2_000, seed: 11 },
    );
    assert.ok(shared >= 100, `only ${shared} pairs shared a key`);
  });
});

describe("coversPrefix and prefixCoverage", () => {
  const query = { principal: SOURCE_ACCOUNT, action: REPLICATE, registry: DESTINATION };

  it("answers the seed examples", () => {
    assert.strictEqual(
      coversPrefix(parsed(SEED_ALL_REPOSITORIES), { ...query, prefix: "prod-" }),
      "allow",
    );
    assert.strictEqual(
      coversPrefix(parsed(SEED_PROD_PREFIX), { ...query, prefix: "prod-" }),
      "allow",
    );
    assert.strictEqual(
      coversPrefix(parsed(SEED_PROD_PREFIX), { ...query, prefix: "prod-api" }),
      "allow",
    );
    assert.deepStrictEqual(prefixCoverage(parsed(SEED_PROD_PREFIX), { ...query, prefix: "prod" }), {
      decision: "deny",
      notAllowed: "proda",
      denied: "proda",
    });
    assert.deepStrictEqual(
      prefixCoverage(parsed(SEED_WITHOUT_CREATE), { ...query, action: CREATE, prefix: "prod-" }),
      { decision: "deny", notAllowed: "prod-a", denied: "prod-a" },
    );
  });

  it("judges over valid names only: 'prod-?*' covers 'prod-' exactly as 'prod-*' does", () => {
    for (const name of ["prod-*", "prod-?*"]) {
      const policy = policyOf({ Resource: `${ARN}/${name}` });
      assert.deepStrictEqual(prefixCoverage(policy, { ...query, prefix: "prod-" }), {
        decision: "allow",
      });
    }
    const longer = policyOf({ Resource: `${ARN}/prod-??*` });
    assert.deepStrictEqual(prefixCoverage(longer, { ...query, prefix: "prod-" }), {
      decision: "deny",
      notAllowed: "prod-a",
      denied: "prod-a",
    });
  });

  it("notices a Deny narrowing the prefix", () => {
    const policy = policyOf({}, { Effect: "Deny", Resource: `${ARN}/prod-secret*` });
    assert.deepStrictEqual(prefixCoverage(policy, { ...query, prefix: "prod-" }), {
      decision: "deny",
      notAllowed: "prod-secret",
      denied: "prod-secret",
    });
  });

  it("is maybe when the grant is conditional", () => {
    const policy = policyOf({
      Condition: { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } },
    });
    assert.deepStrictEqual(prefixCoverage(policy, { ...query, prefix: "prod-" }), {
      decision: "maybe",
      notAllowed: "prod-a",
    });
  });
});

describe("grantsByPrincipal", () => {
  it("lists each named principal's actions, and what everyone gets", () => {
    const grants = grantsByPrincipal(parsed(SEED_PROD_PREFIX), DESTINATION);
    assert.deepStrictEqual(
      grants.map((g) => ({
        principal: g.principal,
        accountId: g.accountId,
        actions: g.actions.map((a) => [a.action, a.conditional, a.repositories.example()]),
      })),
      [
        { principal: "*", accountId: undefined, actions: [] },
        {
          principal: `arn:aws:iam::${SOURCE_ACCOUNT}:root`,
          accountId: SOURCE_ACCOUNT,
          actions: [
            [CREATE, false, "prod-a"],
            [REPLICATE, false, "prod-a"],
          ],
        },
      ],
    );
  });

  it("shows public and conditional grants", () => {
    const policy = policyOf(
      { Principal: "*", Action: "ecr:BatchGetImage" },
      {
        Principal: { AWS: "999988887777" },
        Action: "ecr:*",
        Condition: { Bool: { "aws:SecureTransport": true } },
      },
    );
    const [everyone, account] = grantsByPrincipal(policy, DESTINATION);
    assert.deepStrictEqual(
      everyone.actions.map((a) => [a.action, a.conditional]),
      [["ecr:BatchGetImage", false]],
    );
    assert.strictEqual(account.principal, "999988887777");
    assert.strictEqual(account.actions.length, ECR_ACTIONS.length);
    assert.deepStrictEqual(
      account.actions.filter((a) => !a.conditional).map((a) => a.action),
      ["ecr:BatchGetImage"],
    );
  });
});
