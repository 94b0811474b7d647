import * as assert from "assert";
import {
  checkSidNormalForm,
  NormalizedStatement,
  parseRegistryPolicy,
} from "../../../components/model/iam/policy-document";
import { Problem } from "../../../components/model/core/problems";
import {
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SOURCE_ACCOUNT,
} from "../seed-policies";

const replicationStatement: NormalizedStatement = {
  index: 0,
  sid: "ReplicationAccessCrossAccount",
  effect: "Allow",
  principal: {
    wildcard: false,
    aws: [`arn:aws:iam::${SOURCE_ACCOUNT}:root`],
    service: [],
    federated: [],
    canonicalUser: [],
  },
  action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
  resource: ["arn:aws:ecr:us-west-2:111122223333:repository/*"],
};

/** A valid one-statement policy with `change` applied to its statement. */
function withStatement(change: Record<string, unknown>): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [{ ...SEED_ALL_REPOSITORIES.Statement[0], ...change }],
  };
}

/** The problems of a document. */
function problemsOf(input: unknown): Problem[] {
  return parseRegistryPolicy(input).problems;
}

describe("parseRegistryPolicy", () => {
  it("reads seed example 1 given as an object", () => {
    assert.deepStrictEqual(parseRegistryPolicy(SEED_ALL_REPOSITORIES), {
      policy: {
        text: JSON.stringify(SEED_ALL_REPOSITORIES),
        version: "2012-10-17",
        statements: [replicationStatement],
      },
      problems: [],
    });
  });

  it("reads the same policy given as text, keeping the text as given", () => {
    const text = JSON.stringify(SEED_ALL_REPOSITORIES, null, 2);
    assert.deepStrictEqual(parseRegistryPolicy(text), {
      policy: { text, version: "2012-10-17", statements: [replicationStatement] },
      problems: [],
    });
  });

  it("reads seed example 2 (a repeated Sid, which ECR accepts) without a problem, keeping both statements", () => {
    const { policy, problems } = parseRegistryPolicy(SEED_MULTIPLE_ACCOUNTS);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      policy?.statements.map((s) => [s.index, s.sid]),
      [
        [0, "ReplicationAccessCrossAccount"],
        [1, "ReplicationAccessCrossAccount"],
      ],
    );
  });

  it("normalises single strings and a single statement object to arrays", () => {
    const { policy, problems } = parseRegistryPolicy({
      Version: "2012-10-17",
      Id: "replication",
      Statement: {
        Effect: "Deny",
        Principal: "*",
        Action: "ecr:ReplicateImage",
        Resource: "*",
      },
    });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(policy?.id, "replication");
    assert.deepStrictEqual(policy?.statements, [
      {
        index: 0,
        effect: "Deny",
        principal: { wildcard: true, aws: [], service: [], federated: [], canonicalUser: [] },
        action: ["ecr:ReplicateImage"],
        resource: ["*"],
      },
    ]);
  });

  it("reads NotPrincipal, NotAction, NotResource and every principal type", () => {
    const { policy, problems } = parseRegistryPolicy(
      withStatement({
        Principal: undefined,
        Action: undefined,
        Resource: undefined,
        NotPrincipal: {
          AWS: ["*", "111122223333"],
          Service: "ecr.amazonaws.com",
          Federated: "cognito-identity.amazonaws.com",
          CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
        },
        NotAction: "ecr:Delete*",
        NotResource: ["arn:aws:ecr:us-west-2:111122223333:repository/secret-*"],
      }),
    );
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(policy?.statements, [
      {
        index: 0,
        sid: "ReplicationAccessCrossAccount",
        effect: "Allow",
        notPrincipal: {
          wildcard: true,
          aws: ["*", "111122223333"],
          service: ["ecr.amazonaws.com"],
          federated: ["cognito-identity.amazonaws.com"],
          canonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
        },
        notAction: ["ecr:Delete*"],
        notResource: ["arn:aws:ecr:us-west-2:111122223333:repository/secret-*"],
      },
    ]);
  });

  it("reads conditions, turning numbers and booleans into their text", () => {
    const { policy, problems } = parseRegistryPolicy(
      withStatement({
        Condition: {
          StringEquals: { "aws:PrincipalOrgID": ["o-abc123"], "aws:SourceAccount": "444455556666" },
          BoolIfExists: { "aws:SecureTransport": true },
          "ForAnyValue:NumericLessThan": { "aws:MultiFactorAuthAge": 3600 },
          Null: { "aws:TokenIssueTime": "false" },
        },
      }),
    );
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(policy?.statements[0].condition, {
      StringEquals: { "aws:PrincipalOrgID": ["o-abc123"], "aws:SourceAccount": ["444455556666"] },
      BoolIfExists: { "aws:SecureTransport": ["true"] },
      "ForAnyValue:NumericLessThan": { "aws:MultiFactorAuthAge": ["3600"] },
      Null: { "aws:TokenIssueTime": ["false"] },
    });
  });

  it("keeps a string Sid as written, whatever its characters (its grammar is normal form)", () => {
    const { policy, problems } = parseRegistryPolicy(withStatement({ Sid: "stis-1" }));
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(policy?.statements[0].sid, "stis-1");
    assert.deepStrictEqual(problemsOf(withStatement({ Sid: "" })), []);
  });

  it("refuses a Sid that is not a string", () => {
    assert.deepStrictEqual(problemsOf(withStatement({ Sid: 7 })), [
      {
        path: "Statement[0].Sid",
        message: "must be a string of letters and digits (A-Z, a-z, 0-9), got 7",
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Sid: ["a"] })), [
      {
        path: "Statement[0].Sid",
        message: 'must be a string of letters and digits (A-Z, a-z, 0-9), got ["a"]',
      },
    ]);
  });

  it("refuses a wrong or missing Version", () => {
    assert.deepStrictEqual(problemsOf({ ...SEED_PROD_PREFIX, Version: "2008-10-17" }), [
      { path: "Version", message: "must be '2012-10-17', got '2008-10-17'" },
    ]);
    assert.deepStrictEqual(problemsOf({ Statement: SEED_PROD_PREFIX.Statement }), [
      { path: "Version", message: "must be '2012-10-17', got undefined" },
    ]);
  });

  it("refuses a wrong Effect, case-sensitively", () => {
    const { policy, problems } = parseRegistryPolicy(withStatement({ Effect: "allow" }));
    assert.deepStrictEqual(problems, [
      { path: "Statement[0].Effect", message: "must be 'Allow' or 'Deny', got 'allow'" },
    ]);
    assert.deepStrictEqual(policy?.statements, []);
  });

  it("requires exactly one of each element pair", () => {
    assert.deepStrictEqual(problemsOf(withStatement({ NotAction: "ecr:*" })), [
      { path: "Statement[0]", message: "must have exactly one of Action and NotAction, got both" },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Principal: undefined })), [
      {
        path: "Statement[0]",
        message: "must have exactly one of Principal and NotPrincipal, got neither",
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ NotResource: "*" })), [
      {
        path: "Statement[0]",
        message: "must have exactly one of Resource and NotResource, got both",
      },
    ]);
  });

  it("names the exact element of a bad principal", () => {
    assert.deepStrictEqual(
      problemsOf(withStatement({ Principal: { AWS: ["111122223333", "444455556666", 7] } })),
      [{ path: "Statement[0].Principal.AWS[2]", message: "must be a string, got 7" }],
    );
    assert.deepStrictEqual(problemsOf(withStatement({ Principal: { Aws: "111122223333" } })), [
      {
        path: "Statement[0].Principal.Aws",
        message: "is not a principal type; allowed: AWS, Service, Federated, CanonicalUser",
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Principal: {} })), [
      {
        path: "Statement[0].Principal",
        message:
          'must be "*" or an object of AWS, Service, Federated, CanonicalUser principals, got {}',
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Principal: "111122223333" })), [
      {
        path: "Statement[0].Principal",
        message:
          "must be \"*\" or an object of AWS, Service, Federated, CanonicalUser principals, got '111122223333'",
      },
    ]);
  });

  it("refuses empty and non-string actions and resources", () => {
    assert.deepStrictEqual(problemsOf(withStatement({ Action: [] })), [
      {
        path: "Statement[0].Action",
        message: "must be a string or a non-empty array of strings, got []",
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Resource: ["*", null] })), [
      { path: "Statement[0].Resource[1]", message: "must be a string, got null" },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Action: 3 })), [
      {
        path: "Statement[0].Action",
        message: "must be a string or a non-empty array of strings, got 3",
      },
    ]);
  });

  it("refuses bad conditions, naming operator and key", () => {
    assert.deepStrictEqual(
      problemsOf(withStatement({ Condition: { StringEqual: { "aws:SourceAccount": "1" } } })),
      [
        {
          path: "Statement[0].Condition.StringEqual",
          message: "is not an IAM condition operator (such as StringEquals, ArnLike, Bool)",
        },
      ],
    );
    assert.deepStrictEqual(
      problemsOf(withStatement({ Condition: { StringEquals: { "aws:SourceAccount": {} } } })),
      [
        {
          path: "Statement[0].Condition.StringEquals.aws:SourceAccount",
          message: "must be a string or a non-empty array of strings, got {}",
        },
      ],
    );
    assert.deepStrictEqual(problemsOf(withStatement({ Condition: { StringEquals: {} } })), [
      {
        path: "Statement[0].Condition.StringEquals",
        message: "must be a non-empty object of condition keys to values, got {}",
      },
    ]);
    assert.deepStrictEqual(problemsOf(withStatement({ Condition: "true" })), [
      {
        path: "Statement[0].Condition",
        message: "must be an object of condition operators to {key: values}, got 'true'",
      },
    ]);
    assert.deepStrictEqual(
      problemsOf(withStatement({ Condition: { NullIfExists: { a: "true" } } })),
      [
        {
          path: "Statement[0].Condition.NullIfExists",
          message: "is not an IAM condition operator (such as StringEquals, ArnLike, Bool)",
        },
      ],
    );
  });

  it("reports unknown elements but keeps the statement's meaning", () => {
    const { policy, problems } = parseRegistryPolicy({
      ...withStatement({ Effects: "Deny" }),
      Statements: [],
    });
    assert.deepStrictEqual(problems, [
      { path: "Statements", message: "is not a policy element; allowed: Version, Id, Statement" },
      {
        path: "Statement[0].Effects",
        message:
          "is not a statement element; allowed: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition",
      },
    ]);
    assert.strictEqual(policy?.statements.length, 1);
  });

  describe("hostile input", () => {
    it("refuses non-documents without throwing", () => {
      const notDocuments: [unknown, string][] = [
        [42, "must be a policy document object {Version, Statement}, got 42"],
        [null, "must be a policy document object {Version, Statement}, got null"],
        [[], "must be a policy document object {Version, Statement}, got []"],
        ["[1]", "must be a policy document object {Version, Statement}, got [1]"],
        [undefined, "must be a policy document, got undefined"],
        [() => 1, "must be a policy document, got function"],
        [10n, "must be a policy document that JSON can represent (no cycles, no bigint)"],
        ["{not json", "must be a JSON policy document, got '{not json'"],
        ["", "must be a JSON policy document, got ''"],
      ];
      for (const [input, message] of notDocuments) {
        assert.deepStrictEqual(parseRegistryPolicy(input), { problems: [{ path: "", message }] });
      }
    });

    it("refuses cycles", () => {
      const cyclic: Record<string, unknown> = { Version: "2012-10-17" };
      cyclic.Statement = [cyclic];
      assert.deepStrictEqual(parseRegistryPolicy(cyclic), {
        problems: [
          {
            path: "",
            message: "must be a policy document that JSON can represent (no cycles, no bigint)",
          },
        ],
      });
    });

    it("never reads inherited or __proto__ properties", () => {
      const text =
        '{"Version":"2012-10-17","__proto__":{"Statement":[]},"Statement":[{"Effect":"Allow",' +
        '"Principal":{"__proto__":"x","AWS":"111122223333"},"Action":"ecr:*","Resource":"*",' +
        '"Condition":{"StringEquals":{"__proto__":["a"]}}}]}';
      const { policy, problems } = parseRegistryPolicy(text);
      assert.deepStrictEqual(problems, [
        { path: "__proto__", message: "is not a policy element; allowed: Version, Id, Statement" },
        {
          path: "Statement[0].Principal.__proto__",
          message: "is not a principal type; allowed: AWS, Service, Federated, CanonicalUser",
        },
      ]);
      assert.deepStrictEqual(policy?.statements, []);
      assert.deepStrictEqual(
        parseRegistryPolicy({ Statement: SEED_PROD_PREFIX.Statement, toString: "x" }).problems,
        [
          { path: "toString", message: "is not a policy element; allowed: Version, Id, Statement" },
          { path: "Version", message: "must be '2012-10-17', got undefined" },
        ],
      );
      const condition = parseRegistryPolicy(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*",' +
          '"Resource":"*","Condition":{"StringEquals":{"__proto__":["a"]}}}]}',
      ).policy?.statements[0].condition;
      assert.deepStrictEqual(Object.keys(condition?.StringEquals ?? {}), ["__proto__"]);
      assert.strictEqual(Object.getPrototypeOf(condition?.StringEquals), Object.prototype);
    });

    it("survives throwing getters and proxies", () => {
      const trap = new Proxy(
        {},
        {
          ownKeys() {
            throw new Error("boom");
          },
        },
      );
      assert.deepStrictEqual(parseRegistryPolicy(trap), {
        problems: [
          {
            path: "",
            message: "must be a policy document that JSON can represent (no cycles, no bigint)",
          },
        ],
      });
      // JSON.stringify skips a non-enumerable getter; reading it throws.
      const getter = { ...SEED_PROD_PREFIX };
      Object.defineProperty(getter, "Id", {
        enumerable: false,
        get() {
          throw new TypeError("boom");
        },
      });
      assert.deepStrictEqual(parseRegistryPolicy(getter), {
        problems: [{ path: "", message: "could not be read as a policy document: TypeError" }],
      });
    });

    it("survives deep nesting and huge strings quickly", () => {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      assert.strictEqual(parseRegistryPolicy(deep).problems.length, 1);
      let nested: unknown = "x";
      for (let i = 0; i < 100_000; i += 1) {
        nested = { Statement: nested };
      }
      assert.deepStrictEqual(parseRegistryPolicy(nested).problems, [
        {
          path: "",
          message: "must be a policy document that JSON can represent (no cycles, no bigint)",
        },
      ]);
      const huge = "a-".repeat(2_500_000);
      const { policy, problems } = parseRegistryPolicy(withStatement({ Sid: huge }));
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(checkSidNormalForm(policy!), [
        {
          path: "Statement[0].Sid",
          message: `must be letters and digits only (A-Z, a-z, 0-9), got '${"a-".repeat(38)}a...'`,
        },
      ]);
    });
  });
});

describe("checkSidNormalForm", () => {
  /** The normal-form problems of a document that parses. */
  function sidProblemsOf(input: unknown): Problem[] {
    const { policy } = parseRegistryPolicy(input);
    assert.ok(policy !== undefined);
    return checkSidNormalForm(policy);
  }

  it("passes letters-and-digits Sids, unique, and statements without one", () => {
    assert.deepStrictEqual(sidProblemsOf(SEED_ALL_REPOSITORIES), []);
    assert.deepStrictEqual(sidProblemsOf(withStatement({ Sid: undefined })), []);
  });

  it("reports the Sid ECR accepts from a live account, 'stis-1'", () => {
    assert.deepStrictEqual(sidProblemsOf(withStatement({ Sid: "stis-1" })), [
      {
        path: "Statement[0].Sid",
        message: "must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
      },
    ]);
    assert.deepStrictEqual(sidProblemsOf(withStatement({ Sid: "" })), [
      {
        path: "Statement[0].Sid",
        message: "must be letters and digits only (A-Z, a-z, 0-9), got ''",
      },
    ]);
  });

  it("reports the repeated Sid of seed example 2, naming the first statement", () => {
    assert.deepStrictEqual(sidProblemsOf(SEED_MULTIPLE_ACCOUNTS), [
      {
        path: "Statement[1].Sid",
        message:
          "must be unique within the policy, got 'ReplicationAccessCrossAccount', the Sid of Statement[0]",
      },
    ]);
  });

  it("judges the Sids of statements that cannot be read, and of a single statement object, as written in the text", () => {
    const statement = SEED_ALL_REPOSITORIES.Statement[0];
    const unreadable = { Sid: "a-b", Effect: "Allow" };
    assert.deepStrictEqual(
      sidProblemsOf(
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [unreadable, { ...statement, Sid: "a-b" }],
        }),
      ),
      [
        {
          path: "Statement[0].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'a-b'",
        },
        {
          path: "Statement[1].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'a-b'",
        },
        {
          path: "Statement[1].Sid",
          message: "must be unique within the policy, got 'a-b', the Sid of Statement[0]",
        },
      ],
    );
    assert.deepStrictEqual(
      sidProblemsOf({ Version: "2012-10-17", Statement: { ...statement, Sid: "one_statement" } }),
      [
        {
          path: "Statement[0].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'one_statement'",
        },
      ],
    );
  });

  it("leaves a Sid that is not a string to the parser", () => {
    assert.deepStrictEqual(sidProblemsOf(withStatement({ Sid: 7 })), []);
  });
});
