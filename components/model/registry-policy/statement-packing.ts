/**
 * Packing a registry policy's grants (accounts x prefixes x actions) into few, short statements
 * without granting anything extra. Pure combinatorics over strings: the registry policy builder
 * renders the shapes as statements and measures them.
 *
 * A statement with principals A, resources `repository/<p>*` for p in P and actions X grants every
 * (a, p, x) in A x P x X. It is exact when each of those is already granted by the input: some
 * grant of `a` names a prefix q of p (or every repository) with action x. Statements are unions,
 * so shapes may overlap; every requested (account, prefix, action) must be in one of them.
 */
import { compareStringLists, compareStrings } from "../core";

/** One statement before rendering: sorted accounts, prefixes (`""` is every repository), actions. */
export interface StatementShape {
  accounts: string[];
  prefixes: string[];
  actions: string[];
}

/** Per account, the actions granted on each prefix (`""` for every repository). */
export type GrantTable = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

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
 * The requested grants without what a shorter prefix of the same account already grants: an
 * (account, prefix, action) that must appear in some statement.
 */
function isRequested(table: GrantTable, account: string, prefix: string, action: string): boolean {
  const actionsByPrefix = table.get(account);
  if (actionsByPrefix?.get(prefix)?.has(action) !== true) {
    return false;
  }
  return ![...actionsByPrefix].some(
    ([shorter, actions]) => shorter !== prefix && prefix.startsWith(shorter) && actions.has(action),
  );
}

/** Whether the input grants `account` the `action` on every repository starting with `prefix`. */
function isGranted(table: GrantTable, account: string, prefix: string, action: string): boolean {
  return [...(table.get(account) ?? [])].some(
    ([shorter, actions]) => prefix.startsWith(shorter) && actions.has(action),
  );
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
  const prefixes = [...new Set([...table.values()].flatMap((m) => [...m.keys()]))].sort(
    compareStrings,
  );
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

/** Above this many (account x prefix x (account + prefix)) steps per round, greedy packing is skipped. */
export const MAX_GREEDY_WORK = 4_000_000;

/**
 * A greedy rectangle cover: repeatedly the statement (accounts x prefixes x actions, exact) that
 * covers the most still-uncovered requested grants per character, among candidates grown from
 * one account's or one prefix's uncovered grants for each action set ({both}, {Replicate},
 * {Create}); then principals, resources and statements the others already cover are dropped,
 * and statements with the same actions merged where the union grants nothing extra and is shorter.
 * Returns undefined when the table is too large for the search (see {@link MAX_GREEDY_WORK}).
 */
export function greedyRectangleCover(
  table: GrantTable,
  actionNames: readonly string[],
  cost: StatementCost,
  prefer: "density" | "size" = "density",
): StatementShape[] | undefined {
  const accounts = sortedAccounts(table);
  const prefixes = [
    ...new Set([...table.values()].flatMap((byPrefix) => [...byPrefix.keys()])),
  ].sort(compareStrings);
  const nA = accounts.length;
  const nP = prefixes.length;
  if (nA * nP * (nA + nP) > MAX_GREEDY_WORK) {
    return undefined;
  }
  const actions = [...actionNames].sort(compareStrings);
  const principalCost = accounts.map((account) => cost.principal(account));
  const resourceCost = prefixes.map((prefix) => cost.resource(prefix));
  const actionCost = actions.map((action) => cost.action(action));
  /** A list's characters: brackets, items, commas between. */
  const listCost = (indices: readonly number[], costs: readonly number[]) => {
    let sum = 2 + Math.max(indices.length - 1, 0);
    for (const i of indices) {
      sum += costs[i];
    }
    return sum;
  };
  /** The characters of the statement for (as, ps, xs), with the comma after it. */
  const lengthOf = ({ as, ps, xs }: { as: number[]; ps: number[]; xs: number[] }) =>
    cost.empty -
    6 +
    (as.length === 1 ? principalCost[as[0]] : listCost(as, principalCost)) +
    listCost(xs, actionCost) +
    listCost(ps, resourceCost) +
    1;
  const cell = (x: number, a: number, p: number) => (x * nA + a) * nP + p;
  const uncovered = new Uint8Array(actions.length * nA * nP);
  const granted = new Uint8Array(actions.length * nA * nP);
  let remaining = 0;
  actions.forEach((action, x) => {
    accounts.forEach((account, a) => {
      prefixes.forEach((prefix, p) => {
        granted[cell(x, a, p)] = isGranted(table, account, prefix, action) ? 1 : 0;
        if (isRequested(table, account, prefix, action)) {
          uncovered[cell(x, a, p)] = 1;
          remaining++;
        }
      });
    });
  });
  // Action sets a statement may carry: all actions together first, then each alone.
  const actionSets: number[][] = [actions.map((_, x) => x), ...actions.map((_, x) => [x])].filter(
    (set, index, all) => all.findIndex((other) => other.join() === set.join()) === index,
  );
  const cells = nA * nP;
  /** Per action set, per (account, prefix): may a statement grant all of its actions there. */
  const validIn = actionSets.map((xs) => {
    const ok = new Uint8Array(cells);
    for (let i = 0; i < cells; i++) {
      ok[i] = xs.every((x) => granted[x * cells + i] === 1) ? 1 : 0;
    }
    return ok;
  });
  const valid = (xs: number[], a: number, p: number) => xs.every((x) => granted[cell(x, a, p)]);
  const shapes: { as: number[]; ps: number[]; xs: number[] }[] = [];
  const accountIndices = accounts.map((_, a) => a);
  const prefixIndices = prefixes.map((_, p) => p);
  while (remaining > 0) {
    let best:
      { as: number[]; ps: number[]; xs: number[]; gain: number; length: number } | undefined;
    for (const [k, xs] of actionSets.entries()) {
      const ok = validIn[k];
      /** Still-uncovered requested grants of this action set at (account, prefix). */
      const gain = (a: number, p: number) => {
        let sum = 0;
        for (const x of xs) {
          sum += uncovered[x * cells + a * nP + p];
        }
        return sum;
      };
      const consider = (as: number[], ps: number[]) => {
        let covered = 0;
        for (const a of as) {
          for (const p of ps) {
            covered += gain(a, p);
          }
        }
        if (covered === 0) {
          return;
        }
        const length = lengthOf({ as, ps, xs });
        // Most grants per character (or most grants, then fewest characters); on a tie the
        // first found (deterministic order).
        const better =
          best === undefined ||
          (prefer === "density"
            ? covered * best.length > best.gain * length
            : covered > best.gain || (covered === best.gain && length < best.length));
        if (better) {
          best = { as, ps, xs, gain: covered, length };
        }
      };
      /** Accounts that can take every prefix of `ps` and gain something from it. */
      const accountsFor = (ps: number[]) =>
        accountIndices.filter(
          (a) => ps.every((p) => ok[a * nP + p] === 1) && ps.some((p) => gain(a, p) > 0),
        );
      /** Prefixes every account of `as` can take, and some gains something from. */
      const prefixesFor = (as: number[]) =>
        prefixIndices.filter(
          (p) => as.every((a) => ok[a * nP + p] === 1) && as.some((a) => gain(a, p) > 0),
        );
      for (const a of accountIndices) {
        const ps = prefixIndices.filter((p) => ok[a * nP + p] === 1 && gain(a, p) > 0);
        if (ps.length > 0) {
          const as = accountsFor(ps);
          consider(as, ps);
          consider(as, prefixesFor(as));
        }
      }
      for (const p of prefixIndices) {
        const as = accountIndices.filter((a) => ok[a * nP + p] === 1 && gain(a, p) > 0);
        if (as.length > 0) {
          const ps = prefixesFor(as);
          consider(as, ps);
          consider(accountsFor(ps), ps);
        }
      }
    }
    if (best === undefined) {
      throw new Error("internal error: a requested grant no statement can cover");
    }
    for (const a of best.as) {
      for (const p of best.ps) {
        for (const x of best.xs) {
          remaining -= uncovered[cell(x, a, p)];
          uncovered[cell(x, a, p)] = 0;
        }
      }
    }
    shapes.push({ as: best.as, ps: best.ps, xs: best.xs });
  }
  const kept = dropRedundant(shapes, (x, a, p) =>
    isRequested(table, accounts[a], prefixes[p], actions[x]),
  );
  return mergeShapes(kept, valid, lengthOf).map(({ as, ps, xs }) => shapeOf(as, ps, xs));

  function shapeOf(as: number[], ps: number[], xs: number[]): StatementShape {
    return {
      accounts: as.map((a) => accounts[a]),
      prefixes: ps.map((p) => prefixes[p]),
      actions: xs.map((x) => actions[x]),
    };
  }
}

/**
 * Drops principals, then resources, then whole statements whose requested grants other
 * statements also cover, last chosen first (the greedy's later picks are the smaller ones).
 */
function dropRedundant(
  shapes: { as: number[]; ps: number[]; xs: number[] }[],
  isRequestedCell: (x: number, a: number, p: number) => boolean,
): { as: number[]; ps: number[]; xs: number[] }[] {
  const count = new Map<string, number>();
  const keyOf = (x: number, a: number, p: number) => `${x},${a},${p}`;
  const cells = (as: number[], ps: number[], xs: number[]) =>
    as.flatMap((a) => ps.flatMap((p) => xs.map((x) => [x, a, p] as const)));
  for (const { as, ps, xs } of shapes) {
    for (const [x, a, p] of cells(as, ps, xs)) {
      count.set(keyOf(x, a, p), (count.get(keyOf(x, a, p)) ?? 0) + 1);
    }
  }
  const removable = (as: number[], ps: number[], xs: number[]) =>
    cells(as, ps, xs).every(
      ([x, a, p]) => !isRequestedCell(x, a, p) || (count.get(keyOf(x, a, p)) ?? 0) > 1,
    );
  const remove = (as: number[], ps: number[], xs: number[]) => {
    for (const [x, a, p] of cells(as, ps, xs)) {
      count.set(keyOf(x, a, p), (count.get(keyOf(x, a, p)) ?? 0) - 1);
    }
  };
  const kept: { as: number[]; ps: number[]; xs: number[] }[] = [];
  for (const shape of [...shapes].reverse()) {
    let { as, ps } = shape;
    const { xs } = shape;
    for (const a of [...as]) {
      if (as.length > 1 && removable([a], ps, xs)) {
        remove([a], ps, xs);
        as = as.filter((other) => other !== a);
      }
    }
    for (const p of [...ps]) {
      if (ps.length > 1 && removable(as, [p], xs)) {
        remove(as, [p], xs);
        ps = ps.filter((other) => other !== p);
      }
    }
    if (removable(as, ps, xs)) {
      remove(as, ps, xs);
    } else {
      kept.push({ as, ps, xs });
    }
  }
  return kept.reverse();
}

/**
 * Merges two statements with the same actions into one (the union of their principals times the
 * union of their resources) while that grants nothing extra and is shorter than both; the pair
 * saving the most first, the earliest pair on a tie, until no merge helps.
 */
function mergeShapes(
  shapes: { as: number[]; ps: number[]; xs: number[] }[],
  valid: (xs: number[], a: number, p: number) => boolean,
  lengthOf: (shape: { as: number[]; ps: number[]; xs: number[] }) => number,
): { as: number[]; ps: number[]; xs: number[] }[] {
  const merged = [...shapes];
  const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);
  for (;;) {
    let best: { i: number; j: number; shape: (typeof merged)[number]; saving: number } | undefined;
    for (let i = 0; i < merged.length; i++) {
      for (let j = i + 1; j < merged.length; j++) {
        const [first, second] = [merged[i], merged[j]];
        if (first.xs.join() !== second.xs.join()) {
          continue;
        }
        const shape = {
          as: union(first.as, second.as),
          ps: union(first.ps, second.ps),
          xs: first.xs,
        };
        const saving = lengthOf(first) + lengthOf(second) - lengthOf(shape);
        if (
          saving > 0 &&
          (best === undefined || saving > best.saving) &&
          shape.as.every((a) => shape.ps.every((p) => valid(shape.xs, a, p)))
        ) {
          best = { i, j, shape, saving };
        }
      }
    }
    if (best === undefined) {
      return merged;
    }
    merged.splice(best.j, 1);
    merged[best.i] = best.shape;
  }
}

/** Orders shapes as the document lists them: by accounts, then actions, then prefixes. */
export function compareShapes(a: StatementShape, b: StatementShape): number {
  return (
    compareStringLists(a.accounts, b.accounts) ||
    compareStringLists(a.actions, b.actions) ||
    compareStringLists(a.prefixes, b.prefixes)
  );
}

function sortedAccounts(table: GrantTable): string[] {
  return [...table.keys()].sort(compareStrings);
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort(compareStrings);
}
