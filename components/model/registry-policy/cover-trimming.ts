/**
 * Trimming a greedy rectangle cover (./greedy-cover.ts) after the greedy has chosen: principals,
 * resources and statements that others already cover are dropped, then statements with the same
 * actions merged where the union grants nothing extra and is shorter.
 */

/** A statement as indices into the cover's accounts (`as`), prefixes (`ps`) and actions (`xs`). */
export interface Rectangle {
  as: number[];
  ps: number[];
  xs: number[];
}

/**
 * Drops principals, then resources, then whole statements whose requested grants other
 * statements also cover, last chosen first (the greedy's later picks are the smaller ones).
 */
export function dropRedundant(
  shapes: Rectangle[],
  isRequestedCell: (x: number, a: number, p: number) => boolean,
): Rectangle[] {
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
  const kept: Rectangle[] = [];
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
export function mergeShapes(
  shapes: Rectangle[],
  valid: (xs: number[], a: number, p: number) => boolean,
  lengthOf: (shape: Rectangle) => number,
): Rectangle[] {
  const merged = [...shapes];
  const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);
  for (;;) {
    let best: { i: number; j: number; shape: Rectangle; saving: number } | undefined;
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
