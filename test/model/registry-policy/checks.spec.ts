import * as assert from "assert";
import { parseRegistryPolicy } from "../../../components/model/iam/policy-document";
import { parseAwsPrincipal } from "../../../components/model/iam/principal";
import { Problem } from "../../../components/model/core/problems";
import {
  checkRegistryPolicy,
  checkRegistryPolicyNormalForm,
  RegistryPolicyCheckOptions,
  validateRegistryPolicy,
} from "../../../components/model/registry-policy/checks";
import {
  DESTINATION,
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
} from "../seed-policies";

const PRINCIPAL_FORMS =
  'a 12-digit account id, arn:<partition>:iam::<account>:root, arn:<partition>:iam::<account>:user/<name>, arn:<partition>:iam::<account>:role/<name>, or "*"';
const TEMPLATE = "arn:aws:ecr:us-west-2:111122223333:repository/<name>";

/** Registry problems of seed example 1 with `change` applied to its statement. */
function check(change: Record<string, unknown>, options: RegistryPolicyCheckOptions = {}) {
  const { policy, problems } = parseRegistryPolicy({
    Version: "2012-10-17",
    Statement: [{ ...SEED_ALL_REPOSITORIES.Statement[0], ...change }],
  });
  assert.deepStrictEqual(problems, [], "the parser accepts the changed statement");
  return checkRegistryPolicy(policy!, { registry: DESTINATION, ...options });
}

describe("checkRegistryPolicy", () => {
  it("accepts the seed examples under both scopes", () => {
    for (const seed of [SEED_ALL_REPOSITORIES, SEED_PROD_PREFIX, SEED_WITHOUT_CREATE]) {
      for (const scope of ["V1", "V2"] as const) {
        assert.deepStrictEqual(
          validateRegistryPolicy(seed, { registry: DESTINATION, scope }).problems,
          [],
        );
      }
    }
  });

  it("accepts seed example 2's duplicate Sid (ECR does), which validateRegistryPolicy still reports", () => {
    const { policy } = parseRegistryPolicy(SEED_MULTIPLE_ACCOUNTS);
    assert.deepStrictEqual(checkRegistryPolicy(policy!, { registry: DESTINATION }), []);
  });

  it("reports seed example 2's duplicate Sid through validateRegistryPolicy", () => {
    assert.deepStrictEqual(
      validateRegistryPolicy(SEED_MULTIPLE_ACCOUNTS, { registry: DESTINATION }).problems,
      [
        {
          path: "Statement[1].Sid",
          message:
            "must be unique within the policy, got 'ReplicationAccessCrossAccount', the Sid of Statement[0]",
        },
      ],
    );
  });

  it("flags the user guide's placeholders as they are printed", () => {
    const verbatim = JSON.stringify(SEED_PROD_PREFIX)
      .replace(/444455556666/g, "source_account_id")
      .replace(/111122223333/g, "your_account_id");
    assert.deepStrictEqual(validateRegistryPolicy(verbatim).problems, [
      {
        path: "Statement[0].Resource[0]",
        message:
          "must be a private ECR repository ARN arn:<partition>:ecr:<region>:<account>:repository/<name>, got 'arn:aws:ecr:us-west-2:your_account_id:repository/prod-*': the account must be 12 digits, not 'your_account_id'",
      },
      {
        path: "Statement[0].Principal.AWS[0]",
        message: `must be ${PRINCIPAL_FORMS}, got 'arn:aws:iam::source_account_id:root'`,
      },
    ]);
  });

  it("refuses policy text over 10,240 characters", () => {
    const { policy } = parseRegistryPolicy(SEED_ALL_REPOSITORIES);
    const long = { ...policy!, text: `${policy!.text}${" ".repeat(10_240 - policy!.text.length)}` };
    assert.deepStrictEqual(checkRegistryPolicy(long), []);
    assert.deepStrictEqual(checkRegistryPolicy({ ...long, text: `${long.text} ` }), [
      {
        path: "",
        message: "must be at most 10240 characters of policy text (PutRegistryPolicy), got 10241",
      },
    ]);
  });

  it("refuses ecr-public and malformed resources", () => {
    assert.deepStrictEqual(
      check({ Resource: ["*", "arn:aws:ecr-public::111122223333:repository/x"] }),
      [
        {
          path: "Statement[0].Resource[1]",
          message: `must be a private ECR repository ARN ${TEMPLATE}, got 'arn:aws:ecr-public::111122223333:repository/x': 'ecr-public' is Amazon ECR Public, never a private repository`,
        },
      ],
    );
    assert.deepStrictEqual(check({ Resource: undefined, NotResource: "arn:aws:s3:::b" }), [
      {
        path: "Statement[0].NotResource[0]",
        message: `must be a private ECR repository ARN ${TEMPLATE}, got 'arn:aws:s3:::b': the service must be 'ecr', not 's3'`,
      },
    ]);
  });

  it("refuses repositories of another registry when the registry is known", () => {
    assert.deepStrictEqual(check({ Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/*" }), [
      {
        path: "Statement[0].Resource[0]",
        message: `must be a repository ARN of this registry ${TEMPLATE}, got 'arn:aws:ecr:eu-west-1:111122223333:repository/*'`,
      },
    ]);
    assert.deepStrictEqual(check({ Resource: "arn:aws:ecr:us-west-2:444455556666:repository/*" }), [
      {
        path: "Statement[0].Resource[0]",
        message: `must be a repository ARN of this registry ${TEMPLATE}, got 'arn:aws:ecr:us-west-2:444455556666:repository/*'`,
      },
    ]);
    assert.deepStrictEqual(check({ Resource: "arn:aws:ecr:us-*:1111*:repository/*" }), []);
  });

  it("refuses resources of several registries when the registry is unknown", () => {
    const { policy } = parseRegistryPolicy({
      Version: "2012-10-17",
      Statement: [
        { ...SEED_PROD_PREFIX.Statement[0], Sid: "A" },
        {
          ...SEED_PROD_PREFIX.Statement[0],
          Sid: "B",
          Resource: [
            "arn:aws:ecr:*:111122223333:repository/a",
            "arn:aws:ecr:us-west-2:444455556666:repository/a",
          ],
        },
      ],
    });
    assert.deepStrictEqual(checkRegistryPolicy(policy!), [
      {
        path: "Statement[1].Resource[1]",
        message:
          "must be in the same partition, region and account as Statement[0].Resource[0] ('arn:aws:ecr:us-west-2:111122223333:repository/prod-*'): one registry policy covers one registry, got account '444455556666'",
      },
    ]);
  });

  it("refuses patterns too complex to judge exactly", () => {
    const pattern = `arn:aws:ecr:us-west-2:111122223333:repository/*a${"?".repeat(20)}`;
    const message = `must be simpler: '${pattern}' needs more than 20000 automaton states to judge exactly (many '?' after a '*')`;
    assert.deepStrictEqual(check({ Resource: pattern }), [
      { path: "Statement[0].Resource[0]", message },
    ]);
    const { policy } = parseRegistryPolicy({
      Version: "2012-10-17",
      Statement: [
        { ...SEED_PROD_PREFIX.Statement[0], Resource: pattern.replace("us-west-2", "*") },
      ],
    });
    assert.deepStrictEqual(checkRegistryPolicy(policy!).length, 1);
  });

  it("refuses non-ECR and unknown actions", () => {
    assert.deepStrictEqual(
      check({ Action: ["ecr:ReplicateImage", "s3:GetObject", "ReplicateImage"] }),
      [
        {
          path: "Statement[0].Action[1]",
          message:
            "must be an ECR action such as 'ecr:ReplicateImage' (service 'ecr'), got 's3:GetObject'",
        },
        {
          path: "Statement[0].Action[2]",
          message:
            "must be an ECR action such as 'ecr:ReplicateImage' (service 'ecr'), got 'ReplicateImage'",
        },
      ],
    );
    assert.deepStrictEqual(check({ Action: ["ecr:ReplicateImages", "ecr:Replicate?"] }), [
      {
        path: "Statement[0].Action[0]",
        message: "must name at least one ECR action, got 'ecr:ReplicateImages'",
      },
      {
        path: "Statement[0].Action[1]",
        message: "must name at least one ECR action, got 'ecr:Replicate?'",
      },
    ]);
    assert.deepStrictEqual(check({ Action: ["ECR:replicateimage", "ecr:Replicate*", "*"] }), []);
  });

  it("refuses granting ecr:CreatePullThroughCacheRule", () => {
    assert.deepStrictEqual(check({ Action: "ecr:CreatePullThroughCacheRule" }), [
      {
        path: "Statement[0].Action[0]",
        message: "cannot be granted by a registry policy, got 'ecr:CreatePullThroughCacheRule'",
      },
    ]);
    assert.deepStrictEqual(check({ Effect: "Deny", Action: "ecr:CreatePullThroughCacheRule" }), []);
  });

  it("allows only V1's three actions under scope V1", () => {
    assert.deepStrictEqual(check({ Action: ["ecr:ReplicateImage", "ecr:*"] }, { scope: "V1" }), [
      {
        path: "Statement[0].Action[1]",
        message:
          "must be one of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage (registry policy scope V1), got 'ecr:*', which names ecr:BatchCheckLayerAvailability and 56 more",
      },
    ]);
    assert.deepStrictEqual(check({ Action: ["ecr:GetDownloadUrlForLayer"] }, { scope: "V1" }), [
      {
        path: "Statement[0].Action[0]",
        message:
          "must be one of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage (registry policy scope V1), got 'ecr:GetDownloadUrlForLayer', which names ecr:GetDownloadUrlForLayer",
      },
    ]);
    assert.deepStrictEqual(check({ Action: ["ecr:GetDownloadUrlForLayer"] }, { scope: "V2" }), []);
    assert.deepStrictEqual(
      check({ Action: undefined, NotAction: "ecr:Delete*" }, { scope: "V1" }),
      [
        {
          path: "Statement[0].NotAction",
          message:
            "must not be used with registry policy scope V1, which accepts only Action lists of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage",
        },
      ],
    );
  });

  it("refuses malformed principals and principals of another partition", () => {
    assert.deepStrictEqual(
      check({
        Principal: {
          AWS: [
            "*",
            "444455556666",
            "arn:aws:iam::444455556666:role/team/replicator",
            "arn:aws:iam::444455556666:*",
            "arn:aws-cn:iam::444455556666:root",
            "44445555666",
          ],
        },
      }),
      [
        {
          path: "Statement[0].Principal.AWS[3]",
          message: `must be ${PRINCIPAL_FORMS}, got 'arn:aws:iam::444455556666:*'`,
        },
        {
          path: "Statement[0].Principal.AWS[4]",
          message:
            "must be in the registry's partition 'aws', got 'arn:aws-cn:iam::444455556666:root'",
        },
        {
          path: "Statement[0].Principal.AWS[5]",
          message: `must be ${PRINCIPAL_FORMS}, got '44445555666'`,
        },
      ],
    );
    assert.deepStrictEqual(check({ Principal: undefined, NotPrincipal: { AWS: "root" } }), [
      {
        path: "Statement[0].NotPrincipal.AWS[0]",
        message: `must be ${PRINCIPAL_FORMS}, got 'root'`,
      },
    ]);
  });
});

describe("checkRegistryPolicyNormalForm", () => {
  /** Normal-form problems of seed example 1 with `change` applied to its statement. */
  function normalForm(change: Record<string, unknown>, options: RegistryPolicyCheckOptions = {}) {
    const { policy } = parseRegistryPolicy({
      Version: "2012-10-17",
      Statement: [{ ...SEED_ALL_REPOSITORIES.Statement[0], ...change }],
    });
    return checkRegistryPolicyNormalForm(policy!, options);
  }

  it("passes the seed examples in normal form, and reports example 2's repeated Sid", () => {
    for (const seed of [SEED_ALL_REPOSITORIES, SEED_PROD_PREFIX, SEED_WITHOUT_CREATE]) {
      const { policy } = parseRegistryPolicy(seed);
      assert.deepStrictEqual(checkRegistryPolicyNormalForm(policy!, { registry: DESTINATION }), []);
    }
    const { policy } = parseRegistryPolicy(SEED_MULTIPLE_ACCOUNTS);
    assert.deepStrictEqual(checkRegistryPolicyNormalForm(policy!, { registry: DESTINATION }), [
      {
        path: "Statement[1].Sid",
        message:
          "must be unique within the policy, got 'ReplicationAccessCrossAccount', the Sid of Statement[0]",
      },
    ]);
  });

  it("reports a Sid that is not letters and digits, such as a live account's 'stis-1'", () => {
    assert.deepStrictEqual(normalForm({ Sid: "stis-1" }), [
      {
        path: "Statement[0].Sid",
        message: "must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
      },
    ]);
  });

  it("reports bare account principals, with the ARN in the registry's partition", () => {
    const principals = {
      AWS: [
        "444455556666",
        "arn:aws:iam::444455556666:root",
        "*",
        "arn:aws:iam::444455556666:role/r",
      ],
    };
    assert.deepStrictEqual(normalForm({ Principal: principals }, { registry: DESTINATION }), [
      {
        path: "Statement[0].Principal.AWS[0]",
        message:
          "must be the account's ARN arn:aws:iam::444455556666:root, which means the same account (AWS may rewrite a bare account id to it: a perpetual diff), got '444455556666'",
      },
    ]);
    assert.deepStrictEqual(
      normalForm(
        { Principal: undefined, NotPrincipal: { AWS: "444455556666" } },
        { registry: { accountId: "111122223333", region: "cn-north-1" } },
      ),
      [
        {
          path: "Statement[0].NotPrincipal.AWS[0]",
          message:
            "must be the account's ARN arn:aws-cn:iam::444455556666:root, which means the same account (AWS may rewrite a bare account id to it: a perpetual diff), got '444455556666'",
        },
      ],
    );
    assert.deepStrictEqual(normalForm({ Principal: { AWS: "444455556666" } }), [
      {
        path: "Statement[0].Principal.AWS[0]",
        message:
          "must be the account's ARN arn:<partition>:iam::444455556666:root, which means the same account (AWS may rewrite a bare account id to it: a perpetual diff), got '444455556666'",
      },
    ]);
  });

  it("is not checkRegistryPolicy's: a bare account principal and a bad Sid are accepted there", () => {
    assert.deepStrictEqual(check({ Sid: "stis-1", Principal: { AWS: "444455556666" } }), []);
  });

  it("its Sid rules are part of validateRegistryPolicy, first (the components refuse them); a bare account principal is not", () => {
    assert.deepStrictEqual(
      validateRegistryPolicy(
        {
          Version: "2012-10-17",
          Statement: [
            {
              ...SEED_ALL_REPOSITORIES.Statement[0],
              Sid: "stis-1",
              Principal: { AWS: "444455556666" },
              Action: "s3:GetObject",
            },
          ],
        },
        { registry: DESTINATION },
      ).problems,
      [
        {
          path: "Statement[0].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
        },
        {
          path: "Statement[0].Action[0]",
          message:
            "must be an ECR action such as 'ecr:ReplicateImage' (service 'ecr'), got 's3:GetObject'",
        },
      ],
    );
  });
});

describe("parseAwsPrincipal", () => {
  it("reads every accepted form", () => {
    assert.deepStrictEqual(parseAwsPrincipal("*"), { text: "*", kind: "everyone" });
    assert.deepStrictEqual(parseAwsPrincipal("444455556666"), {
      text: "444455556666",
      kind: "account",
      accountId: "444455556666",
    });
    assert.deepStrictEqual(parseAwsPrincipal("arn:aws-us-gov:iam::444455556666:root"), {
      text: "arn:aws-us-gov:iam::444455556666:root",
      kind: "account",
      partition: "aws-us-gov",
      accountId: "444455556666",
    });
    assert.deepStrictEqual(parseAwsPrincipal("arn:aws:iam::444455556666:user/ci@example.com"), {
      text: "arn:aws:iam::444455556666:user/ci@example.com",
      kind: "user",
      partition: "aws",
      accountId: "444455556666",
    });
    const refused: Problem[] = [];
    for (const text of [
      "arn:aws:sts::444455556666:root",
      "arn:aws:iam:us-west-2:444455556666:root",
      "arn:aws:iam::444455556666:group/admins",
      "arn:aws:iam::444455556666:role/",
      "arn:aws:iam::444455556666:root:x",
    ]) {
      if (parseAwsPrincipal(text) !== undefined) {
        refused.push({ path: text, message: "accepted" });
      }
    }
    assert.deepStrictEqual(refused, []);
  });
});
