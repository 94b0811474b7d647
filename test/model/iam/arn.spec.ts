import * as assert from "assert";
import * as fc from "fast-check";
import {
  arnMatches,
  parseRepositoryArnPattern,
  repositoriesMatched,
  repositoryArn,
  repositoryArnPrefix,
  REPOSITORY_NAMES,
} from "../../../components/model/iam/arn";
import { NameSet } from "../../../components/model/iam/name-set";
import { repositoriesStartingWith } from "../../../components/model/iam/prefix-coverage";
import {
  MAX_REPOSITORY_NAME_LENGTH,
  MIN_REPOSITORY_NAME_LENGTH,
  REPOSITORY_NAME_PATTERN,
} from "../../../components/model/core/limits";

const registry = { accountId: "111122223333", region: "us-west-2" };
const template = "arn:aws:ecr:us-west-2:111122223333:repository/<name>";

/** The one problem message parseRepositoryArnPattern reports for `value`. */
function problemFor(value: unknown): string {
  const { arn, problems } = parseRepositoryArnPattern(value, "Statement[0].Resource[1]", registry);
  assert.strictEqual(arn, undefined);
  assert.strictEqual(problems.length, 1);
  assert.strictEqual(problems[0].path, "Statement[0].Resource[1]");
  return problems[0].message;
}

describe("arn", () => {
  it("builds repository ARNs in the region's partition", () => {
    assert.strictEqual(
      repositoryArn(registry, "prod-*"),
      "arn:aws:ecr:us-west-2:111122223333:repository/prod-*",
    );
    assert.strictEqual(
      repositoryArn({ accountId: "111122223333", region: "cn-north-1" }, "a"),
      "arn:aws-cn:ecr:cn-north-1:111122223333:repository/a",
    );
    assert.strictEqual(
      repositoryArnPrefix({ accountId: "111122223333", region: "us-gov-west-1" }),
      "arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/",
    );
  });

  it("parses a repository ARN pattern into segments", () => {
    assert.deepStrictEqual(
      parseRepositoryArnPattern("arn:aws:ecr:us-west-2:111122223333:repository/prod-*", "r"),
      {
        arn: {
          text: "arn:aws:ecr:us-west-2:111122223333:repository/prod-*",
          any: false,
          partition: "aws",
          region: "us-west-2",
          account: "111122223333",
          repository: "prod-*",
        },
        problems: [],
      },
    );
    assert.deepStrictEqual(parseRepositoryArnPattern("*", "r"), {
      arn: { text: "*", any: true, partition: "*", region: "*", account: "*", repository: "*" },
      problems: [],
    });
    assert.deepStrictEqual(
      parseRepositoryArnPattern("arn:aws*:ecr:us-*:1111????3333:repository/team/*", "r").problems,
      [],
    );
  });

  it("refuses ecr-public and other services", () => {
    assert.strictEqual(
      problemFor("arn:aws:ecr-public::111122223333:repository/x"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr-public::111122223333:repository/x': 'ecr-public' is Amazon ECR Public, never a private repository`,
    );
    assert.strictEqual(
      problemFor("arn:aws:s3:::bucket/x:y:z"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:s3:::bucket/x:y:z': the service must be 'ecr', not 's3'`,
    );
    assert.strictEqual(
      problemFor("arn:aws:ec*:us-west-2:111122223333:repository/x"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ec*:us-west-2:111122223333:repository/x': the service must be 'ecr', not 'ec*'`,
    );
  });

  it("refuses malformed segments, naming the segment", () => {
    assert.strictEqual(
      problemFor("arn:aws:ecr:us-west-2:repository/x"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr:us-west-2:repository/x': an ARN has six ':'-separated parts starting with 'arn'`,
    );
    assert.strictEqual(
      problemFor("arn:aws-eu:ecr:us-west-2:111122223333:repository/x"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws-eu:ecr:us-west-2:111122223333:repository/x': the partition must be one of aws, aws-cn, aws-us-gov, not 'aws-eu'`,
    );
    assert.strictEqual(
      problemFor("arn:aws:ecr::111122223333:repository/x"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr::111122223333:repository/x': the region must look like 'us-west-2', not ''`,
    );
    assert.strictEqual(
      problemFor("arn:aws:ecr:us-west-2:your_account_id:repository/*"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr:us-west-2:your_account_id:repository/*': the account must be 12 digits, not 'your_account_id'`,
    );
    assert.strictEqual(
      problemFor("arn:aws:ecr:us-west-2:111122223333:*"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr:us-west-2:111122223333:*': the resource must start with 'repository/', not '*'`,
    );
    assert.strictEqual(
      problemFor("arn:aws:ecr:us-west-2:111122223333:repository/Prod-*"),
      `must be a private ECR repository ARN ${template}, got 'arn:aws:ecr:us-west-2:111122223333:repository/Prod-*': the repository name pattern must be lowercase letters, digits, '.', '_', '-', '/' and wildcards '*', '?', not 'Prod-*'`,
    );
    assert.strictEqual(
      problemFor(42),
      `must be a private ECR repository ARN ${template}, got 42: not a string`,
    );
    assert.deepStrictEqual(parseRepositoryArnPattern(null, "Resource").problems, [
      {
        path: "Resource",
        message:
          "must be a private ECR repository ARN arn:<partition>:ecr:<region>:<account>:repository/<name>, got null: not a string",
      },
    ]);
  });

  it("matches ARNs as IAM does: per segment, a trailing '*' spanning colons, case-sensitive", () => {
    const arn = "arn:aws:ecr:us-west-2:111122223333:repository/prod-api";
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us-west-2:111122223333:repository/prod-*", arn),
      true,
    );
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us-west-2:111122223333:repository/Prod-*", arn),
      false,
    );
    assert.strictEqual(arnMatches("arn:aws:ecr:*:111122223333:repository/prod-api", arn), true);
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us-*-2:111122223333:repository/prod-api", arn),
      true,
    );
    assert.strictEqual(arnMatches("arn:aws:ecr:us-*2:111122223333:repository/prod-api", arn), true);
    // '*' inside a segment stays inside it; one ending the segment may span colons.
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us*st-2:111122223333:repository/prod-api", arn),
      true,
    );
    assert.strictEqual(arnMatches("arn:aws:ecr:*", arn), true);
    assert.strictEqual(arnMatches("arn:aws:*3333:repository/prod-api", arn), false);
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us-west-?:111122223333:repository/prod-api", arn),
      true,
    );
    assert.strictEqual(
      arnMatches("arn:aws:ecr:us-west-??:111122223333:repository/prod-api", arn),
      false,
    );
    assert.strictEqual(arnMatches("*", arn), true);
  });

  it("gives the exact repository names of a registry a pattern matches", () => {
    assert.strictEqual(
      repositoriesMatched("arn:aws:ecr:us-west-2:111122223333:repository/prod-*", registry).equals(
        NameSet.prefix("prod-").intersection(
          repositoriesMatched("arn:aws:ecr:us-west-2:111122223333:repository/*", registry),
        ),
      ),
      true,
    );
    const everything = repositoriesMatched("*", registry);
    assert.strictEqual(everything.has("team/app"), true);
    assert.strictEqual(everything.has("Team"), false, "ECR names are lowercase");
    assert.strictEqual(everything.has("a:b"), false);
    assert.strictEqual(
      repositoriesMatched("arn:aws:ecr:us-west-2:444455556666:repository/*", registry).isEmpty(),
      true,
    );
    assert.strictEqual(
      repositoriesMatched("arn:aws:ecr:*:111122223333:repository/prod-*", registry)
        .difference(NameSet.prefix("prod-"))
        .isEmpty(),
      true,
    );
    assert.strictEqual(
      repositoriesMatched("arn:aws-cn:ecr:us-west-2:111122223333:repository/*", registry).isEmpty(),
      true,
    );
  });
});

describe("REPOSITORY_NAMES", () => {
  const isName = (name: string) =>
    REPOSITORY_NAME_PATTERN.test(name) &&
    name.length >= MIN_REPOSITORY_NAME_LENGTH &&
    name.length <= MAX_REPOSITORY_NAME_LENGTH;

  it("is ECR's repository name grammar, lengths 2 to 256 included", () => {
    for (const name of ["ab", "a1", "prod-api", "team/app", "a.b_c-d/e", "a".repeat(256)]) {
      assert.strictEqual(REPOSITORY_NAMES.has(name), true, name);
    }
    const notNames = ["", "a", "prod-", "-prod", "a/", "/a", "a//b", "a-.b", "a--b", "Prod", "a:b"];
    for (const name of [...notNames, "a".repeat(257)]) {
      assert.strictEqual(REPOSITORY_NAMES.has(name), false, name);
    }
    assert.strictEqual(REPOSITORY_NAMES.example(), "aa");
  });

  it("agrees with the API's pattern and lengths on random strings", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab1._\/A-]{0,9}$/), (name) => {
        assert.strictEqual(REPOSITORY_NAMES.has(name), isName(name), name);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("makes '?*' and '??*' grant every repository, as '*' does; '???*' misses two-character names", () => {
    const matched = (name: string) =>
      repositoriesMatched(`arn:aws:ecr:us-west-2:111122223333:repository/${name}`, registry);
    assert.strictEqual(matched("?*").equals(REPOSITORY_NAMES), true);
    assert.strictEqual(matched("??*").equals(REPOSITORY_NAMES), true);
    assert.strictEqual(REPOSITORY_NAMES.difference(matched("???*")).example(), "aa");
  });

  it("makes 'prod-?*' exactly the names filter 'prod-' replicates", () => {
    const matched = repositoriesMatched(
      "arn:aws:ecr:us-west-2:111122223333:repository/prod-?*",
      registry,
    );
    assert.strictEqual(matched.equals(repositoriesStartingWith("prod-")), true);
    assert.strictEqual(matched.example(), "prod-a");
  });
});
