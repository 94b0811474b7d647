import { ResourceValidationPolicy } from "@pulumi/policy";
import { locateRegistry, REPLICATION_CONFIGURATION_TYPE } from "../../components/model/location";
import { findUnknowns } from "../../components/model/property-values";
import { checkReplicationConfiguration } from "../../components/model/replication-checks";
import { REPLICATION_CONFIGURATION_PATH } from "../../components/model/replication-rules";
import {
  checkResourcesOfType,
  Finding,
  notCheckedAtPreview,
  problemFindings,
} from "../support/findings";

/**
 * Every replication configuration is one `PutReplicationConfiguration` would accept and that
 * can replicate: ECR's limits and formats, no destination equal to the source registry, none in
 * another partition (components/model/replication-checks).
 */
export const replicationValid: ResourceValidationPolicy = {
  name: "ecr-replication-valid",
  description:
    "Checks whether an ECR replication configuration is within ECR's limits and formats and names destinations it can reach.",
  enforcementLevel: "mandatory",
  validateResource: checkResourcesOfType(REPLICATION_CONFIGURATION_TYPE, undefined, (resource) => {
    const placement = locateRegistry({
      props: resource.props,
      providerProps: resource.providerProps,
    });
    const config = resource.props[REPLICATION_CONFIGURATION_PATH];
    const findings: Finding[] = problemFindings(
      checkReplicationConfiguration(config, {
        source: { account: placement.account?.value, region: placement.region?.value },
      }),
    );
    const unknown = findUnknowns(config, REPLICATION_CONFIGURATION_PATH);
    if (unknown.length > 0) {
      findings.push(notCheckedAtPreview("the replication configuration", unknown));
    }
    return findings;
  }),
};
