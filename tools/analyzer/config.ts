/**
 * Policy pack configuration as the Pulumi CLI computes it before calling Configure:
 * defaults from every policy's config schema, then the pack's initial config, then the user's
 * `--policy-pack-config` file (keys are policy names, or `all` for an enforcement level applied to
 * every policy). Follows pulumi/pulumi `pkg/resource/analyzer/config.go`
 * (`createConfigWithDefaults`, `ReconcilePolicyPackConfig`, `applyConfig`, `parsePolicyPackConfig`).
 */
import { describe, isPlainObject, Problem } from "../../components/model/core";
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
 * Entries with neither a level nor properties are dropped, as the CLI does.
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
      if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
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

/**
 * The config to send to Configure: for every policy of the pack, its enforcement level and the
 * `default` of each top-level property of its config schema; then the pack's initial config and
 * the user's config laid over it (an `all` entry sets every policy's level first; properties merge
 * key by key). The result is checked against each policy's schema (required properties, the
 * `type` and `enum` of each top-level property); any problem throws {@link PolicyConfigError}.
 */
export function fillConfigDefaults(
  info: AnalyzerInfo,
  userConfig: UserPolicyConfig = {},
): Record<string, PolicyConfig> {
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
  const all = config.all;
  if (all?.enforcementLevel !== undefined) {
    for (const entry of Object.values(result)) {
      entry.enforcementLevel = all.enforcementLevel;
    }
  }
  for (const [policyName, given] of Object.entries(config)) {
    // Like the CLI, a key that names no policy (or `all` itself) is carried along, not refused.
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

/** Checks the `type` and `enum` keywords only: enough to catch a mistyped config file. */
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
  return [];
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
