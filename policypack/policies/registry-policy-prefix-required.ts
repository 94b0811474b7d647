import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  evaluateAccess,
  NameSet,
  NormalizedPolicy,
  REPOSITORY_NAMES,
} from "../../components/model/iam";
import {
  CREATE_REPOSITORY_ACTION,
  listed,
  quotedList,
  RegistryLocation,
  REPLICATE_ACTION,
} from "../../components/model/core";
import { outsideAllowedPrefixes, repositoriesGrantedOnce } from "../../components/model/analysis";
import { ALLOWED_PREFIXES_SCHEMA, closedConfigSchema, configuredStrings } from "../support/config";
import { Finding } from "../support/findings";
import {
  checkRegistryPolicies,
  describePrincipal,
  grantees,
  statementPath,
} from "../support/registry-policies";

const configSchema = closedConfigSchema({ allowedPrefixes: ALLOWED_PREFIXES_SCHEMA });

/** The actions cross-account replication uses on the destination (ECR user guide). */
const REPLICATION_ACTIONS = [REPLICATE_ACTION, CREATE_REPOSITORY_ACTION];

/** `policy.Statement[0] grants` / `policy.Statement[0] and policy.Statement[2] grant`: who grants `repository`. */
function grantedBy(
  policy: NormalizedPolicy,
  query: { principal: string; action: string; registry: RegistryLocation },
  repository: string,
): string {
  const paths = evaluateAccess(policy, { ...query, repository }).statements.map(statementPath);
  if (paths.length === 0) {
    return "the policy grants";
  }
  // Every granting statement is named, never "and N more": the user must change each of them.
  return `${listed(paths, { most: Infinity })} ${paths.length === 1 ? "grants" : "grant"}`;
}

/**
 * No registry policy lets anyone replicate into every repository, and with `allowedPrefixes`
 * every repository it lets anyone replicate into lies within one of them. Judged on effective
 * access (components/model/iam/access): a Deny that narrows an Allow counts.
 */
export const registryPolicyPrefixRequired: ResourceValidationPolicy = {
  name: "ecr-registry-policy-prefix-required",
  description:
    "Checks whether an ECR registry policy grants replication only on repositories within allowed name prefixes, never on every repository.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkRegistryPolicies(configSchema, ({ policy, registries }, config) => {
    const allowed = configuredStrings(config, "allowedPrefixes");
    // One finding per cause: the same statements granting the same principal both actions on the
    // same repositories are reported once, naming both actions.
    const byCause = new Map<string, { who: string; actions: string[]; what: string }>();
    const add = (who: string, action: string, what: string) => {
      const key = `${who}\u0000${what}`;
      const cause = byCause.get(key) ?? { who, actions: [], what };
      if (!cause.actions.includes(action)) {
        cause.actions.push(action);
      }
      byCause.set(key, cause);
    };
    for (const registry of registries) {
      for (const action of REPLICATION_ACTIONS) {
        // What everyone is granted is reported once, not again for each named principal.
        let everyone = NameSet.empty();
        for (const principal of grantees(policy)) {
          const query = { principal, action, registry };
          const { allowed: sure, maybe } = repositoriesGrantedOnce(policy, query);
          const granted = sure.union(maybe);
          if (principal !== "*" && granted.isSubset(everyone)) {
            continue;
          }
          if (principal === "*") {
            everyone = granted;
          }
          const who = describePrincipal(principal);
          if (REPOSITORY_NAMES.isSubset(granted)) {
            add(
              `${grantedBy(policy, query, "any")} ${who}`,
              action,
              "on every repository: an Allow for replication must be limited to repository prefixes, such as 'repository/prod-*'",
            );
            continue;
          }
          const witness =
            allowed.length === 0 ? undefined : outsideAllowedPrefixes(granted, allowed);
          if (witness !== undefined) {
            add(
              `${grantedBy(policy, query, witness)} ${who}`,
              action,
              `on '${witness}', outside the allowed prefixes (${quotedList(allowed)}): every repository granted for replication must lie within one of them`,
            );
          }
        }
      }
    }
    return [...byCause.values()].map(({ who, actions, what }): Finding => ({
      message: `${who} ${actions.join(" and ")} ${what}`,
    }));
  }),
};
