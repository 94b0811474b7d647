/**
 * `null` and `undefined` in every argument of RepositoryCreationTemplates and in every setting of
 * `createdRepositories`, one at a time: a ValidationError at the paths below, nothing registered,
 * never a TypeError; `undefined` in an optional setting means "not given" and plans what leaving
 * it out plans. Settings depend on each other (a key needs a KMS type, tags and KMS a role, `prod-`
 * needs ROOT), so leaving one out can refuse another: those paths are listed.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RepositoryCreationTemplates } from "../../components";
import { ValidationError } from "../../components/model/core/problems";
import { setAt } from "../oracle/oracle";
import { MockCloud, valueOf } from "./mock-cloud";

const WEST = { accountId: "222222222222", region: "us-west-2" };
const CREATED = "routes[0].createdRepositories";

/** Every argument given, every setting too (one of each exclusive pair). */
const ARGS = {
  registry: WEST,
  routes: [
    {
      repositoryPrefixes: ["prod-", "shared/"],
      createdRepositories: {
        imageTagMutability: "IMMUTABLE",
        encryptionType: "KMS",
        kmsKey: "arn:aws:kms:us-west-2:222222222222:key/1111aaaa-22bb-33cc-44dd-5555eeee6666",
        lifecyclePolicy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 9 },
              action: { type: "expire" },
            },
          ],
        }),
        repositoryPolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage" }],
        }),
        resourceTags: { team: "platform" },
        customRoleArn: "arn:aws:iam::222222222222:role/ecr-replication-templates",
        allowRootTemplate: true,
      },
    },
  ],
};

/** Keys, then the paths refused for null, and for undefined ("built": not given). */
type FieldCase = [(string | number)[], string[], string[] | "built"];

const FIELDS: FieldCase[] = [
  [["registry"], ["registry"], ["registry"]],
  [["registry", "accountId"], ["registry.accountId"], ["registry.accountId"]],
  [["registry", "region"], ["registry.region"], ["registry.region"]],
  [["routes"], ["routes"], ["routes"]],
  [["routes", 0], ["routes[0]"], ["routes[0]"]],
  [
    ["routes", 0, "repositoryPrefixes"],
    ["routes[0].repositoryPrefixes"],
    ["routes[0].repositoryPrefixes"],
  ],
  [
    ["routes", 0, "repositoryPrefixes", 0],
    ["routes[0].repositoryPrefixes[0]"],
    ["routes[0].repositoryPrefixes[0]"],
  ],
  [["routes", 0, "createdRepositories"], [CREATED], [CREATED]],
  [
    ["routes", 0, "createdRepositories", "imageTagMutability"],
    [`${CREATED}.imageTagMutability`],
    "built",
  ],
  // Without a KMS type the key has nothing to do.
  [
    ["routes", 0, "createdRepositories", "encryptionType"],
    [`${CREATED}.encryptionType`, `${CREATED}.kmsKey`],
    [`${CREATED}.kmsKey`],
  ],
  [["routes", 0, "createdRepositories", "kmsKey"], [`${CREATED}.kmsKey`], "built"],
  [
    ["routes", 0, "createdRepositories", "lifecyclePolicy"],
    [`${CREATED}.lifecyclePolicy`],
    "built",
  ],
  [
    ["routes", 0, "createdRepositories", "repositoryPolicy"],
    [`${CREATED}.repositoryPolicy`],
    "built",
  ],
  [["routes", 0, "createdRepositories", "resourceTags"], [`${CREATED}.resourceTags`], "built"],
  // Tags and a KMS type need the role.
  [["routes", 0, "createdRepositories", "customRoleArn"], [`${CREATED}.customRoleArn`], [CREATED]],
  // 'prod-' needs ROOT.
  [
    ["routes", 0, "createdRepositories", "allowRootTemplate"],
    [`${CREATED}.allowRootTemplate`, "routes[0].repositoryPrefixes[0]"],
    ["routes[0].repositoryPrefixes[0]"],
  ],
];

function pathOf(keys: (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    "",
  );
}

/** The args without the field at `keys`. */
function without(args: unknown, keys: (string | number)[]): unknown {
  const copy = JSON.parse(JSON.stringify(args)) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of keys.slice(0, -1)) {
    holder = holder[key] as Record<string | number, unknown>;
  }
  delete holder[keys[keys.length - 1]];
  return copy;
}

describe("RepositoryCreationTemplates on null and undefined arguments (mocks)", function () {
  this.timeout(60_000);
  const cloud = new MockCloud();
  before(() => cloud.install("project", "stack", WEST.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /** The planned templates, once every template is registered. */
  const build = (args: unknown): pulumi.Output<unknown> => {
    const component = new RepositoryCreationTemplates("west", args as never);
    return pulumi
      .all([component.planned, pulumi.all(Object.values(component.templates).map((t) => t.urn))])
      .apply(([planned]) => planned);
  };

  it("builds from every argument given", async () => {
    assert.deepStrictEqual(
      ((await valueOf(build(ARGS))) as { prefix: string }[]).map((t) => t.prefix),
      ["ROOT", "shared"],
    );
  });

  it("null or undefined in any argument or setting is refused at its path, or not given", async () => {
    for (const [keys, ifNull, ifUndefined] of FIELDS) {
      for (const [value, expected] of [
        [null, ifNull],
        [undefined, ifUndefined],
      ] as const) {
        const what = `${pathOf(keys)} = ${String(value)}`;
        const bad = setAt(ARGS, keys, value);
        cloud.reset();
        if (expected === "built") {
          const notGiven = await valueOf(build(without(ARGS, keys)));
          assert.deepStrictEqual(await valueOf(build(bad)), notGiven, what);
          continue;
        }
        let error: unknown;
        try {
          build(bad);
        } catch (caught) {
          error = caught;
        }
        assert.ok(
          error instanceof ValidationError,
          `${what}: expected a ValidationError, got ${String(error)}`,
        );
        assert.deepStrictEqual(
          error.problems.map((p) => p.path),
          expected,
          `${what}: ${error.message}`,
        );
        assert.deepStrictEqual(await cloud.settledSummary(), [], what);
      }
    }
  });
});
