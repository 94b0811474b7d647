/**
 * What a check finds, and how it reaches `@pulumi/policy`: each policy is a pure function from
 * resources and config to findings; these adapters filter by type, read config with its schema
 * defaults, and report. A finding may be advisory inside a mandatory policy ("could not be
 * checked at preview", "could not be verified"): a guess must never block a deployment.
 */
import {
  Policies,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  StackValidation,
} from "@pulumi/policy";
import { formatProblems, ListStyle, Problem } from "../../components/model/core";
import { ResourceView, viewOf } from "./resource-view";

/** One finding of a check. */
export interface Finding {
  message: string;
  /** Report at advisory level whatever the policy's level. Default: the policy's level. */
  advisory?: boolean;
  /** For stack policies: the resource the finding is about. */
  urn?: string;
}

/** Policy config as a check reads it: the schema's defaults overlaid with what was configured. */
export type PolicyConfig = Record<string, unknown>;

/** A check of one resource. */
export type ResourceCheck = (resource: ResourceView, config: PolicyConfig) => Finding[];

/** A check of a whole stack. */
export type StackCheck = (resources: ResourceView[], config: PolicyConfig) => Finding[];

/** What a stack check reads: the types it views, and the one without which it finds nothing. */
export interface StackReads {
  types: readonly string[];
  onlyWith?: string;
}

/**
 * How a finding lists what it found (principals, actions): the first four, then "and N more",
 * every item joined with a comma (`listed(granted, FINDING_LIST)`).
 */
export const FINDING_LIST: ListStyle = { most: 4, lastJoin: ", " };

/** One finding per problem: `path: message`. */
export function problemFindings(problems: readonly Problem[]): Finding[] {
  return problems.map((problem) => ({ message: formatProblems([problem]) }));
}

/** The advisory said when a value a check depends on is unknown until apply. */
export function notCheckedAtPreview(what: string, unknownPaths: readonly string[]): Finding {
  return {
    message: `${what} could not be checked at preview: ${unknownPaths.join(", ")} ${unknownPaths.length === 1 ? "is" : "are"} unknown until apply`,
    advisory: true,
  };
}

/**
 * The config with every schema default filled in. The CLI fills defaults before `Configure`, but
 * a pack run without config (tests, older engines) gets `{}`: the schema stays the one source.
 */
export function withDefaults(schema: PolicyConfigSchema | undefined, config: object): PolicyConfig {
  const defaults = Object.entries(schema?.properties ?? {}).flatMap(([key, property]) =>
    property.default === undefined ? [] : [[key, property.default] as const],
  );
  return { ...Object.fromEntries(defaults), ...config };
}

/**
 * Reports findings. `@pulumi/policy` 1.21's reporter also takes a policy-info object whose
 * `enforcementLevel` overrides the policy's (`server.js`, `makeReportViolationFun`; its declared
 * type only admits a string, hence the cast). Every finding goes that way, so advisories and
 * violations read alike: the message is the finding's own text (the string form would prefix the
 * policy's description, which the diagnostic carries in its own field anyway).
 */
export function reportFindings(report: ReportViolation, findings: readonly Finding[]): void {
  for (const finding of findings) {
    const info: Record<string, string> = { message: finding.message };
    if (finding.urn !== undefined) {
      info.urn = finding.urn;
    }
    if (finding.advisory) {
      info.enforcementLevel = "advisory";
    }
    report(info as unknown as string);
  }
}

/** A check that failed unexpectedly fails closed, saying why, rather than crashing the preview. */
function internalError(error: unknown): Finding[] {
  const reason = error instanceof Error ? error.message : String(error);
  return [{ message: `could not be checked because of an internal error: ${reason}` }];
}

/**
 * A resource validation for one type token: other types are skipped before any work (the token is
 * attached as `__pulumiType`, which `@pulumi/policy`'s server reads to skip them early).
 */
export function checkResourcesOfType(
  type: string,
  schema: PolicyConfigSchema | undefined,
  check: ResourceCheck,
): ResourceValidation {
  const validation: ResourceValidation & { __pulumiType?: string } = (args, report) => {
    if (args.type !== type) {
      return;
    }
    let findings: Finding[];
    try {
      findings = check(viewOf(args), withDefaults(schema, args.getConfig()));
    } catch (error) {
      findings = internalError(error);
    }
    reportFindings(report, findings);
  };
  validation.__pulumiType = type;
  return validation;
}

/**
 * The type a validation is tagged with (`__pulumiType`, as `checkResourcesOfType` and
 * `checkStack`'s `onlyWith` set it and @pulumi/policy's server reads it), or undefined.
 */
export function typeTagOf(validation: unknown): string | undefined {
  const tag = (validation as { __pulumiType?: unknown }).__pulumiType;
  return typeof tag === "string" ? tag : undefined;
}

/**
 * One resource validation out of several built by `checkResourcesOfType`, each for its type. A
 * policy given them as a list would cost more: @pulumi/policy 1.21 skips early only a single
 * validation tagged with one type, and builds a resource's arguments (options, provider, props
 * proxy) once per validation of a list, for every resource of every stack; this is built once.
 */
export function checkResourcesOfTypes(...validations: ResourceValidation[]): ResourceValidation {
  const byType = new Map<string, ResourceValidation[]>();
  for (const validation of validations) {
    const type = typeTagOf(validation);
    if (type === undefined) {
      throw new Error("checkResourcesOfTypes takes validations built by checkResourcesOfType");
    }
    byType.set(type, [...(byType.get(type) ?? []), validation]);
  }
  return (args, report) => {
    byType.get(args.type)?.forEach((validation) => validation(args, report));
  };
}

/**
 * A stack validation over the resources of the stack of the given types: the others are not
 * viewed at all (a view reveals every secret of a resource's properties, and a stack is mostly
 * resources these policies never look at).
 *
 * `reads.onlyWith`: a type without which the check can find nothing. It is attached as
 * `__pulumiType`: `@pulumi/policy` 1.21 then skips the policy before decoding the stack when no
 * resource of that type is in it (`server.js`, `makeAnalyzeStackRpcFun`), which otherwise decodes
 * every resource of the stack once per stack policy, whatever the policy reads (about 80 ms per
 * policy on a 5,000-resource stack). One type only: a check that can find something with either of
 * two types present cannot use it.
 */
export function checkStack(
  reads: StackReads,
  schema: PolicyConfigSchema | undefined,
  check: StackCheck,
): StackValidation {
  const { types, onlyWith } = reads;
  const validation: StackValidation & { __pulumiType?: string } = (args, report) => {
    let findings: Finding[];
    try {
      const resources = args.resources.filter((resource) => types.includes(resource.type));
      findings = check(resources.map(viewOf), withDefaults(schema, args.getConfig()));
    } catch (error) {
      findings = internalError(error);
    }
    reportFindings(report, findings);
  };
  if (onlyWith !== undefined) {
    validation.__pulumiType = onlyWith;
  }
  stackReads.set(validation, reads);
  return validation;
}

/** What each stack validation built by `checkStack` reads. */
const stackReads = new WeakMap<StackValidation, StackReads>();

/**
 * Every type some stack policy of `policies` reads; undefined when a stack policy was not built
 * by `checkStack` (what it reads is then unknown: it may read any resource).
 */
export function typesReadByStackPolicies(policies: Policies): Set<string> | undefined {
  const types = new Set<string>();
  for (const policy of policies) {
    if (!("validateStack" in policy)) {
      continue;
    }
    const reads = stackReads.get(policy.validateStack);
    if (reads === undefined) {
      return undefined;
    }
    reads.types.forEach((type) => types.add(type));
    // Its `onlyWith` too, which the server's skip looks for in the list.
    if (reads.onlyWith !== undefined) {
      types.add(reads.onlyWith);
    }
  }
  return types;
}
