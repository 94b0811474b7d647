import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  findUnknowns,
  isPlainObject,
  join,
  Problem,
  revealSecrets,
} from "../../components/model/core";
import { locateRegistry, REPLICATION_CONFIGURATION_TYPE } from "../../components/model/analysis";
import {
  checkReplicationConfiguration,
  REPLICATION_CONFIGURATION_PATH,
} from "../../components/model/replication";
import {
  checkResourcesOfType,
  Finding,
  notCheckedAtPreview,
  problemFindings,
} from "../support/findings";
import { checkRegionInput } from "../support/region-input";

/** The elements of each level of a replication configuration (ECR API `ReplicationConfiguration`). */
const ELEMENTS: Record<string, readonly string[]> = {
  configuration: ["rules"],
  rule: ["destinations", "repositoryFilters"],
  destination: ["region", "registryId"],
  filter: ["filter", "filterType"],
};

/** Problems for the keys of `value` (if an object) outside the elements of `level`. */
function unknownElements(value: unknown, level: string, path: string): Problem[] {
  if (!isPlainObject(value)) {
    return [];
  }
  const allowed = ELEMENTS[level];
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      path: join(path, key),
      message: `is not an element of a replication ${level}; allowed: ${allowed.join(", ")}`,
    }));
}

/**
 * Keys the rule reader does not know, at every level, and a configuration without `rules`: a
 * misspelt element (`rule`, `destination`) would otherwise read as "no rules" and pass unnoticed.
 */
function checkElements(config: unknown): Problem[] {
  const root = REPLICATION_CONFIGURATION_PATH;
  const configuration = revealSecrets(config);
  if (!isPlainObject(configuration)) {
    return [];
  }
  const problems = unknownElements(configuration, "configuration", root);
  const rules = configuration.rules;
  if (rules === undefined || rules === null) {
    problems.push({
      path: join(root, "rules"),
      message: "must be a list of replication rules (ECR requires it), got nothing",
    });
  }
  if (!Array.isArray(rules)) {
    return problems;
  }
  rules.forEach((rule, r) => {
    const rulePath = join(join(root, "rules"), r);
    problems.push(...unknownElements(rule, "rule", rulePath));
    if (!isPlainObject(rule)) {
      return;
    }
    for (const [element, level] of [
      ["destinations", "destination"],
      ["repositoryFilters", "filter"],
    ] as const) {
      const items = rule[element];
      if (Array.isArray(items)) {
        items.forEach((item, i) => {
          problems.push(...unknownElements(item, level, join(join(rulePath, element), i)));
        });
      }
    }
  });
  return problems;
}

/**
 * Every replication configuration is one `PutReplicationConfiguration` would accept and that
 * can replicate: ECR's limits and formats, no destination equal to the source registry, none in
 * another partition (components/model/replication/checks).
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
    const findings: Finding[] = problemFindings([
      ...checkRegionInput(resource.props),
      ...checkElements(config),
      ...checkReplicationConfiguration(config, {
        source: { account: placement.account?.value, region: placement.region?.value },
      }),
    ]);
    const unknown = findUnknowns(config, REPLICATION_CONFIGURATION_PATH);
    if (unknown.length > 0) {
      findings.push(notCheckedAtPreview("the replication configuration", unknown));
    }
    return findings;
  }),
};
