/**
 * Checks the statements a user merges into a generated registry policy, with the same parser and
 * registry policy checks the policy pack uses (./checks.ts), reporting each problem
 * at the statement's place in `extraStatements`. Normal form included: the pack only advises on a
 * Sid's characters and uniqueness and on bare account principals (ECR accepts them), but what a
 * component emits is always in normal form, so here they are refused.
 */
import { join, POLICY_VERSION, Problem, RegistryLocation } from "../core";
import { RegistryPolicyScope, validateRegistryPolicy } from "./checks";

/** A statement reference in a path or message: `Statement[3]`. */
const STATEMENT_REFERENCE = /\bStatement\[(\d+)\]/g;

/**
 * Every problem of the extra statements, checked as a policy of their own (so against each other,
 * not against the generated statements: Sid clashes with those are the builder's to report), at
 * `extraStatements[i]...`; a problem of the whole (one that JSON cannot represent, or their size
 * alone over the limit) at `extraStatements`.
 */
export function checkExtraStatements(
  extraStatements: readonly unknown[],
  registry: RegistryLocation,
  scope: RegistryPolicyScope,
): Problem[] {
  if (extraStatements.length === 0) {
    return []; // nothing to check (and a policy of no statements is itself refused)
  }
  const { problems } = validateRegistryPolicy(
    { Version: POLICY_VERSION, Statement: extraStatements },
    { registry, scope },
  );
  const toExtra = (text: string): string =>
    text.replace(STATEMENT_REFERENCE, (_, index: string) => join("extraStatements", Number(index)));
  return problems.map(({ path, message }) => ({
    path: path === "" ? "extraStatements" : toExtra(path),
    message: toExtra(message),
  }));
}
