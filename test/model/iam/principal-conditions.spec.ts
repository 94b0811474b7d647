import * as assert from "assert";
import { parseRegistryPolicy } from "../../../components/model/iam/policy-document";
import { readPrincipalConditions } from "../../../components/model/iam/principal-conditions";

/** The principal-condition reading of one statement for `*` with `condition`. */
function read(condition: unknown) {
  const { policy } = parseRegistryPolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "ecr:BatchImportUpstreamImage",
        Resource: "*",
        Condition: condition,
      },
    ],
  });
  return readPrincipalConditions(policy!.statements[0]);
}

describe("readPrincipalConditions", () => {
  it("reads the account or organization each concrete value lies within", () => {
    assert.deepStrictEqual(
      read({
        StringEquals: { "AWS:PrincipalAccount": ["111111111111", "222222222222"] },
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::333333333333:role/*" },
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*" },
        StringEqualsIgnoreCase: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
      }),
      {
        limits: [
          {
            operator: "StringEquals",
            key: "AWS:PrincipalAccount",
            scope: "account",
            values: ["111111111111", "222222222222"],
            within: ["111111111111", "222222222222"],
          },
          {
            operator: "ArnLike",
            key: "aws:PrincipalArn",
            scope: "account",
            values: ["arn:aws:iam::333333333333:role/*"],
            within: ["333333333333"],
          },
          {
            operator: "ForAnyValue:StringLike",
            key: "aws:PrincipalOrgPaths",
            scope: "organization",
            values: ["o-a1b2c3d4e5/r-ab12/*"],
            within: ["o-a1b2c3d4e5"],
          },
          {
            operator: "StringEqualsIgnoreCase",
            key: "aws:PrincipalOrgID",
            scope: "organization",
            values: ["o-a1b2c3d4e5"],
            within: ["o-a1b2c3d4e5"],
          },
        ],
        loose: [],
      },
    );
  });

  it("says why a test on a principal key does not limit, and ignores other keys", () => {
    assert.deepStrictEqual(
      read({
        StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:*" },
        NumericEquals: { "aws:PrincipalAccount": "1" },
        StringLike: { "aws:PrincipalOrgPaths": "o-*/r-ab12/*", "aws:PrincipalTag/team": "a" },
        Bool: { "aws:SecureTransport": true },
      }).loose.map((test) => test.why),
      [
        "StringNotLike on aws:PrincipalArn is negated, so it matches every other principal",
        "NumericEquals on aws:PrincipalAccount does not compare it as a string or an ARN",
        "StringLike on aws:PrincipalOrgPaths: 'o-*/r-ab12/*' does not fix the organization (o-.../...)",
      ],
    );
  });
  it("does not count a wildcard partition as fixing the account: under StringLike it can span ':'", () => {
    // 'arn:*:iam::111111111111:*' also matches arn:aws:iam::444444444444:role/iam::111111111111:/x
    // (a role path may contain ':'), so it limits nothing.
    assert.deepStrictEqual(
      read({ StringLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:*" } }),
      {
        limits: [],
        loose: [
          {
            operator: "StringLike",
            key: "aws:PrincipalArn",
            why: "StringLike on aws:PrincipalArn: 'arn:*:iam::111111111111:*' does not fix the account (arn:<partition>:iam::<12 digits>:...)",
          },
        ],
      },
    );
  });
});
