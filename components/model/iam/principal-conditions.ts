/**
 * Conditions that limit who a statement's principal can be: a statement for everyone
 * (`Principal: "*"`) limited by `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgID`
 * or `aws:PrincipalOrgPaths` to concrete accounts or organizations grants only to those (the
 * pull-through cache pattern: `*` limited to the registry's own account).
 *
 * The keys (IAM user guide, "AWS global condition context keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * `aws:PrincipalAccount` is the requesting principal's account id, `aws:PrincipalArn` its ARN
 * (`arn:<partition>:iam::<account>:...`; an ARN's fifth field is its account), `aws:PrincipalOrgID`
 * the id of its organization (`o-...`), `aws:PrincipalOrgPaths` its organization paths
 * (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`, multivalued: first the organization id).
 *
 * A test limits the principal only when a principal lacking the key, or with any other value,
 * fails it (IAM "Condition operators"; ./request-context.ts for a missing key): a positive string
 * or ARN operator (`StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`,
 * `ArnLike`), alone or as `ForAnyValue:` (false without the key; the documented form for the
 * multivalued `aws:PrincipalOrgPaths`). Negated operators, `...IfExists`, `ForAllValues:` and
 * `Null` match principals without the key or with other values, so they do not. And every value
 * must fix its account or organization: a wildcard is allowed only after it
 * (`arn:aws:iam::111111111111:role/*`, `o-a1b2c3d4e5/*`), never in it (`1111*`, `o-*`).
 */
import { ORGANIZATION_ID, shortened } from "../core";
import { NormalizedStatement } from "./policy-document";
import { NEGATED_OPERATORS, readConditionOperator } from "./request-context";

/** What a principal condition key's values name. */
export type PrincipalKeyKind = "account" | "principal ARN" | "organization" | "organization path";

/** The principal condition keys, lower case (condition keys are case-insensitive). */
export const PRINCIPAL_CONDITION_KEYS: Readonly<Record<string, PrincipalKeyKind>> = {
  "aws:principalaccount": "account",
  "aws:principalarn": "principal ARN",
  "aws:principalorgid": "organization",
  "aws:principalorgpaths": "organization path",
};

/** One test that limits the principal to concrete accounts or organizations. */
export interface PrincipalLimit {
  /** The operator and key as written (`StringEquals`, `aws:PrincipalAccount`). */
  operator: string;
  key: string;
  /** Whether the values name accounts or organizations. */
  scope: "account" | "organization";
  /** The values as written. */
  values: string[];
  /** The account or organization id each value lies within, in the same order. */
  within: string[];
}

/** A test on a principal key that does not limit the principal, and why, for messages. */
export interface LooseCondition {
  operator: string;
  key: string;
  /** `StringNotEquals on aws:PrincipalOrgID is negated, so ...`. */
  why: string;
}

/** Positive string and ARN operators: false for a principal without the key or another value. */
const LIMITING_OPERATORS = [
  "StringEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "ArnEquals",
  "ArnLike",
];

/** What fixes the account or organization of each key's value (its first group). */
const FIXED: Record<PrincipalKeyKind, RegExp> = {
  account: /^(\d{12})$/,
  // The partition literal too: under StringLike a '*' there could span ':' and so reach an
  // account field further on (a role path may contain ':'; IAM CreateRole `Path` allows
  // `!`-`~`), as in 'arn:*:iam::111111111111:*' matching another account's role.
  "principal ARN": /^arn:(?:aws|aws-cn|aws-us-gov):(?:iam|sts)::(\d{12}):/,
  organization: new RegExp(`^(${ORGANIZATION_ID})$`),
  "organization path": new RegExp(`^(${ORGANIZATION_ID})/`),
};

/** The account or organization a value fixes, or undefined; a wildcard may only follow it. */
function scopeOf(kind: PrincipalKeyKind, value: string): string | undefined {
  return FIXED[kind].exec(value)?.[1];
}

/** What a value must look like to fix its account or organization, for messages. */
const NOT_FIXED: Record<PrincipalKeyKind, string> = {
  account: "is not one account (12 digits)",
  "principal ARN": "does not fix the account (arn:<partition>:iam::<12 digits>:...)",
  organization: "is not one organization (o-...)",
  "organization path": "does not fix the organization (o-.../...)",
};

/** Why an operator on a principal key does not limit the principal, or undefined if it may. */
function looseOperator(operator: string, key: string): string | undefined {
  const { set, base, ifExists } = readConditionOperator(operator);
  const test = `${operator} on ${key}`;
  if (base === "Null") {
    return `${test} tests only whether the key is present`;
  }
  if (ifExists || set === "ForAllValues") {
    return `${test} also matches a principal without the key`;
  }
  if (NEGATED_OPERATORS.includes(base)) {
    return `${test} is negated, so it matches every other principal`;
  }
  if (!LIMITING_OPERATORS.includes(base)) {
    return `${test} does not compare it as a string or an ARN`;
  }
  return undefined;
}

/**
 * The tests of a statement's Condition on principal keys (`keys`, lower case, default
 * {@link PRINCIPAL_CONDITION_KEYS}): those that limit the principal to concrete accounts or
 * organizations, and those that do not, with why. Every test of a Condition must hold, so one
 * limit is enough to limit the statement.
 */
export function readPrincipalConditions(
  statement: NormalizedStatement,
  keys: Readonly<Record<string, PrincipalKeyKind>> = PRINCIPAL_CONDITION_KEYS,
): { limits: PrincipalLimit[]; loose: LooseCondition[] } {
  const limits: PrincipalLimit[] = [];
  const loose: LooseCondition[] = [];
  for (const [operator, tests] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(tests)) {
      const kind = keys[key.toLowerCase()];
      if (kind === undefined) {
        continue;
      }
      const why = looseOperator(operator, key);
      if (why !== undefined) {
        loose.push({ operator, key, why });
        continue;
      }
      const unfixed = values.find((value) => scopeOf(kind, value) === undefined);
      if (unfixed !== undefined) {
        loose.push({
          operator,
          key,
          why: `${operator} on ${key}: ${shortened(`'${unfixed}'`)} ${NOT_FIXED[kind]}`,
        });
        continue;
      }
      const scope = kind === "account" || kind === "principal ARN" ? "account" : "organization";
      limits.push({ operator, key, scope, values, within: values.map((v) => scopeOf(kind, v)!) });
    }
  }
  return { limits, loose };
}
