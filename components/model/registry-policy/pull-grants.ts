/**
 * Pull grants: who may pull which repositories of a registry across accounts, as typed input to
 * the registry policy builder (./builder.ts), beside the replication grants. The large
 * organisation's way past ECR's 25 replication destinations: replicate to a few hub registries and
 * let every account pull from its region's hub (ECR user guide, "Private image replication":
 * replication does not chain).
 *
 * A pull grant names organisations (every principal of their accounts: `"Principal": "*"` limited
 * by `StringEquals` on `aws:PrincipalOrgID`), accounts (`arn:<partition>:iam::<id>:root`), or both,
 * and repository prefixes (or every repository). It grants exactly the pull actions
 * (../core `PULL_ACTIONS`) on `repository/<prefix>*` of the registry; nothing else. Grants are
 * merged, packed and measured as replication grants are (./grant-merging.ts `packTable`), checked
 * with the same messages (./grant-checks.ts), and count toward the same size limit.
 */
import {
  checkNonEmptyList,
  checkOptionalBoolean,
  checkOrganizationId,
  compareStrings,
  describe,
  isPlainObject,
  join,
  largestFitting,
  listed,
  Problem,
  PULL_ACTIONS,
  RegistryLocation,
} from "../core";
import { RegistryPolicyScope } from "./checks";
import { checkGrantedRepositories, checkGranteeAccount } from "./grant-checks";
import { addToTable, grantedPrefixes, packTable, withoutCoveredPrefixes } from "./grant-merging";
import {
  ACCOUNT_PULL_STATEMENTS,
  GeneratedPart,
  ORGANIZATION_PULL_STATEMENTS,
  statementCost,
} from "./rendering";

/** Lets principals of other accounts pull repositories of the registry (scope `V2` only). */
export interface PullGrant {
  /**
   * Organisations (`o-...`) whose every account may pull: `"Principal": "*"` with `StringEquals`
   * on `aws:PrincipalOrgID`. Grants of several organisations with the same repositories share
   * one statement.
   */
  organizationIds?: string[];
  /** Accounts (12-digit ids, never the registry's own) whose principals may pull. */
  accountIds?: string[];
  /**
   * Repository name prefixes that may be pulled (`repository/<prefix>*`); at least one unless
   * `allRepositories` is true.
   */
  repositoryPrefixes?: string[];
  /** Grant every repository (`repository/*`) instead of prefixes. Default false. */
  allRepositories?: boolean;
}

/** The properties of a pull grant, in the order messages list them. */
const PULL_GRANT_KEYS = ["organizationIds", "accountIds", "repositoryPrefixes", "allRepositories"];

/**
 * Every problem with the pull grants given (`pullGrants`, a list when given) for a registry of
 * `registryAccount` (when known) under `scope`, with paths such as
 * `pullGrants[1].organizationIds[0]`. Under scope `V1` a registry policy may grant no pull action.
 */
export function checkPullGrants(
  pullGrants: unknown,
  registryAccount: string | undefined,
  scope: RegistryPolicyScope | undefined,
): Problem[] {
  if (pullGrants === undefined) {
    return [];
  }
  if (!Array.isArray(pullGrants)) {
    return [
      {
        path: "pullGrants",
        message: `must be a list of pull grants when given, got ${describe(pullGrants)}`,
      },
    ];
  }
  const problems = Array.from(pullGrants).flatMap((grant, index) =>
    checkPullGrant(grant, join("pullGrants", index), registryAccount),
  );
  if (scope === "V1" && pullGrants.length > 0) {
    problems.push({
      path: "pullGrants",
      message: `must be left out under registry policy scope V1, which accepts only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository: pulling (${PULL_ACTIONS.join(", ")}) needs scope V2, got ${pullGrants.length} ${pullGrants.length === 1 ? "grant" : "grants"}`,
    });
  }
  return problems;
}

function checkPullGrant(
  grant: unknown,
  path: string,
  registryAccount: string | undefined,
): Problem[] {
  if (!isPlainObject(grant)) {
    return [
      {
        path,
        message: `must be a pull grant: { organizationIds?, accountIds?, repositoryPrefixes | allRepositories }, got ${describe(grant)}`,
      },
    ];
  }
  // A misspelt property would otherwise be a grant silently left out.
  const problems: Problem[] = Object.keys(grant)
    .filter((key) => !PULL_GRANT_KEYS.includes(key))
    .map((key) => ({
      path: join(path, key),
      message: `is not a property of a pull grant (${PULL_GRANT_KEYS.join(", ")})`,
    }));
  const { organizationIds, accountIds } = grant;
  if (organizationIds === undefined && accountIds === undefined) {
    problems.push({
      path,
      message: "must name who may pull: organizationIds, accountIds or both, got neither",
    });
  }
  if (organizationIds !== undefined) {
    problems.push(
      ...checkNonEmptyList(
        organizationIds,
        join(path, "organizationIds"),
        "a list of AWS Organizations ids",
        "at least one organization id when given",
        checkOrganizationId,
      ),
    );
  }
  if (accountIds !== undefined) {
    problems.push(
      ...checkNonEmptyList(
        accountIds,
        join(path, "accountIds"),
        "a list of account ids",
        "at least one account id when given",
        (accountId, at) =>
          checkGranteeAccount(
            accountId,
            at,
            registryAccount,
            "its own principals pull with their identity policies alone",
          ),
      ),
    );
  }
  problems.push(...checkOptionalBoolean(grant.allRepositories, join(path, "allRepositories")));
  problems.push(...checkGrantedRepositories(grant, path));
  return problems;
}

/**
 * The generated statements of valid pull grants, packed: those to accounts, then those to
 * organisations. Grants naming the same principal are merged (the union of their prefixes, a
 * prefix a shorter one covers dropped), then packed as replication grants are.
 */
export function pullStatementParts(
  registry: RegistryLocation,
  pullGrants: readonly PullGrant[],
): GeneratedPart[] {
  const byAccount = new Map<string, Map<string, Set<string>>>();
  const byOrganization = new Map<string, Map<string, Set<string>>>();
  for (const grant of pullGrants) {
    const prefixes = grantedPrefixes(grant);
    for (const accountId of grant.accountIds ?? []) {
      addToTable(byAccount, accountId, prefixes, PULL_ACTIONS);
    }
    for (const organizationId of grant.organizationIds ?? []) {
      addToTable(byOrganization, organizationId, prefixes, PULL_ACTIONS);
    }
  }
  const parts: GeneratedPart[] = [];
  for (const [kind, table] of [
    [ACCOUNT_PULL_STATEMENTS, byAccount],
    [ORGANIZATION_PULL_STATEMENTS, byOrganization],
  ] as const) {
    if (table.size > 0) {
      const packings = packTable(
        withoutCoveredPrefixes(table),
        PULL_ACTIONS,
        statementCost(registry, kind),
      );
      parts.push({ kind, packings });
    }
  }
  return parts;
}

/**
 * What part of pull grants too large for a registry policy fits (`fits` says whether a set of pull
 * grants, with everything else of the policy, does), checked by packing it: the grants to the
 * first accounts, in account order, the organisations kept; undefined if not even one account's
 * does, or the grants name no account.
 */
export function pullGrantsThatFit(
  pullGrants: readonly PullGrant[],
  fits: (subset: readonly PullGrant[]) => boolean,
): string | undefined {
  const accounts = [...new Set(pullGrants.flatMap((g) => g.accountIds ?? []))].sort(compareStrings);
  const ofAccounts = (count: number) =>
    pullGrants.map((grant) => ({
      ...grant,
      accountIds: (grant.accountIds ?? []).filter((id) => accounts.indexOf(id) < count),
    }));
  const count = largestFitting(accounts.length, (n) => fits(ofAccounts(n)));
  if (count === 0) {
    return undefined;
  }
  return `the pull grants to the first ${count} of the ${accounts.length} accounts (in account order) fit, without ${listed(accounts.slice(count))}`;
}
