/**
 * Reading the merged grant table (per account, the actions granted on each prefix) the statement
 * packings work from: which (account, prefix, action) a statement must grant, which it may grant,
 * and the table's accounts in order.
 */
import { compareStrings } from "../core";

/** Per account, the actions granted on each prefix (`""` for every repository). */
export type GrantTable = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/**
 * The requested grants without what a shorter prefix of the same account already grants: an
 * (account, prefix, action) that must appear in some statement.
 */
export function isRequested(
  table: GrantTable,
  account: string,
  prefix: string,
  action: string,
): boolean {
  const actionsByPrefix = table.get(account);
  if (actionsByPrefix?.get(prefix)?.has(action) !== true) {
    return false;
  }
  return ![...actionsByPrefix].some(
    ([shorter, actions]) => shorter !== prefix && prefix.startsWith(shorter) && actions.has(action),
  );
}

/** Whether the input grants `account` the `action` on every repository starting with `prefix`. */
export function isGranted(
  table: GrantTable,
  account: string,
  prefix: string,
  action: string,
): boolean {
  return [...(table.get(account) ?? [])].some(
    ([shorter, actions]) => prefix.startsWith(shorter) && actions.has(action),
  );
}

/** The table's accounts in string order. */
export function sortedAccounts(table: GrantTable): string[] {
  return sortedKeys(table);
}

/** The table's prefixes (of any account) in string order. */
export function sortedPrefixes(table: GrantTable): string[] {
  return [...new Set([...table.values()].flatMap((byPrefix) => [...byPrefix.keys()]))].sort(
    compareStrings,
  );
}

/** A map's keys in string order. */
export function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort(compareStrings);
}
