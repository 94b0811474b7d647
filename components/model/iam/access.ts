/**
 * Effective access under a registry policy: who may do what to which repositories.
 *
 * IAM semantics (IAM "policy evaluation logic"; `reference_policies_elements_*`):
 * - A statement applies to a request when its principal, action and resource all match
 *   (NotPrincipal, NotAction, NotResource: when none of the listed items match).
 * - An applicable Deny wins; otherwise an applicable Allow allows; otherwise the request is
 *   implicitly denied.
 * - Actions match case-insensitively with `*` and `?`; resource ARNs case-sensitively with `*`
 *   and `?` per colon segment, a `*` ending a segment spanning the following colons (./arn.ts).
 * - An account principal (bare id or `:root` ARN) covers every principal of that account; a user
 *   or role ARN covers only itself, and a role ARN also the role's assumed-role sessions
 *   (`arn:aws:sts::<id>:assumed-role/<role>/<session>`). A request naming only an account (bare id or `:root`) is
 *   matched by account principals, `*`, and wildcard patterns matching its `:root` ARN. A request
 *   principal `*` stands for an arbitrary unknown principal: only statements covering everyone
 *   match it.
 *
 * Conditions are not evaluated (their keys describe the request context, which a policy alone
 * does not know). They are treated conservatively:
 * - an Allow behind any Condition yields at most "maybe", never "allow";
 * - a Deny behind a Condition turns an otherwise allowed request into "maybe" (it might apply),
 *   and never makes a request "deny" on its own.
 */
import { arnMatches, REPOSITORY_NAMES, repositoryArn, repositoryPatternSuffixes } from "./arn";
import { actionMatches, ECR_ACTIONS } from "./ecr-actions";
import { MAX_FILTER_LENGTH, partitionOf, RegistryLocation } from "../core";
import { NameSet } from "./name-set";
import { NormalizedPolicy, NormalizedStatement, PrincipalSet } from "./policy-document";
import { AwsPrincipal, parseAwsPrincipal } from "./principal";

/** Allowed for sure; allowed only if some condition holds; denied (explicitly or implicitly). */
export type Decision = "allow" | "maybe" | "deny";

/** A principal and an action, in one registry. */
export interface PrincipalActionQuery {
  /**
   * A 12-digit account id, an IAM ARN (`arn:aws:iam::<id>:root|user/..|role/..`), an assumed-role
   * session (`arn:aws:sts::<id>:assumed-role/<role>/<session>`), a service principal
   * (`ecr.amazonaws.com`), or `*` for an arbitrary unknown principal.
   */
  principal: string;
  /** A concrete action, such as `ecr:ReplicateImage` (case-insensitive). */
  action: string;
  /** The registry whose policy this is. */
  registry: RegistryLocation;
}

/** One request: a principal doing an action on a repository of a registry. */
export interface AccessRequest extends PrincipalActionQuery {
  /** The repository name, such as `prod-api`. */
  repository: string;
}

/** The decision and the indices of the statements that made it. */
export interface AccessDecision {
  decision: Decision;
  /**
   * Statements behind the decision: the explicit Denies for "deny" (empty for an implicit deny),
   * the unconditional Allows for "allow"; for "maybe", the conditional statements it hinges on
   * (the conditional Denies when an unconditional Allow applies, else the conditional Allows and
   * Denies).
   */
  statements: number[];
}

/** The request principal, read once. */
interface RequestPrincipal {
  text: string;
  /** The ARN the request is matched as (`:root` for an account). */
  arn?: string;
  parsed?: AwsPrincipal;
  /** For an assumed-role session, the name of its role (`arn:...:role/[path/]<name>` covers it). */
  sessionOf?: string;
}

/**
 * An assumed-role session `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`
 * (IAM `reference_policies_elements_principal`, role session principals): what a role's requests
 * are made as. Its account's principal covers it, and so does its role's ARN, whatever the role's
 * path (the session ARN has none; role names are unique within an account).
 */
const ASSUMED_ROLE_SESSION =
  /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;

function readRequestPrincipal(text: string, registry: RegistryLocation): RequestPrincipal {
  const session = ASSUMED_ROLE_SESSION.exec(text);
  if (session !== null) {
    const [, partition, accountId, roleName] = session;
    const parsed: AwsPrincipal = {
      text,
      kind: "role",
      partition: partition as AwsPrincipal["partition"],
      accountId,
    };
    return { text, arn: text, parsed, sessionOf: roleName };
  }
  const parsed = parseAwsPrincipal(text);
  if (parsed === undefined || parsed.kind === "everyone") {
    return { text };
  }
  const partition = parsed.partition ?? partitionOf(registry.region);
  const arn =
    parsed.kind === "account" ? `arn:${partition}:iam::${parsed.accountId}:root` : parsed.text;
  return { text, arn, parsed };
}

/**
 * Policy principals read once: set-level questions ask about every statement for every
 * principal and action.
 */
const principalCache = new Map<string, AwsPrincipal | undefined>();
const PRINCIPAL_CACHE_SIZE = 1_000;

function readPolicyPrincipal(text: string): AwsPrincipal | undefined {
  if (principalCache.has(text)) {
    return principalCache.get(text);
  }
  const parsed = parseAwsPrincipal(text);
  if (principalCache.size >= PRINCIPAL_CACHE_SIZE) {
    principalCache.clear();
  }
  principalCache.set(text, parsed);
  return parsed;
}

/** True if one AWS principal of a policy covers the request principal. */
function awsPrincipalCovers(policyPrincipal: string, request: RequestPrincipal): boolean {
  if (policyPrincipal === "*") {
    return true;
  }
  if (request.parsed === undefined) {
    return policyPrincipal === request.text;
  }
  const named = readPolicyPrincipal(policyPrincipal);
  if (named === undefined) {
    // Not a valid principal (IAM allows no partial wildcards): match it as a pattern, so a
    // `arn:aws:iam::<id>:*` is not silently ignored.
    return request.arn !== undefined && arnMatches(policyPrincipal, request.arn);
  }
  if (named.kind === "account") {
    return named.accountId === request.parsed.accountId;
  }
  if (request.sessionOf !== undefined) {
    return (
      named.kind === "role" &&
      named.partition === request.parsed.partition &&
      named.accountId === request.parsed.accountId &&
      named.text.endsWith(`/${request.sessionOf}`)
    );
  }
  return named.text === request.arn;
}

/** True if a Principal/NotPrincipal set covers the request principal. */
function principalSetCovers(set: PrincipalSet, request: RequestPrincipal): boolean {
  if (set.wildcard) {
    return true;
  }
  return (
    set.aws.some((principal) => awsPrincipalCovers(principal, request)) ||
    set.service.includes(request.text)
  );
}

function principalApplies(statement: NormalizedStatement, request: RequestPrincipal): boolean {
  if (statement.principal !== undefined) {
    return principalSetCovers(statement.principal, request);
  }
  if (statement.notPrincipal !== undefined) {
    return !principalSetCovers(statement.notPrincipal, request);
  }
  return false;
}

function actionApplies(statement: NormalizedStatement, action: string): boolean {
  if (statement.action !== undefined) {
    return statement.action.some((pattern) => actionMatches(pattern, action));
  }
  if (statement.notAction !== undefined) {
    return !statement.notAction.some((pattern) => actionMatches(pattern, action));
  }
  return false;
}

function resourceApplies(statement: NormalizedStatement, arn: string): boolean {
  if (statement.resource !== undefined) {
    return statement.resource.some((pattern) => arnMatches(pattern, arn));
  }
  if (statement.notResource !== undefined) {
    return !statement.notResource.some((pattern) => arnMatches(pattern, arn));
  }
  return false;
}

function isConditional(statement: NormalizedStatement): boolean {
  return statement.condition !== undefined && Object.keys(statement.condition).length > 0;
}

/** Combines the applicable statements into a decision (see the module comment). */
function decide(applicable: readonly NormalizedStatement[]): AccessDecision {
  const indices = (filter: (s: NormalizedStatement) => boolean) =>
    applicable.filter(filter).map((s) => s.index);
  const denies = indices((s) => s.effect === "Deny" && !isConditional(s));
  if (denies.length > 0) {
    return { decision: "deny", statements: denies };
  }
  const allows = indices((s) => s.effect === "Allow" && !isConditional(s));
  const conditionalDenies = indices((s) => s.effect === "Deny" && isConditional(s));
  if (allows.length > 0) {
    return conditionalDenies.length > 0
      ? { decision: "maybe", statements: conditionalDenies }
      : { decision: "allow", statements: allows };
  }
  const conditionalAllows = indices((s) => s.effect === "Allow" && isConditional(s));
  if (conditionalAllows.length > 0) {
    return {
      decision: "maybe",
      statements: [...conditionalAllows, ...conditionalDenies].sort((a, b) => a - b),
    };
  }
  return { decision: "deny", statements: [] };
}

/** The decision of the registry policy on one request (IAM semantics, see the module comment). */
export function evaluateAccess(policy: NormalizedPolicy, request: AccessRequest): AccessDecision {
  const principal = readRequestPrincipal(request.principal, request.registry);
  const arn = repositoryArn(request.registry, request.repository);
  return decide(
    policy.statements.filter(
      (statement) =>
        principalApplies(statement, principal) &&
        actionApplies(statement, request.action) &&
        resourceApplies(statement, arn),
    ),
  );
}

/**
 * The strings after the registry's `arn:...:repository/` a statement's Resource/NotResource
 * covers, exactly; not yet limited to valid repository names (done once, on the result).
 */
function statementRepositories(
  statement: NormalizedStatement,
  registry: RegistryLocation,
): NameSet {
  const matched = (patterns: readonly string[]) =>
    NameSet.unionOf(patterns.map((pattern) => repositoryPatternSuffixes(pattern, registry)));
  if (statement.resource !== undefined) {
    return matched(statement.resource);
  }
  if (statement.notResource !== undefined) {
    return matched(statement.notResource).complement();
  }
  return NameSet.empty();
}

/** Repository names granted to a principal for an action: disjoint "allow" and "maybe" sets. */
export interface RepositoriesGranted {
  /** Names every request for is "allow". */
  allowed: NameSet;
  /** Names requests for are "maybe" (conditional); disjoint from `allowed`. */
  maybe: NameSet;
}

/**
 * Exactly which repository names of the registry the principal may use the action on: for every
 * name, `evaluateAccess` says "allow" iff it is in `allowed`, "maybe" iff in `maybe`, else "deny".
 * Names range over valid ECR names (lowercase letters, digits, `._-/`). Throws RangeError only
 * for resource patterns too complex to represent (see MAX_NAME_SET_STATES).
 */
export function repositoriesGranted(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery,
): RepositoriesGranted {
  return granted(policy, query, memoisedRepositories(query.registry));
}

/** {@link statementRepositories}, computed once per statement (they do not depend on the query). */
function memoisedRepositories(
  registry: RegistryLocation,
): (statement: NormalizedStatement) => NameSet {
  const memo = new Map<NormalizedStatement, NameSet>();
  return (statement) => {
    let names = memo.get(statement);
    if (names === undefined) {
      names = statementRepositories(statement, registry);
      memo.set(statement, names);
    }
    return names;
  };
}

function granted(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery,
  repositoriesOf: (statement: NormalizedStatement) => NameSet,
): RepositoriesGranted {
  const principal = readRequestPrincipal(query.principal, query.registry);
  const applicable = policy.statements.filter(
    (statement) => principalApplies(statement, principal) && actionApplies(statement, query.action),
  );
  const union = (effect: "Allow" | "Deny", conditional: boolean) =>
    NameSet.unionOf(
      applicable
        .filter((s) => s.effect === effect && isConditional(s) === conditional)
        .map(repositoriesOf),
    );
  const denied = union("Deny", false);
  const maybeDenied = union("Deny", true);
  const allowedUnconditionally = union("Allow", false)
    .intersection(REPOSITORY_NAMES)
    .difference(denied);
  const allowed = allowedUnconditionally.difference(maybeDenied);
  const maybe = allowedUnconditionally
    .union(union("Allow", true).intersection(REPOSITORY_NAMES).difference(denied))
    .difference(allowed);
  return { allowed, maybe };
}

/** Whether every repository name starting with a prefix is granted. */
export interface PrefixCoverage {
  /** "allow" if all are allowed, "maybe" if all are at least maybe, else "deny". */
  decision: Decision;
  /** A shortest name with the prefix that is not definitely allowed (absent when "allow"). */
  notAllowed?: string;
  /** A shortest name with the prefix that is denied (absent unless "deny"). */
  denied?: string;
}

/** The valid repository names starting with each prefix asked about (a prefix is a few states). */
const namesWithPrefix = new Map<string, NameSet>();
const NAMES_WITH_PREFIX_SIZE = 1_000;

/** The valid repository names starting with `prefix` (replication's PREFIX_MATCH), cached. */
export function repositoriesStartingWith(prefix: string): NameSet {
  let names = namesWithPrefix.get(prefix);
  if (names === undefined) {
    names = NameSet.prefix(prefix).intersection(REPOSITORY_NAMES);
    // Only prefixes a filter may hold (at most 256 characters) are kept: a hostile one is not.
    if (prefix.length > MAX_FILTER_LENGTH) {
      return names;
    }
    if (namesWithPrefix.size >= NAMES_WITH_PREFIX_SIZE) {
      namesWithPrefix.clear();
    }
    namesWithPrefix.set(prefix, names);
  }
  return names;
}

/**
 * Whether every repository name starting with `prefix` (a plain string prefix, as replication's
 * PREFIX_MATCH) is granted, with example names that are not: answers "does this policy let
 * account X replicate every repository starting with `prod-`?", Deny narrowing included.
 */
export function prefixCoverage(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery & { prefix: string },
): PrefixCoverage {
  return prefixCoverageOf(repositoriesGranted(policy, query), query.prefix);
}

/**
 * {@link prefixCoverage} over what is already known to be granted (say, computed once for many
 * prefixes): whether every repository name starting with `prefix` is in `granted`, with the
 * shortest names that are not.
 */
export function prefixCoverageOf(granted: RepositoriesGranted, prefix: string): PrefixCoverage {
  const wanted = repositoriesStartingWith(prefix);
  const notAllowed = wanted.difference(granted.allowed).example();
  if (notAllowed === undefined) {
    return { decision: "allow" };
  }
  const denied = wanted.difference(granted.allowed.union(granted.maybe)).example();
  return denied === undefined
    ? { decision: "maybe", notAllowed }
    : { decision: "deny", notAllowed, denied };
}

/** {@link prefixCoverage}'s decision alone. */
export function coversPrefix(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery & { prefix: string },
): Decision {
  return prefixCoverage(policy, query).decision;
}

/** One action granted to a principal. */
export interface ActionGrant {
  /** Canonical `ecr:Name`. */
  action: string;
  /** Every repository name it is granted on, definitely or conditionally (never empty). */
  repositories: NameSet;
  /** True if some of those names are granted only behind a condition ("maybe"). */
  conditional: boolean;
}

/** What one principal is granted. */
export interface PrincipalGrants {
  /** As named in the policy (`*` for everyone, including principals no statement names). */
  principal: string;
  /** The account, for an account, user or role principal. */
  accountId?: string;
  /** The catalogue actions granted on at least one repository, in catalogue order. */
  actions: ActionGrant[];
}

/**
 * For each AWS or service principal named in an Allow statement's Principal, plus `*` (an
 * arbitrary principal: what everyone gets, e.g. through `"Principal": "*"` or NotPrincipal), the
 * catalogue actions it is granted and on which repositories. Principals granted nothing (say,
 * every grant denied) are listed with no actions. Order: `*` first, then as named.
 */
export function grantsByPrincipal(
  policy: NormalizedPolicy,
  registry: RegistryLocation,
): PrincipalGrants[] {
  const named = new Set<string>(["*"]);
  for (const statement of policy.statements) {
    if (statement.effect === "Allow" && statement.principal !== undefined) {
      statement.principal.aws.forEach((principal) => named.add(principal));
      statement.principal.service.forEach((principal) => named.add(principal));
    }
  }
  const repositoriesOf = memoisedRepositories(registry);
  return [...named].map((principal) => {
    const actions: ActionGrant[] = [];
    for (const action of ECR_ACTIONS) {
      const query = { principal, action, registry };
      const { allowed, maybe } = granted(policy, query, repositoriesOf);
      const repositories = allowed.union(maybe);
      if (!repositories.isEmpty()) {
        actions.push({ action, repositories, conditional: !maybe.isEmpty() });
      }
    }
    const accountId = parseAwsPrincipal(principal)?.accountId;
    return accountId === undefined ? { principal, actions } : { principal, accountId, actions };
  });
}
