/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/analysis/route-analysis.ts`, the
 * same analysis the pack's `ecr-replication-destination-authorized` policy runs), and which
 * repository creation template creates its repositories (`route-creation.ts`, as the pack's
 * `ecr-replication-creation-template` judges it).
 */
import {
  AnalysedRoute,
  analyseRoutes,
  describeShare,
  indexCreationTemplates,
  judgeRouteCreation,
  routeReasons,
  TemplateIndex,
} from "../../components/model/analysis";
import { Plan } from "./plan";
import { ReportCreatedRepositories, ReportRoute, resourceSnapshot } from "./report";

/** Options of {@link planRoutes}, as the pack is configured. */
export interface RouteOptions {
  /**
   * The pack's `ecr-replication-destination-authorized` `preExistingRepositories` setting: `true`,
   * `false`, or the registries (`"<account>/<region>"`, `"<account>"`) whose repositories pre-exist.
   */
  preExistingRepositories?: boolean | readonly string[];
}

/** How the route's repositories are created, from the planned templates of its destination. */
function createdRepositories(
  route: AnalysedRoute,
  templates: TemplateIndex,
): ReportCreatedRepositories {
  const creation = judgeRouteCreation(route, templates);
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

function toReportRoute(route: AnalysedRoute, templates: TemplateIndex): ReportRoute {
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
    createdRepositories: createdRepositories(route, templates),
  };
}

/** The routes of a plan, from every replication configuration in it. */
export function planRoutes(plan: Plan, options: RouteOptions = {}): ReportRoute[] {
  const resources = plan.resources.map(resourceSnapshot);
  const templates = indexCreationTemplates(resources);
  return analyseRoutes(resources, options).routes.map((route) => toReportRoute(route, templates));
}
