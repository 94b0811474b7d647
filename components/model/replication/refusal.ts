/**
 * The one way replication input is refused: a {@link ValidationError} whose heading names the part
 * at fault: `invalid replication source`, `invalid replication routes`, `invalid replication source
 * and routes` (or `extraStatements`, `pullGrants`).
 */
import { invalidParts, Problem, ValidationError } from "../core";

/** The top-level inputs of a replication, in the order a heading names them. */
const REPLICATION_PARTS = ["source", "routes", "extraStatements", "pullGrants"];

/** The refusal of replication input with these problems (paths rooted at the component's args). */
export function invalidReplication(problems: readonly Problem[]): ValidationError {
  return new ValidationError(
    problems,
    invalidParts("replication", REPLICATION_PARTS, problems, "routes"),
  );
}
