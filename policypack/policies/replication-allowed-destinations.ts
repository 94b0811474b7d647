import { ResourceValidationPolicy } from "@pulumi/policy";
import { REPLICATION_CONFIGURATION_TYPE } from "../../components/model/analysis";
import { isUnknown } from "../../components/model/core";
import {
  DestinationEntry,
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
} from "../../components/model/replication";
import { closedConfigSchema, configuredStrings, stringListSchema } from "../support/config";
import { checkResourcesOfType, Finding, notCheckedAtPreview } from "../support/findings";

const configSchema = closedConfigSchema({
  allowedAccounts: stringListSchema(
    "Account ids (registry ids) replication may send images to. Empty: any account.",
    [],
    { type: "string", pattern: "^[0-9]{12}$" },
  ),
  allowedRegions: stringListSchema("Regions replication may send images to. Empty: any region."),
});

/** A finding if `value` of `destination` is known and not in `allowed` (empty: anything goes). */
function outside(
  destination: DestinationEntry,
  field: "registryId" | "region",
  allowed: readonly string[],
  what: string,
): Finding[] {
  const value = knownString(destination[field]);
  if (allowed.length === 0 || value === undefined || allowed.includes(value)) {
    return [];
  }
  return [
    {
      message: `${destination.path}.${field} '${value}' is not an allowed destination ${what}: it must be one of ${allowed.join(", ")}`,
    },
  ];
}

/** Replication sends images only to the accounts and regions the organisation allows. */
export const replicationAllowedDestinations: ResourceValidationPolicy = {
  name: "ecr-replication-allowed-destinations",
  description:
    "Checks whether every ECR replication destination is in an allowed account and an allowed region.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkResourcesOfType(
    REPLICATION_CONFIGURATION_TYPE,
    configSchema,
    (resource, config) => {
      const accounts = configuredStrings(config, "allowedAccounts");
      const regions = configuredStrings(config, "allowedRegions");
      if (accounts.length === 0 && regions.length === 0) {
        return [];
      }
      const read = readReplicationRules(resource.props[REPLICATION_CONFIGURATION_PATH]);
      // Unknown filters do not matter here; unknown rules or destinations do.
      const unknown = read.unknownPaths.filter((path) => !path.endsWith(".repositoryFilters"));
      const findings: Finding[] = [];
      for (const destination of read.rules.flatMap((rule) => rule.destinations)) {
        findings.push(
          ...outside(destination, "registryId", accounts, "account"),
          ...outside(destination, "region", regions, "region"),
        );
        for (const [field, allowed] of [
          ["registryId", accounts],
          ["region", regions],
        ] as const) {
          if (allowed.length > 0 && isUnknown(destination[field])) {
            unknown.push(`${destination.path}.${field}`);
          }
        }
      }
      if (unknown.length > 0) {
        findings.push(notCheckedAtPreview("the replication destinations", unknown));
      }
      return findings;
    },
  ),
};
