/**
 * Policy pack configuration as the Pulumi CLI computes it before calling Configure:
 * defaults from every policy's config schema, then the pack's initial config, then the user's
 * `--policy-pack-config` file (keys are policy names, or `all` for an enforcement level applied to
 * every policy). Follows pulumi/pulumi `pkg/resource/analyzer/config.go`
 * (`createConfigWithDefaults`, `ReconcilePolicyPackConfig`, `applyConfig`, `parsePolicyPackConfig`).
 *
 * Stricter than the CLI on purpose: a policy name the pack does not have, or a key its schema does
 * not declare, is refused with the closest valid name. The CLI carries both along silently, so a
 * typo leaves the policy on its open defaults. (The CLI cannot be told otherwise: GetAnalyzerInfo's
 * `PolicyConfigSchema` carries only `properties` and `required`, and the CLI validates each policy
 * against `{type: object, properties, required}`, `convertSchema` in the same file.)
 */
import { describe, isPlainObject, Problem, quotedList } from "../../components/model/core";
import { closestName } from "./closest-name";
import {
  AnalyzerInfo,
  ENFORCEMENT_LEVELS,
  EnforcementLevel,
  JsonSchema,
  PolicyConfig,
  PolicyInfo,
} from "./types";

/** A `--policy-pack-config` file after parsing: per policy, a level and/or properties. */
export type UserPolicyConfig = Record<
  string,
  { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }
>;

/** Raised when a policy pack config file or the reconciled config is invalid; lists every problem. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `invalid policy pack config:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`,
    );
    this.name = "PolicyConfigError";
  }
}

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/**
 * Parses the JSON of a `--policy-pack-config` file: each key is a policy name (or `all`) and each
 * value either an enforcement level string or an object `{ enforcementLevel?, ...properties }`.
 * Entries with neither a level nor properties are kept (the CLI drops them) so that their policy
 * names are checked too; they change nothing.
 */
export function parsePolicyPackConfig(document: unknown): UserPolicyConfig {
  if (!isPlainObject(document)) {
    throw new PolicyConfigError([
      {
        path: "",
        message: `must be a JSON object keyed by policy name, got ${describe(document)}`,
      },
    ]);
  }
  const problems: Problem[] = [];
  const result: UserPolicyConfig = {};
  for (const [policyName, value] of Object.entries(document)) {
    if (typeof value === "string") {
      if (!isEnforcementLevel(value)) {
        problems.push({
          path: policyName,
          message: `must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${describe(value)}`,
        });
        continue;
      }
      result[policyName] = { enforcementLevel: value, properties: {} };
    } else if (isPlainObject(value)) {
      const { enforcementLevel, ...properties } = value;
      if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        problems.push({
          path: `${policyName}.enforcementLevel`,
          message: `must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${describe(enforcementLevel)}`,
        });
        continue;
      }
      result[policyName] = { enforcementLevel, properties };
    } else {
      problems.push({
        path: policyName,
        message: `must be an enforcement level string or an object, got ${describe(value)}`,
      });
    }
  }
  if (problems.length > 0) {
    throw new PolicyConfigError(problems);
  }
  return result;
}

/** The key of a config file that sets every policy's level. */
const ALL_POLICIES = "all";

/** `unknown <what>: did you mean '<closest>'?`, or `otherwise` when nothing is close. */
function unknownName(
  what: string,
  name: string,
  valid: readonly string[],
  otherwise: string,
): string {
  const closest = closestName(name, valid);
  return closest === undefined
    ? `unknown ${what}: ${otherwise}`
    : `unknown ${what}: did you mean '${closest}'?`;
}

/**
 * Every policy name and key of the user's config that the pack does not declare (as
 * GetAnalyzerInfo reports it: the tool keeps no list of its own), with the closest valid name.
 */
function checkNames(info: AnalyzerInfo, userConfig: UserPolicyConfig): Problem[] {
  const policies = new Map(info.policies.map((policy) => [policy.name, policy]));
  const problems: Problem[] = [];
  for (const [policyName, entry] of Object.entries(userConfig)) {
    const policy = policies.get(policyName);
    if (policy === undefined && policyName !== ALL_POLICIES) {
      problems.push({
        path: policyName,
        message: unknownName(
          "policy",
          policyName,
          [...policies.keys()],
          `${info.name} has no policy of that name ('${ALL_POLICIES}' sets every policy's level)`,
        ),
      });
      continue;
    }
    const keys = Object.keys(policy?.configSchema?.properties ?? {});
    const takes = `${policyName} takes ${quotedList([...keys, "enforcementLevel"])}`;
    for (const key of Object.keys(entry.properties).filter((k) => !keys.includes(k))) {
      problems.push({
        path: `${policyName}.${key}`,
        message: unknownName("key", key, [...keys, "enforcementLevel"], takes),
      });
    }
  }
  return problems;
}

/**
 * The config to send to Configure: for every policy of the pack, its enforcement level and the
 * `default` of each top-level property of its config schema; then the pack's initial config and
 * the user's config laid over it (an `all` entry sets every policy's level first; properties merge
 * key by key). The user's config may name only the pack's policies and their schemas' keys; the
 * result is checked against each policy's schema (required properties; `type`, `enum`, `pattern`,
 * `minLength`, `maxLength` and array `items`). Any problem throws {@link PolicyConfigError}.
 */
export function fillConfigDefaults(
  info: AnalyzerInfo,
  userConfig: UserPolicyConfig = {},
): Record<string, PolicyConfig> {
  const unknown = checkNames(info, userConfig);
  if (unknown.length > 0) {
    throw new PolicyConfigError(unknown);
  }
  const result: Record<string, PolicyConfig> = {};
  for (const policy of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if ("default" in schema) {
        properties[key] = schema.default;
      }
    }
    result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  applyConfig(result, info.initialConfig);
  applyConfig(result, userConfig);
  const problems = info.policies.flatMap((policy) =>
    checkPolicyConfig(policy, result[policy.name]),
  );
  if (problems.length > 0) {
    throw new PolicyConfigError(problems);
  }
  return result;
}

function applyConfig(
  result: Record<string, PolicyConfig>,
  config: Record<
    string,
    { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }
  >,
): void {
  const all = config[ALL_POLICIES];
  if (all?.enforcementLevel !== undefined) {
    for (const entry of Object.values(result)) {
      entry.enforcementLevel = all.enforcementLevel;
    }
  }
  for (const [policyName, given] of Object.entries(config)) {
    // Like the CLI, `all` itself is carried along (unknown names were refused before).
    const current = result[policyName] ?? { enforcementLevel: "advisory", properties: {} };
    result[policyName] = {
      enforcementLevel: given.enforcementLevel ?? current.enforcementLevel,
      properties: { ...current.properties, ...given.properties },
    };
  }
}

function checkPolicyConfig(policy: PolicyInfo, config: PolicyConfig): Problem[] {
  const schema = policy.configSchema;
  if (schema === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  for (const key of schema.required) {
    if (!(key in config.properties)) {
      problems.push({ path: `${policy.name}.${key}`, message: "is required" });
    }
  }
  for (const [key, value] of Object.entries(config.properties)) {
    const propertySchema = schema.properties[key];
    if (propertySchema !== undefined) {
      problems.push(...checkAgainst(propertySchema, value, `${policy.name}.${key}`));
    }
  }
  return problems;
}

/**
 * Checks the keywords the pack's schemas use (`type`, `enum`, `pattern`, `minLength`,
 * `maxLength`, and `items` of an array, item by item); other keywords are left to the CLI, which
 * validates the whole JSON schema.
 */
function checkAgainst(schema: JsonSchema, value: unknown, path: string): Problem[] {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.type !== undefined && !types.some((type) => hasJsonType(value, type))) {
    return [{ path, message: `must be of type ${types.join(" or ")}, got ${describe(value)}` }];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => allowed === value)) {
    return [
      {
        path,
        message: `must be one of ${schema.enum.map((e) => describe(e)).join(", ")}, got ${describe(value)}`,
      },
    ];
  }
  if (typeof value === "string") {
    return checkString(schema, value, path);
  }
  if (Array.isArray(value) && isPlainObject(schema.items)) {
    const items = schema.items;
    return value.flatMap((item, index) => checkAgainst(items, item, `${path}[${index}]`));
  }
  return [];
}

function checkString(schema: JsonSchema, value: string, path: string): Problem[] {
  // JSON Schema counts characters (code points), not UTF-16 units.
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) {
    return [
      { path, message: `must be at least ${characters(schema.minLength)}, got ${describe(value)}` },
    ];
  }
  if (typeof schema.maxLength === "number" && length > schema.maxLength) {
    return [
      { path, message: `must be at most ${characters(schema.maxLength)}, got ${describe(value)}` },
    ];
  }
  // A JSON Schema pattern is unanchored: it must match somewhere in the string.
  if (typeof schema.pattern === "string" && patternOf(schema.pattern)?.test(value) === false) {
    return [{ path, message: `must match ${schema.pattern}, got ${describe(value)}` }];
  }
  return [];
}

function characters(count: number): string {
  return `${count} character${count === 1 ? "" : "s"}`;
}

/** A schema's pattern as a RegExp; undefined (left to the CLI) if JavaScript cannot compile it. */
function patternOf(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
}

function hasJsonType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}
