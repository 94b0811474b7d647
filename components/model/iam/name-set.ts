/**
 * Exact sets of strings defined by IAM-style globs and prefixes, with set algebra.
 *
 * A set is a complete deterministic finite automaton over a symbolic alphabet: each state has
 * explicit edges for some characters and one `other` edge taken by every character without an
 * explicit edge. The alphabet so never needs to be known in advance: two automata are combined
 * over the union of their explicit characters, everything else being "any other character".
 * Globs become automata by subset construction, exploring only reachable subsets; every result
 * is minimised (Moore partition refinement) so repeated algebra stays small.
 *
 * Answers are exact, never sampled: `isEmpty`, `isSubset` and `example` decide over all strings.
 *
 * A set may also bound the length of its members (`upTo`): the bound is kept as a number beside
 * the automaton and honoured by every question, instead of being built into the automaton as a
 * chain of counting states. Repository names are at most 256 characters; a 256-state counter in
 * every automaton combined with them made each operation hundreds of times slower, while the
 * bound is only needed where a question is asked (a shortest member longer than the bound is no
 * member). It is built into the automaton only when an operation needs it (a union or difference
 * with a set of a smaller bound, a complement).
 */

/** One element of a glob. */
export type GlobToken =
  /** Exactly this character. */
  | { kind: "literal"; char: string }
  /** Any single character in `only` (default: any) and not in `except` (IAM `?`). */
  | { kind: "one"; except?: string; only?: string }
  /** Any run of characters, possibly empty, each in `only` (default: any), none in `except` (IAM `*`). */
  | { kind: "run"; except?: string; only?: string };

/**
 * Upper bound on automaton states built by one operation. Globs with many `?` after a `*` can need
 * exponentially many states; no real policy comes close, and a hostile one fails loudly here
 * instead of exhausting memory.
 */
export const MAX_NAME_SET_STATES = 20_000;

/** Characters tried first when an example needs "any other character": readable in messages. */
const PREFERRED_EXAMPLE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_./";

/** A complete symbolic DFA; state 0 is the start. */
interface Dfa {
  readonly edges: ReadonlyMap<string, number>[];
  readonly other: readonly number[];
  readonly accepting: readonly boolean[];
}

/** Splits text into characters (code points), the unit every glob and name is read in. */
function characters(text: string): string[] {
  return Array.from(text);
}

/** True if the text uses an IAM wildcard (`*` any run, `?` one character). */
export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

/** Parses an IAM glob: `*` any run, `?` one character, everything else literal. */
export function parseGlob(pattern: string): GlobToken[] {
  return characters(pattern).map((char): GlobToken => {
    if (char === "*") {
      return { kind: "run" };
    }
    if (char === "?") {
      return { kind: "one" };
    }
    return { kind: "literal", char };
  });
}

/** Tokens matching exactly `text` (no wildcards, even if it contains `*` or `?`). */
export function literalTokens(text: string): GlobToken[] {
  return characters(text).map((char) => ({ kind: "literal", char }));
}

/** Adds NFA positions reachable through `run` tokens (which may match nothing). */
function closure(tokens: readonly GlobToken[], positions: Iterable<number>): number[] {
  const result = new Set<number>();
  for (let position of positions) {
    result.add(position);
    while (position < tokens.length && tokens[position].kind === "run") {
      position += 1;
      result.add(position);
    }
  }
  return [...result].sort((a, b) => a - b);
}

/** The NFA positions after reading `char` from `positions`. */
function stepPositions(tokens: readonly GlobToken[], positions: readonly number[], char: string) {
  const next: number[] = [];
  for (const position of positions) {
    const token = tokens[position];
    if (token === undefined) {
      continue;
    }
    if (token.kind === "literal") {
      if (token.char === char) {
        next.push(position + 1);
      }
    } else if (
      !(token.except ?? "").includes(char) &&
      (token.only === undefined || token.only.includes(char))
    ) {
      next.push(token.kind === "run" ? position : position + 1);
    }
  }
  return closure(tokens, next);
}

/** A character not in `taken`, for the `other` edge of a glob state. */
function charOutside(taken: ReadonlySet<string>): string {
  for (const char of PREFERRED_EXAMPLE_CHARS) {
    if (!taken.has(char)) {
      return char;
    }
  }
  for (let code = 0x21; ; code += 1) {
    const char = String.fromCodePoint(code);
    if (!taken.has(char)) {
      return char;
    }
  }
}

/**
 * How to explore an automaton whose states are values of type S (NFA position sets, pairs of
 * states): the DFA is built from `start`, breadth first, over reachable states only.
 */
interface Exploration<S> {
  start: S;
  /** Equal keys for equal states. */
  key(state: S): string | number;
  accepting(state: S): boolean;
  /** The characters that may leave `state` other than by its `other` edge. */
  chars(state: S): Iterable<string>;
  /** The state after `char`, or after any other character when `char` is undefined. */
  next(state: S, char: string | undefined): S;
}

/** Builds the reachable DFA of an exploration, refusing more than MAX_NAME_SET_STATES states. */
function explore<S>(exploration: Exploration<S>): Dfa {
  const index = new Map<string | number, number>();
  const states: S[] = [];
  const edges: Map<string, number>[] = [];
  const other: number[] = [];
  const accepting: boolean[] = [];
  const intern = (state: S): number => {
    const key = exploration.key(state);
    let id = index.get(key);
    if (id === undefined) {
      id = states.length;
      if (id >= MAX_NAME_SET_STATES) {
        throw new RangeError(
          `name set too complex: more than ${MAX_NAME_SET_STATES} automaton states (a glob with many '?' after a '*'?)`,
        );
      }
      index.set(key, id);
      states.push(state);
    }
    return id;
  };
  intern(exploration.start);
  for (let id = 0; id < states.length; id += 1) {
    const state = states[id];
    accepting.push(exploration.accepting(state));
    const otherTarget = intern(exploration.next(state, undefined));
    other.push(otherTarget);
    const stateEdges = new Map<string, number>();
    for (const char of exploration.chars(state)) {
      const target = intern(exploration.next(state, char));
      if (target !== otherTarget) {
        stateEdges.set(char, target);
      }
    }
    edges.push(stateEdges);
  }
  return { edges, other, accepting };
}

/**
 * Upper bound on the NFA positions one glob's subset construction may visit. The state bound alone
 * does not bound the work: a megabyte pattern such as `*?*?...` or `a*a*...` has states of
 * hundreds of thousands of positions each. Real patterns stay far below (a 10,240-character
 * policy's longest pattern needs about a million).
 */
export const MAX_GLOB_WORK = 5_000_000;

/**
 * Upper bound on the transition-table reads of one minimisation (Moore refinement reads the table
 * once per round, and a chain needs a round per state): a few seconds at most. Real sets stay far
 * below; a pattern of ten thousand literal characters does not.
 */
export const MAX_MINIMISE_WORK = 100_000_000;

/** Counts NFA positions visited, refusing more than MAX_GLOB_WORK like too many states. */
function workBudget(): (positions: number) => void {
  let spent = 0;
  return (positions) => {
    spent += positions;
    if (spent > MAX_GLOB_WORK) {
      throw new RangeError(
        `name set too complex: more than ${MAX_GLOB_WORK} automaton steps (a very long glob with many wildcards?)`,
      );
    }
  };
}

/** Subset construction of a glob from the given NFA positions, reachable subsets only. */
function globDfa(
  tokens: readonly GlobToken[],
  start: number[],
  spend: (positions: number) => void = workBudget(),
): Dfa {
  const alphabet = new Set<string>();
  for (const token of tokens) {
    const mentioned =
      token.kind === "literal"
        ? [token.char]
        : characters(`${token.except ?? ""}${token.only ?? ""}`);
    for (const char of mentioned) {
      alphabet.add(char);
    }
  }
  // Every character outside the alphabet behaves the same; this one stands for all of them.
  const otherChar = charOutside(alphabet);
  return explore<number[]>({
    start,
    key: (subset) => subset.join(","),
    accepting: (subset) => subset.includes(tokens.length),
    chars: () => alphabet,
    next: (subset, char) => {
      spend(subset.length + 1);
      return stepPositions(tokens, subset, char ?? otherChar);
    },
  });
}

function step(dfa: Dfa, state: number, char: string): number {
  return dfa.edges[state].get(char) ?? dfa.other[state];
}

/** The characters with an explicit edge in either map. */
function unionOfKeys(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) {
  if (b.size === 0) {
    return a.keys();
  }
  if (a.size === 0) {
    return b.keys();
  }
  const all = new Set(a.keys());
  for (const char of b.keys()) {
    all.add(char);
  }
  return all;
}

/** The reachable product of two DFAs, accepting where `accept(a, b)`. */
function product(a: Dfa, b: Dfa, accept: (inA: boolean, inB: boolean) => boolean): Dfa {
  return explore<[number, number]>({
    start: [0, 0],
    // A number, not a string: the product is the model's hottest loop.
    key: ([p, q]) => p * b.accepting.length + q,
    accepting: ([p, q]) => accept(a.accepting[p], b.accepting[q]),
    chars: ([p, q]) => unionOfKeys(a.edges[p], b.edges[q]),
    next: ([p, q], char) =>
      char === undefined ? [a.other[p], b.other[q]] : [step(a, p, char), step(b, q, char)],
  });
}

/**
 * The strings of at most `maxLength` characters: a chain of states counting the characters read,
 * the last one a sink. No explicit edges, so combining it with another automaton adds no
 * characters.
 */
function lengthAtMost(maxLength: number): Dfa {
  if (maxLength + 2 > MAX_NAME_SET_STATES) {
    throw new RangeError(
      `name set too complex: a length bound of ${maxLength} needs more than ${MAX_NAME_SET_STATES} automaton states`,
    );
  }
  const states = Array.from({ length: maxLength + 2 }, (_, count) => count);
  return {
    edges: states.map(() => new Map<string, number>()),
    other: states.map((count) => Math.min(count + 1, maxLength + 1)),
    accepting: states.map((count) => count <= maxLength),
  };
}

/** The minimal equivalent DFA of the states reachable from `start` (Moore partition refinement). */
function minimise(dfa: Dfa, start = 0): Dfa {
  // Reachable states from start, renumbered so start is 0.
  const order: number[] = [start];
  const seen = new Map<number, number>([[start, 0]]);
  for (let i = 0; i < order.length; i += 1) {
    const state = order[i];
    for (const target of [...dfa.edges[state].values(), dfa.other[state]]) {
      if (!seen.has(target)) {
        seen.set(target, order.length);
        order.push(target);
      }
    }
  }
  const alphabet = [...new Set(order.flatMap((state) => [...dfa.edges[state].keys()]))];
  // Transitions in reachable-index space, `other` first, so refinement rounds only read arrays.
  const width = alphabet.length + 1;
  const table = new Int32Array(order.length * width);
  order.forEach((state, i) => {
    table[i * width] = seen.get(dfa.other[state]) as number;
    alphabet.forEach((char, c) => {
      table[i * width + c + 1] = seen.get(step(dfa, state, char)) as number;
    });
  });
  let block: number[] = order.map((state) => (dfa.accepting[state] ? 1 : 0));
  const codes = new Array<number>(width + 1);
  const compact = order.length <= 0xffff;
  let blockCount = new Set(block).size;
  let work = 0;
  for (;;) {
    // Each round reads the whole table; a long chain (a pattern of thousands of literal
    // characters) needs as many rounds as states.
    work += table.length;
    if (work > MAX_MINIMISE_WORK) {
      throw new RangeError(
        `name set too complex: minimising ${order.length} automaton states takes more than ${MAX_MINIMISE_WORK} steps (a glob thousands of characters long?)`,
      );
    }
    const signatures = new Map<string, number>();
    const next = order.map((_, i) => {
      // A state's signature, its block then its targets' blocks, as one character each (block
      // numbers are below the state count, which fits in 16 bits; else as decimal text).
      codes[0] = block[i];
      for (let c = 0; c < width; c += 1) {
        codes[c + 1] = block[table[i * width + c]];
      }
      const key = compact ? String.fromCharCode(...codes) : codes.join(",");
      let id = signatures.get(key);
      if (id === undefined) {
        id = signatures.size;
        signatures.set(key, id);
      }
      return id;
    });
    const nextCount = signatures.size;
    block = next;
    if (nextCount === blockCount) {
      break;
    }
    blockCount = nextCount;
  }
  // Number blocks in breadth-first order from the start block, so equal sets build equal DFAs.
  const renumber = new Map<number, number>();
  const representatives: number[] = [];
  renumber.set(block[0], 0);
  representatives.push(0);
  const edges: Map<string, number>[] = [];
  const other: number[] = [];
  const accepting: boolean[] = [];
  const blockOf = (state: number): number => {
    const b = block[seen.get(state) as number];
    let id = renumber.get(b);
    if (id === undefined) {
      id = representatives.length;
      renumber.set(b, id);
      representatives.push(seen.get(state) as number);
    }
    return id;
  };
  for (let id = 0; id < representatives.length; id += 1) {
    const state = order[representatives[id]];
    accepting.push(dfa.accepting[state]);
    const otherTarget = blockOf(dfa.other[state]);
    other.push(otherTarget);
    const stateEdges = new Map<string, number>();
    for (const char of [...dfa.edges[state].keys()].sort()) {
      const target = blockOf(step(dfa, state, char));
      if (target !== otherTarget) {
        stateEdges.set(char, target);
      }
    }
    edges.push(stateEdges);
  }
  return { edges, other, accepting };
}

/** Rank of a character in examples: preferred readable characters first, then by code point. */
function exampleRank(char: string): number {
  const preferred = PREFERRED_EXAMPLE_CHARS.indexOf(char);
  return preferred >= 0 ? preferred : PREFERRED_EXAMPLE_CHARS.length + (char.codePointAt(0) ?? 0);
}

/**
 * An exact, immutable set of strings (repository names, ARNs) built from globs and prefixes.
 * Two sets built from equal languages have equal minimal automata, so set questions are decided
 * over every string, not sampled. Its members are the strings the automaton accepts that are at
 * most `maxLength` characters long (no bound by default; see the module comment).
 */
export class NameSet {
  /** The shortest string the automaton accepts, whatever the bound (computed when first asked). */
  private shortest?: { name: string | undefined };
  /** Its length in characters, or Infinity if none (computed when first asked). */
  private shortestLength?: number;

  private constructor(
    private readonly dfa: Dfa,
    private readonly maxLength = Infinity,
  ) {}

  /** The empty set. */
  static empty(): NameSet {
    return new NameSet({ edges: [new Map()], other: [0], accepting: [false] });
  }

  /** Every string, including the empty one. */
  static all(): NameSet {
    return new NameSet({ edges: [new Map()], other: [0], accepting: [true] });
  }

  /** Exactly one string. */
  static exact(name: string): NameSet {
    return NameSet.fromTokens(literalTokens(name));
  }

  /** Every string starting with `prefix` (a plain prefix: `prod` includes `production-db`). */
  static prefix(prefix: string): NameSet {
    return NameSet.fromTokens([...literalTokens(prefix), { kind: "run" }]);
  }

  /** The strings an IAM glob matches: `*` any run, `?` one character, case-sensitive. */
  static glob(pattern: string): NameSet {
    return NameSet.fromTokens(parseGlob(pattern));
  }

  /** The strings a token sequence matches. */
  static fromTokens(tokens: readonly GlobToken[]): NameSet {
    return new NameSet(minimise(globDfa(tokens, closure(tokens, [0]))));
  }

  /**
   * `NameSet.fromTokens(tokens).afterPrefix(prefix)`, without building the automaton of the
   * prefix part: the NFA reads the prefix first (a repository ARN pattern after its fixed
   * `arn:...:repository/` part costs only its name part).
   */
  static fromTokensAfter(tokens: readonly GlobToken[], prefix: string): NameSet {
    const spend = workBudget();
    let positions = closure(tokens, [0]);
    for (const char of characters(prefix)) {
      spend(positions.length + 1);
      positions = stepPositions(tokens, positions, char);
    }
    return new NameSet(minimise(globDfa(tokens, positions, spend)));
  }

  /** The members of at most `maxLength` characters. */
  upTo(maxLength: number): NameSet {
    if (!Number.isInteger(maxLength) || maxLength < 0) {
      throw new RangeError(`a length bound must be a whole number, got ${maxLength}`);
    }
    return maxLength >= this.maxLength ? this : new NameSet(this.dfa, maxLength);
  }

  /** This set's automaton with its length bound built in (the same members, no bound). */
  private unbounded(): Dfa {
    return this.maxLength === Infinity
      ? this.dfa
      : minimise(product(this.dfa, lengthAtMost(this.maxLength), (a, b) => a && b));
  }

  /** The union of many sets. */
  static unionOf(sets: Iterable<NameSet>): NameSet {
    let result = NameSet.empty();
    for (const set of sets) {
      result = result.union(set);
    }
    return result;
  }

  // The operations skip the product when an operand is empty or universal, or both are the same
  // set: the access model combines many such sets (statements that do not apply contribute
  // nothing; with no conditional statement, what is allowed is taken from itself).

  /** Strings in this set or the other. */
  union(other: NameSet): NameSet {
    if (this === other) {
      return this;
    }
    if (this.isEmpty() || other.isAll()) {
      return other;
    }
    if (other.isEmpty() || this.isAll()) {
      return this;
    }
    // Under the larger bound, the members of the set with the smaller one are its automaton's
    // strings up to that bound: build that bound in, keep the larger.
    const [lower, higher] = this.maxLength <= other.maxLength ? [this, other] : [other, this];
    const lowerDfa = lower.maxLength === higher.maxLength ? lower.dfa : lower.unbounded();
    return new NameSet(minimise(product(lowerDfa, higher.dfa, (a, b) => a || b)), higher.maxLength);
  }

  /** Strings in both sets. */
  intersection(other: NameSet): NameSet {
    if (this === other) {
      return this;
    }
    if (this.isEmpty() || other.isAll()) {
      return this;
    }
    if (other.isEmpty() || this.isAll()) {
      return other;
    }
    return new NameSet(
      minimise(product(this.dfa, other.dfa, (a, b) => a && b)),
      Math.min(this.maxLength, other.maxLength),
    );
  }

  /** Strings in this set and not in the other. */
  difference(other: NameSet): NameSet {
    if (this.isEmpty() || other.isEmpty()) {
      return this;
    }
    if (this === other) {
      return NameSet.empty();
    }
    if (other.isAll()) {
      return NameSet.empty();
    }
    // Within this set's bound, the other's members are its automaton's strings unless its own
    // bound is smaller: then build that in.
    const otherDfa = other.maxLength >= this.maxLength ? other.dfa : other.unbounded();
    return new NameSet(minimise(product(this.dfa, otherDfa, (a, b) => a && !b)), this.maxLength);
  }

  /** Every string not in this set. */
  complement(): NameSet {
    const dfa = this.unbounded();
    return new NameSet({ ...dfa, accepting: dfa.accepting.map((a) => !a) });
  }

  /** The rest of each member that starts with `prefix`: `{ s | prefix + s in this }`. */
  afterPrefix(prefix: string): NameSet {
    let state = 0;
    const chars = characters(prefix);
    for (const char of chars) {
      state = step(this.dfa, state, char);
    }
    if (chars.length > this.maxLength) {
      return NameSet.empty();
    }
    return new NameSet(minimise(this.dfa, state), this.maxLength - chars.length);
  }

  /** True if the set has no member. */
  isEmpty(): boolean {
    // Every state is reachable (construction explores only reachable states).
    const accepts = this.dfa.accepting.some((accepting) => accepting);
    if (!accepts || this.maxLength === Infinity) {
      return !accepts;
    }
    this.shortestLength ??= this.distanceToAccepting();
    return this.shortestLength > this.maxLength;
  }

  /** The fewest characters from the start to an accepting state (breadth first), or Infinity. */
  private distanceToAccepting(): number {
    const distance = new Map<number, number>([[0, 0]]);
    const queue = [0];
    for (let i = 0; i < queue.length; i += 1) {
      const state = queue[i];
      const here = distance.get(state) as number;
      if (this.dfa.accepting[state]) {
        return here;
      }
      for (const target of [...this.dfa.edges[state].values(), this.dfa.other[state]]) {
        if (!distance.has(target)) {
          distance.set(target, here + 1);
          queue.push(target);
        }
      }
    }
    return Infinity;
  }

  /** True if every string is a member. */
  isAll(): boolean {
    // Complete and all states reachable: every string ends in an accepting state iff all are.
    // A bounded set lacks every longer string.
    return this.maxLength === Infinity && this.dfa.accepting.every((accepting) => accepting);
  }

  /** True if every member of this set is in the other. */
  isSubset(other: NameSet): boolean {
    if (other.maxLength < this.maxLength) {
      // The other's bound bites within this one's: its automaton overstates it, so build it in.
      return this.difference(other).isEmpty();
    }
    // Breadth first through the product, stopping at the first string (within this set's bound)
    // this set accepts and the other does not: the same answer as `difference(...).isEmpty()`
    // without building and minimising the difference (the checks' hottest question).
    const width = other.dfa.accepting.length;
    const seen = new Set<number>([0]);
    let frontier: [number, number][] = [[0, 0]];
    for (let depth = 0; frontier.length > 0 && depth <= this.maxLength; depth += 1) {
      const next: [number, number][] = [];
      for (const [p, q] of frontier) {
        if (this.dfa.accepting[p] && !other.dfa.accepting[q]) {
          return false;
        }
        const targets: [number, number][] = [[this.dfa.other[p], other.dfa.other[q]]];
        for (const char of unionOfKeys(this.dfa.edges[p], other.dfa.edges[q])) {
          targets.push([step(this.dfa, p, char), step(other.dfa, q, char)]);
        }
        for (const [a, b] of targets) {
          const key = a * width + b;
          if (!seen.has(key)) {
            seen.add(key);
            next.push([a, b]);
          }
        }
      }
      frontier = next;
    }
    return true;
  }

  /** True if both sets have the same members. */
  equals(other: NameSet): boolean {
    return this.isSubset(other) && other.isSubset(this);
  }

  /** True if `name` is a member. */
  has(name: string): boolean {
    const chars = characters(name);
    if (chars.length > this.maxLength) {
      return false;
    }
    let state = 0;
    for (const char of chars) {
      state = step(this.dfa, state, char);
    }
    return this.dfa.accepting[state];
  }

  /**
   * A shortest member, preferring lowercase letters, digits and `-_./` where any character would
   * do (for messages like "grants 'prod', outside prefix 'prod-'"); undefined if empty.
   */
  example(): string | undefined {
    this.shortest ??= { name: this.shortestAccepted() };
    const name = this.shortest.name;
    return name !== undefined && characters(name).length <= this.maxLength ? name : undefined;
  }

  /**
   * A member other than `name` if there is one, else `name` if it is a member: the example to
   * show for names starting with a prefix, so that filter `prod` is illustrated by `proda` (which
   * it also matches), not by `prod` itself.
   */
  exampleBesides(name: string): string | undefined {
    const shortest = this.example();
    // A shortest member that is not `name` is already a shortest other one.
    if (shortest !== name) {
      return shortest;
    }
    return this.difference(NameSet.exact(name)).example() ?? shortest;
  }

  /** {@link example} of the automaton, ignoring the length bound (a shortest string is found first). */
  private shortestAccepted(): string | undefined {
    const previous = new Map<number, { from: number; char: string }>();
    const queue = [0];
    const visited = new Set([0]);
    for (let i = 0; i < queue.length; i += 1) {
      const state = queue[i];
      if (this.dfa.accepting[state]) {
        const chars: string[] = [];
        for (let at = state; at !== 0;) {
          const link = previous.get(at) as { from: number; char: string };
          chars.push(link.char);
          at = link.from;
        }
        return chars.reverse().join("");
      }
      const explicit = this.dfa.edges[state];
      const moves: [string, number][] = [
        ...explicit.entries(),
        [charOutside(new Set(explicit.keys())), this.dfa.other[state]],
      ];
      moves.sort((x, y) => exampleRank(x[0]) - exampleRank(y[0]));
      for (const [char, target] of moves) {
        if (!visited.has(target)) {
          visited.add(target);
          previous.set(target, { from: state, char });
          queue.push(target);
        }
      }
    }
    return undefined;
  }

  /** Number of states of the minimal automaton (for tests and diagnostics). */
  get stateCount(): number {
    return this.dfa.accepting.length;
  }
}

/**
 * True if `text` matches the tokens, by NFA simulation: linear in `text` times the pattern,
 * never backtracking (a hostile `*a*a*a*...b` cannot stall it as it can a RegExp).
 */
export function matchesTokens(tokens: readonly GlobToken[], text: string): boolean {
  let positions = closure(tokens, [0]);
  for (const char of characters(text)) {
    positions = stepPositions(tokens, positions, char);
    if (positions.length === 0) {
      return false;
    }
  }
  return positions.includes(tokens.length);
}

/**
 * True if `text` matches the IAM glob `pattern` (case-sensitive). Work is bounded by the text, not
 * the pattern: a pattern with more characters other than `*` than the text has cannot match, and
 * a run of `*` is one `*` (so a megabyte pattern against a 30-character action is cheap).
 */
export function matchesGlob(pattern: string, text: string): boolean {
  let fixed = 0;
  for (const char of pattern) {
    // `text.length` counts UTF-16 units, at least its characters: past it, nothing matches.
    if (char !== "*" && ++fixed > text.length) {
      return false;
    }
  }
  return matchesTokens(parseGlob(pattern.replace(/\*+/g, "*")), text);
}
