/**
 * Config schema fragments and typed readers for the pack's config keys (the keys of a
 * `--policy-pack-config` file: README.md's "Policy pack" table, `policypack/config.example.json`).
 * Every property has a default, so a policy runs unconfigured.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PolicyConfig } from "./findings";

/** A policy's config schema that admits no key but its own properties (and enforcementLevel). */
export type ClosedConfigSchema = PolicyConfigSchema & { additionalProperties: false };

/**
 * A policy's config schema, closed: `additionalProperties: false`, so a mistyped key is an error,
 * not a silent fallback to the open default. `enforcementLevel` stays allowed: the CLI takes it
 * out of a policy's config before validating (`extractEnforcementLevel`, pulumi/pulumi
 * `pkg/resource/analyzer/config.go`) and `@pulumi/policy` refuses it as a property (`serve`).
 * Caveat: `@pulumi/policy` 1.21 sends only `properties` and `required` in GetAnalyzerInfo
 * (`protoutil.js` `makeAnalyzerInfo`; the protocol's PolicyConfigSchema has no other field), so
 * the Pulumi CLI does not see this keyword; the offline preview refuses unknown keys itself.
 */
export function closedConfigSchema(
  properties: Record<string, PolicyConfigJSONSchema>,
): ClosedConfigSchema {
  return { properties, additionalProperties: false };
}

/** A list of strings, with its default. */
export function stringListSchema(
  description: string,
  defaultValue: readonly string[] = [],
  items: PolicyConfigJSONSchema = { type: "string" },
): PolicyConfigJSONSchema {
  return { type: "array", items, default: [...defaultValue], description };
}

/** Schema of `allowedPrefixes`, shared by the two prefix policies. */
export const ALLOWED_PREFIXES_SCHEMA = stringListSchema(
  "Repository name prefixes replication may cover, such as 'prod-'. A grant or filter must lie within one of them ('prod*' is not within 'prod-'). Empty: any prefix, but never every repository.",
  [],
  { type: "string", minLength: 1 },
);

/** The strings configured under a list key; anything else reads as the empty list. */
export function configuredStrings(config: PolicyConfig, key: string): string[] {
  const value = config[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}
