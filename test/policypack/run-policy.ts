/**
 * Runs one policy the way `@pulumi/policy`'s server does (props behind its unknown-checking proxy,
 * config as `getConfig` returns it, the reporter accepting a string or a policy-info object) and
 * collects every violation with the level it would be reported at.
 */
import {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";

import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../components/model/core";

/** A string unknown until apply, as the engine sends it (the specs' short name for it). */
export { UNKNOWN_STRING_VALUE as UNKNOWN } from "../../components/model/core";

/** A secret-wrapped value, as the engine sends it (any value, unlike the analyzer's wire `secret`). */
export function secret(value: unknown) {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** One reported violation. */
export interface Violation {
  message: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
}

/** A resource to analyze. */
export interface TestResource {
  type: string;
  props: Record<string, unknown>;
  urn?: string;
  provider?: { urn?: string; props: Record<string, unknown> };
}

const OPTIONS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/**
 * `value` behind a proxy that refuses every write at any depth: the server hands every policy the
 * same decoded properties (policypack/support/decode-on-demand.ts), so a policy must never write them.
 */
export function readOnly<T>(value: T, path = "props"): T {
  if (typeof value !== "object" || value === null) {
    return value;
  }
  const refuse = (key: string | symbol): never => {
    throw new TypeError(`a policy wrote to ${path}.${String(key)}`);
  };
  return new Proxy(value as object, {
    get: (target, key, receiver) =>
      readOnly(Reflect.get(target, key, receiver), `${path}.${String(key)}`),
    set: (_target, key) => refuse(key),
    defineProperty: (_target, key) => refuse(key),
    deleteProperty: (_target, key) => refuse(key),
  }) as T;
}

function urnOf(resource: TestResource, index: number): string {
  const name = `res${index}`;
  return resource.urn ?? `urn:pulumi:test::ecr::${resource.type}::${name}`;
}

function policyResource(resource: TestResource, index: number): PolicyResource {
  const urn = urnOf(resource, index);
  const result: PolicyResource = {
    type: resource.type,
    props: unknownCheckingProxy(readOnly(resource.props)),
    urn,
    name: urn.split("::").pop() ?? urn,
    opts: OPTIONS,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  };
  if (resource.provider !== undefined) {
    result.provider = {
      type: "pulumi:providers:aws",
      urn: resource.provider.urn ?? "urn:pulumi:test::ecr::pulumi:providers:aws::default",
      name: "default",
      props: unknownCheckingProxy(readOnly(resource.provider.props, "provider.props")),
    };
  }
  return result;
}

/**
 * The reporter `@pulumi/policy` hands a validation (server.js `makeReportViolationFun`): a string
 * message is prefixed with the policy's description; a policy-info object is taken as it is, its
 * level overriding the policy's.
 */
function collector(policy: Policy, into: Violation[]) {
  const level = policy.enforcementLevel ?? "advisory";
  return (message: unknown, urn?: string) => {
    const violation: Violation =
      typeof message === "object" && message !== null
        ? {
            message: (message as { message: string }).message,
            enforcementLevel:
              (message as { enforcementLevel?: EnforcementLevel }).enforcementLevel ?? level,
          }
        : { message: `${policy.description}\n${String(message)}`, enforcementLevel: level };
    const about = (message as { urn?: string } | null)?.urn ?? urn;
    if (about !== undefined) {
      violation.urn = about;
    }
    into.push(violation);
  };
}

/** Every violation a resource policy reports about one resource. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const report = collector(policy, violations);
  const target = policyResource(resource, 0);
  const args: ResourceValidationArgs = {
    type: target.type,
    props: target.props,
    urn: target.urn,
    name: target.name,
    opts: target.opts,
    provider: target.provider,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource === undefined
      ? []
      : [policy.validateResource];
  for (const validation of validations) {
    await validation(args, report);
  }
  return violations;
}

/** Every violation a stack policy reports about a stack of resources. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  await policy.validateStack(
    {
      resources: resources.map(policyResource),
      stackTags: new Map(),
      getConfig: <T extends object>() => config as T,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason}`);
      },
    },
    collector(policy, violations),
  );
  return violations;
}

/** `mandatory` violations with these messages, in order. */
export function mandatory(...messages: string[]): Violation[] {
  return messages.map((message) => ({ message, enforcementLevel: "mandatory" }));
}

/** `advisory` violations with these messages, in order. */
export function advisory(...messages: string[]): Violation[] {
  return messages.map((message) => ({ message, enforcementLevel: "advisory" }));
}
