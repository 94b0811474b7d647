/**
 * The greedy rectangle cover, the registry policy's densest statement packing: statements
 * (accounts x prefixes x actions) chosen one at a time by requested grants covered per character,
 * then trimmed of what the others cover and merged where that is shorter. Works on indices into
 * the table's sorted accounts, prefixes and actions.
 */
import { compareStrings } from "../core";
import { GrantTable, isGranted, isRequested, sortedAccounts, sortedPrefixes } from "./grant-table";
import { dropRedundant, mergeShapes, Rectangle } from "./cover-trimming";
import { StatementCost, StatementShape } from "./statement-packing";

/** Above this many (account x prefix x (account + prefix)) steps per round, greedy packing is skipped. */
export const MAX_GREEDY_WORK = 4_000_000;

/** A rectangle the greedy may choose: the still-uncovered grants it covers, and its characters. */
interface Candidate extends Rectangle {
  gain: number;
  length: number;
}

/**
 * Every (action, account, prefix) cell of the table: whether the input grants it, and whether it
 * is requested and no chosen statement covers it yet (`remaining` counts those).
 */
interface CoverGrid {
  accounts: string[];
  prefixes: string[];
  actions: string[];
  granted: Uint8Array;
  uncovered: Uint8Array;
  remaining: number;
}

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
  const prefixes = sortedPrefixes(table);
  if (accounts.length * prefixes.length * (accounts.length + prefixes.length) > MAX_GREEDY_WORK) {
    return undefined;
  }
  const grid = requestedGrid(table, accounts, prefixes, [...actionNames].sort(compareStrings));
  const lengthOf = statementLength(grid, cost);
  const actionSets = candidateActionSets(grid.actions.length);
  const allowed = actionSets.map((xs) => allowedCells(grid, xs));
  const chosen: Rectangle[] = [];
  while (grid.remaining > 0) {
    const best = bestCandidate(grid, actionSets, allowed, lengthOf, prefer);
    if (best === undefined) {
      throw new Error("internal error: a requested grant no statement can cover");
    }
    markCovered(grid, best);
    chosen.push({ as: best.as, ps: best.ps, xs: best.xs });
  }
  const kept = dropRedundant(chosen, (x, a, p) =>
    isRequested(table, accounts[a], prefixes[p], grid.actions[x]),
  );
  const mayGrant = (xs: number[], a: number, p: number) =>
    xs.every((x) => grid.granted[cellIndex(grid, x, a, p)]);
  return mergeShapes(kept, mayGrant, lengthOf).map((rectangle) => shapeOf(grid, rectangle));
}

/** The grid of the table's cells, every requested one still uncovered. */
function requestedGrid(
  table: GrantTable,
  accounts: string[],
  prefixes: string[],
  actions: string[],
): CoverGrid {
  const size = actions.length * accounts.length * prefixes.length;
  const grid = {
    accounts,
    prefixes,
    actions,
    granted: new Uint8Array(size),
    uncovered: new Uint8Array(size),
    remaining: 0,
  };
  actions.forEach((action, x) => {
    accounts.forEach((account, a) => {
      prefixes.forEach((prefix, p) => {
        const cell = cellIndex(grid, x, a, p);
        grid.granted[cell] = isGranted(table, account, prefix, action) ? 1 : 0;
        if (isRequested(table, account, prefix, action)) {
          grid.uncovered[cell] = 1;
          grid.remaining++;
        }
      });
    });
  });
  return grid;
}

/** Where cell (action x, account a, prefix p) is in the grid's arrays: by action, account, prefix. */
function cellIndex(grid: CoverGrid, x: number, a: number, p: number): number {
  return (x * grid.accounts.length + a) * grid.prefixes.length + p;
}

/** The characters of a rectangle's statement, with the comma after it. */
function statementLength(grid: CoverGrid, cost: StatementCost): (rectangle: Rectangle) => number {
  const principalCost = grid.accounts.map((account) => cost.principal(account));
  const resourceCost = grid.prefixes.map((prefix) => cost.resource(prefix));
  const actionCost = grid.actions.map((action) => cost.action(action));
  /** A list's characters: brackets, items, commas between. */
  const listCost = (indices: readonly number[], costs: readonly number[]) => {
    let sum = 2 + Math.max(indices.length - 1, 0);
    for (const i of indices) {
      sum += costs[i];
    }
    return sum;
  };
  // `cost.empty` has an empty principal string ("") and empty Action and Resource lists ([]).
  return ({ as, ps, xs }) =>
    cost.empty -
    6 +
    (as.length === 1 ? principalCost[as[0]] : listCost(as, principalCost)) +
    listCost(xs, actionCost) +
    listCost(ps, resourceCost) +
    1;
}

/** Action sets a statement may carry: all actions together first, then each alone. */
function candidateActionSets(actionCount: number): number[][] {
  const indices = Array.from({ length: actionCount }, (_, x) => x);
  return [indices, ...indices.map((x) => [x])].filter(
    (set, index, all) => all.findIndex((other) => other.join() === set.join()) === index,
  );
}

/** Per (account, prefix), 1 where the input grants every action of `xs`: a statement may go there. */
function allowedCells(grid: CoverGrid, xs: number[]): Uint8Array {
  const area = grid.accounts.length * grid.prefixes.length;
  const allowed = new Uint8Array(area);
  for (let i = 0; i < area; i++) {
    allowed[i] = xs.every((x) => grid.granted[x * area + i] === 1) ? 1 : 0;
  }
  return allowed;
}

/**
 * The best candidate of this round over every action set: most grants per character under
 * `density`, most grants then fewest characters under `size`; on a tie the first found.
 */
function bestCandidate(
  grid: CoverGrid,
  actionSets: readonly number[][],
  allowed: readonly Uint8Array[],
  lengthOf: (rectangle: Rectangle) => number,
  prefer: "density" | "size",
): Candidate | undefined {
  let best: Candidate | undefined;
  actionSets.forEach((xs, k) => {
    const gain = uncoveredGain(grid, xs);
    growCandidates(grid, allowed[k], gain, (as, ps) => {
      let covered = 0;
      for (const a of as) {
        for (const p of ps) {
          covered += gain(a, p);
        }
      }
      if (covered === 0) {
        return;
      }
      const candidate = { as, ps, xs, gain: covered, length: lengthOf({ as, ps, xs }) };
      if (best === undefined || isBetter(candidate, best, prefer)) {
        best = candidate;
      }
    });
  });
  return best;
}

/** Still-uncovered requested grants of the action set `xs` at (account, prefix). */
function uncoveredGain(grid: CoverGrid, xs: readonly number[]): (a: number, p: number) => number {
  const area = grid.accounts.length * grid.prefixes.length;
  const nP = grid.prefixes.length;
  return (a, p) => {
    let sum = 0;
    for (const x of xs) {
      sum += grid.uncovered[x * area + a * nP + p];
    }
    return sum;
  };
}

/**
 * Visits the candidate rectangles of one action set, in a fixed order: from each account, its
 * allowed gaining prefixes, the accounts that can take them all, then every prefix those accounts
 * can take; from each prefix, the same with accounts and prefixes swapped.
 */
function growCandidates(
  grid: CoverGrid,
  allowed: Uint8Array,
  gain: (a: number, p: number) => number,
  visit: (as: number[], ps: number[]) => void,
): void {
  const nP = grid.prefixes.length;
  const accountIndices = grid.accounts.map((_, a) => a);
  const prefixIndices = grid.prefixes.map((_, p) => p);
  /** Accounts that can take every prefix of `ps` and gain something from it. */
  const accountsFor = (ps: number[]) =>
    accountIndices.filter(
      (a) => ps.every((p) => allowed[a * nP + p] === 1) && ps.some((p) => gain(a, p) > 0),
    );
  /** Prefixes every account of `as` can take, and some gains something from. */
  const prefixesFor = (as: number[]) =>
    prefixIndices.filter(
      (p) => as.every((a) => allowed[a * nP + p] === 1) && as.some((a) => gain(a, p) > 0),
    );
  for (const a of accountIndices) {
    const ps = prefixIndices.filter((p) => allowed[a * nP + p] === 1 && gain(a, p) > 0);
    if (ps.length > 0) {
      const as = accountsFor(ps);
      visit(as, ps);
      visit(as, prefixesFor(as));
    }
  }
  for (const p of prefixIndices) {
    const as = accountIndices.filter((a) => allowed[a * nP + p] === 1 && gain(a, p) > 0);
    if (as.length > 0) {
      const ps = prefixesFor(as);
      visit(as, ps);
      visit(accountsFor(ps), ps);
    }
  }
}

/** Whether `candidate` beats `best`: strictly, so on a tie the first found stays (deterministic). */
function isBetter(candidate: Candidate, best: Candidate, prefer: "density" | "size"): boolean {
  return prefer === "density"
    ? candidate.gain * best.length > best.gain * candidate.length
    : candidate.gain > best.gain ||
        (candidate.gain === best.gain && candidate.length < best.length);
}

/** Marks every cell of the rectangle covered. */
function markCovered(grid: CoverGrid, { as, ps, xs }: Rectangle): void {
  for (const a of as) {
    for (const p of ps) {
      for (const x of xs) {
        const cell = cellIndex(grid, x, a, p);
        grid.remaining -= grid.uncovered[cell];
        grid.uncovered[cell] = 0;
      }
    }
  }
}

/** A rectangle as a statement shape: the accounts, prefixes and actions it indexes. */
function shapeOf(grid: CoverGrid, { as, ps, xs }: Rectangle): StatementShape {
  return {
    accounts: as.map((a) => grid.accounts[a]),
    prefixes: ps.map((p) => grid.prefixes[p]),
    actions: xs.map((x) => grid.actions[x]),
  };
}
