import * as assert from "assert";
import { registryPolicyAllowedActions } from "../../policypack/policies/registry-policy-allowed-actions";
import { registryPolicyNoPublicAccess } from "../../policypack/policies/registry-policy-no-public-access";
import { registryPolicyNormalForm } from "../../policypack/policies/registry-policy-normal-form";
import { registryPolicyPrefixRequired } from "../../policypack/policies/registry-policy-prefix-required";
import { registryPolicyTrustedPrincipals } from "../../policypack/policies/registry-policy-trusted-principals";
import { registryPolicyValid } from "../../policypack/policies/registry-policy-valid";
import { repositoryPrefixBoundary } from "../../policypack/policies/repository-prefix-boundary";
import { DEST_WEST, destinationPolicyDocument, registryPolicy, SOURCE } from "./fixtures";
import {
  advisory,
  mandatory,
  runResourcePolicy,
  secret,
  TestResource,
  UNKNOWN,
} from "./run-policy";

type Statement = Record<string, unknown>;
const ARN = `arn:aws:ecr:us-west-2:${DEST_WEST}:repository`;

/** The destination policy of 222222222222 in us-west-2, its document changed by `change`. */
function policyWith(change: (statements: Statement[]) => void): TestResource {
  const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
  change(document.Statement as Statement[]);
  const resource = registryPolicy(DEST_WEST, "us-west-2");
  resource.props.policy = JSON.stringify(document);
  return resource;
}

const example = () => registryPolicy(DEST_WEST, "us-west-2");
const orgCondition = (org: string) => ({ StringEquals: { "aws:PrincipalOrgID": org } });

describe("ecr-registry-policy-valid", () => {
  it("passes the example destination policy, as text or as an object", async () => {
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, example()), []);
    const asObject = example();
    asObject.props.policy = destinationPolicyDocument(DEST_WEST, "us-west-2");
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, asObject), []);
  });

  it("passes a repeated Sid and a Sid of other characters: ECR accepts them (normal form advises)", async () => {
    const resource = policyWith((s) => s.push({ ...s[0], Sid: "stis-1" }, { ...s[0] }));
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, resource), []);
  });

  it("reports a Resource of another registry than the provider's", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = ["arn:aws:ecr:us-west-2:333333333333:repository/prod-*"];
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, resource),
      mandatory(
        "policy.Statement[0].Resource[0]: must be a repository ARN of this registry arn:aws:ecr:us-west-2:222222222222:repository/<name>, got 'arn:aws:ecr:us-west-2:333333333333:repository/prod-*'",
      ),
    );
  });

  it("reports an action scope V1 refuses, when configured V1", async () => {
    const resource = policyWith((s) => {
      s[0].Action = ["ecr:ReplicateImage", "ecr:BatchGetImage"];
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, resource), []);
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, resource, { policyScope: "V1" }),
      mandatory(
        "policy.Statement[0].Action[1]: must be one of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage (registry policy scope V1), got 'ecr:BatchGetImage', which names ecr:BatchGetImage",
      ),
    );
  });

  it("reads a secret-wrapped policy", async () => {
    const resource = policyWith((s) => {
      s[0].Sid = 42;
    });
    resource.props.policy = secret(resource.props.policy);
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, resource),
      mandatory(
        "policy.Statement[0].Sid: must be a string of letters and digits (A-Z, a-z, 0-9), got 42",
      ),
    );
  });

  it("reports text that is not JSON, and a missing policy", async () => {
    const text = example();
    text.props.policy = "{ not json";
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, text),
      mandatory("policy: must be a JSON policy document, got '{ not json'"),
    );
    const missing = example();
    delete missing.props.policy;
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, missing),
      mandatory("policy: must be a policy document, got undefined"),
    );
  });

  it("says an unknown policy could not be checked at preview", async () => {
    const resource = example();
    resource.props.policy = UNKNOWN;
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyValid, resource),
      advisory(
        "the registry policy could not be checked at preview: policy is unknown until apply",
      ),
    );
  });
});

describe("ecr-registry-policy-normal-form", () => {
  it("passes the example destination policy", async () => {
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNormalForm, example()), []);
  });

  it("advises on a repeated Sid, naming both statements", async () => {
    const resource = policyWith((s) => s.push({ ...s[0] }));
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNormalForm, resource),
      advisory(
        "policy.Statement[1].Sid: must be unique within the policy, got 'ReplicateFrom111111111111', the Sid of Statement[0]",
      ),
    );
  });

  it("advises on a Sid of other characters (a live account's 'stis-1'), secret-wrapped or not", async () => {
    const resource = policyWith((s) => {
      s[0].Sid = "stis-1";
    });
    const expected = advisory(
      "policy.Statement[0].Sid: must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
    );
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNormalForm, resource), expected);
    resource.props.policy = secret(resource.props.policy);
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNormalForm, resource), expected);
  });

  it("advises on a bare account principal, which valid accepts", async () => {
    const resource = policyWith((s) => {
      s[0].Principal = { AWS: [SOURCE] };
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyValid, resource), []);
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNormalForm, resource),
      advisory(
        `policy.Statement[0].Principal.AWS[0]: must be the account's ARN arn:aws:iam::${SOURCE}:root, which means the same account (AWS may rewrite a bare account id to it: a perpetual diff), got '${SOURCE}'`,
      ),
    );
  });

  it("judges the Sid of a statement that cannot be read, and leaves the rest to valid", async () => {
    const resource = policyWith((s) => s.push({ Sid: "a-b", Effect: "Allow" }));
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNormalForm, resource),
      advisory(
        "policy.Statement[1].Sid: must be letters and digits only (A-Z, a-z, 0-9), got 'a-b'",
      ),
    );
    const text = example();
    text.props.policy = "{ not json";
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNormalForm, text), []);
  });

  it("says an unknown policy could not be checked at preview", async () => {
    const resource = example();
    resource.props.policy = UNKNOWN;
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNormalForm, resource),
      advisory(
        "the registry policy could not be checked at preview: policy is unknown until apply",
      ),
    );
  });
});

describe("ecr-registry-policy-prefix-required", () => {
  const config = { allowedPrefixes: ["prod-", "shared/"] };

  it("passes grants within the allowed prefixes", async () => {
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyPrefixRequired, example(), config),
      [],
    );
  });

  it("reports a grant on every repository (seed example 1)", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = `${ARN}/*`;
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyPrefixRequired, resource),
      mandatory(
        `policy.Statement[0] grants arn:aws:iam::${SOURCE}:root ecr:ReplicateImage and ecr:CreateRepository on every repository: an Allow for replication must be limited to repository prefixes, such as 'repository/prod-*'`,
      ),
    );
  });

  it("reports 'repository/?*' and 'repository/??*' as 'repository/*': every name has 2 characters", async () => {
    for (const pattern of ["?*", "??*"]) {
      const resource = policyWith((s) => {
        s[0].Resource = `${ARN}/${pattern}`;
      });
      assert.deepStrictEqual(
        await runResourcePolicy(registryPolicyPrefixRequired, resource),
        mandatory(
          `policy.Statement[0] grants arn:aws:iam::${SOURCE}:root ecr:ReplicateImage and ecr:CreateRepository on every repository: an Allow for replication must be limited to repository prefixes, such as 'repository/prod-*'`,
        ),
        pattern,
      );
    }
  });

  it("does not call 'repository/???*' every repository, and names a real name outside the prefixes", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = `${ARN}/???*`;
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyPrefixRequired, resource), []);
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyPrefixRequired, resource, config),
      mandatory(
        `policy.Statement[0] grants arn:aws:iam::${SOURCE}:root ecr:ReplicateImage and ecr:CreateRepository on 'aaa', outside the allowed prefixes ('prod-', 'shared/'): every repository granted for replication must lie within one of them`,
      ),
    );
  });

  it("counts a Deny that narrows a grant on every repository", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = `${ARN}/*`;
      s.push({
        Sid: "OnlyProd",
        Effect: "Deny",
        Principal: "*",
        Action: "ecr:*",
        NotResource: [`${ARN}/prod-*`],
      });
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyPrefixRequired, resource, config),
      [],
    );
  });

  it("reports 'prod*', which is not within 'prod-', with a witness name", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = `${ARN}/prod*`;
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyPrefixRequired, resource, config),
      mandatory(
        `policy.Statement[0] grants arn:aws:iam::${SOURCE}:root ecr:ReplicateImage and ecr:CreateRepository on 'prod', outside the allowed prefixes ('prod-', 'shared/'): every repository granted for replication must lie within one of them`,
      ),
    );
  });
});

describe("ecr-registry-policy-trusted-principals", () => {
  const config = { trustedAccounts: [SOURCE], trustedOrganizationIds: ["o-a1b2c3d4e5"] };

  it("passes grants to trusted accounts, and anything when nothing is configured", async () => {
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, example(), config),
      [],
    );
    const other = policyWith((s) => {
      s[0].Principal = { AWS: "444444444444" };
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyTrustedPrincipals, other), []);
  });

  it("reports an account that is not trusted", async () => {
    const resource = policyWith((s) => {
      s[0].Principal = { AWS: ["arn:aws:iam::111111111111:root", "444444444444"] };
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, resource, config),
      mandatory(
        "policy.Statement[0] allows 444444444444, not a trusted account: every principal must be one of 111111111111, 222222222222, or the statement limited by an aws:PrincipalOrgID condition to o-a1b2c3d4e5",
      ),
    );
  });

  it("lists the registry's own account once when it is also configured", async () => {
    const resource = policyWith((s) => {
      s[0].Principal = { AWS: "444444444444" };
    });
    const withOwn = { ...config, trustedAccounts: [SOURCE, "222222222222"] };
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, resource, withOwn),
      mandatory(
        "policy.Statement[0] allows 444444444444, not a trusted account: every principal must be one of 111111111111, 222222222222, or the statement limited by an aws:PrincipalOrgID condition to o-a1b2c3d4e5",
      ),
    );
  });

  it("passes '*' limited by a principal key to the registry's own or trusted accounts (pull-through cache)", async () => {
    const conditions = [
      { StringEquals: { "aws:PrincipalAccount": DEST_WEST } },
      { StringEquals: { "aws:PrincipalAccount": [DEST_WEST, SOURCE] } },
      { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${DEST_WEST}:role/*` } },
      { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*" } },
    ];
    for (const condition of conditions) {
      const resource = policyWith((s) => {
        s[0].Principal = "*";
        s[0].Condition = condition;
      });
      assert.deepStrictEqual(
        await runResourcePolicy(registryPolicyTrustedPrincipals, resource, config),
        [],
        JSON.stringify(condition),
      );
    }
  });

  it("reports '*' limited by a principal key to an untrusted account, naming the key", async () => {
    const cases: [unknown, string][] = [
      [
        { StringEquals: { "aws:PrincipalAccount": [DEST_WEST, "444444444444"] } },
        "policy.Statement[0] limits aws:PrincipalAccount to 444444444444, not a trusted account: it must be within 111111111111, 222222222222",
      ],
      [
        { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::444444444444:role/*" } },
        "policy.Statement[0] limits aws:PrincipalArn to arn:aws:iam::444444444444:role/*, not a trusted account: it must be within 111111111111, 222222222222",
      ],
      [
        { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-zzzzzzzzzz/*" } },
        "policy.Statement[0] limits aws:PrincipalOrgPaths to o-zzzzzzzzzz/*, not a trusted organization: it must be one of o-a1b2c3d4e5",
      ],
    ];
    for (const [condition, message] of cases) {
      const resource = policyWith((s) => {
        s[0].Principal = "*";
        s[0].Condition = condition;
      });
      assert.deepStrictEqual(
        await runResourcePolicy(registryPolicyTrustedPrincipals, resource, config),
        mandatory(message),
        JSON.stringify(condition),
      );
    }
  });

  it("reports '*' behind a principal condition that does not limit it, naming the key", async () => {
    const resource = policyWith((s) => {
      s[0].Principal = "*";
      s[0].Condition = { StringNotEquals: { "aws:PrincipalAccount": "444444444444" } };
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, resource, config),
      mandatory(
        "policy.Statement[0] allows *, not a trusted account: every principal must be one of 111111111111, 222222222222, or the statement limited by an aws:PrincipalOrgID condition to o-a1b2c3d4e5; its condition does not limit the principal: StringNotEquals on aws:PrincipalAccount is negated, so it matches every other principal",
      ),
    );
  });

  it("passes '*' limited to a trusted organization and reports another organization", async () => {
    const trusted = policyWith((s) => {
      s[0].Principal = "*";
      s[0].Condition = orgCondition("o-a1b2c3d4e5");
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, trusted, config),
      [],
    );
    const other = policyWith((s) => {
      s[0].Principal = "*";
      s[0].Condition = orgCondition("o-zzzzzzzzzz");
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyTrustedPrincipals, other, config),
      mandatory(
        "policy.Statement[0] limits aws:PrincipalOrgID to o-zzzzzzzzzz, not a trusted organization: it must be one of o-a1b2c3d4e5",
      ),
    );
  });
});

describe("ecr-registry-policy-no-public-access", () => {
  it("passes a policy naming accounts, and '*' limited by aws:PrincipalOrgID", async () => {
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNoPublicAccess, example()), []);
    const limited = policyWith((s) => {
      s[0].Principal = "*";
      s[0].Condition = orgCondition("o-a1b2c3d4e5");
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNoPublicAccess, limited), []);
  });

  it("reports an Allow for '*' without a principal condition", async () => {
    const resource = policyWith((s) => {
      s[0].Principal = { AWS: "*" };
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNoPublicAccess, resource),
      mandatory(
        "policy.Statement[0] allows everyone (Principal '*') without a condition on the principal, so anyone may use ecr:CreateRepository, ecr:ReplicateImage: name accounts, or limit it with aws:PrincipalOrgID",
      ),
    );
  });

  it("reports '*' behind a condition that names a principal key but does not limit it, naming the key", async () => {
    const conditions: [unknown, string][] = [
      [
        { StringNotEquals: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" } },
        "StringNotEquals on aws:PrincipalOrgID is negated, so it matches every other principal",
      ],
      [
        { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        "StringEqualsIfExists on aws:PrincipalOrgID also matches a principal without the key",
      ],
      [
        { "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*" } },
        "ForAllValues:StringLike on aws:PrincipalOrgPaths also matches a principal without the key",
      ],
      [
        { Null: { "aws:PrincipalOrgID": "false" } },
        "Null on aws:PrincipalOrgID tests only whether the key is present",
      ],
      [
        { StringLike: { "aws:PrincipalOrgID": "*" } },
        "StringLike on aws:PrincipalOrgID: '*' is not one organization (o-...)",
      ],
      [
        { StringLike: { "aws:PrincipalAccount": "2222*" } },
        "StringLike on aws:PrincipalAccount: '2222*' is not one account (12 digits)",
      ],
      [
        { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/replicator" } },
        "ArnLike on aws:PrincipalArn: 'arn:aws:iam::*:role/replicator' does not fix the account (arn:<partition>:iam::<12 digits>:...)",
      ],
    ];
    for (const [condition, why] of conditions) {
      const resource = policyWith((s) => {
        s[0].Principal = "*";
        s[0].Condition = condition;
      });
      assert.deepStrictEqual(
        await runResourcePolicy(registryPolicyNoPublicAccess, resource),
        mandatory(
          `policy.Statement[0] allows everyone (Principal '*') with a condition that does not limit the principal (${why}), so anyone may use ecr:CreateRepository, ecr:ReplicateImage: name accounts, or limit it with aws:PrincipalOrgID`,
        ),
        JSON.stringify(condition),
      );
    }
  });

  it("passes '*' limited by a principal key with concrete values (the pull-through cache pattern)", async () => {
    const conditions = [
      { StringEquals: { "aws:PrincipalAccount": DEST_WEST } },
      { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${SOURCE}:role/*` } },
      { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*" } },
      { StringEquals: { "aws:SourceAccount": SOURCE } },
    ];
    for (const condition of conditions) {
      const resource = policyWith((s) => {
        s[0].Principal = "*";
        s[0].Condition = condition;
      });
      assert.deepStrictEqual(
        await runResourcePolicy(registryPolicyNoPublicAccess, resource),
        [],
        JSON.stringify(condition),
      );
    }
  });

  it("reports NotPrincipal, and passes an Allow for '*' that a Deny cancels", async () => {
    const notPrincipal = policyWith((s) => {
      delete s[0].Principal;
      s[0].NotPrincipal = { AWS: "444444444444" };
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNoPublicAccess, notPrincipal),
      mandatory(
        "policy.Statement[0] allows everyone (NotPrincipal) without a condition on the principal, so anyone may use ecr:CreateRepository, ecr:ReplicateImage: name accounts, or limit it with aws:PrincipalOrgID",
      ),
    );
    const cancelled = policyWith((s) => {
      s[0].Principal = "*";
      s.push({ Sid: "NoOne", Effect: "Deny", Principal: "*", Action: "ecr:*", Resource: "*" });
    });
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyNoPublicAccess, cancelled), []);
  });
});

describe("ecr-registry-policy-allowed-actions", () => {
  it("passes the replication actions", async () => {
    assert.deepStrictEqual(await runResourcePolicy(registryPolicyAllowedActions, example()), []);
  });

  it("expands a wildcard against the catalogue", async () => {
    const resource = policyWith((s) => {
      s[0].Action = ["ecr:ReplicateImage", "ecr:BatchGet*"];
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyAllowedActions, resource),
      mandatory(
        "policy.Statement[0].Action grants ecr:BatchGetImage, ecr:BatchGetRepositoryScanningConfiguration, not allowed: a registry policy may grant only ecr:ReplicateImage, ecr:CreateRepository",
      ),
    );
  });

  it("expands NotAction to everything it does not name", async () => {
    const resource = policyWith((s) => {
      delete s[0].Action;
      s[0].NotAction = ["ecr:Delete*"];
    });
    const [violation] = await runResourcePolicy(registryPolicyAllowedActions, resource);
    assert.deepStrictEqual(
      violation.message,
      "policy.Statement[0].NotAction grants ecr:BatchCheckLayerAvailability, ecr:BatchDeleteImage, ecr:BatchGetImage, ecr:BatchGetRepositoryScanningConfiguration and 47 more, not allowed: a registry policy may grant only ecr:ReplicateImage, ecr:CreateRepository",
    );
  });

  it("follows allowedActions, wildcards included", async () => {
    const resource = policyWith((s) => {
      s[0].Action = ["ecr:ReplicateImage", "ecr:BatchGetImage"];
    });
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyAllowedActions, resource, {
        allowedActions: ["ecr:ReplicateImage", "ecr:BatchGet*"],
      }),
      [],
    );
  });
});

describe("ecr-repository-prefix-boundary (registry policy resources)", () => {
  it("passes patterns ending at a name boundary", async () => {
    assert.deepStrictEqual(await runResourcePolicy(repositoryPrefixBoundary, example()), []);
  });

  it("advises on 'repository/prod*'", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = [`${ARN}/prod*`];
    });
    assert.deepStrictEqual(
      await runResourcePolicy(repositoryPrefixBoundary, resource),
      advisory(
        `policy.Statement[0].Resource[0] '${ARN}/prod*' does not end in '-', '_', '.' or '/', so it matches more than it looks, such as 'proda': end it at a name boundary, such as 'prod-*'`,
      ),
    );
  });

  it("shows a real name beyond the prefix, and says when no repository name starts with it", async () => {
    const resource = policyWith((s) => {
      // 'team/a' ends in a letter, so 'team/aa' is beyond it; no name has '--'; a name of 256
      // characters has nothing beyond it.
      s[0].Resource = [`${ARN}/team/a*`, `${ARN}/a--b*`, `${ARN}/${"a".repeat(256)}*`];
    });
    const rule =
      "names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time";
    assert.deepStrictEqual(
      await runResourcePolicy(repositoryPrefixBoundary, resource),
      advisory(
        `policy.Statement[0].Resource[0] '${ARN}/team/a*' does not end in '-', '_', '.' or '/', so it matches more than it looks, such as 'team/aa': end it at a name boundary, such as 'team/a-*'`,
        `policy.Statement[0].Resource[1] '${ARN}/a--b*' matches no repository: no repository name starts with 'a--b' (${rule})`,
      ),
    );
  });
});

describe("registry policies too complex to judge", () => {
  it("gives an advisory instead of failing when the access model refuses a pattern", async () => {
    const resource = policyWith((s) => {
      s[0].Resource = [`${ARN}/*a${"?".repeat(20)}`];
    });
    const violations = await runResourcePolicy(registryPolicyPrefixRequired, resource);
    assert.deepStrictEqual(
      violations,
      advisory(
        "the registry policy could not be judged: name set too complex: more than 20000 automaton states (a glob with many '?' after a '*'?)",
      ),
    );
  });
});

describe("registry policies whose account is unknown at preview", () => {
  /** A policy opening every repository of its partition to everyone, its provider as given. */
  function openPolicy(partition: string, providerProps?: Record<string, unknown>): TestResource {
    const resource = registryPolicy(DEST_WEST, "us-west-2");
    resource.props.policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Open",
          Effect: "Allow",
          Principal: "*",
          Action: "ecr:*",
          Resource: `arn:${partition}:ecr:*:*:repository/*`,
        },
      ],
    });
    if (providerProps === undefined) {
      delete resource.provider;
    } else {
      resource.provider = { props: providerProps };
    }
    return resource;
  }

  const noPublicAccess =
    "policy.Statement[0] allows everyone (Principal '*') without a condition on the principal, so anyone may use ecr:BatchCheckLayerAvailability, ecr:BatchDeleteImage, ecr:BatchGetImage, ecr:BatchGetRepositoryScanningConfiguration and 56 more: name accounts, or limit it with aws:PrincipalOrgID";
  const prefixRequired = (action: string) =>
    `policy.Statement[0] grants everyone ('*') ${action} on every repository: an Allow for replication must be limited to repository prefixes, such as 'repository/prod-*'`;
  const allowedActions =
    "policy.Statement[0].Action grants ecr:BatchCheckLayerAvailability, ecr:BatchDeleteImage, ecr:BatchGetImage, ecr:BatchGetRepositoryScanningConfiguration and 54 more, not allowed: a registry policy may grant only ecr:ReplicateImage, ecr:CreateRepository";

  /** What the three policies report, in order. */
  async function verdicts(resource: TestResource) {
    return [
      await runResourcePolicy(registryPolicyNoPublicAccess, resource),
      await runResourcePolicy(registryPolicyPrefixRequired, resource),
      await runResourcePolicy(registryPolicyAllowedActions, resource),
    ];
  }

  const expected = [
    mandatory(noPublicAccess),
    mandatory(prefixRequired("ecr:ReplicateImage and ecr:CreateRepository")),
    mandatory(allowedActions),
  ];

  for (const [partition, region] of [
    ["aws-cn", "cn-north-1"],
    ["aws-cn", "cn-northwest-1"],
    ["aws-us-gov", "us-gov-west-1"],
  ]) {
    it(`judges a ${region} policy in ${partition}, as with a known account`, async () => {
      const known = openPolicy(partition, {
        region,
        allowedAccountIds: JSON.stringify([DEST_WEST]),
      });
      assert.deepStrictEqual(await verdicts(known), expected);
      assert.deepStrictEqual(await verdicts(openPolicy(partition, { region })), expected);
    });
  }

  it("judges a policy whose region is unknown too in the partition its own ARNs name", async () => {
    assert.deepStrictEqual(await verdicts(openPolicy("aws-cn")), expected);
    assert.deepStrictEqual(await verdicts(openPolicy("aws-us-gov")), expected);
    assert.deepStrictEqual(await verdicts(openPolicy("aws-cn", { region: UNKNOWN })), expected);
  });

  it("judges in each partition its ARNs name, the strictest verdict winning", async () => {
    const resource = openPolicy("aws-cn");
    const document = JSON.parse(resource.props.policy as string) as { Statement: Statement[] };
    document.Statement.unshift({
      Sid: "Replicate",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
      Action: "ecr:ReplicateImage",
      Resource: `${ARN}/prod-*`,
    });
    resource.props.policy = JSON.stringify(document);
    assert.deepStrictEqual(
      await runResourcePolicy(registryPolicyNoPublicAccess, resource),
      mandatory(noPublicAccess.replace("Statement[0]", "Statement[1]")),
    );
  });
});
