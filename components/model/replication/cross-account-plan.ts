/**
 * Routes as the user states them ("prefixes from this registry to those registries"), turned into
 * what both halves of cross-account replication need: the source's rules, a summary per
 * destination for outputs, and the registry policy of every destination registry in another
 * account. The plan is the one computation of these facts: `CrossAccountReplication` deploys it
 * through its children and outputs it as is.
 */
import {
  checkOptionalBoolean,
  compareRegistries,
  compareStrings,
  describe,
  dnsSuffixOf,
  isPlainObject,
  join,
  listed,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
  ValidationError,
} from "../core";
import {
  buildReplicationRules,
  checkReplicationRoutes,
  checkRouteDestinations,
  ReplicationRoute,
  ReplicationRule,
} from "./builder";
import {
  buildRegistryPolicy,
  BuiltRegistryPolicy,
  PullGrant,
  RegistryGrant,
} from "../registry-policy";
import { invalidReplication } from "./refusal";

/** A replication route that also says whether replication may create repositories at the destinations. */
export interface CrossAccountRoute extends ReplicationRoute {
  /**
   * Grant `ecr:CreateRepository` to the source in every destination registry in another account.
   * Default true; false means every replicated repository must already exist there. Replication
   * within one account always creates missing repositories.
   */
  allowCreateRepository?: boolean;
}

/** One line of "who replicates what where", for stack outputs. */
export interface ReplicationRouteSummary {
  /** The registry the images come from. */
  source: RegistryLocation;
  /** The registry the images go to. */
  destination: RegistryLocation;
  /** The prefixes replicated along this route, sorted, without duplicates. */
  repositoryPrefixes: string[];
  /** True if the destination is in another account, so it needs a registry policy. */
  crossAccount: boolean;
  /** Whether replication creates missing repositories at the destination. */
  createRepository: boolean;
}

/** The problems of every route's `allowCreateRepository` (routes that are not objects are reported elsewhere). */
function checkAllowCreateRepository(routes: unknown): Problem[] {
  if (!Array.isArray(routes)) {
    return [];
  }
  return Array.from(routes).flatMap((route, index) =>
    isPlainObject(route)
      ? checkOptionalBoolean(
          route.allowCreateRepository,
          join(join("routes", index), "allowCreateRepository"),
        )
      : [],
  );
}

/** Every problem with the source and cross-account routes: {@link checkReplicationRoutes} plus `allowCreateRepository`. */
export function checkCrossAccountRoutes(source: unknown, routes: unknown): Problem[] {
  return [...checkReplicationRoutes(source, routes), ...checkAllowCreateRepository(routes)];
}

/**
 * The routes out of `source`, one per destination registry and `createRepository` value, sorted by
 * destination (account, then region) with `createRepository: false` first; or a
 * {@link ValidationError}. A prefix named for one destination by several routes is created there if
 * any of them allows creation.
 */
export function replicationRoutes(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationRouteSummary[] {
  const problems = checkCrossAccountRoutes(source, routes);
  if (problems.length > 0) {
    throw invalidReplication(problems);
  }
  return summarizeRoutes(source, routes);
}

/** {@link replicationRoutes} of routes already validated. */
function summarizeRoutes(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationRouteSummary[] {
  const byDestination = new Map<
    string,
    { destination: RegistryLocation; create: Map<string, boolean> }
  >();
  for (const route of routes) {
    for (const { accountId, region } of route.destinations) {
      const destination = { accountId, region };
      const entry = byDestination.get(registryKey(destination)) ?? {
        destination,
        create: new Map(),
      };
      for (const prefix of route.repositoryPrefixes) {
        entry.create.set(
          prefix,
          (entry.create.get(prefix) ?? false) || route.allowCreateRepository !== false,
        );
      }
      byDestination.set(registryKey(destination), entry);
    }
  }
  const summaries: ReplicationRouteSummary[] = [];
  const destinations = [...byDestination.values()].sort((a, b) =>
    compareRegistries(a.destination, b.destination),
  );
  for (const { destination, create } of destinations) {
    const crossAccount = destination.accountId !== source.accountId;
    for (const createRepository of [false, true]) {
      // Within one account replication always creates repositories: one summary, createRepository true.
      const prefixes = [...create]
        .filter(([, creates]) => (crossAccount ? creates : true) === createRepository)
        .map(([prefix]) => prefix)
        .sort(compareStrings);
      if (prefixes.length > 0) {
        summaries.push({
          source: { accountId: source.accountId, region: source.region },
          destination,
          repositoryPrefixes: prefixes,
          crossAccount,
          createRepository,
        });
      }
    }
  }
  return summaries;
}

/** The registry policy a destination registry needs: the source's grants into it. */
export interface DestinationRegistryGrants {
  registry: RegistryLocation;
  grants: RegistryGrant[];
}

/**
 * For each destination registry in another account than `source` (sorted by account, then region),
 * the grants its registry policy needs; same-account destinations need none. Every route to one
 * registry ends up in its single policy. Throws a {@link ValidationError} like {@link replicationRoutes}.
 */
export function destinationRegistryGrants(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): DestinationRegistryGrants[] {
  return grantsOfSummaries(replicationRoutes(source, routes));
}

/**
 * {@link destinationRegistryGrants} from route summaries (sorted by destination): each
 * cross-account summary is a grant to its source's account, in its destination's policy.
 */
export function grantsOfSummaries(
  summaries: readonly ReplicationRouteSummary[],
): DestinationRegistryGrants[] {
  const byRegistry = new Map<string, DestinationRegistryGrants>();
  for (const summary of summaries) {
    if (!summary.crossAccount) {
      continue;
    }
    const key = registryKey(summary.destination);
    const entry = byRegistry.get(key) ?? { registry: summary.destination, grants: [] };
    entry.grants.push({
      accountId: summary.source.accountId,
      repositoryPrefixes: summary.repositoryPrefixes,
      allowCreateRepository: summary.createRepository,
    });
    byRegistry.set(key, entry);
  }
  return [...byRegistry.values()];
}

/**
 * The destination registries in another account than `source`, sorted by account then region:
 * the registries that need a registry policy. Needs only the destinations, not the prefixes; throws
 * a {@link ValidationError} if the source or a destination is invalid.
 */
export function crossAccountRegistries(
  source: RegistryLocation,
  routes: readonly { destinations: RegistryLocation[] }[],
): RegistryLocation[] {
  const problems = checkRouteDestinations(source, routes);
  if (problems.length > 0) {
    throw invalidReplication(problems);
  }
  const registries = new Map<string, RegistryLocation>();
  for (const route of routes) {
    for (const { accountId, region } of route.destinations) {
      if (accountId !== source.accountId) {
        registries.set(registryKey({ accountId, region }), { accountId, region });
      }
    }
  }
  return [...registries.values()].sort(compareRegistries);
}

/** The source registry's half of replication, built and validated: see {@link planReplication}. */
export interface ReplicationPlan {
  /** The source registry's replication rules. */
  rules: ReplicationRule[];
  /** Who replicates what where. */
  routes: ReplicationRouteSummary[];
}

/**
 * The rules and route summaries of `routes`, validated once, or a {@link ValidationError} with
 * every problem: {@link buildReplicationRules} checks the source, the destinations, the prefixes
 * ({@link checkReplicationRoutes}) and the rule count; `allowCreateRepository` is checked beside
 * it; the summaries are then read from the valid routes without checking them again.
 */
export function planReplication(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
): ReplicationPlan {
  const problems: Problem[] = [];
  let rules: ReplicationRule[] = [];
  try {
    rules = buildReplicationRules(source, routes);
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      throw error;
    }
    problems.push(...error.problems);
  }
  problems.push(...checkAllowCreateRepository(routes));
  if (problems.length > 0) {
    throw invalidReplication(problems);
  }
  return { rules, routes: summarizeRoutes(source, routes) };
}

/** A destination registry's grants and the registry policy built from them. */
export interface PlannedRegistryPolicy extends DestinationRegistryGrants {
  policy: BuiltRegistryPolicy;
}

/** Both halves of cross-account replication, built and validated: see {@link planCrossAccountReplication}. */
export interface CrossAccountReplicationPlan extends ReplicationPlan {
  /** Per destination registry in another account (sorted), its grants and its registry policy. */
  registryPolicies: PlannedRegistryPolicy[];
}

/** Statements of the user's own per destination registry, keyed `<accountId>/<region>`. */
export type ExtraStatementsByRegistry = Record<string, unknown>;

/** Pull grants per destination registry, keyed `<accountId>/<region>` (see `PullGrant`). */
export type PullGrantsByRegistry = Record<string, readonly PullGrant[]>;

/** The options given per destination registry, and how messages name them. */
const PER_REGISTRY_OPTIONS = {
  extraStatements: "an object of statement lists",
  pullGrants: "an object of pull grant lists",
} as const;
type PerRegistryOption = keyof typeof PER_REGISTRY_OPTIONS;

/**
 * Builds the replication rules and every destination's registry policy for `routes`, or throws a
 * {@link ValidationError} with every problem. `extraStatements` adds statements of the user's own
 * to the policy of a destination registry in another account, and `pullGrants` lets accounts and
 * organisations pull from it, both keyed `<accountId>/<region>`, merged and checked as
 * {@link buildRegistryPolicy} does, with problems at `extraStatements['<key>'][0]...` and
 * `pullGrants['<key>'][0]...`; a key that names no such registry is refused. The routes are
 * validated once (see {@link planReplication}); the grants are read from the route summaries, and
 * each registry policy's own problems (such as its size) are reported at the destinations the
 * user wrote that name its registry (see {@link atDestinationsOf}).
 */
export function planCrossAccountReplication(
  source: RegistryLocation,
  routes: readonly CrossAccountRoute[],
  extraStatements?: ExtraStatementsByRegistry,
  pullGrants?: PullGrantsByRegistry,
): CrossAccountReplicationPlan {
  const replication = planReplication(source, routes);
  const destinations = grantsOfSummaries(replication.routes);
  const keys = destinations.map(({ registry }) => registryKey(registry));
  const given = { extraStatements, pullGrants };
  const problems = (Object.keys(PER_REGISTRY_OPTIONS) as PerRegistryOption[]).flatMap((option) =>
    checkPerRegistryKeys(option, given[option], keys),
  );
  const registryPolicies: PlannedRegistryPolicy[] = [];
  for (const { registry, grants } of destinations) {
    const key = registryKey(registry);
    try {
      const policy = buildRegistryPolicy(registry, grants, {
        extraStatements: ownEntry(extraStatements, key) as unknown[] | undefined,
        pullGrants: ownEntry(pullGrants, key) as PullGrant[] | undefined,
      });
      registryPolicies.push({ registry, grants, policy });
    } catch (error) {
      if (!(error instanceof ValidationError)) {
        throw error;
      }
      const [own, whole] = partition(error.problems, isPerRegistryProblem);
      problems.push(...own.map((problem) => atOptionOf(key, problem)));
      problems.push(...atDestinationsOf(registry, routes, whole));
    }
  }
  if (problems.length > 0) {
    throw invalidReplication(problems);
  }
  return { ...replication, registryPolicies };
}

/**
 * The entry of a per-registry option for `key`: only an own key is the user's
 * (`extraStatements['constructor']` is not a list they wrote); undefined when not given.
 */
function ownEntry(option: unknown, key: string): unknown {
  return isPlainObject(option) && Object.prototype.hasOwnProperty.call(option, key)
    ? option[key]
    : undefined;
}

/**
 * The problems of a per-registry option (`extraStatements`, `pullGrants`) as a whole: when given,
 * an object whose keys are destination registries in another account than the source
 * (`registryKeys`, the registries that have a registry policy); a key naming any other registry
 * is refused, naming it.
 */
function checkPerRegistryKeys(
  option: PerRegistryOption,
  value: unknown,
  registryKeys: string[],
): Problem[] {
  if (value === undefined) {
    return [];
  }
  if (!isPlainObject(value)) {
    return [
      {
        path: option,
        message: `must be ${PER_REGISTRY_OPTIONS[option]} keyed '<accountId>/<region>' when given, got ${describe(value)}`,
      },
    ];
  }
  const allowed =
    registryKeys.length === 0 ? "the routes have none" : `here ${quotedList(registryKeys)}`;
  return Object.keys(value)
    .filter((key) => !registryKeys.includes(key))
    .map((key) => ({
      path: `${option}['${key}']`,
      message: `must be keyed by a destination registry of the routes in another account than the source (only those have a registry policy; ${allowed}), got '${key}'`,
    }));
}

/** The per-registry option a registry policy's problem is about (`extraStatements[0].Sid`), if any. */
function optionOf({ path }: Problem): PerRegistryOption | undefined {
  return (Object.keys(PER_REGISTRY_OPTIONS) as PerRegistryOption[]).find((option) =>
    new RegExp(`^${option}(?=$|[[.])`).test(path),
  );
}

/** True for a problem of what the user gave one registry's policy (`extraStatements[0].Sid`, `pullGrants[1]`). */
function isPerRegistryProblem(problem: Problem): boolean {
  return optionOf(problem) !== undefined;
}

/**
 * A problem of one registry's extra statements or pull grants at the path the user wrote:
 * `extraStatements['<key>'][0].Sid`, `pullGrants['<key>'][1].accountIds[0]`.
 */
function atOptionOf(key: string, problem: Problem): Problem {
  const option = optionOf(problem) as PerRegistryOption;
  return {
    path: `${option}['${key}']${problem.path.slice(option.length)}`,
    message: problem.message,
  };
}

/** The items for which `test` holds, and the others. */
function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** What a workload stack needs to pull from a destination registry. */
export interface DestinationRegistryOutput {
  /** `<account>.dkr.ecr.<region>.<dnsSuffix>`: the registry's Docker endpoint. */
  registryUrl: string;
  /** The registry's 12-digit account id. */
  accountId: string;
  /** The registry's region. */
  region: string;
}

/**
 * The URL of a private registry, `<account>.dkr.ecr.<region>.<dnsSuffix>` with the DNS suffix of
 * the region's partition (ECR user guide, "Private registry concepts": `https://aws_account_id.
 * dkr.ecr.region.amazonaws.com`, and `amazonaws.com.cn` in the China regions; the suffix is read
 * from the AWS SDK's partition metadata, core `dnsSuffixOf`).
 */
export function registryUrl({ accountId, region }: RegistryLocation): string {
  return `${accountId}.dkr.ecr.${region}.${dnsSuffixOf(region)}`;
}

/**
 * Every destination registry of the routes (another account's or the source's own in another
 * region), keyed `<accountId>/<region>` in the routes' order (by account, then region), with its URL.
 */
export function destinationRegistryOutputs(
  routes: readonly ReplicationRouteSummary[],
): Record<string, DestinationRegistryOutput> {
  const outputs: Record<string, DestinationRegistryOutput> = {};
  for (const { destination } of routes) {
    const { accountId, region } = destination;
    outputs[registryKey(destination)] = {
      registryUrl: registryUrl(destination),
      accountId,
      region,
    };
  }
  return outputs;
}

/**
 * The problems of the registry policy of `registry`, built from the grants of every route sending
 * to it, at the paths the user wrote: the destinations naming that registry, with its key, and the
 * whole message, as in `routes[0].destinations[1] and routes[2].destinations[0]
 * (222222222222/us-west-2): make a registry policy of ...`. The policy's inputs are internal (its
 * `sources` are grants derived from the routes), so their paths are not shown. The routes are
 * valid by now, and their prefixes pass the same check as the policy's, so what is found here is
 * about the policy as a whole, such as its size.
 */
function atDestinationsOf(
  registry: RegistryLocation,
  routes: readonly CrossAccountRoute[],
  problems: readonly Problem[],
): Problem[] {
  const key = registryKey(registry);
  const destinations = routes.flatMap((route, i) =>
    route.destinations.flatMap((destination, j) =>
      registryKey(destination) === key ? [join(join(join("routes", i), "destinations"), j)] : [],
    ),
  );
  const path = `${listed(destinations)} (${key})`;
  return problems.map(({ message }) => ({ path, message }));
}
