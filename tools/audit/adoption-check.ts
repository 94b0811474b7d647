/**
 * The adoption's check of itself: the documents built from the adopted inputs must grant exactly
 * what the deployed ones grant and replicate exactly the same (repository, destination) pairs.
 *
 * - Access, by the effective-access model (../../components/model/iam `repositoriesGranted`): for
 *   every principal either document names (each account also as a role of it, which only account
 *   principals cover), everyone else (`*`), and every action of ECR's catalogue, the exact sets of
 *   repository names allowed and allowed behind a condition ("maybe") must be equal; conditions are
 *   left undecided, so a condition kept word for word compares equal and nothing else does.
 * - Replication, over name sets: for every destination either configuration names, the repository
 *   names replicated there (the union of its rules' PREFIX_MATCH prefixes; every name for a rule
 *   without filters) must be equal.
 * Each difference is one line with an example repository name.
 */
import {
  ACCOUNT_ID_PATTERN,
  partitionOf,
  PREFIX_MATCH,
  RegistryLocation,
} from "../../components/model/core";
import {
  Decision,
  ECR_ACTIONS,
  NameSet,
  NormalizedPolicy,
  parseAwsPrincipal,
  REPOSITORY_NAMES,
  repositoriesGranted,
  repositoriesStartingWith,
} from "../../components/model/iam";
import { knownString, readReplicationRules } from "../../components/model/replication";

/** The role standing for any principal of an account other than the account itself. */
const PROBE_ROLE = "ecr-adoption-probe";

/** Every principal a policy names in Principal or NotPrincipal (AWS and service principals). */
function namedPrincipals(policy: NormalizedPolicy | undefined): string[] {
  return (policy?.statements ?? []).flatMap((statement) =>
    [statement.principal, statement.notPrincipal].flatMap((set) =>
      set === undefined ? [] : [...set.aws, ...set.service],
    ),
  );
}

/** The principals to compare: named ones, each named account and a role of it, and `*`. */
function principalsToCompare(
  registry: RegistryLocation,
  policies: readonly (NormalizedPolicy | undefined)[],
): string[] {
  const principals = new Set<string>(["*"]);
  const partition = partitionOf(registry.region);
  for (const principal of policies.flatMap(namedPrincipals)) {
    principals.add(principal);
    const accountId = parseAwsPrincipal(principal)?.accountId;
    if (accountId !== undefined && ACCOUNT_ID_PATTERN.test(accountId)) {
      principals.add(accountId);
      principals.add(`arn:${partition}:iam::${accountId}:role/${PROBE_ROLE}`);
    }
  }
  return [...principals];
}

/** What a policy grants one principal for one action; nothing without a policy. */
function granted(
  policy: NormalizedPolicy | undefined,
  registry: RegistryLocation,
  principal: string,
  action: string,
): { allowed: NameSet; maybe: NameSet } {
  return policy === undefined
    ? { allowed: NameSet.empty(), maybe: NameSet.empty() }
    : repositoriesGranted(policy, { principal, action, registry });
}

function decisionFor(sets: { allowed: NameSet; maybe: NameSet }, name: string): Decision {
  return sets.allowed.has(name) ? "allow" : sets.maybe.has(name) ? "maybe" : "deny";
}

/**
 * Every difference in what the two policies grant (undefined: no policy), one line each:
 * `111111111111 ecr:ReplicateImage on 'legacy-a': allow as deployed, deny as adopted`.
 */
export function compareAccess(
  registry: RegistryLocation,
  deployed: NormalizedPolicy | undefined,
  adopted: NormalizedPolicy | undefined,
): string[] {
  const differences: string[] = [];
  for (const principal of principalsToCompare(registry, [deployed, adopted])) {
    for (const action of ECR_ACTIONS) {
      const before = granted(deployed, registry, principal, action);
      const after = granted(adopted, registry, principal, action);
      const differing = NameSet.unionOf([
        before.allowed.difference(after.allowed),
        after.allowed.difference(before.allowed),
        before.maybe.difference(after.maybe),
        after.maybe.difference(before.maybe),
      ]);
      const name = differing.example();
      if (name !== undefined) {
        const who = principal === "*" ? "anyone (*)" : principal;
        differences.push(
          `${who} ${action} on '${name}': ${decisionFor(before, name)} as deployed, ${decisionFor(after, name)} as adopted`,
        );
      }
    }
  }
  return differences;
}

/** The repository names replicated to each destination (`<account>/<region>`) by rules. */
function replicatedTo(rules: readonly unknown[]): Map<string, NameSet> {
  const byDestination = new Map<string, NameSet[]>();
  for (const rule of readReplicationRules({ rules: [...rules] }).rules) {
    const names =
      rule.filters === undefined || rule.filters.length === 0
        ? REPOSITORY_NAMES
        : NameSet.unionOf(
            rule.filters.flatMap((filter) => {
              const prefix = knownString(filter.filter);
              return prefix !== undefined && filter.filterType === PREFIX_MATCH
                ? [repositoriesStartingWith(prefix)]
                : [];
            }),
          );
    for (const destination of rule.destinations) {
      const key = `${String(destination.registryId)}/${String(destination.region)}`;
      byDestination.set(key, [...(byDestination.get(key) ?? []), names]);
    }
  }
  return new Map([...byDestination].map(([key, sets]) => [key, NameSet.unionOf(sets)]));
}

/**
 * Every difference in what the two sets of rules replicate where, one line each:
 * `'shared/a' to 333333333333/us-west-2: replicated as deployed, not as adopted`.
 */
export function compareReplication(
  deployed: readonly unknown[],
  adopted: readonly unknown[],
): string[] {
  const before = replicatedTo(deployed);
  const after = replicatedTo(adopted);
  const destinations = [...new Set([...before.keys(), ...after.keys()])].sort();
  const differences: string[] = [];
  for (const destination of destinations) {
    const was = before.get(destination) ?? NameSet.empty();
    const is = after.get(destination) ?? NameSet.empty();
    const lost = was.difference(is).example();
    if (lost !== undefined) {
      differences.push(`'${lost}' to ${destination}: replicated as deployed, not as adopted`);
    }
    const gained = is.difference(was).example();
    if (gained !== undefined) {
      differences.push(`'${gained}' to ${destination}: replicated as adopted, not as deployed`);
    }
  }
  return differences;
}
