/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/analysis/route-analysis.ts`, the
 * same analysis the pack's `ecr-replication-destination-authorized` policy runs).
 */
import {
  AnalysedRoute,
  analyseRoutes,
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

/** The routes of a plan, from every replication configuration in it. */
export function planRoutes(plan: Plan, options: RouteOptions = {}): ReportRoute[] {
  return analyseRoutes(plan.resources.map(resourceSnapshot), options).routes.map(toReportRoute);
}
