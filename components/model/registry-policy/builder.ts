/**
 * Builds a destination registry's permissions policy (the registry policy) that lets other
 * accounts replicate into it, and optionally lets accounts and organisations pull from it
 * (./pull-grants.ts), from typed grants: the entry points and the validation of their input.
 * Grants are merged in ./grant-merging.ts, packed in ./statement-packing.ts, rendered in
 * ./rendering.ts; ./what-fits.ts says what part of too large a policy fits. The result has ARN
 * principals, exact prefix scoping, the registry's partition, unique Sids, stays within ECR's
 * size limit, and is byte-identical for the same grants.
 */
import {
  checkOptionalBoolean,
  checkRegistryLocation,
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
import { checkGrantedRepositories, checkGranteeAccount } from "./grant-checks";
import { packStatements, RegistryGrant } from "./grant-merging";
import { checkPullGrants, PullGrant, pullGrantsThatFit, pullStatementParts } from "./pull-grants";
import {
  BuiltRegistryPolicy,
  checkSidClashes,
  GeneratedPart,
  packedDocument,
  renderParts,
  REPLICATION_STATEMENTS,
  shortestRendering,
} from "./rendering";
import { whatFits } from "./what-fits";

// The builder's input and output, defined beside the code they describe, named here for callers.
export type { RegistryGrant } from "./grant-merging";
export type { PullGrant } from "./pull-grants";
export type {
  BuiltRegistryPolicy,
  GeneratedStatement,
  OrganizationStatement,
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
   * `ecr:CreateRepository`, and there may be no pull grants. Default `V2`, the default for new
   * accounts since December 2024.
   */
  scope?: RegistryPolicyScope;
  /**
   * Who else may pull which repositories (organisations through `aws:PrincipalOrgID`, accounts),
   * checked, merged, packed and measured with the replication grants (problems at
   * `pullGrants[i]...`). Default none.
   */
  pullGrants?: PullGrant[];
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
  const scopeKnown =
    options.scope === undefined || options.scope === "V1" || options.scope === "V2";
  if (!scopeKnown) {
    inputProblems.push({
      path: "scope",
      message: `must be 'V1' or 'V2' (the account setting REGISTRY_POLICY_SCOPE) when given, got ${describe(options.scope)}`,
    });
  }
  const registryAccount = isPlainObject(registry) ? registry.accountId : undefined;
  inputProblems.push(
    ...checkPullGrants(
      options.pullGrants,
      typeof registryAccount === "string" ? registryAccount : undefined,
      scopeKnown ? options.scope : undefined,
    ),
  );
  if (inputProblems.length > 0) {
    throw new ValidationError(inputProblems, "invalid registry policy");
  }
  const pullGrants = options.pullGrants ?? [];
  const replication: GeneratedPart = {
    kind: REPLICATION_STATEMENTS,
    packings: packStatements(registry, grants),
  };
  const pulls = pullStatementParts(registry, pullGrants);
  const parts = [replication, ...pulls];
  const statements = renderParts(registry, parts, false);
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
  const built = packedDocument(registry, parts, extraStatements);
  if (built.json.length > MAX_REGISTRY_POLICY_CHARS) {
    throw new ValidationError(
      [tooLarge(registry, grants, pullGrants, extraStatements, built.json.length)],
      "invalid registry policy",
    );
  }
  return built;
}

/**
 * The problem of a policy of `length` characters, over ECR's limit: at `pullGrants` when the
 * policy would fit without them (its length without them, what fits of them, and to grant
 * organisations rather than many accounts), else at `sources` (what part of the replication grants fits beside the pull grants
 * and extra statements).
 */
function tooLarge(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
  pullGrants: readonly PullGrant[],
  extraStatements: readonly unknown[],
  length: number,
): Problem {
  const over = `make a registry policy of ${length} characters, ${length - MAX_REGISTRY_POLICY_CHARS} over ECR's limit of ${MAX_REGISTRY_POLICY_CHARS} (PutRegistryPolicy), even packed`;
  const replication: GeneratedPart = {
    kind: REPLICATION_STATEMENTS,
    packings: packStatements(registry, grants),
  };
  const lengthWith = (pulls: readonly PullGrant[]) =>
    packedDocument(registry, [replication, ...pullStatementParts(registry, pulls)], extraStatements)
      .json.length;
  const without = pullGrants.length > 0 ? lengthWith([]) : length;
  if (without <= MAX_REGISTRY_POLICY_CHARS) {
    const fits = pullGrantsThatFit(
      pullGrants,
      (pulls) => lengthWith(pulls) <= MAX_REGISTRY_POLICY_CHARS,
    );
    const namesAccounts = pullGrants.some((grant) => (grant.accountIds ?? []).length > 0);
    const advice = namesAccounts
      ? "grant pull to organizations (organizationIds: one condition for all their accounts) rather than to accounts one by one, or use fewer, shorter prefixes"
      : "use fewer, shorter prefixes";
    return {
      path: "pullGrants",
      message: `${over}, ${without} without the pull grants: ${fits === undefined ? "" : `${fits}; `}${advice}`,
    };
  }
  const fits = whatFits(
    registry,
    grants,
    pullStatementParts(registry, pullGrants),
    extraStatements,
  );
  return {
    path: "sources",
    message: `${over}: ${fits === undefined ? "" : `${fits}; `}use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements`,
  };
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
  const lengthWith = (compact: boolean) =>
    JSON.stringify({
      Version: POLICY_VERSION,
      Statement: shortestRendering(registry, packings, REPLICATION_STATEMENTS, compact),
    }).length;
  const named = lengthWith(false);
  return named <= MAX_REGISTRY_POLICY_CHARS ? named : Math.min(named, lengthWith(true));
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
  const problems = checkGranteeAccount(
    grant.accountId,
    join(path, "accountId"),
    registryAccount,
    "replication within one account needs no registry policy",
  );
  problems.push(...checkOptionalBoolean(grant.allRepositories, join(path, "allRepositories")));
  problems.push(
    ...checkOptionalBoolean(grant.allowCreateRepository, join(path, "allowCreateRepository")),
  );
  return [...problems, ...checkGrantedRepositories(grant, path)];
}
