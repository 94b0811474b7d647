/**
 * Config schema fragments and typed readers for the pack's config keys (the keys of a
 * `--policy-pack-config` file: README.md's "Policy pack" table, `policypack/config.example.json`).
 * Every property has a default, so a policy runs unconfigured.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PolicyConfig } from "./findings";

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
