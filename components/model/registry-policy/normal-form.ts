/**
 * A registry policy rewritten into the normal form {@link checkRegistryPolicyNormalForm} asks for,
 * changing nothing of what it means: the remediation of the policy pack's
 * ecr-registry-policy-normal-form. Two rewrites only, both meaning-preserving:
 * - a bare account id principal (`"111111111111"`) becomes its `:root` ARN in the registry's
 *   partition (`arn:aws-cn:iam::111111111111:root`): both name every principal of that account
 *   (IAM `reference_policies_elements_principal`, "AWS account principals");
 * - a Sid that is not letters and digits, or repeats an earlier statement's Sid, is renamed to a
 *   unique one of letters and digits: a Sid is only a label, no part of how IAM evaluates a
 *   policy (IAM `reference_policies_elements_sid`).
 * Nothing else of the document changes (key order, other values, statements without a Sid).
 */
import { isPlainObject, Partition, Problem, SID_PATTERN } from "../core";
import {
  NormalizedPolicy,
  NormalizedStatement,
  parseAwsPrincipal,
  parseRegistryPolicy,
} from "../iam";
import { checkRegistryPolicy, checkRegistryPolicyNormalForm } from "./checks";

/** What a registry policy is rewritten against. */
export interface NormalFormOptions {
  /**
   * The partition of the registry the policy belongs to, which a bare account id's ARN is written
   * in. Without it a document with a bare account id is not rewritten at all: guessing `aws` would
   * name another account in a China or GovCloud registry.
   */
  partition?: Partition;
}

/** The name a Sid with no letter or digit at all is given (then numbered like any clash). */
const EMPTY_SID_BASE = "Statement";

/** The AWS principals of a statement's Principal and NotPrincipal, as written. */
function awsPrincipals(statement: NormalizedStatement): string[] {
  return [...(statement.principal?.aws ?? []), ...(statement.notPrincipal?.aws ?? [])];
}

/** True if the principal is a bare 12-digit account id. */
function isBareAccountId(principal: string): boolean {
  const parsed = parseAwsPrincipal(principal);
  return parsed?.kind === "account" && parsed.partition === undefined;
}

/**
 * The Sids in normal form, by statement (undefined where a statement has none). A Sid of letters
 * and digits keeps its first use; every other Sid loses its other characters (`stis-1` ->
 * `stis1`; none left: `Statement`) and, when that is taken, gets the first number from 2 that
 * makes it unique (the second `ReplicationAccessCrossAccount` -> `ReplicationAccessCrossAccount2`).
 * Kept Sids are reserved first, so a new Sid never takes one a later statement already has.
 */
export function normalSids(sids: readonly (string | undefined)[]): (string | undefined)[] {
  const used = new Set<string>();
  const kept = sids.map((sid) => {
    if (sid === undefined || !SID_PATTERN.test(sid) || used.has(sid)) {
      return false;
    }
    used.add(sid);
    return true;
  });
  return sids.map((sid, index) => {
    if (sid === undefined || kept[index]) {
      return sid;
    }
    const base = sid.replace(/[^A-Za-z0-9]/g, "") || EMPTY_SID_BASE;
    let candidate = base;
    for (let number = 2; used.has(candidate); number++) {
      candidate = `${base}${number}`;
    }
    used.add(candidate);
    return candidate;
  });
}

/** Rewrites the bare account ids of a Principal or NotPrincipal's `AWS` (string or list) in place. */
function rewriteAccountPrincipals(element: unknown, partition: Partition): void {
  if (!isPlainObject(element) || !Object.prototype.hasOwnProperty.call(element, "AWS")) {
    return;
  }
  const toArn = (principal: string) =>
    isBareAccountId(principal) ? `arn:${partition}:iam::${principal}:root` : principal;
  const aws = element.AWS;
  element.AWS = typeof aws === "string" ? toArn(aws) : (aws as string[]).map(toArn);
}

/** Problems of `after` that `before` did not have (compared by path and message). */
function introduced(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const known = new Set(before.map((problem) => `${problem.path}\n${problem.message}`));
  return after.filter((problem) => !known.has(`${problem.path}\n${problem.message}`));
}

/** The parsed policy, if it reads without any structural problem. */
function readCleanly(input: unknown): NormalizedPolicy | undefined {
  const { policy, problems } = parseRegistryPolicy(input);
  return problems.length === 0 ? policy : undefined;
}

/**
 * The registry policy (JSON text or object) rewritten into normal form (see the module comment),
 * as a fresh JSON object with the document's key order and every other value as parsed; undefined
 * when nothing needs rewriting or when it cannot be done safely: the document does not read
 * cleanly (any structural problem, a Sid that is not a string included), an AWS principal is none
 * of the accepted forms, a bare account id needs a partition none was given for, or the rewritten
 * policy would have a problem the original did not (such as growing past the size limit) or still
 * not be in normal form. All or nothing: a result has no normal-form problem at all.
 */
export function toNormalForm(
  input: unknown,
  options: NormalFormOptions = {},
): Record<string, unknown> | undefined {
  const policy = readCleanly(input);
  if (policy === undefined || checkRegistryPolicyNormalForm(policy).length === 0) {
    return undefined;
  }
  const principals = policy.statements.flatMap(awsPrincipals);
  if (principals.some((principal) => parseAwsPrincipal(principal) === undefined)) {
    return undefined;
  }
  const { partition } = options;
  if (partition === undefined && principals.some(isBareAccountId)) {
    return undefined;
  }

  // A fresh copy in the document's own key order: the text parsed, or the object's JSON.
  const document = JSON.parse(policy.text) as Record<string, unknown>;
  const statement = document.Statement;
  const statements = (isPlainObject(statement) ? [statement] : statement) as Record<
    string,
    unknown
  >[];
  const sids = normalSids(statements.map((item) => item.Sid as string | undefined));
  statements.forEach((item, index) => {
    if (sids[index] !== undefined) {
      item.Sid = sids[index];
    }
    if (partition !== undefined) {
      rewriteAccountPrincipals(item.Principal, partition);
      rewriteAccountPrincipals(item.NotPrincipal, partition);
    }
  });

  const rewritten = readCleanly(document);
  if (
    rewritten === undefined ||
    checkRegistryPolicyNormalForm(rewritten).length > 0 ||
    introduced(checkRegistryPolicy(policy), checkRegistryPolicy(rewritten)).length > 0
  ) {
    return undefined;
  }
  return document;
}
