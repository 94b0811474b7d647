import * as assert from "assert";
import {
  checkAccountId,
  checkRegion,
  checkRepositoryPrefix,
  checkUsableRepositoryPrefix,
  startsSomeRepositoryName,
} from "../../../components/model/core/identifiers";
import * as fc from "fast-check";
import { repositoriesStartingWith } from "../../../components/model/iam/prefix-coverage";
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

  it("tells whether some repository name starts with a prefix, as the name automaton does", () => {
    const exact = (prefix: string) => !repositoriesStartingWith(prefix).isEmpty();
    const near256 = [
      "a".repeat(256),
      "a".repeat(255) + "-",
      "a".repeat(254) + "/",
      "a".repeat(255) + "/",
      "a".repeat(254) + "-b",
    ];
    for (const prefix of [
      "-prod",
      "prod--",
      "a/-b",
      "a-/b",
      "a//b",
      "prod-",
      "a",
      "",
      ...near256,
    ]) {
      assert.strictEqual(startsSomeRepositoryName(prefix), exact(prefix), prefix);
    }
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "0", ".", "_", "-", "/"), maxLength: 9 }),
        (prefix) => assert.strictEqual(startsSomeRepositoryName(prefix), exact(prefix), prefix),
      ),
      { numRuns: 2_000, seed: 5 },
    );
  });

  it("refuses, for components, a prefix that ECR accepts but no repository name starts with", () => {
    assert.deepStrictEqual(checkUsableRepositoryPrefix("prod-", "p"), []);
    assert.deepStrictEqual(checkUsableRepositoryPrefix("p", "p"), checkRepositoryPrefix("p", "p"));
    assert.deepStrictEqual(checkRepositoryPrefix("-prod", "p"), []);
    assert.deepStrictEqual(
      checkUsableRepositoryPrefix("-prod", "routes[0].repositoryPrefixes[1]"),
      [
        {
          path: "routes[0].repositoryPrefixes[1]",
          message:
            "must be the start of some repository name, got '-prod': no repository name starts with it (names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time)",
        },
      ],
    );
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
