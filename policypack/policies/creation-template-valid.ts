import { ResourceValidationPolicy } from "@pulumi/policy";
import { findUnknowns } from "../../components/model/core";
import { locateRegistry, REPOSITORY_CREATION_TEMPLATE_TYPE } from "../../components/model/analysis";
import { checkCreationTemplate } from "../../components/model/replication";
import {
  checkResourcesOfType,
  Finding,
  notCheckedAtPreview,
  problemFindings,
} from "../support/findings";
import { checkRegionInput } from "../support/region-input";

/** The inputs of `aws.ecr.RepositoryCreationTemplate` (@pulumi/aws 7.48) the checks read. */
const CHECKED_INPUTS = [
  "prefix",
  "appliedFors",
  "imageTagMutability",
  "imageTagMutabilityExclusionFilters",
  "encryptionConfigurations",
  "lifecyclePolicy",
  "repositoryPolicy",
  "resourceTags",
  "customRoleArn",
  "description",
];

/**
 * Every repository creation template is one `CreateRepositoryCreationTemplate` accepts and that
 * can work (components/model/replication/creation-template-checks): `ROOT` or a namespace as its
 * prefix, ECR's `appliedFors`, mutability and encryption types, a custom role in the registry's
 * account where tags or a KMS key need one, a key in the registry's region, lifecycle and
 * repository policies that parse, and a registry outside China and GovCloud, where ECR has no
 * templates. The registry is located as every policy locates one (its `region`, its provider).
 */
export const creationTemplateValid: ResourceValidationPolicy = {
  name: "ecr-creation-template-valid",
  description:
    "Checks whether an ECR repository creation template has a valid prefix and appliedFors, a custom role where tags or KMS need one, policies that parse, and a region that has templates.",
  enforcementLevel: "mandatory",
  validateResource: checkResourcesOfType(
    REPOSITORY_CREATION_TEMPLATE_TYPE,
    undefined,
    (resource) => {
      const placement = locateRegistry({
        props: resource.props,
        providerProps: resource.providerProps,
      });
      const findings: Finding[] = problemFindings([
        ...checkRegionInput(resource.props),
        ...checkCreationTemplate(
          resource.props,
          { accountId: placement.account?.value, region: placement.region?.value },
          placement.region?.source === "provider region" ? "provider.region" : "region",
        ),
      ]);
      const unknown = CHECKED_INPUTS.flatMap((key) => findUnknowns(resource.props[key], key));
      if (unknown.length > 0) {
        findings.push(notCheckedAtPreview("the repository creation template", unknown));
      }
      return findings;
    },
  ),
};
