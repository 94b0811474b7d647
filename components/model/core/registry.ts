/**
 * An ECR private registry's location. Each AWS account has one private registry per region, so an
 * account id and a region name identify it (ECR user guide, private registry concepts).
 */
import { checkAccountId, checkRegion } from "./identifiers";
import { describe, join, Problem } from "./problems";
import { isPlainObject } from "./property-values";

/** One ECR private registry: the account that owns it (its registry id) and its region. */
export interface RegistryLocation {
  /** The 12-digit account id (the registry id). */
  accountId: string;
  /** The region, such as `us-west-2`. */
  region: string;
}

/** The key naming a registry in maps and outputs: `<accountId>/<region>`. */
export function registryKey(registry: RegistryLocation): string {
  return `${registry.accountId}/${registry.region}`;
}

/** Orders registries by account id, then region: the order of every generated list. */
export function compareRegistries(a: RegistryLocation, b: RegistryLocation): number {
  return compareStrings(a.accountId, b.accountId) || compareStrings(a.region, b.region);
}

/** Code-unit order, independent of the locale (so output is byte-identical everywhere). */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Lexicographic order of string lists, element by element, a shorter list first on a tie. */
export function compareStringLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareStrings(a[i], b[i]);
    if (order !== 0) {
      return order;
    }
  }
  return a.length - b.length;
}

/** Problems with a registry location at `path`: an object with a valid account id and region. */
export function checkRegistryLocation(value: unknown, path: string): Problem[] {
  if (!isPlainObject(value)) {
    return [{ path, message: `must be a registry: { accountId, region }, got ${describe(value)}` }];
  }
  return [
    ...checkAccountId(value.accountId, join(path, "accountId")),
    ...checkRegion(value.region, join(path, "region")),
  ];
}

/** Problems with an optional boolean flag at `path`. */
export function checkOptionalBoolean(value: unknown, path: string): Problem[] {
  if (value === undefined || typeof value === "boolean") {
    return [];
  }
  return [{ path, message: `must be true or false when given, got ${describe(value)}` }];
}

/**
 * Problems with a list that must not be empty, at `path`, then, once it is one, with each item
 * (`checkItem` at `path[index]`). `kind` completes "must be ..." (`a list of repository
 * prefixes`); `atLeastOne` completes "must list ..." and says why (`at least one destination
 * (...)`).
 */
export function checkNonEmptyList(
  value: unknown,
  path: string,
  kind: string,
  atLeastOne: string,
  checkItem: (item: unknown, path: string) => Problem[],
): Problem[] {
  if (!Array.isArray(value)) {
    return [{ path, message: `must be ${kind}, got ${describe(value)}` }];
  }
  if (value.length === 0) {
    return [{ path, message: `must list ${atLeastOne}, got []` }];
  }
  // Array.from: a sparse list's holes are checked as undefined items, not skipped.
  return Array.from(value).flatMap((item, index) => checkItem(item, join(path, index)));
}
