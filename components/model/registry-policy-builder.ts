/**
 * Builds a destination registry's permissions policy (the registry policy) that lets other
 * accounts replicate into it, from typed grants: ARN principals, exact prefix scoping, the
 * registry's partition, unique Sids, within ECR's size limit, byte-identical for the same grants.
 */
import {
  CREATE_REPOSITORY_ACTION,
  MAX_REGISTRY_POLICY_CHARS,
  partitionOf,
  POLICY_VERSION,
  REPLICATE_ACTION,
} from "./limits";
import { repositoryArn } from "./arn";
import { checkAccountId, checkRepositoryPrefix } from "./identifiers";
import { describe, join, Problem, ValidationError } from "./problems";
import { checkExtraStatements } from "./extra-statements";
import { RegistryPolicyScope } from "./registry-policy-checks";
import {
  checkNonEmptyList,
  checkOptionalBoolean,
  checkRegistryLocation,
  compareStringLists,
  compareStrings,
  isRecord,
  RegistryLocation,
} from "./registry-location";

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

/** A statement this builder generates; the key order is the order in the JSON. */
export interface ReplicationStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { AWS: string | string[] };
  Action: string[];
  Resource: string[];
}

/** A registry policy document: the generated statements, then any extra statements as given. */
export interface RegistryPolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: (ReplicationStatement | unknown)[];
}

/** What {@link buildRegistryPolicy} returns: the document and its compact JSON (the `policy` input). */
export interface BuiltRegistryPolicy {
  document: RegistryPolicyDocument;
  json: string;
}

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
 * The Sid of the single generated statement, as in the ECR user guide's registry policy examples.
 * With several statements they are numbered `ReplicationAccessCrossAccount1`, `...2`, ... in the
 * document's canonical statement order (sorted by principals, then actions, then resources), so
 * Sids are distinct, alphanumeric, and do not change when the grants are given in another order.
 */
export const REPLICATION_SID = "ReplicationAccessCrossAccount";

/** The prefix meaning "every repository" (`repository/*`) in the normalised grants. */
const ALL_REPOSITORIES = "";

/**
 * The registry policy letting each grant's account replicate into `registry`, or a
 * {@link ValidationError} listing every problem with its path (`sources[1].accountId`,
 * `extraStatements[0].Action[1]`).
 *
 * Statement `k` grants its principals (`arn:<partition>:iam::<id>:root`) its actions on
 * `arn:<partition>:ecr:<region>:<registry account>:repository/<prefix>*` for each prefix. Accounts
 * whose merged grants have the same actions on the same prefixes share a statement. Principal.AWS
 * is a string for one account and a sorted list for several; Action and Resource are sorted lists.
 */
export function buildRegistryPolicy(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
  options: RegistryPolicyOptions = {},
): BuiltRegistryPolicy {
  const inputProblems = checkRegistryGrants(registry, grants);
  const extraStatements = options.extraStatements ?? [];
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
  const statements = generateStatements(registry, grants);
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
  const document: RegistryPolicyDocument = {
    Version: POLICY_VERSION,
    Statement: [...statements, ...extraStatements],
  };
  const json = JSON.stringify(document);
  if (json.length > MAX_REGISTRY_POLICY_CHARS) {
    const problem = {
      path: "sources",
      message: `make a registry policy of ${json.length} characters, over ECR's limit of ${MAX_REGISTRY_POLICY_CHARS} (PutRegistryPolicy): use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements`,
    };
    throw new ValidationError([problem], "invalid registry policy");
  }
  return { document, json };
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
  grants.forEach((grant, index) => {
    problems.push(...checkGrant(grant, join("sources", index), registryAccount));
  });
  return problems;
}

function checkGrant(grant: unknown, path: string, registryAccount: string | undefined): Problem[] {
  if (!isRecord(grant)) {
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
  const listProblems = checkNonEmptyList(
    grant.repositoryPrefixes ?? [],
    prefixesPath,
    "a list of repository prefixes",
    "at least one repository prefix, or set allRepositories: true to grant every repository",
  );
  problems.push(...listProblems);
  if (listProblems.length === 0) {
    (grant.repositoryPrefixes as unknown[]).forEach((prefix, index) => {
      problems.push(...checkRepositoryPrefix(prefix, join(prefixesPath, index)));
    });
  }
  return problems;
}

/** The generated statements, in canonical order, with their Sids. */
function generateStatements(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): ReplicationStatement[] {
  const partition = partitionOf(registry.region);
  // Accounts with the same actions on the same prefixes share a statement.
  const principalsByScope = new Map<
    string,
    { actions: string[]; prefixes: string[]; accounts: string[] }
  >();
  for (const [accountId, actionsByPrefix] of mergeGrantsByAccount(grants)) {
    for (const { actions, prefixes } of groupPrefixesByActions(actionsByPrefix)) {
      const key = JSON.stringify([actions, prefixes]);
      const scope = principalsByScope.get(key) ?? { actions, prefixes, accounts: [] };
      scope.accounts.push(accountId);
      principalsByScope.set(key, scope);
    }
  }
  const unnamed = [...principalsByScope.values()].map(({ actions, prefixes, accounts }) => {
    const principals = accounts
      .map((id) => `arn:${partition}:iam::${id}:root`)
      .sort(compareStrings);
    const resources = prefixes
      .map((prefix) => repositoryArn(registry, `${prefix}*`))
      .sort(compareStrings);
    return { principals, actions, resources };
  });
  unnamed.sort(
    (a, b) =>
      compareStringLists(a.principals, b.principals) ||
      compareStringLists(a.actions, b.actions) ||
      compareStringLists(a.resources, b.resources),
  );
  return unnamed.map(({ principals, actions, resources }, index) => ({
    Sid: unnamed.length === 1 ? REPLICATION_SID : `${REPLICATION_SID}${index + 1}`,
    Effect: "Allow",
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: actions,
    Resource: resources,
  }));
}

/**
 * Per account, the actions granted on each prefix (`""` for every repository), merged over all
 * grants of that account, without prefixes a shorter prefix already grants the same actions on.
 */
function mergeGrantsByAccount(
  grants: readonly RegistryGrant[],
): Map<string, Map<string, Set<string>>> {
  const byAccount = new Map<string, Map<string, Set<string>>>();
  for (const grant of grants) {
    const actionsByPrefix = byAccount.get(grant.accountId) ?? new Map<string, Set<string>>();
    const actions =
      grant.allowCreateRepository === false
        ? [REPLICATE_ACTION]
        : [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION];
    const prefixes =
      grant.allRepositories === true ? [ALL_REPOSITORIES] : (grant.repositoryPrefixes ?? []);
    for (const prefix of prefixes) {
      const granted = actionsByPrefix.get(prefix) ?? new Set<string>();
      actions.forEach((action) => granted.add(action));
      actionsByPrefix.set(prefix, granted);
    }
    byAccount.set(grant.accountId, actionsByPrefix);
  }
  for (const actionsByPrefix of byAccount.values()) {
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
  return byAccount;
}

/** One account's prefixes grouped by identical action sets; actions and prefixes sorted. */
function groupPrefixesByActions(
  actionsByPrefix: Map<string, Set<string>>,
): { actions: string[]; prefixes: string[] }[] {
  const groups = new Map<string, { actions: string[]; prefixes: string[] }>();
  for (const [prefix, actionSet] of actionsByPrefix) {
    const actions = [...actionSet].sort(compareStrings);
    const key = actions.join(",");
    const group = groups.get(key) ?? { actions, prefixes: [] };
    group.prefixes.push(prefix);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ actions, prefixes }) => ({
    actions,
    prefixes: prefixes.sort(compareStrings),
  }));
}

/** An extra statement whose Sid equals a generated statement's Sid is an error naming both. */
function checkSidClashes(
  generated: readonly ReplicationStatement[],
  extraStatements: readonly unknown[],
): Problem[] {
  const problems: Problem[] = [];
  extraStatements.forEach((statement, index) => {
    if (!isRecord(statement) || typeof statement.Sid !== "string") {
      return;
    }
    const clash = generated.findIndex(({ Sid }) => Sid === statement.Sid);
    if (clash >= 0) {
      problems.push({
        path: join(join("extraStatements", index), "Sid"),
        message: `must differ from the Sid of generated statement Statement[${clash}], got '${statement.Sid}' (Sids must be unique within a policy)`,
      });
    }
  });
  return problems;
}
