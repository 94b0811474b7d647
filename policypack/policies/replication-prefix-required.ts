import { ResourceValidationPolicy } from "@pulumi/policy";
import { repositoriesStartingWith } from "../../components/model/iam";
import {
  checkRepositoryPrefix,
  isUnknown,
  PREFIX_MATCH,
  quotedList,
} from "../../components/model/core";
import {
  outsideAllowedPrefixes,
  REPLICATION_CONFIGURATION_TYPE,
} from "../../components/model/analysis";
import {
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
} from "../../components/model/replication";
import { ALLOWED_PREFIXES_SCHEMA, closedConfigSchema, configuredStrings } from "../support/config";
import { checkResourcesOfType, Finding, notCheckedAtPreview } from "../support/findings";

const configSchema = closedConfigSchema({ allowedPrefixes: ALLOWED_PREFIXES_SCHEMA });

/**
 * Every replication rule is scoped by a `PREFIX_MATCH` filter (a rule without one replicates
 * every repository: ECR API `ReplicationRule`), and with `allowedPrefixes` every filter lies
 * within one of them.
 */
export const replicationPrefixRequired: ResourceValidationPolicy = {
  name: "ecr-replication-prefix-required",
  description:
    "Checks whether every ECR replication rule has a PREFIX_MATCH repository filter within the allowed prefixes.",
  enforcementLevel: "mandatory",
  configSchema,
  validateResource: checkResourcesOfType(
    REPLICATION_CONFIGURATION_TYPE,
    configSchema,
    (resource, config) => {
      const allowed = configuredStrings(config, "allowedPrefixes");
      const read = readReplicationRules(resource.props[REPLICATION_CONFIGURATION_PATH]);
      const findings: Finding[] = [];
      // Unknown destinations do not matter here; unknown rules or filters do.
      const unknown = read.unknownPaths.filter((path) => !path.endsWith(".destinations"));
      for (const rule of read.rules) {
        const filters = rule.filters ?? [];
        const pending = filters.flatMap((f) => [
          ...(isUnknown(f.filter) ? [`${f.path}.filter`] : []),
          ...(isUnknown(f.filterType) ? [`${f.path}.filterType`] : []),
        ]);
        unknown.push(...pending);
        const prefixFilters = filters.filter((f) => f.filterType === PREFIX_MATCH);
        const filtersUnknown = unknown.includes(`${rule.path}.repositoryFilters`);
        if (prefixFilters.length === 0 && pending.length === 0 && !filtersUnknown) {
          findings.push({
            message: `${rule.path} has no ${PREFIX_MATCH} repository filter, so it replicates every repository: it must have at least one, such as 'prod-'`,
          });
        }
        for (const { path, filter } of prefixFilters) {
          const prefix = knownString(filter);
          // A filter that is not a valid prefix (say, a megabyte long) is ecr-replication-valid's.
          const judged = prefix !== undefined && checkRepositoryPrefix(prefix, path).length === 0;
          const witness =
            !judged || allowed.length === 0
              ? undefined
              : outsideAllowedPrefixes(repositoriesStartingWith(prefix), allowed, prefix);
          if (witness !== undefined) {
            findings.push({
              message: `${path}.filter '${prefix}' must lie within an allowed prefix (${quotedList(allowed)}): it also replicates '${witness}'`,
            });
          }
        }
      }
      if (unknown.length > 0) {
        findings.push(notCheckedAtPreview("the repository filters", unknown));
      }
      return findings;
    },
  ),
};
