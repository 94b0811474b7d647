/**
 * A route as the route analysis reports it (./route-analysis.ts): its status, the verdicts behind
 * it and what arrives at the destination, the analysis's options, and how a route, its prefixes
 * and its reasons read in messages (the policy pack and the offline preview print these).
 */
import { quotedList, RegistryLocation, registryKey } from "../core";
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

/** The worst status of the verdicts: broken, then unverified, then authorised. */
export function worstStatus(verdicts: readonly Verdict[]): RouteStatus {
  const statuses = verdicts.map((v) => v.status);
  if (statuses.includes("broken")) {
    return "broken";
  }
  return statuses.includes("unverified") ? "unverified" : "authorised";
}

/** Options of `analyseRoutes` (./route-analysis.ts). */
export interface RouteAnalysisOptions {
  /**
   * Where the replicated repositories already exist, so `ecr:CreateRepository` need not be
   * granted (ECR user guide, private registry policy examples: without it "you need to create
   * repositories with the same name within your account"): `true` in every destination, or in
   * the registries listed, each `"<account>/<region>"` or `"<account>"` (all its regions); routes
   * into any other registry need the grant. Default false: nowhere.
   */
  preExistingRepositories?: boolean | readonly string[];
  /**
   * Registries (`"<account>/<region>"`) known to have no registry policy at all, beyond those
   * among the resources (an audit reads every registry of an organisation, so it knows which have
   * none): a cross-account route into one is broken, since nothing there lets the source
   * replicate, rather than unverified. Default: none known.
   */
  registriesWithoutPolicy?: readonly string[];
  /**
   * Registries (`"<account>/<region>"`) known to have no repository creation template, beyond
   * those among the resources (the audit reads each registry's templates): the repositories a
   * route creates there get ECR's defaults, rather than being unverified. Default: none known.
   */
  registriesWithoutTemplates?: readonly string[];
}

/** True if the options say the replicated repositories already exist in `registry`. */
export function repositoriesPreExist(
  options: RouteAnalysisOptions,
  registry: RegistryLocation,
): boolean {
  const setting = options.preExistingRepositories;
  if (setting === undefined || typeof setting === "boolean") {
    return setting === true;
  }
  return setting.includes(registryKey(registry)) || setting.includes(registry.accountId);
}

/**
 * The `preExistingRepositories` setting from a config value (the policy pack's, the preview's):
 * a boolean, or the strings of a list (anything else in it names no registry); any other value is
 * `false`.
 */
export function readPreExistingRepositories(value: unknown): boolean | string[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === "string");
  }
  return value === true;
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
export function routeReasons(route: Pick<AnalysedRoute, "status" | "verdicts">): string {
  return route.verdicts
    .filter((verdict) => verdict.status === route.status)
    .map((verdict) => verdict.reason)
    .join("; ");
}
