/**
 * The two creation template policies (and every other policy of the pack beside them) on hostile
 * template resources: a wrong type in every input, arbitrary JSON and text, megabyte strings,
 * `__proto__` keys. Nothing may throw, fail with an internal error or pass silently: the validity
 * policy reports a mandatory finding at the input's path.
 */
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as fc from "fast-check";
import {
  APPLIED_FOR_VALUES,
  ENCRYPTION_TYPES,
  IMAGE_TAG_MUTABILITY_VALUES,
  isPlainObject,
  TEMPLATE_PREFIX_PATTERN,
} from "../../components/model/core";
import { policies } from "../../policypack/policies";
import { runSettings, setAt } from "../oracle/oracle";
import { creationTemplate, DEST_WEST, exampleStack } from "./fixtures";
import { runResourcePolicy, runStackPolicy, TestResource } from "./run-policy";

const VALID = "ecr-creation-template-valid";
const junk = fc.jsonValue({ maxDepth: 3 });

/** Every finding of every policy on the stack, after checking none failed internally. */
async function judge(
  resources: TestResource[],
): Promise<{ policy: string; level: string; message: string }[]> {
  const found: { policy: string; level: string; message: string }[] = [];
  for (const policy of policies) {
    const violations =
      "validateResource" in policy
        ? (
            await Promise.all(
              resources.map((r) => runResourcePolicy(policy as ResourceValidationPolicy, r)),
            )
          ).flat()
        : await runStackPolicy(policy as StackValidationPolicy, resources);
    for (const v of violations) {
      assert.ok(!v.message.includes("internal error"), `${policy.name}: ${v.message}`);
      found.push({ policy: policy.name, level: v.enforcementLevel, message: v.message });
    }
  }
  return found;
}

/** The example's west shared template with the input at `keys` set to `value`. */
function withInput(keys: (string | number)[], value: unknown): TestResource {
  const template = creationTemplate(DEST_WEST, "us-west-2", "shared");
  const props = setAt(template.props, keys, value) as Record<string, unknown>;
  return { ...template, props };
}

const str = (v: unknown) => typeof v === "string";
/** Template inputs, and which values of each must be refused. */
const INPUTS: [(string | number)[], (v: unknown) => boolean][] = [
  [["prefix"], (v) => !(str(v) && TEMPLATE_PREFIX_PATTERN.test(v as string))],
  [
    ["appliedFors"],
    (v) => !(Array.isArray(v) && v.length === 1 && APPLIED_FOR_VALUES.includes(v[0])),
  ],
  [["appliedFors", 0], (v) => !APPLIED_FOR_VALUES.includes(v as string)],
  [["imageTagMutability"], (v) => v !== null && !IMAGE_TAG_MUTABILITY_VALUES.includes(v as string)],
  [
    ["imageTagMutabilityExclusionFilters"],
    (v) => v !== null && !(Array.isArray(v) && v.length === 0),
  ],
  [["encryptionConfigurations"], (v) => v !== null && (!Array.isArray(v) || v.length > 1)],
  [["encryptionConfigurations", 0], (v) => !isPlainObject(v)],
  [
    ["encryptionConfigurations", 0, "encryptionType"],
    (v) => v !== null && v !== "" && !ENCRYPTION_TYPES.includes(v as string),
  ],
  [["encryptionConfigurations", 0, "kmsKey"], (v) => v !== null && v !== ""],
  [["lifecyclePolicy"], (v) => v !== null && v !== ""],
  [["repositoryPolicy"], (v) => v !== null && v !== ""],
  [
    ["resourceTags"],
    (v) =>
      v !== null &&
      (!isPlainObject(v) ||
        Object.values(v).some((tag) => typeof tag !== "string") ||
        Object.keys(v).some((key) => key.length === 0 || key.length > 128)),
  ],
  [["customRoleArn"], (v) => v !== null && v !== ""],
  [["description"], (v) => v !== null && (!str(v) || (v as string).length > 256)],
];

function pathOf(keys: (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    "",
  );
}

describe("creation template policies under hostile input", function () {
  this.timeout(120_000);

  it("a wrong type in every input of a template: a mandatory finding at the input", async () => {
    const settings = runSettings(5_2026_1601, 200);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...INPUTS)
          .chain(([keys, wrong]) => fc.tuple(fc.constant(keys), junk.filter(wrong))),
        async ([keys, value]) => {
          const found = await judge([withInput(keys, value), ...exampleStack()]);
          const path = pathOf(keys);
          assert.ok(
            found.some(
              (f) =>
                f.policy === VALID &&
                f.level === "mandatory" &&
                [":", ".", "["].some((next) => f.message.startsWith(`${path}${next}`)),
            ),
            `nothing at ${path} for ${JSON.stringify(value)}: ${JSON.stringify(found)}`,
          );
        },
      ),
      settings,
    );
  });

  it("arbitrary JSON values as the whole props and as every input, __proto__ keys included", async () => {
    const settings = runSettings(5_2026_1602, 120);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom("__proto__", "constructor", ...INPUTS.map(([keys]) => String(keys[0]))),
          junk,
        ),
        async (props) => {
          const template = creationTemplate(DEST_WEST, "us-west-2", "shared");
          await judge([
            { ...template, props: props as Record<string, unknown> },
            ...exampleStack(),
          ]);
        },
      ),
      settings,
    );
  });

  it("megabyte strings in every string input: findings at the input, short, in bounded time", async () => {
    const huge = "a".repeat(1 << 20);
    for (const keys of [
      ["prefix"],
      ["customRoleArn"],
      ["lifecyclePolicy"],
      ["repositoryPolicy"],
      ["description"],
      ["encryptionConfigurations", 0, "kmsKey"],
    ]) {
      const started = Date.now();
      const found = await judge([withInput(keys, huge), ...exampleStack()]);
      assert.ok(Date.now() - started < 10_000, `${pathOf(keys)} took ${Date.now() - started} ms`);
      assert.ok(
        found.some((f) => f.policy === VALID && f.message.startsWith(`${pathOf(keys)}:`)),
        `${pathOf(keys)}: ${JSON.stringify(found).slice(0, 500)}`,
      );
      for (const finding of found) {
        assert.ok(finding.message.length < 2_000, `${finding.policy}: ${finding.message.length}`);
      }
    }
  });
});
