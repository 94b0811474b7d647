/**
 * Rendering statement shapes as the registry policy's statements: ARNs, canonical order, Sids
 * (long, or compact when only those fit), the shortest of the candidate packings, the document
 * with the extra statements, and what each part of a statement costs in characters.
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

/**
 * The document of the shortest packing with its Sids, then the extra statements (already
 * checked): `ReplicationAccessCrossAccount<n>` Sids, or `R<n>` ones when only those fit.
 */
export function packedDocument(
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
 * The statements of the packing whose JSON is shortest (on a tie the earlier packing), in
 * canonical order, a lone statement's Sid {@link REPLICATION_SID}, several numbered `<sid>1`, ...
 */
export function shortestRendering(
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
export function statementCost(registry: RegistryLocation): StatementCost {
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

/** An extra statement whose Sid equals a generated statement's Sid is an error naming both. */
export function checkSidClashes(
  generated: readonly ReplicationStatement[],
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
