/**
 * The model's readers and builders on hostile input: arbitrary JavaScript values (fc.anything:
 * undefined, bigint, symbols, sparse arrays, objects with `__proto__` and `constructor` keys),
 * statements mixing good and bad ones, deep nesting and megabyte strings. Nothing throws except
 * a ValidationError listing problems with property paths, nothing hangs, and nothing is dropped
 * silently: every statement is read or has a problem at its path, and whatever a builder returns
 * passes the pack's own checks.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { parseRegistryPolicy } from "../../components/model/iam/policy-document";
import { describe as quote, ValidationError } from "../../components/model/core/problems";
import { buildRegistryPolicy } from "../../components/model/registry-policy/builder";
import { validateRegistryPolicy } from "../../components/model/registry-policy/checks";
import { buildReplicationRules } from "../../components/model/replication/builder";
import { checkReplicationConfiguration } from "../../components/model/replication/checks";
import { runSettings } from "../oracle/oracle";

const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const GOOD_STATEMENT = {
  Sid: "Replicate",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111111111111:root" },
  Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
  Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
};

/** Options of {@link anything}; sparse arrays only where noted (see the builders' properties). */
const ANYTHING = {
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withDate: true,
  key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")),
};
/** Any JavaScript value, objects with prototype-named keys and sparse arrays included. */
const anything = fc.anything(ANYTHING);

/** Every problem has a path and a message; returns them. */
function wellFormed(problems: readonly { path: string; message: string }[]) {
  for (const problem of problems) {
    assert.strictEqual(typeof problem.path, "string");
    assert.ok(problem.message.length > 0 && problem.message.length < 2_000, problem.message);
  }
  return problems;
}

/** The ValidationError `build` throws, or the value it returns. */
function attempt<T>(build: () => T): { value?: T; error?: ValidationError } {
  try {
    return { value: build() };
  } catch (error) {
    assert.ok(error instanceof ValidationError, `${String(error)}`);
    assert.ok(error.problems.length > 0);
    wellFormed(error.problems);
    return { error };
  }
}

describe("the model on hostile input", function () {
  this.timeout(60_000);

  it("parseRegistryPolicy: any value yields problems with paths, never a throw", () => {
    fc.assert(
      fc.property(anything, (value) => {
        const { problems } = parseRegistryPolicy(value);
        assert.ok(wellFormed(problems).length > 0, quote(value));
      }),
      runSettings(5_2026_1301, 400),
    );
  });

  it("parseRegistryPolicy: every statement is read or has a problem at its path", () => {
    const statement = fc.oneof(
      fc.constant<unknown>(GOOD_STATEMENT),
      anything,
      fc
        .tuple(fc.constantFrom(...Object.keys(GOOD_STATEMENT)), anything)
        .map(([key, value]) => ({ ...GOOD_STATEMENT, [key]: value })),
    );
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (statements, asText) => {
          const document = { Version: "2012-10-17", Statement: statements };
          let input: unknown = document;
          if (asText) {
            try {
              input = JSON.stringify(document);
            } catch {
              input = document; // bigint: only the object form exists
            }
          }
          const { policy, problems } = parseRegistryPolicy(input);
          wellFormed(problems);
          const read = new Set((policy?.statements ?? []).map((s) => s.index));
          const flagged = (i: number) =>
            problems.some((p) => p.path === "" || p.path.startsWith(`Statement[${i}]`));
          statements.forEach((_, i) => {
            assert.ok(read.has(i) || flagged(i), `Statement[${i}] dropped silently`);
          });
        },
      ),
      runSettings(5_2026_1302, 300),
    );
  });

  it("parseRegistryPolicy: 10,000 levels, a megabyte, malformed text: fast, one clear problem", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) {
      deep = [deep];
    }
    const huge = "a".repeat(1 << 20);
    const cases: [unknown, { path: string; message: string }[]][] = [
      [
        deep,
        [
          {
            path: "",
            message: "must be a policy document that JSON can represent (no cycles, no bigint)",
          },
        ],
      ],
      [
        `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
        [
          {
            path: "",
            message: `must be a policy document object {Version, Statement}, got an array nested too deeply to show`,
          },
        ],
      ],
      [huge, [{ path: "", message: `must be a JSON policy document, got '${"a".repeat(77)}...'` }]],
      [
        '{"Version":"2012-10-17","Statement":[}',
        [
          {
            path: "",
            message:
              'must be a JSON policy document, got \'{"Version":"2012-10-17","Statement":[}\'',
          },
        ],
      ],
      [
        JSON.parse('{"__proto__":{"Version":"2012-10-17"},"Statement":[]}'),
        [
          {
            path: "__proto__",
            message: "is not a policy element; allowed: Version, Id, Statement",
          },
          { path: "Version", message: "must be '2012-10-17', got undefined" },
          {
            path: "Statement",
            message: "must be a statement object or a non-empty array of them, got []",
          },
        ],
      ],
    ];
    for (const [input, expected] of cases) {
      const started = Date.now();
      assert.deepStrictEqual(parseRegistryPolicy(input).problems, expected);
      assert.ok(Date.now() - started < 2_000);
    }
  });

  it("builders: a hole in a sparse array is an entry of its own, refused at its path", () => {
    const registry = { accountId: "222222222222", region: "us-west-2" };
    const hole: unknown[] = [,];
    assert.throws(() => buildRegistryPolicy(registry, hole as never), {
      name: "ValidationError",
      message:
        "invalid registry policy:\nsources[0]: must be a grant: { accountId, repositoryPrefixes, allowCreateRepository? }, got undefined",
    });
    assert.throws(
      () =>
        buildRegistryPolicy(registry, [
          { accountId: "111111111111", repositoryPrefixes: hole as string[] },
        ]),
      {
        name: "ValidationError",
        message:
          "invalid registry policy:\nsources[0].repositoryPrefixes[0]: must be a repository name prefix (a string), got undefined",
      },
    );
    assert.throws(
      () =>
        buildReplicationRules({ accountId: "111111111111", region: "us-east-1" }, hole as never),
      {
        name: "ValidationError",
        message:
          "invalid replication routes:\nroutes[0]: must be a route: { destinations, repositoryPrefixes }, got undefined",
      },
    );
  });

  it("buildRegistryPolicy: any registry, sources and options give a ValidationError or a valid policy", () => {
    const grant = fc.oneof(
      anything,
      fc.record({
        accountId: fc.oneof(fc.constantFrom("111111111111", "222222222222"), anything),
        repositoryPrefixes: fc.oneof(fc.constant(["prod-"]), anything),
        allowCreateRepository: fc.oneof(fc.boolean(), anything),
        allRepositories: fc.oneof(fc.boolean(), anything),
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.constant<unknown>(REGISTRY), anything),
        fc.oneof(fc.array(grant, { maxLength: 3 }), anything),
        fc.oneof(
          fc.constant<unknown>({}),
          fc.record({ extraStatements: fc.oneof(anything, fc.array(anything)), scope: anything }),
        ),
        (registry, sources, options) => {
          const { value } = attempt(() =>
            buildRegistryPolicy(registry as never, sources as never, options as never),
          );
          if (value !== undefined) {
            assert.deepStrictEqual(
              validateRegistryPolicy(value.json, { registry: REGISTRY }).problems,
              [],
            );
          }
        },
      ),
      runSettings(5_2026_1303, 400),
    );
  });

  it("buildReplicationRules: any source and routes give a ValidationError or valid rules", () => {
    const route = fc.oneof(
      anything,
      fc.record({
        destinations: fc.oneof(
          fc.constant<unknown>([{ accountId: "222222222222", region: "us-west-2" }]),
          anything,
          fc.array(fc.record({ accountId: anything, region: anything })),
        ),
        repositoryPrefixes: fc.oneof(fc.constant<unknown>(["prod-"]), anything),
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.constant<unknown>(SOURCE), anything),
        fc.oneof(fc.array(route, { maxLength: 3 }), anything),
        (source, routes) => {
          const { value } = attempt(() => buildReplicationRules(source as never, routes as never));
          if (value !== undefined) {
            assert.deepStrictEqual(
              checkReplicationConfiguration({ rules: value }, { source: {} }),
              [],
            );
          }
        },
      ),
      runSettings(5_2026_1304, 400),
    );
  });
});
