/**
 * The `region` input of an ECR singleton (@pulumi/aws 7.x `aws.ecr.RegistryPolicy`,
 * `aws.ecr.ReplicationConfiguration`), checked by both validity policies.
 */
import { checkRegion, isUnknown, Problem, revealSecrets } from "../../components/model/core";

/** A `region` input that is set must be a region (an unreadable one would silently be ignored). */
export function checkRegionInput(props: Record<string, unknown>): Problem[] {
  const region = revealSecrets(props.region);
  return region === undefined || region === null || isUnknown(region)
    ? []
    : checkRegion(region, "region");
}
