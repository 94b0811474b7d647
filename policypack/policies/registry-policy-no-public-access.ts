import { ResourceValidationPolicy } from "@pulumi/policy";
import { listed } from "../../components/model/core";
import { ECR_ACTIONS, NormalizedStatement } from "../../components/model/iam";
import { repositoriesGrantedOnce } from "../../components/model/analysis";
import { Finding, FINDING_LIST } from "../support/findings";
import { checkRegistryPolicies, statementPath } from "../support/registry-policies";

/**
 * Global condition keys that limit who the principal is (IAM global condition keys): a statement
 * for `*` behind one of them is not public (as IAM Access Analyzer judges resource policies).
 */
const PRINCIPAL_LIMITING_KEYS = [
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceaccount",
];

/** True if an Allow statement applies to every principal: `"*"`, or NotPrincipal. */
function coversEveryone(statement: NormalizedStatement): boolean {
  return statement.principal?.wildcard === true || statement.notPrincipal !== undefined;
}

/**
 * Condition operators that limit a key to the values given. Negated operators (`StringNotEquals`),
 * `...IfExists` (true when the key is absent), `ForAnyValue:`/`ForAllValues:` set operators and
 * `Null` do not: with them a statement still applies to principals outside the organization.
 */
const LIMITING_OPERATORS = [
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
];

/** True if `[operator, keys]` names a principal key at all (whether or not it limits it). */
function namesPrincipalKey(keys: Record<string, string[]>): boolean {
  return Object.keys(keys).some((key) => PRINCIPAL_LIMITING_KEYS.includes(key.toLowerCase()));
}

/**
 * True if a condition of the statement limits which principals it applies to: a limiting operator
 * on a principal key, with values that are not only wildcards (`"*"` limits nothing).
 */
function limitsPrincipal(statement: NormalizedStatement): boolean {
  return Object.entries(statement.condition ?? {}).some(
    ([operator, keys]) =>
      LIMITING_OPERATORS.includes(operator.toLowerCase()) &&
      Object.entries(keys).some(
        ([key, values]) =>
          PRINCIPAL_LIMITING_KEYS.includes(key.toLowerCase()) &&
          values.length > 0 &&
          values.every((value) => !/^[*?]*$/.test(value)),
      ),
  );
}

/** What the message says of the statement's condition. */
function conditionText(statement: NormalizedStatement): string {
  return Object.values(statement.condition ?? {}).some(namesPrincipalKey)
    ? "with a condition that does not limit the principal (only StringEquals, StringLike, ArnEquals or ArnLike with concrete values does; negated, IfExists, ForAnyValue and Null operators do not)"
    : "without a condition on the principal";
}

/**
 * No registry policy grants anything to everyone: an Allow for `"*"` (or with NotPrincipal) must be
 * limited by a principal condition such as `aws:PrincipalOrgID`. Judged on effective access: an
 * Allow that a Deny cancels entirely grants nothing.
 */
export const registryPolicyNoPublicAccess: ResourceValidationPolicy = {
  name: "ecr-registry-policy-no-public-access",
  description:
    "Checks whether an ECR registry policy grants nothing to everyone ('*' or NotPrincipal) without a condition limiting the principal.",
  enforcementLevel: "mandatory",
  validateResource: checkRegistryPolicies(undefined, ({ policy, registries }) => {
    const open = policy.statements.filter(
      (s) => s.effect === "Allow" && coversEveryone(s) && !limitsPrincipal(s),
    );
    if (open.length === 0) {
      return [];
    }
    const granted = ECR_ACTIONS.filter((action) =>
      registries.some((registry) => {
        const { allowed, maybe } = repositoriesGrantedOnce(policy, {
          principal: "*",
          action,
          registry,
        });
        return !allowed.union(maybe).isEmpty();
      }),
    );
    if (granted.length === 0) {
      return [];
    }
    return open.map((statement): Finding => ({
      message: `${statementPath(statement.index)} allows everyone (${statement.notPrincipal === undefined ? "Principal '*'" : "NotPrincipal"}) ${conditionText(statement)}, so anyone may use ${listed(granted, FINDING_LIST)}: name accounts, or limit it with aws:PrincipalOrgID`,
    }));
  }),
};
