import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  readRegistryPolicyResource,
  REGISTRY_POLICY_TYPE,
  underPolicy,
} from "../../components/model/analysis";
import { checkRegistryPolicy, RegistryPolicyScope } from "../../components/model/registry-policy";
import { closedConfigSchema } from "../support/config";
import { checkResourcesOfType, notCheckedAtPreview, problemFindings } from "../support/findings";
import { checkRegionInput } from "../support/region-input";

const configSchema = closedConfigSchema({
  policyScope: {
    type: "string" as const,
    enum: ["V1", "V2"],
    default: "V2",
    description:
      "The account's registry policy scope (ECR account setting REGISTRY_POLICY_SCOPE): V1 accepts only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository; V2 (default for new accounts since Dec 2024) every ECR action.",
  },
});

/**
 * Every registry policy is a document `PutRegistryPolicy` accepts and that means what it seems
 * to: well-formed, within the size limit, repository ARNs of its own registry (AWS accepts
 * malformed ones silently: aws/containers-roadmap #2675), ECR actions the scope allows. Mandatory,
 * so it reports only what AWS refuses or what cannot work: what IAM's grammar prefers but ECR
 * accepts (a Sid's characters and uniqueness, bare account principals) is the advisory
 * ecr-registry-policy-normal-form's.
 */
export const registryPolicyValid: ResourceValidationPolicy = {
  name: "ecr-registry-policy-valid",
  description:
    "Checks whether an ECR registry policy is a well-formed document of its own registry's repositories and the actions its scope allows.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkResourcesOfType(REGISTRY_POLICY_TYPE, configSchema, (resource, config) => {
    const read = readRegistryPolicyResource(resource);
    const region = checkRegionInput(resource.props);
    if (read.unknownPaths.length > 0) {
      return [
        ...problemFindings(region),
        notCheckedAtPreview("the registry policy", read.unknownPaths),
      ];
    }
    const scope: RegistryPolicyScope = config.policyScope === "V1" ? "V1" : "V2";
    const checked =
      read.policy === undefined
        ? []
        : checkRegistryPolicy(read.policy, { registry: read.registry, scope }).map(underPolicy);
    return problemFindings([...region, ...read.problems, ...checked]);
  }),
};
