import { ResourceValidationPolicy } from "@pulumi/policy";
import { underPolicy } from "../../components/model/analysis";
import { checkRegistryPolicyNormalForm } from "../../components/model/registry-policy";
import { problemFindings } from "../support/findings";
import { checkRegistryPolicies } from "../support/registry-policies";

/**
 * Advisory: every registry policy is in the normal form IAM's grammar prefers, which ECR does not
 * insist on, so nothing here blocks a deployment (ecr-registry-policy-valid reports what ECR
 * refuses). Evidence that ECR accepts these: a registry policy read back from a live account
 * carries the Sid `stis-1`, and the ECR user guide's "Private registry policy examples" ("Allow
 * multiple accounts") repeats the Sid `ReplicationAccessCrossAccount`. A bare account id as a
 * principal means the same account as its `:root` ARN, but AWS may store it rewritten, a
 * perpetual diff (hashicorp/terraform-provider-aws #1546). The rules are
 * `checkRegistryPolicyNormalForm` of components/model/registry-policy.
 */
export const registryPolicyNormalForm: ResourceValidationPolicy = {
  name: "ecr-registry-policy-normal-form",
  description:
    "Checks whether an ECR registry policy is in IAM's normal form: Sids of letters and digits, unique within the policy, and account principals written as ARNs.",
  enforcementLevel: "advisory",
  validateResource: checkRegistryPolicies(undefined, ({ read, policy }) =>
    problemFindings(
      checkRegistryPolicyNormalForm(policy, { registry: read.registry }).map(underPolicy),
    ),
  ),
};
