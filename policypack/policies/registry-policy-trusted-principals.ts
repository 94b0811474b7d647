import { ResourceValidationPolicy } from "@pulumi/policy";
import { listed, ORGANIZATION_ID_PATTERN, shortened } from "../../components/model/core";
import {
  LooseCondition,
  NormalizedStatement,
  parseAwsPrincipal,
  PrincipalLimit,
  readPrincipalConditions,
} from "../../components/model/iam";
import { closedConfigSchema, configuredStrings, stringListSchema } from "../support/config";
import { Finding, FINDING_LIST } from "../support/findings";
import { checkRegistryPolicies, statementPath } from "../support/registry-policies";

const configSchema = closedConfigSchema({
  trustedAccounts: stringListSchema(
    "Accounts a registry policy may grant to (the registry's own account always may). Empty, with trustedOrganizationIds empty too: any principal.",
    [],
    { type: "string", pattern: "^[0-9]{12}$" },
  ),
  trustedOrganizationIds: stringListSchema(
    "AWS Organizations ids (o-...) a statement may grant to through an aws:PrincipalOrgID condition.",
    [],
    { type: "string", pattern: ORGANIZATION_ID_PATTERN.source },
  ),
});

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

/** `; its condition does not limit the principal: ...`, when a principal key's test is loose. */
function looseText(loose: readonly LooseCondition[]): string {
  return loose.length === 0
    ? ""
    : `; its condition does not limit the principal: ${loose.map((test) => test.why).join("; ")}`;
}

/**
 * Registry policies grant only to trusted accounts, or to principals a condition on
 * `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`
 * limits to trusted accounts or organizations (../../components/model/iam principal-conditions;
 * the pull-through cache pattern: `*` limited to the registry's own account). Judged per Allow
 * statement.
 */
export const registryPolicyTrustedPrincipals: ResourceValidationPolicy = {
  name: "ecr-registry-policy-trusted-principals",
  description:
    "Checks whether every ECR registry policy Allow names only trusted accounts or is limited to trusted accounts or organizations by a principal condition (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths).",
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
    const trustedIn = (limit: PrincipalLimit) =>
      limit.scope === "account" ? trusted : organizations;
    for (const statement of policy.statements.filter((s) => s.effect === "Allow")) {
      const { limits, loose } = readPrincipalConditions(statement);
      if (limits.length > 0) {
        // Every test must hold: one limited to trusted accounts or organizations is enough.
        if (limits.some((limit) => limit.within.every((id) => trustedIn(limit).includes(id)))) {
          continue;
        }
        const [limit] = limits;
        const untrustedValues = limit.values.filter(
          (_, i) => !trustedIn(limit).includes(limit.within[i]),
        );
        const allowed =
          limit.scope === "account"
            ? `not a trusted account: it must be within ${trusted.length === 0 ? "(no accounts configured)" : trusted.join(", ")}`
            : `not a trusted organization: it must be one of ${organizations.length === 0 ? "(none configured)" : organizations.join(", ")}`;
        findings.push({
          message: `${statementPath(statement.index)} limits ${limit.key} to ${listed(untrustedValues.map(shortened), FINDING_LIST)}, ${allowed}`,
        });
        continue;
      }
      const untrusted = principalsOf(statement).filter((p) => !isTrustedAccount(p, trusted));
      if (untrusted.length > 0) {
        findings.push({
          message: `${statementPath(statement.index)} allows ${listed(untrusted.map(shortened), FINDING_LIST)}, not a trusted account: every principal must be one of ${trusted.length === 0 ? "(no accounts configured)" : trusted.join(", ")}, or the statement limited by an aws:PrincipalOrgID condition to ${organizations.length === 0 ? "a trusted organization (none configured)" : organizations.join(", ")}${looseText(loose)}`,
        });
      }
    }
    return findings;
  }),
};
