/**
 * Checks the statements a user merges into a generated registry policy, with the same parser and
 * registry policy checks the policy pack uses (./registry-policy-checks.ts), reporting each problem
 * at the statement's place in `extraStatements`.
 */
import { POLICY_VERSION } from "./limits";
import { join, Problem } from "./problems";
import { RegistryLocation } from "./registry-location";
import { RegistryPolicyScope, validateRegistryPolicy } from "./registry-policy-checks";

/** Where a statement path points: `Statement[3].Action[1]` is statement 3, rest `.Action[1]`. */
const STATEMENT_PATH = /^Statement\[(\d+)\](.*)$/s;

/**
 * Every problem of the extra statements once placed after `generated` in one document, at
 * `extraStatements[i]...`. Problems of the document as a whole (its size) are left to the caller,
 * which knows what made it large; Sid clashes with the generated statements too (the caller
 * names both statements), given as `clashingSids` indices of extra statements.
 */
export function checkExtraStatements(
  generated: readonly unknown[],
  extraStatements: readonly unknown[],
  registry: RegistryLocation,
  scope: RegistryPolicyScope,
  clashingSids: ReadonlySet<number>,
): Problem[] {
  const { problems } = validateRegistryPolicy(
    { Version: POLICY_VERSION, Statement: [...generated, ...extraStatements] },
    { registry, scope },
  );
  const placed: Problem[] = [];
  for (const problem of problems) {
    const match = STATEMENT_PATH.exec(problem.path);
    if (match === null) {
      continue; // a document-level problem: the size, reported by the builder
    }
    const index = Number(match[1]) - generated.length;
    if (index < 0) {
      // Generated statements are correct by construction; a problem here is a builder bug.
      throw new Error(
        `generated registry policy statement refused: ${problem.path}: ${problem.message}`,
      );
    }
    const path = `${join("extraStatements", index)}${match[2]}`;
    if (clashingSids.has(index) && path === join(join("extraStatements", index), "Sid")) {
      continue;
    }
    // Messages may name other statements by their place in the document: name extras by theirs.
    const message = problem.message.replace(/\bStatement\[(\d+)\]/g, (text, k: string) =>
      Number(k) >= generated.length ? join("extraStatements", Number(k) - generated.length) : text,
    );
    placed.push({ path, message });
  }
  return placed;
}
