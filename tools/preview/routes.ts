/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/analysis/route-analysis.ts`, the
 * same analysis the pack's `ecr-replication-destination-authorized` policy runs).
 */
import { analyseRoutes, ReplicationRoute } from "../../components/model/analysis";
import { Plan } from "./plan";
import { ReportPlacement } from "./report";

/** One route: a replication rule's destination, with what the destination's policy allows. */
export interface ReportRoute {
  /** The URN of the replication configuration the route comes from. */
  replication: string;
  /** The rule's index in that configuration. */
  rule: number;
  source: ReportPlacement;
  destination: ReportPlacement;
  /** The repository prefixes the rule replicates; null when it replicates every repository. */
  prefixes: string[] | null;
  /** authorised: it will replicate; broken: it will fail; unverified: it cannot be told here. */
  status: "authorised" | "broken" | "unverified";
  /** Whether replicated repositories are created on arrival or must already exist; null if unknown. */
  repositories: "created on arrival" | "must pre-exist" | null;
  /** Why the route has its status: the judgements that decided it, joined. */
  reason: string;
}

/** Options of {@link planRoutes}, as the pack is configured. */
export interface RouteOptions {
  /** The pack's `ecr-replication-destination-authorized` `preExistingRepositories` setting. */
  preExistingRepositories?: boolean;
}

function toReportRoute(route: ReplicationRoute): ReportRoute {
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
    reason: route.verdicts
      .filter((verdict) => verdict.status === route.status)
      .map((verdict) => verdict.reason)
      .join("; "),
  };
}

/** The routes of a plan, from every replication configuration in it. */
export function planRoutes(plan: Plan, options: RouteOptions = {}): ReportRoute[] {
  const resources = plan.resources.map((resource) => ({
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    props: resource.properties,
    providerUrn: resource.provider?.urn,
    providerProps: resource.provider?.properties,
  }));
  return analyseRoutes(resources, options).routes.map(toReportRoute);
}
