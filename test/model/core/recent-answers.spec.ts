import * as assert from "assert";
import { RecentAnswers } from "../../../components/model/core/recent-answers";

describe("RecentAnswers", () => {
  /** Answers `key.toUpperCase()`, recording every key it computed. */
  function upperCase(size: number) {
    const computed: string[] = [];
    const answers = new RecentAnswers<string>(size);
    const ask = (key: string) =>
      answers.answer(key, () => {
        computed.push(key);
        return key.toUpperCase();
      });
    return { ask, computed };
  }

  it("computes each answer once while it is remembered", () => {
    const { ask, computed } = upperCase(3);
    assert.deepStrictEqual(["a", "b", "a", "b", "a"].map(ask), ["A", "B", "A", "B", "A"]);
    assert.deepStrictEqual(computed, ["a", "b"]);
  });

  it("forgets every answer when full, then remembers the new one", () => {
    const { ask, computed } = upperCase(2);
    assert.deepStrictEqual(["a", "b", "c", "c", "a", "b", "c"].map(ask), [
      "A",
      "B",
      "C",
      "C",
      "A",
      "B",
      "C",
    ]);
    // "c" found the memory full (a, b) and cleared it; "a" then filled it again (c, a).
    assert.deepStrictEqual(computed, ["a", "b", "c", "a", "b", "c"]);
  });

  it("remembers an undefined answer too", () => {
    const computed: string[] = [];
    const answers = new RecentAnswers<string | undefined>(2);
    const ask = (key: string) =>
      answers.answer(key, () => {
        computed.push(key);
        return undefined;
      });
    assert.deepStrictEqual([ask("x"), ask("x")], [undefined, undefined]);
    assert.deepStrictEqual(computed, ["x"]);
  });
});
