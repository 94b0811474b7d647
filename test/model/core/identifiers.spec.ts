import * as assert from "assert";
import {
  checkAccountId,
  checkRegion,
  checkRepositoryPrefix,
} from "../../../components/model/core/identifiers";
import { partitionOf } from "../../../components/model/core/limits";
import { describe as quote, formatProblems, join } from "../../../components/model/core/problems";

describe("identifiers", () => {
  it("accepts a 12-digit account id and refuses others with the path and value", () => {
    assert.deepStrictEqual(checkAccountId("111122223333", "sources[0].accountId"), []);
    assert.deepStrictEqual(checkAccountId("1234", "sources[1].accountId"), [
      { path: "sources[1].accountId", message: "must be a 12-digit AWS account id, got '1234'" },
    ]);
    // A number (an unquoted id in YAML) is named as one, with the fix; leading zeros restored.
    assert.deepStrictEqual(checkAccountId(111122223333, "a"), [
      {
        path: "a",
        message:
          "must be a 12-digit AWS account id as a string, got the number 111122223333: quote it ('111122223333' in YAML)",
      },
    ]);
    assert.deepStrictEqual(checkAccountId(12345678901, "a"), [
      {
        path: "a",
        message:
          "must be a 12-digit AWS account id as a string, got the number 12345678901: quote it ('012345678901' in YAML)",
      },
    ]);
    assert.deepStrictEqual(checkAccountId(1234567890123, "a"), [
      {
        path: "a",
        message:
          "must be a 12-digit AWS account id as a string, got the number 1234567890123: quote it in YAML",
      },
    ]);
  });

  it("accepts region names of every partition and refuses malformed ones", () => {
    for (const region of [
      "us-west-2",
      "eu-central-1",
      "us-gov-west-1",
      "cn-north-1",
      "ap-southeast-5",
    ]) {
      assert.deepStrictEqual(checkRegion(region, "region"), [], region);
    }
    assert.deepStrictEqual(checkRegion("US-WEST-2", "region"), [
      { path: "region", message: "must be an AWS region such as 'us-west-2', got 'US-WEST-2'" },
    ]);
    assert.deepStrictEqual(checkRegion(undefined, "region"), [
      { path: "region", message: "must be an AWS region such as 'us-west-2', got undefined" },
    ]);
    for (const region of ["us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1"]) {
      assert.deepStrictEqual(checkRegion(region, "region"), [
        {
          path: "region",
          message: `must be a commercial, China or GovCloud region: the ISO partitions are not supported, got '${region}'`,
        },
      ]);
    }
  });

  it("checks repository prefixes against ECR's filter pattern and length", () => {
    assert.deepStrictEqual(checkRepositoryPrefix("prod-", "p"), []);
    assert.deepStrictEqual(checkRepositoryPrefix("shared/", "p"), []);
    assert.deepStrictEqual(checkRepositoryPrefix("p", "p"), [
      { path: "p", message: "must be 2 to 256 characters, got 'p' (1)" },
    ]);
    assert.deepStrictEqual(checkRepositoryPrefix("Prod-", "p"), [
      {
        path: "p",
        message:
          "must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod-'",
      },
    ]);
  });

  it("derives the partition from the region", () => {
    assert.strictEqual(partitionOf("us-west-2"), "aws");
    assert.strictEqual(partitionOf("cn-northwest-1"), "aws-cn");
    assert.strictEqual(partitionOf("us-gov-east-1"), "aws-us-gov");
  });

  it("joins and formats property paths", () => {
    assert.strictEqual(join(join(join("", "Statement"), 1), "Sid"), "Statement[1].Sid");
    assert.strictEqual(
      formatProblems([
        { path: "a[0]", message: "x" },
        { path: "", message: "y" },
      ]),
      "a[0]: x\ny",
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.strictEqual(quote(cyclic), "object");
  });
});
