/**
 * The common frame of the registry policy checks: read the `aws.ecr.RegistryPolicy` once
 * (document and registry), say when the document is unknown at preview, and leave documents that
 * cannot be read at all to ecr-registry-policy-valid.
 */
import { PolicyConfigSchema, ResourceValidation } from "@pulumi/policy";
import {
  readRegistryPolicyResource,
  REGISTRY_POLICY_TYPE,
  RegistryPolicyResource,
  registriesToJudge,
} from "../../components/model/analysis";
import { NormalizedPolicy } from "../../components/model/iam";
import { checkResourcesOfType, Finding, notCheckedAtPreview, PolicyConfig } from "./findings";
import { RegistryLocation } from "../../components/model/core";

/** A readable registry policy and the registries to judge it in. */
export interface JudgedRegistryPolicy {
  read: RegistryPolicyResource;
  policy: NormalizedPolicy;
  /**
   * The registry the policy belongs to; when it cannot be located, each registry its Resource
   * ARNs name literally and one standing for the unlocated registry, in its region's partition
   * or in each partition its own ARNs name (`registriesToJudge`, components/model/analysis).
   */
  registries: RegistryLocation[];
}

/** A check of one readable registry policy. */
export type RegistryPolicyCheck = (judged: JudgedRegistryPolicy, config: PolicyConfig) => Finding[];

/**
 * A resource validation of `aws.ecr.RegistryPolicy` documents: unknown documents get one advisory,
 * unreadable ones nothing (ecr-registry-policy-valid reports them), readable ones `check`.
 */
export function checkRegistryPolicies(
  schema: PolicyConfigSchema | undefined,
  check: RegistryPolicyCheck,
): ResourceValidation {
  return checkResourcesOfType(REGISTRY_POLICY_TYPE, schema, (resource, config) => {
    const read = readRegistryPolicyResource(resource);
    if (read.unknownPaths.length > 0) {
      return [notCheckedAtPreview("the registry policy", read.unknownPaths)];
    }
    if (read.policy === undefined) {
      return [];
    }
    try {
      return check({ read, policy: read.policy, registries: registriesToJudge(read) }, config);
    } catch (error) {
      // Resource patterns too complex for the access model (RangeError): ecr-registry-policy-valid
      // refuses them; here the verdict is only unknown.
      if (!(error instanceof RangeError)) {
        throw error;
      }
      return [
        { message: `the registry policy could not be judged: ${error.message}`, advisory: true },
      ];
    }
  });
}

/** `policy.Statement[2]`: how findings name a statement. */
export function statementPath(index: number): string {
  return `policy.Statement[${index}]`;
}

/**
 * The principals to judge a policy's grants for: each AWS or service principal an Allow names,
 * and `*`, an arbitrary principal (what everyone gets through `"*"` or NotPrincipal); the same
 * set `grantsByPrincipal` (components/model/iam/access) reports on, for a few actions only.
 */
export function grantees(policy: NormalizedPolicy): string[] {
  const named = new Set<string>(["*"]);
  for (const statement of policy.statements) {
    if (statement.effect === "Allow") {
      statement.principal?.aws.forEach((principal) => named.add(principal));
      statement.principal?.service.forEach((principal) => named.add(principal));
    }
  }
  return [...named];
}

/** `'everyone (*)'` or the principal as written, for messages. */
export function describePrincipal(principal: string): string {
  return principal === "*" ? "everyone ('*')" : principal;
}
