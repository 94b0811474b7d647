/**
 * A route as the route analysis reports it (./route-analysis.ts): its status, the verdicts behind
 * it and what arrives at the destination, the analysis's options, and how a route, its prefixes
 * and its reasons read in messages (the policy pack and the offline preview print these).
 */
import { quotedList } from "../core";
import { describePlacement, RegistryPlacement } from "./location";

/** authorised: it will replicate; broken: it will fail; unverified: it cannot be told here. */
export type RouteStatus = "authorised" | "broken" | "unverified";

/** What happens to destination repositories that do not exist yet. */
export type ArrivingRepositories = "created on arrival" | "must pre-exist";

/** One judgement of part of a route: the status it implies and why, in one sentence. */
export interface Verdict {
  status: RouteStatus;
  reason: string;
}

/**
 * One destination of one replication rule, judged: a route as found in a stack's resources (not
 * the builder's `ReplicationRoute`, which is a route asked for).
 */
export interface AnalysedRoute {
  /** URN of the replication configuration. */
  replication: string;
  /** Index of the rule in it. */
  rule: number;
  /** Path of the destination, such as `replicationConfiguration.rules[0].destinations[1]`. */
  path: string;
  /** The source registry, each part with its source, or unknown. */
  source: RegistryPlacement;
  /** The destination registry as the rule names it; a part is undefined when unknown or not text. */
  destination: { accountId?: string; region?: string };
  /** The repository prefixes replicated (PREFIX_MATCH filters); null: every repository. */
  prefixes: string[] | null;
  status: RouteStatus;
  /** Undefined where it is not known (and for routes that cannot replicate at all). */
  repositories?: ArrivingRepositories;
  /** URN of the destination registry policy judged, if one was found. */
  registryPolicy?: string;
  /** Why the route has its status: each judgement made, in order (the worst one decides). */
  verdicts: Verdict[];
}

/** Options of `analyseRoutes` (./route-analysis.ts). */
export interface RouteAnalysisOptions {
  /**
   * The replicated repositories already exist in every destination, so `ecr:CreateRepository`
   * need not be granted (ECR user guide, private registry policy examples). Default false.
   */
  preExistingRepositories?: boolean;
}

/** `'prod-', 'shared/'` or `every repository`. */
export function describePrefixes(prefixes: readonly string[] | null): string {
  return prefixes === null ? "every repository" : quotedList(prefixes);
}

/** `111111111111 in us-east-1 -> 222222222222 in us-west-2 ('prod-', 'shared/')`, for messages. */
export function describeRoute(route: AnalysedRoute): string {
  const to = `${route.destination.accountId ?? "an unknown account"} in ${route.destination.region ?? "an unknown region"}`;
  return `${describePlacement(route.source)} -> ${to} (${describePrefixes(route.prefixes)})`;
}

/** Why a route has its status: the reasons of the verdicts with that status, joined. */
export function routeReasons(route: AnalysedRoute): string {
  return route.verdicts
    .filter((verdict) => verdict.status === route.status)
    .map((verdict) => verdict.reason)
    .join("; ");
}
