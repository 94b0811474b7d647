/**
 * Merging a registry policy's grants by account: per account, the actions granted on each prefix,
 * without what a shorter prefix already grants; and the candidate packings of such a table into
 * statement shapes (./statement-packing.ts, ./greedy-cover.ts), measured by ./rendering.ts's
 * statement cost. Pull grants (./pull-grants.ts) fill and pack their tables with the same helpers.
 */
import { CREATE_REPOSITORY_ACTION, RegistryLocation, REPLICATE_ACTION } from "../core";
import { greedyRectangleCover } from "./greedy-cover";
import { GrantTable } from "./grant-table";
import { REPLICATION_STATEMENTS, statementCost } from "./rendering";
import {
  groupByAccountSet,
  groupByPrefixSet,
  groupPerAction,
  StatementCost,
  StatementShape,
} from "./statement-packing";

/**
 * Lets one source account replicate into the registry.
 *
 * Several grants for the same account are merged into one: the union of their prefixes, and for
 * each prefix the union of the actions of the grants naming it. So `ecr:CreateRepository` is
 * granted on a prefix if any grant of that account naming it (or a shorter prefix of it) allows
 * creation: `allowCreateRepository: false` withholds the action, it never denies it.
 */
export interface RegistryGrant {
  /** The 12-digit account id of the source registry; never the registry's own account. */
  accountId: string;
  /**
   * Repository name prefixes the account may replicate into (`repository/<prefix>*`); at least one
   * unless `allRepositories` is true. A prefix covered by a shorter one of the same account with
   * the same actions (`prod-` covers `prod-api`) is dropped: it grants nothing more.
   */
  repositoryPrefixes?: string[];
  /** Grant every repository (`repository/*`) instead of prefixes. Default false. */
  allRepositories?: boolean;
  /**
   * Also grant `ecr:CreateRepository`, so replication creates missing repositories. Default true;
   * false means every replicated repository must already exist in this registry.
   */
  allowCreateRepository?: boolean;
}

/** The prefix meaning "every repository" (`repository/*`) in the normalised grants. */
const ALL_REPOSITORIES = "";

/** The candidate packings of the grants' statements (see ./statement-packing.ts), historical first. */
export function packStatements(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): StatementShape[][] {
  return packTable(
    mergeGrantsByAccount(grants),
    [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION],
    statementCost(registry, REPLICATION_STATEMENTS),
  );
}

/**
 * The candidate packings of a grant table (per principal, the actions granted on each prefix)
 * into statement shapes, historical first: grouped by prefix sets, by account sets, per action
 * both ways, and the greedy cover preferring density, then size (when the table is small enough
 * for it). Replication grants and pull grants (./pull-grants.ts) are packed by this one function.
 */
export function packTable(
  table: GrantTable,
  actions: readonly string[],
  cost: StatementCost,
): StatementShape[][] {
  const packings = [
    groupByPrefixSet(table),
    groupByAccountSet(table),
    groupPerAction(table, actions, "prefixes"),
    groupPerAction(table, actions, "accounts"),
  ];
  for (const prefer of ["density", "size"] as const) {
    const greedy = greedyRectangleCover(table, actions, cost, prefer);
    if (greedy !== undefined) {
      packings.push(greedy);
    }
  }
  return packings;
}

/**
 * Per account, the actions granted on each prefix (`""` for every repository), merged over all
 * grants of that account, without prefixes a shorter prefix already grants the same actions on.
 */
export function mergeGrantsByAccount(
  grants: readonly RegistryGrant[],
): Map<string, Map<string, Set<string>>> {
  const byAccount = new Map<string, Map<string, Set<string>>>();
  for (const grant of grants) {
    const actions =
      grant.allowCreateRepository === false
        ? [REPLICATE_ACTION]
        : [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION];
    addToTable(byAccount, grant.accountId, grantedPrefixes(grant), actions);
  }
  return withoutCoveredPrefixes(byAccount);
}

/** The prefixes a grant names: `""` (every repository) with `allRepositories: true`. */
export function grantedPrefixes(grant: {
  repositoryPrefixes?: readonly string[];
  allRepositories?: boolean;
}): readonly string[] {
  return grant.allRepositories === true ? [ALL_REPOSITORIES] : (grant.repositoryPrefixes ?? []);
}

/** Adds `actions` on each of `prefixes` to what `principal` is granted in `table`. */
export function addToTable(
  table: Map<string, Map<string, Set<string>>>,
  principal: string,
  prefixes: readonly string[],
  actions: readonly string[],
): void {
  const actionsByPrefix = table.get(principal) ?? new Map<string, Set<string>>();
  for (const prefix of prefixes) {
    const granted = actionsByPrefix.get(prefix) ?? new Set<string>();
    actions.forEach((action) => granted.add(action));
    actionsByPrefix.set(prefix, granted);
  }
  table.set(principal, actionsByPrefix);
}

/** The table without, for each principal, the prefixes a shorter prefix already grants. */
export function withoutCoveredPrefixes(
  table: Map<string, Map<string, Set<string>>>,
): Map<string, Map<string, Set<string>>> {
  for (const actionsByPrefix of table.values()) {
    dropCoveredPrefixes(actionsByPrefix);
  }
  return table;
}

/** Drops the prefixes whose every action a shorter prefix of the same account already grants. */
function dropCoveredPrefixes(actionsByPrefix: Map<string, Set<string>>): void {
  for (const [prefix, actions] of [...actionsByPrefix]) {
    const covered = [...actionsByPrefix].some(
      ([shorter, shorterActions]) =>
        shorter !== prefix &&
        prefix.startsWith(shorter) &&
        [...actions].every((action) => shorterActions.has(action)),
    );
    if (covered) {
      actionsByPrefix.delete(prefix);
    }
  }
}
