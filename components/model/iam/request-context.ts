/**
 * What a request is known to carry, and what a statement's Condition makes of a key it lacks.
 *
 * A policy alone does not know the request context, so a Condition is normally undecided
 * ("maybe", ./access.ts). For some kinds of request it is known that a key is never present:
 * then IAM's rules for a missing key decide the condition, without knowing anything else.
 *
 * Which keys a replication request lacks (`REPLICATION_REQUEST`):
 * - Cross-account replication is performed by the source account's ECR replication
 *   service-linked role (`AWSServiceRoleForECRReplication`; ECR user guide, "Using service-linked
 *   roles for Amazon ECR", and "Private image replication"), an IAM role, not a service principal.
 * - `aws:SourceAccount`: "the aws:SourceAccount condition key is only available when the call to
 *   your resource is made directly by an AWS service principal" (IAM user guide, "AWS global
 *   condition context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 *   Observed: a registry policy whose Allow was conditioned on `StringEquals aws:SourceAccount`
 *   failed every replication with `DESTINATION_REGISTRY_ACCESS_DENIED` ("ECR's cross-account
 *   replication does not populate aws:SourceAccount in the authorization context";
 *   justin-layerv/opennhp `terraform/modules/ecr/main.tf`, resource
 *   `aws_ecr_registry_policy.replication`).
 * - Nothing else: the same record asserts `aws:SourceArn` is absent too, but only
 *   `aws:SourceAccount` was observed, so a condition on any other key stays undecided (the
 *   stricter reading: a mandatory finding needs evidence).
 *
 * How IAM evaluates a condition on a missing key (IAM user guide, "IAM JSON policy elements:
 * Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * - "If the key that you specify in a policy condition is not present in the request context,
 *   the values do not match and the condition is false. If the policy condition requires that
 *   the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
 *   present, the condition is true. This logic applies to all condition operators except
 *   ...IfExists and Null check." So a positive operator (`StringEquals`, `StringLike`,
 *   `ArnEquals`, `ArnLike`, `NumericEquals`, `Bool`, ...) is false; a negated one (`StringNotEquals`,
 *   `StringNotLike`, `ArnNotEquals`, `ArnNotLike`, `NumericNotEquals`, `DateNotEquals`,
 *   `NotIpAddress`, ...) is true.
 * - `...IfExists` (same page, "...IfExists condition operators"): "If the key is not present,
 *   evaluate the condition element as true."
 * - `Null` (same page, "Condition operator to check existence of condition keys"): `"true"` matches
 *   when the key is absent, `"false"` when it is present.
 * - Set operators (IAM user guide, "Single-valued vs. multivalued context keys",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 *   `ForAllValues:` is true when the request has no value for the key (the page's warning about
 *   ForAllValues with Allow); `ForAnyValue:` needs at least one value, so is false without one.
 * - `ForAnyValue:...IfExists`: the two rules above disagree (false and true); it is left
 *   undecided, the stricter reading.
 * - Several operators, and several keys under one operator, must all hold (logical AND; IAM user
 *   guide, "Conditions with multiple context keys or values"): one that never holds decides that
 *   the statement never applies.
 *
 * The `@cloud-copilot/iam-simulate` oracle evaluates these the same way (test/oracle).
 */
import { ConditionBlock } from "./policy-document";

/** What a kind of request is known to carry. */
export interface RequestContext {
  /** The requests, for messages: `replication requests`. */
  requests: string;
  /** Condition keys these requests never carry, as AWS documents them (compared case-insensitively). */
  absentKeys: readonly string[];
}

/**
 * Cross-account replication requests, made by the source account's ECR replication
 * service-linked role: they carry no `aws:SourceAccount` (see the module comment).
 */
export const REPLICATION_REQUEST: RequestContext = {
  requests: "replication requests",
  absentKeys: ["aws:SourceAccount"],
};

/** One operator and key of a Condition, as written (`StringEquals`, `aws:SourceAccount`). */
export interface ConditionTest {
  operator: string;
  key: string;
}

/**
 * Whether a statement's Condition holds for requests of a context: "always" (no condition, or
 * every test decided true), "never" (some test decided false), "unknown" (otherwise).
 */
export interface ConditionOutcome {
  holds: "always" | "never" | "unknown";
  /**
   * What decides it: for "never" the test that never holds; for "unknown" the tests not decided
   * (in the document's order); for "always" every test (none without a condition).
   */
  tests: ConditionTest[];
}

/**
 * Negated matching operators: true when the key is missing (IAM "Condition operators").
 * Every other operator but `Null` is positive: false when the key is missing.
 */
export const NEGATED_OPERATORS: readonly string[] = [
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "NumericNotEquals",
  "DateNotEquals",
  "NotIpAddress",
  "ArnNotEquals",
  "ArnNotLike",
];

/** An operator read into its set prefix, base operator and IfExists suffix. */
export function readConditionOperator(operator: string): {
  set?: "ForAllValues" | "ForAnyValue";
  base: string;
  ifExists: boolean;
} {
  const set = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1] as
    "ForAllValues" | "ForAnyValue" | undefined;
  const withoutSet = set === undefined ? operator : operator.slice(set.length + 1);
  const ifExists = withoutSet.endsWith("IfExists");
  const base = ifExists ? withoutSet.slice(0, -"IfExists".length) : withoutSet;
  return { set, base, ifExists };
}

/**
 * What one test makes of a missing key (see the module comment): true, false, or undefined
 * when the sources leave it undecided.
 */
export function holdsWithoutKey(operator: string, values: readonly string[]): boolean | undefined {
  const { set, base, ifExists } = readConditionOperator(operator);
  if (base === "Null") {
    // Values are ORed: "true" matches a missing key; only "false" values never do.
    if (values.includes("true")) {
      return true;
    }
    return values.every((value) => value === "false") ? false : undefined;
  }
  if (set === "ForAnyValue") {
    return ifExists ? undefined : false;
  }
  if (set === "ForAllValues" || ifExists) {
    return true;
  }
  return NEGATED_OPERATORS.includes(base);
}

/** True if requests of the context never carry `key` (condition keys are case-insensitive). */
function lacks(context: RequestContext, key: string): boolean {
  return context.absentKeys.some((absent) => absent.toLowerCase() === key.toLowerCase());
}

/**
 * Whether a Condition holds for requests of `context` (see {@link ConditionOutcome}). Without a
 * context nothing about the request is known: any condition is "unknown".
 */
export function judgeCondition(
  condition: ConditionBlock | undefined,
  context: RequestContext | undefined,
): ConditionOutcome {
  const decided: ConditionTest[] = [];
  const undecided: ConditionTest[] = [];
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const holds =
        context !== undefined && lacks(context, key)
          ? holdsWithoutKey(operator, values)
          : undefined;
      if (holds === false) {
        return { holds: "never", tests: [{ operator, key }] };
      }
      (holds === true ? decided : undecided).push({ operator, key });
    }
  }
  return undecided.length > 0
    ? { holds: "unknown", tests: undecided }
    : { holds: "always", tests: decided };
}

/** `StringEquals on aws:SourceAccount`, for messages. */
export function describeTest(test: ConditionTest): string {
  return `${test.operator} on ${test.key}`;
}

/**
 * Why a statement's condition is decided for a context, for messages: `replication requests
 * carry no aws:SourceAccount, so the Allow of Statement[0] (StringEquals on aws:SourceAccount)
 * never applies`. `statement` names the statement (`Statement[0]`).
 */
export function explainDecided(
  context: RequestContext,
  effect: "Allow" | "Deny",
  statement: string,
  outcome: ConditionOutcome,
): string {
  const keys = [...new Set(outcome.tests.map((test) => test.key))];
  const applies = outcome.holds === "never" ? "never applies" : "always applies";
  return `${context.requests} carry no ${keys.join(" or ")}, so the ${effect} of ${statement} (${outcome.tests.map(describeTest).join(", ")}) ${applies}`;
}
