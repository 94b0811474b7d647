/**
 * Property values as the Pulumi engine puts them on the wire to an analyzer: plain JSON, with
 * secrets wrapped in a signature object and unknown (computed) values as a sentinel string.
 * The constants are the ones @pulumi/pulumi's `runtime/rpc` and the Go engine's
 * `sdk/go/common/resource/plugin/rpc.go` use; @pulumi/policy's `deserialize` unwraps them. The
 * secret signature and the unknown sentinels are the pure model's (`property-values.ts`).
 */
import {
  isPlainObject,
  SECRET_SIGNATURE,
  SIGNATURE_KEY,
  UNKNOWN_STRING_VALUE,
} from "../../components/model/core";

/**
 * A value not known until the resource is created: `UNKNOWN_STRING_VALUE`, the string sentinel,
 * which is what `@pulumi/pulumi`'s `rpc.unknownValue` emits. @pulumi/policy throws when a policy
 * reads it and reports an advisory "can't run policy ... during preview".
 */
export { SECRET_SIGNATURE, SIGNATURE_KEY, UNKNOWN_STRING_VALUE };

/** The signature of a resource reference (`rpc.specialResourceSig`). */
export const RESOURCE_REFERENCE_SIGNATURE = "5cf8f73096256a8f31e491e813e4eb8e";
/** The signature of an output value (`rpc.specialOutputValueSig`). */
export const OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A JSON value as it travels in a `google.protobuf.Struct`. */
export type WireValue =
  null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** Wraps a value as a secret, the way the engine sends secret properties (KeepSecrets). */
export function secret(value: WireValue): WireValue {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/**
 * Converts a JavaScript value into the engine's wire form for an analyzer: `undefined` properties
 * are dropped (the engine never sends them), nested objects and arrays are converted element by
 * element, secret wrappers and the unknown sentinel pass through, and resource references become
 * the referenced resource's id (custom resources) or URN (components), as the engine's
 * `MarshalProperties` does without `KeepResources`. Throws on values JSON cannot carry.
 */
export function toWire(value: unknown, path = ""): WireValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new Error(`${path || "value"} must be a finite number, got ${String(value)}`);
    }
    return value;
  }
  if (Array.isArray(value)) {
    // An undefined array element becomes null, as in JSON.
    return value.map((element, index) =>
      element === undefined ? null : toWire(element, `${path}[${index}]`),
    );
  }
  if (isPlainObject(value)) {
    if (value[SIGNATURE_KEY] === RESOURCE_REFERENCE_SIGNATURE) {
      const id = value.id;
      return typeof id === "string" && id !== "" ? id : toWire(value.urn, `${path}.urn`);
    }
    if (value[SIGNATURE_KEY] === OUTPUT_VALUE_SIGNATURE) {
      // An output value: unknown unless it carries a value; secret if marked so.
      const inner = "value" in value ? toWire(value.value, `${path}.value`) : UNKNOWN_STRING_VALUE;
      return value.secret === true ? secret(inner) : inner;
    }
    const result: { [key: string]: WireValue } = {};
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) {
        result[key] = toWire(element, path === "" ? key : `${path}.${key}`);
      }
    }
    return result;
  }
  throw new Error(`${path || "value"} cannot be sent to an analyzer: ${typeof value}`);
}

/** Converts a property bag into the wire form (see {@link toWire}). */
export function toWireProperties(properties: Record<string, unknown>): {
  [key: string]: WireValue;
} {
  const wire = toWire(properties);
  if (!isPlainObject(wire)) {
    throw new Error("properties must be an object");
  }
  return wire;
}
