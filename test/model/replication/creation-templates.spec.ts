import * as assert from "assert";
import { ValidationError } from "../../../components/model/core/problems";
import {
  namespaceTemplateFor,
  suggestedNamespace,
  templateNamespace,
  templatesDeciding,
} from "../../../components/model/replication/creation-template-prefixes";
import {
  creationTemplateLayout,
  planCreationTemplates,
  TemplateRoute,
} from "../../../components/model/replication/creation-template-plan";
import {
  checkLifecyclePolicy,
  checkRepositoryPolicy,
  checkResourceTags,
  checkTemplatePrefix,
} from "../../../components/model/replication/creation-template-rules";
import { describeSettings } from "../../../components/model/replication/creation-template-settings";

const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };
const t = (prefix: string) => ({ prefix });

/** The problems a plan throws, as `path: message` lines. */
function refusal(routes: TemplateRoute[]): string[] {
  try {
    planCreationTemplates(routes);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("expected the plan to be refused");
}

describe("which template creates which replicated repositories", () => {
  it("a template prefix is a namespace: 'prod' creates 'prod/...', never 'prod-...'", () => {
    assert.deepStrictEqual(templatesDeciding("prod-", [t("prod")]), [{ example: "prod-a" }]);
    assert.deepStrictEqual(templatesDeciding("prod/", [t("prod")]), [
      { template: t("prod"), example: "prod/a" },
    ]);
  });

  it("a filter without '/' reaches the namespace and beyond it: 'prod' replicates 'prod/a' and 'proda'", () => {
    assert.deepStrictEqual(templatesDeciding("prod", [t("prod")]), [
      { template: t("prod"), example: "prod/a" },
      { example: "proda" },
    ]);
  });

  it("ROOT takes every repository no other template takes", () => {
    assert.deepStrictEqual(templatesDeciding("prod-", [t("prod"), t("ROOT")]), [
      { template: t("ROOT"), example: "prod-a" },
    ]);
    assert.deepStrictEqual(templatesDeciding(null, [t("shared"), t("ROOT")]), [
      { template: t("ROOT"), example: "aa" },
      { template: t("shared"), example: "shared/a" },
    ]);
  });

  it("the most specific namespace decides, and 'prod/' names the same namespace as 'prod'", () => {
    assert.deepStrictEqual(templatesDeciding("prod/", [t("ROOT"), t("prod/"), t("prod/api")]), [
      { template: t("prod/"), example: "prod/a" },
      { template: t("prod/api"), example: "prod/api/a" },
    ]);
    assert.deepStrictEqual(templatesDeciding("prod/api/", [t("prod"), t("prod/api")]), [
      { template: t("prod/api"), example: "prod/api/a" },
    ]);
  });

  it("the namespace a filter can be covered by without ROOT, and the one to suggest", () => {
    assert.deepStrictEqual(namespaceTemplateFor("shared/"), { prefix: "shared", exact: true });
    assert.deepStrictEqual(namespaceTemplateFor("team-a/prod-"), {
      prefix: "team-a",
      exact: false,
    });
    assert.strictEqual(namespaceTemplateFor("prod-"), undefined);
    assert.strictEqual(suggestedNamespace("prod-"), "prod/");
    assert.strictEqual(suggestedNamespace("prod"), "prod/");
    assert.strictEqual(templateNamespace("ROOT"), undefined);
    assert.strictEqual(templateNamespace("prod/"), "prod");
  });
});

describe("ECR's template rules", () => {
  it("a template prefix is ROOT or a namespace (ECR's pattern, 1 to 256 characters)", () => {
    // `root` is a namespace like any other; only `ROOT` is the registry's catch-all.
    for (const good of ["ROOT", "root", "prod", "prod/", "prod/team-a", "a", "ecr-public"]) {
      assert.deepStrictEqual(checkTemplatePrefix(good, "prefix"), [], good);
    }
    for (const bad of ["", "prod-", "prod//a", "Prod", "prod/*", "a".repeat(257), 7]) {
      assert.strictEqual(checkTemplatePrefix(bad, "prefix").length, 1, String(bad));
    }
  });

  it("lifecycle and repository policies must parse, within ECR's sizes", () => {
    assert.deepStrictEqual(checkLifecyclePolicy('{"rules":[{"rulePriority":1}]}', "p"), [
      {
        path: "p",
        message:
          'must give every lifecycle rule its rulePriority, selection and action, got rules[0] {"rulePriority":1}',
      },
    ]);
    assert.deepStrictEqual(checkLifecyclePolicy(`"${"x".repeat(30_719)}"`, "p"), [
      { path: "p", message: "must be at most 30,720 characters (ECR limit), got 30,721" },
    ]);
    assert.deepStrictEqual(checkRepositoryPolicy('{"Version":"2012-10-17","Statement":[]}', "p"), [
      {
        path: "p",
        message:
          'must be a repository policy: a JSON policy document with a Statement (one statement object or a non-empty list of them), got \'{"Version":"2012-10-17","Statement":[]}\'',
      },
    ]);
  });

  it("resource tags: at most 50, names 1 to 128 characters, values text", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    assert.deepStrictEqual(checkResourceTags(many, "tags"), [
      { path: "tags", message: "must have at most 50 tags (ECR limit), got 51" },
    ]);
    assert.deepStrictEqual(checkResourceTags({ "": 1 }, "tags"), [
      { path: "tags['']", message: "must have a tag name of 1 to 128 characters, got '' (0)" },
      { path: "tags['']", message: "must be a tag value of at most 256 characters, got 1" },
    ]);
  });

  it("settings in a few words, ECR's defaults where nothing is set", () => {
    assert.strictEqual(describeSettings({}), "mutable tags, AES-256");
    assert.strictEqual(
      describeSettings({
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: ["latest"],
        encryptionType: "KMS",
        lifecyclePolicy: "{}",
        resourceTags: { a: "b" },
      }),
      "IMMUTABLE_WITH_EXCLUSION tags (except 'latest'), KMS (AWS managed key), lifecycle policy, 1 tag",
    );
  });
});

describe("planning the templates of routes", () => {
  const asked = {
    imageTagMutability: "IMMUTABLE",
    encryptionType: "KMS",
    customRoleName: "templates",
  };

  it("one template per registry and namespace, ROOT only where allowed, the role in each account", () => {
    const planned = planCreationTemplates([
      {
        destinations: [WEST, EU],
        repositoryPrefixes: ["prod-", "shared/", "shared/base-"],
        createdRepositories: { ...asked, allowRootTemplate: true },
      },
    ]);
    assert.deepStrictEqual(
      planned.map((p) => [
        `${p.registry.accountId}/${p.registry.region}`,
        p.prefix,
        p.repositoryPrefixes,
        p.settings.customRoleArn,
      ]),
      [
        ["222222222222/us-west-2", "ROOT", ["prod-"], "arn:aws:iam::222222222222:role/templates"],
        [
          "222222222222/us-west-2",
          "shared",
          ["shared/", "shared/base-"],
          "arn:aws:iam::222222222222:role/templates",
        ],
        ["333333333333/eu-west-1", "ROOT", ["prod-"], "arn:aws:iam::333333333333:role/templates"],
        [
          "333333333333/eu-west-1",
          "shared",
          ["shared/", "shared/base-"],
          "arn:aws:iam::333333333333:role/templates",
        ],
      ],
    );
    assert.strictEqual(
      planned[1].description,
      "Repositories replication creates for 'shared/', 'shared/base-' (ecr-replication)",
    );
  });

  it("the layout needs only what decides which templates exist: settings may still be unknown", () => {
    assert.deepStrictEqual(
      creationTemplateLayout([
        {
          destinations: [WEST],
          repositoryPrefixes: ["team-a/prod-"],
          createdRepositories: { kmsKey: "not known yet" },
        },
      ]),
      [{ registry: WEST, prefix: "team-a" }],
    );
  });

  it("two routes may ask the same of the same repositories, and share the template", () => {
    const planned = planCreationTemplates([
      { destinations: [WEST], repositoryPrefixes: ["shared/"], createdRepositories: asked },
      { destinations: [WEST], repositoryPrefixes: ["shared/"], createdRepositories: { ...asked } },
      { destinations: [WEST], repositoryPrefixes: ["other/"] },
    ]);
    assert.deepStrictEqual(
      planned.map((p) => p.prefix),
      ["shared"],
    );
  });

  it("refuses two routes asking different settings of the same template, at the later one", () => {
    assert.deepStrictEqual(
      refusal([
        { destinations: [WEST], repositoryPrefixes: ["team-a/prod-"], createdRepositories: asked },
        {
          destinations: [WEST],
          repositoryPrefixes: ["team-a/dev-"],
          createdRepositories: { ...asked, encryptionType: "KMS_DSSE" },
        },
      ]),
      [
        "routes[1].createdRepositories: must ask the same settings as routes[0].createdRepositories: in 222222222222/us-west-2, template 'team-a' creates repositories of both, such as 'team-a/prod-a' of routes[0] and 'team-a/dev-a' of routes[1], got a different encryptionType: make them equal, or replicate different namespaces",
      ],
    );
  });

  it("refuses ROOT asked differently by two routes, naming ROOT", () => {
    assert.deepStrictEqual(
      refusal([
        {
          destinations: [EU],
          repositoryPrefixes: ["prod-"],
          createdRepositories: { allowRootTemplate: true },
        },
        {
          destinations: [EU],
          repositoryPrefixes: ["dev-"],
          createdRepositories: { allowRootTemplate: true, imageTagMutability: "IMMUTABLE" },
        },
      ]),
      [
        "routes[1].createdRepositories: must ask the same settings as routes[0].createdRepositories: in 333333333333/eu-west-1, the ROOT template creates repositories of both, such as 'prod-a' of routes[0] and 'dev-a' of routes[1], got a different imageTagMutability: make them equal, or replicate different namespaces",
      ],
    );
  });

  it("refuses kmsKeys that miss a destination or name another registry", () => {
    assert.deepStrictEqual(
      refusal([
        {
          destinations: [WEST, EU],
          repositoryPrefixes: ["shared/"],
          createdRepositories: {
            encryptionType: "KMS",
            customRoleName: "r",
            kmsKeys: {
              "222222222222/us-west-2": "arn:aws:kms:us-west-2:222222222222:key/abc",
              "444444444444/us-west-2": "arn:aws:kms:us-west-2:444444444444:key/abc",
            },
          },
        },
      ]),
      [
        "routes[0].createdRepositories.kmsKeys: must have a key for every destination registry of the route, keyed '<accountId>/<region>': missing '333333333333/eu-west-1' (routes[0].destinations[1] (333333333333/eu-west-1))",
        "routes[0].createdRepositories.kmsKeys['444444444444/us-west-2']: must be keyed by a destination registry of the route, got '444444444444/us-west-2'; the route's: '222222222222/us-west-2', '333333333333/eu-west-1'",
      ],
    );
  });

  it("refuses the role given both ways, a key without KMS, and filters without their mutability", () => {
    assert.deepStrictEqual(
      refusal([
        {
          destinations: [WEST],
          repositoryPrefixes: ["shared/"],
          createdRepositories: {
            customRoleName: "r",
            customRoleArn: "arn:aws:iam::222222222222:role/r",
            kmsKey: "arn:aws:kms:us-west-2:222222222222:key/abc",
            imageTagMutabilityExclusionFilters: ["latest"],
          },
        },
      ]),
      [
        "routes[0].createdRepositories.imageTagMutabilityExclusionFilters: must be left out unless routes[0].createdRepositories.imageTagMutability is 'IMMUTABLE_WITH_EXCLUSION' or 'MUTABLE_WITH_EXCLUSION' (filters only apply to those), got 'MUTABLE' there",
        "routes[0].createdRepositories.kmsKey: must be left out unless the encryption type is 'KMS' or 'KMS_DSSE', got 'AES256' as the encryption type",
        "routes[0].createdRepositories.customRoleArn: must be left out when customRoleName is given: name the role in each destination's account, or give one ARN",
      ],
    );
  });
});
