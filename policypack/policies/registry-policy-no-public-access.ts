import { ResourceValidationPolicy } from "@pulumi/policy";
import { listed } from "../../components/model/core";
import {
  ECR_ACTIONS,
  LooseCondition,
  NormalizedStatement,
  PRINCIPAL_CONDITION_KEYS,
  PrincipalKeyKind,
  readPrincipalConditions,
} from "../../components/model/iam";
import { repositoriesGrantedOnce } from "../../components/model/analysis";
import { Finding, FINDING_LIST } from "../support/findings";
import { checkRegistryPolicies, statementPath } from "../support/registry-policies";

/**
 * Condition keys that limit who may use a statement for everyone (IAM global condition keys): the
 * principal keys (../../components/model/iam principal-conditions), and `aws:SourceAccount`,
 * which only a service acting for that account carries, so a grant behind it is not public
 * either (as IAM Access Analyzer judges resource policies).
 */
const LIMITING_KEYS: Readonly<Record<string, PrincipalKeyKind>> = {
  ...PRINCIPAL_CONDITION_KEYS,
  "aws:sourceaccount": "account",
};

/** True if an Allow statement applies to every principal: `"*"`, or NotPrincipal. */
function coversEveryone(statement: NormalizedStatement): boolean {
  return statement.principal?.wildcard === true || statement.notPrincipal !== undefined;
}

/** What the message says of the statement's condition: none, or why it does not limit. */
function conditionText(loose: readonly LooseCondition[]): string {
  return loose.length === 0
    ? "without a condition on the principal"
    : `with a condition that does not limit the principal (${loose.map((test) => test.why).join("; ")})`;
}

/**
 * No registry policy grants anything to everyone: an Allow for `"*"` (or with NotPrincipal) must be
 * limited by a principal condition such as `aws:PrincipalOrgID` with concrete values. Judged on
 * effective access: an Allow that a Deny cancels entirely grants nothing.
 */
export const registryPolicyNoPublicAccess: ResourceValidationPolicy = {
  name: "ecr-registry-policy-no-public-access",
  description:
    "Checks whether an ECR registry policy grants nothing to everyone ('*' or NotPrincipal) without a condition limiting the principal.",
  enforcementLevel: "mandatory",
  validateResource: checkRegistryPolicies(undefined, ({ policy, registries }) => {
    const open = policy.statements
      .filter((s) => s.effect === "Allow" && coversEveryone(s))
      .map((statement) => ({ statement, ...readPrincipalConditions(statement, LIMITING_KEYS) }))
      .filter(({ limits }) => limits.length === 0);
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
    return open.map(({ statement, loose }): Finding => ({
      message: `${statementPath(statement.index)} allows everyone (${statement.notPrincipal === undefined ? "Principal '*'" : "NotPrincipal"}) ${conditionText(loose)}, so anyone may use ${listed(granted, FINDING_LIST)}: name accounts, or limit it with aws:PrincipalOrgID`,
    }));
  }),
};
