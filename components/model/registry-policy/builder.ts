/**
 * Builds a destination registry's permissions policy (the registry policy) that lets other
 * accounts replicate into it, from typed grants: the entry points and the validation of their
 * input. Grants are merged in ./grant-merging.ts, packed in ./statement-packing.ts, rendered in
 * ./rendering.ts; ./what-fits.ts says what part of too large a policy fits. The result has ARN
 * principals, exact prefix scoping, the registry's partition, unique Sids, stays within ECR's
 * size limit, and is byte-identical for the same grants.
 */
import {
  checkAccountId,
  checkNonEmptyList,
  checkOptionalBoolean,
  checkRegistryLocation,
  checkRepositoryPrefix,
  describe,
  isPlainObject,
  join,
  MAX_REGISTRY_POLICY_CHARS,
  POLICY_VERSION,
  Problem,
  RegistryLocation,
  ValidationError,
} from "../core";
import { RegistryPolicyScope } from "./checks";
import { checkExtraStatements } from "./extra-statements";
import { packStatements, RegistryGrant } from "./grant-merging";
import {
  BuiltRegistryPolicy,
  checkSidClashes,
  COMPACT_SID,
  packedDocument,
  REPLICATION_SID,
  shortestRendering,
} from "./rendering";
import { whatFits } from "./what-fits";

// The builder's input and output, defined beside the code they describe, named here for callers.
export type { RegistryGrant } from "./grant-merging";
export type {
  BuiltRegistryPolicy,
  RegistryPolicyDocument,
  ReplicationStatement,
} from "./rendering";
export { COMPACT_SID, REPLICATION_SID } from "./rendering";

/** Options of {@link buildRegistryPolicy}. */
export interface RegistryPolicyOptions {
  /**
   * Statements appended after the generated ones, as written. Each is checked like any registry
   * policy statement (problems at `extraStatements[i]...`); a Sid equal to a generated one is an error.
   */
  extraStatements?: unknown[];
  /**
   * The registry's policy scope (account setting `REGISTRY_POLICY_SCOPE`): under `V1` extra
   * statements may use only `ecr:ReplicateImage`, `ecr:BatchImportUpstreamImage` and
   * `ecr:CreateRepository`. Default `V2`, the default for new accounts since December 2024.
   */
  scope?: RegistryPolicyScope;
}

/**
 * The registry policy letting each grant's account replicate into `registry`, or a
 * {@link ValidationError} listing every problem with its path (`sources[1].accountId`,
 * `extraStatements[0].Action[1]`).
 *
 * Statement `k` grants its principals (`arn:<partition>:iam::<id>:root`) its actions on
 * `arn:<partition>:ecr:<region>:<registry account>:repository/<prefix>*` for each prefix.
 * Principal.AWS is a string for one account and a sorted list for several; Action and Resource
 * are sorted lists; the JSON is compact.
 *
 * Packed into as few characters as found without granting anything extra: the shortest of
 * (1) accounts with identical (actions, prefixes) sharing a statement (the historical shape, kept
 * on a tie), (2) prefixes with identical (actions, accounts) sharing one, (3, 4) the same for each
 * action on its own, joined where accounts and prefixes agree, and (5, 6) a greedy cover by
 * statements (accounts x prefixes x actions) each of which grants only what was asked, possibly
 * overlapping, with actions factored (`ecr:ReplicateImage` alone over every prefix,
 * `ecr:CreateRepository` where also granted). See ./statement-packing.ts. Every account may then
 * do exactly the requested actions on exactly the repositories starting with its requested
 * prefixes.
 */
export function buildRegistryPolicy(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
  options: RegistryPolicyOptions = {},
): BuiltRegistryPolicy {
  const inputProblems = checkRegistryGrants(registry, grants);
  // Only undefined means "not given": null is a wrong value, refused below like any other.
  const extraStatements = options.extraStatements === undefined ? [] : options.extraStatements;
  if (!Array.isArray(extraStatements)) {
    inputProblems.push({
      path: "extraStatements",
      message: `must be a list of policy statements when given, got ${describe(extraStatements)}`,
    });
  }
  if (options.scope !== undefined && options.scope !== "V1" && options.scope !== "V2") {
    inputProblems.push({
      path: "scope",
      message: `must be 'V1' or 'V2' (the account setting REGISTRY_POLICY_SCOPE) when given, got ${describe(options.scope)}`,
    });
  }
  if (inputProblems.length > 0) {
    throw new ValidationError(inputProblems, "invalid registry policy");
  }
  const packings = packStatements(registry, grants);
  const statements = shortestRendering(registry, packings, REPLICATION_SID);
  if (statements.length === 0 && extraStatements.length === 0) {
    throw new ValidationError(
      [{ path: "sources", message: "must list at least one source account, got []" }],
      "invalid registry policy",
    );
  }
  const problems = [
    ...checkSidClashes(statements, extraStatements),
    ...checkExtraStatements(extraStatements, registry, options.scope ?? "V2"),
  ];
  if (problems.length > 0) {
    // Before serialising: a refused extra statement may not even be serialisable (a cycle).
    throw new ValidationError(problems, "invalid registry policy");
  }
  const built = packedDocument(registry, packings, extraStatements);
  if (built.json.length > MAX_REGISTRY_POLICY_CHARS) {
    const over = built.json.length - MAX_REGISTRY_POLICY_CHARS;
    const fits = whatFits(registry, grants, extraStatements);
    const problem = {
      path: "sources",
      message: `make a registry policy of ${built.json.length} characters, ${over} over ECR's limit of ${MAX_REGISTRY_POLICY_CHARS} (PutRegistryPolicy), even packed: ${fits === undefined ? "" : `${fits}; `}use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements`,
    };
    throw new ValidationError([problem], "invalid registry policy");
  }
  return built;
}

/**
 * The characters the registry policy for `grants` takes, packed as {@link buildRegistryPolicy}
 * packs it (no extra statements), even above {@link MAX_REGISTRY_POLICY_CHARS}: what a grant set
 * costs, for capacity measurements. Throws a {@link ValidationError} for invalid grants.
 */
export function registryPolicyLength(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): number {
  const problems = checkRegistryGrants(registry, grants);
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid registry policy");
  }
  const packings = packStatements(registry, grants);
  const lengthWith = (sid: string) =>
    JSON.stringify({
      Version: POLICY_VERSION,
      Statement: shortestRendering(registry, packings, sid),
    }).length;
  const named = lengthWith(REPLICATION_SID);
  return named <= MAX_REGISTRY_POLICY_CHARS ? named : Math.min(named, lengthWith(COMPACT_SID));
}

/** Every problem with the registry and the grants, with paths `registry.region`, `sources[1].accountId`. */
export function checkRegistryGrants(registry: unknown, grants: unknown): Problem[] {
  const problems = checkRegistryLocation(registry, "registry");
  const registryAccount =
    problems.length === 0 ? (registry as RegistryLocation).accountId : undefined;
  if (!Array.isArray(grants)) {
    return [
      ...problems,
      { path: "sources", message: `must be a list of source grants, got ${describe(grants)}` },
    ];
  }
  Array.from(grants).forEach((grant, index) => {
    problems.push(...checkGrant(grant, join("sources", index), registryAccount));
  });
  return problems;
}

function checkGrant(grant: unknown, path: string, registryAccount: string | undefined): Problem[] {
  if (!isPlainObject(grant)) {
    return [
      {
        path,
        message: `must be a grant: { accountId, repositoryPrefixes, allowCreateRepository? }, got ${describe(grant)}`,
      },
    ];
  }
  const problems = checkAccountId(grant.accountId, join(path, "accountId"));
  if (problems.length === 0 && grant.accountId === registryAccount) {
    problems.push({
      path: join(path, "accountId"),
      message: `must not be the registry's own account, got '${registryAccount}': replication within one account needs no registry policy`,
    });
  }
  problems.push(...checkOptionalBoolean(grant.allRepositories, join(path, "allRepositories")));
  problems.push(
    ...checkOptionalBoolean(grant.allowCreateRepository, join(path, "allowCreateRepository")),
  );
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
      checkRepositoryPrefix,
    ),
  );
  return problems;
}
