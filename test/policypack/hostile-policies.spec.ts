/**
 * Every policy of the pack, run pure (./run-policy) on hostile input: arbitrary JSON values and
 * text, a wrong type in every field, deep nesting, megabyte strings, non-ASCII, keys such as
 * `__proto__`, `constructor` and `prototype`. Nothing may throw, hang, fail with an internal error
 * or pass silently: the validity policy of the resource's type reports a mandatory finding whose
 * message starts with the property path of the bad value.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as fc from "fast-check";
import { isPlainObject } from "../../components/model/core/property-values";
import { policies } from "../../policypack/policies";
import { runSettings, setAt } from "../oracle/oracle";
import {
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
} from "./fixtures";
import { runResourcePolicy, runStackPolicy, TestResource } from "./run-policy";

const CONFIG_FILE = path.join(__dirname, "..", "..", "policypack", "config.example.json");
const EXAMPLE_CONFIG = JSON.parse(fs.readFileSync(CONFIG_FILE, "utf8")) as Record<string, unknown>;

/** One finding of one policy. */
interface Judged {
  policy: string;
  level: string;
  message: string;
}

/** The properties config.example.json gives a policy. */
function propertiesOf(name: string): Record<string, unknown> {
  const entry = EXAMPLE_CONFIG[name];
  if (!isPlainObject(entry)) {
    return {};
  }
  const { enforcementLevel, ...properties } = entry;
  void enforcementLevel;
  return properties;
}

/** Every finding of every policy (resource policies per resource, stack policies once). */
async function judge(resources: TestResource[]): Promise<Judged[]> {
  const found: Judged[] = [];
  for (const policy of policies) {
    const config = propertiesOf(policy.name);
    const violations =
      "validateResource" in policy
        ? (
            await Promise.all(
              resources.map((r) =>
                runResourcePolicy(policy as ResourceValidationPolicy, r, config),
              ),
            )
          ).flat()
        : await runStackPolicy(policy as StackValidationPolicy, resources, config);
    for (const violation of violations) {
      found.push({
        policy: policy.name,
        level: violation.enforcementLevel,
        message: violation.message,
      });
    }
  }
  return found;
}

/**
 * The findings on the resources, after checking what must hold for any input: no throw, no
 * internal error, within `ms`, and (when `path` is given) a mandatory finding of `validity` whose
 * message names `path` (starts with it, followed by `:`, `.` or `[`).
 */
async function judgeHostile(
  resources: TestResource[],
  expected?: { validity: string; path: string },
  ms = 5_000,
): Promise<Judged[]> {
  const started = Date.now();
  const found = await judge(resources);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < ms, `took ${elapsed} ms`);
  for (const finding of found) {
    assert.ok(!finding.message.includes("internal error"), JSON.stringify(finding));
    assert.ok(finding.message.trim().length > 0, JSON.stringify(finding));
  }
  if (expected !== undefined) {
    const named = found.filter(
      (f) =>
        f.policy === expected.validity &&
        f.level === "mandatory" &&
        [":", ".", "["].some((next) => f.message.startsWith(`${expected.path}${next}`)),
    );
    assert.ok(named.length > 0, `nothing at ${expected.path}: ${JSON.stringify(found)}`);
  }
  return found;
}

const REGISTRY_VALID = "ecr-registry-policy-valid";
const REGISTRY_NORMAL_FORM = "ecr-registry-policy-normal-form";
const REPLICATION_VALID = "ecr-replication-valid";

/** A registry policy resource with its document replaced. */
function withPolicy(document: unknown): TestResource {
  const resource = registryPolicy(DEST_WEST, "us-west-2");
  resource.props.policy = document;
  return resource;
}

/** `Statement[0].Principal.AWS` from `["Statement", 0, "Principal", "AWS"]`. */
function pathOf(root: string, keys: (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    root,
  );
}

const isStringList = (v: unknown) =>
  typeof v === "string" ||
  (Array.isArray(v) && v.length > 0 && v.every((item) => typeof item === "string"));

/**
 * Registry policy document fields and a test of the values of a wrong type for each; a NotX added
 * next to X is reported on the statement ("must have exactly one of ...").
 */
const DOCUMENT_FIELDS: [(string | number)[], (v: unknown) => boolean][] = [
  [["Version"], (v) => v !== "2012-10-17"],
  [["Id"], (v) => typeof v !== "string" && v !== null],
  [
    ["Statement"],
    (v) => !isPlainObject(v) && !(Array.isArray(v) && v.length > 0 && v.every(isPlainObject)),
  ],
  [["Statement", 0], (v) => !isPlainObject(v)],
  // A string Sid of other characters is normal form (ECR accepts it), not a wrong type.
  [["Statement", 0, "Sid"], (v) => v !== null && typeof v !== "string"],
  [["Statement", 0, "Effect"], (v) => v !== "Allow" && v !== "Deny"],
  [["Statement", 0, "Principal"], (v) => v !== "*" && !isPlainObject(v)],
  [["Statement", 0, "Principal", "AWS"], (v) => !isStringList(v)],
  [["Statement", 0, "Action"], (v) => !isStringList(v)],
  [["Statement", 0, "Resource"], (v) => !isStringList(v)],
  [["Statement", 0, "Condition"], (v) => !isPlainObject(v) && v !== null],
  [["Statement", 0, "NotAction"], (v) => v !== null],
  [["Statement", 0, "NotResource"], (v) => v !== null],
  [["Statement", 0, "NotPrincipal"], (v) => v !== null],
];

/** Replication configuration fields and a test of the values of a wrong type for each. */
const REPLICATION_FIELDS: [(string | number)[], (v: unknown) => boolean][] = [
  [["rules"], (v) => v !== null && !Array.isArray(v)],
  [["rules", 0], (v) => !isPlainObject(v)],
  [["rules", 0, "destinations"], (v) => !(Array.isArray(v) && v.length > 0)],
  [["rules", 0, "destinations", 0], (v) => !isPlainObject(v)],
  [["rules", 0, "destinations", 0, "region"], (v) => typeof v !== "string"],
  [["rules", 0, "destinations", 0, "registryId"], (v) => typeof v !== "string"],
  [["rules", 0, "repositoryFilters"], (v) => v !== null && !Array.isArray(v)],
  [["rules", 0, "repositoryFilters", 0], (v) => !isPlainObject(v)],
  [["rules", 0, "repositoryFilters", 0, "filter"], (v) => typeof v !== "string"],
  [["rules", 0, "repositoryFilters", 0, "filterType"], (v) => v !== "PREFIX_MATCH"],
];

/** Arbitrary JSON values, non-ASCII text included. */
const junk = fc.jsonValue({ maxDepth: 3 });

function deepArray(levels: number): unknown {
  let value: unknown = "ecr:ReplicateImage";
  for (let i = 0; i < levels; i++) {
    value = [value];
  }
  return value;
}

describe("policy pack under hostile input (every policy, pure)", function () {
  this.timeout(120_000);

  it("arbitrary JSON values and texts as the registry policy document", async () => {
    const settings = runSettings(5_2026_1201, 120);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junk,
          junk.map((value) => JSON.stringify(value)),
          fc.string({ unit: "grapheme" }),
        ),
        async (document) => {
          await judgeHostile([withPolicy(document)], { validity: REGISTRY_VALID, path: "policy" });
        },
      ),
      settings,
    );
  });

  it("a wrong type in every field of a registry policy document, as an object and as JSON", async () => {
    const settings = runSettings(5_2026_1202, 150);
    const base = destinationPolicyDocument(DEST_WEST, "us-west-2");
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...DOCUMENT_FIELDS)
          .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong), fc.boolean())),
        async ([keys, value, asText]) => {
          const document = setAt(base, keys, value);
          const named = String(keys[2] ?? "").startsWith("Not")
            ? keys.slice(0, 2)
            : keys.slice(0, 3);
          await judgeHostile([withPolicy(asText ? JSON.stringify(document) : document)], {
            validity: REGISTRY_VALID,
            path: pathOf("policy", named),
          });
        },
      ),
      settings,
    );
  });

  it("arbitrary values and a wrong type in every field of a replication configuration", async () => {
    const settings = runSettings(5_2026_1203, 150);
    const base = replicationConfiguration().props.replicationConfiguration;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junk
            .filter((v) => v !== null)
            .map((value) => [[] as (string | number)[], value] as const),
          fc
            .constantFrom(...REPLICATION_FIELDS)
            .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong))),
        ),
        async ([keys, value]) => {
          const resource = replicationConfiguration();
          resource.props.replicationConfiguration =
            keys.length === 0 ? value : setAt(base, keys, value);
          await judgeHostile([resource, ...exampleStack().slice(1)], {
            validity: REPLICATION_VALID,
            path: pathOf("replicationConfiguration", keys),
          });
        },
      ),
      settings,
    );
  });

  it("unknown elements at every level, named __proto__, constructor, prototype or anything else", async () => {
    const names = ["__proto__", "constructor", "prototype", "toString", "Statement ", "rule"];
    const policyLevels: (string | number)[][] = [
      [],
      ["Statement", 0],
      ["Statement", 0, "Principal"],
    ];
    for (const name of names) {
      for (const keys of policyLevels) {
        const document = setAt(destinationPolicyDocument(DEST_WEST, "us-west-2"), [...keys, name], {
          x: 1,
        });
        for (const form of [document, JSON.stringify(document)]) {
          await judgeHostile([withPolicy(form)], {
            validity: REGISTRY_VALID,
            path: pathOf(pathOf("policy", keys), [name]),
          });
        }
      }
      const replicationLevels: (string | number)[][] = [
        [],
        ["rules", 0],
        ["rules", 0, "destinations", 0],
        ["rules", 0, "repositoryFilters", 0],
      ];
      for (const keys of replicationLevels) {
        const resource = replicationConfiguration();
        resource.props.replicationConfiguration = setAt(
          resource.props.replicationConfiguration,
          [...keys, name],
          { x: 1 },
        );
        await judgeHostile([resource], {
          validity: REPLICATION_VALID,
          path: pathOf(pathOf("replicationConfiguration", keys), [name]),
        });
      }
    }
    // Nothing leaked into the prototypes.
    assert.strictEqual(({} as Record<string, unknown>).x, undefined);
  });

  it("a replication configuration without rules is reported, not read as 'no rules'", async () => {
    for (const configuration of [{}, { rule: [] }]) {
      const resource = replicationConfiguration();
      resource.props.replicationConfiguration = configuration;
      const found = await judgeHostile([resource]);
      assert.deepStrictEqual(
        found.filter((f) => f.policy === REPLICATION_VALID).map((f) => f.message),
        [
          ...(Object.keys(configuration).length > 0
            ? [
                "replicationConfiguration.rule: is not an element of a replication configuration; allowed: rules",
              ]
            : []),
          "replicationConfiguration.rules: must be a list of replication rules (ECR requires it), got nothing",
        ],
      );
    }
  });

  it("a region input that is not a region, on both resource types", async () => {
    const settings = runSettings(5_2026_1204, 60);
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(junk, fc.constantFrom("us-west-2\u0000", "ｕｓ-west-2", "US-WEST-2", "us-west-2 "))
          .filter(
            (v) => v !== null && !(typeof v === "string" && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(v)),
          ),
        async (region) => {
          const policy = registryPolicy(DEST_WEST, "us-west-2");
          policy.props.region = region;
          await judgeHostile([policy], { validity: REGISTRY_VALID, path: "region" });
          const replication = replicationConfiguration();
          replication.props.region = region;
          await judgeHostile([replication], { validity: REPLICATION_VALID, path: "region" });
        },
      ),
      settings,
    );
  });

  it("10,000 levels of nesting in a JSON text document: a finding at the element, quickly", async () => {
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2") as Record<string, unknown>;
    const statement = (document.Statement as Record<string, unknown>[])[0];
    statement.Action = "DEEP";
    // Written by hand: JSON.stringify itself overflows the stack at this depth.
    const text = JSON.stringify(document).replace(
      '"DEEP"',
      `${"[".repeat(10_000)}"ecr:ReplicateImage"${"]".repeat(10_000)}`,
    );
    const found = await judgeHostile([withPolicy(text)]);
    assert.deepStrictEqual(
      found.filter((f) => f.policy === REGISTRY_VALID).map((f) => f.message),
      [
        "policy.Statement[0].Action[0]: must be a string, got an array nested too deeply to show",
        `policy: must be at most 10240 characters of policy text (PutRegistryPolicy), got ${text.length}`,
      ],
    );
  });

  it("10,000 levels of nesting in an object document: refused (fails closed), never thrown", async () => {
    const document = setAt(
      destinationPolicyDocument(DEST_WEST, "us-west-2"),
      ["Statement", 0, "Action"],
      "x",
    ) as Record<string, Record<string, unknown>[]>;
    document.Statement[0].Action = deepArray(10_000);
    const found = await judge([withPolicy(document)]);
    const valid = found.filter((f) => f.policy === REGISTRY_VALID);
    assert.strictEqual(valid.length, 1, JSON.stringify(valid));
    assert.strictEqual(valid[0].level, "mandatory");
  });

  it("megabyte strings in every string field: findings at the field, in bounded time", async () => {
    const huge = "a".repeat(1 << 20);
    const cases: [(string | number)[], string][] = [
      [["Statement", 0, "Action"], `ecr:${huge}`],
      [["Statement", 0, "Resource"], `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/${huge}`],
      [["Statement", 0, "Principal", "AWS"], `arn:aws:iam::${huge}:root`],
      [["Version"], huge],
      [["Statement", 0, "Action"], `ecr:${"*?".repeat(1 << 19)}`],
      [["Statement", 0, "NotAction"], "*".repeat(1 << 20)],
      [
        ["Statement", 0, "Resource"],
        `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/${"*?".repeat(1 << 19)}`,
      ],
    ];
    for (const [keys, value] of cases) {
      const document = setAt(destinationPolicyDocument(DEST_WEST, "us-west-2"), keys, value);
      const named = String(keys[2] ?? "").startsWith("Not") ? keys.slice(0, 2) : keys;
      const found = await judgeHostile(
        [withPolicy(JSON.stringify(document))],
        { validity: REGISTRY_VALID, path: pathOf("policy", named) },
        10_000,
      );
      const valid = found.filter((f) => f.policy === REGISTRY_VALID).map((f) => f.message);
      // The policy text is over ECR's size limit as well, and no message quotes a megabyte.
      assert.ok(
        valid.includes(
          `policy: must be at most 10240 characters of policy text (PutRegistryPolicy), got ${JSON.stringify(document).length}`,
        ),
        JSON.stringify(valid),
      );
      for (const finding of found) {
        assert.ok(finding.message.length < 2_000, `${finding.policy}: ${finding.message.length}`);
      }
    }
    const resource = replicationConfiguration();
    resource.props.replicationConfiguration = setAt(
      resource.props.replicationConfiguration,
      ["rules", 0, "repositoryFilters", 0, "filter"],
      huge,
    );
    await judgeHostile([resource], {
      validity: REPLICATION_VALID,
      path: "replicationConfiguration.rules[0].repositoryFilters[0].filter",
    });
  });

  it("a megabyte Sid: the normal-form advisory at the field, the size refused, in bounded time", async () => {
    const huge = "a".repeat(1 << 20);
    const document = setAt(
      destinationPolicyDocument(DEST_WEST, "us-west-2"),
      ["Statement", 0, "Sid"],
      `${huge}-`,
    );
    const found = await judgeHostile(
      [withPolicy(JSON.stringify(document))],
      { validity: REGISTRY_VALID, path: "policy" },
      10_000,
    );
    assert.deepStrictEqual(
      found.filter((f) => f.policy === REGISTRY_VALID || f.policy === REGISTRY_NORMAL_FORM),
      [
        {
          policy: REGISTRY_VALID,
          level: "mandatory",
          message: `policy: must be at most 10240 characters of policy text (PutRegistryPolicy), got ${JSON.stringify(document).length}`,
        },
        {
          policy: REGISTRY_NORMAL_FORM,
          level: "advisory",
          message: `policy.Statement[0].Sid: must be letters and digits only (A-Z, a-z, 0-9), got '${"a".repeat(77)}...'`,
        },
      ],
    );
  });

  it("non-ASCII look-alikes are refused (a Sid: advised, as normal form) with the value quoted", async () => {
    const cases: [(string | number)[], string, string][] = [
      [
        ["Statement", 0, "Principal", "AWS"],
        "arn:aws:iam::１１１１１１１１１１１１:root",
        `policy.Statement[0].Principal.AWS[0]: must be a 12-digit account id, arn:<partition>:iam::<account>:root, arn:<partition>:iam::<account>:user/<name>, arn:<partition>:iam::<account>:role/<name>, or "*", got 'arn:aws:iam::１１１１１１１１１１１１:root'`,
      ],
      [
        ["Statement", 0, "Action"],
        "ecr:Replicate\u0130mage",
        "policy.Statement[0].Action[0]: must name at least one ECR action, got 'ecr:Replicateİmage'",
      ],
      [
        ["Statement", 0, "Sid"],
        "Replicate\u200bFrom",
        "policy.Statement[0].Sid: must be letters and digits only (A-Z, a-z, 0-9), got 'Replicate\u200bFrom'",
      ],
      [
        ["Statement", 0, "Resource"],
        `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/prod-😀*`,
        `policy.Statement[0].Resource[0]: must be a private ECR repository ARN arn:aws:ecr:us-west-2:${DEST_WEST}:repository/<name>, got 'arn:aws:ecr:us-west-2:${DEST_WEST}:repository/prod-😀*': the repository name pattern must be lowercase letters, digits, '.', '_', '-', '/' and wildcards '*', '?', not 'prod-😀*'`,
      ],
    ];
    for (const [keys, value, message] of cases) {
      const document = setAt(destinationPolicyDocument(DEST_WEST, "us-west-2"), keys, value);
      const found = await judgeHostile([withPolicy(JSON.stringify(document))]);
      assert.deepStrictEqual(
        found
          .filter((f) => f.policy === REGISTRY_VALID || f.policy === REGISTRY_NORMAL_FORM)
          .map((f) => f.message),
        [message],
      );
    }
  });

  it("malformed JSON text: one finding quoting the start of it", async () => {
    const texts = [
      '{"Version": "2012-10-17", "Statement": [',
      "{'Version': 1}",
      "",
      "[".repeat(100_000),
    ];
    for (const text of texts) {
      const found = await judgeHostile([withPolicy(text)]);
      const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
      assert.deepStrictEqual(
        found.filter((f) => f.policy === REGISTRY_VALID).map((f) => f.message),
        [`policy: must be a JSON policy document, got '${shown}'`],
      );
    }
  });
});
