/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/analysis/route-analysis.ts`, the
 * same analysis the pack's `ecr-replication-destination-authorized` policy runs), and which
 * repository creation template creates its repositories (`route-creation.ts`, as the pack's
 * `ecr-replication-creation-template` judges it).
 */
import {
  AnalysedRoute,
  analyseReferencedRoutes,
  analyseRoutes,
  describeShare,
  indexCreationTemplates,
  judgeRouteCreation,
  ReferencedRoute,
  RouteAnalysisOptions,
  routeReasons,
  TemplateIndex,
} from "../../components/model/analysis";
import { Plan } from "./plan";
import { ReportCreatedRepositories, ReportRoute, resourceSnapshot } from "./report";

/**
 * Options of {@link planRoutes}, as the pack's `ecr-replication-destination-authorized` is
 * configured: `preExistingRepositories` (`true`, `false`, or the registries `"<account>/<region>"`,
 * `"<account>"` whose repositories pre-exist) and `registriesWithoutPolicy`.
 */
export type RouteOptions = RouteAnalysisOptions;

/** How the route's repositories are created, from the planned templates of its destination. */
function createdRepositories(
  route: Parameters<typeof judgeRouteCreation>[0],
  templates: TemplateIndex,
  options: RouteOptions,
): ReportCreatedRepositories {
  const creation = judgeRouteCreation(route, templates, options);
  if (creation.status !== "judged") {
    return {
      status: creation.status === "unverified" ? "unverified" : "none",
      reason: creation.reason,
      parts: [],
    };
  }
  return {
    status: "judged",
    reason: creation.unavailable ?? null,
    parts: creation.shares.map((share) => ({
      prefix: share.filter,
      example: share.example,
      template:
        share.template === undefined
          ? null
          : {
              urn: share.template.urn,
              prefix: share.template.prefix ?? null,
              settings: { ...share.template.settings },
              unknown: [...share.template.unknown],
            },
      text: describeShare(share),
    })),
  };
}

function toReportRoute(
  route: AnalysedRoute,
  templates: TemplateIndex,
  options: RouteOptions,
): ReportRoute {
  return {
    replication: route.replication,
    rule: route.rule,
    source: {
      account: route.source.account?.value ?? null,
      region: route.source.region?.value ?? null,
    },
    destination: {
      account: route.destination.accountId ?? null,
      region: route.destination.region ?? null,
    },
    prefixes: route.prefixes,
    status: route.status,
    repositories: route.repositories ?? null,
    reason: routeReasons(route),
    createdRepositories: createdRepositories(route, templates, options),
  };
}

/** A route another stack requests into one of the plan's registries, as the report shows it. */
function toReportReferencedRoute(
  route: ReferencedRoute,
  templates: TemplateIndex,
  options: RouteOptions,
): ReportRoute {
  return {
    replication: route.stackReference,
    rule: route.grant,
    source: { account: route.sourceAccount, region: null },
    destination: { account: route.destination.accountId, region: route.destination.region },
    prefixes: route.prefixes,
    status: route.status,
    repositories: route.repositories ?? null,
    reason: routeReasons(route),
    createdRepositories: createdRepositories(route, templates, options),
    referencedStack: route.stack,
  };
}

/**
 * The routes of a plan: from every replication configuration in it, then those its stack
 * references' `ecrReplicationRoutes` outputs request into registries whose policy is in it.
 */
export function planRoutes(plan: Plan, options: RouteOptions = {}): ReportRoute[] {
  const resources = plan.resources.map(resourceSnapshot);
  const templates = indexCreationTemplates(resources);
  return [
    ...analyseRoutes(resources, options).routes.map((route) =>
      toReportRoute(route, templates, options),
    ),
    ...analyseReferencedRoutes(resources, options).routes.map((route) =>
      toReportReferencedRoute(route, templates, options),
    ),
  ];
}
