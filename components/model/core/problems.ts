/** One problem found in some input, at a property path such as `sources[1].accountId`. */
export interface Problem {
  /** Where: a property path from the root of the checked value (`Statement[1].Sid`, `routes[0]`). */
  path: string;
  /** What is wrong and what must hold instead. */
  message: string;
}

/** Appends a property name or index to a path: `join("sources", 1)` is `sources[1]`. */
export function join(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

/** One line per problem: `path: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("\n");
}

/** Thrown by builders when input is refused; carries every problem found, not only the first. */
export class ValidationError extends Error {
  /**
   * Marks this error as a Pulumi `RunError` without importing Pulumi (the model stays pure): the
   * language host prints a `RunError`'s message alone, with no Node.js stack trace
   * (`@pulumi/pulumi` `errors.js` `RunError.isInstance` tests this member; `cmd/run/run.js`
   * `uncaughtHandler` logs only `err.message` for it).
   */
  readonly __pulumiRunError = true;

  constructor(
    readonly problems: readonly Problem[],
    context = "invalid input",
  ) {
    super(`${context}:\n${formatProblems(problems)}`);
    this.name = "ValidationError";
  }
}

/**
 * The heading of a refusal that names the parts at fault: `invalid replication source`,
 * `invalid replication routes`, or `invalid replication source and routes`, by the first segment
 * of each problem's path (a path outside `parts` counts as `other`, by default the last part).
 */
export function invalidParts(
  subject: string,
  parts: readonly string[],
  problems: readonly Problem[],
  other: string = parts[parts.length - 1],
): string {
  const faulty = new Set(
    problems.map((problem) => {
      const first = /^[^.[]*/.exec(problem.path)?.[0] ?? "";
      return parts.includes(first) ? first : other;
    }),
  );
  const named = parts.filter((part) => faulty.has(part));
  return `invalid ${subject} ${(named.length > 0 ? named : parts).join(" and ")}`;
}

/** The most characters a message shows of one value (a hostile value may be megabytes). */
const MAX_SHOWN_CHARS = 80;

/** `text` as a message shows it: at most 80 characters, a longer text cut to 77 and `...`. */
export function shortened(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 3)}...` : text;
}

/** Quotes a value for an error message, whatever its type (never throws, even on cycles). */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    return `'${shortened(value)}'`;
  }
  if (value === undefined) {
    return "undefined";
  }
  if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") {
    return typeof value;
  }
  try {
    return shortened(JSON.stringify(value));
  } catch (error) {
    // Too deep for JSON.stringify (thousands of levels): say so; a cycle reads as its type.
    if (error instanceof RangeError) {
      return `${Array.isArray(value) ? "an array" : "an object"} nested too deeply to show`;
    }
    return typeof value;
  }
}

/** How {@link listed} writes a list in a message. */
export interface ListStyle {
  /** How many items are shown before "and N more". Default 5. */
  most?: number;
  /** What joins the last two items when every item is shown. Default `" and "`. */
  lastJoin?: string;
}

/** `a, b and c`: at most `most` items, then "and N more" (messages listing what to change). */
export function listed(
  items: readonly string[],
  { most = 5, lastJoin = " and " }: ListStyle = {},
): string {
  const shown = items.slice(0, most);
  const rest = items.length - shown.length;
  if (rest > 0) {
    return `${shown.join(", ")} and ${rest} more`;
  }
  return shown.length <= 1
    ? shown.join("")
    : `${shown.slice(0, -1).join(", ")}${lastJoin}${shown[shown.length - 1]}`;
}

/** `'a', 'b', 'c'`: each value quoted, joined with commas (lists of names in messages). */
export function quotedList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(", ");
}
