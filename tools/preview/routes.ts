/**
 * Who can replicate what: every replication route of the plan, judged against the destination's
 * registry policy by the pure model's route analysis (`components/model/route-analysis.ts`).
 */
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
  /** authorised: the destination's policy allows it; broken: it does not; unverified: unknown. */
  status: "authorised" | "broken" | "unverified";
  /** Whether replicated repositories are created on arrival or must already exist; null if unknown. */
  repositories: "created on arrival" | "must pre-exist" | null;
  /** Why the route has its status, in words. */
  reason: string;
}

/** The routes of a plan. */
export function planRoutes(plan: Plan): ReportRoute[] {
  void plan;
  return [];
}
