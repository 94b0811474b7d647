import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  isPlainObject,
  join,
  Problem,
  regionProblem,
  revealSecrets,
} from "../../components/model/core";
import {
  locateRegistry,
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
} from "../../components/model/analysis";
import { REPLICATION_CONFIGURATION_PATH } from "../../components/model/replication";
import { checkResourcesOfType, checkResourcesOfTypes, problemFindings } from "../support/findings";

/** The items of a list, secrets revealed; none if it is not a list. */
function items(value: unknown): unknown[] {
  const revealed = revealSecrets(value);
  return Array.isArray(revealed) ? revealed : [];
}

/** The value of `key` in an object, secrets revealed; undefined if it is not an object. */
function property(holder: unknown, key: string): unknown {
  const revealed = revealSecrets(holder);
  return isPlainObject(revealed) ? revealSecrets(revealed[key]) : undefined;
}

/**
 * The region the registry is in: the resource's own `region` input (@pulumi/aws 7.x), or else its
 * provider's `region` (read as every policy reads it: components/model/analysis/location), at the
 * path it came from.
 */
function registryRegion(resource: { props: unknown; providerProps?: unknown }): Problem[] {
  const region = locateRegistry(resource).region;
  if (region === undefined) {
    return [];
  }
  const path = region.source === "provider region" ? "provider.region" : "region";
  const problem = regionProblem(region.value, path);
  return problem === undefined ? [] : [problem];
}

/** Each destination's region: `replicationConfiguration.rules[0].destinations[1].region`. */
function destinationRegions(props: Record<string, unknown>): Problem[] {
  const root = REPLICATION_CONFIGURATION_PATH;
  const rules = items(property(props[root], "rules"));
  return rules.flatMap((rule, r) =>
    items(property(rule, "destinations")).flatMap((destination, d) => {
      const path = join(join(join(join(join(root, "rules"), r), "destinations"), d), "region");
      const problem = regionProblem(property(destination, "region"), path);
      return problem === undefined ? [] : [problem];
    }),
  );
}

/**
 * Every region an ECR registry policy or replication configuration names is one AWS lists (the AWS
 * SDK's partition metadata, components/model/core/regions), so a misspelt region such as
 * `us-unkown-1` (the negative test input of ECR's CloudFormation resource handler) does not pass
 * on its format alone. Advisory: a region launched after the installed SDK release is real but
 * not listed yet. Malformed names are ecr-registry-policy-valid's and ecr-replication-valid's to
 * refuse; values unknown at preview are not checked.
 */
export const regionKnown: ResourceValidationPolicy = {
  name: "ecr-region-known",
  description:
    "Checks whether every region an ECR registry policy or replication configuration names is one the AWS SDK's list of regions knows.",
  enforcementLevel: "advisory",
  validateResource: checkResourcesOfTypes(
    checkResourcesOfType(REGISTRY_POLICY_TYPE, undefined, (resource) =>
      problemFindings(registryRegion(resource)),
    ),
    checkResourcesOfType(REPLICATION_CONFIGURATION_TYPE, undefined, (resource) =>
      problemFindings([...registryRegion(resource), ...destinationRegions(resource.props)]),
    ),
  ),
};
