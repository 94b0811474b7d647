import { ResourceValidationPolicy } from "@pulumi/policy";
import { ECR_ACTIONS, expandActionPattern, NormalizedStatement } from "../../components/model/iam";
import { CREATE_REPOSITORY_ACTION, REPLICATE_ACTION, listed } from "../../components/model/core";
import { repositoriesGrantedOnce } from "../../components/model/analysis";
import { closedConfigSchema, configuredStrings, stringListSchema } from "../support/config";
import { Finding, FINDING_LIST } from "../support/findings";
import { checkRegistryPolicies, grantees, statementPath } from "../support/registry-policies";

const configSchema = closedConfigSchema({
  allowedActions: stringListSchema(
    "ECR actions a registry policy may grant; IAM wildcards allowed ('ecr:Describe*').",
    [REPLICATE_ACTION, CREATE_REPOSITORY_ACTION],
  ),
});

/** The catalogue actions a statement names: Action expanded, or every action but NotAction's. */
function actionsOf(statement: NormalizedStatement): { element: string; actions: string[] } {
  if (statement.notAction !== undefined) {
    const excluded = new Set(statement.notAction.flatMap(expandActionPattern));
    return { element: "NotAction", actions: ECR_ACTIONS.filter((a) => !excluded.has(a)) };
  }
  return {
    element: "Action",
    actions: [...new Set((statement.action ?? []).flatMap(expandActionPattern))],
  };
}

/**
 * Registry policies grant only the allowed actions (by default what replication needs). Wildcards
 * and NotAction are expanded against the ECR action catalogue; an action a Deny takes back from
 * every principal is not counted.
 */
export const registryPolicyAllowedActions: ResourceValidationPolicy = {
  name: "ecr-registry-policy-allowed-actions",
  description:
    "Checks whether an ECR registry policy grants only allowed actions (by default ecr:ReplicateImage and ecr:CreateRepository), wildcards and NotAction expanded.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkRegistryPolicies(configSchema, ({ policy, registries }, config) => {
    const configured = configuredStrings(config, "allowedActions");
    const allowed = new Set(configured.flatMap(expandActionPattern));
    const principals = grantees(policy);
    const effective = (action: string) =>
      registries.some((registry) =>
        principals.some((principal) => {
          const granted = repositoriesGrantedOnce(policy, { principal, action, registry });
          return !granted.allowed.union(granted.maybe).isEmpty();
        }),
      );
    const findings: Finding[] = [];
    for (const statement of policy.statements.filter((s) => s.effect === "Allow")) {
      const { element, actions } = actionsOf(statement);
      const extra = actions.filter((action) => !allowed.has(action) && effective(action));
      if (extra.length > 0) {
        findings.push({
          message: `${statementPath(statement.index)}.${element} grants ${listed(extra, FINDING_LIST)}, not allowed: a registry policy may grant only ${configured.length === 0 ? "(no actions configured)" : configured.join(", ")}`,
        });
      }
    }
    return findings;
  }),
};
