/**
 * What part of too much input fits a limit, checked by building it again: the searches behind the
 * builders' over-limit suggestions ("the first N of the M accounts fit", "leaving out the prefix
 * 'a' (keeping N of M) fits"). Each caller says how to build a part and whether it fits; the
 * search only chooses which parts to try.
 */
import { listed } from "./problems";
import { compareStrings } from "./registry";

/**
 * The largest count below `total` that `fits` accepts, found by halving between 0 (assumed to fit)
 * and `total` (known not to), so `fits` runs about log2(total) times; 0 if none was found. The
 * count returned was checked. For inputs where keeping fewer items never makes the result larger
 * (the first N accounts, the first N prefixes).
 */
export function largestFitting(total: number, fits: (count: number) => boolean): number {
  let low = 0;
  let high = total;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return low;
}

/** What {@link leaveOutUntilFits} found: the items left out (sorted) and what was built without them. */
export interface LeftOutFit<Built> {
  leftOut: string[];
  built: Built;
}

/**
 * Leaves items out until the input fits: builds without the items left out so far (`build`
 * returns undefined when nothing would be left), and while the result does not fit, leaves out
 * what `beyondLimit` picks from it and builds again. Undefined if nothing would be left, or if
 * `beyondLimit` picks nothing new (no progress). The left-out items are sorted as strings.
 */
export function leaveOutUntilFits<Built>(
  build: (leftOut: ReadonlySet<string>) => Built | undefined,
  fits: (built: Built) => boolean,
  beyondLimit: (built: Built) => Iterable<string>,
): LeftOutFit<Built> | undefined {
  const leftOut = new Set<string>();
  for (;;) {
    const built = build(leftOut);
    if (built === undefined) {
      return undefined;
    }
    if (fits(built)) {
      return { leftOut: [...leftOut].sort(compareStrings), built };
    }
    const before = leftOut.size;
    for (const item of beyondLimit(built)) {
      leftOut.add(item);
    }
    if (leftOut.size === before) {
      return undefined;
    }
  }
}

/**
 * The suggestion for what {@link leaveOutUntilFits} found: "leaving out the prefixes 'a' and 'b'
 * (keeping 3 of 5) fits in 25 rules". `leftOut` as the message shows them (quoted or not),
 * `total` how many distinct items the input had, `fitsIn` what the rest fits in.
 */
export function leavingOutFits(
  noun: { one: string; many: string },
  leftOut: readonly string[],
  total: number,
  fitsIn: string,
): string {
  const named = leftOut.length === 1 ? noun.one : noun.many;
  return `leaving out ${named} ${listed(leftOut)} (keeping ${total - leftOut.length} of ${total}) fits in ${fitsIn}`;
}
