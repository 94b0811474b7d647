/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/analysis/route-analysis.ts`, the
 * same analysis the pack's `ecr-replication-destination-authorized` policy runs).
 */
import {
  AnalysedRoute,
  analyseReferencedRoutes,
  analyseRoutes,
  ReferencedRoute,
  RouteAnalysisOptions,
  routeReasons,
} from "../../components/model/analysis";
import { Plan } from "./plan";
import { ReportRoute, resourceSnapshot } from "./report";

/**
 * Options of {@link planRoutes}, as the pack's `ecr-replication-destination-authorized` is
 * configured: `preExistingRepositories` (`true`, `false`, or the registries `"<account>/<region>"`,
 * `"<account>"` whose repositories pre-exist) and `registriesWithoutPolicy`.
 */
export type RouteOptions = RouteAnalysisOptions;

function toReportRoute(route: AnalysedRoute): ReportRoute {
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
  };
}

/** A route another stack requests into one of the plan's registries, as the report shows it. */
function toReportReferencedRoute(route: ReferencedRoute): ReportRoute {
  return {
    replication: route.stackReference,
    rule: route.grant,
    source: { account: route.sourceAccount, region: null },
    destination: { account: route.destination.accountId, region: route.destination.region },
    prefixes: route.prefixes,
    status: route.status,
    repositories: route.repositories ?? null,
    reason: routeReasons(route),
    referencedStack: route.stack,
  };
}

/**
 * The routes of a plan: from every replication configuration in it, then those its stack
 * references' `ecrReplicationRoutes` outputs request into registries whose policy is in it.
 */
export function planRoutes(plan: Plan, options: RouteOptions = {}): ReportRoute[] {
  const resources = plan.resources.map(resourceSnapshot);
  return [
    ...analyseRoutes(resources, options).routes.map(toReportRoute),
    ...analyseReferencedRoutes(resources, options).routes.map(toReportReferencedRoute),
  ];
}
