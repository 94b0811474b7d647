/**
 * Rendering statement shapes as the registry policy's statements: ARNs, canonical order, Sids
 * (long, or compact when only those fit), the shortest of the candidate packings, the document
 * with the extra statements, and what each part of a statement costs in characters. Three kinds
 * of generated statement share this: replication grants, pull grants to accounts and pull grants
 * to organisations (./pull-grants.ts).
 */
import {
  compareStringLists,
  compareStrings,
  isPlainObject,
  join,
  MAX_REGISTRY_POLICY_CHARS,
  partitionOf,
  POLICY_VERSION,
  Problem,
  RegistryLocation,
} from "../core";
import { repositoryArn } from "../iam";
import { StatementCost, StatementShape } from "./statement-packing";

/**
 * A generated statement granting accounts (replication, or pulling); the key order is the order in
 * the JSON.
 */
export interface ReplicationStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { AWS: string | string[] };
  Action: string[];
  Resource: string[];
}

/** The condition key naming the requesting principal's organisation (IAM global condition keys). */
export const PRINCIPAL_ORG_ID_KEY = "aws:PrincipalOrgID";

/**
 * A generated statement letting every principal of some organisations pull: everyone (`*`),
 * limited by `StringEquals` on `aws:PrincipalOrgID` (IAM user guide, "AWS global condition context
 * keys": the organisation of the requesting principal's account; a principal outside every
 * organisation lacks the key, so the condition is false for it).
 */
export interface OrganizationStatement {
  Sid: string;
  Effect: "Allow";
  Principal: "*";
  Action: string[];
  Resource: string[];
  Condition: { StringEquals: { [PRINCIPAL_ORG_ID_KEY]: string | string[] } };
}

/** Any statement the builder generates. */
export type GeneratedStatement = ReplicationStatement | OrganizationStatement;

/** A registry policy document: the generated statements, then any extra statements as given. */
export interface RegistryPolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: (GeneratedStatement | unknown)[];
}

/** What `buildRegistryPolicy` returns: the document and its compact JSON (the `policy` input). */
export interface BuiltRegistryPolicy {
  document: RegistryPolicyDocument;
  json: string;
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

/** How one kind of generated statement is written: its Sids and whom it grants to. */
export interface StatementKind {
  /** The Sid of a lone statement of this kind, and the stem of numbered ones (`<sid>1`, ...). */
  sid: string;
  /** The stem of numbered Sids when the policy fits ECR's size limit only with short Sids. */
  compactSid: string;
  /**
   * Whom a statement's principals name: accounts (`arn:<partition>:iam::<id>:root` principals) or
   * organisations (`*` limited by `aws:PrincipalOrgID`).
   */
  grantees: "accounts" | "organizations";
}

/** Replication grants: source accounts may replicate (and create repositories). */
export const REPLICATION_STATEMENTS: StatementKind = {
  sid: REPLICATION_SID,
  compactSid: COMPACT_SID,
  grantees: "accounts",
};

/** Pull grants to accounts (./pull-grants.ts); compact Sids `P1`, `P2`, ... */
export const ACCOUNT_PULL_STATEMENTS: StatementKind = {
  sid: "PullAccessCrossAccount",
  compactSid: "P",
  grantees: "accounts",
};

/** Pull grants to organisations (./pull-grants.ts); compact Sids `O1`, `O2`, ... */
export const ORGANIZATION_PULL_STATEMENTS: StatementKind = {
  sid: "PullAccessOrganization",
  compactSid: "O",
  grantees: "organizations",
};

/** The candidate packings of one kind of generated statement (see ./statement-packing.ts). */
export interface GeneratedPart {
  kind: StatementKind;
  packings: StatementShape[][];
}

/**
 * The document of the shortest packing of each part, in the parts' order, with its Sids, then the
 * extra statements (already checked): long Sids (`ReplicationAccessCrossAccount<n>`, ...), or
 * compact ones (`R<n>`, `P<n>`, `O<n>`) when only those fit.
 */
export function packedDocument(
  registry: RegistryLocation,
  parts: readonly GeneratedPart[],
  extraStatements: readonly unknown[],
): BuiltRegistryPolicy {
  const serialise = (generated: GeneratedStatement[]) => {
    const document: RegistryPolicyDocument = {
      Version: POLICY_VERSION,
      Statement: [...generated, ...extraStatements],
    };
    return { document, json: JSON.stringify(document) };
  };
  const statements = renderParts(registry, parts, false);
  const built = serialise(statements);
  if (built.json.length > MAX_REGISTRY_POLICY_CHARS && statements.length > 1) {
    // Only what fits no other way gets the short Sids R1, R2, ...
    const compact = renderParts(registry, parts, true);
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

/** The statements of every part, each the shortest of its packings, in the parts' order. */
export function renderParts(
  registry: RegistryLocation,
  parts: readonly GeneratedPart[],
  compact: boolean,
): GeneratedStatement[] {
  return parts.flatMap(({ kind, packings }) =>
    shortestRendering(registry, packings, kind, compact),
  );
}

/**
 * The statements of the packing whose JSON is shortest (on a tie the earlier packing), in
 * canonical order, a lone statement's Sid the kind's `sid`, several numbered `<sid>1`, ... (or
 * `<compactSid>1`, ... when `compact`).
 */
export function shortestRendering(
  registry: RegistryLocation,
  packings: readonly StatementShape[][],
  kind: StatementKind,
  compact = false,
): GeneratedStatement[] {
  let best: GeneratedStatement[] = [];
  let bestLength = Infinity;
  for (const shapes of packings) {
    const statements = renderStatements(registry, shapes, kind, compact);
    const length = JSON.stringify(statements).length;
    if (length < bestLength) {
      best = statements;
      bestLength = length;
    }
  }
  return best;
}

/** A kind's Principal (and Condition) for its sorted principals: ARNs, or organisation ids. */
function granteeOf(
  kind: StatementKind,
  principals: string[],
):
  Pick<OrganizationStatement, "Principal" | "Condition"> | Pick<ReplicationStatement, "Principal"> {
  const one = principals.length === 1 ? principals[0] : principals;
  return kind.grantees === "organizations"
    ? { Principal: "*", Condition: { StringEquals: { [PRINCIPAL_ORG_ID_KEY]: one } } }
    : { Principal: { AWS: one } };
}

/** Statements for shapes: sorted by principals, then actions, then resources; Sids numbered in that order. */
function renderStatements(
  registry: RegistryLocation,
  shapes: readonly StatementShape[],
  kind: StatementKind,
  compact: boolean,
): GeneratedStatement[] {
  const partition = partitionOf(registry.region);
  const unnamed = shapes
    .map((shape) => ({
      principals: shape.accounts
        .map((id) => (kind.grantees === "accounts" ? `arn:${partition}:iam::${id}:root` : id))
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
  const stem = compact ? kind.compactSid : kind.sid;
  return unnamed.map(({ principals, actions, resources }, index) => {
    const { Principal, ...condition } = granteeOf(kind, principals);
    // Key order as in the ECR user guide's examples: Sid, Effect, Principal, Action, Resource, Condition.
    return {
      Sid: unnamed.length === 1 ? kind.sid : `${stem}${index + 1}`,
      Effect: "Allow",
      Principal,
      Action: actions,
      Resource: resources,
      ...condition,
    } as GeneratedStatement;
  });
}

/** What each part of a statement of `kind` in `registry` costs in characters, with a two-digit Sid. */
export function statementCost(
  registry: RegistryLocation,
  kind: StatementKind = REPLICATION_STATEMENTS,
): StatementCost {
  const partition = partitionOf(registry.region);
  const empty = {
    Sid: `${kind.sid}00`,
    Effect: "Allow",
    ...granteeOf(kind, [""]),
    Action: [],
    Resource: [],
  };
  return {
    empty: JSON.stringify(empty).length,
    principal: (id) =>
      JSON.stringify(kind.grantees === "accounts" ? `arn:${partition}:iam::${id}:root` : id).length,
    action: (action) => JSON.stringify(action).length,
    resource: (prefix) => JSON.stringify(repositoryArn(registry, `${prefix}*`)).length,
  };
}

/** An extra statement whose Sid equals a generated statement's Sid is an error naming both. */
export function checkSidClashes(
  generated: readonly { Sid: string }[],
  extraStatements: readonly unknown[],
): Problem[] {
  const problems: Problem[] = [];
  Array.from(extraStatements).forEach((statement, index) => {
    if (!isPlainObject(statement) || typeof statement.Sid !== "string") {
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
