import * as assert from "assert";
import * as fc from "fast-check";
import {
  hasWildcard,
  matchesGlob,
  matchesTokens,
  MAX_NAME_SET_STATES,
  NameSet,
  parseGlob,
} from "../../../components/model/iam/name-set";

/** Reference semantics of an IAM glob over letters, for comparison only (short inputs). */
function globRegExp(pattern: string): RegExp {
  const body = Array.from(pattern, (c) => (c === "*" ? ".*" : c === "?" ? "." : c)).join("");
  return new RegExp(`^${body}$`, "su");
}

describe("name-set", () => {
  it("decides membership of globs, prefixes and exact names", () => {
    const prod = NameSet.glob("prod-*");
    assert.strictEqual(prod.has("prod-api"), true);
    assert.strictEqual(prod.has("prod-"), true);
    assert.strictEqual(prod.has("prod"), false);
    assert.strictEqual(prod.has("Prod-api"), false, "names are case-sensitive");
    assert.strictEqual(NameSet.glob("a?c").has("abc"), true);
    assert.strictEqual(NameSet.glob("a?c").has("ac"), false);
    assert.strictEqual(NameSet.prefix("a*").has("a*b"), true, "prefixes are literal");
    assert.strictEqual(NameSet.prefix("a*").has("ab"), false);
    assert.strictEqual(NameSet.exact("a?").has("ab"), false);
    assert.strictEqual(NameSet.exact("a?").has("a?"), true);
  });

  it("answers the replication questions with shortest witnesses", () => {
    // A plain prefix 'prod' also covers 'production-db' (aws/containers-roadmap #2129).
    const granted = NameSet.glob("prod*");
    const allowed = NameSet.prefix("prod-");
    assert.strictEqual(granted.isSubset(allowed), false);
    assert.strictEqual(granted.difference(allowed).example(), "prod");
    assert.strictEqual(
      granted.difference(allowed).difference(NameSet.exact("prod")).example(),
      "proda",
    );
    assert.strictEqual(allowed.isSubset(granted), true);
    assert.strictEqual(NameSet.glob("*").difference(allowed).example(), "");
    assert.strictEqual(NameSet.glob("?*").difference(allowed).example(), "a");
  });

  it("computes union, intersection, difference and complement exactly", () => {
    const a = NameSet.glob("a*");
    const b = NameSet.glob("*b");
    assert.strictEqual(a.intersection(b).example(), "ab");
    assert.strictEqual(a.union(b).example(), "a");
    assert.strictEqual(a.difference(b).example(), "a");
    assert.strictEqual(b.difference(a).example(), "b");
    assert.strictEqual(a.complement().example(), "");
    assert.strictEqual(a.union(a.complement()).isAll(), true);
    assert.strictEqual(a.intersection(a.complement()).isEmpty(), true);
    assert.strictEqual(
      a.intersection(b).equals(NameSet.glob("a*b").union(NameSet.exact("ab"))),
      true,
    );
    assert.strictEqual(NameSet.glob("a*b").has("ab"), true);
    assert.strictEqual(NameSet.glob("**").equals(NameSet.all()), true);
    assert.strictEqual(NameSet.glob("*?*").equals(NameSet.exact("").complement()), true);
  });

  it("tells wildcard patterns from literal text", () => {
    assert.strictEqual(hasWildcard("ecr:Get*"), true);
    assert.strictEqual(hasWildcard("prod-?"), true);
    assert.strictEqual(hasWildcard("ecr:GetRegistryPolicy"), false);
  });

  it("handles empty and universal sets", () => {
    assert.strictEqual(NameSet.empty().isEmpty(), true);
    assert.strictEqual(NameSet.empty().example(), undefined);
    assert.strictEqual(NameSet.all().isAll(), true);
    assert.strictEqual(NameSet.exact("").example(), "");
    assert.strictEqual(NameSet.unionOf([]).isEmpty(), true);
    assert.strictEqual(
      NameSet.unionOf([NameSet.exact("x"), NameSet.exact("y")]).equals(
        NameSet.glob("?").difference(NameSet.glob("[?")),
      ),
      false,
    );
    assert.strictEqual(NameSet.empty().isSubset(NameSet.exact("x")), true);
    assert.strictEqual(NameSet.exact("x").isSubset(NameSet.empty()), false);
  });

  it("combines a set with itself without building a product", () => {
    const set = NameSet.glob("prod-*").intersection(NameSet.glob("*-api"));
    assert.strictEqual(set.union(set), set);
    assert.strictEqual(set.intersection(set), set);
    assert.strictEqual(set.difference(set).isEmpty(), true);
    // The same language in another object is combined as before, with the same result.
    const again = NameSet.glob("prod-*").intersection(NameSet.glob("*-api"));
    assert.notStrictEqual(again, set);
    assert.strictEqual(set.union(again).equals(set), true);
    assert.strictEqual(set.difference(again).isEmpty(), true);
  });

  it("takes the part after a fixed prefix (left quotient)", () => {
    const arns = NameSet.glob("arn:aws:ecr:*:111122223333:repository/prod-*");
    const names = arns.afterPrefix("arn:aws:ecr:us-west-2:111122223333:repository/");
    assert.strictEqual(NameSet.prefix("prod-").isSubset(names), true);
    // A plain '*' spans colons, so the region '*' can swallow the whole fixed part.
    assert.strictEqual(
      names.difference(NameSet.prefix("prod-")).example(),
      ":111122223333:repository/prod-",
    );
    assert.strictEqual(
      arns.afterPrefix("arn:aws:ecr:us-west-2:444455556666:repository/").example(),
      ":111122223333:repository/prod-",
    );
  });

  it("builds minimal automata, so equal languages have equal sizes", () => {
    assert.strictEqual(NameSet.glob("a**b").stateCount, NameSet.glob("a*b").stateCount);
    assert.strictEqual(NameSet.all().union(NameSet.glob("abc")).stateCount, 1);
  });

  it("refuses globs whose automaton would explode, instead of exhausting memory", () => {
    assert.throws(() => NameSet.glob(`*a${"?".repeat(20)}`), {
      name: "RangeError",
      message: `name set too complex: more than ${MAX_NAME_SET_STATES} automaton states (a glob with many '?' after a '*'?)`,
    });
    // Matching a single name never builds the automaton, so it stays linear.
    assert.strictEqual(matchesGlob(`*a${"?".repeat(20)}`, `a${"b".repeat(20)}`), true);
    assert.strictEqual(matchesGlob("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000)), false);
  });

  it("honours character exceptions in tokens", () => {
    const noColon = [{ kind: "run" as const, except: ":" }];
    assert.strictEqual(matchesTokens(noColon, "ab"), true);
    assert.strictEqual(matchesTokens(noColon, "a:b"), false);
    assert.strictEqual(NameSet.fromTokens(noColon).has("a:b"), false);
    assert.strictEqual(NameSet.fromTokens(noColon).complement().example(), ":");
    assert.strictEqual(NameSet.fromTokens([{ kind: "one", except: "ab" }]).example(), "c");
    const lowercase = NameSet.fromTokens([{ kind: "run", only: "xyz" }]);
    assert.strictEqual(lowercase.has("xyzzy"), true);
    assert.strictEqual(lowercase.has("xa"), false);
    assert.strictEqual(lowercase.complement().example(), "a");
    assert.strictEqual(matchesTokens([{ kind: "one", only: "xy", except: "y" }], "y"), false);
  });

  it("agrees with a reference matcher and with set algebra on random globs", () => {
    const glob = fc.stringMatching(/^[ab*?]{0,6}$/);
    const text = fc.stringMatching(/^[abc]{0,7}$/);
    fc.assert(
      fc.property(glob, glob, text, (p, q, s) => {
        const inP = globRegExp(p).test(s);
        const inQ = globRegExp(q).test(s);
        const P = NameSet.glob(p);
        const Q = NameSet.glob(q);
        assert.strictEqual(P.has(s), inP);
        assert.strictEqual(matchesGlob(p, s), inP);
        assert.strictEqual(P.union(Q).has(s), inP || inQ);
        assert.strictEqual(P.intersection(Q).has(s), inP && inQ);
        assert.strictEqual(P.difference(Q).has(s), inP && !inQ);
        const witness = P.difference(Q).example();
        if (witness !== undefined) {
          assert.strictEqual(globRegExp(p).test(witness) && !globRegExp(q).test(witness), true);
        }
        assert.strictEqual(P.isSubset(Q), witness === undefined);
        // With length bounds on either side (the product search honours this set's bound, and
        // falls back to the difference when the other's bound is smaller).
        for (const [a, b] of [
          [P.upTo(3), Q],
          [P, Q.upTo(3)],
          [P.upTo(2), Q.upTo(4)],
          [P.upTo(4), Q.upTo(2)],
        ]) {
          assert.strictEqual(a.isSubset(b), a.difference(b).isEmpty());
        }
        const after = NameSet.fromTokensAfter(parseGlob(p), s);
        assert.strictEqual(after.equals(P.afterPrefix(s)), true);
        assert.strictEqual(after.has(""), inP);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  describe("length bounds (upTo)", () => {
    const upToThree = NameSet.glob("a*").upTo(3);

    it("keeps only members up to the bound, in every question", () => {
      assert.strictEqual(upToThree.has("aaa"), true);
      assert.strictEqual(upToThree.has("aaaa"), false);
      assert.strictEqual(upToThree.isAll(), false);
      assert.strictEqual(upToThree.isEmpty(), false);
      assert.strictEqual(NameSet.glob("aaaa*").upTo(3).isEmpty(), true);
      assert.strictEqual(NameSet.glob("aaaa*").upTo(3).example(), undefined);
      assert.strictEqual(NameSet.all().upTo(0).equals(NameSet.exact("")), true);
      assert.strictEqual(upToThree.upTo(5), upToThree, "a larger bound changes nothing");
      assert.throws(() => NameSet.all().upTo(-1), RangeError);
    });

    it("combines bounded and unbounded sets exactly", () => {
      const upToFive = NameSet.glob("*b").upTo(5);
      const unbounded = NameSet.glob("ab*");
      const cases: [NameSet, (name: string) => boolean][] = [
        [upToThree.intersection(unbounded), (n) => n.startsWith("ab") && n.length <= 3],
        [
          upToThree.union(upToFive),
          (n) => (n.startsWith("a") && n.length <= 3) || (n.endsWith("b") && n.length <= 5),
        ],
        [
          upToThree.union(unbounded),
          (n) => (n.startsWith("a") && n.length <= 3) || n.startsWith("ab"),
        ],
        [
          upToThree.difference(unbounded),
          (n) => n.startsWith("a") && n.length <= 3 && !n.startsWith("ab"),
        ],
        [
          upToFive.difference(upToThree),
          (n) => n.endsWith("b") && n.length <= 5 && !(n.startsWith("a") && n.length <= 3),
        ],
        [unbounded.difference(upToThree), (n) => n.startsWith("ab") && n.length > 3],
        [upToThree.complement(), (n) => !(n.startsWith("a") && n.length <= 3)],
        [upToFive.afterPrefix("ab"), (n) => `ab${n}`.endsWith("b") && n.length <= 3],
      ];
      const names = ["", "a", "b", "ab", "abb", "aab", "abab", "aaaab", "abbbbb", "ba", "bbbb"];
      cases.forEach(([set, expected], i) => {
        for (const name of names) {
          assert.strictEqual(set.has(name), expected(name), `case ${i}: '${name}'`);
        }
      });
      assert.strictEqual(unbounded.difference(upToThree).example(), "abaa");
      assert.strictEqual(upToFive.difference(upToThree).isSubset(NameSet.glob("*b")), true);
    });
  });

  it("prefers an example other than a given name, falling back to it", () => {
    const prod = NameSet.prefix("prod");
    assert.strictEqual(prod.example(), "prod");
    assert.strictEqual(prod.exampleBesides("prod"), "proda");
    assert.strictEqual(NameSet.exact("prod").exampleBesides("prod"), "prod");
    assert.strictEqual(NameSet.empty().exampleBesides("prod"), undefined);
  });
});
