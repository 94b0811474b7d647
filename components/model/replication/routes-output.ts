/**
 * Routes out, grants in: what a source stack exports for the stacks that own its destination
 * registries (the stack output `ecrReplicationRoutes`), how such an output is checked when another
 * stack reads it, and how the outputs of several referenced source stacks become the `sources` of
 * one destination registry's policy. The destination stack stays the single writer of its policy;
 * the source stacks only say what they need.
 *
 * The output is keyed by destination registry, `"<accountId>/<region>"`, each value a list of
 * grants in the shape `RegistryReplicationPolicy`'s `sources` accepts:
 * `{ "222222222222/us-west-2": [{ accountId: "111111111111", repositoryPrefixes: ["prod-"],
 * allowCreateRepository: true }] }`. Only destinations in another account than the source are
 * listed: replication within an account needs no registry policy.
 */
import {
  checkAccountId,
  checkNonEmptyList,
  checkOptionalBoolean,
  checkRegistryLocation,
  checkRepositoryPrefix,
  compareStrings,
  describe,
  isPlainObject,
  join,
  listed,
  Problem,
  RegistryLocation,
  registryKey,
  ValidationError,
} from "../core";
import { grantsOfSummaries, ReplicationRouteSummary } from "./cross-account-plan";

/** The name of the stack output a source stack exports its routes under. */
export const REPLICATION_ROUTES_OUTPUT = "ecrReplicationRoutes";

/** One grant a destination registry must give a source: the shape of a `sources` entry. */
export interface RequestedGrant {
  /** The source registry's account. */
  accountId: string;
  /** The prefixes it replicates into the destination, sorted. */
  repositoryPrefixes: string[];
  /** False when the repositories must already exist in the destination. */
  allowCreateRepository: boolean;
}

/** The `ecrReplicationRoutes` output: per destination registry `"<accountId>/<region>"`, its grants. */
export type ReplicationRoutesOutput = Record<string, RequestedGrant[]>;

/** The keys a requested grant may have (`allRepositories` never: a route always has prefixes). */
const GRANT_KEYS = ["accountId", "repositoryPrefixes", "allowCreateRepository"];

/**
 * The `ecrReplicationRoutes` output of a source registry's routes (as `replicationRoutes` or a
 * component's `routes` output give them): per destination registry in another account, sorted by
 * account then region, the grants its policy needs, created-or-not split as the routes say.
 */
export function replicationRoutesOutput(
  routes: readonly ReplicationRouteSummary[],
): ReplicationRoutesOutput {
  const output: ReplicationRoutesOutput = {};
  for (const { registry, grants } of grantsOfSummaries(routes)) {
    output[registryKey(registry)] = grants.map((grant) => ({
      accountId: grant.accountId,
      repositoryPrefixes: grant.repositoryPrefixes ?? [],
      allowCreateRepository: grant.allowCreateRepository !== false,
    }));
  }
  return output;
}

/** Where a referenced stack's output is reported: `stack reference 'acme/build/prod' ecrReplicationRoutes`. */
export function referencedRoutesPath(stack: string): string {
  return `stack reference '${stack}' ${REPLICATION_ROUTES_OUTPUT}`;
}

/** The problems of a key `"<accountId>/<region>"` at `keyPath`, and the registry it names if none. */
function checkKey(
  key: string,
  keyPath: string,
): { problems: Problem[]; registry?: RegistryLocation } {
  const slash = key.indexOf("/");
  if (slash < 0) {
    return {
      problems: [{ path: keyPath, message: `must be keyed '<accountId>/<region>', got '${key}'` }],
    };
  }
  const registry = { accountId: key.slice(0, slash), region: key.slice(slash + 1) };
  const problems = checkRegistryLocation(registry, "").map(({ path, message }) => ({
    path: keyPath,
    message: `must be keyed '<accountId>/<region>': its ${path} ${message}`,
  }));
  return problems.length > 0 ? { problems } : { problems, registry };
}

/**
 * The problems of one requested grant at `path`: only the keys of {@link RequestedGrant}, a valid
 * account id other than the destination's, at least one valid prefix (ECR's filter pattern, as for
 * a `sources` entry), and `allowCreateRepository` a boolean when given.
 */
function checkRequestedGrant(
  grant: unknown,
  path: string,
  destination: RegistryLocation | undefined,
): Problem[] {
  if (!isPlainObject(grant)) {
    return [
      {
        path,
        message: `must be a grant: { accountId, repositoryPrefixes, allowCreateRepository }, got ${describe(grant)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  const unknown = Object.keys(grant).filter((name) => !GRANT_KEYS.includes(name));
  if (unknown.length > 0) {
    problems.push({
      path,
      message: `must have only the keys ${listed(GRANT_KEYS)}, got ${listed(unknown.map((name) => `'${name}'`))}`,
    });
  }
  const accountProblems = checkAccountId(grant.accountId, join(path, "accountId"));
  if (accountProblems.length === 0 && grant.accountId === destination?.accountId) {
    accountProblems.push({
      path: join(path, "accountId"),
      message: `must be another account than the destination registry's, got '${grant.accountId}': replication within one account needs no registry policy`,
    });
  }
  problems.push(...accountProblems);
  problems.push(
    ...checkNonEmptyList(
      grant.repositoryPrefixes,
      join(path, "repositoryPrefixes"),
      "a list of repository prefixes",
      "at least one repository prefix (a replication route names its prefixes)",
      checkRepositoryPrefix,
    ),
  );
  problems.push(
    ...checkOptionalBoolean(grant.allowCreateRepository, join(path, "allowCreateRepository")),
  );
  return problems;
}

/**
 * Every problem with an `ecrReplicationRoutes` output at `path` (see {@link referencedRoutesPath}):
 * an object keyed by registries `"<accountId>/<region>"`, each a list of grants `{ accountId,
 * repositoryPrefixes, allowCreateRepository? }` (`path['222222222222/us-west-2'][0].accountId`).
 * Undefined (no such output) is a problem: reading routes from a stack that exports none is a
 * mistake, not "no routes".
 */
export function checkReplicationRoutesOutput(value: unknown, path: string): Problem[] {
  if (!isPlainObject(value)) {
    const hint = value === undefined ? `: the stack exports no ${REPLICATION_ROUTES_OUTPUT}` : "";
    return [
      {
        path,
        message: `must be the routes a source stack exports, an object of grant lists keyed '<accountId>/<region>', got ${describe(value)}${hint}`,
      },
    ];
  }
  return Object.keys(value).flatMap((key) =>
    checkReplicationRoutesEntry(key, value[key], `${path}['${key}']`),
  );
}

/**
 * The problems of one entry of an `ecrReplicationRoutes` output, at `keyPath`
 * (`...['222222222222/us-west-2']`): its key a registry `"<accountId>/<region>"`, its value a list
 * of grants for it (see {@link checkReplicationRoutesOutput}).
 */
export function checkReplicationRoutesEntry(
  key: string,
  grants: unknown,
  keyPath: string,
): Problem[] {
  const { problems, registry } = checkKey(key, keyPath);
  if (!Array.isArray(grants)) {
    return [
      ...problems,
      {
        path: keyPath,
        message: `must be a list of grants { accountId, repositoryPrefixes, allowCreateRepository }, got ${describe(grants)}`,
      },
    ];
  }
  // Array.from: a sparse list's holes are checked as undefined grants, not skipped.
  return [
    ...problems,
    ...Array.from(grants).flatMap((grant, index) =>
      checkRequestedGrant(grant, join(keyPath, index), registry),
    ),
  ];
}

/** One referenced source stack: its name and its `ecrReplicationRoutes` output as read. */
export interface ReferencedRoutes {
  /** The stack's name, as given to the stack reference (`acme/build/prod`). */
  stack: string;
  /** Its `ecrReplicationRoutes` output (undefined when it has none). */
  routes: unknown;
}

/**
 * The `sources` of `registry`'s policy from the outputs of referenced source stacks: every grant
 * they request into that registry, merged per account (the union of prefixes; a prefix is created
 * on arrival if any stack asks so), sorted by account, each account's prefixes sorted, the
 * prefixes that must pre-exist first. Entries for other registries are checked but not used. Throws
 * a {@link ValidationError} with every problem, each at a path naming its stack.
 */
export function referencedReplicationSources(
  registry: RegistryLocation,
  stacks: readonly ReferencedRoutes[],
): RequestedGrant[] {
  const problems = [
    ...checkRegistryLocation(registry, "registry"),
    ...stacks.flatMap(({ stack, routes }) =>
      checkReplicationRoutesOutput(routes, referencedRoutesPath(stack)),
    ),
  ];
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid replication routes of referenced stacks");
  }
  const key = registryKey(registry);
  const created = new Map<string, Map<string, boolean>>();
  for (const { routes } of stacks) {
    // Only an own key is a registry the stack named (`routes['constructor']` is not).
    if (!Object.prototype.hasOwnProperty.call(routes, key)) {
      continue;
    }
    for (const grant of (routes as ReplicationRoutesOutput)[key]) {
      const prefixes = created.get(grant.accountId) ?? new Map<string, boolean>();
      for (const prefix of grant.repositoryPrefixes) {
        prefixes.set(
          prefix,
          (prefixes.get(prefix) ?? false) || grant.allowCreateRepository !== false,
        );
      }
      created.set(grant.accountId, prefixes);
    }
  }
  const sources: RequestedGrant[] = [];
  for (const accountId of [...created.keys()].sort(compareStrings)) {
    const prefixes = [...created.get(accountId)!];
    for (const allowCreateRepository of [false, true]) {
      const matching = prefixes
        .filter(([, creates]) => creates === allowCreateRepository)
        .map(([prefix]) => prefix)
        .sort(compareStrings);
      if (matching.length > 0) {
        sources.push({ accountId, repositoryPrefixes: matching, allowCreateRepository });
      }
    }
  }
  return sources;
}
