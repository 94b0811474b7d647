import * as assert from "assert";
import {
  explainDecided,
  holdsWithoutKey,
  judgeCondition,
  REPLICATION_REQUEST,
} from "../../../components/model/iam/request-context";

describe("request context: conditions on a key the request lacks", () => {
  it("decides each operator as IAM evaluates a missing key", () => {
    const cases: [string, string[], boolean | undefined][] = [
      ["StringEquals", ["111111111111"], false],
      ["StringLike", ["1111*"], false],
      ["StringEqualsIgnoreCase", ["x"], false],
      ["ArnEquals", ["arn:aws:iam::111111111111:root"], false],
      ["ArnLike", ["arn:aws:iam::*"], false],
      ["NumericEquals", ["1"], false],
      ["Bool", ["true"], false],
      ["IpAddress", ["10.0.0.0/8"], false],
      ["StringNotEquals", ["111111111111"], true],
      ["StringNotEqualsIgnoreCase", ["x"], true],
      ["StringNotLike", ["1111*"], true],
      ["ArnNotEquals", ["arn:aws:iam::111111111111:root"], true],
      ["ArnNotLike", ["arn:aws:iam::*"], true],
      ["NumericNotEquals", ["1"], true],
      ["DateNotEquals", ["2026-01-01T00:00:00Z"], true],
      ["NotIpAddress", ["10.0.0.0/8"], true],
      ["StringEqualsIfExists", ["111111111111"], true],
      ["ArnLikeIfExists", ["arn:aws:iam::*"], true],
      ["StringNotEqualsIfExists", ["111111111111"], true],
      ["Null", ["true"], true],
      ["Null", ["false"], false],
      ["Null", ["false", "true"], true],
      ["Null", ["yes"], undefined],
      ["ForAllValues:StringEquals", ["111111111111"], true],
      ["ForAllValues:StringNotEquals", ["111111111111"], true],
      ["ForAnyValue:StringEquals", ["111111111111"], false],
      ["ForAnyValue:StringNotLike", ["1111*"], false],
      ["ForAnyValue:StringEqualsIfExists", ["111111111111"], undefined],
    ];
    for (const [operator, values, expected] of cases) {
      assert.strictEqual(holdsWithoutKey(operator, values), expected, `${operator} ${values}`);
    }
  });

  it("decides a statement only through keys the context lacks, case-insensitively", () => {
    assert.deepStrictEqual(
      judgeCondition(
        { StringEquals: { "AWS:SOURCEACCOUNT": ["111111111111"] } },
        REPLICATION_REQUEST,
      ),
      { holds: "never", tests: [{ operator: "StringEquals", key: "AWS:SOURCEACCOUNT" }] },
    );
    assert.deepStrictEqual(
      judgeCondition(
        { StringNotEquals: { "aws:SourceAccount": ["111111111111"] } },
        REPLICATION_REQUEST,
      ),
      { holds: "always", tests: [{ operator: "StringNotEquals", key: "aws:SourceAccount" }] },
    );
    assert.deepStrictEqual(judgeCondition(undefined, REPLICATION_REQUEST), {
      holds: "always",
      tests: [],
    });
  });

  it("leaves other keys undecided, and every key without a context", () => {
    const condition = {
      StringEqualsIfExists: { "aws:SourceAccount": ["111111111111"] },
      ArnLike: { "aws:SourceArn": ["arn:aws:ecr:*"] },
      Bool: { "aws:SecureTransport": ["true"] },
    };
    assert.deepStrictEqual(judgeCondition(condition, REPLICATION_REQUEST), {
      holds: "unknown",
      tests: [
        { operator: "ArnLike", key: "aws:SourceArn" },
        { operator: "Bool", key: "aws:SecureTransport" },
      ],
    });
    assert.deepStrictEqual(judgeCondition(condition, undefined).holds, "unknown");
    assert.deepStrictEqual(
      judgeCondition({ StringEquals: { "aws:SourceAccount": ["1"] } }, undefined),
      { holds: "unknown", tests: [{ operator: "StringEquals", key: "aws:SourceAccount" }] },
    );
  });

  it("rules a statement out when one test never holds, whatever the others (logical AND)", () => {
    assert.deepStrictEqual(
      judgeCondition(
        {
          Bool: { "aws:SecureTransport": ["true"] },
          StringEquals: { "aws:PrincipalTag/team": ["a"], "aws:SourceAccount": ["1"] },
        },
        REPLICATION_REQUEST,
      ),
      { holds: "never", tests: [{ operator: "StringEquals", key: "aws:SourceAccount" }] },
    );
  });

  it("says why, naming the key and the statement", () => {
    assert.strictEqual(
      explainDecided(REPLICATION_REQUEST, "Allow", "Statement[0]", {
        holds: "never",
        tests: [{ operator: "StringEquals", key: "aws:SourceAccount" }],
      }),
      "replication requests carry no aws:SourceAccount, so the Allow of Statement[0] (StringEquals on aws:SourceAccount) never applies",
    );
    assert.strictEqual(
      explainDecided(REPLICATION_REQUEST, "Deny", "Statement[2]", {
        holds: "always",
        tests: [
          { operator: "StringNotEquals", key: "aws:SourceAccount" },
          { operator: "Null", key: "aws:SourceAccount" },
        ],
      }),
      "replication requests carry no aws:SourceAccount, so the Deny of Statement[2] (StringNotEquals on aws:SourceAccount, Null on aws:SourceAccount) always applies",
    );
  });
});
