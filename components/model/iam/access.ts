/**
 * Effective access under a registry policy: who may do what to which repositories, decided for
 * one request (`evaluateAccess`), for every repository name at once (`repositoriesGranted`, the
 * same rule over name sets), and for every principal the policy names (`grantsByPrincipal`).
 *
 * IAM semantics (IAM "policy evaluation logic"; `reference_policies_elements_*`):
 * - A statement applies to a request when its principal, action and resource all match
 *   (NotPrincipal, NotAction, NotResource: when none of the listed items match); how each is
 *   matched is ./statement-matching.ts.
 * - An applicable Deny wins; otherwise an applicable Allow allows; otherwise the request is
 *   implicitly denied.
 *
 * Conditions describe the request context, which a policy alone does not know. A query may say
 * what its kind of request is known to carry (`context`, such as ./request-context.ts
 * `REPLICATION_REQUEST`): a Condition decided by keys the request lacks holds always or never
 * (IAM's rules for a missing key), so its statement is unconditional or does not apply. Every
 * other Condition (all of them without a context) is undecided and treated conservatively:
 * - an Allow behind it yields at most "maybe", never "allow";
 * - a Deny behind it turns an otherwise allowed request into "maybe" (it might apply), and never
 *   makes a request "deny" on its own.
 */
import { REPOSITORY_NAMES, repositoryArn } from "./arn";
import { ECR_ACTIONS } from "./ecr-actions";
import { RegistryLocation } from "../core";
import { NameSet } from "./name-set";
import { NormalizedPolicy, NormalizedStatement } from "./policy-document";
import { parseAwsPrincipal } from "./principal";
import { judgeCondition, RequestContext } from "./request-context";
import {
  actionApplies,
  memoisedRepositories,
  principalApplies,
  readRequestPrincipal,
  resourceApplies,
} from "./statement-matching";

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
  /**
   * What this kind of request is known to carry, such as `REPLICATION_REQUEST`: conditions on
   * keys it lacks are decided (./request-context.ts). Default: nothing is known, so every
   * condition is undecided.
   */
  context?: RequestContext;
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
  /**
   * Statements whose principal, action and resource match but whose Condition never holds in the
   * request's context, so they do not apply; absent when there are none.
   */
  notApplying?: number[];
}

/** A statement's Condition for a context: never, always, or undecided (./request-context.ts). */
function conditionFor(
  context: RequestContext | undefined,
): (statement: NormalizedStatement) => "always" | "never" | "unknown" {
  return (statement) => judgeCondition(statement.condition, context).holds;
}

/** Combines the matching statements into a decision (see the module comment). */
function decide(
  matching: readonly NormalizedStatement[],
  context: RequestContext | undefined,
): AccessDecision {
  const holds = conditionFor(context);
  const notApplying = matching.filter((s) => holds(s) === "never").map((s) => s.index);
  const decision = decideApplicable(
    matching.filter((s) => holds(s) !== "never"),
    (s) => holds(s) === "unknown",
  );
  return notApplying.length > 0 ? { ...decision, notApplying } : decision;
}

/** {@link decide} over the statements that may apply, `isConditional` saying which are undecided. */
function decideApplicable(
  applicable: readonly NormalizedStatement[],
  isConditional: (statement: NormalizedStatement) => boolean,
): AccessDecision {
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
    request.context,
  );
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

/**
 * A key that two queries share only if `repositoriesGranted` answers them alike on `policy`: the
 * principal as statements match it (an AWS principal by its ARN, so `111111111111` and
 * `arn:aws:iam::111111111111:root` are one key in an `aws` registry; anything else by its text),
 * the action as matched (case-insensitive), the registry, and the request context only if some
 * statement has a Condition (no Condition holds always, whatever the context). Lets a cache answer
 * the route analysis's replication requests with what the registry policy checks already asked.
 */
export function grantQueryKey(policy: NormalizedPolicy, query: PrincipalActionQuery): string {
  const principal = readRequestPrincipal(query.principal, query.registry);
  const matchedAs =
    principal.parsed === undefined ? ["text", principal.text] : ["aws", principal.arn];
  const conditional = policy.statements.some((statement) => statement.condition !== undefined);
  const { accountId, region } = query.registry;
  return JSON.stringify([
    ...matchedAs,
    query.action.toLowerCase(),
    accountId,
    region,
    conditional ? (query.context ?? null) : null,
  ]);
}

/**
 * `decide` over name sets: the names "allow" and "maybe" for the query, each statement's names
 * from `repositoriesOf` (one memo shared by every query of `grantsByPrincipal`).
 */
function granted(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery,
  repositoriesOf: (statement: NormalizedStatement) => NameSet,
): RepositoriesGranted {
  const principal = readRequestPrincipal(query.principal, query.registry);
  const holds = conditionFor(query.context);
  const applicable = policy.statements.filter(
    (statement) =>
      principalApplies(statement, principal) &&
      actionApplies(statement, query.action) &&
      holds(statement) !== "never",
  );
  const union = (effect: "Allow" | "Deny", conditional: boolean) =>
    NameSet.unionOf(
      applicable
        .filter((s) => s.effect === effect && (holds(s) === "unknown") === conditional)
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
