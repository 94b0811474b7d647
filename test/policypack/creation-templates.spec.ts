import * as assert from "assert";
import { creationTemplateValid } from "../../policypack/policies/creation-template-valid";
import { replicationCreationTemplate } from "../../policypack/policies/replication-creation-template";
import {
  creationTemplate,
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
  rulesOf,
} from "./fixtures";
import {
  advisory,
  mandatory,
  runResourcePolicy,
  runStackPolicy,
  TestResource,
  UNKNOWN,
} from "./run-policy";

/** The example config's requirements (policypack/config.example.json). */
const REQUIRED = { requiredImageTagMutability: "IMMUTABLE", requiredEncryptionType: "KMS" };
const REPLICATION_URN = replicationConfiguration().urn;
const TEMPLATE_URN = (account: string, region: string, prefix: string) =>
  creationTemplate(account, region, prefix).urn as string;
const WEST_ROUTE =
  "replicationConfiguration.rules[0].destinations[0] (111111111111 in us-east-1 -> 222222222222 in us-west-2 ('prod-', 'shared/'))";
const EU_ROUTE =
  "replicationConfiguration.rules[0].destinations[1] (111111111111 in us-east-1 -> 333333333333 in eu-west-1 ('prod-', 'shared/'))";

/** A west template of the example with `change` applied to its props. */
function westTemplate(prefix: string, change: Record<string, unknown> = {}): TestResource {
  const template = creationTemplate(DEST_WEST, "us-west-2", prefix);
  Object.assign(template.props, change);
  return template;
}

describe("ecr-creation-template-valid", () => {
  it("passes the example stack's templates", async () => {
    for (const template of exampleStack().slice(3)) {
      assert.deepStrictEqual(
        await runResourcePolicy(creationTemplateValid, template),
        [],
        template.urn,
      );
    }
  });

  it("passes a namespace written with its '/', exclusion filters and a lifecycle policy", async () => {
    const template = westTemplate("team-a/", {
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "latest*", filterType: "WILDCARD" }],
      encryptionConfigurations: [
        {
          encryptionType: "KMS_DSSE",
          kmsKey: "arn:aws:kms:us-west-2:222222222222:key/1111aaaa-22bb-33cc-44dd-5555eeee6666",
        },
      ],
      lifecyclePolicy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 },
            action: { type: "expire" },
          },
        ],
      }),
      repositoryPolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Pull",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::444444444444:root" },
            Action: ["ecr:BatchGetImage"],
          },
        ],
      }),
      resourceTags: { team: "a" },
    });
    assert.deepStrictEqual(await runResourcePolicy(creationTemplateValid, template), []);
  });

  it("refuses what ECR refuses or cannot use, every one at its input", async () => {
    const template = westTemplate("prod-*", {
      appliedFors: ["REPLICATE", "REPLICATION", "REPLICATION"],
      customRoleArn: undefined,
      resourceTags: { team: "platform" },
      encryptionConfigurations: [
        { encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:222222222222:key/abc" },
      ],
      lifecyclePolicy: "{}",
      repositoryPolicy: "nope",
      imageTagMutabilityExclusionFilters: [{ filter: "x", filterType: "WILDCARD" }],
    });
    assert.deepStrictEqual(
      await runResourcePolicy(creationTemplateValid, template),
      mandatory(
        "prefix: must be 'ROOT' or a repository namespace such as 'prod' or 'prod/team' (1 to 256 characters: parts of lowercase letters and digits joined by '.', '_' or '-', separated by '/'; ECR's template prefix pattern), got 'prod-*'",
        "appliedFors[0]: must be one of 'REPLICATION', 'PULL_THROUGH_CACHE' or 'CREATE_ON_PUSH', got 'REPLICATE'",
        "appliedFors[2]: must not repeat 'REPLICATION'",
        "imageTagMutabilityExclusionFilters: must be left out unless imageTagMutability is 'IMMUTABLE_WITH_EXCLUSION' or 'MUTABLE_WITH_EXCLUSION' (filters only apply to those), got 'IMMUTABLE' there",
        "encryptionConfigurations[0].kmsKey: must be a key in the registry's region us-west-2 (ECR needs the key in the repository's region), got a key in eu-west-1",
        "lifecyclePolicy: must be a lifecycle policy: a JSON object whose 'rules' is a non-empty list of rules, got '{}'",
        "repositoryPolicy: must be a repository policy as JSON text, got 'nope': not JSON",
        "customRoleArn: must give a custom role with resourceTags and encryption type 'KMS': ECR creates repositories with tags or a KMS key only through a custom role (ECR user guide, \"Creating a repository creation template\")",
      ),
    );
  });

  it("refuses an empty appliedFors, a role of another account and a filter of the wrong type", async () => {
    const template = westTemplate("shared", {
      appliedFors: [],
      customRoleArn: "arn:aws:iam::999999999999:role/ecr-template-role",
      imageTagMutability: "MUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "a**b*", filterType: "PREFIX" }],
    });
    assert.deepStrictEqual(
      await runResourcePolicy(creationTemplateValid, template),
      mandatory(
        "appliedFors: must list at least one of 'REPLICATION', 'PULL_THROUGH_CACHE' or 'CREATE_ON_PUSH' (ECR requires appliedFor), got []",
        "imageTagMutabilityExclusionFilters[0].filterType: must be 'WILDCARD' (the only exclusion filter type), got 'PREFIX'",
        "imageTagMutabilityExclusionFilters[0].filter: must be a tag filter of 1 to 128 letters, digits, '.', '_', '-' and '*', with at most 2 wildcards (ECR's pattern), got 'a**b*'",
        "customRoleArn: must be a role of the registry's account 222222222222 (ECR is passed the role with iam:PassRole, which passes only roles of one's own account), got a role of 999999999999",
      ),
    );
  });

  it("refuses a template in China or GovCloud, at the region input or the provider's region", async () => {
    const china = westTemplate("shared", {
      region: "cn-north-1",
      customRoleArn: "arn:aws-cn:iam::222222222222:role/r",
    });
    const govCloud = westTemplate("shared", {
      region: undefined,
      customRoleArn: "arn:aws-us-gov:iam::222222222222:role/r",
    });
    (govCloud.provider as { props: Record<string, unknown> }).props.region = "us-gov-west-1";
    assert.deepStrictEqual(
      await runResourcePolicy(creationTemplateValid, china),
      mandatory(
        "region: must be a region with repository creation templates: ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'cn-north-1' is in aws-cn",
      ),
    );
    assert.deepStrictEqual(
      await runResourcePolicy(creationTemplateValid, govCloud),
      mandatory(
        "provider.region: must be a region with repository creation templates: ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'us-gov-west-1' is in aws-us-gov",
      ),
    );
  });

  it("says what it could not check at preview, and checks the rest", async () => {
    const template = westTemplate(UNKNOWN, {
      customRoleArn: UNKNOWN,
      appliedFors: ["REPLICATION", "X"],
    });
    assert.deepStrictEqual(await runResourcePolicy(creationTemplateValid, template), [
      ...mandatory(
        "appliedFors[1]: must be one of 'REPLICATION', 'PULL_THROUGH_CACHE' or 'CREATE_ON_PUSH', got 'X'",
      ),
      ...advisory(
        "the repository creation template could not be checked at preview: prefix, customRoleArn are unknown until apply",
      ),
    ]);
  });
});

describe("ecr-replication-creation-template", () => {
  it("passes the example stack with the example's requirements: every repository gets an immutable, KMS template", async () => {
    assert.deepStrictEqual(
      await runStackPolicy(replicationCreationTemplate, exampleStack(), REQUIRED),
      [],
    );
  });

  it("reports a stack replicating 'prod-' with only a 'prod' template: 'prod' covers 'prod/...', not 'prod-...'", async () => {
    const replication = replicationConfiguration();
    rulesOf(replication)[0].repositoryFilters = [{ filter: "prod-", filterType: "PREFIX_MATCH" }];
    const route = (to: string) =>
      `replicationConfiguration.rules[0].destinations[${to === DEST_WEST ? 0 : 1}] (111111111111 in us-east-1 -> ${to} in ${to === DEST_WEST ? "us-west-2" : "eu-west-1"} ('prod-'))`;
    const stack = [
      replication,
      registryPolicy(DEST_WEST, "us-west-2"),
      registryPolicy(DEST_EU, "eu-west-1"),
      westTemplate("prod"),
      creationTemplate(DEST_EU, "eu-west-1", "prod"),
    ];
    const defaults = (to: string, region: string, lacking: string) =>
      `${route(to)}: the repositories it creates in ${to} in ${region}, such as 'prod-a' (prefix 'prod-'), get ECR defaults (mutable tags, AES-256)${lacking}: no repository creation template for REPLICATION covers them (a template prefix is a namespace: 'prod' covers only 'prod/...'); add a ROOT template there, or replicate a namespace such as 'prod/'`;
    const lacking =
      ", lacking the required imageTagMutability 'IMMUTABLE' (they get 'MUTABLE') and encryptionType 'KMS' (they get 'AES256')";
    assert.deepStrictEqual(
      await runStackPolicy(replicationCreationTemplate, stack, REQUIRED),
      advisory(
        defaults(DEST_WEST, "us-west-2", lacking),
        defaults(DEST_EU, "eu-west-1", lacking),
      ).map((v) => ({
        ...v,
        urn: REPLICATION_URN,
      })),
    );
    // Without requirements the repositories left to ECR's defaults are reported all the same.
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, stack)).map((v) => v.message),
      [defaults(DEST_WEST, "us-west-2", ""), defaults(DEST_EU, "eu-west-1", "")],
    );
    // At level mandatory, it blocks.
    assert.deepStrictEqual(
      (
        await runStackPolicy(
          { ...replicationCreationTemplate, enforcementLevel: "mandatory" },
          stack,
        )
      ).map((v) => v.enforcementLevel),
      ["mandatory", "mandatory"],
    );
  });

  it("names the template that lacks a required setting, and the setting", async () => {
    const stack = exampleStack();
    stack[4].props.imageTagMutability = "MUTABLE";
    assert.deepStrictEqual(
      await runStackPolicy(replicationCreationTemplate, stack, {
        ...REQUIRED,
        requireLifecyclePolicy: true,
      }),
      advisory(
        `${WEST_ROUTE}: the repositories it creates in 222222222222 in us-west-2, such as 'prod-a' (prefix 'prod-'), get template 'ROOT' (${TEMPLATE_URN(DEST_WEST, "us-west-2", "ROOT")}), which lacks the required lifecyclePolicy (it gives none)`,
        `${WEST_ROUTE}: the repositories it creates in 222222222222 in us-west-2, such as 'shared/a' (prefix 'shared/'), get template 'shared' (${TEMPLATE_URN(DEST_WEST, "us-west-2", "shared")}), which lacks the required imageTagMutability 'IMMUTABLE' (it gives 'MUTABLE') and lifecyclePolicy (it gives none)`,
        `${EU_ROUTE}: the repositories it creates in 333333333333 in eu-west-1, such as 'prod-a' (prefix 'prod-'), get template 'ROOT' (${TEMPLATE_URN(DEST_EU, "eu-west-1", "ROOT")}), which lacks the required lifecyclePolicy (it gives none)`,
        `${EU_ROUTE}: the repositories it creates in 333333333333 in eu-west-1, such as 'shared/a' (prefix 'shared/'), get template 'shared' (${TEMPLATE_URN(DEST_EU, "eu-west-1", "shared")}), which lacks the required lifecyclePolicy (it gives none)`,
      ).map((v) => ({ ...v, urn: REPLICATION_URN })),
    );
  });

  it("counts only templates applied for REPLICATION", async () => {
    const stack = exampleStack();
    stack[3].props.appliedFors = ["PULL_THROUGH_CACHE"];
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, stack, REQUIRED)).map((v) => v.message),
      [
        `${WEST_ROUTE}: the repositories it creates in 222222222222 in us-west-2, such as 'prod-a' (prefix 'prod-'), get ECR defaults (mutable tags, AES-256), lacking the required imageTagMutability 'IMMUTABLE' (they get 'MUTABLE') and encryptionType 'KMS' (they get 'AES256'): no repository creation template for REPLICATION covers them (a template prefix is a namespace: 'shared' covers only 'shared/...'); add a ROOT template there, or replicate a namespace such as 'prod/'`,
      ],
    );
  });

  it("judges a registry known to have no template (registriesWithoutTemplates) as getting ECR's defaults", async () => {
    const [replication, west, eu, westRoot, westShared] = exampleStack();
    const messages = (
      await runStackPolicy(
        replicationCreationTemplate,
        [replication, west, eu, westRoot, westShared],
        {
          ...REQUIRED,
          registriesWithoutTemplates: ["333333333333/eu-west-1"],
        },
      )
    ).map((v) => [v.enforcementLevel, v.message]);
    assert.deepStrictEqual(
      messages.map(([, message]) => message.split(", lacking")[0]),
      [
        `${EU_ROUTE}: the repositories it creates in 333333333333 in eu-west-1, such as 'prod-a' (prefix 'prod-'), get ECR defaults (mutable tags, AES-256)`,
        `${EU_ROUTE}: the repositories it creates in 333333333333 in eu-west-1, such as 'shared/a' (prefix 'shared/'), get ECR defaults (mutable tags, AES-256)`,
      ],
    );
  });

  it("reports a destination whose templates are not in the stack as unverified, not compliant", async () => {
    const [replication, west, eu, westRoot, westShared] = exampleStack();
    assert.deepStrictEqual(
      await runStackPolicy(
        replicationCreationTemplate,
        [replication, west, eu, westRoot, westShared],
        REQUIRED,
      ),
      [
        {
          urn: REPLICATION_URN,
          enforcementLevel: "advisory",
          message: `${EU_ROUTE}: the repositories it creates could not be verified: no repository creation template of 333333333333 in eu-west-1 is among these resources: they may be in another stack`,
        },
      ],
    );
    // Unverified even when the policy blocks: a guess must not block a deployment.
    assert.deepStrictEqual(
      (
        await runStackPolicy(
          { ...replicationCreationTemplate, enforcementLevel: "mandatory" },
          [replication, west, eu, westRoot, westShared],
          REQUIRED,
        )
      ).map((v) => v.enforcementLevel),
      ["advisory"],
    );
  });

  it("says which template setting it could not check at preview", async () => {
    const stack = exampleStack();
    stack[6].props.imageTagMutability = UNKNOWN;
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, stack, REQUIRED)).map((v) => [
        v.enforcementLevel,
        v.message,
      ]),
      [
        [
          "advisory",
          `${EU_ROUTE} could not be verified: the imageTagMutability of template 'shared' (${TEMPLATE_URN(DEST_EU, "eu-west-1", "shared")}) is unknown until apply`,
        ],
      ],
    );
  });

  it("judges no route that cannot replicate: it creates nothing", async () => {
    const [replication, , eu] = exampleStack();
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
    document.Statement[0].Action = ["ecr:ReplicateImage"];
    const west = registryPolicy(DEST_WEST, "us-west-2");
    west.props.policy = JSON.stringify(document);
    // The west route is broken (no ecr:CreateRepository); the EU one has no template here.
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, [replication, west, eu], REQUIRED)).map(
        (v) => v.message,
      ),
      [
        `${EU_ROUTE}: the repositories it creates could not be verified: no repository creation template of 333333333333 in eu-west-1 is among these resources: they may be in another stack`,
      ],
    );
  });

  it("reports repositories created in China with ECR's defaults: no template can exist there", async () => {
    const replication = replicationConfiguration();
    replication.provider = {
      urn: "urn:pulumi:dev::ecr::pulumi:providers:aws::cn",
      props: { region: "cn-north-1", allowedAccountIds: JSON.stringify(["111111111111"]) },
    };
    rulesOf(replication)[0].destinations = [
      { region: "cn-northwest-1", registryId: "111111111111" },
    ];
    rulesOf(replication)[0].repositoryFilters = [{ filter: "shared/", filterType: "PREFIX_MATCH" }];
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, [replication], REQUIRED)).map(
        (v) => v.message,
      ),
      [
        "replicationConfiguration.rules[0].destinations[0] (111111111111 in cn-north-1 -> 111111111111 in cn-northwest-1 ('shared/')): the repositories it creates in 111111111111 in cn-northwest-1, such as 'shared/a' (prefix 'shared/'), get ECR defaults (mutable tags, AES-256), lacking the required imageTagMutability 'IMMUTABLE' (they get 'MUTABLE') and encryptionType 'KMS' (they get 'AES256'): ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'cn-northwest-1' is in aws-cn",
      ],
    );
  });

  it("says which of two templates of one prefix ECR keeps cannot be told", async () => {
    const stack = exampleStack();
    const again = creationTemplate(DEST_WEST, "us-west-2", "shared/");
    again.urn = `${again.urn}-again`;
    assert.deepStrictEqual(
      (await runStackPolicy(replicationCreationTemplate, [...stack, again], REQUIRED)).map(
        (v) => v.message,
      ),
      [
        `${WEST_ROUTE}: the repositories it creates could not be verified: 2 repository creation templates write prefix 'shared' of one registry (${TEMPLATE_URN(DEST_WEST, "us-west-2", "shared")}, ${again.urn}): which one ECR keeps cannot be told`,
      ],
    );
  });
});
