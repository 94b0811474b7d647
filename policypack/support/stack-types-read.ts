/**
 * Hands `@pulumi/policy`'s stack loop only the resources this pack's stack policies read.
 *
 * @pulumi/policy 1.21 (`server.js`, `makeAnalyzeStackRpcFun`) reads the request's resources once
 * (`req.getResourcesList()`), then, for each stack policy, builds an object per resource of the
 * whole stack (options, provider, dependencies, a props proxy) and links parents and dependencies
 * among them, before the policy sees any. This pack's stack policies declare the types they read
 * (`checkStack`'s `reads`, support/findings.ts) and never look at the rest, nor at the links: so
 * the list they are built from can be the resources of those types alone. On a 5,000-resource
 * stack with 300 ECR resources that is a twentieth of the objects, per stack policy, and of the
 * garbage they leave.
 *
 * The request message's `getResourcesList` (of the `@pulumi/pulumi/proto/analyzer_pb` that
 * @pulumi/policy's server loads) is replaced by one that filters by type. Nothing else in the pack
 * process reads an AnalyzeStack request. If the shape differs (another version), nothing is
 * replaced and the pack works as before, only slower; a spec pins it for the version shipped.
 */
import { createRequire } from "module";

interface ResourceMessage {
  getType(): string;
}

interface StackRequestClass {
  prototype: { getResourcesList(): ResourceMessage[] };
}

/** The AnalyzeStack request class @pulumi/policy's server uses, or undefined if not found. */
function stackRequestClass(): StackRequestClass | undefined {
  try {
    // Resolved from @pulumi/policy's server, so it is the very module object the server loaded.
    const server = createRequire(__filename).resolve("@pulumi/policy/server");
    const proto = createRequire(server)("@pulumi/pulumi/proto/analyzer_pb") as {
      AnalyzeStackRequest?: StackRequestClass;
    };
    const request = proto.AnalyzeStackRequest;
    return typeof request?.prototype?.getResourcesList === "function" ? request : undefined;
  } catch {
    return undefined;
  }
}

/**
 * From now on, stack policies are built from the resources of `types` only. Returns what undoes
 * it (for tests, which share one process), or undefined when nothing was replaced: no types known
 * (some stack policy does not declare what it reads), or a @pulumi/pulumi of another shape.
 */
export function readOnlyTypesInStacks(
  types: ReadonlySet<string> | undefined,
): (() => void) | undefined {
  const request = stackRequestClass();
  if (types === undefined || request === undefined) {
    return undefined;
  }
  const prototype = request.prototype;
  const everyResource = prototype.getResourcesList;
  prototype.getResourcesList = function (this: unknown) {
    return everyResource.call(this).filter((resource) => types.has(resource.getType()));
  };
  return () => {
    prototype.getResourcesList = everyResource;
  };
}
