import * as assert from "assert";
import {
  largestFitting,
  leaveOutUntilFits,
  leavingOutFits,
} from "../../../components/model/core/what-fits";

/** `fits` for largestFitting that accepts counts up to `most` and records every count it was asked. */
function upTo(most: number): { fits: (count: number) => boolean; asked: number[] } {
  const asked: number[] = [];
  const fits = (count: number) => {
    asked.push(count);
    return count <= most;
  };
  return { fits, asked };
}

describe("largestFitting", () => {
  it("finds the largest count that fits by halving, asking only counts between 0 and the total", () => {
    const { fits, asked } = upTo(37);
    assert.strictEqual(largestFitting(100, fits), 37);
    assert.deepStrictEqual(asked, [50, 25, 37, 43, 40, 38]);
  });

  it("returns 0 when nothing fits, without asking about 0", () => {
    const { fits, asked } = upTo(-1);
    assert.strictEqual(largestFitting(100, fits), 0);
    assert.deepStrictEqual(asked, [50, 25, 12, 6, 3, 1]);
  });

  it("returns total - 1 when everything but the total fits", () => {
    const { fits, asked } = upTo(99);
    assert.strictEqual(largestFitting(100, fits), 99);
    assert.deepStrictEqual(asked, [50, 75, 87, 93, 96, 98, 99]);
    assert.strictEqual(largestFitting(2, upTo(1).fits), 1);
  });

  it("asks nothing when there is no count between 0 and the total", () => {
    for (const total of [0, 1]) {
      const { fits, asked } = upTo(total);
      assert.strictEqual(largestFitting(total, fits), 0, `total ${total}`);
      assert.deepStrictEqual(asked, [], `total ${total}`);
    }
  });
});

describe("leaveOutUntilFits", () => {
  /** Prefixes and their sizes; a build fits if the sizes kept add up to at most `limit`. */
  const SIZES: Record<string, number> = { "a-": 1, "b-": 6, "C-": 5, "d-": 2 };

  function scenario(limit: number, beyondLimit?: (kept: string[]) => Iterable<string>) {
    const builds: string[][] = [];
    const build = (leftOut: ReadonlySet<string>) => {
      builds.push([...leftOut]);
      const kept = Object.keys(SIZES).filter((prefix) => !leftOut.has(prefix));
      return kept.length === 0 ? undefined : kept;
    };
    const fits = (kept: string[]) => kept.reduce((sum, prefix) => sum + SIZES[prefix], 0) <= limit;
    // By default, leave out the largest prefix kept.
    const largest = (kept: string[]) => [
      kept.reduce((big, prefix) => (SIZES[prefix] > SIZES[big] ? prefix : big)),
    ];
    const result = leaveOutUntilFits(build, fits, beyondLimit ?? largest);
    return { result, builds };
  }

  it("leaves out what each round picks until the rest fits, the left-out items sorted by code unit", () => {
    const { result, builds } = scenario(4);
    assert.deepStrictEqual(result, { leftOut: ["C-", "b-"], built: ["a-", "d-"] });
    assert.deepStrictEqual(builds, [[], ["b-"], ["b-", "C-"]]);
  });

  it("leaves out nothing when the whole input fits", () => {
    const { result, builds } = scenario(14);
    assert.deepStrictEqual(result, { leftOut: [], built: ["a-", "b-", "C-", "d-"] });
    assert.deepStrictEqual(builds, [[]]);
  });

  it("takes several items from one round", () => {
    const { result, builds } = scenario(4, (kept) => kept.filter((prefix) => SIZES[prefix] > 2));
    assert.deepStrictEqual(result, { leftOut: ["C-", "b-"], built: ["a-", "d-"] });
    assert.deepStrictEqual(builds, [[], ["b-", "C-"]]);
  });

  it("returns undefined when nothing would be left", () => {
    const { result, builds } = scenario(0);
    assert.strictEqual(result, undefined);
    assert.deepStrictEqual(builds, [
      [],
      ["b-"],
      ["b-", "C-"],
      ["b-", "C-", "d-"],
      ["b-", "C-", "d-", "a-"],
    ]);
  });

  it("returns undefined when a round leaves out nothing new, instead of building forever", () => {
    const none = scenario(4, () => []);
    assert.strictEqual(none.result, undefined);
    assert.deepStrictEqual(none.builds, [[]]);
    const again = scenario(4, () => ["b-"]);
    assert.strictEqual(again.result, undefined);
    assert.deepStrictEqual(again.builds, [[], ["b-"]]);
  });
});

describe("leavingOutFits", () => {
  const PREFIX = { one: "the prefix", many: "the prefixes" };

  it("names one item left out in the singular", () => {
    assert.strictEqual(
      leavingOutFits(PREFIX, ["'b-'"], 4, "25 rules"),
      "leaving out the prefix 'b-' (keeping 3 of 4) fits in 25 rules",
    );
  });

  it("names several items left out in the plural, listed as messages list", () => {
    assert.strictEqual(
      leavingOutFits(PREFIX, ["'C-'", "'b-'"], 4, "25 rules"),
      "leaving out the prefixes 'C-' and 'b-' (keeping 2 of 4) fits in 25 rules",
    );
    assert.strictEqual(
      leavingOutFits(
        { one: "the destination", many: "the destinations" },
        ["1 in a", "2 in a", "3 in a", "4 in a", "5 in a", "6 in a", "7 in a"],
        30,
        "24 rules",
      ),
      "leaving out the destinations 1 in a, 2 in a, 3 in a, 4 in a, 5 in a and 2 more (keeping 23 of 30) fits in 24 rules",
    );
  });
});
