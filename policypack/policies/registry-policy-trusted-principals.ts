import { ResourceValidationPolicy } from "@pulumi/policy";
import { listed, shortened } from "../../components/model/core";
import { NormalizedStatement, parseAwsPrincipal } from "../../components/model/iam";
import { configuredStrings, stringListSchema } from "../support/config";
import { Finding, FINDING_LIST } from "../support/findings";
import { checkRegistryPolicies, statementPath } from "../support/registry-policies";

const configSchema = {
  properties: {
    trustedAccounts: stringListSchema(
      "Accounts a registry policy may grant to (the registry's own account always may). Empty, with trustedOrganizationIds empty too: any principal.",
      [],
      { type: "string", pattern: "^[0-9]{12}$" },
    ),
    trustedOrganizationIds: stringListSchema(
      "AWS Organizations ids (o-...) a statement may grant to through an aws:PrincipalOrgID condition.",
      [],
      { type: "string", pattern: "^o-[a-z0-9]{10,32}$" },
    ),
  },
};

/** The global condition key naming the principal's organization (IAM condition keys; case-insensitive). */
const PRINCIPAL_ORG_ID = "aws:principalorgid";
/**
 * Operators under which `aws:PrincipalOrgID` limits principals to the listed organizations. The
 * `IfExists` forms do not: a principal outside any organization lacks the key and passes.
 */
const ORG_LIMITING_OPERATORS = ["StringEquals", "StringLike"];

/** The organizations an Allow statement limits its principals to, or undefined if it does not. */
function organizationsOf(statement: NormalizedStatement): string[] | undefined {
  const limits = Object.entries(statement.condition ?? {}).flatMap(([operator, keys]) =>
    ORG_LIMITING_OPERATORS.includes(operator)
      ? Object.entries(keys).filter(([key]) => key.toLowerCase() === PRINCIPAL_ORG_ID)
      : [],
  );
  return limits.length === 0 ? undefined : limits.flatMap(([, values]) => values);
}

/** The principals of an Allow statement, as written, for messages. */
function principalsOf(statement: NormalizedStatement): string[] {
  if (statement.notPrincipal !== undefined) {
    return ["everyone but its NotPrincipal"];
  }
  const principal = statement.principal;
  if (principal === undefined) {
    return [];
  }
  return principal.wildcard
    ? ["*"]
    : [...principal.aws, ...principal.service, ...principal.federated, ...principal.canonicalUser];
}

/** True if a principal as written is an account (or one of its users or roles) in `trusted`. */
function isTrustedAccount(principal: string, trusted: readonly string[]): boolean {
  const accountId = parseAwsPrincipal(principal)?.accountId;
  return accountId !== undefined && trusted.includes(accountId);
}

/**
 * Registry policies grant only to trusted accounts, or to principals an `aws:PrincipalOrgID`
 * condition limits to trusted organizations. Judged per Allow statement.
 */
export const registryPolicyTrustedPrincipals: ResourceValidationPolicy = {
  name: "ecr-registry-policy-trusted-principals",
  description:
    "Checks whether every ECR registry policy Allow names only trusted accounts or is limited to trusted organizations by aws:PrincipalOrgID.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkRegistryPolicies(configSchema, ({ read, policy }, config) => {
    const accounts = configuredStrings(config, "trustedAccounts");
    const organizations = configuredStrings(config, "trustedOrganizationIds");
    if (accounts.length === 0 && organizations.length === 0) {
      return [];
    }
    // The registry's own account is always trusted; listed once even if configured too.
    const trusted = [
      ...new Set(read.registry === undefined ? accounts : [...accounts, read.registry.accountId]),
    ];
    const findings: Finding[] = [];
    for (const statement of policy.statements.filter((s) => s.effect === "Allow")) {
      const limitedTo = organizationsOf(statement);
      if (limitedTo !== undefined && limitedTo.length > 0) {
        const untrustedOrgs = limitedTo.filter((org) => !organizations.includes(org));
        if (untrustedOrgs.length === 0) {
          continue;
        }
        findings.push({
          message: `${statementPath(statement.index)} limits aws:PrincipalOrgID to ${listed(untrustedOrgs.map(shortened), FINDING_LIST)}, not a trusted organization: it must be one of ${organizations.length === 0 ? "(none configured)" : organizations.join(", ")}`,
        });
        continue;
      }
      const untrusted = principalsOf(statement).filter((p) => !isTrustedAccount(p, trusted));
      if (untrusted.length > 0) {
        findings.push({
          message: `${statementPath(statement.index)} allows ${listed(untrusted.map(shortened), FINDING_LIST)}, not a trusted account: every principal must be one of ${trusted.length === 0 ? "(no accounts configured)" : trusted.join(", ")}, or the statement limited by an aws:PrincipalOrgID condition to ${organizations.length === 0 ? "a trusted organization (none configured)" : organizations.join(", ")}`,
        });
      }
    }
    return findings;
  }),
};
