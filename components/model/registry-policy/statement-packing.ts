/**
 * Packing a registry policy's grants (accounts x prefixes x actions) into few, short statements
 * without granting anything extra. Pure combinatorics over strings: the registry policy builder
 * renders the shapes as statements and measures them.
 *
 * A statement with principals A, resources `repository/<p>*` for p in P and actions X grants every
 * (a, p, x) in A x P x X. It is exact when each of those is already granted by the input: some
 * grant of `a` names a prefix q of p (or every repository) with action x. Statements are unions,
 * so shapes may overlap; every requested (account, prefix, action) must be in one of them.
 *
 * This file holds the shapes, their cost, and the packings that group equal sets; the greedy
 * cover is ./greedy-cover.ts; reading the grant table is ./grant-table.ts.
 */
import { compareStrings } from "../core";
import { GrantTable, isRequested, sortedAccounts, sortedKeys, sortedPrefixes } from "./grant-table";

export type { GrantTable } from "./grant-table";

/** One statement before rendering: sorted accounts, prefixes (`""` is every repository), actions. */
export interface StatementShape {
  accounts: string[];
  prefixes: string[];
  actions: string[];
}

/**
 * What a statement costs in characters, the measure packing minimises: `empty` is a statement with
 * an empty principal string and empty Action and Resource lists; the others are each item's
 * quoted JSON length. A statement lists its principals (a bare string for one), actions and
 * resources, comma-separated, and is followed by a comma.
 */
export interface StatementCost {
  empty: number;
  principal(accountId: string): number;
  action(action: string): number;
  resource(prefix: string): number;
}

/**
 * Accounts with identical (actions, prefixes) share a statement: each account's requested prefixes
 * grouped by their action set, and the accounts of equal groups listed together. (The original
 * generator's shape; packing never does worse than it.)
 */
export function groupByPrefixSet(table: GrantTable): StatementShape[] {
  const byScope = new Map<string, StatementShape>();
  for (const account of sortedAccounts(table)) {
    const prefixesByActions = new Map<string, { actions: string[]; prefixes: string[] }>();
    for (const prefix of sortedKeys(table.get(account) ?? new Map())) {
      const actions = [...(table.get(account)?.get(prefix) ?? [])].sort(compareStrings);
      // A prefix whose every action a shorter prefix grants adds nothing.
      if (actions.every((action) => !isRequested(table, account, prefix, action))) {
        continue;
      }
      const key = actions.join(",");
      const group = prefixesByActions.get(key) ?? { actions, prefixes: [] };
      group.prefixes.push(prefix);
      prefixesByActions.set(key, group);
    }
    for (const { actions, prefixes } of prefixesByActions.values()) {
      const key = JSON.stringify([actions, prefixes]);
      const shape = byScope.get(key) ?? { accounts: [], prefixes, actions };
      shape.accounts.push(account);
      byScope.set(key, shape);
    }
  }
  return [...byScope.values()];
}

/**
 * Prefixes with identical (actions, accounts) share a statement: for each prefix and action set,
 * the accounts requesting exactly those actions there, and the prefixes of equal groups together.
 */
export function groupByAccountSet(table: GrantTable): StatementShape[] {
  const accountsByPrefixActions = new Map<string, { prefix: string; actions: string[] }>();
  const accountsOf = new Map<string, string[]>();
  for (const account of sortedAccounts(table)) {
    for (const prefix of sortedKeys(table.get(account) ?? new Map())) {
      const actions = [...(table.get(account)?.get(prefix) ?? [])].sort(compareStrings);
      if (actions.every((action) => !isRequested(table, account, prefix, action))) {
        continue;
      }
      const key = JSON.stringify([prefix, actions]);
      accountsByPrefixActions.set(key, { prefix, actions });
      accountsOf.set(key, [...(accountsOf.get(key) ?? []), account]);
    }
  }
  const byScope = new Map<string, StatementShape>();
  for (const [key, { prefix, actions }] of [...accountsByPrefixActions].sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    const accounts = accountsOf.get(key) ?? [];
    const scopeKey = JSON.stringify([actions, accounts]);
    const shape = byScope.get(scopeKey) ?? { accounts, prefixes: [], actions };
    shape.prefixes.push(prefix);
    byScope.set(scopeKey, shape);
  }
  return [...byScope.values()].map((shape) => ({
    ...shape,
    prefixes: [...shape.prefixes].sort(compareStrings),
  }));
}

/**
 * Each action on its own, then joined: for each action, the accounts requesting it on identical
 * prefix sets share a statement (`by: "prefixes"`), or the prefixes on which identical account
 * sets request it share one (`by: "accounts"`); statements of different actions with the same
 * accounts and prefixes become one with both actions.
 */
export function groupPerAction(
  table: GrantTable,
  actionNames: readonly string[],
  by: "prefixes" | "accounts",
): StatementShape[] {
  const accounts = sortedAccounts(table);
  const prefixes = sortedPrefixes(table);
  const joined = new Map<string, StatementShape>();
  for (const action of [...actionNames].sort(compareStrings)) {
    const groups = new Map<string, { accounts: string[]; prefixes: string[] }>();
    const outer = by === "prefixes" ? accounts : prefixes;
    for (const key of outer) {
      const inner =
        by === "prefixes"
          ? prefixes.filter((prefix) => isRequested(table, key, prefix, action))
          : accounts.filter((account) => isRequested(table, account, key, action));
      if (inner.length === 0) {
        continue;
      }
      const id = JSON.stringify(inner);
      const group =
        groups.get(id) ??
        (by === "prefixes" ? { accounts: [], prefixes: inner } : { accounts: inner, prefixes: [] });
      (by === "prefixes" ? group.accounts : group.prefixes).push(key);
      groups.set(id, group);
    }
    for (const group of groups.values()) {
      const id = JSON.stringify([group.accounts, group.prefixes]);
      const shape = joined.get(id) ?? { ...group, actions: [] };
      shape.actions.push(action);
      joined.set(id, shape);
    }
  }
  return [...joined.values()];
}
