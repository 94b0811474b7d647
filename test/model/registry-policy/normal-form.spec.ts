/**
 * The normal-form rewrite of a registry policy: exact results for the ECR user guide's examples
 * and a live account's `stis-1`, the cases it refuses, and, over the seed examples and generated
 * documents, proof that it changes no meaning (every probed request is decided alike before and
 * after) and leaves no normal-form problem.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { MAX_REGISTRY_POLICY_CHARS, Partition } from "../../../components/model/core/limits";
import { evaluateAccess } from "../../../components/model/iam/access";
import {
  NormalizedPolicy,
  parseRegistryPolicy,
} from "../../../components/model/iam/policy-document";
import { REPLICATION_REQUEST } from "../../../components/model/iam/request-context";
import { checkRegistryPolicyNormalForm } from "../../../components/model/registry-policy/checks";
import { normalSids, toNormalForm } from "../../../components/model/registry-policy/normal-form";
import {
  DESTINATION,
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
  SOURCE_ACCOUNT,
} from "../seed-policies";

const SEEDS = [
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
];
const REPOSITORY_ARN = `arn:aws:ecr:us-west-2:${DESTINATION.accountId}:repository/*`;

/** A one-statement policy of the live account's shape: Sid `stis-1`, a bare account principal. */
const STIS = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "stis-1",
      Effect: "Allow",
      Principal: { AWS: SOURCE_ACCOUNT },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: REPOSITORY_ARN,
    },
  ],
};

function parsed(document: unknown): NormalizedPolicy {
  const { policy, problems } = parseRegistryPolicy(document);
  assert.deepStrictEqual(problems, []);
  return policy!;
}

describe("normalSids", () => {
  it("keeps Sids of letters and digits at their first use", () => {
    assert.deepStrictEqual(normalSids(["A", undefined, "B2"]), ["A", undefined, "B2"]);
  });

  it("drops other characters, numbers clashes from 2, never takes a Sid another statement has", () => {
    assert.deepStrictEqual(normalSids(["stis-1"]), ["stis1"]);
    assert.deepStrictEqual(normalSids(["R", "R", "R"]), ["R", "R2", "R3"]);
    assert.deepStrictEqual(normalSids(["A", "A", "A2"]), ["A", "A3", "A2"]);
    assert.deepStrictEqual(normalSids(["a-b", "ab"]), ["ab2", "ab"]);
    assert.deepStrictEqual(normalSids(["stis-1", "stis-1"]), ["stis1", "stis12"]);
  });

  it("names a Sid with no letter or digit 'Statement'", () => {
    assert.deepStrictEqual(normalSids(["", "-", "Statement2"]), [
      "Statement",
      "Statement3",
      "Statement2",
    ]);
  });
});

describe("toNormalForm", () => {
  it("renames the ECR user guide example 2's repeated Sid, and nothing else", () => {
    const [first, second] = SEED_MULTIPLE_ACCOUNTS.Statement;
    assert.deepStrictEqual(toNormalForm(SEED_MULTIPLE_ACCOUNTS), {
      Version: "2012-10-17",
      Statement: [first, { ...second, Sid: "ReplicationAccessCrossAccount2" }],
    });
  });

  it("leaves the examples already in normal form alone (undefined)", () => {
    for (const seed of [SEED_ALL_REPOSITORIES, SEED_PROD_PREFIX, SEED_WITHOUT_CREATE]) {
      assert.strictEqual(toNormalForm(seed, { partition: "aws" }), undefined);
    }
  });

  it("rewrites 'stis-1' and a bare account id, keeping key order and every other byte", () => {
    const text =
      '{"Statement":{"Resource":"*","Action":"ecr:ReplicateImage","Principal":{"AWS":"444455556666"},"Effect":"Allow","Sid":"stis-1","Condition":{"StringEquals":{"aws:SourceAccount":"444455556666"}}},"Version":"2012-10-17","Id":"x-y"}';
    assert.strictEqual(
      JSON.stringify(toNormalForm(text, { partition: "aws" })),
      '{"Statement":{"Resource":"*","Action":"ecr:ReplicateImage","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Effect":"Allow","Sid":"stis1","Condition":{"StringEquals":{"aws:SourceAccount":"444455556666"}}},"Version":"2012-10-17","Id":"x-y"}',
    );
  });

  it("writes the ARN in the given partition, in a list as in a string, in NotPrincipal too", () => {
    const document = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          NotPrincipal: { AWS: ["111111111111", "arn:aws-cn:iam::222222222222:role/r"] },
          Action: "ecr:*",
          Resource: "*",
        },
      ],
    };
    assert.deepStrictEqual(toNormalForm(document, { partition: "aws-cn" }), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          NotPrincipal: {
            AWS: ["arn:aws-cn:iam::111111111111:root", "arn:aws-cn:iam::222222222222:role/r"],
          },
          Action: "ecr:*",
          Resource: "*",
        },
      ],
    });
  });

  it("does not rewrite a bare account id without a partition: it never guesses 'aws'", () => {
    assert.strictEqual(toNormalForm(STIS), undefined);
    assert.deepStrictEqual(
      toNormalForm({ ...STIS, Statement: [{ ...STIS.Statement[0], Principal: "*" }] }),
      { ...STIS, Statement: [{ ...STIS.Statement[0], Principal: "*", Sid: "stis1" }] },
    );
  });

  it("refuses what it cannot rewrite safely", () => {
    const statement = STIS.Statement[0];
    const cases: [string, unknown][] = [
      ["not JSON", "{"],
      ["not a document", 42],
      ["a structural problem", { ...STIS, Statement: [{ ...statement, Effect: "Maybe" }] }],
      ["a Sid that is not a string", { ...STIS, Statement: [{ ...statement, Sid: 1 }] }],
      [
        "a malformed principal",
        { ...STIS, Statement: [{ ...statement, Principal: { AWS: ["1234", SOURCE_ACCOUNT] } }] },
      ],
      [
        "a wildcard principal pattern",
        { ...STIS, Statement: [{ ...statement, Principal: { AWS: "arn:aws:iam::*:root" } }] },
      ],
    ];
    for (const [why, document] of cases) {
      assert.strictEqual(toNormalForm(document, { partition: "aws" }), undefined, why);
    }
  });

  it("refuses a rewrite that would grow the policy past ECR's size limit", () => {
    const principals = Array.from({ length: 400 }, (_, i) => String(100000000000 + i));
    const document = {
      ...STIS,
      Statement: [{ ...STIS.Statement[0], Principal: { AWS: principals } }],
    };
    assert.ok(JSON.stringify(document).length <= MAX_REGISTRY_POLICY_CHARS);
    assert.strictEqual(toNormalForm(document, { partition: "aws" }), undefined);
    const fewer = {
      ...STIS,
      Statement: [{ ...STIS.Statement[0], Principal: { AWS: principals.slice(0, 300) } }],
    };
    assert.notStrictEqual(toNormalForm(fewer, { partition: "aws" }), undefined);
  });
});

describe("toNormalForm changes no meaning", () => {
  const ACCOUNTS = ["111111111111", "222222222222", SOURCE_ACCOUNT, DESTINATION.accountId];
  const PARTITION_REGIONS: Record<Partition, string> = {
    aws: "us-west-2",
    "aws-cn": "cn-north-1",
    "aws-us-gov": "us-gov-west-1",
  };
  const PARTITIONS = Object.keys(PARTITION_REGIONS) as Partition[];
  /** Request principals: each account as a bare id and every ARN form, a stranger, everyone. */
  const PROBE_PRINCIPALS = [
    ...[...ACCOUNTS, "999999999999"].flatMap((account) => [
      account,
      `arn:aws:iam::${account}:root`,
      `arn:aws-cn:iam::${account}:root`,
      `arn:aws:iam::${account}:role/replicator`,
      `arn:aws:sts::${account}:assumed-role/replicator/session`,
    ]),
    "*",
    "ecr.amazonaws.com",
  ];
  const PROBE_ACTIONS = ["ecr:ReplicateImage", "ecr:CreateRepository", "ecr:BatchGetImage"];
  const PROBE_REPOSITORIES = ["prod-api", "dev", "prod"];

  /** Asserts that every probe is decided alike by both documents, in every partition. */
  function assertSameMeaning(before: NormalizedPolicy, after: NormalizedPolicy): void {
    for (const partition of PARTITIONS) {
      const registry = { accountId: DESTINATION.accountId, region: PARTITION_REGIONS[partition] };
      for (const principal of PROBE_PRINCIPALS) {
        for (const action of PROBE_ACTIONS) {
          for (const repository of PROBE_REPOSITORIES) {
            for (const context of [undefined, REPLICATION_REQUEST]) {
              const request = { principal, action, repository, registry, context };
              assert.deepStrictEqual(
                evaluateAccess(after, request),
                evaluateAccess(before, request),
                JSON.stringify(request),
              );
            }
          }
        }
      }
    }
  }

  /** Rewrites, then checks meaning and normal form; returns whether anything was rewritten. */
  function check(document: unknown, partition: Partition): boolean {
    const before = parsed(document);
    const rewritten = toNormalForm(document, { partition });
    const needed = checkRegistryPolicyNormalForm(before).length > 0;
    assert.strictEqual(rewritten !== undefined, needed, JSON.stringify(document));
    if (rewritten === undefined) {
      return false;
    }
    const after = parsed(rewritten);
    assert.deepStrictEqual(checkRegistryPolicyNormalForm(after), []);
    assertSameMeaning(before, after);
    // Idempotent: the normal form needs nothing more.
    assert.strictEqual(toNormalForm(rewritten, { partition }), undefined);
    return true;
  }

  it("for the seed examples, and their bare-account variants in each partition", () => {
    for (const partition of PARTITIONS) {
      for (const seed of SEEDS) {
        check(seed, partition);
        const bare = {
          ...seed,
          Statement: seed.Statement.map((s) => ({ ...s, Principal: { AWS: SOURCE_ACCOUNT } })),
        };
        assert.ok(check(bare, partition));
      }
      assert.ok(check(STIS, partition));
    }
  });

  it("for generated documents", () => {
    const principalText = fc.constantFrom(
      ...ACCOUNTS,
      ...ACCOUNTS.map((account) => `arn:aws:iam::${account}:root`),
      `arn:aws-cn:iam::${ACCOUNTS[0]}:root`,
      `arn:aws:iam::${ACCOUNTS[1]}:role/replicator`,
      "*",
    );
    const principal = fc.oneof(
      fc.constant("*" as unknown),
      fc.record({ AWS: fc.oneof(principalText, fc.array(principalText, { minLength: 1 })) }),
      fc.constant({ Service: "ecr.amazonaws.com" } as unknown),
    );
    const statement = fc
      .record(
        {
          Sid: fc.constantFrom("A", "A", "A2", "stis-1", "stis1", "x_y", "", "-"),
          Effect: fc.constantFrom("Allow", "Deny"),
          principal,
          negated: fc.boolean(),
          Action: fc.constantFrom("ecr:*", "ecr:ReplicateImage", [
            "ecr:CreateRepository",
            "ecr:ReplicateImage",
          ]),
          Resource: fc.constantFrom("*", REPOSITORY_ARN, [
            `arn:*:ecr:*:${DESTINATION.accountId}:repository/prod-*`,
          ]),
          Condition: fc.constant({ StringEquals: { "aws:SourceAccount": ACCOUNTS[0] } }),
        },
        { requiredKeys: ["Effect", "principal", "negated", "Action", "Resource"] },
      )
      .map(({ principal, negated, ...rest }) => ({
        ...rest,
        [negated && principal !== "*" ? "NotPrincipal" : "Principal"]: principal,
      }));
    let rewrites = 0;
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...PARTITIONS),
        (statements, partition) => {
          if (check({ Version: "2012-10-17", Statement: statements }, partition)) {
            rewrites++;
          }
        },
      ),
      { numRuns: 80 },
    );
    // The property is about rewritten documents: most generated ones need a rewrite.
    assert.ok(rewrites > 25, `only ${rewrites} documents were rewritten`);
  });
});
