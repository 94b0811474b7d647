/**
 * The hollow pack: this pack's policies as `@pulumi/policy` sees them (the same names, kinds,
 * levels and type tags), each doing nothing. Between the floor (no policies) and our pack, it
 * splits what our pack costs into what `@pulumi/policy` 1.21 spends per policy of this shape
 * (its loop, the arguments it builds, a "not applicable" entry per tagged policy a resource
 * does not match) and what the checks themselves cost. The issue keeps the policies separate for
 * users, so this part stays whatever the checks do.
 *
 * Stack policies are hollow too, without the pack's own shortcuts (policypack/support:
 * decode-on-demand, stack-types-read): it shows what @pulumi/policy alone does with them.
 */
import * as path from "path";
import { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policypack/policies";
import { typeTagOf } from "../../policypack/support/findings";
import { writeTinyPack } from "./tiny-pack";

/** How @pulumi/policy sees one policy: its kind, level and the type tag of each validation. */
export interface PolicyShape {
  name: string;
  kind: "resource" | "stack";
  enforcementLevel?: string;
  /** One entry per validation (a list for a list of validations); null for one without a tag. */
  tags: (string | null)[];
  list: boolean;
}

function tagOf(validation: unknown): string | null {
  return typeTagOf(validation) ?? null;
}

/** The shapes of `pack`'s policies. */
export function policyShapes(pack: Policies = policies): PolicyShape[] {
  return pack.map((policy) => {
    const resource = "validateResource" in policy;
    const validation: unknown = resource
      ? (policy as ResourceValidationPolicy).validateResource
      : (policy as StackValidationPolicy).validateStack;
    return {
      name: policy.name,
      kind: resource ? "resource" : "stack",
      enforcementLevel: policy.enforcementLevel,
      tags: Array.isArray(validation) ? validation.map(tagOf) : [tagOf(validation)],
      list: Array.isArray(validation),
    };
  });
}

/** The hollow pack's program: each shape as a policy whose validations do nothing. */
export function hollowProgram(shapes: readonly PolicyShape[]): string {
  return [
    'const { PolicyPack } = require("@pulumi/policy");',
    "",
    "function nothing(tag) {",
    "  const validation = () => undefined;",
    "  if (tag !== null) validation.__pulumiType = tag;",
    "  return validation;",
    "}",
    "",
    `const shapes = ${JSON.stringify(shapes)};`,
    "const policies = shapes.map((shape) => {",
    "  const validations = shape.tags.map(nothing);",
    "  const validation = shape.list ? validations : validations[0];",
    "  const key = shape.kind === 'resource' ? 'validateResource' : 'validateStack';",
    "  return { name: shape.name, description: 'does nothing', enforcementLevel: shape.enforcementLevel, [key]: validation };",
    "});",
    'new PolicyPack("hollow", { policies });',
    "",
  ].join("\n");
}

/** The hollow pack's directory. */
export function hollowPackDir(root: string): string {
  return path.join(root, "node_modules", ".cache", "ecr-replication-bench", "hollow");
}

/** Writes the hollow pack of this pack's policies (idempotent) and returns its directory. */
export function writeHollowPack(root: string): string {
  const dir = hollowPackDir(root);
  writeTinyPack(dir, {
    name: "hollow-bench",
    description: "This pack's policies, each doing nothing",
    program: hollowProgram(policyShapes()),
  });
  return dir;
}
