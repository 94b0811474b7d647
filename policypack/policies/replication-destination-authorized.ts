import { StackValidationPolicy } from "@pulumi/policy";
import {
  analyseReferencedRoutes,
  analyseRoutes,
  describeReferencedRoute,
  describeRoute,
  REGISTRY_POLICY_TYPE,
  readPreExistingRepositories,
  REPLICATION_CONFIGURATION_TYPE,
  routeReasons,
  STACK_REFERENCE_TYPE,
} from "../../components/model/analysis";
import { closedConfigSchema, configuredStrings } from "../support/config";
import { checkStack, Finding, notCheckedAtPreview } from "../support/findings";

/**
 * A registry in `preExistingRepositories`: `"<account>/<region>"` or `"<account>"`. Written for
 * RE2 (the Pulumi CLI validates policy config with Go's regexp), so without the lookahead of the
 * model's REGION_PATTERN: a region here has its format only.
 */
const PRE_EXISTING_REGISTRY_PATTERN = "^[0-9]{12}(/[a-z]{2}(-[a-z]+)+-[0-9]{1,2})?$";

/** A registry in `registriesWithoutPolicy`: `"<account>/<region>"` (RE2, as above). */
const REGISTRY_PATTERN = "^[0-9]{12}/[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$";

const configSchema = closedConfigSchema({
  preExistingRepositories: {
    type: ["boolean" as const, "array" as const],
    items: { type: "string" as const, pattern: PRE_EXISTING_REGISTRY_PATTERN },
    default: false,
    description:
      "Where the replicated repositories already exist, so registry policies need not grant ecr:CreateRepository: true (every destination), false (none), or a list of registries, each '<account>/<region>' or '<account>' (all its regions).",
  },
  registriesWithoutPolicy: {
    type: "array" as const,
    items: { type: "string" as const, pattern: REGISTRY_PATTERN },
    default: [],
    description:
      "Registries, each '<account>/<region>', known to have no registry policy (the audit lists every registry it read without one): a cross-account route into one is broken rather than unverified.",
  },
});

/**
 * What the route analysis reads: replication configurations, registry policies and stack
 * references. A stack with a registry policy and a stack reference but no replication
 * configuration (a destination stack) has routes to judge too, so the policy cannot be skipped
 * before the stack is decoded on one type (`onlyWith`, ../support/findings).
 */
const ROUTE_READS = {
  types: [REPLICATION_CONFIGURATION_TYPE, REGISTRY_POLICY_TYPE, STACK_REFERENCE_TYPE],
};

/**
 * Every cross-account replication destination is authorised by its registry policy in the stack:
 * `ecr:ReplicateImage` for the source account on every replicated prefix, and
 * `ecr:CreateRepository` unless the repositories pre-exist there (`preExistingRepositories`: everywhere,
 * or in the registries listed; components/model/analysis/route-analysis).
 * A destination whose policy is not in the stack, or whose account or region is unknown, gets an
 * advisory: it could not be verified, which is not the same as broken.
 *
 * Across stacks: a route another stack exports (`ecrReplicationRoutes`, read through a stack
 * reference) into a registry whose policy is in this stack is judged the same way and reported on
 * that policy, naming the referenced stack; routes into registries whose policy is elsewhere are
 * left to that stack's check. Outputs that cannot be read are unverified (advisory), never
 * authorised. The engine sends stack references (reads) to a pack under `pulumi policy analyze`,
 * not under `pulumi preview` (components/model/analysis/referenced-routes.ts).
 */
export const replicationDestinationAuthorized: StackValidationPolicy = {
  name: "ecr-replication-destination-authorized",
  description:
    "Checks whether every cross-account ECR replication destination's registry policy in the stack lets the source account replicate every replicated prefix, including routes other stacks export into it (ecrReplicationRoutes of a stack reference).",
  enforcementLevel: "mandatory",
  configSchema,
  validateStack: checkStack(ROUTE_READS, configSchema, (resources, config) => {
    const analysis = analyseRoutes(resources, {
      preExistingRepositories: readPreExistingRepositories(config.preExistingRepositories),
      registriesWithoutPolicy: configuredStrings(config, "registriesWithoutPolicy"),
    });
    const findings: Finding[] = analysis.unreadable.map((unreadable) => ({
      ...notCheckedAtPreview("the replication routes", unreadable.unknownPaths),
      urn: unreadable.replication,
    }));
    const referenced = analyseReferencedRoutes(resources, {
      preExistingRepositories: readPreExistingRepositories(config.preExistingRepositories),
    });
    for (const unreadable of referenced.unreadable) {
      findings.push({ urn: unreadable.stackReference, advisory: true, message: unreadable.reason });
    }
    for (const route of referenced.routes) {
      const where = `${route.path} (${describeReferencedRoute(route)})`;
      if (route.status === "broken") {
        findings.push({
          urn: route.registryPolicy,
          message: `${where} will fail at run time: ${routeReasons(route)}`,
        });
      } else if (route.status === "unverified") {
        findings.push({
          urn: route.registryPolicy,
          advisory: true,
          message: `${where} could not be verified: ${routeReasons(route)}`,
        });
      }
    }
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
