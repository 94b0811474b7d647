/**
 * The ComponentResources under Pulumi's mocks on hostile arguments: arbitrary JSON values,
 * `undefined` among them, in every argument and in every field of a grant or route, deep nesting,
 * megabyte strings, prototype-named keys. With known inputs a bad argument throws a
 * ValidationError naming its property path before any resource is registered; a good one builds.
 * `null` and `undefined` are also fed to every field in turn (./null-arguments.spec.ts).
 */
import * as assert from "assert";
import * as fc from "fast-check";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
} from "../../components";
import { ROLE_NAME_PATTERN } from "../../components/model/core";
import { ValidationError } from "../../components/model/core/problems";
import { runSettings, setAt } from "../oracle/oracle";
import { MockCloud } from "./mock-cloud";

const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const GRANT = { accountId: "111111111111", repositoryPrefixes: ["prod-"] };
const ROUTE = {
  destinations: [{ accountId: "222222222222", region: "us-west-2" }],
  repositoryPrefixes: ["prod-"],
};

/**
 * Any JSON value (null among them) or undefined. JSON has no undefined, and the fields' filters
 * once left null out, which is how null and undefined entries slipped through as TypeErrors.
 */
const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

function pathOf(keys: (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    "",
  );
}

/**
 * Constructs the component and expects a ValidationError with a problem at `path` (or below it),
 * and nothing registered; returns the error's problem paths.
 */
async function refused(cloud: MockCloud, create: () => unknown, path: string): Promise<string[]> {
  let error: unknown;
  try {
    create();
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
  const paths = error.problems.map((p) => p.path);
  assert.ok(
    paths.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)),
    `${path} not among ${JSON.stringify(paths)}`,
  );
  assert.deepStrictEqual(await cloud.settledSummary(), []);
  return paths;
}

describe("components on hostile arguments (mocks)", function () {
  this.timeout(60_000);
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  // Each field with the values that are wrong there: anything, except for an optional field
  // undefined (not given) and its valid values.
  const POLICY_FIELDS: [(string | number)[], (v: unknown) => boolean][] = [
    [["registry"], () => true],
    [["registry", "accountId"], () => true],
    [["registry", "region"], () => true],
    [["sources"], () => true],
    [["sources", 0], () => true],
    [["sources", 0, "accountId"], () => true],
    [["sources", 0, "repositoryPrefixes"], () => true],
    [["sources", 0, "allowCreateRepository"], (v) => typeof v !== "boolean" && v !== undefined],
    [["extraStatements"], (v) => v !== undefined && !(Array.isArray(v) && v.length === 0)],
    [["scope"], (v) => v !== "V1" && v !== "V2" && v !== undefined],
  ];

  it("RegistryReplicationPolicy: a wrong value in any argument is a ValidationError at its path", async () => {
    const args = { registry: REGISTRY, sources: [GRANT] };
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...POLICY_FIELDS)
          .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong))),
        async ([keys, value]) => {
          const bad = setAt(args, keys, value);
          await refused(
            cloud,
            () => new RegistryReplicationPolicy("receiver", bad as never),
            pathOf(keys),
          );
        },
      ),
      runSettings(5_2026_1401, 80),
    );
  });

  const ROUTE_FIELDS: [(string | number)[], (v: unknown) => boolean][] = [
    [["source"], () => true],
    [["source", "accountId"], () => true],
    [["routes"], () => true],
    [["routes", 0], () => true],
    [["routes", 0, "destinations"], () => true],
    [["routes", 0, "destinations", 0], () => true],
    [["routes", 0, "destinations", 0, "region"], () => true],
    [["routes", 0, "repositoryPrefixes"], () => true],
    [["routes", 0, "repositoryPrefixes", 0], () => true],
  ];

  it("RegistryReplication: a wrong value in any argument is a ValidationError at its path", async () => {
    const args = { source: SOURCE, routes: [ROUTE] };
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...ROUTE_FIELDS)
          .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong))),
        async ([keys, value]) => {
          const bad = setAt(args, keys, value);
          await refused(cloud, () => new RegistryReplication("source", bad as never), pathOf(keys));
        },
      ),
      runSettings(5_2026_1402, 80),
    );
  });

  const CROSS_FIELDS: [(string | number)[], (v: unknown) => boolean][] = [
    ...ROUTE_FIELDS,
    [["routes", 0, "allowCreateRepository"], (v) => typeof v !== "boolean" && v !== undefined],
    [["providers"], (v) => v !== undefined],
    [
      ["assumeRoleName"],
      (v) => v !== undefined && !(typeof v === "string" && ROLE_NAME_PATTERN.test(v)),
    ],
  ];

  it("CrossAccountReplication: a wrong value in any argument is a ValidationError at its path", async () => {
    const args = { source: SOURCE, routes: [ROUTE] };
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...CROSS_FIELDS)
          .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong))),
        async ([keys, value]) => {
          const bad = setAt(args, keys, value);
          await refused(
            cloud,
            () => new CrossAccountReplication("both", bad as never),
            pathOf(keys),
          );
        },
      ),
      runSettings(5_2026_1403, 80),
    );
  });

  it("arguments that are not objects at all: every component names each missing argument", async () => {
    for (const args of [
      null,
      undefined,
      5,
      "x",
      [],
      {},
      JSON.parse('{"__proto__":{"source":1}}'),
    ]) {
      for (const [create, paths] of [
        [() => new RegistryReplicationPolicy("receiver", args as never), ["registry", "sources"]],
        [() => new RegistryReplication("source", args as never), ["source", "routes"]],
        [() => new CrossAccountReplication("both", args as never), ["source", "routes"]],
      ] as const) {
        assert.deepStrictEqual(await refused(cloud, create, paths[0]), paths);
      }
    }
  });

  it("megabyte, non-ASCII and prototype-named values: refused with short messages", async () => {
    const huge = "a".repeat(1 << 20);
    const cases: [(string | number)[], unknown][] = [
      [["sources", 0, "repositoryPrefixes", 0], huge],
      [["sources", 0, "accountId"], "１１１１１１１１１１１１"],
      [["registry", "region"], "us-west-2\u200b"],
      [["extraStatements"], [{ __proto__: null, Effect: "Allow", Action: huge }]],
    ];
    for (const [keys, value] of cases) {
      const bad = setAt({ registry: REGISTRY, sources: [GRANT] }, keys, value);
      let message = "";
      try {
        new RegistryReplicationPolicy("receiver", bad as never);
      } catch (error) {
        assert.ok(error instanceof ValidationError, String(error));
        message = error.message;
      }
      assert.ok(message.startsWith("invalid registry policy:\n"), message.slice(0, 200));
      assert.ok(message.length < 5_000, `${message.length} characters`);
      assert.deepStrictEqual(await cloud.settledSummary(), []);
    }
    const withProto = JSON.parse(
      '{"source":{"accountId":"111111111111","region":"us-east-1"},"routes":[{"__proto__":{"destinations":[]},"repositoryPrefixes":["prod-"]}]}',
    );
    await refused(
      cloud,
      () => new RegistryReplication("source", withProto as never),
      "routes[0].destinations",
    );
    // Nothing leaked into Object.prototype.
    assert.strictEqual(({} as Record<string, unknown>).destinations, undefined);
  });
});
