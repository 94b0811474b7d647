/**
 * Config schema fragments and typed readers for the pack's config keys (architecture.md: the
 * keys of a `--policy-pack-config` file). Every property has a default, so a policy runs
 * unconfigured.
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

/** The strings of a list config value; anything else reads as the empty list. */
export function stringList(config: PolicyConfig, key: string): string[] {
  const value = config[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/** A boolean config value, or `fallback` when it is not a boolean. */
export function flag(config: PolicyConfig, key: string, fallback: boolean): boolean {
  const value = config[key];
  return typeof value === "boolean" ? value : fallback;
}

/** `'a', 'b'`: a list of values for messages. */
export function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(", ");
}

/** How many items a message lists before "and N more". */
const LISTED_ITEMS = 4;

/** `a, b, c, d and 56 more`: a long list shortened for a message. */
export function listSome(values: readonly string[]): string {
  const shown = values.slice(0, LISTED_ITEMS).join(", ");
  const more = values.length - LISTED_ITEMS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}
