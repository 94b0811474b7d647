/**
 * Checks the extra statements a user merges into a generated registry policy.
 * TEMPORARY: only checks actions until engineer A's policy parser and checks land.
 */
import { expandActionPattern } from "./ecr-actions";
import { describe, join, Problem } from "./problems";
import { isRecord, RegistryLocation } from "./registry-location";

/** Every problem with the extra statements, at `extraStatements[i]...`. */
export function checkExtraStatements(
  extraStatements: readonly unknown[],
  _registry: RegistryLocation,
): Problem[] {
  const problems: Problem[] = [];
  extraStatements.forEach((statement, index) => {
    const path = join("extraStatements", index);
    if (!isRecord(statement)) {
      problems.push({
        path,
        message: `must be a policy statement object, got ${describe(statement)}`,
      });
      return;
    }
    const actions = typeof statement.Action === "string" ? [statement.Action] : statement.Action;
    if (Array.isArray(actions)) {
      actions.forEach((action, actionIndex) => {
        if (typeof action !== "string" || expandActionPattern(action).length === 0) {
          problems.push({
            path:
              typeof statement.Action === "string"
                ? join(path, "Action")
                : join(join(path, "Action"), actionIndex),
            message: `must name an ECR action, got ${describe(action)}`,
          });
        }
      });
    }
  });
  return problems;
}
