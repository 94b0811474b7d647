/**
 * Who can replicate what: every route of every replication configuration in a set of resources
 * (source registry -> destination registry -> repository prefixes), judged against the
 * destination's registry policy among the same resources with the effective-access model.
 *
 * Cross-account replication needs the destination's registry policy to grant the source account
 * `ecr:ReplicateImage` on the replicated repositories, plus `ecr:CreateRepository` unless they
 * already exist there; without it replication fails at run time, never at deploy
 * (terraform-provider-aws #28115). Cross-region replication within one account needs no policy.
 * What cannot be known (a policy outside these resources, an unknown account) is "unverified",
 * never a guess. Pure: the policy pack and the offline preview both call it.
 */
import { NormalizedPolicy, prefixCoverageOf } from "../iam";
import {
  CREATE_REPOSITORY_ACTION,
  formatProblems,
  isUnknown,
  PREFIX_MATCH,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
  REPLICATE_ACTION,
} from "../core";
import {
  describePlacement,
  locateRegistry,
  REGISTRY_POLICY_TYPE,
  RegistryPlacement,
  REPLICATION_CONFIGURATION_TYPE,
} from "./location";
import {
  readRegistryPolicyResource,
  RegistryPolicyResource,
  repositoriesGrantedOnce,
  ResourceSnapshot,
} from "./registry-policy-resource";
import {
  checkDestinationRules,
  DestinationEntry,
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
  RuleEntry,
} from "../replication";

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

/** A replication configuration whose rules could not be read at preview. */
export interface UnreadableReplication {
  replication: string;
  /** Paths unknown until apply. */
  unknownPaths: string[];
}

/** The routes of a set of resources. */
export interface RouteAnalysis {
  routes: AnalysedRoute[];
  unreadable: UnreadableReplication[];
}

/** Options of {@link analyseRoutes}. */
export interface RouteAnalysisOptions {
  /**
   * The replicated repositories already exist in every destination, so `ecr:CreateRepository`
   * need not be granted (ECR user guide, private registry policy examples). Default false.
   */
  preExistingRepositories?: boolean;
}

/** The worst status: broken, then unverified, then authorised. */
function worst(verdicts: readonly Verdict[]): RouteStatus {
  const statuses = verdicts.map((v) => v.status);
  if (statuses.includes("broken")) {
    return "broken";
  }
  return statuses.includes("unverified") ? "unverified" : "authorised";
}

/** `'prod-', 'shared/'` or `every repository`. */
export function describePrefixes(prefixes: readonly string[] | null): string {
  return prefixes === null ? "every repository" : quotedList(prefixes);
}

/** The prefixes a rule replicates, or the paths of filters unknown until apply. */
function prefixesOf(rule: RuleEntry): { prefixes: string[] | null; unknown: string[] } {
  if (rule.filters === undefined) {
    return { prefixes: null, unknown: [] };
  }
  const unknown = rule.filters.flatMap((f) =>
    isUnknown(f.filter) || isUnknown(f.filterType) ? [`${f.path}.filter`] : [],
  );
  const prefixes = rule.filters.flatMap((f) => {
    const filter = knownString(f.filter);
    return filter !== undefined && f.filterType === PREFIX_MATCH ? [filter] : [];
  });
  return { prefixes, unknown };
}

/** Whether the destination policy grants `action` to the source account on every prefix. */
function judgeAction(
  policy: NormalizedPolicy,
  registry: RegistryLocation,
  source: string,
  action: string,
  prefixes: readonly string[],
): { decision: "allow" | "maybe" | "deny"; name?: string; prefix?: string } {
  let result: { decision: "allow" | "maybe" | "deny"; name?: string; prefix?: string } = {
    decision: "allow",
  };
  const granted = repositoriesGrantedOnce(policy, { principal: source, action, registry });
  for (const prefix of prefixes) {
    const coverage = prefixCoverageOf(granted, prefix);
    if (coverage.decision === "deny") {
      return { decision: "deny", name: coverage.denied, prefix };
    }
    if (coverage.decision === "maybe" && result.decision === "allow") {
      result = { decision: "maybe", name: coverage.notAllowed, prefix };
    }
  }
  return result;
}

/** Names the prefix a witness belongs to, for messages: `'prod-x' (prefix 'prod-')`. */
function witness(name: string | undefined, prefix: string | undefined): string {
  const repository = `'${name ?? ""}'`;
  return prefix === undefined || prefix === "" || prefix === name
    ? repository
    : `${repository} (prefix '${prefix}')`;
}

/** `grants ... only under a condition` or `does not grant ...`: what a decision short of allow says. */
function shortOf(
  decision: "maybe" | "deny",
  granted: string,
  name: string | undefined,
  prefix: string | undefined,
): string {
  const on = `${granted} on ${witness(name, prefix)}`;
  return decision === "deny" ? `does not grant ${on}` : `grants ${on} only under a condition`;
}

/** The verdicts of a cross-account route against the destination's one registry policy. */
function judgePolicy(
  read: RegistryPolicyResource,
  registry: RegistryLocation,
  source: string,
  prefixes: string[] | null,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories } {
  const name = `registry policy ${read.urn}`;
  if (read.unknownPaths.length > 0) {
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the document of ${name} is unknown until apply (${read.unknownPaths.join(", ")})`,
        },
      ],
    };
  }
  if (read.policy === undefined) {
    return {
      verdicts: [
        {
          status: "broken",
          reason: `${name} cannot be read, so it grants nothing: ${formatProblems(read.problems)}`,
        },
      ],
    };
  }
  // A rule without filters replicates every repository: the empty prefix.
  const wanted = prefixes ?? [""];
  let replicate: ReturnType<typeof judgeAction>;
  let create: ReturnType<typeof judgeAction>;
  try {
    replicate = judgeAction(read.policy, registry, source, REPLICATE_ACTION, wanted);
    create = judgeAction(read.policy, registry, source, CREATE_REPOSITORY_ACTION, wanted);
  } catch (error) {
    // The access model refuses resource patterns too complex to judge exactly (RangeError).
    if (!(error instanceof RangeError)) {
      throw error;
    }
    return {
      verdicts: [
        { status: "unverified", reason: `${name} is too complex to judge: ${error.message}` },
      ],
    };
  }
  const verdicts: Verdict[] = [];
  if (replicate.decision === "allow") {
    verdicts.push({
      status: "authorised",
      reason: `${name} grants ${source} ${REPLICATE_ACTION} on ${describePrefixes(prefixes)}`,
    });
  } else {
    verdicts.push({
      status: replicate.decision === "deny" ? "broken" : "unverified",
      reason: `${name} ${shortOf(replicate.decision, `${source} ${REPLICATE_ACTION}`, replicate.name, replicate.prefix)}`,
    });
  }
  if (create.decision === "allow") {
    return { verdicts, repositories: "created on arrival" };
  }
  const missing = `${name} ${shortOf(create.decision, `${source} ${CREATE_REPOSITORY_ACTION}`, create.name, create.prefix)}`;
  if (options.preExistingRepositories) {
    verdicts.push({
      status: "authorised",
      reason: `${missing}: the repositories must already exist in the destination (preExistingRepositories)`,
    });
    return { verdicts, repositories: "must pre-exist" };
  }
  verdicts.push({
    status: create.decision === "deny" ? "broken" : "unverified",
    reason: `${missing}: grant it, or create the repositories in the destination first and declare them pre-existing`,
  });
  return { verdicts };
}

/** Everything the analysis knows about the registry policies among the resources. */
interface PolicyIndex {
  byRegistry: Map<string, RegistryPolicyResource[]>;
  /** Registry policies whose account or region is unknown: any of them might be the one. */
  unplaced: RegistryPolicyResource[];
}

function indexPolicies(resources: readonly ResourceSnapshot[]): PolicyIndex {
  const index: PolicyIndex = { byRegistry: new Map(), unplaced: [] };
  for (const resource of resources.filter((r) => r.type === REGISTRY_POLICY_TYPE)) {
    const read = readRegistryPolicyResource(resource);
    if (read.registry === undefined) {
      index.unplaced.push(read);
      continue;
    }
    const key = registryKey(read.registry);
    index.byRegistry.set(key, [...(index.byRegistry.get(key) ?? []), read]);
  }
  return index;
}

/** A destination rule of ECR broken (../replication ecr-rules), as a verdict reason. */
function brokenRule(problem: Problem): string {
  return `the destination${problem.path === "" ? "" : `'s ${problem.path}`} ${problem.message}`;
}

/** The verdicts of one destination of a rule. */
function judgeDestination(
  source: RegistryPlacement,
  destination: DestinationEntry,
  prefixes: string[] | null,
  policies: PolicyIndex,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories; registryPolicy?: string } {
  const accountId = knownString(destination.registryId);
  const region = knownString(destination.region);
  if (accountId === undefined || region === undefined) {
    const what = accountId === undefined ? "registryId" : "region";
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the destination's ${what} is ${isUnknown(destination[what]) ? "unknown until apply" : "not text"}`,
        },
      ],
    };
  }
  const to = `${accountId} in ${region}`;
  const broken = checkDestinationRules(
    { accountId: source.account?.value, region: source.region?.value },
    { accountId, region },
  );
  if (broken.length > 0) {
    return {
      verdicts: broken.map((problem) => ({ status: "broken", reason: brokenRule(problem) })),
    };
  }
  if (source.account === undefined) {
    const why = source.pending.length > 0 ? source.pending.join("; ") : "not set on the provider";
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the source account could not be determined (${why}), so whether ${to} needs a registry policy is unknown`,
        },
      ],
    };
  }
  // The same registry is refused above: this is another region of the source's account.
  if (source.account.value === accountId) {
    return {
      verdicts: [
        {
          status: "authorised",
          reason: `replication within account ${accountId} needs no registry policy`,
        },
      ],
      repositories: "created on arrival",
    };
  }
  const found = policies.byRegistry.get(registryKey({ accountId, region })) ?? [];
  if (found.length === 1) {
    const judged = judgePolicy(
      found[0],
      { accountId, region },
      source.account.value,
      prefixes,
      options,
    );
    return { ...judged, registryPolicy: found[0].urn };
  }
  if (found.length > 1) {
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `${found.length} registry policies write the one policy of ${to} (${found.map((p) => p.urn).join(", ")}): which one wins cannot be told`,
        },
      ],
    };
  }
  const unplaced = policies.unplaced.map((p) => `${p.urn} (${describePlacement(p.placement)})`);
  return {
    verdicts: [
      {
        status: "unverified",
        reason:
          unplaced.length > 0
            ? `no registry policy of ${to} was found among these resources, and the registry of ${unplaced.join(", ")} is unknown: the destination could not be verified`
            : `no registry policy of ${to} is among these resources: the destination could not be verified`,
      },
    ],
  };
}

/**
 * Every route of every replication configuration among `resources`, judged against the registry
 * policies among them. Configurations whose rules are unknown at preview are listed apart.
 */
export function analyseRoutes(
  resources: readonly ResourceSnapshot[],
  options: RouteAnalysisOptions = {},
): RouteAnalysis {
  const policies = indexPolicies(resources);
  const analysis: RouteAnalysis = { routes: [], unreadable: [] };
  for (const resource of resources.filter((r) => r.type === REPLICATION_CONFIGURATION_TYPE)) {
    const source = locateRegistry({ props: resource.props, providerProps: resource.providerProps });
    const read = readReplicationRules(resource.props[REPLICATION_CONFIGURATION_PATH]);
    const unknownRules = read.unknownPaths.filter((p) => !p.includes(".rules["));
    if (unknownRules.length > 0) {
      analysis.unreadable.push({ replication: resource.urn, unknownPaths: unknownRules });
    }
    read.rules.forEach((rule, ruleIndex) => {
      const { prefixes, unknown } = prefixesOf(rule);
      const filtersUnknown = read.unknownPaths.filter((p) => p.startsWith(`${rule.path}.`));
      for (const destination of rule.destinations) {
        const judged = judgeDestination(source, destination, prefixes, policies, options);
        const pending = [...filtersUnknown, ...unknown].map((path) => ({
          status: "unverified" as const,
          reason: `${path} is unknown until apply`,
        }));
        const verdicts = [...pending, ...judged.verdicts];
        const route: AnalysedRoute = {
          replication: resource.urn,
          rule: ruleIndex,
          path: destination.path,
          source,
          destination: {},
          prefixes,
          status: worst(verdicts),
          verdicts,
        };
        const accountId = knownString(destination.registryId);
        const region = knownString(destination.region);
        if (accountId !== undefined) {
          route.destination.accountId = accountId;
        }
        if (region !== undefined) {
          route.destination.region = region;
        }
        if (judged.repositories !== undefined && route.status !== "broken") {
          route.repositories = judged.repositories;
        }
        if (judged.registryPolicy !== undefined) {
          route.registryPolicy = judged.registryPolicy;
        }
        analysis.routes.push(route);
      }
    });
  }
  return analysis;
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
