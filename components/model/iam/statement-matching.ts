/**
 * Whether one statement of a registry policy applies to a request: its principal, action and
 * resource matched as IAM matches them (IAM "policy evaluation logic";
 * `reference_policies_elements_*`), and whether it stands behind a condition. What the applicable
 * statements decide together is ./access.ts.
 *
 * - A statement applies to a request when its principal, action and resource all match
 *   (NotPrincipal, NotAction, NotResource: when none of the listed items match).
 * - Actions match case-insensitively with `*` and `?`; resource ARNs case-sensitively with `*`
 *   and `?` per colon segment, a `*` ending a segment spanning the following colons (./arn.ts).
 *   A resource matches one ARN (`resourceApplies`) or, for every name at once, the set of
 *   repository names it covers (`memoisedRepositories`).
 * - An account principal (bare id or `:root` ARN) covers every principal of that account; a user
 *   or role ARN covers only itself, and a role ARN also the role's assumed-role sessions
 *   (`arn:aws:sts::<id>:assumed-role/<role>/<session>`). A request naming only an account (bare id or `:root`) is
 *   matched by account principals, `*`, and wildcard patterns matching its `:root` ARN. A request
 *   principal `*` stands for an arbitrary unknown principal: only statements covering everyone
 *   match it.
 */
import { arnMatches, repositoryPatternSuffixes } from "./arn";
import { actionMatches } from "./ecr-actions";
import { partitionOf, RecentAnswers, RegistryLocation } from "../core";
import { NameSet } from "./name-set";
import { NormalizedStatement, PrincipalSet } from "./policy-document";
import { AwsPrincipal, parseAwsPrincipal } from "./principal";

/** The request principal, read once (`readRequestPrincipal`). */
export interface RequestPrincipal {
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

/** Reads a request principal once, for every statement it is matched against. */
export function readRequestPrincipal(text: string, registry: RegistryLocation): RequestPrincipal {
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
const principalAnswers = new RecentAnswers<AwsPrincipal | undefined>(1_000);
/**
 * Longer texts are read each time rather than kept (a hostile megabyte principal must not stay in
 * memory): a valid principal ARN is far shorter (IAM: a role name 64 characters, its path 512).
 */
const MAX_CACHED_PRINCIPAL_CHARS = 2_048;

function readPolicyPrincipal(text: string): AwsPrincipal | undefined {
  return text.length > MAX_CACHED_PRINCIPAL_CHARS
    ? parseAwsPrincipal(text)
    : principalAnswers.answer(text, () => parseAwsPrincipal(text));
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
  // A `Service` entry names a service, never an account, user or role (IAM
  // reference_policies_elements_principal: the element's key says the kind): an AWS request
  // principal is not covered by one, even one spelling its account id.
  return (
    set.aws.some((principal) => awsPrincipalCovers(principal, request)) ||
    (request.parsed === undefined && set.service.includes(request.text))
  );
}

/** True if the statement's Principal (or NotPrincipal) covers the request principal. */
export function principalApplies(
  statement: NormalizedStatement,
  request: RequestPrincipal,
): boolean {
  if (statement.principal !== undefined) {
    return principalSetCovers(statement.principal, request);
  }
  if (statement.notPrincipal !== undefined) {
    return !principalSetCovers(statement.notPrincipal, request);
  }
  return false;
}

/** True if the statement's Action (or NotAction) matches the action. */
export function actionApplies(statement: NormalizedStatement, action: string): boolean {
  if (statement.action !== undefined) {
    return statement.action.some((pattern) => actionMatches(pattern, action));
  }
  if (statement.notAction !== undefined) {
    return !statement.notAction.some((pattern) => actionMatches(pattern, action));
  }
  return false;
}

/** True if the statement's Resource (or NotResource) matches the repository ARN. */
export function resourceApplies(statement: NormalizedStatement, arn: string): boolean {
  if (statement.resource !== undefined) {
    return statement.resource.some((pattern) => arnMatches(pattern, arn));
  }
  if (statement.notResource !== undefined) {
    return !statement.notResource.some((pattern) => arnMatches(pattern, arn));
  }
  return false;
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

/** {@link statementRepositories}, computed once per statement (they do not depend on the query). */
export function memoisedRepositories(
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
