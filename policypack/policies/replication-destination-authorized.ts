import { StackValidationPolicy } from "@pulumi/policy";
import {
  analyseRoutes,
  describeRoute,
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
  routeReasons,
} from "../../components/model/analysis";
import { flag } from "../support/config";
import { checkStack, Finding, notCheckedAtPreview } from "../support/findings";

const configSchema = {
  properties: {
    preExistingRepositories: {
      type: "boolean" as const,
      default: false,
      description:
        "The replicated repositories already exist in every destination, so registry policies need not grant ecr:CreateRepository.",
    },
  },
};

/** What the route analysis reads: replication configurations and registry policies. */
const ROUTE_RESOURCE_TYPES = [REPLICATION_CONFIGURATION_TYPE, REGISTRY_POLICY_TYPE];

/**
 * Every cross-account replication destination is authorised by its registry policy in the stack:
 * `ecr:ReplicateImage` for the source account on every replicated prefix, and
 * `ecr:CreateRepository` unless the repositories pre-exist (components/model/analysis/route-analysis).
 * A destination whose policy is not in the stack, or whose account or region is unknown, gets an
 * advisory: it could not be verified, which is not the same as broken.
 */
export const replicationDestinationAuthorized: StackValidationPolicy = {
  name: "ecr-replication-destination-authorized",
  description:
    "Checks whether every cross-account ECR replication destination's registry policy in the stack lets the source account replicate every replicated prefix.",
  enforcementLevel: "mandatory",
  configSchema,
  validateStack: checkStack(ROUTE_RESOURCE_TYPES, configSchema, (resources, config) => {
    const analysis = analyseRoutes(resources, {
      preExistingRepositories: flag(config, "preExistingRepositories", false),
    });
    const findings: Finding[] = analysis.unreadable.map((unreadable) => ({
      ...notCheckedAtPreview("the replication routes", unreadable.unknownPaths),
      urn: unreadable.replication,
    }));
    for (const route of analysis.routes) {
      const where = `${route.path} (${describeRoute(route)})`;
      if (route.status === "broken") {
        findings.push({
          urn: route.replication,
          message: `${where} will fail at run time: ${routeReasons(route)}`,
        });
      } else if (route.status === "unverified") {
        findings.push({
          urn: route.replication,
          advisory: true,
          message: `${where} could not be verified: ${routeReasons(route)}`,
        });
      }
    }
    return findings;
  }),
};
