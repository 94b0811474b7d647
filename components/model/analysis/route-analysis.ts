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
 *
 * The routes are found here (./route-analysis.ts); each destination is judged by
 * ./destination-judgement.ts and its registry policy by ./policy-judgement.ts; a route and its
 * verdicts are described in ./analysed-route.ts.
 */
import { isUnknown, PREFIX_MATCH } from "../core";
import { AnalysedRoute, RouteAnalysisOptions, Verdict, worstStatus } from "./analysed-route";
import { indexPolicies, judgeDestination } from "./destination-judgement";
import { locateRegistry, REPLICATION_CONFIGURATION_TYPE } from "./location";
import { ResourceSnapshot } from "./registry-policy-resource";
import {
  checkRuleEntryLimits,
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
  RuleEntry,
} from "../replication";

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

/** The prefixes a rule replicates, or the paths of filters unknown until apply. */
function prefixesOf(rule: RuleEntry): { prefixes: string[] | null; unknown: string[] } {
  // An empty filter list is judged as no filters, every repository: the API refuses it
  // (`ReplicationRule.repositoryFilters`, minimum 1 item) while CloudFormation allows 0 items, and
  // a provider may send it as no filters at all. The broadest reading is the stricter one here.
  if (rule.filters === undefined || rule.filters.length === 0) {
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

/**
 * A configuration over ECR's limits of a whole configuration (../replication
 * `checkRuleEntryLimits`: rules, unique destinations) as verdicts: AWS refuses it at deploy, so
 * none of its routes replicates.
 */
function refusedConfiguration(rules: readonly RuleEntry[]): Verdict[] {
  return checkRuleEntryLimits(rules).map((problem) => ({
    status: "broken",
    reason: `AWS refuses the whole replication configuration, so none of its routes replicates: its ${problem.path} ${problem.message}`,
  }));
}

/**
 * Every route of every replication configuration among `resources`, judged against the registry
 * policies among them; every route of a configuration over ECR's limits of a configuration is
 * broken. Configurations whose rules are unknown at preview are listed apart.
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
    const refused = refusedConfiguration(read.rules);
    read.rules.forEach((rule, ruleIndex) => {
      const { prefixes, unknown } = prefixesOf(rule);
      const filtersUnknown = read.unknownPaths.filter((p) => p.startsWith(`${rule.path}.`));
      for (const destination of rule.destinations) {
        const judged = judgeDestination(source, destination, prefixes, policies, options);
        const pending = [...filtersUnknown, ...unknown].map((path) => ({
          status: "unverified" as const,
          reason: `${path} is unknown until apply`,
        }));
        const verdicts = [...refused, ...pending, ...judged.verdicts];
        const route: AnalysedRoute = {
          replication: resource.urn,
          rule: ruleIndex,
          path: destination.path,
          source,
          destination: {},
          prefixes,
          status: worstStatus(verdicts),
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
