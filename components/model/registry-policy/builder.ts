/**
 * Builds a destination registry's permissions policy (the registry policy) that lets other
 * accounts replicate into it, from typed grants: ARN principals, exact prefix scoping, the
 * registry's partition, unique Sids, within ECR's size limit, byte-identical for the same grants.
 */
import {
  checkAccountId,
  checkNonEmptyList,
  checkOptionalBoolean,
  checkRegistryLocation,
  checkRepositoryPrefix,
  compareStringLists,
  compareStrings,
  CREATE_REPOSITORY_ACTION,
  describe,
  isRecord,
  join,
  listed,
  MAX_REGISTRY_POLICY_CHARS,
  partitionOf,
  POLICY_VERSION,
  Problem,
  RegistryLocation,
  REPLICATE_ACTION,
  ValidationError,
} from "../core";
import { repositoryArn } from "../iam";
import { checkExtraStatements } from "./extra-statements";
import {
  greedyRectangleCover,
  groupByAccountSet,
  groupByPrefixSet,
  groupPerAction,
  StatementCost,
  StatementShape,
} from "./statement-packing";
import { RegistryPolicyScope } from "./checks";

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
 * A policy that fits ECR's size limit only with shorter Sids gets {@link COMPACT_SID} ones.
 */
export const REPLICATION_SID = "ReplicationAccessCrossAccount";

/**
 * The Sid prefix of generated statements when the policy fits ECR's size limit only with short
 * Sids: `R1`, `R2`, ... in the same canonical order (29 characters less per statement).
 */
export const COMPACT_SID = "R";

/** The prefix meaning "every repository" (`repository/*`) in the normalised grants. */
const ALL_REPOSITORIES = "";

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
 * The document of the shortest packing with its Sids, then the extra statements (already
 * checked): `ReplicationAccessCrossAccount<n>` Sids, or `R<n>` ones when only those fit.
 */
function packedDocument(
  registry: RegistryLocation,
  packings: readonly StatementShape[][],
  extraStatements: readonly unknown[],
): BuiltRegistryPolicy {
  const serialise = (generated: ReplicationStatement[]) => {
    const document: RegistryPolicyDocument = {
      Version: POLICY_VERSION,
      Statement: [...generated, ...extraStatements],
    };
    return { document, json: JSON.stringify(document) };
  };
  const statements = shortestRendering(registry, packings, REPLICATION_SID);
  const built = serialise(statements);
  if (built.json.length > MAX_REGISTRY_POLICY_CHARS && statements.length > 1) {
    // Only what fits no other way gets the short Sids R1, R2, ...
    const compact = shortestRendering(registry, packings, COMPACT_SID);
    const compactBuilt = serialise(compact);
    if (
      checkSidClashes(compact, extraStatements).length === 0 &&
      compactBuilt.json.length < built.json.length
    ) {
      return compactBuilt;
    }
  }
  return built;
}

/**
 * What part of too many grants fits, checked by packing it: the grants of the first accounts (in
 * account order), or else the first account's first prefixes (in prefix order); undefined if not
 * even one prefix fits. The search halves the range, so it packs about log2(n) times.
 */
function whatFits(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
  extraStatements: readonly unknown[],
): string | undefined {
  const fits = (subset: readonly RegistryGrant[]) =>
    packedDocument(registry, packStatements(registry, subset), extraStatements).json.length <=
    MAX_REGISTRY_POLICY_CHARS;
  const accounts = [...new Set(grants.map((g) => g.accountId))].sort(compareStrings);
  const ofAccounts = (count: number) => grants.filter((g) => accounts.indexOf(g.accountId) < count);
  const accountCount = largestFitting(accounts.length, (count) => fits(ofAccounts(count)));
  if (accountCount > 0) {
    const left = accounts.slice(accountCount);
    return `the grants of the first ${accountCount} of the ${accounts.length} accounts (in account order) fit, without ${listed(left)}`;
  }
  const account = accounts[0];
  const own = grants.filter((g) => g.accountId === account && g.allRepositories !== true);
  const prefixes = [...new Set(own.flatMap((g) => g.repositoryPrefixes ?? []))].sort(
    compareStrings,
  );
  const ofPrefixes = (count: number) =>
    own
      .map((g) => ({
        ...g,
        repositoryPrefixes: (g.repositoryPrefixes ?? []).filter((p) => prefixes.indexOf(p) < count),
      }))
      .filter((g) => g.repositoryPrefixes.length > 0);
  const prefixCount = largestFitting(prefixes.length, (count) => fits(ofPrefixes(count)));
  if (prefixCount === 0) {
    return undefined;
  }
  return `the first ${prefixCount} of the ${prefixes.length} prefixes of account ${account} (in order, up to '${prefixes[prefixCount - 1]}') fit`;
}

/**
 * The largest count below `total` that `fits` accepts, found by halving between 0 (assumed to fit)
 * and `total` (known not to); 0 if none was found. The count returned was checked.
 */
function largestFitting(total: number, fits: (count: number) => boolean): number {
  let low = 0;
  let high = total;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return low;
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
    Array.from(grant.repositoryPrefixes as unknown[]).forEach((prefix, index) => {
      problems.push(...checkRepositoryPrefix(prefix, join(prefixesPath, index)));
    });
  }
  return problems;
}

/** The candidate packings of the grants' statements (see ./statement-packing.ts), historical first. */
function packStatements(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
): StatementShape[][] {
  const table = mergeGrantsByAccount(grants);
  const actions = [CREATE_REPOSITORY_ACTION, REPLICATE_ACTION];
  const packings = [
    groupByPrefixSet(table),
    groupByAccountSet(table),
    groupPerAction(table, actions, "prefixes"),
    groupPerAction(table, actions, "accounts"),
  ];
  for (const prefer of ["density", "size"] as const) {
    const greedy = greedyRectangleCover(table, actions, statementCost(registry), prefer);
    if (greedy !== undefined) {
      packings.push(greedy);
    }
  }
  return packings;
}

/**
 * The statements of the packing whose JSON is shortest (on a tie the earlier packing), in
 * canonical order, a lone statement's Sid {@link REPLICATION_SID}, several numbered `<sid>1`, ...
 */
function shortestRendering(
  registry: RegistryLocation,
  packings: readonly StatementShape[][],
  sid: string,
): ReplicationStatement[] {
  let best: ReplicationStatement[] = [];
  let bestLength = Infinity;
  for (const shapes of packings) {
    const statements = renderStatements(registry, shapes, sid);
    const length = JSON.stringify(statements).length;
    if (length < bestLength) {
      best = statements;
      bestLength = length;
    }
  }
  return best;
}

/** Statements for shapes: sorted by principals, then actions, then resources; Sids numbered in that order. */
function renderStatements(
  registry: RegistryLocation,
  shapes: readonly StatementShape[],
  sid: string,
): ReplicationStatement[] {
  const partition = partitionOf(registry.region);
  const unnamed = shapes
    .map((shape) => ({
      principals: shape.accounts
        .map((id) => `arn:${partition}:iam::${id}:root`)
        .sort(compareStrings),
      actions: [...shape.actions].sort(compareStrings),
      resources: shape.prefixes
        .map((prefix) => repositoryArn(registry, `${prefix}*`))
        .sort(compareStrings),
    }))
    .sort(
      (a, b) =>
        compareStringLists(a.principals, b.principals) ||
        compareStringLists(a.actions, b.actions) ||
        compareStringLists(a.resources, b.resources),
    );
  return unnamed.map(({ principals, actions, resources }, index) => ({
    Sid: unnamed.length === 1 ? REPLICATION_SID : `${sid}${index + 1}`,
    Effect: "Allow",
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: actions,
    Resource: resources,
  }));
}

/** What each part of a statement of `registry` costs in characters, with a two-digit Sid. */
function statementCost(registry: RegistryLocation): StatementCost {
  const partition = partitionOf(registry.region);
  return {
    empty: JSON.stringify({
      Sid: `${REPLICATION_SID}00`,
      Effect: "Allow",
      Principal: { AWS: "" },
      Action: [],
      Resource: [],
    }).length,
    principal: (accountId) => JSON.stringify(`arn:${partition}:iam::${accountId}:root`).length,
    action: (action) => JSON.stringify(action).length,
    resource: (prefix) => JSON.stringify(repositoryArn(registry, `${prefix}*`)).length,
  };
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

/** An extra statement whose Sid equals a generated statement's Sid is an error naming both. */
function checkSidClashes(
  generated: readonly ReplicationStatement[],
  extraStatements: readonly unknown[],
): Problem[] {
  const problems: Problem[] = [];
  Array.from(extraStatements).forEach((statement, index) => {
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
