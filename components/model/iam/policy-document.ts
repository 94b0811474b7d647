/**
 * Reading an IAM resource policy document (an ECR registry policy) into a normalised form, with
 * every structural problem at its property path. Registry-specific rules (ARNs, actions, size) are
 *  in ../registry-policy/checks.ts; meaning (who may do what) is in ./access.ts.
 *
 * Grammar: IAM `reference_policies_grammar` and `reference_policies_elements_*`.
 */
import { describe, isPlainObject, join, POLICY_VERSION, Problem, SID_PATTERN } from "../core";

/** The principals of a Principal or NotPrincipal element. */
export interface PrincipalSet {
  /** True for `"*"` and for an `AWS` list containing `"*"`: everyone (IAM treats them alike). */
  wildcard: boolean;
  /** `AWS` principals as written: account ids, IAM ARNs, `*`. */
  aws: string[];
  /** `Service` principals, such as `ecr.amazonaws.com`. */
  service: string[];
  /** `Federated` principals. */
  federated: string[];
  /** `CanonicalUser` principals. */
  canonicalUser: string[];
}

/** Condition block: operator (`StringEquals`) -> condition key (`aws:PrincipalOrgID`) -> values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

/** One statement, string-or-array elements normalised to arrays. */
export interface NormalizedStatement {
  /** The statement's position in the document's `Statement` (0 when it is a single object). */
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: ConditionBlock;
}

/** A parsed policy document. */
export interface NormalizedPolicy {
  /** The policy text: the string given, or `JSON.stringify` of the object given. */
  text: string;
  version?: string;
  id?: string;
  /** The statements that could be read (a statement with problems may be left out). */
  statements: NormalizedStatement[];
}

/** Top-level elements of a policy document (IAM `reference_policies_grammar`). */
export const POLICY_ELEMENTS: readonly string[] = ["Version", "Id", "Statement"];
/** Elements of a statement (IAM `reference_policies_grammar`). */
export const STATEMENT_ELEMENTS: readonly string[] = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];
/** Principal types (IAM `reference_policies_elements_principal`). */
export const PRINCIPAL_TYPES: readonly string[] = ["AWS", "Service", "Federated", "CanonicalUser"];

/**
 * Condition operators, optionally suffixed `IfExists` (all but `Null`) and prefixed
 * `ForAllValues:` or `ForAnyValue:` (IAM `reference_policies_elements_condition_operators`).
 */
export const CONDITION_OPERATORS: readonly string[] = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
];

/** True if `operator` is a condition operator IAM knows. */
export function isConditionOperator(operator: string): boolean {
  const base = operator.replace(/^(ForAllValues|ForAnyValue):/, "");
  const core = base.replace(/IfExists$/, "");
  // `Null` tests existence itself, so it has no IfExists form.
  return CONDITION_OPERATORS.includes(core) && !(core === "Null" && base !== core);
}

/** An own property only: `__proto__`, `constructor` and friends are never inherited into a read. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** True if the element is present; an `undefined` value is absent, as in the JSON text. */
function has(record: Record<string, unknown>, key: string): boolean {
  return own(record, key) !== undefined;
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Problems for element keys outside `allowed`. */
function unknownKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  what: string,
): Problem[] {
  return Object.keys(record)
    .filter((key) => !allowed.includes(key) && has(record, key))
    .map((key) => ({
      path: join(path, key),
      message: `is not a ${what} element; allowed: ${allowed.join(", ")}`,
    }));
}

/**
 * A string or non-empty array of strings, as an array; `scalars` also accepts numbers and booleans
 * (condition values), as their JSON text.
 */
function stringList(
  value: unknown,
  path: string,
  problems: Problem[],
  scalars = false,
): string[] | undefined {
  const what = "a string or a non-empty array of strings";
  const asString = (item: unknown): string | undefined => {
    if (typeof item === "string") {
      return item;
    }
    if (scalars && (typeof item === "boolean" || (typeof item === "number" && isFinite(item)))) {
      return String(item);
    }
    return undefined;
  };
  if (!Array.isArray(value)) {
    const single = asString(value);
    if (single === undefined) {
      problems.push({ path, message: `must be ${what}, got ${describe(value)}` });
      return undefined;
    }
    return [single];
  }
  if (value.length === 0) {
    problems.push({ path, message: `must be ${what}, got []` });
    return undefined;
  }
  const result: string[] = [];
  let ok = true;
  value.forEach((item, i) => {
    const text = asString(item);
    if (text === undefined) {
      problems.push({ path: join(path, i), message: `must be a string, got ${describe(item)}` });
      ok = false;
    } else {
      result.push(text);
    }
  });
  return ok ? result : undefined;
}

/** Reads a Principal or NotPrincipal element. */
function parsePrincipal(
  value: unknown,
  path: string,
  problems: Problem[],
): PrincipalSet | undefined {
  const set: PrincipalSet = {
    wildcard: false,
    aws: [],
    service: [],
    federated: [],
    canonicalUser: [],
  };
  if (value === "*") {
    return { ...set, wildcard: true };
  }
  const what = `must be "*" or an object of ${PRINCIPAL_TYPES.join(", ")} principals`;
  if (!isPlainObject(value)) {
    problems.push({ path, message: `${what}, got ${describe(value)}` });
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    problems.push({ path, message: `${what}, got {}` });
    return undefined;
  }
  const before = problems.length;
  for (const key of keys) {
    const keyPath = join(path, key);
    if (!PRINCIPAL_TYPES.includes(key)) {
      problems.push({
        path: keyPath,
        message: `is not a principal type; allowed: ${PRINCIPAL_TYPES.join(", ")}`,
      });
      continue;
    }
    const list = stringList(own(value, key), keyPath, problems) ?? [];
    if (key === "AWS") {
      set.aws = list;
      set.wildcard = list.includes("*");
    } else if (key === "Service") {
      set.service = list;
    } else if (key === "Federated") {
      set.federated = list;
    } else {
      set.canonicalUser = list;
    }
  }
  return problems.length === before ? set : undefined;
}

/** Reads a Condition element. */
function parseCondition(
  value: unknown,
  path: string,
  problems: Problem[],
): ConditionBlock | undefined {
  if (!isPlainObject(value)) {
    problems.push({
      path,
      message: `must be an object of condition operators to {key: values}, got ${describe(value)}`,
    });
    return undefined;
  }
  const before = problems.length;
  const condition: ConditionBlock = {};
  for (const operator of Object.keys(value)) {
    const operatorPath = join(path, operator);
    if (!isConditionOperator(operator)) {
      problems.push({
        path: operatorPath,
        message: "is not an IAM condition operator (such as StringEquals, ArnLike, Bool)",
      });
      continue;
    }
    const keys = own(value, operator);
    if (!isPlainObject(keys) || Object.keys(keys).length === 0) {
      problems.push({
        path: operatorPath,
        message: `must be a non-empty object of condition keys to values, got ${describe(keys)}`,
      });
      continue;
    }
    const entries: Record<string, string[]> = {};
    for (const key of Object.keys(keys)) {
      const values = stringList(own(keys, key), join(operatorPath, key), problems, true);
      if (values !== undefined) {
        setOwn(entries, key, values);
      }
    }
    setOwn(condition, operator, entries);
  }
  return problems.length === before ? condition : undefined;
}

/** Reads one of a pair of mutually exclusive elements, such as Action and NotAction. */
function exactlyOne(
  statement: Record<string, unknown>,
  positive: string,
  negative: string,
  path: string,
  problems: Problem[],
): "positive" | "negative" | undefined {
  const hasPositive = has(statement, positive);
  const hasNegative = has(statement, negative);
  if (hasPositive !== hasNegative) {
    return hasPositive ? "positive" : "negative";
  }
  problems.push({
    path,
    message: `must have exactly one of ${positive} and ${negative}, got ${hasPositive ? "both" : "neither"}`,
  });
  return undefined;
}

/**
 * Reads one statement at `path` (such as `Statement[1]`). Returns undefined if its meaning cannot be
 * read (Effect, Principal, Action, Resource or Condition wrong); its problems are appended to
 * `problems`. The Sid's grammar and uniqueness are normal form, checked by
 * {@link checkSidNormalForm}.
 */
export function parseStatement(
  value: unknown,
  index: number,
  path: string,
  problems: Problem[],
): NormalizedStatement | undefined {
  if (!isPlainObject(value)) {
    problems.push({ path, message: `must be a statement object, got ${describe(value)}` });
    return undefined;
  }
  // Unknown elements and a Sid that is not a string are reported but do not change what the
  // statement means. A string Sid is kept as written: its grammar is normal form, judged by
  // checkSidNormalForm (ECR accepts Sids IAM's grammar does not).
  problems.push(...unknownKeys(value, STATEMENT_ELEMENTS, path, "statement"));
  const result: Partial<NormalizedStatement> = { index };

  if (has(value, "Sid")) {
    const sid = own(value, "Sid");
    if (typeof sid === "string") {
      result.sid = sid;
    } else {
      // No source says ECR accepts a Sid that is not a string: the stricter reading refuses it.
      problems.push({
        path: join(path, "Sid"),
        message: `must be a string of letters and digits (A-Z, a-z, 0-9), got ${describe(sid)}`,
      });
    }
  }

  const before = problems.length;
  const effect = own(value, "Effect");
  if (effect === "Allow" || effect === "Deny") {
    result.effect = effect;
  } else {
    problems.push({
      path: join(path, "Effect"),
      message: `must be 'Allow' or 'Deny', got ${describe(effect)}`,
    });
  }

  const principalKind = exactlyOne(value, "Principal", "NotPrincipal", path, problems);
  if (principalKind === "positive") {
    result.principal = parsePrincipal(own(value, "Principal"), join(path, "Principal"), problems);
  } else if (principalKind === "negative") {
    result.notPrincipal = parsePrincipal(
      own(value, "NotPrincipal"),
      join(path, "NotPrincipal"),
      problems,
    );
  }

  const actionKind = exactlyOne(value, "Action", "NotAction", path, problems);
  if (actionKind === "positive") {
    result.action = stringList(own(value, "Action"), join(path, "Action"), problems);
  } else if (actionKind === "negative") {
    result.notAction = stringList(own(value, "NotAction"), join(path, "NotAction"), problems);
  }

  const resourceKind = exactlyOne(value, "Resource", "NotResource", path, problems);
  if (resourceKind === "positive") {
    result.resource = stringList(own(value, "Resource"), join(path, "Resource"), problems);
  } else if (resourceKind === "negative") {
    result.notResource = stringList(own(value, "NotResource"), join(path, "NotResource"), problems);
  }

  if (has(value, "Condition")) {
    result.condition = parseCondition(own(value, "Condition"), join(path, "Condition"), problems);
  }

  if (problems.length !== before) {
    return undefined;
  }
  // Drop the keys of absent elements so documents compare exactly.
  for (const key of Object.keys(result) as (keyof NormalizedStatement)[]) {
    if (result[key] === undefined) {
      delete result[key];
    }
  }
  return result as NormalizedStatement;
}

/** The text and the parsed JSON value of the input, or a problem. */
function readInput(input: unknown): { text: string; document: unknown } | Problem {
  if (typeof input === "string") {
    try {
      return { text: input, document: JSON.parse(input) };
    } catch {
      return { path: "", message: `must be a JSON policy document, got ${describe(input)}` };
    }
  }
  try {
    const text = JSON.stringify(input);
    if (typeof text !== "string") {
      return { path: "", message: `must be a policy document, got ${describe(input)}` };
    }
    return { text, document: input };
  } catch {
    return {
      path: "",
      message: "must be a policy document that JSON can represent (no cycles, no bigint)",
    };
  }
}

function parseDocument(input: unknown): { policy?: NormalizedPolicy; problems: Problem[] } {
  const read = readInput(input);
  if ("path" in read) {
    return { problems: [read] };
  }
  const { text, document } = read;
  if (!isPlainObject(document)) {
    return {
      problems: [
        {
          path: "",
          message: `must be a policy document object {Version, Statement}, got ${describe(document)}`,
        },
      ],
    };
  }
  const problems = unknownKeys(document, POLICY_ELEMENTS, "", "policy");
  const policy: NormalizedPolicy = { text, statements: [] };

  const version = own(document, "Version");
  if (version === POLICY_VERSION) {
    policy.version = version;
  } else {
    problems.push({
      path: "Version",
      message: `must be '${POLICY_VERSION}', got ${describe(version)}`,
    });
  }
  if (has(document, "Id")) {
    const id = own(document, "Id");
    if (typeof id === "string") {
      policy.id = id;
    } else {
      problems.push({ path: "Id", message: `must be a string, got ${describe(id)}` });
    }
  }

  const statement = own(document, "Statement");
  const statements = isPlainObject(statement) ? [statement] : statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    problems.push({
      path: "Statement",
      message: `must be a statement object or a non-empty array of them, got ${describe(statement)}`,
    });
    return { policy, problems };
  }
  statements.forEach((item, index) => {
    const parsed = parseStatement(item, index, join("Statement", index), problems);
    if (parsed !== undefined) {
      policy.statements.push(parsed);
    }
  });
  return { policy, problems };
}

/** The statements of a document's text as written (an object or array; anything else: none). */
function writtenStatements(text: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  const statement = isPlainObject(document) ? own(document, "Statement") : undefined;
  return isPlainObject(statement) ? [statement] : Array.isArray(statement) ? statement : [];
}

/**
 * Sids in IAM's normal form: letters and digits only, unique within the policy (IAM
 * `reference_policies_elements_sid`). ECR accepts both kinds of departure, so these are normal form
 * rather than refusals: a registry policy read back from a live account carries the Sid `stis-1`,
 * and the ECR user guide's own "Private registry policy examples" ("Allow multiple accounts")
 * repeats the Sid `ReplicationAccessCrossAccount`. Every statement's Sid is judged, also one whose
 * statement could not be read (so the policy's text is read again here); a Sid that is not a
 * string is the parser's problem, not repeated.
 */
export function checkSidNormalForm(policy: NormalizedPolicy): Problem[] {
  const problems: Problem[] = [];
  const sids = new Map<string, number>();
  writtenStatements(policy.text).forEach((item, index) => {
    const sid = isPlainObject(item) ? own(item, "Sid") : undefined;
    if (typeof sid !== "string") {
      return;
    }
    const path = join(join("Statement", index), "Sid");
    if (!SID_PATTERN.test(sid)) {
      problems.push({
        path,
        message: `must be letters and digits only (A-Z, a-z, 0-9), got ${describe(sid)}`,
      });
    }
    const first = sids.get(sid);
    if (first === undefined) {
      sids.set(sid, index);
    } else {
      problems.push({
        path,
        message: `must be unique within the policy, got ${describe(sid)}, the Sid of Statement[${first}]`,
      });
    }
  });
  return problems;
}

/**
 * Reads a registry policy given as JSON text or as an object (Pulumi passes either). Never throws,
 * whatever the input. `policy` is present whenever the input is a JSON object, holding the
 * statements that could be read; `problems` lists everything structurally wrong, with paths such
 * as `Statement[1].Effect` or `Statement[0].Principal.AWS[2]` (statements are indexed even when
 * `Statement` is a single object). What IAM's grammar prefers but ECR accepts (a Sid's characters
 * and uniqueness) is not among them: see {@link checkSidNormalForm}.
 */
export function parseRegistryPolicy(input: unknown): {
  policy?: NormalizedPolicy;
  problems: Problem[];
} {
  try {
    return parseDocument(input);
  } catch (error) {
    // Proxies and throwing getters: whatever happens, report instead of throwing.
    return {
      problems: [
        {
          path: "",
          message: `could not be read as a policy document: ${error instanceof Error ? error.name : typeof error}`,
        },
      ],
    };
  }
}
