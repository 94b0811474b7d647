/**
 * What every grant of a registry policy is checked for, whether it lets accounts replicate
 * (./builder.ts) or pull (./pull-grants.ts): the repositories it names (prefixes, or every
 * repository) and a grantee account that is not the registry's own. One check, one message, for
 * both kinds of grant.
 */
import {
  checkAccountId,
  checkNonEmptyList,
  checkUsableRepositoryPrefix,
  describe,
  join,
  Problem,
} from "../core";

/**
 * Problems with the repositories a grant (at `path`) names: `repositoryPrefixes`, a non-empty list
 * of repository prefixes, or `allRepositories: true` and no prefixes (never "everything" by
 * omission). Whether `allRepositories` is a boolean is checked by the caller, in its order.
 */
export function checkGrantedRepositories(grant: Record<string, unknown>, path: string): Problem[] {
  const problems: Problem[] = [];
  const prefixesPath = join(path, "repositoryPrefixes");
  if (grant.allRepositories === true) {
    if (grant.repositoryPrefixes !== undefined) {
      problems.push({
        path: prefixesPath,
        message: `must be left out when allRepositories is true (every repository is granted), got ${describe(grant.repositoryPrefixes)}`,
      });
    }
    return problems;
  }
  problems.push(
    ...checkNonEmptyList(
      grant.repositoryPrefixes === undefined ? [] : grant.repositoryPrefixes,
      prefixesPath,
      "a list of repository prefixes",
      "at least one repository prefix, or set allRepositories: true to grant every repository",
      checkUsableRepositoryPrefix,
    ),
  );
  return problems;
}

/**
 * Problems with an account a grant names (at `path`): a 12-digit account id, not the registry's
 * own (`registryAccount`, when known), for which `why` says what the registry policy is not needed
 * for.
 */
export function checkGranteeAccount(
  accountId: unknown,
  path: string,
  registryAccount: string | undefined,
  why: string,
): Problem[] {
  const problems = checkAccountId(accountId, path);
  if (problems.length === 0 && accountId === registryAccount) {
    problems.push({
      path,
      message: `must not be the registry's own account, got '${registryAccount}': ${why}`,
    });
  }
  return problems;
}
