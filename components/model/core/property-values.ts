/**
 * Resource property values as the Pulumi engine hands them to an analyzer: plain JSON, except that
 * a value not known until apply is a sentinel string and a secret may arrive wrapped. Pure: no
 * Pulumi imports, so the policy pack and the offline preview read properties the same way.
 */

/**
 * The string that stands for an unknown string value during preview (Pulumi
 * `sdk/go/common/resource/plugin/rpc.go` `UnknownStringValue`): what `@pulumi/pulumi`'s
 * `runtime/rpc` `unknownValue` emits for any unknown, so the one tests and tools write.
 */
export const UNKNOWN_STRING_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The strings that stand for a value unknown during preview, one per type (Pulumi
 * `sdk/go/common/resource/plugin/rpc.go` `Unknown*Value`; the same list in `@pulumi/policy`
 * `proxy.js`).
 */
export const UNKNOWN_VALUE_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  UNKNOWN_STRING_VALUE, // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/**
 * The key and value that mark a wrapped secret `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value }`
 * (Pulumi `sdk/go/common/resource/sig`; `@pulumi/pulumi` `runtime/rpc` `specialSigKey`,
 * `specialSecretSig`).
 */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * True if the value is a plain object (not null, not an array): the one test the model, the pack
 * and the tools use for "a JSON object" before reading its properties.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True if the value is one of the engine's "unknown during preview" sentinels. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_VALUE_SENTINELS.has(value);
}

/** True if the value is a wrapped secret. */
export function isWrappedSecret(value: unknown): value is { value: unknown } {
  return isPlainObject(value) && value[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/**
 * The value with every wrapped secret replaced by what it wraps, at any depth. A policy judges the
 * content of a secret like any other value (it never prints more than a short quote of it).
 */
export function revealSecrets(value: unknown): unknown {
  if (isWrappedSecret(value)) {
    return revealSecrets(value.value);
  }
  if (Array.isArray(value)) {
    return value.map(revealSecrets);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
  }
  return value;
}

/** The property paths of every unknown value within `value`, depth first (`path` itself if it is). */
export function findUnknowns(value: unknown, path: string): string[] {
  if (isUnknown(value)) {
    return [path];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findUnknowns(item, `${path}[${i}]`));
  }
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) =>
      findUnknowns(item, path === "" ? key : `${path}.${key}`),
    );
  }
  return [];
}

/**
 * A provider property that may be JSON-encoded: `@pulumi/aws` sends non-string provider inputs
 * (`allowedAccountIds`, `assumeRoles`, ...) as JSON text (its `provider.js` applies
 * `JSON.stringify`), and stack configuration such as `aws:assumeRole` arrives as text too. Text
 * that is not JSON is returned unchanged.
 */
export function decodeProviderProperty(value: unknown): unknown {
  if (typeof value !== "string" || isUnknown(value)) {
    return value;
  }
  const text = value.trim();
  if (!text.startsWith("[") && !text.startsWith("{")) {
    return value;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}
