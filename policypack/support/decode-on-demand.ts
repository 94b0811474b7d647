/**
 * Decodes a resource's properties only when a policy reads them, and once per request.
 *
 * @pulumi/policy 1.21 (`server.js`) decodes every resource's properties inside its loop over
 * policies: `makeAnalyzeRpcFun` and `makeAnalyzeStackRpcFun` call
 * `deserialize.deserializeProperties(r.getProperties(), false)` (and again for the resource's
 * provider, `getProviderResource`) for every policy, so a 5,000-resource AnalyzeStack is decoded
 * in full once per stack policy, though this pack's policies read only the ECR resources and
 * their providers. Here the decode hands back a stand-in that decodes on its first use, and the
 * same stand-in for the same protobuf `Struct` (the message hands out one `Struct` object per
 * field on every `getProperties()` call of a request; a WeakMap lets it go with the request).
 *
 * Sharing is safe because policies only read: each sees the properties through its own
 * `unknownCheckingProxy`, which does not write, and no policy of this pack writes to its arguments
 * (the tests' harness refuses any write: test/policypack/run-policy.ts `readOnly`). Remediation
 * decodes with `proxySecrets: true` and may rewrite what it is given: that path is left alone.
 *
 * @pulumi/policy calls the function through its module's exports object at each call
 * (`deserialize_1.deserializeProperties(...)`), so replacing the export is enough. If a later
 * version changes that shape, nothing is replaced and the pack works as before, only slower; a
 * test pins it for the version this repository ships with.
 */
import { createRequire } from "module";

type Properties = Record<string, unknown>;
type Decode = (struct: object, proxySecrets: boolean) => Properties;

interface DeserializeModule {
  deserializeProperties: Decode;
}

/** Whether decoding on demand is in place (for the test that pins it). */
export let installed = false;

/**
 * An object that behaves as `decodeNow()`'s result, calling it on the first operation: every
 * read, key listing and write is that of the decoded object.
 */
export function decodedOnDemand(decodeNow: () => Properties): Properties {
  let decoded: Properties | undefined;
  const value = () => (decoded ??= decodeNow());
  return new Proxy({} as Properties, {
    get: (_target, key) => Reflect.get(value(), key),
    has: (_target, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(value(), key),
    set: (_target, key, element) => Reflect.set(value(), key, element),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(value(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(value(), key),
  });
}

/** Replaces @pulumi/policy's decode with one that decodes on demand, once per `Struct`. */
export function decodeOnDemand(): void {
  let module: Partial<DeserializeModule>;
  try {
    // The module object itself (an ES import would hand over a copy of its exports), resolved as
    // @pulumi/policy's server resolves it.
    module = createRequire(__filename)("@pulumi/policy/deserialize") as Partial<DeserializeModule>;
  } catch {
    return;
  }
  const decode = module.deserializeProperties;
  if (installed || typeof decode !== "function") {
    return;
  }
  const standIns = new WeakMap<object, Properties>();
  module.deserializeProperties = (struct, proxySecrets) => {
    if (proxySecrets || typeof struct !== "object" || struct === null) {
      return decode(struct, proxySecrets);
    }
    let props = standIns.get(struct);
    if (props === undefined) {
      props = decodedOnDemand(() => decode(struct, proxySecrets));
      standIns.set(struct, props);
    }
    return props;
  };
  installed = true;
}
