import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  CrossAccountReplicationArgs,
  formatProblems,
  RepositoryCreationTemplates,
} from "../../components";
import { failure, MockCloud, urn, valueOf } from "./mock-cloud";

const TYPE = "ecr-replication:index:CrossAccountReplication";
const TEMPLATES = "ecr-replication:index:RepositoryCreationTemplates";
const POLICY_COMPONENT = "ecr-replication:index:RegistryReplicationPolicy";
const REPLICATION_COMPONENT = "ecr-replication:index:RegistryReplication";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const PROVIDER = "pulumi:providers:aws";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };
const SAME_ACCOUNT_EU = { accountId: "111111111111", region: "eu-west-1" };

const LIFECYCLE = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: "Expire untagged images after 14 days",
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 14,
      },
      action: { type: "expire" },
    },
  ],
});

/** One route creating immutable, KMS-encrypted repositories for `prod-` (ROOT) and `shared/`. */
const ARGS: CrossAccountReplicationArgs = {
  source: SOURCE,
  routes: [
    {
      destinations: [WEST, EU, SAME_ACCOUNT_EU],
      repositoryPrefixes: ["prod-", "shared/"],
      createdRepositories: {
        imageTagMutability: "IMMUTABLE",
        encryptionType: "KMS",
        lifecyclePolicy: LIFECYCLE,
        customRoleName: "ecr-template-role",
        allowRootTemplate: true,
      },
    },
  ],
};

/** The inputs of a template of ARGS in `registry`. */
function templateInputs(
  registry: { accountId: string; region: string },
  prefix: string,
  filter: string,
) {
  return {
    prefix,
    appliedFors: ["REPLICATION"],
    region: registry.region,
    description: `Repositories replication creates for '${filter}' (ecr-replication)`,
    imageTagMutability: "IMMUTABLE",
    encryptionConfigurations: [{ encryptionType: "KMS" }],
    lifecyclePolicy: LIFECYCLE,
    customRoleArn: `arn:aws:iam::${registry.accountId}:role/ecr-template-role`,
  };
}

/** The provider reference the engine receives for a provider created by the component "repl". */
function providerRef(accountId: string, region: string): string {
  const name = `repl-provider-${accountId}-${region}`;
  return `${urn([TYPE, PROVIDER], name)}::${name}-id`;
}

describe("CrossAccountReplication: repository creation templates", () => {
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /** Builds the component and waits until every template is registered. */
  async function build(args: CrossAccountReplicationArgs): Promise<CrossAccountReplication> {
    const component = new CrossAccountReplication("repl", args);
    await Promise.all([
      valueOf(component.replication.replicationConfiguration.urn),
      ...Object.values(component.creationTemplates).flatMap((child) =>
        Object.values(child.templates).map((template) => valueOf(template.urn)),
      ),
    ]);
    return component;
  }

  it("writes one template per destination registry and namespace, ROOT where allowed", async () => {
    const component = await build(ARGS);
    assert.deepStrictEqual(Object.keys(component.creationTemplates), [
      "111111111111/eu-west-1",
      "222222222222/us-west-2",
      "333333333333/eu-west-1",
    ]);
    assert.deepStrictEqual(
      cloud.summary().filter(([type]) => type === TEMPLATES || type === TEMPLATE),
      [
        [TEMPLATES, "repl-templates-111111111111-eu-west-1"],
        [TEMPLATES, "repl-templates-222222222222-us-west-2"],
        [TEMPLATES, "repl-templates-333333333333-eu-west-1"],
        [TEMPLATE, "repl-templates-111111111111-eu-west-1-ROOT"],
        [TEMPLATE, "repl-templates-111111111111-eu-west-1-shared"],
        [TEMPLATE, "repl-templates-222222222222-us-west-2-ROOT"],
        [TEMPLATE, "repl-templates-222222222222-us-west-2-shared"],
        [TEMPLATE, "repl-templates-333333333333-eu-west-1-ROOT"],
        [TEMPLATE, "repl-templates-333333333333-eu-west-1-shared"],
      ],
    );
    for (const registry of [WEST, EU, SAME_ACCOUNT_EU]) {
      const child = `repl-templates-${registry.accountId}-${registry.region}`;
      assert.deepStrictEqual(
        cloud.resource(TEMPLATE, `${child}-ROOT`).inputs,
        templateInputs(registry, "ROOT", "prod-"),
      );
      assert.deepStrictEqual(
        cloud.resource(TEMPLATE, `${child}-shared`).inputs,
        templateInputs(registry, "shared", "shared/"),
      );
      assert.strictEqual(
        cloud.resource(TEMPLATE, `${child}-shared`).parent,
        urn([TYPE, TEMPLATES], child),
      );
    }
  });

  it("writes each registry's templates through its account's provider (the source's for its own other regions)", async () => {
    await build(ARGS);
    const providerOf = (registry: { accountId: string; region: string }) =>
      cloud.resource(TEMPLATE, `repl-templates-${registry.accountId}-${registry.region}-shared`)
        .provider;
    assert.strictEqual(providerOf(WEST), providerRef("222222222222", "us-west-2"));
    assert.strictEqual(providerOf(EU), providerRef("333333333333", "eu-west-1"));
    assert.strictEqual(providerOf(SAME_ACCOUNT_EU), providerRef("111111111111", "us-east-1"));
  });

  it("orders the replication after the templates as after the policies", async () => {
    await build(ARGS);
    const replication = cloud.resource(REPLICATION_COMPONENT, "repl-replication");
    const template = (registry: { accountId: string; region: string }, prefix: string) =>
      urn(
        [TEMPLATES, TEMPLATE],
        `repl-templates-${registry.accountId}-${registry.region}-${prefix}`,
      );
    assert.deepStrictEqual(replication.dependencies, [
      urn([POLICY_COMPONENT, POLICY], "repl-policy-222222222222-us-west-2"),
      urn([POLICY_COMPONENT, POLICY], "repl-policy-333333333333-eu-west-1"),
      template(SAME_ACCOUNT_EU, "ROOT"),
      template(SAME_ACCOUNT_EU, "shared"),
      template(WEST, "ROOT"),
      template(WEST, "shared"),
      template(EU, "ROOT"),
      template(EU, "shared"),
    ]);
  });

  it("writes no template for routes that ask nothing", async () => {
    const component = await build({
      source: SOURCE,
      routes: [
        { destinations: [WEST], repositoryPrefixes: ["prod-"] },
        {
          destinations: [EU],
          repositoryPrefixes: ["shared/"],
          createdRepositories: { imageTagMutability: "IMMUTABLE" },
        },
      ],
    });
    assert.deepStrictEqual(Object.keys(component.creationTemplates), ["333333333333/eu-west-1"]);
    assert.deepStrictEqual(
      cloud.resource(TEMPLATE, "repl-templates-333333333333-eu-west-1-shared").inputs,
      {
        prefix: "shared",
        appliedFors: ["REPLICATION"],
        region: "eu-west-1",
        description: "Repositories replication creates for 'shared/' (ecr-replication)",
        imageTagMutability: "IMMUTABLE",
      },
    );
  });

  it("gives each destination its key from kmsKeys and the exclusion filters as WILDCARD filters", async () => {
    const kmsKeys = {
      "222222222222/us-west-2":
        "arn:aws:kms:us-west-2:222222222222:key/1111aaaa-22bb-33cc-44dd-5555eeee6666",
      "333333333333/eu-west-1":
        "arn:aws:kms:eu-west-1:333333333333:key/mrk-0123456789abcdef0123456789abcdef",
    };
    await build({
      source: SOURCE,
      routes: [
        {
          destinations: [WEST, EU],
          repositoryPrefixes: ["team-a/prod-"],
          createdRepositories: {
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: ["latest", "dev-*"],
            encryptionType: "KMS",
            kmsKeys,
            resourceTags: { team: "a" },
            customRoleName: "ecr-template-role",
          },
        },
      ],
    });
    const inputs = cloud.resource(TEMPLATE, "repl-templates-333333333333-eu-west-1-team-a").inputs;
    assert.deepStrictEqual(inputs, {
      prefix: "team-a",
      appliedFors: ["REPLICATION"],
      region: "eu-west-1",
      description: "Repositories replication creates for 'team-a/prod-' (ecr-replication)",
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [
        { filter: "latest", filterType: "WILDCARD" },
        { filter: "dev-*", filterType: "WILDCARD" },
      ],
      encryptionConfigurations: [
        { encryptionType: "KMS", kmsKey: kmsKeys["333333333333/eu-west-1"] },
      ],
      resourceTags: { team: "a" },
      customRoleArn: "arn:aws:iam::333333333333:role/ecr-template-role",
    });
  });

  it("waits for a KMS key given as an output, and writes it", async () => {
    const key = pulumi.output(
      "arn:aws:kms:us-west-2:222222222222:key/1111aaaa-22bb-33cc-44dd-5555eeee6666",
    );
    const component = await build({
      source: SOURCE,
      routes: [
        {
          destinations: [WEST],
          repositoryPrefixes: ["shared/"],
          createdRepositories: { encryptionType: "KMS_DSSE", kmsKey: key, customRoleName: "r" },
        },
      ],
    });
    assert.deepStrictEqual(
      cloud.resource(TEMPLATE, "repl-templates-222222222222-us-west-2-shared").inputs
        .encryptionConfigurations,
      [
        {
          encryptionType: "KMS_DSSE",
          kmsKey: "arn:aws:kms:us-west-2:222222222222:key/1111aaaa-22bb-33cc-44dd-5555eeee6666",
        },
      ],
    );
    assert.deepStrictEqual(
      (await valueOf(component.creationTemplates["222222222222/us-west-2"].planned)).map((t) => [
        t.prefix,
        t.repositoryPrefixes,
      ]),
      [["shared", ["shared/"]]],
    );
  });

  it("fails the templates once a key given as an output turns out to be in another region", async () => {
    const component = new CrossAccountReplication("repl", {
      source: SOURCE,
      routes: [
        {
          destinations: [WEST],
          repositoryPrefixes: ["shared/"],
          createdRepositories: {
            encryptionType: "KMS",
            kmsKey: pulumi.output("arn:aws:kms:eu-west-1:222222222222:key/abc"),
            customRoleName: "r",
          },
        },
      ],
    });
    const failed = await failure(component.creationTemplates["222222222222/us-west-2"].planned);
    assert.strictEqual(
      formatProblems(failed.problems),
      "routes[0].createdRepositories.kmsKey: must be a key in the registry's region us-west-2 (ECR needs the key in the repository's region), got a key in eu-west-1, for routes[0].destinations[0] (222222222222/us-west-2): give kmsKeys, one key per destination registry",
    );
    await cloud.unhandled(1);
    cloud.forgetFailedRegistrations();
  });

  describe("refuses before creating anything", () => {
    const routeTo = (createdRepositories: object, extra: object = {}) => ({
      source: SOURCE,
      routes: [
        {
          destinations: [WEST, EU],
          repositoryPrefixes: ["prod-", "shared/"],
          createdRepositories,
          ...extra,
        },
      ],
    });
    const cases: { title: string; args: CrossAccountReplicationArgs; message: string }[] = [
      {
        title:
          "a prefix only ROOT can cover, unless ROOT is allowed (the template 'prod' covers 'prod/...', not 'prod-...')",
        args: routeTo({ imageTagMutability: "IMMUTABLE" }),
        message:
          "invalid repository creation templates:\nroutes[0].repositoryPrefixes[0]: 'prod-' is not a namespace, and a repository creation template's prefix is one ('prod' covers only 'prod/...'): only the registry's ROOT template can create the repositories it replicates, such as 'prod-a'; set routes[0].createdRepositories.allowRootTemplate: true to write ROOT, or replicate a namespace such as 'prod/'",
      },
      {
        title: "resource tags or a KMS encryption type without a custom role",
        args: routeTo({
          encryptionType: "KMS",
          resourceTags: { team: "platform" },
          allowRootTemplate: true,
        }),
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories: must give customRoleName or customRoleArn with resourceTags and encryption type 'KMS': ECR creates repositories with tags or a KMS key only through a custom role (ECR user guide, \"Creating a repository creation template\")",
      },
      {
        title: "a destination in China",
        args: {
          source: { accountId: "111111111111", region: "cn-north-1" },
          routes: [
            {
              destinations: [{ accountId: "222222222222", region: "cn-northwest-1" }],
              repositoryPrefixes: ["shared/"],
              createdRepositories: { imageTagMutability: "IMMUTABLE" },
            },
          ],
        },
        message:
          "invalid repository creation templates:\nroutes[0].destinations[0].region: must be a region with repository creation templates: ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'cn-northwest-1' is in aws-cn: leave createdRepositories out of routes to it",
      },
      {
        title: "a destination in GovCloud",
        args: {
          source: { accountId: "111111111111", region: "us-gov-west-1" },
          routes: [
            {
              destinations: [{ accountId: "222222222222", region: "us-gov-east-1" }],
              repositoryPrefixes: ["shared/"],
              createdRepositories: { imageTagMutability: "IMMUTABLE" },
            },
          ],
        },
        message:
          "invalid repository creation templates:\nroutes[0].destinations[0].region: must be a region with repository creation templates: ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'us-gov-east-1' is in aws-us-gov: leave createdRepositories out of routes to it",
      },
      {
        title: "two routes asking different settings of the same repositories",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [WEST, EU],
              repositoryPrefixes: ["prod/"],
              createdRepositories: { imageTagMutability: "IMMUTABLE" },
            },
            {
              destinations: [WEST],
              repositoryPrefixes: ["prod/api/"],
              createdRepositories: { imageTagMutability: "MUTABLE", lifecyclePolicy: LIFECYCLE },
            },
          ],
        },
        message:
          "invalid repository creation templates:\nroutes[1].createdRepositories: must ask the same settings as routes[0].createdRepositories: in 222222222222/us-west-2, template 'prod/api' creates repositories of both, such as 'prod/api/a' of both, got a different imageTagMutability and lifecyclePolicy: make them equal, or replicate different namespaces",
      },
      {
        title: "created repositories on a route whose repositories must pre-exist",
        args: routeTo(
          { imageTagMutability: "IMMUTABLE", allowRootTemplate: true },
          { allowCreateRepository: false },
        ),
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories: must be left out when allowCreateRepository is false: replication then creates no repositories in other accounts, they must already exist",
      },
      {
        title: "a misspelt setting (an error, not a default)",
        args: routeTo({
          encryptionType: "KMS",
          kmsKey: "arn:aws:kms:us-west-2:222222222222:key/abc",
          customRoleName: "r",
          imageTagMutabilty: "IMMUTABLE",
          allowRootTemplate: true,
        }),
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories.imageTagMutabilty: is not a setting of created repositories; allowed: imageTagMutability, imageTagMutabilityExclusionFilters, encryptionType, kmsKey, kmsKeys, lifecyclePolicy, repositoryPolicy, resourceTags, customRoleName, customRoleArn, allowRootTemplate",
      },
      {
        title: "a key in the wrong region for one destination",
        args: routeTo({
          encryptionType: "KMS",
          kmsKey: "arn:aws:kms:us-west-2:222222222222:key/abc",
          customRoleName: "r",
          allowRootTemplate: true,
        }),
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories.kmsKey: must be a key in the registry's region eu-west-1 (ECR needs the key in the repository's region), got a key in us-west-2, for routes[0].destinations[1] (333333333333/eu-west-1): give kmsKeys, one key per destination registry",
      },
      {
        title: "a lifecycle policy that is not JSON and a mutability ECR does not have",
        args: routeTo({
          lifecyclePolicy: "{rules: []",
          imageTagMutability: "immutable",
          allowRootTemplate: true,
        }),
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories.imageTagMutability: must be one of 'MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION' or 'MUTABLE_WITH_EXCLUSION' when given, got 'immutable'\nroutes[0].createdRepositories.lifecyclePolicy: must be a lifecycle policy as JSON text, got '{rules: []': not JSON",
      },
      {
        title: "prefixes given as an output when created repositories are asked",
        args: {
          source: SOURCE,
          routes: [
            {
              destinations: [WEST],
              repositoryPrefixes: pulumi.output(["shared/"]),
              createdRepositories: { imageTagMutability: "IMMUTABLE" },
            },
          ],
        },
        message:
          "invalid repository creation templates:\nroutes[0].repositoryPrefixes: must be a plain list, not an output or promise: it decides which repository creation templates exist",
      },
    ];
    for (const { title, args, message } of cases) {
      it(title, async () => {
        assert.throws(() => new CrossAccountReplication("repl", args), {
          name: "ValidationError",
          message,
        });
        assert.deepStrictEqual(await cloud.settledSummary(), []);
      });
    }
  });
});

describe("RepositoryCreationTemplates: a destination registry on its own", () => {
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", WEST.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  it("writes a template per namespace of the prefixes replicated in, ROOT where allowed", async () => {
    const component = new RepositoryCreationTemplates("west", {
      registry: WEST,
      routes: [
        {
          repositoryPrefixes: ["prod-", "shared/"],
          createdRepositories: { imageTagMutability: "IMMUTABLE", allowRootTemplate: true },
        },
        {
          repositoryPrefixes: ["base/"],
          createdRepositories: { lifecyclePolicy: LIFECYCLE },
        },
      ],
    });
    await Promise.all(Object.values(component.templates).map((t) => valueOf(t.urn)));
    assert.deepStrictEqual(cloud.summary(), [
      [TEMPLATES, "west"],
      [TEMPLATE, "west-ROOT"],
      [TEMPLATE, "west-base"],
      [TEMPLATE, "west-shared"],
    ]);
    assert.deepStrictEqual(cloud.resource(TEMPLATE, "west-base").inputs, {
      prefix: "base",
      appliedFors: ["REPLICATION"],
      region: "us-west-2",
      description: "Repositories replication creates for 'base/' (ecr-replication)",
      lifecyclePolicy: LIFECYCLE,
    });
    assert.deepStrictEqual(cloud.resource(TEMPLATE, "west-ROOT").inputs, {
      prefix: "ROOT",
      appliedFors: ["REPLICATION"],
      region: "us-west-2",
      description: "Repositories replication creates for 'prod-' (ecr-replication)",
      imageTagMutability: "IMMUTABLE",
    });
  });

  it("refuses its own arguments at their paths before creating anything", async () => {
    assert.throws(
      () =>
        new RepositoryCreationTemplates("west", {
          registry: { accountId: "222222222222", region: "cn-north-1" },
          routes: [
            {
              repositoryPrefixes: ["prod"],
              createdRepositories: { customRoleArn: "arn:aws:iam::999999999999:role/r" },
            },
          ],
        }),
      {
        name: "ValidationError",
        message:
          "invalid repository creation templates:\nregistry.region: must be a region with repository creation templates: ECR offers no repository creation templates in the China and GovCloud (US) regions, and 'cn-north-1' is in aws-cn: leave createdRepositories out of routes to it\nroutes[0].repositoryPrefixes[0]: 'prod' is not a namespace, and a repository creation template's prefix is one ('prod' covers only 'prod/...'): only the registry's ROOT template can create the repositories it replicates, such as 'proda'; set routes[0].createdRepositories.allowRootTemplate: true to write ROOT, or replicate a namespace such as 'prod/'",
      },
    );
    assert.throws(
      () =>
        new RepositoryCreationTemplates("west", {
          registry: WEST,
          routes: [
            {
              repositoryPrefixes: ["shared/"],
              createdRepositories: { customRoleArn: "arn:aws:iam::999999999999:role/r" },
            },
          ],
        }),
      {
        name: "ValidationError",
        message:
          "invalid repository creation templates:\nroutes[0].createdRepositories.customRoleArn: must be a role of the registry's account 222222222222 (ECR is passed the role with iam:PassRole, which passes only roles of one's own account), got a role of 999999999999, for registry (222222222222/us-west-2): give customRoleName, the role's name in each destination's account",
      },
    );
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("refuses missing arguments and wrong shapes, every one at its path", async () => {
    assert.throws(() => new RepositoryCreationTemplates("west", {} as never), {
      name: "ValidationError",
      message:
        "invalid repository creation templates:\nregistry: must be a registry: { accountId, region } of plain strings, got undefined\nroutes: must be a list of routes into the registry, got undefined",
    });
    assert.throws(
      () =>
        new RepositoryCreationTemplates("west", {
          registry: WEST,
          routes: [
            null,
            { repositoryPrefixes: ["shared/"] },
            {
              repositoryPrefixes: ["a/"],
              createdRepositories: { resourceTags: null, allowRootTemplate: "yes" },
            },
          ],
        } as never),
      {
        name: "ValidationError",
        message:
          "invalid repository creation templates:\nroutes[1].createdRepositories: must be an object of settings of the repositories replication creates, got undefined\nroutes[0]: must be a route into the registry: { repositoryPrefixes, createdRepositories }, got null\nroutes[2].createdRepositories.resourceTags: must be an object of tag values keyed by tag name, got null\nroutes[2].createdRepositories.allowRootTemplate: must be true or false when given, got 'yes'",
      },
    );
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("refuses to write through a provider of another account, naming both", async () => {
    new RepositoryCreationTemplates("west", {
      registry: EU,
      routes: [
        {
          repositoryPrefixes: ["shared/"],
          createdRepositories: { imageTagMutability: "IMMUTABLE" },
        },
      ],
    });
    const [unhandled] = await cloud.unhandled(1);
    cloud.forgetFailedRegistrations();
    assert.ok(
      unhandled instanceof Error && unhandled.name === "ValidationError",
      String(unhandled),
    );
    assert.strictEqual(
      unhandled.message.replace(/^(error serializing property "\w+": )+/, ""),
      "provider of another account:\nregistry: the provider writes to account 222222222222, not the registry's 333333333333: pass a provider for account 333333333333 as opts.provider",
    );
  });
});
