/**
 * Validating component inputs that may be `pulumi.Input`s: at once when every value is already
 * known, so the constructor throws before anything is created; otherwise inside `apply`, as soon as
 * the values are known, so the dependent resource inputs fail with the same error.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  checkRegistryLocation,
  formatProblems,
  isPlainObject,
  regionProblem,
  ValidationError,
} from "./model/core";

/** `@pulumi/pulumi`'s `Output` implementation's constructor (`output.js` `OutputImpl`), not in its typings. */
type OutputImplementation = new <T>(
  resources: Set<pulumi.Resource>,
  promise: Promise<T>,
  isKnown: Promise<boolean>,
  isSecret: Promise<boolean>,
  allResources: Promise<Set<pulumi.Resource>>,
) => pulumi.Output<T>;

/** An output whose value is not known: what an input unknown at preview is in TypeScript. */
function unknownOutput(): pulumi.Output<never> {
  // As the provider host makes one for an input not known yet (`provider/server.js`
  // `deserializeInputs`, and `runtime/rpc.js` for an output value without a value).
  return new (pulumi.Output as unknown as OutputImplementation)<never>(
    new Set(),
    Promise.resolve(undefined as never),
    Promise.resolve(false),
    Promise.resolve(false),
    Promise.resolve(new Set()),
  );
}

/** True for an array or an object literal: what the provider host decodes the wire's values to. */
function isDataContainer(value: unknown): value is Record<string | symbol, unknown> | unknown[] {
  if (Array.isArray(value)) {
    return true;
  }
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `args` with every value unknown at preview that is not an `Output` (`pulumi.unknown`, at any
 * depth of its lists and object literals) replaced by an unknown output; `args` itself when there
 * is none. Only the provider host gives a component such a value: for an input another language's
 * program has not resolved yet, when the engine sends it without output values and no dependency
 * made the host wrap the whole input in an output (`provider/server.js` `deserializeInputs`). As
 * an output it is what an unknown is in TypeScript: validated once known, never read as a value.
 * Outputs, resources and functions are left as they are.
 */
export function unknownsAsOutputs<T>(args: T): T {
  if (pulumi.isUnknown(args)) {
    return unknownOutput() as T;
  }
  if (!isDataContainer(args)) {
    return args;
  }
  if (Array.isArray(args)) {
    const items = args.map((item: unknown) => unknownsAsOutputs(item));
    return items.every((item, index) => item === args[index]) ? args : (items as T);
  }
  let copy: Record<string | symbol, unknown> | undefined;
  for (const key of Object.keys(args)) {
    const value = unknownsAsOutputs(args[key]);
    if (value !== args[key]) {
      // A spread keeps symbol keys (./planned) too.
      copy ??= { ...args };
      copy[key] = value;
    }
  }
  return (copy ?? args) as T;
}

/** True if the value holds no `Output` or promise anywhere inside (arrays and plain objects are searched). */
export function isKnownNow(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.every(isKnownNow);
  }
  if (typeof value === "object" && value !== null) {
    return Object.values(value).every(isKnownNow);
  }
  return true;
}

/**
 * `build` applied to the unwrapped `input`. If `input` is known now, `build` runs immediately and
 * its error (a `ValidationError` naming the property path) is thrown to the caller; otherwise it
 * runs inside `apply` and its error rejects the returned output and every input derived from it.
 */
export function buildFromInput<T, R>(
  input: T,
  build: (value: pulumi.Unwrap<T>) => R,
): pulumi.Output<R> {
  if (isKnownNow(input)) {
    const built = build(input as pulumi.Unwrap<T>);
    return pulumi.output(input).apply(() => built);
  }
  return pulumi.output(input).apply((value) => build(value as pulumi.Unwrap<T>));
}

/**
 * Throws, as `title`, the problem of the argument at `path` naming the registry a resource is
 * written in, if it is not even an object (null, a string): used where other inputs are still
 * unknown and the build waits for them, since the resource's region is read from this argument
 * at once. The text is the build's own ({@link checkRegistryLocation}). An object passes, even one
 * whose fields are wrong or outputs: those are the build's to judge.
 */
export function throwIfNotRegistry(registry: unknown, path: string, title: string): void {
  if (!isPlainObject(registry)) {
    throw new ValidationError(checkRegistryLocation(registry, path), title);
  }
}

/** A region argument and the path the user wrote it at. */
export type RegionAt = readonly [region: pulumi.Input<unknown> | undefined, path: string];

/**
 * One warning per well-formed region the AWS SDK's partition metadata does not list (core
 * `regionProblem`), logged on `resource` once the region is known. Accepted, not refused: a region
 * newer than the installed SDK is real. A malformed region is the build's to refuse.
 */
export function warnOfUnlistedRegions(
  regions: readonly RegionAt[],
  resource: pulumi.Resource,
): void {
  for (const [region, path] of regions) {
    pulumi.output(region as pulumi.Input<string | undefined>).apply((value) => {
      const problem = regionProblem(value, path);
      if (problem !== undefined) {
        void pulumi.log.warn(formatProblems([problem]), resource);
      }
    });
  }
}

/** The regions of a source registry and of every route's destinations, with their paths. */
export function sourceAndDestinationRegions(source: unknown, routes: unknown): RegionAt[] {
  const regions: RegionAt[] = [];
  if (isPlainObject(source)) {
    regions.push([source.region, "source.region"]);
  }
  if (Array.isArray(routes)) {
    routes.forEach((route: unknown, r) => {
      if (isPlainObject(route) && Array.isArray(route.destinations)) {
        route.destinations.forEach((destination: unknown, d) => {
          if (isPlainObject(destination)) {
            regions.push([destination.region, `routes[${r}].destinations[${d}].region`]);
          }
        });
      }
    });
  }
  return regions;
}
